"""`dipfacts schema`: the JSON Schema that every --json output follows."""

from __future__ import annotations

import click

from dipfacts.cli.app import App, write_out


@click.command()
@click.pass_obj
def schema(app: App) -> None:
    """Print the JSON Schema (draft 2020-12) of the --json output; its $defs also describe each --nl line.

    schema_version changes only with a breaking change (a field removed or changing meaning), recorded in
    the changelog; new fields may appear at any time.

    \b
    Examples:
      dipfacts schema > dipfacts.schema.json
      dipfacts trade kazakhstan --json | check-jsonschema --schemafile dipfacts.schema.json -
    """
    import json

    from dipfacts.schema import output_schema

    write_out(json.dumps(output_schema(), indent=2, ensure_ascii=False) + "\n", app.terminal.encoding)
