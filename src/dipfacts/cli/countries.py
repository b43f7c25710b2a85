"""`dipfacts countries`: the countries with facts, one line each."""

from __future__ import annotations

import click

from dipfacts.cli.app import App, OutputChoice, min_sources_option, output_options


@click.command()
@min_sources_option
@output_options
@click.pass_obj
def countries(app: App, *, min_sources: int | None, output: OutputChoice) -> None:
    """List the countries with facts: partnership level, relations since, latest trade figure.

    \b
    Examples:
      dipfacts countries
      dipfacts countries --min-sources 2 --json
    """
    from dipfacts import query

    with app.running("countries", {"min_sources": min_sources}, output=output):
        result = query.list_countries(app.restricted(min_sources))
        app.emit(result, empty_message=None if result.rows else "the fact base has no countries with facts")
