"""The Starlette application of the team's page.

Fixed routes (the queue, the campaigns, one campaign, the lint, the stylesheet): no route serves a
file by its path, so no address reaches outside the workspace; a campaign is looked up among the
workspace's campaigns by its id, never joined onto a path. Only GET and HEAD are answered (anything
else is 405 before routing), every response says no script may run (Content-Security-Policy), and
only the host names the server was bound for are answered (a page of another site cannot read this
one through DNS rebinding).

Each page reloads the workspace (the content-hash cache makes that ~1 ms), so it shows the files as
they are now. The domain work runs one page at a time (the workspace's caches and memos are not
shared between threads, as in the MCP server), and requests for the same page that arrive while it
is being computed share that computation rather than queueing for their own."""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
import time
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from mops import __version__
from mops.errors import MopsError

# no script at all, images only inline (the charts), styles from this server and inline (the review's page in its frame
# carries its own; every value in it is escaped), no form, no framing
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}
READ_METHODS = ("GET", "HEAD")
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


class SharedRuns:
    """Runs of the same key that overlap share one result: the first computes it, those arriving
    meanwhile wait for it. Nothing is kept after a run: the next request computes afresh."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[Hashable, Future] = {}

    def run(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        with self._lock:
            running = self._running.get(key)
            if running is None:
                running = self._running[key] = Future()
                leader = True
            else:
                leader = False
        if not leader:
            return running.result()
        try:
            result = compute()
        except BaseException as exc:
            running.set_exception(exc)
            raise
        else:
            running.set_result(result)
            return result
        finally:
            with self._lock:
                del self._running[key]


class Site:
    """The pages of one workspace: what each computes and how it is rendered."""

    def __init__(self, config_path: Path, name: str) -> None:
        from mops.web.render import environment

        self.config_path = config_path
        self.name = name
        self.env = environment()
        self._work = threading.Lock()
        self._shared = SharedRuns()

    def _compute(self, key: Hashable, compute: Callable[[Any], Any]) -> Any:
        def run() -> Any:
            from mops.workspace import load_workspace

            with self._work:
                return compute(load_workspace(self.config_path))

        return self._shared.run(key, run)

    def html(self, template: str, status_code: int = 200, **values: Any) -> Any:
        from starlette.responses import HTMLResponse

        text = self.env.get_template(template).render(workspace_name=self.name, version=__version__, **values)
        return HTMLResponse(text, status_code=status_code)

    def error(self, status: int, heading: str, message: str | None, advice: str) -> Any:
        return self.html("error.html", status, title=heading, status=status, heading=heading, message=message, advice=advice)

    def page(self, request: Any, template: str, title: str, key: Hashable, compute: Callable[[Any], Any]) -> Any:
        """The page `template` of what `compute(workspace)` returns (None: 404), timed; a failure
        is an error page (the server goes on serving), never a traceback."""
        started = time.perf_counter()
        try:
            data = self._compute(key, compute)
            if data is None:
                response = self.not_found(request)
            else:
                response = self.html(template, page=data, title=title(data) if callable(title) else title,
                                     verdict_words=_verdict_words())
        except MopsError as exc:
            response = self.error(500, "This page could not be made", exc.render(),
                                  "The command line says the same; fix what it names and reload the page.")
        except Exception as exc:  # noqa: BLE001 - one page failed; the server keeps serving the others
            log_failure(request.method, request.url.path, exc)
            response = self.error(500, "This page failed", f"{type(exc).__name__}",
                                  "This is a bug in mops; the other pages still work. The command line (mops queue, mops launch check, "
                                  "mops pacing check, mops lint) gives the same answers with the details.")
        response.headers["server-timing"] = f"page;dur={(time.perf_counter() - started) * 1000:.1f}"
        return response

    # -- the routes --------------------------------------------------------------------------------

    def queue(self, request: Any) -> Any:
        from mops.web.pages import queue_page

        return self.page(request, "queue.html", "Decision queue", ("queue",), queue_page)

    def campaigns(self, request: Any) -> Any:
        from mops.web.pages import campaign_index

        return self.page(request, "campaigns.html", "Campaigns", ("campaigns",), campaign_index)

    def campaign(self, request: Any) -> Any:
        from mops.web.pages import campaign_page

        campaign = request.path_params["campaign"]
        given = request.query_params.get("as_of")
        from mops.timezones import checked_day

        try:
            as_of = checked_day(given) if given else None
        except ValueError as error:
            return self.error(400, "Bad request", f"as_of: {error}", "Write a day as YYYY-MM-DD, e.g. ?as_of=2026-12-05.")
        return self.page(request, "campaign.html", lambda page: page.summary.name or page.campaign, ("campaign", campaign, as_of),
                         lambda ws: campaign_page(ws, campaign, as_of=as_of))

    def lint(self, request: Any) -> Any:
        from mops.web.pages import lint_summary

        return self.page(request, "lint.html", "Lint", ("lint",), lint_summary)

    def stylesheet(self, request: Any) -> Any:
        from starlette.responses import Response

        from mops.web.render import TEMPLATES

        return Response((TEMPLATES / "style.css").read_bytes(), media_type="text/css")

    def not_found(self, request: Any, exc: Any = None) -> Any:
        return self.error(404, "Not found", None, "This page shows the decision queue, the campaigns and the lint; the links above lead to them.")


def _verdict_words() -> dict[str, str]:
    from mops.launch.text import VERDICT_WORDS

    return VERDICT_WORDS


def log_failure(method: str, path: str, exc: BaseException) -> None:
    """A failed page on stderr, one line (the traceback with MOPS_DEBUG=1, as for a command)."""
    if os.environ.get("MOPS_DEBUG"):
        import traceback

        traceback.print_exception(exc)
    sys.stderr.write(f"mops serve: {method} {path} failed: {type(exc).__name__} (MOPS_DEBUG=1 shows the traceback)\n")


class Guard:
    """Outermost: answers anything but GET and HEAD with 405 before any routing, adds the security
    headers to every response, and is the last line of defence: whatever escapes the pages becomes
    a plain 500 and one line on stderr, never a traceback, and the server goes on serving."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = False

        async def send_guarded(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", []) if k.decode("latin-1").lower() not in SECURITY_HEADERS]
                headers += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        if scope["method"] not in READ_METHODS:
            from starlette.responses import PlainTextResponse

            refused = PlainTextResponse("405 Method Not Allowed: this page is read-only (GET and HEAD only)\n", status_code=405,
                                        headers={"allow": ", ".join(READ_METHODS)})
            await refused(scope, receive, send_guarded)
            return
        try:
            await self.app(scope, receive, send_guarded)
        except Exception as exc:  # noqa: BLE001 - see the class's docstring
            log_failure(scope["method"], scope.get("path", ""), exc)
            if not started:
                from starlette.responses import PlainTextResponse

                await PlainTextResponse("500: this page failed; the other pages still work\n", status_code=500)(scope, receive, send_guarded)


def allowed_hosts(host: str) -> list[str]:
    """The Host headers answered: the loopback names, and the address bound when it is another one;
    any for a wildcard address (0.0.0.0, ::), which `mops serve` warns about."""
    if host in ("0.0.0.0", "::", ""):
        return ["*"]
    return list(dict.fromkeys([*LOOPBACK_NAMES, host]))


def build_app(config_path: Path, name: str, *, host: str = "127.0.0.1") -> Any:
    """The ASGI application serving the workspace of `config_path` (its mops.yaml), titled `name`."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.routing import Route

    site = Site(config_path, name)
    routes = [
        Route("/", site.queue, methods=["GET"]),
        Route("/campaigns", site.campaigns, methods=["GET"]),
        Route("/campaigns/{campaign:path}", site.campaign, methods=["GET"]),
        Route("/lint", site.lint, methods=["GET"]),
        Route("/style.css", site.stylesheet, methods=["GET"]),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(host))],
        exception_handlers={404: site.not_found},
    )
    return Guard(app)
