"""`mops serve`: the team's page, the workspace served read-only to a browser."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    app.command("serve", rich_help_panel="Approvals")(serve_cmd)


def serve_cmd(
    ctx: typer.Context,
    port: int = typer.Option(8000, "--port", "-p", min=0, max=65535, help="Port to listen on; 0: any free port (the URL printed says which)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on. The default serves this machine only; 0.0.0.0 serves anyone who can reach it."),
) -> None:
    """Serve the workspace read-only as a small web site for the team: the decision queue, each
    campaign (brief, plan, launch verdict, pacing and its chart, review) and the lint summary.

    Nothing on it changes a file: it answers GET and HEAD only, writes no proposal and approves
    nothing; each queue entry shows the `mops approve` command a gatekeeper runs in git. Pages are
    computed when asked for, from the files as they are. Prints the URL, then serves until Ctrl-C.

    Needs the optional web extra (pip install 'mops\\[web]'). Exit 2 when it is missing, the port is
    taken or the workspace cannot be loaded.

    Example: mops serve --port 0
    """
    import sys

    from mops.commands._context import workspace
    from mops.web.server import check_installed, serve

    check_installed()  # said before the workspace is read
    ws = workspace(ctx)

    def ready(url: str) -> None:
        typer.echo(f"serving {ws.root} read-only at {url} (Ctrl-C stops)")
        if host in ("0.0.0.0", "::"):
            sys.stderr.write(f"mops serve: warning: listening on every address ({host}): anyone who can reach this machine can read the page\n")
        sys.stdout.flush()

    serve(ws, host=host, port=port, ready=ready)
