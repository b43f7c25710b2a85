"""`dipfacts countries`: the countries with facts, one line each."""

from __future__ import annotations

import click

from dipfacts.cli.app import App, OutputChoice, min_sources_option, output_options, sort_option
from dipfacts.query import SORT_FIELDS


@click.command()
@sort_option(*SORT_FIELDS["countries"])
@min_sources_option
@output_options
@click.pass_obj
def countries(app: App, *, sort: str | None, min_sources: int | None, output: OutputChoice) -> None:
    """List the countries with facts: partnership level, relations since, latest trade figure.

    \b
    Examples:
      dipfacts countries
      dipfacts countries --min-sources 2 --json
      dipfacts countries --sort -latest-trade
    """
    from dipfacts import query

    with app.running("countries", {"sort": sort, "min_sources": min_sources}, output=output):
        result = query.list_countries(app.restricted(min_sources))
        result = query.sort_result(app.index, result, "countries", sort)
        app.emit(result, empty_message=None if result.rows else "the fact base has no countries with facts")
