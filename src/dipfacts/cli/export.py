"""`dipfacts export`: the whole merged base, as an SQLite file for SQL tools or as JSON lines."""

from __future__ import annotations

import click

from dipfacts import output, query
from dipfacts.cli.app import App
from dipfacts.cli.emit import Request
from dipfacts.cli.options import OutputChoice
from dipfacts.cli.terminal import write_pieces
from dipfacts.errors import OutputError, UsageProblem
from dipfacts.store import save


@click.command()
@click.option(
    "--sqlite", "sqlite_path", metavar="PATH",
    help="Write an SQLite database to PATH (a new file; '-' is not allowed: use --jsonl for stdout).",
)  # fmt: skip
@click.option("--jsonl", is_flag=True, help="Print every fact as one JSON line (the --nl record) on stdout.")
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@click.pass_obj
def export(app: App, *, sqlite_path: str | None, jsonl: bool, force: bool) -> None:
    """Export the whole base (packaged and --data facts, merged and checked) for other tools: an SQLite
    file that sqlite3, sqlite-utils and Datasette open as it is, with the views fact_table and
    citation_table (see docs/data-model.md), or every fact as a JSON line. Give exactly one of --sqlite
    and --jsonl. The file appears whole or not at all; nothing is printed on success.

    \b
    Examples:
      dipfacts export --sqlite vietnam.db
      sqlite3 vietnam.db "SELECT country_name, count(*) FROM fact_table GROUP BY 1"
      dipfacts --data my-facts.toml export --sqlite mine.db --force
      dipfacts export --jsonl > facts.jsonl
    """
    if (sqlite_path is None) == (not jsonl):
        raise click.UsageError("give exactly one of --sqlite PATH and --jsonl")
    if sqlite_path == "-":
        raise click.BadParameter(
            "'-' (standard output) cannot hold an SQLite database; give a file name, or use --jsonl",
            param_hint="--sqlite",
        )
    if sqlite_path is not None and not sqlite_path.strip():
        raise click.BadParameter("give the name of the file to write", param_hint="--sqlite")
    if force and sqlite_path is None:
        raise click.UsageError("--force replaces the --sqlite file; --jsonl writes no file")
    request = Request("export", {"sqlite": sqlite_path, "jsonl": jsonl, "force": force})
    with app.running(request, OutputChoice("nl" if jsonl else "table")):
        if sqlite_path is None:
            _jsonl(app)
        else:
            _sqlite(app, sqlite_path, force=force)


def _jsonl(app: App) -> None:
    index = app.index
    ascii_only = not app.terminal.utf
    lines = (
        output.to_lines(output.plain((output.fact_record(index, query.evidence(fact)),)), ascii_only=ascii_only)
        for fact in index.store.each_fact()
    )
    write_pieces(lines, app.terminal.encoding)


def _sqlite(app: App, path: str, *, force: bool) -> None:
    connection = app.index.store.connection
    try:
        save(connection, path, overwrite=force)
    except FileExistsError:
        raise UsageProblem(f"{path} exists; add --force to replace it") from None
    except ValueError as error:  # a NUL in the name
        raise UsageProblem(f"cannot write {path!r}: {error}") from None
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
