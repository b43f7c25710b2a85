"""`dipfacts coverage`: what the base knows, and does not, country by topic."""

from __future__ import annotations

import click

from dipfacts import trust
from dipfacts.cli.app import App
from dipfacts.cli.emit import Request, emit
from dipfacts.cli.options import OutputChoice, min_sources_option, output_options


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
    request = Request("coverage", {"min_sources": min_sources})
    with app.running(request, output):
        result = trust.coverage(app.restricted(min_sources))
        emit(
            result, output, app.terminal, request=request, catalogue=app.index,
            empty_message=None if result.rows else "the fact base has no countries",
        )  # fmt: skip
