"""`dipfacts check [FILE...]`: validate fact files and list every problem."""

from __future__ import annotations

import click

from dipfacts.cli.app import App, FactFile, OutputChoice, json_option, say, write_out
from dipfacts.errors import EXIT_DATA, DataFileError


@click.command()
@click.argument("files", nargs=-1, type=FactFile())
@json_option
@click.pass_obj
def check(app: App, files: tuple[str, ...], *, output: OutputChoice) -> None:
    """Validate fact files (merged with the packaged base) and list every problem found.

    Without FILE, checks the packaged base and any --data files. Exit 0 if valid, 3 if not.

    \b
    Examples:
      dipfacts check my-facts.toml
      dipfacts --data my-facts.toml check --json
    """
    from dipfacts.load import load_factbase

    paths = app.data_paths + files
    app.command, app.query, app.output = "check", {"files": list(paths)}, output
    as_json = output.format == "json"
    try:
        base = load_factbase(paths, packaged=app.packaged)
    except DataFileError as error:
        if as_json:
            app._print_json([{"problem": problem} for problem in error.problems])
        for problem in error.problems:
            say(problem)
        say(f"{len(error.problems)} problem(s) found")
        raise click.exceptions.Exit(EXIT_DATA) from None
    summary = (
        f"ok: {len(base.facts)} facts, {len(base.sources)} sources, {len(base.countries)} countries"
        f" in {len(base.files)} file(s)"
    )
    if as_json:
        app._print_json([])
    else:
        write_out(summary + "\n", app.terminal.encoding)
