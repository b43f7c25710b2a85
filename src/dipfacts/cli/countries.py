"""`dipfacts countries`: the countries with facts, one line each."""

from __future__ import annotations

import click

from dipfacts.cli.app import App, json_option, min_sources_option


@click.command(short_help="Countries with facts: partnership, relations, trade.")
@min_sources_option
@json_option
@click.pass_obj
def countries(app: App, *, min_sources: int, as_json: bool) -> None:
    """List the countries with facts: partnership level, relations since, latest trade figure.

    \b
    Examples:
      dipfacts countries
      dipfacts countries --min-sources 2 --json
    """
    from dipfacts import query

    with app.running("countries", {"min_sources": min_sources}, as_json=as_json):
        result = query.list_countries(app.restricted(min_sources))
        app.emit(result, empty_message=None if result.rows else "the fact base has no countries with facts")
