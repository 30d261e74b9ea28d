"""Transcript parsing: who said what, on which line, in every format a kickoff meeting is exported in.

Fixtures under tests/data/transcripts/ are hand-written in the shapes Teams, Zoom, Otter and SubRip
tools produce; encodings, line ends and broken files are written byte by byte in the tests.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import pytest

from mops.brief.transcript import Transcript, Utterance, load_transcript, parse_transcript
from mops.errors import InputError, UsageError

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "workspace" / "transcripts"
FIXTURES = Path(__file__).resolve().parent / "data" / "transcripts"
AMI = REPO.parent / "shared" / "corpus" / "transcripts" / "ami"
AMI_FILES = sorted(AMI.glob("*.txt"))
AMI_ROLES = {"Project Manager", "Marketing", "Industrial Designer", "User Interface"}


def load(name: str) -> Transcript:
    return load_transcript(FIXTURES / name, display=f"transcripts/{name}")


def said(transcript: Transcript) -> list[tuple[str | None, str]]:
    return [(u.speaker, u.text) for u in transcript.utterances]


def at_line(transcript: Transcript, line: int) -> Utterance:
    (found,) = [u for u in transcript.utterances if u.line == line]
    return found


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def input_error(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        load_transcript(path, display=f"transcripts/{path.name}")
    return caught.value


# --- the example workspace's kickoffs ------------------------------------------------------------


def test_black_friday_kickoff_has_one_utterance_per_line_with_its_speaker() -> None:
    transcript = load_transcript(EXAMPLES / "2026-q4_black-friday-kickoff.txt", display="transcripts/bf.txt")
    lines = (EXAMPLES / "2026-q4_black-friday-kickoff.txt").read_text(encoding="utf-8").splitlines()
    assert transcript.format == "txt"
    assert lines[0] == "Date: 2026-10-05" and transcript.metadata == {"date": "2026-10-05"}  # a header, not an utterance
    assert len(transcript.utterances) == sum(1 for line in lines[1:] if line.strip())
    budget = at_line(transcript, 11)
    assert budget.speaker == "Malte Sørensen"
    assert budget.text == "So finance signed off on fifty-two thousand euros total. That's up from forty-eight last year."
    reserve = at_line(transcript, 24)
    assert (reserve.id, reserve.speaker) == ("u22", "Dana Lee")
    assert reserve.text == "Fine by me. Write down that Malte decides on the reserve."
    recap = at_line(transcript, 102)
    assert recap.speaker == "Priya Nair" and "Recap: fifty-two k" in recap.text
    assert set(transcript.speakers) == {"Priya Nair", "Jonas Weber", "Dana Lee", "Malte Sørensen", "Lea Hoffmann"}
    assert [u.id for u in transcript.utterances[:3]] == ["u1", "u2", "u3"]


def test_winter_clearance_kickoff_speakers_and_lines() -> None:
    transcript = load_transcript(EXAMPLES / "2027-q1_winter-clearance-kickoff.txt")
    assert transcript.path == str(EXAMPLES / "2027-q1_winter-clearance-kickoff.txt")  # no display: the path as given
    assert transcript.metadata == {"date": "2026-11-25"}
    assert at_line(transcript, 21).speaker == "Dana Lee"
    assert at_line(transcript, 21).text.startswith("Put it as twenty-two to twenty-four")
    mobile = at_line(transcript, 79)
    assert mobile.speaker == "Jonas Weber" and "His mobile is 0170 5550123" in mobile.text
    assert (at_line(transcript, 80).speaker, at_line(transcript, 80).text) == ("Dana Lee", "Jonas, you take that.")


def test_autumn_hiking_vtt_reads_voices_header_and_the_malformed_timestamp() -> None:
    transcript = load_transcript(EXAMPLES / "2026-q3_autumn-hiking-kickoff.vtt", display="transcripts/autumn.vtt")
    assert transcript.format == "vtt"
    assert transcript.metadata == {"kind": "captions", "language": "en", "date": "2026-07-06"}
    assert len(transcript.utterances) == 46  # one per cue: every cue ends its sentence
    first = transcript.utterances[0]
    assert (first.speaker, first.line, first.start, first.end) == ("Priya Nair", 7, 3.2, 9.629)
    # cue timing "00:01:10.1000 --> 00:01:12.1000": an over-long fraction, read as 70.1 s
    who = at_line(transcript, 40)
    assert (who.speaker, who.text, who.start, who.end) == ("Lea Hoffmann", "Who is it?", 70.1, 72.1)
    recap = at_line(transcript, 139)
    assert recap.speaker == "Priya Nair"  # "Recap:" inside the cue is something said, not a speaker
    assert recap.text.startswith("Right. Recap: eighteen k, seventh of September")
    assert "Malte Sørensen" in transcript.speakers and "Recap" not in transcript.speakers


# --- the AMI meetings (real, nobody here wrote them) ----------------------------------------------


@pytest.mark.parametrize("path", AMI_FILES, ids=[p.stem for p in AMI_FILES])
def test_ami_meeting_reads_one_utterance_per_line_with_role_speakers(path: Path) -> None:
    transcript = load_transcript(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(transcript.utterances) == sum(1 for line in lines if line.strip())
    assert set(transcript.speakers) == AMI_ROLES
    for utterance in transcript.utterances:
        assert lines[utterance.line - 1] == f"{utterance.speaker}: {utterance.text}"


def test_the_six_ami_meetings_are_there() -> None:
    assert len(AMI_FILES) == 6


# --- WebVTT ---------------------------------------------------------------------------------------


def test_teams_vtt_voices_ids_notes_styles_tags_and_entities() -> None:
    transcript = load("teams.vtt")
    assert transcript.metadata == {"title": "Spring sale kickoff", "kind": "captions", "language": "en-GB"}
    assert said(transcript) == [
        ("Dana Lee", "So finance signed off on fifty-two thousand euros total. That's up from forty-eight."),
        ("Dana Lee", "Search & PMax get half."),
        ("Malte Sørensen", "Half is a lot for search, but it's where the return is."),
        ("Priya Nair", "Agreed."),
        ("Jonas Weber", "Fine by me."),
        ("Lea Hoffmann", "Copy by Friday, <not> later."),
        ("Jonas Weber", "I'll pull the list"),
    ]


def test_cues_cut_mid_sentence_are_joined_with_each_piece_on_its_line() -> None:
    joined = load("teams.vtt").utterances[0]
    assert (joined.line, joined.start, joined.end) == (17, 1.0, 7.9)
    assert joined.line_starts == ((0, 17), (len("So finance signed off on fifty-two "), 21))
    assert joined.line_of(joined.text.index("thousand euros")) == 21
    assert joined.line_of(joined.text.index("fifty-two")) == 17


def test_a_cue_ending_its_sentence_is_not_joined_to_the_next_by_the_same_speaker() -> None:
    transcript = load("teams.vtt")
    assert [u.line for u in transcript.utterances[:2]] == [17, 25]


def test_multi_line_cue_is_one_utterance_mapped_to_both_lines() -> None:
    malte = load("teams.vtt").utterances[2]
    assert malte.line_starts == ((0, 29), (len("Half is a lot for search, "), 30))
    assert malte.line_of(malte.text.index("return")) == 30


def test_several_voices_in_one_cue_are_several_utterances_with_the_cue_times() -> None:
    transcript = load("teams.vtt")
    agreed, fine = transcript.utterances[3], transcript.utterances[4]
    assert (agreed.line, fine.line) == (34, 34)
    assert (agreed.start, agreed.end, fine.start, fine.end) == (16.5, 19.0, 16.5, 19.0)


def test_voice_without_closing_tag_runs_to_the_next_voice() -> None:
    transcript = load("teams.vtt")
    assert [(u.speaker, u.line) for u in transcript.utterances[5:]] == [("Lea Hoffmann", 40), ("Jonas Weber", 41)]


def test_zoom_vtt_names_inside_cues_and_the_gap_that_stops_a_join() -> None:
    transcript = load("zoom.vtt")
    assert said(transcript) == [
        ("Dana Lee", "Okay, let's start with the budget. Recap: we have fifty-two k in total."),
        ("Jonas Weber", "Twenty-six k for search, twenty-one for Meta."),
        ("Jonas Weber", "Email gets"),  # six seconds of silence before "three and a half."
        ("Jonas Weber", "three and a half."),
        ("Malte Sørensen", "Fifteen hundred reserve."),
    ]
    assert transcript.utterances[0].line_starts == ((0, 5), (len("Okay, let's start with the budget. Recap: we "), 9))
    assert transcript.speakers == ["Dana Lee", "Jonas Weber", "Malte Sørensen"]


def test_vtt_with_bom_crlf_and_no_blank_line_after_the_header(tmp_path: Path) -> None:
    text = "WEBVTT\r\n1\r\n00:01.000 --> 00:04.000\r\n<v Dana Lee>Budget is ten k.</v>\r\n"
    transcript = load_transcript(write(tmp_path, "k.vtt", b"\xef\xbb\xbf" + text.encode()))
    assert [(u.speaker, u.text, u.line, u.start, u.end) for u in transcript.utterances] == [
        ("Dana Lee", "Budget is ten k.", 4, 1.0, 4.0)
    ]


def test_captions_without_speakers_or_punctuation_are_one_utterance_per_cue(tmp_path: Path) -> None:
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nso the budget is\n\n00:00:02.000 --> 00:00:03.000\nfifty two k\n"
    transcript = load_transcript(write(tmp_path, "auto.vtt", text.encode()))
    assert said(transcript) == [(None, "so the budget is"), (None, "fifty two k")]


def test_vtt_in_a_txt_file_is_read_as_vtt(tmp_path: Path) -> None:
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Dana Lee>Hello.</v>\n"
    transcript = load_transcript(write(tmp_path, "export.txt", text.encode()))
    assert transcript.format == "vtt"
    assert said(transcript) == [("Dana Lee", "Hello.")]


# --- SubRip ---------------------------------------------------------------------------------------


def test_srt_speakers_in_every_marking_and_tags_removed() -> None:
    transcript = load("subtitles.srt")
    assert transcript.format == "srt"
    assert said(transcript) == [
        ("Dana Lee", "Black Friday is the twenty-seventh."),
        ("Jonas Weber", "Twenty-seventh of November, yes. Thanksgiving is the twenty-sixth."),
        ("Priya Nair", "Early access on the sixteenth?"),
        ("Malte Sørensen", "Works for me."),
        ("Lea Hoffmann", "I need the offer this week."),
        ("Dana Lee", "Then we settle it before we go to channels."),
    ]
    assert [(u.line, u.start, u.end) for u in transcript.utterances] == [
        (3, 1.0, 4.0), (7, 4.5, 8.25), (12, 9.0, 11.0), (13, 9.0, 11.0), (17, 11.5, 13.0), (21, 13.2, 17.0)
    ]
    assert transcript.utterances[-1].line_starts == ((0, 21), (len("Then we settle it "), 25))


def test_srt_dialogue_dashes_without_names_are_separate_utterances(tmp_path: Path) -> None:
    text = "1\n00:00:01,000 --> 00:00:03,000\n- Is the budget final?\n- Not yet\n"
    transcript = load_transcript(write(tmp_path, "d.srt", text.encode()))
    assert [(u.speaker, u.text, u.line) for u in transcript.utterances] == [
        (None, "Is the budget final?", 3), (None, "Not yet", 4)
    ]


def test_srt_content_in_a_txt_file_is_read_as_srt(tmp_path: Path) -> None:
    text = "1\r\n00:00:01,000 --> 00:00:02,500\r\nDana Lee: Hello.\r\n"
    transcript = load_transcript(write(tmp_path, "subs.txt", text.encode()))
    assert transcript.format == "srt"
    assert [(u.speaker, u.text, u.end) for u in transcript.utterances] == [("Dana Lee", "Hello.", 2.5)]


# --- plain text -----------------------------------------------------------------------------------


def test_header_block_is_metadata_and_unlabelled_lines_continue_the_speaker() -> None:
    transcript = load("header.txt")
    assert transcript.metadata == {
        "title": "Black Friday kickoff",
        "date": "12 October 2026",
        "attendees": "Dana Lee, Malte Sørensen, Priya Nair",
    }
    assert said(transcript) == [
        ("Dana Lee", "Let's keep this short."),
        ("Malte Sørensen", "Finance signed off on fifty-two thousand euros, which is up from forty-eight. "
         "Recap: fifty-two k, half to search."),
        ("Priya Nair", "Good. I'll write the brief. Note: the offer is still open."),
        ("Dana Lee", "Agreed."),
    ]
    malte = transcript.utterances[1]
    assert (malte.line, malte.line_of(malte.text.index("which")), malte.line_of(malte.text.index("Recap"))) == (6, 7, 8)


def test_one_odd_note_line_does_not_make_a_speaker_in_an_unlabelled_file() -> None:
    transcript = load("notes.txt")
    assert transcript.speakers == []
    assert [u.text for u in transcript.utterances] == [
        "Kickoff for the spring sale.",
        "Budget is thirty thousand euros.",
        "Note: legal has to see the offer.",
        "Search and Meta, one newsletter.",
        "The flight is the whole of March.",
    ]
    assert [u.line for u in transcript.utterances] == [1, 2, 3, 4, 5]


def test_wrapped_paragraphs_without_labels_are_one_utterance_each() -> None:
    transcript = load("paragraphs.txt")
    assert said(transcript) == [
        (None, "We went through the budget first. Finance signed off on fifty-two thousand euros, half of it for search."),
        (None, "Dates were settled next: early access from the sixteenth of November, public from the twenty-third."),
        (None, "The offer is still open."),
    ]
    assert [u.line_starts[-1][1] for u in transcript.utterances] == [2, 5, 7]


def test_otter_layout_name_and_time_above_the_words() -> None:
    transcript = load("otter.txt")
    assert [(u.speaker, u.text, u.line, u.start) for u in transcript.utterances] == [
        ("Dana Lee", "Okay, so this is the winter clearance kickoff. We have twenty-two thousand euros.", 2, 3.0),
        ("Dana Lee", "Maybe twenty-four, pending finance.", 6, 9.0),
        ("Jonas Weber", "Search and Meta, no PMax.", 9, 15.0),
        ("Speaker 3", "Can I join?", 12, 21.0),
    ]


def test_zoom_text_layout_times_of_day_become_seconds_from_the_first() -> None:
    transcript = load("zoom-transcript.txt")
    assert [(u.speaker, u.text, u.line, u.start) for u in transcript.utterances] == [
        ("Dana Lee", "Let's start with the dates.", 2, 0.0),
        ("Jonas Weber", "Monday January fourth, with low budgets.", 5, 8.0),
        ("Malte Sørensen", "Ramp on the eleventh.", 8, 17.0),
    ]


def test_timestamped_lines_bracketed_or_bare() -> None:
    transcript = load("timestamped.txt")
    assert [(u.speaker, u.text, u.start) for u in transcript.utterances] == [
        ("Dana Lee", "Budget first.", 5.0),
        ("Malte Sørensen", "Fifty-two thousand euros.", 62.0),
        ("Jonas Weber", "Twenty-six for search.", 70.0),
        ("Priya Nair", "And the offer?", 90.0),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Recap: fifty-two k, half to search.",
        "Budget: fifty-two thousand",
        "Note: ask legal",
        "so the plan: search first",
        "See https://www.fjordline.example/sale for the offer",
        "Call 2: the agency",
        "10:30: we meet again",
    ],
)
def test_label_that_is_not_a_name_continues_the_utterance(line: str) -> None:
    text = f"Dana Lee: First point.\n{line}\nJonas Weber: Second point.\nDana Lee: Third.\n"
    transcript = parse_transcript(text, fmt="txt", display="k.txt")
    assert said(transcript) == [("Dana Lee", f"First point. {line}"), ("Jonas Weber", "Second point."), ("Dana Lee", "Third.")]


@pytest.mark.parametrize("label", ["Dana Lee", "Malte Sørensen", "Anna van der Berg", "Project Manager", "Weber, Jonas",
                                   "Dana Lee (Guest)", "Speaker 2", "O'Brien", "Jean-Luc Picard"])
def test_names_and_roles_are_speakers(label: str) -> None:
    text = f"{label}: The budget is ten k.\nJonas Weber: Fine.\n"
    transcript = parse_transcript(text, fmt="txt", display="k.txt")
    assert said(transcript) == [(label, "The budget is ten k."), ("Jonas Weber", "Fine.")]


def test_two_people_talking_between_long_wrapped_monologues_stay_labelled() -> None:
    monologue = "\n".join(f"and then point number {word} of the plan," for word in "one two three four five six seven eight nine ten".split())
    text = f"Dana Lee: So.\n{monologue}\nJonas Weber: Right.\n{monologue}\nDana Lee: Done.\nJonas Weber: Good.\n"
    transcript = parse_transcript(text, fmt="txt", display="k.txt")
    assert [u.speaker for u in transcript.utterances] == ["Dana Lee", "Jonas Weber", "Dana Lee", "Jonas Weber"]
    assert transcript.utterances[0].line_starts[-1][1] == 11


def test_bare_time_marks_between_utterances_are_not_speech() -> None:
    text = "00:00:00\nDana Lee: Budget first.\n\n00:05:00\nJonas Weber: Fifty-two k.\n[00:10:00]\nDana Lee: Done.\n"
    transcript = parse_transcript(text, fmt="txt", display="meet.txt")
    assert said(transcript) == [("Dana Lee", "Budget first."), ("Jonas Weber", "Fifty-two k."), ("Dana Lee", "Done.")]


def test_single_line_transcript_with_a_label() -> None:
    transcript = parse_transcript("Dana Lee: Budget is ten k.", fmt="auto", display="-")
    assert (transcript.format, said(transcript)) == ("txt", [("Dana Lee", "Budget is ten k.")])


def test_label_alone_on_its_line_takes_the_words_below(tmp_path: Path) -> None:
    text = "Dana Lee:\nBudget is ten k.\nJonas Weber:\nFine.\n"
    transcript = load_transcript(write(tmp_path, "k.txt", text.encode()))
    assert [(u.speaker, u.text, u.line) for u in transcript.utterances] == [
        ("Dana Lee", "Budget is ten k.", 2), ("Jonas Weber", "Fine.", 4)
    ]


# --- encodings and line ends ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        "Malte Sørensen: Fünfzig Euro.\nJonas Weber: Gut.\n".encode("utf-8"),
        b"\xef\xbb\xbf" + "Malte Sørensen: Fünfzig Euro.\r\nJonas Weber: Gut.\r\n".encode("utf-8"),
        "\ufeffMalte Sørensen: Fünfzig Euro.\r\nJonas Weber: Gut.\r\n".encode("utf-16-le"),
        "\ufeffMalte Sørensen: Fünfzig Euro.\nJonas Weber: Gut.\n".encode("utf-16-be"),
        "Malte Sørensen: Fünfzig Euro.\rJonas Weber: Gut.\r".encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom-crlf", "utf16le-bom", "utf16be-bom", "cp1252-cr"],
)
def test_encodings_and_line_ends(tmp_path: Path, data: bytes) -> None:
    transcript = load_transcript(write(tmp_path, "k.txt", data))
    assert [(u.speaker, u.text, u.line) for u in transcript.utterances] == [
        ("Malte Sørensen", "Fünfzig Euro.", 1), ("Jonas Weber", "Gut.", 2)
    ]


# --- Teams .docx ----------------------------------------------------------------------------------


def test_teams_docx(tmp_path: Path) -> None:
    import docx  # python-docx, the `docx` extra

    document = docx.Document()
    for text in [
        "Black Friday kickoff-20261012_100000-Meeting Recording",
        "October 12, 2026, 10:00AM",
        "45m 3s",
        "Dana Lee started transcription",
        "Dana Lee   0:03",
        "Okay, budget first.",
        "Malte Sørensen   0:09",
        "Fifty-two thousand euros.",
        "0:01:12 Jonas Weber",
        "Twenty-six for search.",
    ]:
        document.add_paragraph(text)
    broken = document.add_paragraph("Half goes to")
    broken.add_run().add_break()
    broken.add_run("search.")
    path = tmp_path / "kickoff.docx"
    document.save(str(path))
    transcript = load_transcript(path, display="transcripts/kickoff.docx")
    assert transcript.format == "docx"
    assert transcript.metadata == {
        "title": "Black Friday kickoff-20261012_100000-Meeting Recording",
        "date": "October 12, 2026, 10:00AM",
        "duration": "45m 3s",
    }
    assert [(u.speaker, u.text, u.line, u.start) for u in transcript.utterances] == [
        ("Dana Lee", "Okay, budget first.", 6, 3.0),
        ("Malte Sørensen", "Fifty-two thousand euros.", 8, 9.0),
        ("Jonas Weber", "Twenty-six for search. Half goes to search.", 10, 72.0),
    ]
    assert transcript.utterances[-1].line_starts[1:] == ((23, 11), (36, 12))


def test_docx_without_python_docx_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "kickoff.docx", b"PK\x03\x04word/document.xml")
    monkeypatch.setitem(sys.modules, "docx", None)  # as if python-docx were not installed
    error = input_error(path)
    assert "python-docx" in error.message and "pip install 'mops[docx]'" in (error.hint or "")


def test_broken_docx_is_an_input_error(tmp_path: Path) -> None:
    error = input_error(write(tmp_path, "kickoff.docx", b"PK\x03\x04 not really a zip"))
    assert error.message.startswith("not a readable Word document") and error.path == "transcripts/kickoff.docx"


# --- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\n\t\r\n", b"\xef\xbb\xbf\n", "\ufeff \n".encode("utf-16-le")])
def test_empty_transcript(tmp_path: Path, data: bytes) -> None:
    error = input_error(write(tmp_path, "k.txt", data))
    assert (error.message, error.path, error.line) == ("the transcript is empty", "transcripts/k.txt", 1)
    assert error.hint


def test_binary_file_names_the_line_of_the_first_nul(tmp_path: Path) -> None:
    error = input_error(write(tmp_path, "k.txt", b"Dana Lee: hi\nJonas Weber: ho\n\x89PNG\x00\x00\x01"))
    assert error.line == 3 and "binary" in error.message
    assert error.render().startswith("transcripts/k.txt:3: error: binary file")


def test_undecodable_text_names_its_line(tmp_path: Path) -> None:
    # invalid UTF-8, and cp1252 would read a control character: not text
    error = input_error(write(tmp_path, "k.txt", b"Dana Lee: hi\nJonas \x81\x05 Weber: ho\n"))
    assert error.line == 2 and "UTF-8" in error.message and "UTF-8" in (error.hint or "")


def test_unreadable_cue_timing_names_its_line(tmp_path: Path) -> None:
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi.\n\n12\n00:0x:10 --> 00:00:12.000\nHo.\n"
    error = input_error(write(tmp_path, "k.vtt", text.encode()))
    assert error.render().splitlines()[0] == "transcripts/k.vtt:7: error: cue timing not understood: '00:0x:10 --> 00:00:12.000'"
    assert "00:01:02.000 --> 00:01:05.000" in (error.hint or "")


def test_vtt_without_cues(tmp_path: Path) -> None:
    error = input_error(write(tmp_path, "k.vtt", b"WEBVTT\n\nDana Lee: hi\n"))
    assert (error.message, error.line) == ("no cue found in this WebVTT file", 3)


def test_srt_without_cues(tmp_path: Path) -> None:
    error = input_error(write(tmp_path, "k.srt", b"Dana Lee: hi\nJonas Weber: ho\n"))
    assert (error.message, error.line) == ("no cue found in this SubRip file", 1)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("k.txt", b"Title: Kickoff\nDate: 2026-10-12\n"),
        ("k.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Dana Lee></v>\n"),
    ],
)
def test_no_utterance_at_all(tmp_path: Path, name: str, data: bytes) -> None:
    error = input_error(write(tmp_path, name, data))
    assert error.message == "no utterance found in the transcript" and error.hint


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert input_error(tmp_path / "nope.txt").message == "no such file"
    (tmp_path / "folder.txt").mkdir()
    assert "folder" in input_error(tmp_path / "folder.txt").message


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        parse_transcript("Dana Lee: hi", fmt="pdf", display="-")


# --- every utterance can be found back in its file ------------------------------------------------


def _files() -> list[Path]:
    return sorted(FIXTURES.iterdir()) + sorted(EXAMPLES.iterdir()) + AMI_FILES


def _visible(line: str) -> str:
    """A file line as a reader sees it: tags and SubRip codes removed, entities decoded."""
    line = re.sub(r"<[^>]*>", "", line)
    line = re.sub(r"\{\\[^}]*\}", "", line)
    return html.unescape(line).replace("\xa0", " ")


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_every_utterance_is_in_the_file_on_the_lines_it_points_at(path: Path) -> None:
    transcript = load_transcript(path)
    lines = [_visible(line) for line in re.split(r"\r\n|\r|\n", path.read_text(encoding="utf-8-sig"))]
    assert transcript.utterances
    for utterance in transcript.utterances:
        assert utterance.line == utterance.line_starts[0][1] == utterance.line_of(0)
        bounds = [offset for offset, _ in utterance.line_starts] + [len(utterance.text) + 1]
        pieces = []
        for (offset, line), end in zip(utterance.line_starts, bounds[1:]):
            piece = utterance.text[offset : end - 1]
            assert piece and piece == piece.strip()
            assert piece in lines[line - 1], (utterance.id, line)
            assert utterance.line_of(offset) == line and utterance.line_of(end - 2) == line
            pieces.append(piece)
        assert " ".join(pieces) == utterance.text


# --- many short cues (their parse time is printed by benchmarks/brief.py, never timed here) -------------


def test_ten_thousand_words_of_short_teams_cues_join_into_one_utterance_per_sentence_run() -> None:
    # the slowest shape: Teams cuts a cue every few words; consecutive cues of one speaker join
    words = ("so finance signed off on fifty-two thousand euros total and search gets half of it " * 800).split()
    cues = [
        f"id-{i}/0\n00:{i // 240 % 60:02d}:{i // 4 % 60:02d}.000 --> 00:{i // 240 % 60:02d}:{i // 4 % 60:02d}.900\n"
        f"<v Dana Lee>{' '.join(words[i : i + 4])}{'.' if i % 40 == 36 else ''}</v>"
        for i in range(0, len(words), 4)
    ]
    text = "WEBVTT\n\n" + "\n\n".join(cues)
    transcript = parse_transcript(text, fmt="vtt", display="k.vtt")
    assert transcript.word_count == len(words) >= 10_000
    assert len(transcript.utterances) == len(cues) // 10
