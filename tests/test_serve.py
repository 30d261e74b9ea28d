"""`mops serve`: the real server (`mops serve --port 0` in a subprocess) on the example workspace,
spoken to over a real socket: every page answers, shows what the commands say, escapes every value,
writes nothing, refuses writes and paths outside its pages, and keeps serving through failures."""

from __future__ import annotations

import asyncio
import base64
import html as html_lib
import csv
import http.client
import json
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import markupsafe
import pytest

from serve_support import REPO, copy_example, full_workspace, running_server, server_env, table

# the example's campaigns: one per plan file (each of its four briefs belongs to one of them)
CAMPAIGNS = [
    "2025-q4_black-friday", "2026-q1_winter-clearance", "2026-q2_spring-sale", "2026-q3_autumn-hiking", "2026-q3_summer-trails",
    "2026-q4_black-friday", "2026-q4_gift-guide", "2026-q4_winter-gear", "2027-q1_ski-touring", "2027-q1_winter-clearance",
    "2027-q2_spring-sale", "2027-q3_trail-running",
]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("serve-cache")


@pytest.fixture(scope="module")
def full_example(tmp_path_factory: pytest.TempPathFactory, cache: Path) -> Path:
    """The example workspace in a git repository, with its history imported."""
    return full_workspace(copy_example(tmp_path_factory.mktemp("serve") / "workspace"), cache)


@pytest.fixture(scope="module")
def served(full_example: Path, cache: Path) -> Iterator[str]:
    with running_server(full_example, cache) as url:
        yield url


def _get(url: str, **kwargs) -> httpx.Response:
    return httpx.get(url, timeout=60, **kwargs)


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    """Every file outside .git/ and .mops/ (the history's own files), with its size and mtime."""
    return {p.relative_to(root).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")
            if p.is_file() and p.relative_to(root).parts[0] not in (".git", ".mops")}


def _raw_status(url: str, method: str, path: str) -> tuple[int, str, dict[str, str]]:
    """Send `path` exactly as written (http.client neither normalises nor re-encodes it)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace"), dict(response.getheaders())
    finally:
        connection.close()


def test_listens_on_loopback_and_every_page_answers_200(served: str) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", served)
    index = _get(served + "/campaigns")
    assert index.status_code == 200
    linked = re.findall(r'<a href="/campaigns/([^"]+)">', index.text)
    assert linked == CAMPAIGNS
    for path in ["/", "/campaigns", "/lint", *(f"/campaigns/{c}" for c in CAMPAIGNS)]:
        page = _get(served + path)
        assert page.status_code == 200, (path, page.text[-2000:])
        assert page.headers["content-type"].startswith("text/html")
        assert "default-src 'none'" in page.headers["content-security-policy"]
        assert "server-timing" in page.headers
    assert _get(served + "/style.css").headers["content-type"].startswith("text/css")
    head = httpx.head(served + "/", timeout=60)
    assert head.status_code == 200 and head.content == b""


def test_queue_lists_every_artifact_awaiting_a_decision_with_its_approve_command(served: str, full_example: Path) -> None:
    # nothing of the example is approved in a fresh repository: every brief, plan and copy file waits
    artifacts = sorted(p.relative_to(full_example).as_posix() for folder in ("briefs", "plans", "copy")
                       for p in (full_example / folder).rglob("*") if p.is_file())
    rows = table(_get(served + "/").text, "queue")
    assert sorted(row["artifact"] for row in rows) == artifacts
    for row in rows:
        assert row["state"] == "pending"
        assert row["to decide"] == f"mops approve {row['artifact']}"
    spring_brief = next(row for row in rows if row["artifact"] == "briefs/2027-q2_spring-sale.md")
    assert spring_brief["still needed"] == "1 more approval with role gatekeeper or head_of_marketing (0 of 1, rule 1 (briefs/**, plans/**))"


def test_campaign_page_shows_verdict_pacing_chart_brief_plan_and_review(served: str, full_example: Path) -> None:
    before = _tree(full_example)
    page = _get(served + "/campaigns/2026-q4_black-friday?as_of=2026-12-03")
    assert page.status_code == 200
    html = page.text
    # the launch check as `mops launch check --as-of` judges it: no go (the brief is not approved, among others)
    assert '<span class="badge no_go">NO GO</span>' in html
    assert "RDY002" in html and "brief briefs/2026-q4_black-friday.md is pending" in html
    # pacing: paid social's spend to date is what the Meta export holds for its campaign in the flight
    spent = 0.0
    for export in (full_example / "exports").glob("meta_fjordline-de_*.csv"):
        for row in csv.DictReader(export.open(encoding="utf-8-sig"), delimiter=";"):
            if row["Campaign ID"] == "120214500000000601" and "2026-11-16" <= row["Day"] <= "2026-12-01":
                spent += float(row["Amount spent (EUR)"].replace(".", "").replace(",", "."))
    channels = {row["channel"]: row for row in table(html, "pacing-channels")}
    assert spent == 9000.0
    assert channels["paid_social"]["actual to date"] == "9,000"
    assert channels["paid_social"]["budget"] == "21,000 EUR"
    assert channels["email"]["status"] == "no data"
    # the chart, inline: an SVG image of this campaign's curves
    svg = base64.b64decode(re.search(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html).group(1)).decode("utf-8")
    assert svg.startswith("<?xml") and "2026-q4_black-friday: as of 2026-12-03 (ended)" in svg and "paid_social actual" in svg
    # the brief's body rendered from Markdown, its front matter and the plan as written
    assert re.search(r'<div class="brief-body">\s*<h1>', html)
    assert "campaign: 2026-q4_black-friday" in html
    assert "total_budget: 52000" in html
    assert "mops report review plans/2026-q4_black-friday.yaml --format html" in html
    assert _tree(full_example) == before  # no proposal, no chart file, nothing


def test_an_ended_campaign_shows_its_review_in_a_sandboxed_frame(served: str, full_example: Path) -> None:
    from tests.test_report_review import hand_figures

    before = _tree(full_example)
    page = _get(served + "/campaigns/2025-q4_black-friday?as_of=2026-12-06")
    assert page.status_code == 200
    frame = re.search(r'<iframe sandbox srcdoc="([^"]*)" title="Post-campaign review"', page.text)
    assert frame is not None, "the ended campaign's page has no review frame"
    review = html_lib.unescape(frame.group(1))  # the review's own HTML, escaped once to sit in the attribute
    assert "Review: Black Friday 2025" in review
    spend = sum(channel["spend"] for channel in hand_figures().values())
    assert f"{spend:,.0f} EUR" in review  # the campaign's spend, summed by hand from the two exports
    assert '<img src="data:image/png;base64,' in review  # the charts, inline
    assert "<script" not in review.lower()
    assert "mops report review plans/2025-q4_black-friday.yaml --format html" in page.text
    assert _tree(full_example) == before  # shown, never written: no reviews/ file, no lesson
    running = _get(served + "/campaigns/2026-q4_winter-gear?as_of=2026-12-05").text
    assert "<iframe" not in running and "once the campaign has ended (2026-12-25)" in running


def test_a_day_that_is_not_one_mops_judges_is_a_bad_request(served: str) -> None:
    for given, words in (("2026-02-30", "is not a date as YYYY-MM-DD"), ("9999-12-31", "outside the days mops judges (1970 to 2199)"),
                         ("0001-01-01", "outside the days mops judges")):
        page = _get(served + f"/campaigns/2025-q4_black-friday?as_of={given}")
        assert page.status_code == 400, given
        assert words in page.text and "Traceback" not in page.text
    assert _get(served + "/campaigns/2025-q4_black-friday?as_of=2026-12-06").status_code == 200


def test_campaign_page_says_what_the_launch_check_command_says(served: str, full_example: Path, cache: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "mops", "-w", str(full_example), "launch", "check", "plans/2027-q2_spring-sale.yaml",
                           "--as-of", "2026-12-06", "--format", "json"], cwd=full_example, env=server_env(cache),
                          capture_output=True, text=True, timeout=120)
    report = json.loads(done.stdout)
    assert report["verdict"] == "no_go"  # the worked example: the Meta audience matched 12% below the segment
    html = _get(served + "/campaigns/2027-q2_spring-sale?as_of=2026-12-06").text
    assert '<span class="badge no_go">NO GO</span>' in html
    statements = [o["statement"] for check in report["checks"].values() for o in check["observations"]]
    assert len(statements) > 5
    for statement in statements:
        assert str(markupsafe.escape(statement)) in html


def test_paths_outside_the_pages_answer_404(served: str) -> None:
    for path in [
        "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/..%2f..%2fetc%2fpasswd",
        "/%252e%252e%252f%252e%252e%252fetc%252fpasswd", "/..%5c..%5cetc%5cpasswd", "//etc/passwd",
        "/campaigns/../../etc/passwd", "/campaigns/..%2f..%2fetc%2fpasswd", "/campaigns/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/campaigns/%252e%252e%252fetc%252fpasswd", "/campaigns/..", "/campaigns/%2e%2e", "/campaigns//etc/passwd",
        "/style.css/../../../../etc/passwd", "/campaigns/2027-q2_spring-sale/../../../etc/passwd",
        # the workspace's own files are not served by their path either: only the pages show them
        "/mops.yaml", "/plans/2027-q2_spring-sale.yaml", "/.git/config", "/.mops/history.duckdb",
        "/campaigns/no-such-campaign", "/campaigns/%00",
    ]:
        status, body, _ = _raw_status(served, "GET", path)
        assert status == 404, path
        assert "root:x:0:0" not in body and "[core]" not in body


def test_writes_answer_405_and_change_nothing(served: str, full_example: Path) -> None:
    before = _tree(full_example)
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        for path in ("/", "/campaigns", "/campaigns/2027-q2_spring-sale", "/lint", "/no-such-page"):
            status, _, headers = _raw_status(served, method, path)
            assert status == 405, (method, path)
            assert headers["allow"] == "GET, HEAD"
    assert _tree(full_example) == before


def test_a_page_of_another_site_cannot_read_it(served: str) -> None:
    # a page elsewhere that resolves its own name to 127.0.0.1 (DNS rebinding) sends its own Host
    answer = _get(served + "/", headers={"Host": "attacker.example"})
    assert answer.status_code == 400
    assert "queue" not in answer.text


def test_200_concurrent_requests_all_succeed(served: str) -> None:
    pages = {"/": "<h1>Decision queue</h1>", "/campaigns": "<h1>Campaigns</h1>", "/lint": "<h1>Lint</h1>",
             "/campaigns/2027-q2_spring-sale": "<h1>Spring Sale 2027</h1>", "/campaigns/2026-q4_black-friday?as_of=2026-12-03": "<h1>Black Friday 2026</h1>"}
    paths = [list(pages)[i % len(pages)] for i in range(200)]

    async def run() -> list[tuple[str, int, str]]:
        limit = asyncio.Semaphore(20)
        async with httpx.AsyncClient(base_url=served, timeout=120, limits=httpx.Limits(max_connections=20)) as client:
            async def one(path: str) -> tuple[str, int, str]:
                async with limit:
                    response = await client.get(path)
                    return path, response.status_code, response.text

            return await asyncio.gather(*(one(p) for p in paths))

    answers = asyncio.run(run())
    assert len(answers) == 200
    for path, status, text in answers:
        assert status == 200, (path, text[-1000:])
        assert pages[path] in text


def test_lint_summary_counts_per_code_and_file_without_personal_data(example_workspace: Path, tmp_path: Path) -> None:
    # the agency draft's deliberate mistakes (examples/workspace/dirty/README.md), where the workspace lint reads it
    draft = example_workspace / "copy" / "meta" / "agency-draft.md"
    draft.write_bytes((example_workspace / "dirty" / "meta-ads-agency-draft.md").read_bytes())
    assert "+49 40 5550 1234" in draft.read_text(encoding="utf-8")
    with running_server(example_workspace, tmp_path / "cache") as url:
        html = _get(url + "/lint").text
    assert "7 errors" in html and "3 warnings" in html
    by_code = {row["code"]: (row["severity"], row["findings"]) for row in table(html, "by-code")}
    assert by_code == {
        "COPY001": ("warning", "1"), "COPY003": ("error", "1"), "COPY004": ("error", "1"), "UTM002": ("error", "1"),
        "UTM006": ("warning", "1"), "UTM009": ("warning", "1"), "UTM003": ("error", "1"), "COPY002": ("error", "1"),
        "PII002": ("error", "1"), "UTM005": ("error", "1"),
    }
    assert table(html, "by-file") == [{"file": "copy/meta/agency-draft.md", "errors": "7", "warnings": "3", "info": "0"}]
    findings = {row["code"]: row for row in table(html, "findings")}
    assert findings["PII002"]["where"] == "copy/meta/agency-draft.md:21:77"
    assert findings["PII002"]["message"] == "phone number in copy: remove it or replace it with a placeholder"
    assert "5550" not in html and "Call Malte" not in html


def test_the_lint_summary_shows_nothing_of_a_file_outside_the_workspace(example_workspace: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("Token: https://shop.example/?utm_source=SECRET-TOKEN-abc123&utm_medium=cpc\n", encoding="utf-8")
    (example_workspace / "copy" / "leak.md").symlink_to(secret)
    with running_server(example_workspace, tmp_path / "cache") as url:
        page = _get(url + "/lint")
    assert page.status_code == 200
    assert "SECRET-TOKEN" not in page.text and str(secret) not in page.text
    assert "1 file(s) reached through a symlink out of the workspace are not shown" in page.text
    assert "copy/leak.md" in page.text


def test_names_holding_script_are_escaped(example_workspace: Path, tmp_path: Path) -> None:
    plan = example_workspace / "plans" / "2027-q2_spring-sale.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("name: Spring Sale 2027", 'name: "Spring <script>alert(1)</script> Sale"'), encoding="utf-8")
    brief = example_workspace / "briefs" / "2027-q2_spring-sale.md"
    brief.write_text(brief.read_text(encoding="utf-8") + "\n<script>alert(2)</script>\n\n[details](javascript:alert(3))\n", encoding="utf-8")
    (example_workspace / "briefs" / "odd.md").write_text('---\ncampaign: "<script>alert(4)</script>"\n---\nBody <img src=x onerror=alert(5)>\n', encoding="utf-8")
    with running_server(example_workspace, tmp_path / "cache") as url:
        pages = {path: _get(url + path) for path in ("/", "/campaigns", "/campaigns/2027-q2_spring-sale", "/lint",
                                                      "/campaigns/%3Cscript%3Ealert%284%29%3C%2Fscript%3E")}
    for path, page in pages.items():
        assert page.status_code == 200, path
        assert "<script" not in page.text.lower(), path
        assert "<img src=x" not in page.text and 'href="javascript:' not in page.text
    campaign = pages["/campaigns/2027-q2_spring-sale"].text
    assert "<h1>Spring &lt;script&gt;alert(1)&lt;/script&gt; Sale</h1>" in campaign
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in campaign
    assert "[details](javascript:alert(3))" in campaign  # markdown-it refuses the link: left as text
    index = pages["/campaigns"].text
    assert '<a href="/campaigns/%3Cscript%3Ealert%284%29%3C%2Fscript%3E">&lt;script&gt;alert(4)&lt;/script&gt;</a>' in index
    assert "Body &lt;img src=x onerror=alert(5)&gt;" in pages["/campaigns/%3Cscript%3Ealert%284%29%3C%2Fscript%3E"].text


def test_a_failing_page_is_a_500_without_a_traceback_and_the_server_keeps_serving(example_workspace: Path, tmp_path: Path) -> None:
    config = example_workspace / "mops.yaml"
    good = config.read_text(encoding="utf-8")
    with running_server(example_workspace, tmp_path / "cache") as url:
        assert _get(url + "/campaigns").status_code == 200
        config.write_text(good.replace("currency: EUR", "curency: EUR"), encoding="utf-8")
        broken = _get(url + "/campaigns")
        assert broken.status_code == 500
        assert "mops.yaml:" in broken.text and "curency" in broken.text
        assert "Traceback" not in broken.text and 'File "' not in broken.text
        assert _get(url + "/style.css").status_code == 200
        config.write_text(good, encoding="utf-8")
        assert _get(url + "/campaigns").status_code == 200


def test_a_plan_that_does_not_read_is_said_on_its_page_and_the_others_still_show(example_workspace: Path, tmp_path: Path) -> None:
    (example_workspace / "plans" / "2027-q3_broken.yaml").write_text("campaign: 2027-q3_broken\nstart: not a day\n", encoding="utf-8")
    (example_workspace / "plans" / "2027-q4_folder.yaml").mkdir()
    outside = tmp_path / "secret.yaml"
    outside.write_text("campaign: 2027-q4_secret\nname: SECRET PLAN\n", encoding="utf-8")
    (example_workspace / "plans" / "2027-q4_secret.yaml").symlink_to(outside)
    with running_server(example_workspace, tmp_path / "cache") as url:
        index = _get(url + "/campaigns")
        broken = _get(url + "/campaigns/2027-q3_broken")
        folder = _get(url + "/campaigns/2027-q4_folder")
        secret = _get(url + "/campaigns/2027-q4_secret")
        fine = _get(url + "/campaigns/2027-q2_spring-sale")
    assert index.status_code == 200 and "2027-q2_spring-sale" in index.text
    assert broken.status_code == 200 and "plans/2027-q3_broken.yaml:2" in broken.text and "start: not a day" in broken.text
    assert folder.status_code == 200 and "is a directory" in folder.text
    assert secret.status_code == 404 and "SECRET PLAN" not in index.text
    assert fine.status_code == 200


def test_a_port_in_use_is_a_usage_error(example_workspace: Path, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "mops", "-w", str(example_workspace), "serve", "--port", str(port)],
                              env=server_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert f"port {port} on 127.0.0.1 is in use" in done.stderr and "--port 0" in done.stderr
    assert "Traceback" not in done.stderr


def test_without_the_web_extra_the_command_says_what_to_install(example_workspace: Path, tmp_path: Path) -> None:
    # sys.modules["starlette"] = None: importing it raises ImportError, as when the extra is not installed
    probe = "import sys; sys.modules['starlette'] = None; from mops.cli import run; sys.exit(run(sys.argv[1:]))"
    done = subprocess.run([sys.executable, "-c", probe, "-w", str(example_workspace), "serve", "--port", "0"],
                          env=server_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "mops serve needs starlette and uvicorn: pip install 'mops[web]'" in done.stderr
    assert done.stdout == ""


def test_help_does_not_import_the_server(tmp_path: Path) -> None:
    probe = ("import sys; from mops.cli import run; code = run(sys.argv[1:]); "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn', 'mops') and (m.startswith('mops.web') or not m.startswith('mops'))))")
    done = subprocess.run([sys.executable, "-c", probe, "serve", "--help"], env=server_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert "--port" in done.stdout and "127.0.0.1" in done.stdout
