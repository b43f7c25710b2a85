"""`dipfacts about`: what is loaded and from where."""

from __future__ import annotations

import click

from dipfacts import trust
from dipfacts.cli.app import App
from dipfacts.cli.emit import Request, emit
from dipfacts.cli.options import OutputChoice, json_option


@click.command()
@json_option
@click.pass_obj
def about(app: App, *, output: OutputChoice) -> None:
    """Show the data version, the newest source, the counts, and the files the facts were loaded from.

    \b
    Examples:
      dipfacts about
      dipfacts --data my-facts.toml about --json
    """
    request = Request("about", {})
    with app.running(request, output):
        emit(trust.about(app.index), output, app.terminal, request=request, catalogue=app.index)
