"""`dipfacts compare COUNTRY COUNTRY...`: countries side by side."""

from __future__ import annotations

import click

from dipfacts.cli.app import App, json_option, min_sources_option


@click.command(short_help="Countries side by side.")
@click.argument("countries_", metavar="COUNTRY COUNTRY...", nargs=-1, required=True)
@min_sources_option
@json_option
@click.pass_obj
def compare(app: App, countries_: tuple[str, ...], *, min_sources: int, as_json: bool) -> None:
    """Compare countries side by side: partnership, relations since, latest trade, visits, tourism.

    \b
    Examples:
      dipfacts compare russia kazakhstan azerbaijan
      dipfacts compare kazakhstan russia --min-sources 2
    """
    from dipfacts import query

    with app.running("compare", {"countries": list(countries_), "min_sources": min_sources}, as_json=as_json):
        if len(countries_) < 2:
            raise click.UsageError("compare needs at least two countries, e.g. 'dipfacts compare russia kazakhstan'")
        found = [query.resolve_country(app.index, name) for name in countries_]
        app.query["countries"] = [country.id for country in found]
        app.emit(query.compare(app.restricted(min_sources), found))
