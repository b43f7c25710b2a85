"""The options every command shares, each meaning the same on every command (as in sqlite-utils), and the
environment variables dipfacts reads at start-up (where its files are: dipfacts.cli.environment)."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import click

from dipfacts.records import record, replace

F = TypeVar("F", bound=Callable[..., Any])
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


@record
class OutputChoice:
    """How a command's result is printed: table, json, nl (JSON lines), csv or tsv, which fields, charts, notes.

    A table that was not asked for with --table is written as tab-separated lines when stdout is not a
    terminal (one record a line, for grep, cut and awk).
    """

    format: str = "table"
    fields: tuple[str, ...] = ()
    chart: bool = False
    table_asked: bool = False
    notes: bool = False  # --notes: under a table, the facts' notes, what Backed means, the sources' titles


def _notes_asked() -> bool:
    """Whether --notes (an option of the dipfacts group, given before or after the command) was given."""
    return bool(click.get_current_context().find_root().params.get("notes"))


def json_option(function: F) -> F:
    """--json on a command that is not a listing: one JSON object on stdout instead of the text form."""

    @functools.wraps(function)
    def wrapper(*args: Any, as_json: bool, **kwargs: Any) -> Any:
        choice = OutputChoice("json" if as_json else "table", notes=_notes_asked())
        return function(*args, output=choice, **kwargs)

    option = click.option(
        "--json", "as_json", is_flag=True, help="Print one JSON object (schema_version 1) instead of text."
    )
    return option(wrapper)  # type: ignore[return-value]


def output_options(function: F) -> F:
    """The output options of every listing command, meaning the same everywhere (as in sqlite-utils)."""

    @functools.wraps(function)
    def wrapper(*args: Any, out_format: str | None, fields: str | None, **kwargs: Any) -> Any:
        choice = OutputChoice(
            out_format or "table", _field_list(fields), table_asked=out_format == "table", notes=_notes_asked()
        )
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
    from dipfacts.cli import completion  # lazy: as said above

    return completion.complete_country(ctx, param, incomplete)


def complete_fact_id(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from dipfacts.cli import completion  # lazy: as said above

    return completion.complete_fact_id(ctx, param, incomplete)


def complete_source_id(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from dipfacts.cli import completion  # lazy: as said above

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
        from click.shell_completion import CompletionItem  # lazy: only Tab completion needs it

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
