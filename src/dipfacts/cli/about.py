"""`dipfacts about`: what is loaded and from where."""

from __future__ import annotations

import click

from dipfacts.cli.app import App, OutputChoice, json_option


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
    from dipfacts import trust

    with app.running("about", {}, output=output):
        app.emit(trust.about(app.index))
