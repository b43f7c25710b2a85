"""One way out for a result: emit() picks its form (a table, tab-separated lines, CSV, TSV, JSON or JSON lines)
and writes it to stdout. dipfacts.render draws tables and dipfacts.output makes the rest; both only read the
result, which already holds everything they show."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import click

from dipfacts.cli.options import OutputChoice
from dipfacts.cli.terminal import Terminal, say, show, write_out, write_pieces
from dipfacts.errors import EXIT_NO_RESULTS
from dipfacts.records import record
from dipfacts.safe import visible

if TYPE_CHECKING:
    from dipfacts.model import Country
    from dipfacts.output import Result
    from dipfacts.results import Catalogue


@record
class Request:
    """What a command was asked, as its JSON envelope records it: the command's name and its query."""

    command: str
    query: Mapping[str, Any]

    def with_query(self, **changes: Any) -> Request:
        """The same request with some of its query's values replaced (a name by the code it resolved to)."""
        return Request(self.command, {**self.query, **changes})

    def with_country(self, country: Country | None) -> Request:
        """The request with its "country" recorded as the code of the country the name resolved to."""
        return self.with_query(country=country.id if country else None)


def emit(
    result: Result, choice: OutputChoice, terminal: Terminal, *, request: Request, catalogue: Catalogue,
    empty_message: str | None = None,
) -> None:  # fmt: skip
    """Write ``result`` in the form ``choice`` says; an empty result (``empty_message``: why) also says why
    on stderr and exits 1, after its JSON (an empty list) when JSON was asked for."""
    if choice.format != "table":
        _write_data(result, choice, terminal, request, catalogue)
    elif empty_message is None:
        _write_table(result, choice, terminal, catalogue)
    if empty_message is not None:
        say(empty_message)
        raise click.exceptions.Exit(EXIT_NO_RESULTS)


def _write_data(
    result: Result, choice: OutputChoice, terminal: Terminal, request: Request, catalogue: Catalogue
) -> None:
    from dipfacts import output  # lazy: a table never needs it

    fmt, command = choice.format, request.command
    ascii_only = not terminal.utf
    if fmt in ("csv", "tsv"):
        # A fixed header per command (dipfacts schema --columns), then a row a record, streamed.
        columns = output.csv_columns(command, choice.fields)
        rows = output.iter_rows(catalogue, result, command)
        lines = output.stream_csv(columns, rows) if fmt == "csv" else output.stream_tsv(columns, rows)
        write_pieces(lines, terminal.encoding)
    elif not choice.fields and (fmt == "nl" or (fmt == "json" and not terminal.is_terminal)):
        # Streamed a record at a time: 100,000 records are never all held in memory at once.
        stream = output.iter_results(catalogue, result)
        pieces = (
            output.stream_json(command, dict(request.query), stream, ascii_only=ascii_only)
            if fmt == "json"
            else (output.to_lines((record,), ascii_only=ascii_only) for record in stream)
        )
        write_pieces(pieces, terminal.encoding)
    else:
        records = output.select_fields(output.results_of(catalogue, result), choice.fields, command=command)
        if fmt == "json":
            write_json(request, records, terminal)
        elif records:
            write_out(output.to_lines(records, ascii_only=ascii_only), terminal.encoding)


def _write_table(result: Result, choice: OutputChoice, terminal: Terminal, catalogue: Catalogue) -> None:
    from dipfacts import render  # lazy: Rich costs some 30 ms, and no other form needs it

    view = render.view_of(catalogue, result, render.ViewOptions(chart=choice.chart, notes=choice.notes))
    # Piped, a table becomes lines of tab-separated cells, unless asked for (--table, or FORCE_COLOR).
    drawn = terminal.is_terminal or choice.table_asked or terminal.color
    tab_separated = None if drawn else render.tsv_text(view)
    if tab_separated is not None:
        write_out(tab_separated, terminal.encoding)
        return
    text = render.render_text(
        view, width=terminal.width, color_system=terminal.color_system if terminal.color else None,
        ascii_only=not terminal.utf,
    )  # fmt: skip
    show(text, terminal)


def write_json(request: Request, records: list[dict[str, Any]], terminal: Terminal) -> None:
    """The JSON envelope of ``records`` on stdout (pretty on a terminal, compact for a program)."""
    from dipfacts.output import dumps, envelope  # lazy: a table never needs it

    document = envelope(request.command, dict(request.query), records)
    text = dumps(document, ascii_only=not terminal.utf, pretty=terminal.is_terminal)
    write_out(text + "\n", terminal.encoding)


def write_text(text: str, terminal: Terminal) -> None:
    """Plain text (a citation, a summary) on stdout, with control characters from data made visible."""
    write_out(visible(text) + "\n", terminal.encoding)
