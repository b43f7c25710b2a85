"""`dipfacts coverage`: what the base knows, and does not, country by topic."""

from __future__ import annotations

import click

from dipfacts.cli.app import App, OutputChoice, min_sources_option, output_options


@click.command()
@min_sources_option
@output_options
@click.pass_obj
def coverage(app: App, *, min_sources: int | None, output: OutputChoice) -> None:
    """Show a grid of topic by country: how many facts, how many with figures, and the gaps.

    \b
    Examples:
      dipfacts coverage
      dipfacts coverage --min-sources 2 --json
    """
    from dipfacts import trust

    with app.running("coverage", {"min_sources": min_sources}, output=output):
        result = trust.coverage(app.restricted(min_sources))
        app.emit(result, empty_message=None if result.rows else "the fact base has no countries")
