"""`dipfacts show COUNTRY`: everything known about one country."""

from __future__ import annotations

import click

from dipfacts.cli.app import App, OutputChoice, complete_country, min_sources_option, output_options, sort_option
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
    from dipfacts import query

    asked = {"country": country, "topic": topic, "sort": sort, "min_sources": min_sources}
    with app.running("show", asked, output=output):
        entity = query.resolve_entity(app.index, country)
        if entity is not None:
            app.query = {"entity": entity.id, "topic": topic, "sort": sort, "min_sources": min_sources}
            named = query.entity_profile(app.restricted(min_sources), entity, topic=topic)
            named = query.sort_result(app.index, named, "show", sort)
            app.emit(named, empty_message=None if named.facts else f"no facts name {entity.name}")
            return
        found = app.country_asked(country)
        result = query.profile(app.restricted(min_sources), found, topic=topic)
        result = query.sort_result(app.index, result, "show", sort)
        empty = None if result.groups else f"no {topic or ''} facts about {found.name}".replace("  ", " ")
        app.emit(result, empty_message=empty)
