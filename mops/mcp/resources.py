"""The MCP resources: what an assistant reads to work under the workspace's rules.

- mops://taxonomy, mops://brand-voice: the workspace's UTM taxonomy and brand voice files, as written;
- mops://rules (every lint rule's documentation) and mops://rules/{code} (one, as `mops lint --explain`);
- mops://history/schema: the history database's tables and views (read-only SQL runs over them);
- mops://plans/{name} and mops://briefs/{name}: each plan (plans/NAME.yaml) and brief (briefs/NAME.md).
  Those present when the server starts are listed; one added later is read through the same address.

Each file is read when asked, so an edit shows at once; plans and briefs come back with personal data
as placeholders (mops.mcp.redact), as every result of the server does."""

from __future__ import annotations

import re
from typing import Any, Callable

from mops.errors import MopsError

# a plan or brief name in an address: a file stem in its folder, no path
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}")


def register_resources(server: Any, ws: Any, current: Callable[[], Any] | None = None) -> None:
    """Add every resource of `ws` to `server` (a FastMCP); `current` gives the workspace as its files
    are now (the people and protected names redaction keeps), default `ws`."""
    from mops.mcp.paths import inside

    def read(relative: str, redact: bool = False) -> str:
        try:
            now = current() if current is not None else ws
            path = inside(now, relative)
            text = path.read_text(encoding="utf-8-sig")
            if redact:
                from mops.mcp.redact import Redactor

                text = Redactor.for_workspace(now).text(text)
        except FileNotFoundError:
            raise _error(f"{relative}: no such file in the workspace") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise _error(f"{relative}: cannot be read ({exc})") from None
        except MopsError as exc:
            raise _error(exc.render()) from None
        return text

    paths = ws.config.paths
    static: list[tuple[str, str, str, str, Callable[[], str]]] = [
        ("mops://taxonomy", "taxonomy", "The UTM taxonomy: allowed sources, mediums, campaign naming, channels and aliases", "application/yaml",
         lambda: read(paths.taxonomy)),
        ("mops://brand-voice", "brand-voice", "The brand voice: banned and preferred terms, claims, channel limits, protected names", "application/yaml",
         lambda: read(paths.brand_voice)),
        ("mops://rules", "rules", "Every lint rule: code, severity, fix safety and documentation (docs/rules.md)", "text/markdown",
         _rules_reference),
        ("mops://history/schema", "history-schema", "The history database's tables and views, which history_query reads", "text/markdown",
         _history_schema),
    ]
    for uri, name, description, mime, fn in static:
        server.resource(uri, name=name, description=description, mime_type=mime)(_named(fn, name))

    def rule(code: str) -> str:
        from mops.lint.rules_doc import explain_rule

        try:
            return explain_rule(code)
        except MopsError as exc:
            raise _error(exc.render()) from None

    server.resource("mops://rules/{code}", name="rule", description="One lint rule's documentation, as `mops lint --explain CODE`",
                    mime_type="text/markdown")(rule)

    def reader(kind: str, folder: str, suffix: str) -> Callable[[str], str]:
        def one(name: str) -> str:
            if not _NAME.fullmatch(name) or ".." in name:
                raise _error(f"{name!r} is not a {kind[:-1]} name", hint=f"give the file's name without {suffix}, e.g. mops://{kind}/2027-q2_spring-sale")
            return read(f"{folder}/{name}{suffix}", redact=True)

        one.__name__ = kind
        return one

    for kind, folder, suffix, mime in (("plans", paths.plans, ".yaml", "application/yaml"), ("briefs", paths.briefs, ".md", "text/markdown")):
        one = reader(kind, folder, suffix)
        server.resource(f"mops://{kind}/{{name}}", name=kind[:-1], mime_type=mime,
                        description=f"A {kind[:-1]} of the workspace ({folder}/NAME{suffix}), by its file name")(one)
        root = ws.path(folder)
        for file in sorted(root.glob(f"*{suffix}")) if root.is_dir() else []:
            if file.is_file() and _NAME.fullmatch(file.stem):
                server.resource(f"mops://{kind}/{file.stem}", name=f"{kind[:-1]}:{file.stem}", mime_type=mime,
                                description=f"{folder}/{file.name}")(_named(lambda stem=file.stem, one=one: one(stem), f"{kind}_{file.stem}"))


def _named(fn: Callable[[], str], name: str) -> Callable[[], str]:
    """`fn` as a function of its own name (the SDK names a resource's function after it)."""
    def resource() -> str:
        return fn()

    resource.__name__ = re.sub(r"\W", "_", name)
    return resource


def _error(message: str, hint: str | None = None) -> Exception:
    from mcp.server.fastmcp.exceptions import ResourceError

    return ResourceError(message + (f" (hint: {hint})" if hint else ""))


def _rules_reference() -> str:
    from mops.lint.rules_doc import render_rules_reference

    return render_rules_reference()


def _history_schema() -> str:
    from mops.history.schema import DDL, SCHEMA_VERSION

    return (
        f"# The history database (schema version {SCHEMA_VERSION})\n\n"
        "history_query runs one read-only SELECT over these tables and views (DuckDB SQL). `facts` holds one row per day "
        "and platform campaign (or GA4 source/medium/campaign); `campaign_daily` ties rows to the plans' campaign ids and "
        "channels; `campaigns` sums them per campaign; `crm_segments` holds CRM lists as per-segment counts, never people. "
        "docs/history.md documents each column.\n\n```sql\n" + DDL.strip() + "\n```\n"
    )

