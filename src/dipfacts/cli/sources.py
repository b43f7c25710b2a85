"""`dipfacts sources [ID]`: the source articles and the facts each backs."""

from __future__ import annotations

import click

from dipfacts import query
from dipfacts.cli.app import App
from dipfacts.cli.emit import Request, emit
from dipfacts.cli.options import OutputChoice, complete_source_id, json_option, sort_option
from dipfacts.query import SORT_FIELDS


@click.command()
@click.argument("source_id", metavar="[ID]", required=False, shell_complete=complete_source_id)
@sort_option(*SORT_FIELDS["sources"])
@json_option
@click.pass_obj
def sources(app: App, source_id: str | None, *, sort: str | None, output: OutputChoice) -> None:
    """List the source articles and the facts each one backs; with ID, that article's facts.

    \b
    Examples:
      dipfacts sources
      dipfacts sources tour-results
    """
    request = Request("sources", {"id": source_id, "sort": sort})
    with app.running(request, output):
        result = query.sources(app.index, source_id)
        result = query.sort_result(app.index, result, "sources", sort)
        emit(
            result, output, app.terminal, request=request, catalogue=app.index,
            empty_message=None if result.entries else "the fact base has no sources",
        )  # fmt: skip
