"""Where the post-campaign review joins a campaign's page: `campaign_review`, the one hook.

Once a campaign has ended, its page shows the review `mops report review PLAN --format html` would
write (mops/report/: the same figures, queries and inline charts), rendered in memory, never
written. The page shows it in a sandboxed frame (no script, no form, nothing of the page reachable
from it); the frame's document inherits the page's Content-Security-Policy (SECURITY_HEADERS in
app.py), which lets inline styles and data: images through and no script. Before the end, or when
the review cannot be made (a plan that no longer reads), the section says why and gives the command."""

from __future__ import annotations

import datetime as dt
import shlex
from typing import Any

from mops.errors import MopsError
from mops.models.web import ReviewSection


def campaign_review(ws: Any, plan: Any, plan_name: str, today: dt.date) -> ReviewSection:
    """The review section of the campaign whose plan is `plan` (its file `plan_name`, workspace-relative)."""
    command = f"mops report review {shlex.quote(plan_name)} --format html"
    if plan.end >= today:
        note = f"The review is written once the campaign has ended ({plan.end.isoformat()}), from its history, pacing and launch records."
        return ReviewSection(html=None, command=command, note=note)
    from mops.report.render import render_review, review_target
    from mops.report.review import review_campaign

    try:
        report = review_campaign(ws, plan_name, as_of=today)
        html, _ = render_review(ws, report, "html", review_target(ws, report, "html", None))
    except MopsError as error:
        return ReviewSection(html=None, command=command, note=f"The review cannot be made: {error.render().splitlines()[0]}")
    note = f"The campaign ended on {plan.end.isoformat()}: its review as of {today.isoformat()}; the command below writes it to reviews/."
    return ReviewSection(html=html, command=command, note=note)
