"""`dipfacts check [FILE...]`: validate fact files and list every problem."""

from __future__ import annotations

import os

import click

from dipfacts.build import base_of
from dipfacts.cache import open_index
from dipfacts.cli.app import App
from dipfacts.cli.emit import Request, write_json
from dipfacts.cli.options import FactFile, OutputChoice, json_option
from dipfacts.cli.terminal import say, write_out
from dipfacts.errors import EXIT_DATA, DataFileError


@click.command()
@click.argument("files", nargs=-1, type=FactFile())
@click.option(
    "--sources",
    "sources_dir",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=str),
    help="Also check every citation against the article texts in DIR (their SHA-256, excerpts and spellings).",
)
@json_option
@click.pass_obj
def check(app: App, files: tuple[str, ...], *, sources_dir: str | None, output: OutputChoice) -> None:
    """Validate fact files (merged with the packaged base) and list every problem found.

    Without FILE, checks the packaged base and any --data files. With --sources DIR, also checks that
    each article in DIR is the text the base was checked against and that every excerpt is in the
    paragraph it cites (e.g. `dipfacts check --sources ../shared/sources` in this repository). Exit 0 if
    valid, 3 if not.

    \b
    Examples:
      dipfacts check my-facts.toml
      dipfacts --data my-facts.toml check --json
    """
    paths = app.data_paths + files
    request = Request("check", {"files": list(paths), "sources": sources_dir})
    as_json = output.format == "json"
    # The problems are this command's answer, not an error: it lists them all in its own words (exit 3).
    try:
        # Built as a lookup builds it (into the cache, when there is one): a pack of any size is checked
        # without holding its facts, and a lookup after a successful check finds the base ready.
        store = open_index(
            paths, packaged=app.packaged, cache_dir=app.cache_dir, notify=say, notice_after=app.notice_after
        ).store
        if sources_dir is not None:
            from dipfacts.articles import verify  # lazy: only --sources reads the articles

            if not os.path.isdir(sources_dir):
                raise DataFileError([f"{sources_dir}: no such directory of article texts (--sources)"])
            found = verify(base_of(store), sources_dir)
            if found:
                raise DataFileError(found)
    except DataFileError as error:
        if as_json:
            write_json(request, [{"problem": problem} for problem in error.problems], app.terminal)
        for problem in error.problems:
            say(problem)
        say(f"{len(error.problems)} problem(s) found")
        raise click.exceptions.Exit(EXIT_DATA) from None
    summary = (
        f"ok: {store.count('facts')} facts, {len(store.sources)} sources, {len(store.countries)} countries"
        f" in {len(store.files)} file(s)"
    )
    if sources_dir is not None:
        summary += f"; all {store.count('citations')} citations found in the articles in {sources_dir}"
    if as_json:
        write_json(request, [], app.terminal)
    else:
        write_out(summary + "\n", app.terminal.encoding)
