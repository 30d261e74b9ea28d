"""Errors a user can act on, and the exit codes every command shares.

A `MopsError` carries a message, an optional location (file, line, column, field path) and a hint
saying what to do. The CLI turns any `MopsError` into one block on stderr and exit code 2; the domain
code raises them and never prints.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (6 ms); type checkers read it alike

if TYPE_CHECKING:  # annotations only: `mops --version` imports this module and nothing else
    from pathlib import Path

EXIT_OK = 0
EXIT_FINDINGS = 1  # findings, a failed check, a rejected verification
EXIT_USAGE = 2  # usage, configuration or input error

REPORT_URL = "https://github.com/mops-dev/mops/issues"


class MopsError(Exception):
    """An error the user can fix: bad input, bad configuration, bad usage. Exit code 2."""

    exit_code = EXIT_USAGE

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        self.field = field

    @property
    def location(self) -> str | None:
        """`file:line:column` as far as it is known."""
        if self.path is None:
            return None
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def render(self) -> str:
        """The text printed on stderr: `file:line:col: error: message`, the field, the hint."""
        head = f"{self.location}: error: {self.message}" if self.location else f"error: {self.message}"
        lines = [head]
        if self.field:
            lines.append(f"  field: {self.field}")
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()

    def __reduce__(self) -> tuple:
        # pickled whole, so that an error raised in a worker process (a parallel `mops lint`)
        # arrives as it was raised: made from its message, then given every attribute back.
        # Exception's own pickling would call the class with `args` alone, which a subclass
        # made from other values (MultipleErrors) cannot take
        return type(self), (self.message,), vars(self)


class ConfigError(MopsError):
    """A workspace file (mops.yaml, taxonomy, brand voice, plan...) is malformed or invalid."""


class InputError(MopsError):
    """A file given on the command line cannot be read or understood."""


class UsageError(MopsError):
    """Options that do not make sense together, or a missing argument."""


class MultipleErrors(MopsError):
    """Several independent problems found in one pass, reported together."""

    def __init__(self, errors: list[MopsError]) -> None:
        super().__init__(f"{len(errors)} problems found")
        self.errors = errors

    def render(self) -> str:
        return "\n".join(e.render() for e in self.errors)

    def __reduce__(self) -> tuple:
        return type(self), (self.errors,), vars(self)
