"""`dipfacts visits [COUNTRY]`: visits, with type, dates, host and claimed firsts."""

from __future__ import annotations

import click

from dipfacts import query
from dipfacts.cli.app import App
from dipfacts.cli.emit import Request, emit
from dipfacts.cli.options import (
    YEAR,
    OutputChoice,
    complete_country,
    date_range_options,
    min_sources_option,
    output_options,
    sort_option,
)
from dipfacts.model import VISIT_TYPES
from dipfacts.query import SORT_FIELDS


@click.command()
@click.argument("country", required=False, shell_complete=complete_country)
@click.option("--year", type=YEAR, help="Only visits in this year.")
@date_range_options
@click.option(
    "--type", "visit_type", type=click.Choice(VISIT_TYPES, case_sensitive=False), help="State or official visits."
)
@click.option("--latest", is_flag=True, help="Only the most recent visit (to each country, without COUNTRY).")
@sort_option(*SORT_FIELDS["visits"])
@min_sources_option
@output_options
@click.pass_obj
def visits(
    app: App,
    country: str | None,
    *,
    year: int | None,
    start: str | None,
    end: str | None,
    visit_type: str | None,
    latest: bool,
    sort: str | None,
    min_sources: int | None,
    output: OutputChoice,
) -> None:
    """List visits, with their type, dates, host and the 'firsts' the sources claim.

    A visit whose days are not stated counts by its whole month for --year, --from and --to.

    \b
    Examples:
      dipfacts visits --year 2025
      dipfacts visits belarus --type state
      dipfacts visits --latest --sort country
    """
    visit_type = visit_type.lower() if visit_type else None
    request = Request("visits", {
        "country": country, "year": year, "from": start, "to": end, "type": visit_type, "latest": latest,
        "sort": sort, "min_sources": min_sources,
    })  # fmt: skip
    with app.running(request, output):
        found = app.country(country)
        result = query.visits(
            app.restricted(min_sources), country=found, year=year, start=start, end=end, visit_type=visit_type,
            latest=latest,
        )  # fmt: skip
        result = query.sort_result(app.index, result, "visits", sort)
        emit(
            result, output, app.terminal, request=request.with_country(found), catalogue=app.index,
            empty_message=None if result.visits else "no visits match",
        )  # fmt: skip
