"""`dipfacts show COUNTRY`: everything known about one country."""

from __future__ import annotations

import click

from dipfacts.cli.app import App, OutputChoice, complete_country, min_sources_option, output_options
from dipfacts.model import TOPICS


@click.command()
@click.argument("country", metavar="COUNTRY|NAME", shell_complete=complete_country)
@click.option("--topic", type=click.Choice(TOPICS), help="Only this topic.")
@min_sources_option
@output_options
@click.pass_obj
def show(app: App, country: str, *, topic: str | None, min_sources: int | None, output: OutputChoice) -> None:
    """Show everything known about COUNTRY, grouped by topic ('vietnam' for Vietnam-wide facts), or
    every fact that names a person or organisation (Putin, Poutine, Путин, EAEU, UEEA...).

    \b
    Examples:
      dipfacts show azerbaijan
      dipfacts show putin
    """
    from dipfacts import query

    with app.running("show", {"country": country, "topic": topic, "min_sources": min_sources}, output=output):
        entity = query.resolve_entity(app.index, country)
        if entity is not None:
            app.query = {"entity": entity.id, "topic": topic, "min_sources": min_sources}
            named = query.entity_profile(app.restricted(min_sources), entity)
            if topic:
                named = query.EntityResult(entity, tuple(f for f in named.facts if f.topic == topic))
            app.emit(named, empty_message=None if named.facts else f"no facts name {entity.name}")
            return
        found = app.country(country)
        app.query["country"] = found.id
        result = query.profile(app.restricted(min_sources), found, topic=topic)
        empty = None if result.groups else f"no {topic or ''} facts about {found.name}".replace("  ", " ")
        app.emit(result, empty_message=empty)
