"""`dipfacts sources [ID]`: the source articles and the facts each backs."""

from __future__ import annotations

import click

from dipfacts.cli.app import App, OutputChoice, complete_source_id, json_option


@click.command()
@click.argument("source_id", metavar="[ID]", required=False, shell_complete=complete_source_id)
@json_option
@click.pass_obj
def sources(app: App, source_id: str | None, *, output: OutputChoice) -> None:
    """List the source articles and the facts each one backs; with ID, that article's facts.

    \b
    Examples:
      dipfacts sources
      dipfacts sources tour-results
    """
    from dipfacts import query

    with app.running("sources", {"id": source_id}, output=output):
        result = query.sources(app.index, source_id)
        app.emit(result, empty_message=None if result.entries else "the fact base has no sources")
