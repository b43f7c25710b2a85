"""`dipfacts sources [ID]`: the source articles and the facts each backs."""

from __future__ import annotations

import click

from dipfacts.cli.app import App, OutputChoice, complete_source_id, json_option, sort_option
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
    from dipfacts import query

    with app.running("sources", {"id": source_id, "sort": sort}, output=output):
        result = query.sources(app.index, source_id)
        result = query.sort_result(app.index, result, "sources", sort)
        app.emit(result, empty_message=None if result.entries else "the fact base has no sources")
