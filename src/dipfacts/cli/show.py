"""`dipfacts show COUNTRY`: everything known about one country."""

from __future__ import annotations

import click

from dipfacts import query
from dipfacts.cli.app import App
from dipfacts.cli.emit import Request, emit
from dipfacts.cli.options import OutputChoice, complete_country, min_sources_option, output_options, sort_option
from dipfacts.model import TOPICS
from dipfacts.query import SORT_FIELDS


@click.command()
@click.argument("country", metavar="COUNTRY|NAME", shell_complete=complete_country)
@click.option("--topic", type=click.Choice(TOPICS), help="Only this topic.")
@sort_option(*SORT_FIELDS["show"])
@min_sources_option
@output_options
@click.pass_obj
def show(
    app: App, country: str, *, topic: str | None, sort: str | None, min_sources: int | None, output: OutputChoice
) -> None:
    """Show everything known about COUNTRY, grouped by topic ('vietnam' for Vietnam-wide facts), or
    every fact that names a person or organisation (Putin, Poutine, Путин, EAEU, UEEA...).
    --sort orders the facts within each topic.

    \b
    Examples:
      dipfacts show azerbaijan
      dipfacts show putin
    """
    request = Request("show", {"country": country, "topic": topic, "sort": sort, "min_sources": min_sources})
    with app.running(request, output):
        entity = query.resolve_entity(app.index, country)
        if entity is not None:
            named = query.entity_profile(app.restricted(min_sources), entity, topic=topic)
            named = query.sort_result(app.index, named, "show", sort)
            about = Request("show", {"entity": entity.id, "topic": topic, "sort": sort, "min_sources": min_sources})
            emit(
                named, output, app.terminal, request=about, catalogue=app.index,
                empty_message=None if named.facts else f"no facts name {entity.name}",
            )  # fmt: skip
            return
        found = app.country(country)
        result = query.profile(app.restricted(min_sources), found, topic=topic)
        result = query.sort_result(app.index, result, "show", sort)
        empty = None if result.groups else f"no {topic or ''} facts about {found.name}".replace("  ", " ")
        emit(
            result, output, app.terminal, request=request.with_country(found), catalogue=app.index,
            empty_message=empty,
        )  # fmt: skip
