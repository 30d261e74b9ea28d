"""Where the post-campaign review joins a campaign's page: `campaign_review`, the one hook.

The review itself is `mops report review PLAN --format html` (mops/report/). Until it can be called
from here, the page shows the command that writes it. Wiring it in is this function alone: render
the review's HTML and return it as `html`; the page shows it in a sandboxed frame (no script, no
form, nothing of the page reachable from it). The frame's document inherits the page's
Content-Security-Policy (SECURITY_HEADERS in app.py): inline images (data:) pass, inline <style>
does not, so either the review's styles come as a stylesheet of this server or `style-src` gains
'unsafe-inline' (styles only; scripts stay refused); tests/test_serve_browser.py then shows it drawn."""

from __future__ import annotations

import datetime as dt
import shlex
from typing import Any

from mops.models.web import ReviewSection


def campaign_review(ws: Any, plan: Any, plan_name: str, today: dt.date) -> ReviewSection:
    """The review section of the campaign whose plan is `plan` (its file `plan_name`, workspace-relative)."""
    command = f"mops report review {shlex.quote(plan_name)} --format html"
    if plan.end >= today:
        note = f"The review is written once the campaign has ended ({plan.end.isoformat()}), from its history, pacing and launch records."
    else:
        note = f"The campaign ended on {plan.end.isoformat()}: run this in the workspace to write its review."
    return ReviewSection(html=None, command=command, note=note)
