"""`dipfacts timeline [COUNTRY]`: dated facts in time order."""

from __future__ import annotations

import click

from dipfacts import query, trust
from dipfacts.cli.app import App
from dipfacts.cli.emit import Request, emit
from dipfacts.cli.options import (
    OutputChoice,
    complete_country,
    date_range_options,
    min_sources_option,
    output_options,
    sort_option,
)
from dipfacts.query import SORT_FIELDS


@click.command()
@click.argument("country", required=False, shell_complete=complete_country)
@date_range_options
@sort_option(*SORT_FIELDS["timeline"])
@min_sources_option
@output_options
@click.pass_obj
def timeline(
    app: App,
    country: str | None,
    *,
    start: str | None,
    end: str | None,
    sort: str | None,
    min_sources: int | None,
    output: OutputChoice,
) -> None:
    """List every dated fact in time order; partial dates (1992, 2025-05) are shown as the sources give them.

    A partial date sits at the start of the span it names; facts whose span touches --from/--to are kept.

    \b
    Examples:
      dipfacts timeline kazakhstan
      dipfacts timeline --from 2024 --to 2025-05 --json
    """
    request = Request(
        "timeline", {"country": country, "from": start, "to": end, "sort": sort, "min_sources": min_sources}
    )
    with app.running(request, output):
        found = app.country(country)
        result = trust.timeline(app.restricted(min_sources), country=found, start=start, end=end)
        result = query.sort_result(app.index, result, "timeline", sort)
        empty = None if result.entries or result.year_unknown else "no dated facts match"
        emit(
            result, output, app.terminal, request=request.with_country(found), catalogue=app.index,
            empty_message=empty,
        )  # fmt: skip
