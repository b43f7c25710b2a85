"""`dipfacts conflicts [COUNTRY]`: where the sources differ, each version side by side."""

from __future__ import annotations

import click

from dipfacts import trust
from dipfacts.cli.app import App
from dipfacts.cli.emit import Request, emit
from dipfacts.cli.options import OutputChoice, complete_country, min_sources_option, output_options
from dipfacts.model import CONFLICT_KINDS


@click.command()
@click.argument("country", required=False, shell_complete=complete_country)
@click.option("--kind", type=click.Choice(tuple(CONFLICT_KINDS)), help="Only this kind of difference.")
@min_sources_option
@output_options
@click.pass_obj
def conflicts(
    app: App, country: str | None, *, kind: str | None, min_sources: int | None, output: OutputChoice
) -> None:
    """List the facts on which the sources differ, with each source's version and words side by side.

    Kinds: hedge, value, precision, wording, spelling, acronym, count-over-time, plan-vs-outcome.

    \b
    Examples:
      dipfacts conflicts kazakhstan
      dipfacts conflicts --kind spelling --json
    """
    request = Request("conflicts", {"country": country, "kind": kind, "min_sources": min_sources})
    with app.running(request, output):
        found = app.country(country)
        result = trust.conflicts(app.restricted(min_sources), country=found, kind=kind)
        where = f" about {found.name}" if found else ""
        emit(
            result, output, app.terminal, request=request.with_country(found), catalogue=app.index,
            empty_message=None if result.conflicts else f"no conflicts between sources{where}",
        )  # fmt: skip
