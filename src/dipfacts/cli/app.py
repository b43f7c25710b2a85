"""What every command shares: the terminal, the App (data, index, output, errors) and the common options."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar, overload

import click

from dipfacts.errors import EXIT_DATA, EXIT_NO_RESULTS, CacheDiscarded, DataFileError, DipfactsError, OutputError
from dipfacts.records import record, replace

if TYPE_CHECKING:
    from dipfacts.index import FactIndex
    from dipfacts.model import Country
    from dipfacts.output import Result

F = TypeVar("F", bound=Callable[..., Any])
DATA_ENV = "DIPFACTS_DATA"
CACHE_ENV = "DIPFACTS_CACHE_DIR"
NO_CACHE_ENV = "DIPFACTS_NO_CACHE"
NOTICE_ENV = "DIPFACTS_NOTICE_AFTER"
DEFAULT_NOTICE_AFTER = 1.0
YEAR = click.IntRange(1000, 9999)


class FactFile(click.Path):
    """A fact file's path, taken as given: dipfacts' loader, not Click, says what is wrong with it.

    So a missing, unreadable or oddly named file (even one with a NUL) is one problem line and exit 3
    however it was named, with --data, DIPFACTS_DATA or `check FILE`; the shell still completes file names.
    """

    def __init__(self) -> None:
        super().__init__(path_type=str)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return os.fsdecode(value) if isinstance(value, bytes) else str(value)


def data_paths_from_env(environ: Mapping[str, str]) -> tuple[str, ...]:
    """The fact files $DIPFACTS_DATA names (separated by os.pathsep), in order; empty entries skipped."""
    return tuple(path for path in environ.get(DATA_ENV, "").split(os.pathsep) if path.strip())


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
        import shutil  # only a terminal has a size to ask for

        width = shutil.get_terminal_size().columns
    return max(20, min(width, MAX_WIDTH))


def cache_directory(environ: Mapping[str, str], *, no_cache_flag: bool = False) -> str | None:
    """The cache location: $DIPFACTS_CACHE_DIR, else the platform's; None to go without.

    The cache itself is the ``dipfacts`` directory inside it (see dipfacts.cache), so a location shared
    with other programs, even $HOME, is never written to or pruned except there.
    """
    if no_cache_flag or environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return None
    if environ.get(CACHE_ENV, "").strip():
        return os.path.abspath(environ[CACHE_ENV])
    home = os.path.expanduser("~")
    if not os.path.isabs(home):  # no HOME and no password entry: nowhere that is the user's own
        return None
    if sys.platform == "win32":
        local = environ.get("LOCALAPPDATA", "")
        return local if os.path.isabs(local) else os.path.join(home, "AppData", "Local")
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Caches")
    # The XDG spec: a relative $XDG_CACHE_HOME is invalid and is to be ignored.
    xdg = environ.get("XDG_CACHE_HOME", "")
    return xdg if os.path.isabs(xdg) else os.path.join(home, ".cache")


def notice_after(environ: Mapping[str, str]) -> float | None:
    """After how many seconds a slow cache rebuild says so on stderr ($DIPFACTS_NOTICE_AFTER); None: never."""
    raw = environ.get(NOTICE_ENV, "").strip()
    if not raw:
        return DEFAULT_NOTICE_AFTER
    if raw.lower() in ("off", "never", "no"):
        return None
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < 1e6:  # also refuses nan and inf
        raise click.UsageError(f"{NOTICE_ENV} is {raw!r}; expected a number of seconds such as 1, or 'off'")
    return seconds


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

    @classmethod
    def detect(cls, *, no_color_flag: bool, environ: Mapping[str, str]) -> Terminal:
        is_terminal = _isatty(sys.stdout)
        return cls(
            color=color_wanted(no_color_flag=no_color_flag, environ=environ, is_terminal=is_terminal),
            color_system=color_system(environ),
            width=output_width(environ=environ, is_terminal=is_terminal),
            encoding=(getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("_", "-"),
            is_terminal=is_terminal,
            height=_height(environ) if is_terminal else 0,
            interactive=is_terminal and _isatty(sys.stdin) and environ.get("TERM", "") != "dumb",
        )

    @property
    def utf(self) -> bool:
        return self.encoding.startswith("utf")


def _height(environ: Mapping[str, str]) -> int:
    from dipfacts.cli.pager import terminal_height

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
    import select

    from dipfacts.safe import fit_encoding

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
    """Whether this process has begun writing its output (a failed run can then not be run again)."""
    return _output_started


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


@record
class OutputChoice:
    """How a command's result is printed: table, json, nl (JSON lines), csv or tsv, which fields, and charts.

    A table that was not asked for with --table is written as tab-separated lines when stdout is not a
    terminal (one record a line, for grep, cut and awk).
    """

    format: str = "table"
    fields: tuple[str, ...] = ()
    chart: bool = False
    table_asked: bool = False


class App:
    """What every command needs: the data files, the index (built once, on first use) and the output."""

    def __init__(
        self, data_paths: tuple[str, ...], *, packaged: bool, terminal: Terminal, debug: bool,
        cache_dir: str | None = None, notice_after: float | None = DEFAULT_NOTICE_AFTER, notes: bool = False,
        pager: bool = True,
    ) -> None:  # fmt: skip
        self.data_paths = data_paths
        self.packaged = packaged
        self.cache_dir = cache_dir
        self.notice_after = notice_after
        self.terminal = terminal
        self.debug = debug
        self.notes = notes
        self.pager = pager
        self.command = ""
        self.query: dict[str, Any] = {}
        self.output = OutputChoice()

    @cached_property
    def index(self) -> FactIndex:
        from dipfacts.cache import open_index

        return open_index(
            self.data_paths, packaged=self.packaged, cache_dir=self.cache_dir, notify=say,
            notice_after=self.notice_after, explain=say if self.debug else None,
        )  # fmt: skip

    def forget_cached(self) -> bool:
        """After an unexpected error: drop the cache entry this run read, so the next run starts afresh."""
        if "index" not in self.__dict__ or self.cache_dir is None:
            return False
        from dipfacts.cache import forget

        return forget(self.data_paths, packaged=self.packaged, cache_dir=self.cache_dir)

    def country(self, name: str) -> Country:
        """The country ``name`` stands for; a city or a typo taken as one is said on stderr, never silently."""
        from dipfacts.query import resolve_place

        place = resolve_place(self.index, name)
        if place.notice:
            say(place.notice)
        return place.country

    @overload
    def country_asked(self, name: str) -> Country: ...
    @overload
    def country_asked(self, name: None) -> None: ...
    @overload
    def country_asked(self, name: str | None) -> Country | None: ...
    def country_asked(self, name: str | None) -> Country | None:
        """The country ``name`` stands for (None for none asked), recorded in the JSON query as its code."""
        found = self.country(name) if name is not None else None
        self.query["country"] = found.id if found else None
        return found

    def restricted(self, min_sources: int | None) -> FactIndex:
        """The index, keeping only facts at least ``min_sources`` distinct articles state (None: all)."""
        return self.index if min_sources is None else self.index.with_min_sources(min_sources)

    @contextmanager
    def running(self, command: str, query: dict[str, Any], *, output: OutputChoice) -> Iterator[None]:
        """Turn domain errors into one stderr line and an exit code; under --json, still print JSON."""
        self.command, self.query, self.output = command, query, output
        try:
            if output.fields and output.format == "table":
                from dipfacts.errors import UsageProblem

                raise UsageProblem("--fields picks fields for --json, --nl, --csv and --tsv, not for the table")
            yield
        except DataFileError as error:
            for problem in error.problems:
                say(problem)
            say(f"the fact data has {len(error.problems)} problem(s); fix them and run 'dipfacts check'")
            raise click.exceptions.Exit(EXIT_DATA) from None
        except CacheDiscarded:
            raise
        except DipfactsError as error:
            if output.format == "json" and error.exit_code == EXIT_NO_RESULTS:
                self.print_json([])
            say(str(error))
            raise click.exceptions.Exit(error.exit_code) from None
        except (click.exceptions.Exit, click.ClickException, BrokenPipeError, KeyboardInterrupt):
            raise
        except Exception as error:
            # A cache entry that passed its checks and still breaks a lookup is never left to do it again:
            # it is removed, and main() runs the command once more without the cache.
            if self.forget_cached():
                raise CacheDiscarded(error) from error
            raise

    def emit(self, result: Result, *, empty_message: str | None = None) -> None:
        """Print a result in the chosen format; an empty result also says why on stderr and exits 1."""
        fmt = self.output.format
        if fmt != "table":
            from dipfacts import output

            ascii_only = not self.terminal.utf
            if fmt in ("csv", "tsv"):
                # A fixed header per command (dipfacts schema --columns), then a row a record, streamed.
                columns = output.csv_columns(self.command, self.output.fields)
                rows = output.iter_rows(self.index, result, self.command)
                lines = output.stream_csv(columns, rows) if fmt == "csv" else output.stream_tsv(columns, rows)
                write_pieces(lines, self.terminal.encoding)
            elif not self.output.fields and (fmt == "nl" or (fmt == "json" and not self.terminal.is_terminal)):
                # Streamed a record at a time: 100,000 records are never all held in memory at once.
                stream = output.iter_results(self.index, result)
                pieces = (
                    output.stream_json(self.command, self.query, stream, ascii_only=ascii_only)
                    if fmt == "json"
                    else (output.to_lines((record,), ascii_only=ascii_only) for record in stream)
                )
                write_pieces(pieces, self.terminal.encoding)
            else:
                records = output.select_fields(
                    output.results_of(self.index, result), self.output.fields, command=self.command
                )
                if fmt == "json":
                    self.print_json(records)
                elif records:
                    write_out(output.to_lines(records, ascii_only=ascii_only), self.terminal.encoding)
        elif empty_message is None:
            from dipfacts import render

            terminal = self.terminal
            view = render.view_of(self.index, result, render.ViewOptions(chart=self.output.chart, notes=self.notes))
            # Piped, a table becomes lines of tab-separated cells, unless asked for (--table, or FORCE_COLOR).
            drawn = terminal.is_terminal or self.output.table_asked or terminal.color
            tab_separated = None if drawn else render.tsv_text(view)
            if tab_separated is not None:
                write_out(tab_separated, terminal.encoding)
            else:
                text = render.render_text(
                    view, width=terminal.width, color_system=terminal.color_system if terminal.color else None,
                    ascii_only=not terminal.utf,
                )  # fmt: skip
                self.show(text)
        if empty_message is not None:
            say(empty_message)
            raise click.exceptions.Exit(EXIT_NO_RESULTS)

    def show(self, text: str) -> None:
        """Write text for a person: through the pager when it is taller than the terminal."""
        terminal = self.terminal
        if self.pager and terminal.interactive and 0 < terminal.height <= text.count("\n"):
            from dipfacts.cli import pager

            command = pager.pager_command(os.environ)
            if command is not None and pager.runnable(command):
                from dipfacts.safe import fit_encoding

                global _output_started
                _output_started = True
                pager.page(fit_encoding(text, terminal.encoding), command, os.environ)
                return
            if command is not None:
                say(f"the pager {command!r} (${pager.PAGER_ENV} or $PAGER) cannot be found; printing without it")
        write_out(text, terminal.encoding)

    def echo_text(self, text: str) -> None:
        """Print plain text (e.g. a citation), with control characters from data made visible."""
        from dipfacts.safe import visible

        write_out(visible(text) + "\n", self.terminal.encoding)

    def print_json(self, results: list[dict[str, Any]]) -> None:
        """The JSON envelope of ``results`` on stdout (pretty on a terminal, compact for a program)."""
        from dipfacts.output import dumps, envelope

        document = envelope(self.command, self.query, results)
        text = dumps(document, ascii_only=not self.terminal.utf, pretty=self.terminal.is_terminal)
        write_out(text + "\n", self.terminal.encoding)


def json_option(function: F) -> F:
    """--json on a command that is not a listing: one JSON object on stdout instead of the text form."""

    @functools.wraps(function)
    def wrapper(*args: Any, as_json: bool, **kwargs: Any) -> Any:
        return function(*args, output=OutputChoice("json" if as_json else "table"), **kwargs)

    option = click.option(
        "--json", "as_json", is_flag=True, help="Print one JSON object (schema_version 1) instead of text."
    )
    return option(wrapper)  # type: ignore[return-value]


def output_options(function: F) -> F:
    """The output options of every listing command, meaning the same everywhere (as in sqlite-utils)."""

    @functools.wraps(function)
    def wrapper(*args: Any, out_format: str | None, fields: str | None, **kwargs: Any) -> Any:
        choice = OutputChoice(out_format or "table", _field_list(fields), table_asked=out_format == "table")
        return function(*args, output=choice, **kwargs)

    decorators = [
        click.option("--table", "out_format", flag_value="table", help="A table (piped, tab-separated lines)."),
        click.option("--json", "out_format", flag_value="json", help="One JSON object (schema_version 1)."),
        click.option("--nl", "out_format", flag_value="nl", help="JSON lines: one record a line, for jq."),
        click.option("--csv", "out_format", flag_value="csv", help="CSV (UTF-8, LF line ends): one row a record."),
        click.option("--tsv", "out_format", flag_value="tsv", help="TSV: the --csv columns, \\t \\n \\\\ escaped."),
        click.option("--fields", metavar="A,B,...", help="Only these keys (--json, --nl) or columns (--csv, --tsv)."),
    ]
    for decorator in reversed(decorators):
        wrapper = decorator(wrapper)
    return wrapper  # type: ignore[return-value]


def _field_list(fields: str | None) -> tuple[str, ...]:
    if fields is None:
        return ()
    names = tuple(name.strip() for name in fields.split(",") if name.strip())
    if not names:
        raise click.BadParameter("give field names separated by commas, e.g. --fields id,value,period")
    return names


def chart_option(function: F) -> F:
    """--no-chart: the bars under the table are drawn only on a terminal, and this turns them off there too."""

    @functools.wraps(function)
    def wrapper(*args: Any, no_chart: bool, output: OutputChoice, **kwargs: Any) -> Any:
        app = click.get_current_context().obj
        wanted = not no_chart and output.format == "table" and app.terminal.is_terminal
        return function(*args, output=replace(output, chart=wanted), **kwargs)

    option = click.option("--no-chart", is_flag=True, help="No bar chart under the table.")
    return option(wrapper)  # type: ignore[return-value]


def min_sources_option(function: F) -> F:
    """--min-sources means the same on every listing command: drop facts fewer articles back."""
    return click.option(
        "--min-sources",
        type=click.IntRange(1, 1000),
        default=None,
        metavar="N",
        help="Only facts stated by at least N distinct articles (a derived value, stated by none, goes).",
    )(function)


# Tab completion, imported only when the shell asks for it (the commands name these at start-up).
def complete_country(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from dipfacts.cli import completion

    return completion.complete_country(ctx, param, incomplete)


def complete_fact_id(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from dipfacts.cli import completion

    return completion.complete_fact_id(ctx, param, incomplete)


def complete_source_id(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from dipfacts.cli import completion

    return completion.complete_source_id(ctx, param, incomplete)


if TYPE_CHECKING:
    _StrParam = click.ParamType[str]
else:  # Click 8.1's ParamType takes no type argument
    _StrParam = click.ParamType


class SortField(_StrParam):
    """A --sort value: one of a command's fields, with a leading '-' for descending order."""

    name = "field"

    def __init__(self, fields: tuple[str, ...]) -> None:
        self.fields = fields

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = str(value).strip().lower()
        if text.removeprefix("-") not in self.fields:
            self.fail(
                f"{value!r} is not a field to sort by; expected one of: {', '.join(self.fields)}"
                " (with a leading '-' for descending order)",
                param,
                ctx,
            )
        return text

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        return [CompletionItem(field) for field in self.fields if field.startswith(incomplete)]


def sort_option(*fields: str) -> Callable[[F], F]:
    """--sort FIELD means the same on every listing: ascending, '-FIELD' descending, missing values last."""
    return click.option(
        "--sort",
        type=SortField(fields),
        default=None,
        metavar="[-]FIELD",
        help=(
            f"Sort by FIELD: {', '.join(fields)}. A leading '-' sorts in descending order (--sort -{fields[0]})."
            " Missing values go last either way; ties keep the default order."
        ),
    )


def date_range_options(function: F) -> F:
    """--from and --to mean the same on every command that takes them (a year, a month or a day)."""
    decorators = [
        click.option(
            "--from", "start", metavar="DATE",
            help="Only facts that reach this date or later (2024, 2024-05, 2024-05-06).",
        ),
        click.option("--to", "end", metavar="DATE", help="Only facts that begin by the end of this date."),
    ]  # fmt: skip
    for decorator in reversed(decorators):
        function = decorator(function)
    return function
