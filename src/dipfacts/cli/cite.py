"""`dipfacts cite FACT_ID...`: a ready-to-paste citation of a fact's sources."""

from __future__ import annotations

import click

from dipfacts import trust
from dipfacts.cli.app import App
from dipfacts.cli.emit import Request, emit, write_text
from dipfacts.cli.options import OutputChoice, complete_fact_id, json_option
from dipfacts.output import citation_text

FORMATS = ("text", "markdown", "bibtex", "csl-json")


@click.command()
@click.argument("fact_ids", metavar="FACT_ID...", nargs=-1, required=True, shell_complete=complete_fact_id)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Citation format.")
@json_option
@click.pass_obj
def cite(app: App, fact_ids: tuple[str, ...], *, fmt: str, output: OutputChoice) -> None:
    """Print a citation of the articles behind FACT_ID (ids are in the Id column and in --json).

    \b
    Examples:
      dipfacts cite kz-trade-2024
      dipfacts cite kz-trade-2024 kz-tourists-2024 --format bibtex
    """
    request = Request("cite", {"facts": list(fact_ids), "format": fmt})
    with app.running(request, output):
        result = trust.find_facts(app.index, fact_ids)
        if output.format == "json":
            emit(result, output, app.terminal, request=request, catalogue=app.index)
        else:  # a citation in the format asked for is this command's text, not a table
            write_text(citation_text(app.index, result.facts, fmt), app.terminal)
