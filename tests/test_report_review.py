"""`mops report review` on the example workspace after a real `mops history import` of its exports:
the figures against values computed here by hand from the export rows, Markdown and HTML, the
charts, the queries a reader reruns, the proposals' approval states on a real signed repository,
and the input errors that write nothing."""

from __future__ import annotations

import csv
import re
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from approvals_support import Team
from conftest import EXAMPLE_WORKSPACE, REPO

CAMPAIGN = "2025-q4_black-friday"
AS_OF = "2026-12-06"
FLIGHT = ("2025-11-17", "2025-12-01")
SEARCH_IDS = {"21450001001", "21450001002"}  # the plan's Google Ads campaigns (paid_search)
SOCIAL_IDS = {"120214500000000101", "120214500000000102"}  # its Meta campaigns, prospecting and retargeting (paid_social)
TARGET_CPA, TARGET_ROAS = 34.0, 3.8  # the plan's kpis


def _google_number(text: str) -> float:
    return float(text.replace(",", ""))


def _german_number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def hand_figures() -> dict[str, dict[str, float]]:
    """Spend, conversions and value per channel of Black Friday 2025, read from the export files
    with the csv module: Google Ads (US number format) and Meta (German Excel, ';')."""
    exports = EXAMPLE_WORKSPACE / "exports"
    out = {"paid_search": {"spend": 0.0, "conversions": 0.0, "value": 0.0}, "paid_social": {"spend": 0.0, "conversions": 0.0, "value": 0.0}}
    lines = (exports / "google_ads_campaigns_2025-11-01_2026-11-24.csv").read_text(encoding="utf-8").splitlines()[2:]  # title, date range
    for row in csv.DictReader(lines):
        if row["Campaign ID"] in SEARCH_IDS and FLIGHT[0] <= row["Day"] <= FLIGHT[1]:
            out["paid_search"]["spend"] += _google_number(row["Cost"])
            out["paid_search"]["conversions"] += _google_number(row["Conversions"])
            out["paid_search"]["value"] += _google_number(row["Conv. value"])
    text = (exports / "meta_fjordline-de_2025-11-01_2026-11-24.csv").read_text(encoding="utf-8-sig")
    for row in csv.DictReader(text.splitlines(), delimiter=";"):
        if row["Campaign ID"] in SOCIAL_IDS and FLIGHT[0] <= row["Day"] <= FLIGHT[1]:
            out["paid_social"]["spend"] += _german_number(row["Amount spent (EUR)"])
            out["paid_social"]["conversions"] += _german_number(row["Results"])
            out["paid_social"]["value"] += _german_number(row["Purchases conversion value"])
    return {channel: {k: round(v, 2) for k, v in sums.items()} for channel, sums in out.items()}  # amounts are cents


def imported(mops, root: Path) -> Path:
    exports = sorted(f"exports/{p.name}" for p in (root / "exports").iterdir())
    done = mops("history", "import", *exports, cwd=root)
    assert done.exit_code in (0, 1), done.stderr  # 1: the example's four deliberately bad rows are rejected
    return root


@pytest.fixture
def ws(mops, example_workspace: Path) -> Path:
    return imported(mops, example_workspace)


def review(mops, root: Path, *args: str):
    return mops("report", "review", CAMPAIGN, "--as-of", AS_OF, *args, cwd=root)


def _money(value: float) -> str:
    return f"{value:,.0f} EUR" if float(value).is_integer() else f"{value:,.2f} EUR"


# --- the figures --------------------------------------------------------------------------------


def test_the_markdown_review_shows_figures_computed_by_hand_from_the_exports(mops, ws: Path) -> None:
    figures = hand_figures()
    search, social = figures["paid_search"], figures["paid_social"]
    done = review(mops, ws)
    assert done.exit_code == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"wrote reviews/{CAMPAIGN}.md"
    text = (ws / "reviews" / f"{CAMPAIGN}.md").read_text(encoding="utf-8")

    # plan budgets: paid_search 24,000, paid_social 19,000, email 3,000 of 48,000
    for name, budget, f in (("paid_search", 24000, search), ("paid_social", 19000, social)):
        cpa, roas, roi = f["spend"] / f["conversions"], f["value"] / f["spend"], (f["value"] - f["spend"]) / f["spend"]
        row = (f"| {name} | {_money(budget)} | {_money(f['spend'])} | {f['spend'] / budget:.0%} | {f['conversions']:,.0f} | "
               f"{_money(f['value'])} | {cpa:,.2f} EUR | {roas:.2f} | {roi:.0%} |")
        assert row in text
    spend = search["spend"] + social["spend"]
    conversions = search["conversions"] + social["conversions"]
    value = search["value"] + social["value"]
    assert spend == 36000 and conversions == 1350  # what the rows add up to, so the table above is not vacuous
    assert (f"The campaign spent **{_money(spend)}** of 48,000 EUR planned ({spend / 48000:.0%}) for {conversions:,.0f} conversions "
            f"worth {_money(value)}: CPA {spend / conversions:,.2f} EUR, ROAS {value / spend:.2f}") in text
    assert "| email | 3,000 EUR | – |" in text and "email: no history row in the flight" in text

    social_cpa = social["spend"] / social["conversions"]
    social_roas = social["value"] / social["spend"]
    assert f"paid_social: CPA {social_cpa:,.2f} EUR against a target of 34.00 EUR: missed by {(social_cpa / TARGET_CPA - 1) * 100:.0f}%" in text
    assert f"paid_social: ROAS {social_roas:.2f} against a target of 3.80: missed by {(1 - social_roas / TARGET_ROAS) * 100:.0f}%" in text
    search_cpa = search["spend"] / search["conversions"]
    assert f"paid_search: CPA {search_cpa:,.2f} EUR against a target of 34.00 EUR: met" in text
    # every section is there, and a question for each missed target and the unspent budget
    for heading in ("## Results against plan and targets", "## Charts", "## Similar past campaigns", "## Pacing and proposals",
                    "## Launch-check findings fixed", "## Attribution quality", "## What this review cannot judge", "## Questions for the team"):
        assert heading in text
    assert f"- [ ] {spend / 48000:.0%} of the budget was spent: why did {48000 - spend:,.2f} EUR stay unspent?" in text


def test_each_figure_carries_a_query_that_reruns_to_the_same_figures(mops, ws: Path) -> None:
    review(mops, ws)
    text = (ws / "reviews" / f"{CAMPAIGN}.md").read_text(encoding="utf-8")
    blocks = text.split("<details><summary>Query: ")
    # no "similar": Black Friday 2025 is the history's first campaign, and a review compares with what came before it
    assert [b.split(" ", 1)[0] for b in blocks[1:]] == ["by_channel", "daily", "ga4"]
    by_channel = blocks[1].split("```sql\n", 1)[1].split("\n```", 1)[0]
    rerun = mops("history", "query", by_channel, "--format", "json", cwd=ws)
    assert rerun.exit_code == 0, rerun.stderr
    rows = {r["channel"]: r for r in json.loads(rerun.stdout)}
    figures = hand_figures()
    assert rows["paid_social"]["spend"] == figures["paid_social"]["spend"]
    assert rows["paid_search"]["conversions"] == figures["paid_search"]["conversions"]
    ga4 = blocks[3].split("```sql\n", 1)[1].split("\n```", 1)[0]
    sessions = mops("history", "query", ga4, "--format", "json", cwd=ws)
    # the GA4 export's Black Friday 2025 rows, by hand: every session of the campaign in the flight
    lines = (EXAMPLE_WORKSPACE / "exports" / "ga4_traffic-acquisition_2025-11-01_2026-11-24.csv").read_text().splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Date,"))
    total = sum(float(r["Sessions"]) for r in csv.DictReader(lines[header:]) if r["Session campaign"].lower() in (CAMPAIGN, "bf2025")
                and "20251117" <= r["Date"] <= "20251201")  # bf2025: the plan's utm_campaigns alias
    assert total > 0 and sum(r["sessions"] for r in json.loads(sessions.stdout)) == total
    assert f"{total:,.0f} GA4 sessions of the campaign: 0 landed in Unassigned (0.0%)" in text


def test_similar_past_campaigns_are_those_before_the_reviewed_one(mops, ws: Path) -> None:
    done = mops("report", "review", "2026-q3_autumn-hiking", "--as-of", "2026-12-06", cwd=ws)
    assert done.exit_code == 0, done.stderr
    text = (ws / "reviews" / "2026-q3_autumn-hiking.md").read_text(encoding="utf-8")
    start = re.search(r"^start: (\S+)", (ws / "plans" / "2026-q3_autumn-hiking.yaml").read_text(encoding="utf-8"), re.M).group(1)
    section = text.split("## Similar past campaigns", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|") for line in section.splitlines() if line.startswith("| 20")]
    assert rows, "the review lists no similar campaign"
    starts = {cells[1].strip(): cells[3].strip() for cells in rows}
    assert all(day < start for day in starts.values()), starts
    assert "2026-q4_black-friday" not in starts and "2025-q4_black-friday" in starts


def test_charts_are_png_files_beside_the_markdown(mops, ws: Path) -> None:
    done = review(mops, ws)
    text = (ws / "reviews" / f"{CAMPAIGN}.md").read_text(encoding="utf-8")
    for name in ("spend", "roas"):
        image = ws / "reviews" / f"{CAMPAIGN}-{name}.png"
        assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f"]({CAMPAIGN}-{name}.png)" in text
        assert f"wrote reviews/{CAMPAIGN}-{name}.png" in done.stdout


def test_without_matplotlib_the_review_still_renders_and_says_the_charts_were_left_out(mops, ws: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text("import sys\nsys.modules['matplotlib'] = None\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(REPO)]), "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-m", "mops", "report", "review", CAMPAIGN, "--as-of", AS_OF], cwd=ws, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    text = (ws / "reviews" / f"{CAMPAIGN}.md").read_text(encoding="utf-8")
    assert "_The charts were left out: charts need matplotlib: pip install 'mops[chart]'._" in text
    assert not list((ws / "reviews").glob("*.png"))
    assert "charts left out" in done.stderr


def test_html_has_the_figures_and_the_charts_inline(mops, ws: Path) -> None:
    done = review(mops, ws, "--format", "html")
    assert done.exit_code == 0, done.stderr
    assert done.stdout == f"wrote reviews/{CAMPAIGN}.html\n"  # no image files: the charts are in the page
    page = (ws / "reviews" / f"{CAMPAIGN}.html").read_text(encoding="utf-8")
    social = hand_figures()["paid_social"]
    assert (f"<tr><td>paid_social</td><td class=\"n\">19,000 EUR</td><td class=\"n\">{_money(social['spend'])}</td>"
            f"<td class=\"n\">{social['spend'] / 19000:.0%}</td>") in page
    assert page.count('<img src="data:image/png;base64,') == 2


def test_html_escapes_a_campaign_name_holding_a_script(mops, ws: Path) -> None:
    plan = ws / "plans" / f"{CAMPAIGN}.yaml"
    plan.write_text(plan.read_text().replace("name: Black Friday 2025", "name: \"<script>alert('x')</script> & Co\""))
    assert review(mops, ws, "--format", "html").exit_code == 0
    page = (ws / "reviews" / f"{CAMPAIGN}.html").read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "<title>Review: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co</title>" in page
    assert "<h1>Review: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co</h1>" in page


def test_a_workspace_template_overrides_the_bundled_one(mops, ws: Path) -> None:
    (ws / "playbooks" / "review").mkdir(parents=True)
    (ws / "playbooks" / "review" / "campaign-review.md.j2").write_text(
        "Ours: {{ review.campaign }} spent {{ money(review.total.spend) }}\n", encoding="utf-8")
    assert review(mops, ws).exit_code == 0
    assert (ws / "reviews" / f"{CAMPAIGN}.md").read_text() == f"Ours: {CAMPAIGN} spent 36,000 EUR\n"


# --- without history, input errors ----------------------------------------------------------------


def test_without_history_the_review_renders_and_says_what_it_cannot_judge(mops, example_workspace: Path) -> None:
    done = review(mops, example_workspace)
    assert done.exit_code == 0, done.stderr
    text = (example_workspace / "reviews" / f"{CAMPAIGN}.md").read_text(encoding="utf-8")
    assert "- no campaign history at .mops/history.duckdb: spend, results, targets" in text
    assert not (example_workspace / ".mops" / "history.duckdb").exists()


@pytest.mark.parametrize("given, message", [
    ("2099-q1_nothing", "error: unknown plan '2099-q1_nothing': there is no plans/2099-q1_nothing.yaml"),
    ("plans/missing.yaml", "plans/missing.yaml: error: plan not found"),
])
def test_an_unknown_plan_exits_2_and_writes_nothing(mops, ws: Path, given: str, message: str) -> None:
    done = mops("report", "review", given, cwd=ws)
    assert done.exit_code == 2 and message in done.stderr
    assert not (ws / "reviews").exists() and not (ws / "lessons").exists()


def test_a_plan_or_out_outside_the_workspace_exits_2_and_writes_nothing(mops, ws: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / f"{CAMPAIGN}.yaml"
    outside.parent.mkdir()
    shutil.copy(ws / "plans" / f"{CAMPAIGN}.yaml", outside)
    done = mops("report", "review", str(outside), cwd=ws)
    assert done.exit_code == 2 and "error: the plan is outside the workspace" in done.stderr
    done = review(mops, ws, "--out", str(tmp_path / "review.md"), "--record")
    assert done.exit_code == 2 and "error: --out is outside the workspace" in done.stderr
    assert not (ws / "reviews").exists() and not (ws / "lessons").exists() and not (tmp_path / "review.md").exists()


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and ".mops" not in p.parts}


def test_out_never_replaces_a_workspace_file_and_names_a_file_of_its_format(mops, ws: Path) -> None:
    before = _tree(ws)
    for out, message in (
        ("mops.yaml", "--out must name a .md or .markdown file for --format md"),
        (f"plans/{CAMPAIGN}.yaml", "--out must name a .md or .markdown file for --format md"),
        ("briefs/2027-q2_spring-sale.md", "a file is already there; a review never replaces a file outside the reviews folder"),
    ):
        done = review(mops, ws, "--out", out, "--record")
        assert done.exit_code == 2, out
        assert message in done.stderr, done.stderr
    html_into_md = review(mops, ws, "--format", "html", "--out", "reviews/x.md")
    assert html_into_md.exit_code == 2 and "--out must name a .html or .htm file for --format html" in html_into_md.stderr
    assert _tree(ws) == before  # nothing replaced, nothing written
    (ws / "copy" / "review-spend.png").write_bytes(b"an image the team made")
    clash = review(mops, ws, "--out", "copy/review.md")  # the chart beside it would replace that image
    assert clash.exit_code == 2 and "copy/review-spend.png" in clash.stderr
    assert not (ws / "copy" / "review.md").exists()
    again = review(mops, ws)
    assert again.exit_code == 0 and review(mops, ws).exit_code == 0  # under reviews/ a review is written anew


def test_a_day_outside_the_years_mops_judges_is_a_usage_error(mops, ws: Path) -> None:
    done = mops("report", "review", CAMPAIGN, "--as-of", "9999-12-31", cwd=ws)
    assert done.exit_code == 2 and "'9999-12-31' is outside the days mops judges (1970 to 2199)" in done.stderr
    assert "internal error" not in done.stderr and not (ws / "reviews").exists()


def test_a_campaign_not_started_is_not_reviewed(mops, ws: Path) -> None:
    done = mops("report", "review", "2027-q2_spring-sale", "--as-of", "2026-12-05", cwd=ws)
    assert done.exit_code == 2
    assert "2027-q2_spring-sale has not started on 2026-12-05: its flight runs 2027-03-22 to 2027-04-18" in done.stderr
    assert not (ws / "reviews").exists()


def test_a_lesson_is_recorded_only_for_an_ended_campaign(mops, ws: Path) -> None:
    running = mops("report", "review", "2026-q4_winter-gear", "--as-of", "2026-12-05", "--record", cwd=ws)
    assert running.exit_code == 2
    assert "2026-q4_winter-gear is still running on 2026-12-05 (its flight ends 2026-12-25)" in running.stderr
    assert not (ws / "lessons").exists() and not (ws / "reviews").exists()
    assert mops("report", "review", "2026-q4_winter-gear", "--as-of", "2026-12-05", cwd=ws).exit_code == 0  # figures to date


def test_days_no_export_covers_are_named_and_no_lesson_is_drawn_from_them(mops, ws: Path) -> None:
    """Black Friday 2026 (16 to 30 Nov... 1 Dec): the example's Google Ads and Meta exports cover the
    year to 24 Nov and then 1 to 5 Dec, so 25 to 30 Nov, Black Friday itself, is in no export."""
    exports = sorted((ws / "exports").glob("*.csv"))
    covered = {"google_ads": set(), "meta": set()}
    for export in exports:
        text = export.read_text(encoding="utf-8-sig")
        lines = text.splitlines()
        if export.name.startswith("google_ads_campaigns"):
            covered["google_ads"] |= {row["Day"] for row in csv.DictReader(lines[2:])}
        elif export.name.startswith("meta_fjordline-de"):  # the UK account's export (a comma layout) ends in August
            covered["meta"] |= {row["Day"] for row in csv.DictReader(lines, delimiter=";")}
    flight = [f"2026-11-{d:02d}" for d in range(16, 31)] + ["2026-12-01"]
    missing = {platform: [d for d in flight if d not in days] for platform, days in covered.items()}
    assert missing["google_ads"] == missing["meta"] == [f"2026-11-{d}" for d in range(25, 31)]
    done = mops("report", "review", "2026-q4_black-friday", "--as-of", "2026-12-06", cwd=ws)
    assert done.exit_code == 0, done.stderr
    text = (ws / "reviews" / "2026-q4_black-friday.md").read_text(encoding="utf-8")
    assert "figures partial: the history has gaps in the flight" in text
    for platform in ("google_ads", "meta"):
        assert f"{platform} has no row of any campaign on 6 day(s) of the flight (2026-11-25 to 2026-11-30)" in text
    recorded = mops("report", "review", "2026-q4_black-friday", "--as-of", "2026-12-06", "--record", cwd=ws)
    assert recorded.exit_code == 2 and "a lesson from partial figures would mislead the next brief" in recorded.stderr
    assert not (ws / "lessons").exists()
    full = mops("report", "review", CAMPAIGN, "--as-of", AS_OF, cwd=ws)  # 2025's flight is covered day by day
    assert full.exit_code == 0
    assert "figures partial" not in (ws / "reviews" / f"{CAMPAIGN}.md").read_text(encoding="utf-8")


def test_an_unreadable_plan_exits_2_at_its_line(mops, ws: Path) -> None:
    plan = ws / "plans" / f"{CAMPAIGN}.yaml"
    plan.write_text(plan.read_text().replace("total_budget: 48000", "total_budget: lots"))
    done = review(mops, ws)
    assert done.exit_code == 2 and f"plans/{CAMPAIGN}.yaml:9" in done.stderr and "total_budget" in done.stderr
    assert not (ws / "reviews").exists()


# --- proposals and launch corrections on a signed repository ------------------------------------------

GATEKEEPERS = ("dana.lee@fjordline.example", "malte.sorensen@fjordline.example")
REALLOCATION = """\
campaign: 2025-q4_black-friday
kind: reallocation
created: {created}
status: {status}
summary: move {amount} EUR of remaining budget from paid_social to paid_search
plan: plans/2025-q4_black-friday.yaml
currency: EUR
moves:
- {{from_channel: paid_social, to_channel: paid_search, amount: {amount}}}
"""
BAD_LINK = "https://www.fjordline.example/black-friday?utm_source=Facebook&utm_medium=paid-social&utm_campaign=2025-q4_black-friday"
GOOD_LINK = "https://www.fjordline.example/black-friday?utm_source=facebook&utm_medium=paid-social&utm_campaign=2025-q4_black-friday"
LAUNCH = f"""\
campaign: 2025-q4_black-friday
kind: launch
created: 2025-11-10
status: approved
summary: go after fixes
verdict: go_after_fixes
corrections:
- {{path: copy/meta/bf25.md, line: 3, link: '{BAD_LINK}', corrected: '{GOOD_LINK}', fixes: [UTM002]}}
- {{path: copy/meta/bf25-stories.md, line: 1, link: '{BAD_LINK}', corrected: '{GOOD_LINK}', fixes: [UTM002]}}
"""


def test_the_pacing_history_shows_each_proposals_decision_and_the_launch_fixes(mops, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    team = Team(tmp_path, monkeypatch)
    shutil.copytree(EXAMPLE_WORKSPACE, team.root, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".mops"))
    team.write("approvals/allowed_signers", "".join(team.person(email).signers_line() for email in GATEKEEPERS))
    team.write("copy/meta/bf25.md", f"# Stories\n\nLink: {GOOD_LINK}\n")  # corrected since the launch check
    team.write("copy/meta/bf25-stories.md", f"{BAD_LINK}\n")  # shipped as it was
    proposals = {
        "applied": f"proposals/{CAMPAIGN}-pacing-2025-11-20.yaml",
        "rejected": f"proposals/{CAMPAIGN}-pacing-2025-11-24.yaml",
        "approved": f"proposals/{CAMPAIGN}-pacing-2025-11-26.yaml",
        "pending": f"proposals/{CAMPAIGN}-pacing-2025-11-28.yaml",
    }
    team.write(proposals["applied"], REALLOCATION.format(created="2025-11-20", status="applied", amount=1200) + "applied: 2025-11-21\n")
    for key, day, amount in (("rejected", "2025-11-24", 900), ("approved", "2025-11-26", 700), ("pending", "2025-11-28", 500)):
        team.write(proposals[key], REALLOCATION.format(created=day, status="proposed", amount=amount))
    team.write(f"proposals/{CAMPAIGN}-launch.yaml", LAUNCH)
    team.commit_all("workspace with the Black Friday 2025 proposals")
    monkeypatch.chdir(team.root)
    team.sign_as("malte.sorensen@fjordline.example")
    assert mops("approve", proposals["rejected"], "--reject", "-m", "search is capped by impression share", cwd=team.root).exit_code == 0
    team.sign_as("dana.lee@fjordline.example")
    assert mops("approve", proposals["approved"], cwd=team.root).exit_code == 0
    imported(mops, team.root)

    done = review(mops, team.root, "--record")
    assert done.exit_code == 0, done.stderr
    text = (team.root / "reviews" / f"{CAMPAIGN}.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(" `"): [c.strip() for c in line.split("|")[2:-1]] for line in text.splitlines() if line.startswith("| `proposals/")}
    assert rows[proposals["applied"]][2] == "applied 2025-11-21"
    assert rows[proposals["applied"]][3] == "1,200.00 EUR from paid_social to paid_search"
    assert rows[proposals["rejected"]][2] == "rejected"
    assert rows[proposals["approved"]][2] == "approved"
    assert rows[proposals["pending"]][2] == "pending"
    assert rows[f"proposals/{CAMPAIGN}-launch.yaml"][0] == "launch"
    assert f"| `copy/meta/bf25.md:3` | `{BAD_LINK}` | `{GOOD_LINK}` | fixed |" in text
    assert f"| `copy/meta/bf25-stories.md:1` | `{BAD_LINK}` | `{GOOD_LINK}` | not fixed |" in text
    assert f"- [ ] {proposals['rejected']} was rejected (rejected by Malte" in text
    assert f"- [ ] {proposals['pending']} is still pending after the flight ended: reject it to close it?" in text
    lesson = yaml.safe_load((team.root / "lessons" / f"{CAMPAIGN}.yaml").read_text())
    assert lesson["changes"] == [{"proposal": proposals["applied"], "applied": __import__("datetime").date(2025, 11, 21),
                                  "summary": "move 1200 EUR of remaining budget from paid_social to paid_search",
                                  "moves": ["1,200.00 EUR from paid_social to paid_search"]}]


def test_outside_a_git_repository_the_approval_state_is_not_judged(mops, ws: Path) -> None:
    (ws / "proposals" / f"{CAMPAIGN}-pacing-2025-11-24.yaml").write_text(REALLOCATION.format(created="2025-11-24", status="proposed", amount=900))
    assert review(mops, ws).exit_code == 0
    text = (ws / "reviews" / f"{CAMPAIGN}.md").read_text(encoding="utf-8")
    assert f"| `proposals/{CAMPAIGN}-pacing-2025-11-24.yaml` | reallocation | 2025-11-24 | not judged |" in text
    assert "- the proposals' approval state is not judged: " in text


def test_the_pacing_check_gives_each_channel_the_cpa_and_roas_the_review_gives(mops, ws: Path) -> None:
    # one campaign, two reports: the same figures, from the exports' cents (paid_search spent
    # 21,000.00 EUR for 960 conversions: CPA 21.875, shown 21.88 in both)
    figures = hand_figures()
    done = mops("pacing", "check", f"plans/{CAMPAIGN}.yaml", "--as-of", AS_OF, "--format", "json", cwd=ws)
    assert done.exit_code in (0, 1), done.stderr
    channels = {c["channel"]: c for c in json.loads(done.stdout)["channels"]}
    assert (figures["paid_search"]["spend"], figures["paid_search"]["conversions"]) == (21000, 960)
    assert review(mops, ws).exit_code == 0
    review_text = (ws / "reviews" / f"{CAMPAIGN}.md").read_text(encoding="utf-8")
    for name in ("paid_search", "paid_social"):
        f = figures[name]
        cpa, roas = round(f["spend"] / f["conversions"], 2), round(f["value"] / f["spend"], 2)
        assert (channels[name]["cpa"], channels[name]["roas"]) == (cpa, roas), name
        assert f"| {f['conversions']:,.0f} | {_money(f['value'])} | {cpa:,.2f} EUR | {roas:.2f} |" in review_text, name
    assert channels["paid_search"]["cpa"] == 21.88
