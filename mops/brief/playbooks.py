"""Playbooks: Jinja templates (`NAME.md.j2`) that turn a Brief into a file people read.

Bundled playbooks live in the repository's `playbooks/` (installed as `mops/_bundled/playbooks`);
a workspace's own, in its `paths.playbooks` folder, override bundled ones of the same name.

A playbook may open with a header comment declaring what it is and which brief fields it needs
(`mops brief check` reports a brief missing any of them)::

    {#- mops:
    description: A campaign brief for people to review.
    requires: [campaign, title, objectives, budget.total, start, end, channels, owners]
    -#}

Templates render in Jinja's sandbox with undefined variables as errors (reported with the
template's file and line), no HTML escaping (the output is Markdown) and the trailing newline kept.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from mops.brief.playbook_helpers import PlaybookError, WorkspaceInfo, format_money, format_number, link_builder, week_starts
from mops.errors import ConfigError, MopsError, MultipleErrors, UsageError
from mops.models._base import UserFile
from mops.models.brief import Brief
from mops.paths import display_path
from mops.resources import bundled_path

SUFFIX = ".md.j2"
DEFAULT_PLAYBOOK = "campaign-brief"
_HEADER_HINT = "a playbook header holds `description:` (one line) and `requires:` (a list of brief fields); see docs/brief.md"
_HEADER = re.compile(r"\A\{#-?[ \t]*mops:[ \t]*\r?\n(?P<yaml>.*?)-?#\}", re.DOTALL)


class PlaybookHeader(UserFile):
    """The `{#- mops: ... -#}` header of a playbook."""

    description: str = Field(default="", description="One line saying what the playbook makes.")
    requires: list[str] = Field(default_factory=list, description="Brief fields the playbook needs, as dotted paths: budget.total.")

    @field_validator("requires")
    @classmethod
    def _brief_fields(cls, paths: list[str]) -> list[str]:
        unknown = [p for p in paths if not is_brief_field(p)]
        if unknown:
            raise ValueError(f"{', '.join(unknown)} is not a field of the brief; `mops schema brief` lists them")
        return paths


def is_brief_field(path: str) -> bool:
    """Whether a dotted path (`budget.total`) names a field of the Brief model."""
    model: Any = Brief
    for part in path.split("."):
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return False
        model = model.model_fields[part].annotation
    return True


@dataclass(frozen=True)
class PlaybookInfo:
    name: str
    path: Path
    source: Literal["bundled", "workspace"]
    description: str
    required_fields: tuple[str, ...]
    overrides_bundled: bool = False


def bundled_folder() -> Path:
    return bundled_path("playbooks")


def workspace_folder(ws: Any) -> Path | None:
    """The workspace's playbooks folder (None on bundled defaults)."""
    if ws.root is None:
        return None
    return ws.path(ws.config.paths.playbooks)


def read_header(path: Path, text: str | None = None) -> PlaybookHeader:
    """The playbook's header, or an empty one when it has none; a malformed header is a ConfigError
    at its line in the template."""
    from mops.yamlio import parse_yaml, validate_loaded

    shown = display_path(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read playbook: {exc}", path=shown, hint="a playbook is a UTF-8 Jinja template, NAME.md.j2") from None
    match = _HEADER.match(text)
    if match is None:
        return PlaybookHeader()
    # parsed below blank lines standing for the lines before it, so positions are template lines
    padding = "\n" * text.count("\n", 0, match.start("yaml"))
    loaded = parse_yaml(padding + match.group("yaml"), path, display=shown)
    try:
        return validate_loaded(PlaybookHeader, loaded, schema="brief", display=shown)
    except MultipleErrors as exc:
        for error in exc.errors:
            error.hint = _HEADER_HINT
        raise
    except ConfigError as exc:
        exc.hint = _HEADER_HINT
        raise


def _playbook_paths(ws: Any) -> tuple[dict[str, tuple[Path, Literal["bundled", "workspace"]]], set[str]]:
    """name -> (path, source) of every playbook the workspace can use (its own win), and the bundled names."""
    found: dict[str, tuple[Path, Literal["bundled", "workspace"]]] = {}
    bundled = {p.name[: -len(SUFFIX)]: p for p in sorted(bundled_folder().glob(f"*{SUFFIX}"))}
    for name, path in bundled.items():
        found[name] = (path, "bundled")
    own = workspace_folder(ws)
    if own is not None and own.is_dir():
        for path in sorted(own.glob(f"*{SUFFIX}")):
            found[path.name[: -len(SUFFIX)]] = (path, "workspace")
    return found, set(bundled)


def _info(name: str, path: Path, source: Literal["bundled", "workspace"], bundled: set[str]) -> PlaybookInfo:
    header = read_header(path)
    return PlaybookInfo(
        name=name, path=path, source=source, description=header.description, required_fields=tuple(header.requires),
        overrides_bundled=source == "workspace" and name in bundled,
    )


def list_playbooks(ws: Any) -> list[PlaybookInfo]:
    """Every playbook the workspace can use, by name: its own, then the bundled ones it does not override."""
    found, bundled = _playbook_paths(ws)
    return [_info(name, *found[name], bundled) for name in sorted(found)]


def find_playbook(ws: Any, name: str) -> PlaybookInfo:
    """The playbook called `name`; a UsageError listing the available ones when there is none.

    Only that playbook's header is read: a broken playbook elsewhere in the folder does not stop
    drafts that do not use it."""
    found, bundled = _playbook_paths(ws)
    if name not in found:
        raise UsageError(
            f"no playbook named {name!r}",
            hint=f"available: {', '.join(sorted(found)) or 'none'} (`mops playbooks list`)",
        )
    return _info(name, *found[name], bundled)


# -- rendering -------------------------------------------------------------------------------------


def _template_line(exc: BaseException) -> tuple[str, int] | None:
    """(template file, line) of the innermost template frame in the exception's traceback.

    Jinja rewrites tracebacks so that a template's frames carry its file name and line."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _undefined_name(message: str) -> str | None:
    match = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", message)
    return (match.group(1) or match.group(2)) if match else None


_VARIABLES_HINT = (
    "templates see brief, front_matter, today, workspace and the helpers money, number, weeks, utm_link; "
    "`mops schema brief` lists the brief's fields"
)


def _render_error(exc: Exception, playbook: Path, variables_hint: str = _VARIABLES_HINT) -> MopsError | None:
    """The error to report for an exception raised while rendering, at the template's file and line;
    None for one that is not the playbook's (a bug of ours, left to propagate)."""
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        path = display_path(Path(exc.filename)) if exc.filename else display_path(playbook)
        return ConfigError(f"template syntax error: {exc.message}", path=path, line=exc.lineno, hint="see https://jinja.palletsprojects.com/templates/")
    where = _template_line(exc)
    path, line = (display_path(Path(where[0])), where[1]) if where else (display_path(playbook), None)
    if isinstance(exc, jinja2.UndefinedError):
        return ConfigError(f"undefined variable: {exc.message}", path=path, line=line, field=_undefined_name(exc.message or ""), hint=variables_hint)
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return ConfigError(f"not allowed in a playbook: {exc}", path=path, line=line, hint="playbooks run in Jinja's sandbox: no private attributes, no changing objects")
    if isinstance(exc, MopsError):
        if exc.path is None:
            exc.path, exc.line = path, line
        return exc
    if isinstance(exc, (TypeError, ValueError, ArithmeticError, LookupError)) and where:
        return ConfigError(
            f"the playbook failed: {type(exc).__name__}: {exc}", path=path, line=line,
            hint="check the expression on this line against the brief's fields (`mops schema brief`)",
        )
    return None


def _bytecode_cache(jinja2: Any) -> Any:
    """Compiled templates kept in the user's cache (not the workspace, which a pull request can write):
    compiling the bundled campaign-brief costs 30-60 ms a draft. Jinja keys each entry by the
    template's source, so an edited playbook is compiled again."""
    from mops.usercache import cache_dir

    folder = cache_dir() / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only home: render without the cache
    return jinja2.FileSystemBytecodeCache(str(folder))


def _environment(folders: list[Path], *, autoescape: bool = False) -> Any:
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(
        loader=jinja2.FileSystemLoader([str(f) for f in folders]),
        bytecode_cache=_bytecode_cache(jinja2),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,  # Markdown is not escaped; HTML (a review's) is, every value
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_sandboxed(
    folders: list[Path], name: str, variables: dict[str, Any], *, shown: Path, autoescape: bool = False,
    helpers: dict[str, Any] | None = None, filters: dict[str, Any] | None = None, variables_hint: str = _VARIABLES_HINT,
) -> str:
    """Render template `name`, looked up in `folders` in order (the first holding it wins), in Jinja's
    sandbox with undefined variables as errors; `helpers` are globals, `filters` filters. A syntax
    error, an undefined variable or a refused operation is a ConfigError at the template's file and
    line (`shown`: the template reported when the error has no line of its own)."""
    env = _environment(folders, autoescape=autoescape)
    env.globals.update(helpers or {})
    env.filters.update(filters or {})
    try:
        return env.get_template(name).render(variables)
    except Exception as exc:  # noqa: BLE001 - sorted by _render_error; anything else propagates as it was
        error = _render_error(exc, shown, variables_hint)
        if error is None:
            raise
        raise error from None


def render_playbook(
    ws: Any, name: str, brief: Brief, *, extra: dict[str, Any] | None = None, today: dt.date | None = None
) -> str:
    """Render playbook `name` for `brief`.

    Variables: `brief`, `front_matter` (see `render_front_matter`), `today` (default: today),
    `workspace` (name, currency), and whatever `extra` adds or overrides. Helpers:
    `money(amount, currency)` and `number(value)` (also filters), `weeks(start, end)`,
    `utm_link(channel, content=None, url=None)`.

    An unknown name is a UsageError listing the playbooks; an undefined variable, a syntax error or
    a refused link is a ConfigError at the template's file and line (exit 2)."""
    from mops.brief.document import render_front_matter

    info = find_playbook(ws, name)
    currency = brief.budget.currency or ws.config.currency

    def money(amount: float | None, currency_code: str | None = None) -> str:
        return format_money(amount, currency_code or currency)

    variables: dict[str, Any] = {
        "brief": brief,
        "front_matter": render_front_matter(brief),
        "today": today or dt.date.today(),
        "workspace": WorkspaceInfo(name=ws.config.name, currency=ws.config.currency),
        **(extra or {}),
    }
    # the workspace's folder first, so that includes and extends find its templates before ours
    return render_sandboxed(
        [f for f in (workspace_folder(ws), bundled_folder()) if f is not None and f.is_dir()], info.path.name, variables,
        shown=info.path, helpers={"money": money, "number": format_number, "weeks": week_starts, "utm_link": link_builder(ws, brief)},
        filters={"money": money, "number": format_number},
    )


__all__ = [
    "DEFAULT_PLAYBOOK",
    "PlaybookError",
    "PlaybookHeader",
    "PlaybookInfo",
    "find_playbook",
    "format_money",
    "format_number",
    "is_brief_field",
    "list_playbooks",
    "read_header",
    "render_playbook",
    "render_sandboxed",
    "week_starts",
]
