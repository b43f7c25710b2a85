"""`dipfacts show COUNTRY`: everything known about one country."""

from __future__ import annotations

import click

from dipfacts.cli.app import App, json_option, min_sources_option
from dipfacts.model import TOPICS


@click.command(short_help="Everything known about one country, by topic.")
@click.argument("country")
@click.option("--topic", type=click.Choice(TOPICS), help="Only this topic.")
@min_sources_option
@json_option
@click.pass_obj
def show(app: App, country: str, *, topic: str | None, min_sources: int, as_json: bool) -> None:
    """Show everything known about COUNTRY, grouped by topic ('vietnam' for Vietnam-wide facts).

    \b
    Examples:
      dipfacts show azerbaijan
      dipfacts show vietnam --topic policy
    """
    from dipfacts import query

    with app.running("show", {"country": country, "topic": topic, "min_sources": min_sources}, as_json=as_json):
        found = query.resolve_country(app.index, country)
        app.query["country"] = found.id
        result = query.profile(app.restricted(min_sources), found, topic=topic)
        empty = None if result.groups else f"no {topic or ''} facts about {found.name}".replace("  ", " ")
        app.emit(result, empty_message=empty)
