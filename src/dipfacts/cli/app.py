"""What every command shares: the terminal, the App (data, index, output, errors) and the common options."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

import click

from dipfacts.errors import EXIT_DATA, EXIT_NO_RESULTS, DataFileError, DipfactsError

if TYPE_CHECKING:
    from dipfacts.index import FactIndex
    from dipfacts.output import Result

F = TypeVar("F", bound=Callable[..., Any])
DATA_ENV = "DIPFACTS_DATA"
YEAR = click.IntRange(1000, 9999)


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
    import shutil

    columns = environ.get("COLUMNS", "").strip()
    width = int(columns) if columns.isdigit() else 0
    width = width or shutil.get_terminal_size().columns if is_terminal else max(width, MIN_PIPED_WIDTH)
    return max(20, min(width, MAX_WIDTH))


def color_system(environ: Mapping[str, str]) -> str:
    """How many colours the terminal shows (COLORTERM, TERM), for when colour is on."""
    if environ.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return "truecolor"
    return "256" if "256color" in environ.get("TERM", "") else "standard"


@dataclass(frozen=True)
class Terminal:
    """Everything about stdout that output depends on, decided once at start-up from flags and environment."""

    color: bool
    color_system: str
    width: int
    encoding: str

    @classmethod
    def detect(cls, *, no_color_flag: bool, environ: Mapping[str, str]) -> Terminal:
        is_terminal = _isatty(sys.stdout)
        return cls(
            color=color_wanted(no_color_flag=no_color_flag, environ=environ, is_terminal=is_terminal),
            color_system=color_system(environ),
            width=output_width(environ=environ, is_terminal=is_terminal),
            encoding=(getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("_", "-"),
        )

    @property
    def utf(self) -> bool:
        return self.encoding.startswith("utf")


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
    import select

    from dipfacts.safe import fit_encoding

    data = fit_encoding(text, encoding)
    stream = sys.stdout
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
                select.select([], [binary.fileno()], [])
                continue
            view = view[written:]
        binary.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): it has what it wanted, so this is not an error (exit 0).
        # Click would otherwise turn it into exit 1.
        silence_stdout()
        raise click.exceptions.Exit(0) from None


def silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush cannot print 'Exception ignored'."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (a test harness): nothing will flush to a closed pipe


def say(message: str) -> None:
    """One line on stderr, with any control characters from data made visible."""
    from dipfacts.safe import visible

    click.echo(f"dipfacts: {visible(message)}", err=True)


class App:
    """What every command needs: the data files, the index (built once, on first use) and the consoles."""

    def __init__(self, data_paths: tuple[str, ...], *, packaged: bool, terminal: Terminal, debug: bool) -> None:
        self.data_paths = data_paths
        self.packaged = packaged
        self.terminal = terminal
        self.debug = debug
        self.command = ""
        self.query: dict[str, Any] = {}
        self.as_json = False

    @cached_property
    def index(self) -> FactIndex:
        from dipfacts.index import FactIndex
        from dipfacts.load import load_factbase

        return FactIndex(load_factbase(self.data_paths, packaged=self.packaged))

    def restricted(self, min_sources: int) -> FactIndex:
        """The index, keeping only facts cited by at least ``min_sources`` distinct articles."""
        return self.index.with_min_sources(min_sources)

    @contextmanager
    def running(self, command: str, query: dict[str, Any], *, as_json: bool) -> Iterator[None]:
        """Turn domain errors into one stderr line and an exit code; under --json, still print JSON."""
        self.command, self.query, self.as_json = command, query, as_json
        try:
            yield
        except DataFileError as error:
            for problem in error.problems:
                say(problem)
            say(f"the fact data has {len(error.problems)} problem(s); fix them and run 'dipfacts check'")
            raise click.exceptions.Exit(EXIT_DATA) from None
        except DipfactsError as error:
            if as_json and error.exit_code == EXIT_NO_RESULTS:
                self._print_json([])
            say(str(error))
            raise click.exceptions.Exit(error.exit_code) from None

    def emit(self, result: Result, *, empty_message: str | None = None) -> None:
        """Print a result as a table or JSON; an empty result also says why on stderr and exits 1."""
        if self.as_json:
            from dipfacts.output import results_of

            self._print_json(results_of(self.index, result))
        elif empty_message is None:
            from dipfacts import render

            terminal = self.terminal
            view = render.view_of(self.index, result)
            text = render.render_text(
                view, width=terminal.width, color_system=terminal.color_system if terminal.color else None,
                ascii_only=not terminal.utf,
            )  # fmt: skip
            write_out(text, terminal.encoding)
        if empty_message is not None:
            say(empty_message)
            raise click.exceptions.Exit(EXIT_NO_RESULTS)

    def echo_text(self, text: str) -> None:
        """Print plain text (e.g. a citation), with control characters from data made visible."""
        from dipfacts.safe import visible

        write_out(visible(text) + "\n", self.terminal.encoding)

    def _print_json(self, results: list[dict[str, Any]]) -> None:
        from dipfacts.output import dumps, envelope

        text = dumps(envelope(self.command, self.query, results), ascii_only=not self.terminal.utf)
        write_out(text + "\n", self.terminal.encoding)


def json_option(function: F) -> F:
    """--json means the same on every command: one JSON object on stdout, nothing else."""
    return click.option(
        "--json", "as_json", is_flag=True, help="Print one JSON object (schema_version 1) instead of a table."
    )(function)


def min_sources_option(function: F) -> F:
    """--min-sources means the same on every listing command: drop facts fewer articles back."""
    return click.option(
        "--min-sources",
        type=click.IntRange(1, 1000),
        default=1,
        show_default=True,
        metavar="N",
        help="Only facts cited by at least N distinct articles.",
    )(function)
