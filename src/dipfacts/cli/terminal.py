"""The terminal and stdout: what output depends on (colour, width, encoding, paging), decided once at start-up,
and the one way to write stdout (every byte, or the error said) and stderr (one line, data made visible)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping

import click

from dipfacts.errors import OutputError
from dipfacts.records import record
from dipfacts.safe import fit_encoding, visible

MIN_PIPED_WIDTH = 80  # piped output is never squeezed narrower, so ids and figures stay whole
MAX_WIDTH = 1000


def color_wanted(*, no_color_flag: bool, environ: Mapping[str, str], is_terminal: bool) -> bool:
    """The one place colour is decided: --no-color, NO_COLOR, FORCE_COLOR, a terminal, TERM=dumb."""
    if no_color_flag or environ.get("NO_COLOR", ""):
        return False
    if environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    return is_terminal and environ.get("TERM", "") != "dumb"


def output_width(*, environ: Mapping[str, str], is_terminal: bool) -> int:
    """The terminal's width (COLUMNS first); piped output gets at least 80 columns whatever COLUMNS says."""
    columns = environ.get("COLUMNS", "").strip()
    # isdigit() alone would accept '²', which int() refuses; anything odd counts as not set.
    width = int(columns) if columns.isascii() and columns.isdigit() and len(columns) < 9 else 0
    if not is_terminal:
        width = max(width, MIN_PIPED_WIDTH)
    elif not width:
        import shutil  # lazy: only a terminal has a size to ask for, and click does not import shutil

        width = shutil.get_terminal_size().columns
    return max(20, min(width, MAX_WIDTH))


def color_system(environ: Mapping[str, str]) -> str:
    """How many colours the terminal shows (COLORTERM, TERM), for when colour is on."""
    if environ.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return "truecolor"
    return "256" if "256color" in environ.get("TERM", "") else "standard"


@record
class Terminal:
    """Everything about stdout that output depends on, decided once at start-up from flags and environment."""

    color: bool
    color_system: str
    width: int
    encoding: str
    is_terminal: bool = False
    height: int = 0  # lines; 0 when not a terminal or not known
    interactive: bool = False  # a person at a terminal that can page: stdin and stdout terminals, TERM not dumb
    pager: bool = True  # a long text may be paged (--no-pager says no)

    @classmethod
    def detect(cls, *, no_color_flag: bool, environ: Mapping[str, str], no_pager_flag: bool = False) -> Terminal:
        is_terminal = _isatty(sys.stdout)
        return cls(
            color=color_wanted(no_color_flag=no_color_flag, environ=environ, is_terminal=is_terminal),
            color_system=color_system(environ),
            width=output_width(environ=environ, is_terminal=is_terminal),
            encoding=(getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("_", "-"),
            is_terminal=is_terminal,
            height=_height(environ) if is_terminal else 0,
            interactive=is_terminal and _isatty(sys.stdin) and environ.get("TERM", "") != "dumb",
            pager=not no_pager_flag,
        )

    @property
    def utf(self) -> bool:
        return self.encoding.startswith("utf")


def _height(environ: Mapping[str, str]) -> int:
    from dipfacts.cli.pager import terminal_height  # lazy: the pager's module is for terminals only

    return terminal_height(environ)


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


def write_out(text: str, encoding: str) -> None:
    """The one way to stdout: encoded for the terminal, every byte written or the error raised.

    Under PYTHONUNBUFFERED=1 stdout's binary layer is a raw file whose write() may take only part of
    the data and say so in its return value, which print() ignores; this loops until all is written.
    A reader that went away raises BrokenPipeError, which main() turns into a quiet exit.
    """
    global _output_started
    _output_started = True
    data = fit_encoding(text, encoding)
    stream = sys.stdout
    if stream is None:  # started with stdout closed (`dipfacts ... >&-`)
        raise OutputError("cannot write the output: standard output is closed")
    binary = getattr(stream, "buffer", None)
    if binary is None:  # a text-only stream (some test harnesses): it takes str
        stream.write(data.decode(encoding, errors="replace"))
        stream.flush()
        return
    try:
        stream.flush()
        view = memoryview(data)
        while view:
            written = binary.write(view)
            if written is None:  # a non-blocking pipe that is full: wait until the reader drains it
                import select  # lazy: only a full non-blocking pipe needs it

                select.select([], [binary.fileno()], [])
                continue
            view = view[written:]
        binary.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): it has what it wanted, so this is not an error (exit 0).
        # Click would otherwise turn it into exit 1.
        silence_stdout()
        raise click.exceptions.Exit(0) from None
    except (OSError, ValueError) as error:  # ENOSPC (/dev/full), EBADF, EIO; ValueError: a closed file
        silence_stdout()
        raise OutputError(f"cannot write the output: {getattr(error, 'strerror', None) or error}") from None


_output_started = False


def output_started() -> bool:
    """Whether this run has begun writing its output (a failed run can then not be run again)."""
    return _output_started


def new_run() -> None:
    """A command line's run begins with nothing written: main() may run several in one process (a library
    user, a test), and one run's output must not stop the next one's retry without a broken cache."""
    global _output_started
    _output_started = False


def write_pieces(pieces: Iterable[str], encoding: str, *, chunk: int = 1 << 16) -> None:
    """Write text made in pieces, about 64 KiB at a time."""
    buffered: list[str] = []
    size = 0
    for piece in pieces:
        buffered.append(piece)
        size += len(piece)
        if size >= chunk:
            write_out("".join(buffered), encoding)
            buffered, size = [], 0
    if buffered:
        write_out("".join(buffered), encoding)


def show(text: str, terminal: Terminal) -> None:
    """Write text for a person: through the pager when it is taller than the terminal."""
    if terminal.pager and terminal.interactive and 0 < terminal.height <= text.count("\n"):
        from dipfacts.cli import pager  # lazy: it starts processes, and only a tall text on a terminal pages

        command = pager.pager_command(os.environ)
        if command is not None and pager.runnable(command):
            global _output_started
            _output_started = True
            pager.page(fit_encoding(text, terminal.encoding), command, os.environ)
            return
        if command is not None:
            say(f"the pager {command!r} (${pager.PAGER_ENV} or $PAGER) cannot be found; printing without it")
    write_out(text, terminal.encoding)


def silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush cannot print 'Exception ignored'."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (a test harness): nothing will flush to a closed pipe


def say(message: str) -> None:
    """One line on stderr, with any control characters from data made visible."""
    click.echo(f"dipfacts: {visible(message)}", err=True)
