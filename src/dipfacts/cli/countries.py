"""`dipfacts countries`: the countries with facts, one line each."""

from __future__ import annotations

import click

from dipfacts import query
from dipfacts.cli.app import App
from dipfacts.cli.emit import Request, emit
from dipfacts.cli.options import OutputChoice, min_sources_option, output_options, sort_option
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
    request = Request("countries", {"sort": sort, "min_sources": min_sources})
    with app.running(request, output):
        result = query.list_countries(app.restricted(min_sources))
        result = query.sort_result(app.index, result, "countries", sort)
        emit(
            result, output, app.terminal, request=request, catalogue=app.index,
            empty_message=None if result.rows else "the fact base has no countries with facts",
        )  # fmt: skip
