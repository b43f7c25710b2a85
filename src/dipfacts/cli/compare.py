"""`dipfacts compare COUNTRY COUNTRY...`: countries side by side."""

from __future__ import annotations

import click

from dipfacts import query
from dipfacts.cli.app import App
from dipfacts.cli.emit import Request, emit
from dipfacts.cli.options import OutputChoice, chart_option, complete_country, min_sources_option, output_options


@click.command()
@click.argument("countries_", metavar="COUNTRY COUNTRY...", nargs=-1, required=True, shell_complete=complete_country)
@min_sources_option
@output_options
@chart_option
@click.pass_obj
def compare(app: App, countries_: tuple[str, ...], *, min_sources: int | None, output: OutputChoice) -> None:
    """Compare countries side by side: partnership, relations since, latest trade, visits, tourism.

    \b
    Examples:
      dipfacts compare russia kazakhstan azerbaijan
      dipfacts compare kazakhstan russia --min-sources 2
    """
    request = Request("compare", {"countries": list(countries_), "min_sources": min_sources})
    with app.running(request, output):
        if len(countries_) < 2:
            raise click.UsageError("compare needs at least two countries, e.g. 'dipfacts compare russia kazakhstan'")
        found = [app.country(name) for name in countries_]
        result = query.compare(app.restricted(min_sources), found)
        asked = request.with_query(countries=[country.id for country in found])
        emit(result, output, app.terminal, request=asked, catalogue=app.index)
