"""Entry point of the `mops` command.

`main()` answers `--version` before importing Typer, runs the Typer app otherwise, and is the one
place where errors become exit codes: a `MopsError` prints its message, location and hint on stderr
and exits 2; anything unexpected prints a short message (the traceback with MOPS_DEBUG=1) and exits 2.
"""

from __future__ import annotations

import os
import sys

from mops import __version__
from mops.errors import EXIT_OK, EXIT_USAGE, REPORT_URL

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (6 ms); type checkers read it alike
if TYPE_CHECKING:  # annotations only: `mops --version` answers without importing typing's users
    from collections.abc import Sequence
    from typing import Any


def run(argv: Sequence[str] | None = None, *, command: Any = None) -> int:
    """Run mops with `argv` (default: sys.argv[1:]) and return the exit code.

    `command` replaces the mops command tree (tests use it to exercise the error handling).
    """
    try:
        return _run(argv, command)
    finally:
        regexcache = sys.modules.get("mops.regexcache")
        if regexcache is not None:  # patterns compiled anew are kept for the next run
            regexcache.save()


def _run(argv: Sequence[str] | None, command: Any) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args in (["--version"], ["-V"]):
        sys.stdout.write(f"mops {__version__}\n")
        return EXIT_OK

    from mops.errors import MopsError

    try:
        result = _invoke(args, command)
    except MopsError as exc:
        sys.stderr.write(exc.render() + "\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        return 130
    except BrokenPipeError:
        # `mops ... | head`: the reader went away; that is not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        # a file that cannot be read or written (missing folder, permissions, full disk) is the
        # user's to fix, not a bug: say which file and why
        where = f"{exc.filename}: " if exc.filename else ""
        sys.stderr.write(f"{where}error: {exc.strerror or exc}\n  hint: check the path and its permissions\n")
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a bare traceback
        code = _click_outcome(exc)
        if code is not None:
            return code
        if os.environ.get("MOPS_DEBUG"):
            import traceback

            traceback.print_exc()
        sys.stderr.write(
            f"mops: internal error: {type(exc).__name__}: {exc}\n"
            f"  This is a bug in mops {__version__}. Please report it at {REPORT_URL}\n"
            "  with the command you ran; set MOPS_DEBUG=1 to see the traceback.\n"
        )
        return EXIT_USAGE
    return result if isinstance(result, int) else EXIT_OK


def _invoke(args: list[str], command: Any) -> Any:
    """Run the command `args` name and return what it returns.

    `mops lint ...` runs without importing Typer when its parse table reads the command line
    plainly (mops/commands/_direct.py); any other command line, and every other command, runs
    through Typer's click command."""
    if command is None:
        from mops.commands._direct import direct_call

        direct = direct_call(args)
        if direct is not None:
            result = direct()
            global _PLAIN_RUN
            _PLAIN_RUN = True
            return result
        from mops.app import build_command

        command = build_command(args)
    return command.main(args=args, prog_name="mops", standalone_mode=False)


def _click_outcome(exc: Exception) -> int | None:
    """The exit code of click's own exceptions (an exit, a usage error it prints, an abort); None
    for any other. Only Typer raises these, so without Typer imported there is nothing to check."""
    if "typer" not in sys.modules:
        return None
    from mops.app import Abort, ClickException, Exit

    if isinstance(exc, Exit):
        return exc.exit_code
    if isinstance(exc, ClickException):
        exc.show(file=sys.stderr)
        return exc.exit_code
    if isinstance(exc, Abort):
        sys.stderr.write("Aborted.\n")
        return EXIT_USAGE
    return None


#: whether the command ran without Typer (a plain `mops lint`, see _invoke) and returned: it has
#: written and closed everything it writes, so the process may end without tearing down (_end_now)
_PLAIN_RUN = False


def main() -> None:
    """Console-script entry point."""
    from mops.gcpause import pause_cyclic_gc

    pause_cyclic_gc()  # for the whole process: see there why, and what it saves
    code = run()
    if _PLAIN_RUN:
        _end_now(code)
    sys.exit(code)


def _end_now(code: int) -> None:
    """End the process with `code` without tearing the interpreter down, as mypy ends its runs:
    freeing, module by module, every object a lint built changes nothing a user sees, and took
    about 30 ms after a file of 40,000 links (benchmarks/lint_urls.py --only short-lines). Only
    when nothing is left to finish: no other thread runs, the standard streams flush, and the
    atexit callbacks have run; otherwise this returns and the process ends as usual."""
    import atexit

    threading = sys.modules.get("threading")
    run_exit_callbacks = getattr(atexit, "_run_exitfuncs", None)
    if (threading is not None and threading.active_count() > 1) or run_exit_callbacks is None:
        return
    run_exit_callbacks()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None: the process started with that descriptor closed
                stream.flush()
    except (OSError, ValueError):  # a closed or broken stream: the usual exit reports it as usual
        return
    os._exit(code)
