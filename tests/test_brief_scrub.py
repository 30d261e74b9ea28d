"""What a model may see of a kickoff: no email, phone or person's name; brands, platforms and products kept."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from model_stub import EXAMPLE_TRANSCRIPTS, transcript_from_text, transcript_of

from mops.brief.grounding import verify_quote
from mops.brief.scrub import is_person_label, protected_names, scrub_transcript
from mops.pii.detector import PiiDetector
from mops.workspace import load_workspace

AMI = Path(os.environ.get("MOPS_AMI_CORPUS", "/work/shared/corpus/transcripts/ami"))
TEAM = ["Dana Lee", "Malte Sørensen", "Priya Nair", "Jonas Weber", "Lea Hoffmann"]
TEAM_WORDS = [word for name in TEAM for word in name.split()]

# What each meeting says that must not leave the machine, read off the files by a person.
PERSONAL = {
    "2026-q4_black-friday-kickoff.txt": [*TEAM_WORDS, "Katrin", "katrin.vogel@adpartner-mail.example", "040 5550 1234"],
    "2026-q3_autumn-hiking-kickoff.vtt": [*TEAM_WORDS, "Tobias", "m.keller.outdoor@webmail.example", "+49 160 5550 1987"],
    "2027-q1_winter-clearance-kickoff.txt": [*TEAM_WORDS, "Sven", "0170 5550123"],
    "ES2002a.txt": ["Laura", "David", "Andrew", "Craig"],
    "ES2003a.txt": ["Adam", "Duguid", "Ebenezer", "Ademesoye", "Tarik", "Rahman", "Dave", "Cochrane", "T_A_R_I_K_"],
    "ES2004a.txt": ["Sarah"],
    "ES2005a.txt": [],
    "ES2006a.txt": ["Cat", "Maarika", "Gaurav", "Jen"],
    "ES2007a.txt": [],
}
# Brand, platform and product names each example meeting uses, which a model needs to read.
KEPT = {
    "2026-q4_black-friday-kickoff.txt": ["Google", "Meta", "PMax", "Brevo", "Trail Pro 2", "Aurora", "Hytte", "Black Friday"],
    "2026-q3_autumn-hiking-kickoff.vtt": ["Meta", "Trail Pro 2", "Harz"],
    "2027-q1_winter-clearance-kickoff.txt": ["Meta", "PMax", "Aurora", "Trail Pro 2", "Bavaria"],
}


@pytest.fixture(scope="module")
def workspace():
    return load_workspace(EXAMPLE_TRANSCRIPTS.parent)


@pytest.fixture(scope="module")
def detector(workspace) -> PiiDetector:
    return PiiDetector(default_region=workspace.config.default_region, people=TEAM, protected_names=protected_names(workspace))


def _scrubbed_text(scrubbed) -> str:
    return "\n".join(f"{u.speaker}: {u.text}" for u in scrubbed.utterances)


def _left(words: list[str], text: str) -> list[str]:
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]


@pytest.mark.parametrize("name", sorted(n for n in PERSONAL if not n.startswith("ES")))
def test_example_kickoffs_keep_nothing_personal_and_every_brand_name(name, workspace, detector) -> None:
    transcript = transcript_of(EXAMPLE_TRANSCRIPTS / name)
    original = "\n".join(f"{u.speaker}: {u.text}" for u in transcript.utterances)
    assert _left(PERSONAL[name], original) == PERSONAL[name]  # the meeting does say each of them

    scrubbed = scrub_transcript(transcript, detector=detector, people=TEAM, protected=protected_names(workspace))
    text = _scrubbed_text(scrubbed)
    assert _left(PERSONAL[name], text) == []
    assert _left(KEPT[name], text) == KEPT[name]
    assert [u.id for u in scrubbed.utterances] == [u.id for u in transcript.utterances]
    assert [u.line for u in scrubbed.utterances] == [u.line for u in transcript.utterances]


@pytest.mark.parametrize("name", sorted(n for n in PERSONAL if n.startswith("ES")))
def test_real_meetings_keep_no_name(name) -> None:
    transcript = transcript_of(AMI / name)
    scrubbed = scrub_transcript(transcript, detector=PiiDetector(default_region="GB"))
    text = _scrubbed_text(scrubbed)
    assert _left(PERSONAL[name], _scrubbed_text(transcript)) == PERSONAL[name]
    assert _left(PERSONAL[name], text) == []
    # role labels are not names: the model still sees who speaks in which role
    assert {u.speaker for u in scrubbed.utterances} == {"Project Manager", "Marketing", "Industrial Designer", "User Interface"}
    # the figures and products the meeting is about are all still there
    without_placeholders = re.sub(r"\[[A-Z]+_\d+\]", "", text)
    assert re.findall(r"\d+|Euros?|remote control", without_placeholders) == re.findall(
        r"\d+|Euros?|remote control", "\n".join(f"{u.speaker}: {u.text}" for u in transcript.utterances)
    )


def test_introduced_names_are_found_in_every_later_utterance() -> None:
    transcript = transcript_of(AMI / "ES2002a.txt")
    scrubbed = scrub_transcript(transcript, detector=PiiDetector(default_region="GB"))
    intro = {u.id: u.text for u in scrubbed.utterances}
    assert intro["u3"] == "I'm [PERSON_1] and I'm the project manager. Do you want to introduce yourself again?"
    assert "So that's [PERSON_2], [PERSON_3] and [PERSON_4], isn't it?" in intro["u10"]
    assert scrubbed.mapping == {"[PERSON_1]": "Laura", "[PERSON_2]": "David", "[PERSON_3]": "Andrew", "[PERSON_4]": "Craig"}


KICKOFF = """
Priya Nair: Okay, spring sale kickoff. Jonas, you're on?
Jonas Weber: Yes. Twelve thousand euros, that's what finance gave us.
Priya Nair: Good. Jonas owns reporting. The Google rep, Katrin, wants a call; her mail is katrin.v@partner.example.
Will Brandt: I'll take Meta. Will we use Brevo for the two sends?
Priya Nair: Yes. Nair is on the invite too, my sister, ignore that. Priya's calendar is full, ask Will.
"""


def test_one_person_is_one_placeholder_restored_as_the_full_name() -> None:
    transcript = transcript_from_text(KICKOFF)
    scrubbed = scrub_transcript(transcript, detector=PiiDetector(default_region="DE"), protected=["Meta", "Brevo"])
    by_id = {u.id: u for u in scrubbed.utterances}
    assert by_id["u1"].speaker == "[PERSON_1]" and by_id["u1"].text == "Okay, spring sale kickoff. [PERSON_2], you're on?"
    assert by_id["u2"].speaker == "[PERSON_2]"
    assert by_id["u3"].text == (
        "Good. [PERSON_2] owns reporting. The Google rep, [PERSON_3], wants a call; her mail is [EMAIL_1]."
    )
    # "Will" the person, not the verb: a first name that is an everyday word is left at a sentence's start
    assert by_id["u4"].speaker == "[PERSON_4]"
    assert by_id["u4"].text == "I'll take Meta. Will we use Brevo for the two sends?"
    assert by_id["u5"].text == "Yes. [PERSON_1] is on the invite too, my sister, ignore that. [PERSON_1]'s calendar is full, ask [PERSON_4]."
    assert scrubbed.restore("[PERSON_2] owns reporting, [PERSON_4] Meta") == "Jonas Weber owns reporting, Will Brandt Meta"
    assert scrubbed.restore("write to [EMAIL_1]") == "write to katrin.v@partner.example"


def test_a_quote_with_placeholders_comes_back_as_the_words_said() -> None:
    transcript = transcript_from_text(KICKOFF)
    scrubbed = scrub_transcript(transcript, detector=PiiDetector(default_region="DE"))
    quote = scrubbed.restore_quote("u3", "[PERSON_2] owns  reporting.")
    assert quote == "Jonas owns reporting."  # the first name as said, not the full name
    assert verify_quote(transcript, "u3", quote) is not None
    # not in that utterance: restored plainly, and the check against the original fails
    wrong = scrubbed.restore_quote("u2", "[PERSON_2] owns reporting.")
    assert wrong == "Jonas Weber owns reporting." and verify_quote(transcript, "u2", wrong) is None


def test_the_mapping_is_not_in_the_repr() -> None:
    scrubbed = scrub_transcript(transcript_from_text(KICKOFF), detector=PiiDetector(default_region="DE"))
    shown = repr(scrubbed)
    assert "Katrin" not in shown and "katrin.v@partner.example" not in shown and "Priya" not in shown


@pytest.mark.parametrize(
    ("label", "person"),
    [("Priya Nair", True), ("Jonas", True), ("Xiaoling Chen", True), ("Project Manager", False), ("Marketing", False),
     ("User Interface", False), ("Industrial Designer", False), ("Speaker 2", False), ("SPEAKER_00", False)],
)  # fmt: skip
def test_speaker_labels_that_name_a_role_are_not_names(label: str, person: bool) -> None:
    assert is_person_label(label) is person


def test_a_workspace_person_is_scrubbed_wherever_named() -> None:
    transcript = transcript_from_text("Host: Welcome. Malte Sørensen sends his apologies; Sørensen will read the notes.")
    scrubbed = scrub_transcript(transcript, detector=PiiDetector(default_region="DE"), people=["Malte Sørensen"])
    assert scrubbed.utterances[0].speaker == "Host"
    assert scrubbed.utterances[0].text == "Welcome. [PERSON_1] sends his apologies; [PERSON_1] will read the notes."


def test_a_name_no_list_holds_is_scrubbed_by_what_people_do() -> None:
    from mops.brief.transcript import parse_transcript

    transcript = parse_transcript(
        "Ann Smith: Okonkwo from the agency will send the feed. Ask Zbigniewa about the stock.\n"
        "Bob Jones: Finance will send the numbers, Meta said yes, and Hamburg is fine.\n",
        fmt="txt", display="k.txt",
    )
    scrubbed = scrub_transcript(transcript, detector=PiiDetector(default_region="DE"), people=[], protected=["Meta"])
    sent = " ".join(u.text for u in scrubbed.utterances)
    assert "Okonkwo" not in sent and "Zbigniewa" not in sent
    assert "Finance will send" in sent and "Meta said yes" in sent and "Hamburg" in sent  # teams, platforms, places stay
    assert scrubbed.restore(sent).count("Okonkwo") == 1
