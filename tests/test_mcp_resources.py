"""`mops mcp`: the resources (taxonomy, brand voice, rules, history schema, each plan and brief) and
the prompts, read through the SDK's stdio client from the real server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mcp.client.session import ClientSession

from tests.mcp_support import mops, serve


def _text(result: Any) -> str:
    (content,) = result.contents
    return content.text


def test_lists_a_resource_for_each_plan_and_brief_and_the_workspace_files(example_workspace: Path) -> None:
    ws = example_workspace

    async def calls(session: ClientSession) -> Any:
        return (await session.list_resources()).resources, (await session.list_resource_templates()).resourceTemplates

    (resources, templates), _ = serve(ws, calls)
    uris = {str(r.uri) for r in resources}
    plans = {f"mops://plans/{p.stem}" for p in (ws / "plans").glob("*.yaml")}
    briefs = {f"mops://briefs/{p.stem}" for p in (ws / "briefs").glob("*.md")}
    assert len(plans) >= 3 and len(briefs) >= 2
    assert uris == {"mops://taxonomy", "mops://brand-voice", "mops://rules", "mops://history/schema"} | plans | briefs
    assert {t.uriTemplate for t in templates} == {"mops://rules/{code}", "mops://plans/{name}", "mops://briefs/{name}"}


def test_resources_hold_the_workspace_files_and_the_cli_documentation(example_workspace: Path) -> None:
    ws = example_workspace
    (ws / "plans" / "2027-q3_added-later.yaml").write_text("campaign: 2027-q3_added-later\n", encoding="utf-8")

    async def calls(session: ClientSession) -> Any:
        return [await session.read_resource(uri) for uri in (
            "mops://taxonomy", "mops://brand-voice", "mops://plans/2027-q2_spring-sale", "mops://rules/utm002",
            "mops://history/schema", "mops://plans/2027-q3_added-later", "mops://rules")]

    (taxonomy, voice, plan, rule, schema, later, rules), _ = serve(ws, calls)
    assert _text(taxonomy) == (ws / "taxonomy" / "utm.yaml").read_text(encoding="utf-8")
    assert _text(voice) == (ws / "brand" / "voice.yaml").read_text(encoding="utf-8")
    assert _text(plan) == (ws / "plans" / "2027-q2_spring-sale.yaml").read_text(encoding="utf-8")
    explained = mops(ws, "lint", "--explain", "UTM002")
    assert explained.returncode == 0
    assert _text(rule).strip() == explained.stdout.strip()
    assert "CREATE TABLE IF NOT EXISTS facts" in _text(schema) and "crm_segments" in _text(schema)
    assert _text(later) == "campaign: 2027-q3_added-later\n"  # a plan written after the server started
    assert "UTM002" in _text(rules) and "PII001" in _text(rules)


def test_a_brief_comes_back_without_personal_data(example_workspace: Path) -> None:
    ws = example_workspace
    brief = ws / "briefs" / "2027-q3_customer-note.md"
    brief.write_text("---\ncampaign: 2027-q3_customer-note\n---\nA customer (jo.smith@example.org, +44 20 7946 0958) asked for a bundle.\n",
                     encoding="utf-8")

    async def calls(session: ClientSession) -> Any:
        return await session.read_resource("mops://briefs/2027-q3_customer-note")

    result, _ = serve(ws, calls)
    text = _text(result)
    assert "jo.smith@example.org" not in text and "7946" not in text
    assert "A customer ([EMAIL_1], [PHONE_1]) asked for a bundle." in text


def test_resource_errors_are_clear_and_the_server_keeps_serving(example_workspace: Path, tmp_path: Path) -> None:
    ws = example_workspace
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: hunter2\n", encoding="utf-8")
    (ws / "plans" / "escape.yaml").symlink_to(secret)

    async def calls(session: ClientSession) -> Any:
        outcomes = []
        for uri in ("mops://plans/no-such-plan", "mops://plans/..%2F..%2Fetc%2Fpasswd", "mops://plans/escape",
                    "mops://rules/NOPE999", "mops://briefs/%2Fetc%2Fpasswd"):
            try:
                outcomes.append(("ok", _text(await session.read_resource(uri))))
            except Exception as error:  # noqa: BLE001 - the SDK raises the server's error
                outcomes.append(("error", str(error)))
        outcomes.append(("ok", _text(await session.read_resource("mops://taxonomy"))))
        return outcomes

    outcomes, _ = serve(ws, calls)
    missing, dotdot, symlink, rule, absolute, taxonomy = outcomes
    assert missing[0] == "error" and "plans/no-such-plan.yaml: no such file" in missing[1]
    # refused as a name, never tried as a path (no file named, nothing read)
    assert dotdot[0] == "error" and "'..%2F..%2Fetc%2Fpasswd' is not a plan name" in dotdot[1]
    assert "no such file" not in dotdot[1] and "etc/passwd" not in dotdot[1]
    assert symlink[0] == "error" and "outside the workspace" in symlink[1]
    assert rule[0] == "error" and "no rule 'NOPE999'" in rule[1]
    assert absolute[0] == "error"
    assert all("hunter2" not in text and "root:" not in text for _, text in outcomes)
    assert taxonomy[0] == "ok" and "utm_source" in taxonomy[1]


def test_prompts_give_the_steps_and_leave_the_decision_to_a_gatekeeper(example_workspace: Path) -> None:
    async def calls(session: ClientSession) -> Any:
        prompts = (await session.list_prompts()).prompts
        launch = await session.get_prompt("prepare_launch", {"plan": "plans/2027-q2_spring-sale.yaml"})
        draft = await session.get_prompt("draft_brief", {"transcript": "transcripts/2027-q2_spring-sale-kickoff.txt"})
        pasted = await session.get_prompt("draft_brief", {"transcript": "Dana Lee: Budget is 30,000 EUR.\nSam Ortiz: Fine."})
        return prompts, launch, draft, pasted

    (prompts, launch, draft, pasted), _ = serve(example_workspace, calls)
    assert {p.name for p in prompts} == {"draft_brief", "prepare_launch"}
    launch_text = launch.messages[0].content.text
    assert 'launch_check with plans=["plans/2027-q2_spring-sale.yaml"]' in launch_text
    assert "mops approve proposals/2027-q2_spring-sale-launch.yaml" in launch_text
    assert "write_proposal" not in launch_text and "lint_fix" not in launch_text  # a read-only server has neither
    draft_text = draft.messages[0].content.text
    assert 'brief_draft with transcript="transcripts/2027-q2_spring-sale-kickoff.txt"' in draft_text
    assert "cannot write" in draft_text
    assert pasted.messages[0].content.text.endswith("Dana Lee: Budget is 30,000 EUR.\nSam Ortiz: Fine.")

    async def writable(session: ClientSession) -> Any:
        return await session.get_prompt("prepare_launch", {"plan": "2027-q2_spring-sale"})

    launch_w, _ = serve(example_workspace, writable, "--allow-writes")
    assert "write_proposal=true" in launch_w.messages[0].content.text and "lint_fix" in launch_w.messages[0].content.text
