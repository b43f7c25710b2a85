"""`dipfacts schema`: the JSON Schema that every --json output follows, or the columns of --csv and --tsv."""

from __future__ import annotations

import json

import click

from dipfacts.cli.app import App
from dipfacts.cli.terminal import write_out
from dipfacts.schema import CSV_COLUMNS, columns_of, output_schema


@click.command()
@click.argument("command", metavar="[COMMAND]", required=False)
@click.option("--columns", is_flag=True, help="The --csv/--tsv columns of COMMAND (or of each command), described.")
@click.pass_obj
def schema(app: App, command: str | None, *, columns: bool) -> None:
    """Print the JSON Schema (draft 2020-12) of the --json output; its $defs also describe each --nl line.

    schema_version changes only with a breaking change (a field removed or changing meaning), recorded in
    the changelog; new fields may appear at any time. With --columns, print instead each listing command's
    --csv and --tsv header, one column a line with what it holds; the header is the same whatever the data.

    \b
    Examples:
      dipfacts schema > dipfacts.schema.json
      dipfacts trade kazakhstan --json | check-jsonschema --schemafile dipfacts.schema.json -
      dipfacts schema --columns trade
    """
    if not columns:
        if command is not None:
            raise click.UsageError(f"COMMAND goes with --columns, e.g. 'dipfacts schema --columns {command}'")
        write_out(json.dumps(output_schema(), indent=2, ensure_ascii=False) + "\n", app.terminal.encoding)
        return
    if command is not None and command not in CSV_COLUMNS:
        raise click.UsageError(
            f"{command!r} has no --csv or --tsv output; commands with columns: {', '.join(CSV_COLUMNS)}"
        )
    lines: list[str] = []
    for name in [command] if command is not None else list(CSV_COLUMNS):
        described = columns_of(name)
        width = max(len(column) for column, _text in described)
        if command is None:
            lines += [*([""] if lines else []), f"{name}:"]
        indent = "" if command is not None else "  "
        lines += [f"{indent}{column.ljust(width)}  {text}" for column, text in described]
    write_out("\n".join(lines) + "\n", app.terminal.encoding)
