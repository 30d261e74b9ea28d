"""The MCP prompts: the two jobs an assistant is most often asked to do with a workspace, written out
as the steps mops expects, so any client runs them the same way and leaves the decision to people."""

from __future__ import annotations

from typing import Any


def register_prompts(server: Any, *, allow_writes: bool) -> None:
    """Add the prompts to `server`; their steps name the writing tools only when the server has them."""

    @server.prompt(name="draft_brief", title="Draft a brief from this transcript",
                   description="Draft a campaign brief from a kickoff transcript (a file in the workspace, or its text), grounded in what was said")
    def draft_brief(transcript: str) -> str:
        looks_like_path = "\n" not in transcript.strip() and transcript.strip().lower().endswith((".txt", ".vtt", ".srt", ".docx"))
        source = (f"the transcript file `{transcript.strip()}` (call brief_draft with transcript=\"{transcript.strip()}\")" if looks_like_path
                  else "the transcript below (call brief_draft with transcript_text set to it and a filename such as kickoff.txt)")
        steps = [
            f"Draft a campaign brief from {source}.",
            "1. Call brief_draft without write first. Read its observations: every value in the brief carries the words it came from; "
            "do not add budgets, dates, channels or owners the meeting did not state. Open questions stay questions.",
            "2. Read mops://taxonomy to check that the channels and the campaign id follow the workspace's naming.",
            "3. Show the user the draft, its open questions and the observations (warnings first).",
        ]
        if allow_writes:
            steps.append("4. Only if the user asks, call brief_draft again with write=true: it writes briefs/<campaign>.md and never replaces an existing brief.")
        else:
            steps.append("4. This server cannot write: to keep the draft, the user runs `mops brief draft TRANSCRIPT` themselves.")
        steps.append("A brief ships only after a gatekeeper approves it with their own key (`mops approve briefs/<campaign>.md`); "
                     "no tool approves, so say what is left for them to decide.")
        text = "\n".join(steps)
        return text if looks_like_path else f"{text}\n\nTranscript:\n\n{transcript}"

    @server.prompt(name="prepare_launch", title="Prepare the launch of a plan",
                   description="Check a plan before launch (segment, tracking, budget, readiness), prepare the fixes, and say what a gatekeeper must decide")
    def prepare_launch(plan: str) -> str:
        name = plan.strip().removeprefix("plans/").removesuffix(".yaml")
        steps = [
            f"Prepare the launch of the plan `{name}` (plans/{name}.yaml).",
            f"1. Read mops://plans/{name} and, if there is one, mops://briefs/{name}.",
            f"2. Call launch_check with plans=[\"plans/{name}.yaml\"]. Report the verdict (go, go_after_fixes, no_go) and, check by check "
            "(segment, tracking, budget, readiness), each failing or warning observation with its figures and evidence.",
            "3. For the tracking corrections, call lint_fix on the plan's copy without apply and show the diff."
            if allow_writes else "3. For the tracking corrections, call lint on the plan's copy and list the safe fixes `mops lint --fix` would make.",
        ]
        if allow_writes:
            steps.append("4. Only if the user asks: apply the fixes (lint_fix with apply=true) and write the launch proposal "
                         "(launch_check with write_proposal=true): proposals/<campaign>-launch.yaml.")
        steps.append(f"The go/no-go is a gatekeeper's: they approve the proposal with their own key (`mops approve proposals/{name}-launch.yaml`). "
                     "No tool approves, rejects or applies; do not say the campaign may launch, say what the check found.")
        return "\n".join(steps)
