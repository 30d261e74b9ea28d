"""Offline `mops brief draft` time on a long generated kickoff, and the start-up of `brief draft --help`.

Usage: python benchmarks/brief.py [--words 10000] [--repeat 5] [--runs 21] [--seed 11] [--keep DIR]

Prints:
- the offline draft time of a generated kickoff transcript of about `--words` words (five speakers,
  budget talk with figures in words, dates, channels, owners, filler, questions, recaps; the same
  text for the same seed), written into a copy of examples/workspace:
  - end to end as a user runs it, `mops -w WS brief draft T --dry-run --format json` in a fresh
    process (goal: <= 1 s);
  - in-process, in a fresh process per run, split into the steps `draft_brief` takes: imports,
    workspace, parse, extract, enrich, render;
  each the median of `--repeat` runs with its range;
- the parse time of a Teams WebVTT cut every four words (the slowest transcript shape; goal < 50 ms);
- the start-up of `mops brief draft --help` (goal: < 0.25 s), with `mops --help` and
  `python -c pass` for reference, median of `--runs`.

Commands run as an installed mops does, with Python's bytecode cache: PYTHONDONTWRITEBYTECODE is
dropped from their environment (see benchmarks/startup.py). Figures only: nothing here is a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_WORKSPACE = REPO / "examples" / "workspace"
MEETING_DATE = "2026-10-05"
TRANSCRIPT_NAME = "2027-q2_summer-trail-kickoff.txt"
PLAYBOOK = "campaign-brief"

# ---------------------------------------------------------------------------------------------
# The generated kickoff: templates of meeting talk, filled with a seeded random.

SPEAKERS = ["Priya Nair", "Malte Sørensen", "Dana Lee", "Jonas Weber", "Lea Hoffmann"]
FIRST = {name: name.split()[0] for name in SPEAKERS}
CHANNELS = ["search", "PMax", "Meta", "email", "the Brevo sends", "TikTok", "SMS", "YouTube", "LinkedIn", "display"]
MONTHS = ["March", "April", "May", "June", "July"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
TASKS = ["draft the copy", "pull the CRM list", "set up the Meta campaign", "build the PMax feed", "check stock with the warehouse",
         "get the legal sign-off", "brief the agency", "book the photo shoot", "write the newsletter", "set up the dashboard"]
AREAS = ["copy", "the ad accounts", "reporting", "the landing page", "the CRM side", "creative", "the budget"]
PRODUCTS = ["the Aurora tent", "the Trail Pro 2", "the Hytte sleeping bag", "the rain jacket", "the kids' range"]
FILLER = ["Um, so, yeah.", "Mm-hmm.", "Right, right.", "Sorry, go on.", "Uh, I mean, sure.", "Okay.", "Yeah, no, totally.",
          "Like, you know, it's fine.", "Hang on, my screen froze.", "Can everyone hear me?", "Ha. Fair.", "Sorry, I was on mute."]
ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh", 8: "eighth", 9: "ninth",
            10: "tenth", 11: "eleventh", 12: "twelfth", 13: "thirteenth", 14: "fourteenth", 15: "fifteenth", 16: "sixteenth",
            17: "seventeenth", 18: "eighteenth", 19: "nineteenth", 20: "twentieth", 30: "thirtieth"}


def spoken(n: int) -> str:
    """A whole number below a million as people say it: 'fifty-two thousand', 'three hundred and ten'."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("-" + ONES[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        return ONES[n // 100] + " hundred" + (" and " + spoken(rest) if rest else "")
    rest = n % 1000
    return spoken(n // 1000) + " thousand" + ((" and " if rest < 100 else " ") + spoken(rest) if rest else "")


def ordinal(day: int) -> str:
    if day in ORDINALS:
        return ORDINALS[day]
    return TENS[day // 10] + "-" + ORDINALS[day % 10]


def money(rng: random.Random, thousands: int) -> str:
    """An amount of `thousands` thousand euros, said one of the ways people say it."""
    style = rng.randrange(5)
    if style == 0:
        return f"{spoken(thousands)} thousand euros"
    if style == 1:
        return f"{spoken(thousands)} k"
    if style == 2:
        return f"{thousands},000 euros"
    if style == 3:
        return f"€{thousands}k"
    return f"{spoken(thousands)} grand"


def utterance(rng: random.Random, speaker: str, others: list[str]) -> str:
    """One turn of meeting talk: a topic sentence or two, often with filler around it."""
    other = FIRST[rng.choice(others)]
    channel, channel2 = rng.sample(CHANNELS, 2)
    month = rng.choice(MONTHS)
    day = rng.randrange(1, 29)
    a, b, c = rng.randrange(5, 40), rng.randrange(5, 30), rng.randrange(1, 9)
    topics = [
        lambda: f"So finance signed off on {money(rng, a + b + c)} total, that's up from {spoken(a + b)} last year.",
        lambda: f"My proposal is {money(rng, a)} for {channel} and {money(rng, b)} for {channel2}.",
        lambda: f"So {spoken(a)} plus {spoken(b)} plus {spoken(c)} is {spoken(a + b + c)}. Leaves, um, {spoken(rng.randrange(1, 5))} for the reserve.",
        lambda: f"Last year we spent {money(rng, b)} on {channel} and, honestly, it was meh.",
        lambda: f"Could we move {money(rng, c)} from {channel} to {channel2}?",
        lambda: f"I'd keep {spoken(c)} thousand in reserve and {other} decides when we release it.",
        lambda: f"Let's launch on {rng.choice(WEEKDAYS)} the {ordinal(day)}.",
        lambda: f"The flight runs from the {ordinal(day)} of {month} to the {ordinal(min(day + 14, 28))} of {month}.",
        lambda: f"Copy first draft by {month} {ordinal(day)}, final a week later.",
        lambda: f"Can we do it in {spoken(rng.randrange(2, 9))} weeks? That feels tight.",
        lambda: f"{other} will {rng.choice(TASKS)} by {rng.choice(WEEKDAYS)}.",
        lambda: f"I'll {rng.choice(TASKS)}, I can have it by the {ordinal(day)}.",
        lambda: f"{other} owns {rng.choice(AREAS)}, I own the brief.",
        lambda: f"For {channel} I'd go broad with the Club list as a seed, it's about {spoken(rng.randrange(20, 95))} thousand people.",
        lambda: f"Do we have stock of {rng.choice(PRODUCTS)}? Because last year we ran out on the Saturday.",
        lambda: f"What about {channel2}? Is {money(rng, c)} even enough to learn anything there?",
        lambda: f"Blended ROAS of {spoken(rng.randrange(2, 6))}, CPA under {spoken(rng.randrange(15, 45))} euros.",
        lambda: f"Revenue target is {spoken(rng.randrange(100, 400))} thousand euros from paid and email, that's what I told finance.",
        lambda: f"We agreed: {money(rng, a)} on {channel}, no more.",
        lambda: f"Let's go with {channel} and {channel2} then, and drop {rng.choice(CHANNELS)}.",
        lambda: f"I'm not sure about {channel2}. Let's leave it open.",
        lambda: f"Up to {spoken(rng.randrange(2, 5) * 10)} percent off {rng.choice(PRODUCTS)}, and free shipping over {spoken(rng.randrange(3, 10) * 10)} euros.",
        lambda: f"The meeting's booked for {spoken(rng.randrange(3, 6) * 15)} minutes, so let's keep moving.",
        lambda: f"The tent weighs two point {spoken(rng.randrange(1, 9))} kilos, that's the message for {channel}.",
        lambda: (f"Okay, recap: {money(rng, a + b + c)} total, {channel} and {channel2}, the {ordinal(day)} of {month} "
                 f"to the end of {rng.choice(MONTHS)}, {other} owns {rng.choice(AREAS)}."),
    ]
    sentences = [rng.choice(topics)() for _ in range(rng.choice((1, 1, 2, 3)))]
    roll = rng.random()
    if roll < 0.3:
        sentences.insert(0, rng.choice(FILLER))
    elif roll < 0.4:
        sentences.append(rng.choice(FILLER))
    if rng.random() < 0.25:
        first = sentences[0] if sentences[0].startswith(("I ", "I'")) else sentences[0][0].lower() + sentences[0][1:]
        sentences[0] = rng.choice(("Um, ", "So, uh, ", "Yeah, ", "I mean, ", "Like, ")) + first
    return " ".join(sentences)


def generate_kickoff(words: int, seed: int) -> str:
    """A kickoff transcript of at least `words` words in `Name: text` lines; the same for the same seed."""
    rng = random.Random(seed)
    lines = [f"Date: {MEETING_DATE}", ""]
    count = 0
    speaker = SPEAKERS[0]
    while count < words:
        # people answer each other: mostly a different speaker from the last one
        speaker = rng.choice([s for s in SPEAKERS if s != speaker])
        text = utterance(rng, speaker, [s for s in SPEAKERS if s != speaker])
        lines.append(f"{speaker}: {text}")
        count += len(text.split())
    return "\n".join(lines) + "\n"


def make_workspace(folder: Path, words: int, seed: int) -> tuple[Path, Path, int]:
    """A copy of the example workspace with the generated kickoff in transcripts/: (workspace, transcript, words).

    The copy is made a git repository with one commit, as a team's workspace is, so that the draft's
    enrichment reads the team's velocity from git as it would there (without git it stops early)."""
    ws = folder / "workspace"
    shutil.copytree(EXAMPLE_WORKSPACE, ws, ignore=shutil.ignore_patterns(".mops"))
    text = generate_kickoff(words, seed)
    transcript = ws / "transcripts" / TRANSCRIPT_NAME
    transcript.write_text(text, encoding="utf-8")
    if shutil.which("git"):
        env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
               "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
        for argv in (["init", "-q"], ["add", "-A"], ["commit", "-q", "--no-gpg-sign", "-m", "workspace"]):
            subprocess.run(["git", *argv], cwd=ws, env=env, check=True, capture_output=True)
    return ws, transcript, sum(len(line.split(": ", 1)[-1].split()) for line in text.splitlines()[2:])


# ---------------------------------------------------------------------------------------------
# Measurements


def run_environment() -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def timed_runs(argv: list[str], runs: int, *, cwd: Path = REPO) -> list[float]:
    """Wall times of `runs` fresh processes of `argv`, after one unmeasured run to warm the OS cache."""
    env = run_environment()
    subprocess.run(argv, cwd=cwd, env=env, capture_output=True, check=False)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        samples.append(time.perf_counter() - start)
    return samples


def figure(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:7.1f} ms median of {len(samples)} (range {min(samples) * 1000:.1f}-{max(samples) * 1000:.1f})"


STEPS = ("imports", "workspace", "parse", "extract", "enrich", "render")


def measure_steps(ws_path: Path, transcript_path: Path) -> dict[str, float]:
    """The steps of `draft_brief`, timed one by one in this process (it must be a fresh one).

    The same public functions `mops.brief.draft.draft_brief` calls, in its order, offline."""
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    from mops.brief.draft import meeting_date_of
    from mops.brief.enrich import enrich_brief
    from mops.brief.offline import extract_offline
    from mops.brief.playbooks import find_playbook, render_playbook
    from mops.brief.transcript import load_transcript
    from mops.workspace import load_workspace

    seconds["imports"] = time.perf_counter() - start
    start = time.perf_counter()
    ws = load_workspace(explicit=ws_path)
    taxonomy = ws.taxonomy()
    find_playbook(ws, PLAYBOOK)
    seconds["workspace"] = time.perf_counter() - start
    start = time.perf_counter()
    transcript = load_transcript(transcript_path, display=ws.relative(transcript_path))
    seconds["parse"] = time.perf_counter() - start
    start = time.perf_counter()
    day, _ = meeting_date_of(transcript, None, today=dt.date.today())
    result = extract_offline(
        transcript, meeting_date=day, taxonomy=taxonomy, people=[p.name for p in ws.config.people],
        currency=ws.config.currency, fiscal_year_start=ws.config.fiscal_year_start, playbook=PLAYBOOK,
    )
    seconds["extract"] = time.perf_counter() - start
    start = time.perf_counter()
    enrichment = enrich_brief(ws, result.brief, today=dt.date.today())
    brief = result.brief.model_copy(update={"suggested": enrichment.suggestions, "playbook": PLAYBOOK})
    seconds["enrich"] = time.perf_counter() - start
    start = time.perf_counter()
    render_playbook(ws, PLAYBOOK, brief)
    seconds["render"] = time.perf_counter() - start
    return seconds


def short_cue_parse_ms(words: int, repeat: int) -> list[float]:
    """Parse time of a Teams WebVTT that cuts a cue every four words (the slowest shape), in ms."""
    from mops.brief.transcript import parse_transcript

    said = ("so finance signed off on fifty-two thousand euros total and search gets half of it " * (words // 16 + 1)).split()[:words]
    cues = [
        f"id-{i}/0\n00:{i // 240 % 60:02d}:{i // 4 % 60:02d}.000 --> 00:{i // 240 % 60:02d}:{i // 4 % 60:02d}.900\n"
        f"<v Dana Lee>{' '.join(said[i : i + 4])}{'.' if i % 40 == 36 else ''}</v>"
        for i in range(0, len(said), 4)
    ]
    text = "WEBVTT\n\n" + "\n\n".join(cues)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        parse_transcript(text, fmt="vtt", display="k.vtt")
        samples.append(time.perf_counter() - start)
    return samples


def brief_summary(ws: Path, transcript: Path) -> str:
    """What the draft found, so a reader sees the figure is for real work: fields filled, questions, quotes."""
    out = subprocess.run(
        [sys.executable, "-m", "mops", "-w", str(ws), "brief", "draft", str(transcript), "--dry-run", "--format", "json"],
        env=run_environment(), capture_output=True, text=True, check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"mops brief draft failed (exit {out.returncode}):\n{out.stderr}")
    brief = json.loads(out.stdout)

    def quotes(value: object) -> int:
        if isinstance(value, dict):
            return (value.get("kind") == "utterance") + sum(quotes(v) for v in value.values())
        return sum(quotes(v) for v in value) if isinstance(value, list) else 0

    return (f"{len(brief.get('open_questions', []))} open questions, {len(brief.get('decisions', []))} decisions, "
            f"{len(brief.get('owners', []))} owners, {len(brief.get('budget', {}).get('split', []))} budget lines, "
            f"{quotes(brief)} quotes cited")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=10_000, help="length of the generated kickoff (default 10,000 words)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--repeat", type=int, default=5, help="draft runs per figure to take the median of")
    parser.add_argument("--runs", type=int, default=21, help="start-up runs to take the median of")
    parser.add_argument("--keep", type=Path, help="generate the workspace in this folder and keep it (to profile)")
    parser.add_argument("--measure-steps", nargs=2, metavar=("WS", "TRANSCRIPT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_steps:
        # time the mops of this checkout, as the end-to-end runs (started in REPO) do, not whichever
        # one is installed
        sys.path.insert(0, str(REPO))
        print(json.dumps(measure_steps(Path(args.measure_steps[0]), Path(args.measure_steps[1]))))
        return
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        if args.keep and (folder / "workspace").exists():
            shutil.rmtree(folder / "workspace")
        ws, transcript, words = make_workspace(folder, args.words, args.seed)
        lines = len(transcript.read_text(encoding="utf-8").splitlines())
        in_git = " (a git repository)" if (ws / ".git").exists() else " (no git: velocity not read)"
        print(f"generated kickoff: {words:,} words, {lines:,} lines, 5 speakers (seed {args.seed}), in a copy of examples/workspace{in_git}")
        print(f"  the draft: {brief_summary(ws, transcript)}")
        draft = [py, "-m", "mops", "-w", str(ws), "brief", "draft", str(transcript), "--dry-run", "--format", "json"]
        print(f"mops brief draft --dry-run --format json, end to end (goal <= 1000 ms): {figure(timed_runs(draft, args.repeat))}", flush=True)
        steps: dict[str, list[float]] = {step: [] for step in STEPS}
        for _ in range(args.repeat):
            out = subprocess.run([py, __file__, "--measure-steps", str(ws), str(transcript)], env=run_environment(),
                                 capture_output=True, text=True, check=True)
            for step, value in json.loads(out.stdout).items():
                steps[step].append(value)
        print("in-process, fresh process per run:")
        for step in STEPS:
            print(f"  {step:<10} {figure(steps[step])}")
        total = [sum(values) for values in zip(*steps.values())]
        print(f"  {'total':<10} {figure(total)}", flush=True)
    print(f"parse of a Teams WebVTT of {args.words:,} words cut every 4 words (goal < 50 ms): {figure(short_cue_parse_ms(args.words, args.repeat))}")
    cases = [
        ("python -c pass", [py, "-c", "pass"]),
        ("mops --help", [py, "-m", "mops", "--help"]),
        ("mops brief draft --help (goal < 250 ms)", [py, "-m", "mops", "brief", "draft", "--help"]),
    ]
    # the start-up is mostly the CLI stack's: say which one was timed (typer 0.29 builds pydantic
    # adapters for the root options on every subcommand, 0.28 did not)
    from importlib.metadata import version

    print(f"start-up (Python {sys.version.split()[0]}, typer {version('typer')}, rich {version('rich')}, pydantic {version('pydantic')}):")
    for label, argv in cases:
        print(f"  {label:<40} {figure(timed_runs(argv, args.runs))}")


if __name__ == "__main__":
    main()
