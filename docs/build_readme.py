"""Regenerate README.md, docs/guide.md and docs/reference.md from their templates in docs/.

{{example: ARGS}} runs `dipfacts ARGS` on a pseudo-terminal of 80 columns, as a reader sees it (no colour,
no pager); {{piped: ARGS}} runs it into a pipe, as a script sees it; {{reference}} is the command
reference, made from the Click definitions at 80 columns (a test fails when the files fall behind them).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = str(Path(sys.executable).with_name("dipfacts"))
WIDTH = 80
# The pages made, each from its template.
PAGES = {"README.md": "docs/README.template.md", "docs/guide.md": "docs/guide.template.md"}
REFERENCE = "docs/reference.md"


def piped(match: re.Match[str]) -> str:
    """`dipfacts ARGS` into a pipe: what a script reads."""
    args = match.group(1).split()
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": str(WIDTH)}
    env.pop("DIPFACTS_DATA", None)
    done = subprocess.run([SCRIPT, *args], capture_output=True, text=True, env=env, check=True)
    return f"```\n$ dipfacts {' '.join(args)} | cat\n{done.stdout.rstrip()}\n```"


def run_on_terminal(script: str, args: list[str], environ: dict[str, str]) -> bytes:
    """Run ``script ARGS`` with a pseudo-terminal as stdout; return all it printed there."""
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen([script, *args], stdout=follower, stderr=subprocess.DEVNULL, env=environ)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end closed: Linux says EIO
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks)


def on_terminal(match: re.Match[str]) -> str:
    """`dipfacts ARGS` as a user sees it on a terminal of 80 columns (no colour: NO_COLOR=1; no pager)."""
    args = match.group(1).split()
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": str(WIDTH), "TERM": "xterm", "DIPFACTS_PAGER": "cat"}
    env.pop("DIPFACTS_DATA", None)
    output = run_on_terminal(SCRIPT, args, env).decode("utf-8").replace("\r\n", "\n").rstrip()
    output = "\n".join(line.rstrip() for line in output.splitlines())  # a table's padding, invisible on a screen
    return f"```\n$ dipfacts {' '.join(args)}\n{output}\n```"


def command_reference() -> str:
    """Every command's --help, as Click prints it at a fixed width."""
    import click

    from dipfacts.cli.group import all_commands, cli

    parts = []
    settings = {"terminal_width": WIDTH, "max_content_width": WIDTH, "help_option_names": ["-h", "--help"]}
    with click.Context(cli, info_name="dipfacts", **settings) as parent:  # type: ignore[arg-type]
        for name, command in all_commands():
            context = click.Context(
                command, info_name=name, parent=parent, terminal_width=WIDTH, max_content_width=WIDTH
            )
            parts.append(f"### dipfacts {name}\n\n```\n{command.get_help(context)}\n```")
    return "\n\n".join(parts)


def build(template: str) -> str:
    text = (ROOT / template).read_text(encoding="utf-8")
    text = re.sub(r"\{\{example: (.*?)\}\}", on_terminal, text)
    return re.sub(r"\{\{piped: (.*?)\}\}", piped, text)


def reference() -> str:
    return (
        "# dipfacts command reference\n\n"
        "Every command's `--help`, at 80 columns; made by `docs/build_readme.py`, never edited by hand.\n\n"
        f"{command_reference()}\n"
    )


if __name__ == "__main__":
    for page, template in PAGES.items():
        (ROOT / page).write_text(build(template), encoding="utf-8")
    (ROOT / REFERENCE).write_text(reference(), encoding="utf-8")
    print("written:", ", ".join([*PAGES, REFERENCE]))
