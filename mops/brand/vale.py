"""Convert Vale `substitution` and `existence` rules into brand-voice terms.

How a Vale rule becomes `Term`s (one per swap key, one per token):

- Every pattern is wrapped the way Vale wraps it, `\\b(?:KEY)\\b` (nothing when `nonword: true`),
  after `vale_regex.translate` has made its Go/.NET syntax mean the same to the `regex` package.
  A key with no regex metacharacter that starts and ends with a word character stays a plain term
  (`regex: false`): the copy linter matches plain terms as whole words, which is the same thing.
- `swap` values: `a|b` gives two alternatives (`\\|` is a literal pipe). `$1`, `${1}` and `${name}`
  become `\\g<1>` / `\\g<name>` (`$$` is a literal `$`): an alternative containing `\\g<` is a
  `Match.expand` template (its literal backslashes are doubled); any other alternative is literal text.
- Vale does not report a match that is already one of the suggestions (`RamaLama` under
  `ignorecase: true` for the key `[rR]ama[lL]lama`). Each literal alternative the key itself matches
  is excluded with a case-sensitive look-ahead at the start of the match, `(?!(?-i:RamaLama)\\b)`.
- `exceptions` (Vale skips a match containing one, compared case-sensitively) become a case-sensitive
  negative look-ahead at the start of the match, `(?!\\b(?-i:(?:e1|e2))\\b)`. This is exact when a match
  and its exception start together (the usual case: tokens and exceptions are words); an exception
  found later inside a longer match does not suppress it as it would in Vale.
- `ignorecase` -> `case_sensitive: false` (Vale's default is case-sensitive); `level` error / warning /
  suggestion (Vale's default) -> severity error / warning / info; `message` (with its `%s`) -> reason;
  `raw` (existence) is joined into one pattern and put before the tokens (after them with `append`).
- `capitalize`, `vocab`, `action`, `link` and `scope` are not carried over. Other `extends:` values
  (occurrence, conditional, capitalization, spelling, script...) are reported as not convertible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mops.brand.vale_regex import NotConvertible, translate
from mops.errors import ConfigError, InputError
from mops.models.results import Severity
from mops.models.voice import Term
from mops.paths import display_path
from mops.yamlio import LoadedYaml, load_yaml

CONVERTIBLE = ("substitution", "existence")
_LEVELS = {"error": Severity.error, "warning": Severity.warning, "suggestion": Severity.info}
_META = re.compile(r"[\\.^$*+?()\[\]{}|]")
_BACKREF = re.compile(r"\$(?:(\$)|(\d+)|\{(\w+)\})")
_CAPTURE_OPEN = re.compile(r"(?<!\\)\((?!\?)")


@dataclass(frozen=True)
class Skipped:
    """A rule (swap key, token, or the whole file) that was not converted, and why."""

    what: str
    reason: str
    line: int | None = None


@dataclass
class ValeImport:
    """What one Vale rule file converted to."""

    display: str
    extends: str
    terms: list[Term] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.terms) + len(self.skipped)


@dataclass(frozen=True)
class _Rule:
    """The settings shared by every pattern of one Vale file."""

    display: str
    ignorecase: bool
    nonword: bool
    severity: Severity
    reason: str | None
    exceptions: str | None  # translated, non-capturing alternation


def import_vale_rule(path: Path, *, display: str | None = None) -> ValeImport:
    """Convert one Vale rule file; bad YAML or a malformed rule raises a located `ConfigError`."""
    shown = display or display_path(path)
    loaded = load_yaml(path, display=shown)
    data = loaded.data
    if not isinstance(data, dict):
        raise ConfigError("a Vale rule must be a mapping of `key: value` lines", path=shown, line=1, column=1)
    fields = {str(k).lower(): (k, v) for k, v in data.items()}
    extends = _field(fields, "extends")
    if not isinstance(extends, str) or not extends:
        raise ConfigError(
            "missing the `extends:` key", path=shown, line=1, hint="is this a Vale rule? e.g. `extends: substitution`"
        )
    result = ValeImport(display=shown, extends=extends)
    if extends not in CONVERTIBLE:
        pos = loaded.value_positions.get((fields["extends"][0],))
        result.skipped.append(
            Skipped(f"rule 'extends: {extends}'", "only substitution and existence rules can become terms", pos.line if pos else None)
        )
        return result
    rule = _rule_settings(fields, loaded, shown)
    if extends == "substitution":
        _convert_swap(fields, loaded, rule, result)
    else:
        _convert_existence(fields, loaded, rule, result)
    return result


def require_convertible(imports: list[ValeImport]) -> None:
    """Raise `InputError` naming each file that gave no term at all."""
    for item in imports:
        if not item.terms:
            raise InputError(
                f"no convertible rule ({len(item.skipped)} skipped)",
                path=item.display,
                hint="only `substitution` swaps and `existence` tokens convert; leave this file out",
            )


def _field(fields: dict[str, tuple[Any, Any]], name: str, default: Any = None) -> Any:
    return fields[name][1] if name in fields else default


def _rule_settings(fields: dict[str, tuple[Any, Any]], loaded: LoadedYaml, shown: str) -> _Rule:
    level = _field(fields, "level", "suggestion")
    if level not in _LEVELS:
        pos = loaded.value_positions.get((fields["level"][0],))
        raise ConfigError(
            f"unknown level {level!r}",
            path=shown,
            line=pos.line if pos else None,
            column=pos.column if pos else None,
            hint="Vale levels are suggestion, warning and error",
        )
    message = _field(fields, "message")
    exceptions = _field(fields, "exceptions") or []
    if isinstance(exceptions, str):
        exceptions = [exceptions]
    return _Rule(
        display=shown,
        ignorecase=bool(_field(fields, "ignorecase", False)),
        nonword=bool(_field(fields, "nonword", False)),
        severity=_LEVELS[level],
        reason=str(message) if message else None,
        exceptions=_exceptions_pattern([str(e) for e in exceptions if str(e).strip()], shown),
    )


def _exceptions_pattern(exceptions: list[str], shown: str) -> str | None:
    if not exceptions:
        return None
    # Vale tries longer exceptions first so that alternation is greedy.
    ordered = sorted(exceptions, key=len, reverse=True)
    try:
        parts = [_CAPTURE_OPEN.sub("(?:", translate(e).pattern) for e in ordered]
    except NotConvertible as exc:
        raise ConfigError(f"an exception is not a usable pattern: {exc}", path=shown, hint="fix or remove it") from None
    return "|".join(parts)


def _convert_swap(fields: dict[str, tuple[Any, Any]], loaded: LoadedYaml, rule: _Rule, result: ValeImport) -> None:
    swap_key = fields.get("swap", (None, None))[0]
    swap = _field(fields, "swap")
    if not isinstance(swap, dict):
        raise ConfigError("a substitution rule needs a `swap:` mapping of `observed: expected` lines", path=rule.display, line=1)
    for key, value in swap.items():
        pos = loaded.key_positions.get((swap_key, key))
        line = pos.line if pos else None
        label = f"swap key {key!r}"
        try:
            result.terms.append(_swap_term(key, value, rule, line))
        except NotConvertible as exc:
            result.skipped.append(Skipped(label, str(exc), line))


def _swap_term(key: Any, value: Any, rule: _Rule, line: int | None) -> Term:
    if isinstance(key, bool) or not isinstance(key, (str, int)):
        raise NotConvertible(f"YAML read this key as {type(key).__name__} {key!r}, not text; quote it")
    key = str(key)
    if not key.strip():
        raise NotConvertible("the key is empty")
    translated = translate(key)
    alternatives = [_alternative(option, translated.capture_groups) for option in _options(value)]
    body = translated.pattern
    _compile(body, rule.ignorecase)  # alone first, so an error's position is within the user's key
    matches_itself = _compile(_wrap(body, rule.nonword, []), rule.ignorecase)
    for alt in alternatives:
        for name in re.findall(r"\\g<(\w+)>", alt):
            if not name.isdigit() and name not in matches_itself.groupindex:
                raise NotConvertible(f"the value refers to group ${{{name}}}, which the key does not define")
    same = [alt for alt in alternatives if "\\g<" not in alt and matches_itself.fullmatch(alt)]
    return _term(key, body, rule, line, alternatives, [_same_guard(alt) for alt in same])


def _convert_existence(fields: dict[str, tuple[Any, Any]], loaded: LoadedYaml, rule: _Rule, result: ValeImport) -> None:
    tokens_key = fields.get("tokens", (None, None))[0]
    tokens = _field(fields, "tokens") or []
    raw = _field(fields, "raw") or []
    tokens = [tokens] if isinstance(tokens, str) else tokens
    raw = [raw] if isinstance(raw, str) else raw
    if not isinstance(tokens, list) or not isinstance(raw, list):
        raise ConfigError("`tokens` and `raw` must be lists of patterns", path=rule.display, line=1)
    raw_key = fields.get("raw", (None, None))[0]
    raw_pos = loaded.value_positions.get((raw_key, 0)) if raw else None
    raw_line = raw_pos.line if raw_pos else None
    try:
        raw_pattern = translate("".join(str(r) for r in raw)).pattern if raw else ""
    except NotConvertible as exc:
        result.skipped.append(Skipped("raw pattern", str(exc), raw_line))
        return
    append = bool(_field(fields, "append", False))
    live = [(i, str(t)) for i, t in enumerate(tokens) if str(t).strip()]
    if not live and raw_pattern:
        try:
            result.terms.append(_term(None, raw_pattern, rule, raw_line, [], [], bounded=False))
        except NotConvertible as exc:
            result.skipped.append(Skipped("raw pattern", str(exc), raw_line))
        return
    for index, token in live:
        pos = loaded.value_positions.get((tokens_key, index))
        line = pos.line if pos else None
        try:
            body = translate(token).pattern
            if raw_pattern:
                wrapped = _wrap(body, rule.nonword, [])
                joined = wrapped + raw_pattern if append else raw_pattern + wrapped
                result.terms.append(_term(None, joined, rule, line, [], [], bounded=False))
            else:
                result.terms.append(_term(token, body, rule, line, [], []))
        except NotConvertible as exc:
            result.skipped.append(Skipped(f"token {token!r}", str(exc), line))


def _term(
    literal: str | None,
    body: str,
    rule: _Rule,
    line: int | None,
    alternatives: list[str],
    guards: list[str],
    *,
    bounded: bool = True,
) -> Term:
    """A Term for `body`: plain when `literal` is a whole word or phrase needing no guard, else a regex."""
    if rule.exceptions:
        guards = [*guards, rf"(?!\b(?-i:(?:{rule.exceptions}))\b)"]
    plain = literal is not None and not guards and not rule.nonword and _is_plain_word(literal)
    if plain:
        pattern = literal
    elif bounded:
        pattern = _wrap(body, rule.nonword, guards)
    else:
        pattern = "".join(guards) + body
    if not plain:
        _compile(body, rule.ignorecase)  # alone first, so an error's position is within the user's pattern
        _compile(pattern, rule.ignorecase)
    try:
        return Term(
            term=pattern,
            alternatives=alternatives,
            regex=not plain,
            case_sensitive=not rule.ignorecase,
            severity=rule.severity,
            reason=rule.reason,
            source=f"{rule.display}:{line}" if line else rule.display,
        )
    except ValueError as exc:  # the model's own checks; should not happen once `_compile` passed
        raise NotConvertible(str(exc)) from None


def _wrap(body: str, nonword: bool, guards: list[str]) -> str:
    lead = "" if nonword else r"\b"
    tail = "" if nonword else r"\b"
    return f"{lead}{''.join(guards)}(?:{body}){tail}"


def _is_plain_word(text: str) -> bool:
    return not _META.search(text) and bool(re.match(r"\w", text)) and bool(re.search(r"\w$", text))


def _compile(pattern: str, ignorecase: bool) -> Any:
    import regex

    try:
        return regex.compile(pattern, regex.IGNORECASE if ignorecase else 0)
    except regex.error as exc:
        raise NotConvertible(f"does not compile: {exc}") from None


def _options(value: Any) -> list[str]:
    """Vale's suggestions: the value split on `|` (not on `\\|`), empty ones dropped."""
    if value is None:
        return []
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return [part.replace("\x00", "|") for part in text.replace("\\|", "\x00").split("|") if part]


def _alternative(option: str, groups: int) -> str:
    """`$1`/`${1}`/`${name}` -> `\\g<...>` (a `Match.expand` template); no back-reference -> as written."""
    if not _BACKREF.search(option) or all(m.group(1) for m in _BACKREF.finditer(option)):
        return option.replace("$$", "$")
    out: list[str] = []
    last = 0
    for match in _BACKREF.finditer(option):
        out.append(option[last : match.start()].replace("\\", "\\\\"))
        dollar, number, name = match.groups()
        if dollar:
            out.append("$")
        elif number is not None and int(number) > groups:
            raise NotConvertible(f"the value refers to group ${number} but the key has {groups} capture group(s)")
        else:
            out.append(f"\\g<{number if number is not None else name}>")
        last = match.end()
    out.append(option[last:].replace("\\", "\\\\"))
    return "".join(out)


def _same_guard(alternative: str) -> str:
    """A look-ahead refusing a match that is exactly `alternative` (Vale's 'already correct' check)."""
    import regex

    end = r"\b" if re.search(r"\w$", alternative) else ""
    return f"(?!(?-i:{regex.escape(alternative, literal_spaces=True)}){end})"
