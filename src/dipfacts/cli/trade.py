"""`dipfacts trade COUNTRY`: Vietnam's trade with one country."""

from __future__ import annotations

import click

from dipfacts.cli.app import YEAR, App, OutputChoice, chart_option, complete_country, min_sources_option, output_options


@click.command()
@click.argument("country", required=False, shell_complete=complete_country)
@click.option("--year", type=YEAR, help="Only figures for periods touching this year.")
@min_sources_option
@output_options
@chart_option
@click.pass_obj
def trade(app: App, country: str | None, *, year: int | None, min_sources: int | None, output: OutputChoice) -> None:
    """Vietnam's trade with COUNTRY by period: value, change, kind (actual, target, derived), rankings.

    Without COUNTRY, every country's trade figures in one table (one CSV, one JSON list).

    \b
    Examples:
      dipfacts trade kazakhstan
      dipfacts trade --csv
    """
    from dipfacts import query

    with app.running("trade", {"country": country, "year": year, "min_sources": min_sources}, output=output):
        if country is None:
            everything = query.all_trade(app.restricted(min_sources), year=year)
            empty = None if everything.figures else "no trade figures" + (f" in {year}" if year else "")
            app.emit(everything, empty_message=empty)
            return
        found = app.country(country)
        app.query["country"] = found.id
        result = query.trade(app.restricted(min_sources), found, year=year)
        empty = None
        if not result.figures and (year or not result.rankings):
            empty = f"no trade figures for {found.name}" + (f" in {year}" if year else "")
        app.emit(result, empty_message=empty)
