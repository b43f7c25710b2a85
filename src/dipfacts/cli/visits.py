"""`dipfacts visits [COUNTRY]`: visits, with type, dates, host and claimed firsts."""

from __future__ import annotations

import click

from dipfacts.cli.app import YEAR, App, OutputChoice, complete_country, min_sources_option, output_options
from dipfacts.model import VISIT_TYPES


@click.command()
@click.argument("country", required=False, shell_complete=complete_country)
@click.option("--year", type=YEAR, help="Only visits in this year.")
@click.option(
    "--type", "visit_type", type=click.Choice(VISIT_TYPES, case_sensitive=False), help="State or official visits."
)
@min_sources_option
@output_options
@click.pass_obj
def visits(
    app: App,
    country: str | None,
    *,
    year: int | None,
    visit_type: str | None,
    min_sources: int | None,
    output: OutputChoice,
) -> None:
    """List visits, with their type, dates, host and the 'firsts' the sources claim.

    \b
    Examples:
      dipfacts visits --year 2025
      dipfacts visits belarus --type state
    """
    from dipfacts import query

    visit_type = visit_type.lower() if visit_type else None
    asked = {"country": country, "year": year, "type": visit_type, "min_sources": min_sources}
    with app.running("visits", asked, output=output):
        found = app.country(country) if country is not None else None
        app.query["country"] = found.id if found else None
        result = query.visits(app.restricted(min_sources), country=found, year=year, visit_type=visit_type)
        app.emit(result, empty_message=None if result.visits else "no visits match")
