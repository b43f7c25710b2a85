"""`dipfacts search QUERY`: facts by words, typo-tolerant."""

from __future__ import annotations

import click

from dipfacts import query
from dipfacts.cli.app import App
from dipfacts.cli.emit import Request, emit
from dipfacts.cli.options import OutputChoice, complete_country, min_sources_option, output_options, sort_option
from dipfacts.model import TOPICS
from dipfacts.query import SORT_FIELDS


@click.command()
@click.argument("text", metavar="QUERY")
@click.option("--country", help="Only facts about this country.", shell_complete=complete_country)
@click.option("--topic", type=click.Choice(TOPICS), help="Only this topic.")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True, help="At most this many facts.")
@sort_option(*SORT_FIELDS["search"])
@min_sources_option
@output_options
@click.pass_obj
def search(
    app: App,
    text: str,
    *,
    country: str | None,
    topic: str | None,
    limit: int,
    sort: str | None,
    min_sources: int | None,
    output: OutputChoice,
) -> None:
    """Search facts by words, in English or French, accents and small typos ignored.

    The best matches are found first (--limit of them), then --sort orders them.

    \b
    Examples:
      dipfacts search noodles
      dipfacts search "visa exemption" --country kazakhstan
    """
    request = Request("search", {
        "query": text, "country": country, "topic": topic, "limit": limit, "sort": sort, "min_sources": min_sources,
    })  # fmt: skip
    with app.running(request, output):
        found = app.country(country)
        result = query.search(app.restricted(min_sources), text, country=found, topic=topic, limit=limit)
        result = query.sort_result(app.index, result, "search", sort)
        emit(
            result, output, app.terminal, request=request.with_country(found), catalogue=app.index,
            empty_message=None if result.hits else f"no facts match {text!r}",
        )  # fmt: skip
