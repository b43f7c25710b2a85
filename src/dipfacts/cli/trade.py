"""`dipfacts trade COUNTRY`: Vietnam's trade with one country."""

from __future__ import annotations

import click

from dipfacts import query
from dipfacts.cli.app import App
from dipfacts.cli.emit import Request, emit
from dipfacts.cli.options import (
    YEAR,
    OutputChoice,
    chart_option,
    complete_country,
    date_range_options,
    min_sources_option,
    output_options,
    sort_option,
)
from dipfacts.query import SORT_FIELDS


@click.command()
@click.argument("country", required=False, shell_complete=complete_country)
@click.option("--year", type=YEAR, help="Only figures for periods touching this year.")
@date_range_options
@click.option(
    "--latest",
    is_flag=True,
    help="Only the latest yearly figure (per country): a stated result, never a target or a derived value.",
)
@sort_option(*SORT_FIELDS["trade"])
@min_sources_option
@output_options
@chart_option
@click.pass_obj
def trade(
    app: App,
    country: str | None,
    *,
    year: int | None,
    start: str | None,
    end: str | None,
    latest: bool,
    sort: str | None,
    min_sources: int | None,
    output: OutputChoice,
) -> None:
    """Vietnam's trade with COUNTRY by period: value, change, kind (actual, target, derived), rankings.

    Without COUNTRY, every country's trade figures in one table (one CSV, one JSON list). A figure for a
    quarter or a year counts by its whole span for --year, --from and --to. --latest keeps the most recent
    yearly figure the sources state (a quarter only when there is no yearly one), within the dates asked.

    \b
    Examples:
      dipfacts trade kazakhstan
      dipfacts trade kazakhstan --from 2024 --to 2025
      dipfacts trade --latest --sort -value
      dipfacts trade --csv
    """
    request = Request("trade", {
        "country": country, "year": year, "from": start, "to": end, "latest": latest, "sort": sort,
        "min_sources": min_sources,
    })  # fmt: skip
    with app.running(request, output):
        if country is None:
            everything = query.all_trade(app.restricted(min_sources), year=year, start=start, end=end, latest=latest)
            everything = query.sort_result(app.index, everything, "trade", sort)
            empty = (
                None
                if everything.figures
                else "no trade figures" + query.describe_range(year=year, start=start, end=end)
            )
            emit(everything, output, app.terminal, request=request, catalogue=app.index, empty_message=empty)
            return
        found = app.country(country)
        result = query.trade(app.restricted(min_sources), found, year=year, start=start, end=end, latest=latest)
        result = query.sort_result(app.index, result, "trade", sort)
        empty = None
        if not result.figures and (year or start or end or latest or not result.rankings):
            empty = f"no trade figures for {found.name}" + query.describe_range(year=year, start=start, end=end)
        asked = request.with_country(found)
        emit(result, output, app.terminal, request=asked, catalogue=app.index, empty_message=empty)
