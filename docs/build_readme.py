"""Regenerate README.md from docs/README.template.md.

{{example: ARGS}} runs `dipfacts ARGS` for real output; {{reference}} is the command reference, made from
the Click definitions (a test fails when README.md falls behind them).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = str(Path(sys.executable).with_name("dipfacts"))
WIDTH = 100


def example(match: re.Match[str]) -> str:
    args = match.group(1).split()
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "110"}
    env.pop("DIPFACTS_DATA", None)
    done = subprocess.run([SCRIPT, *args], capture_output=True, text=True, env=env, check=True)
    return f"```\n$ dipfacts {' '.join(args)}\n{done.stdout.rstrip()}\n```"


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
    """`dipfacts ARGS` as a user sees it on a terminal (no colour: NO_COLOR=1)."""
    args = match.group(1).split()
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "110", "TERM": "xterm"}
    env.pop("DIPFACTS_DATA", None)
    output = run_on_terminal(SCRIPT, args, env).decode("utf-8").replace("\r\n", "\n").rstrip()
    return f"```\n$ dipfacts {' '.join(args)}\n{output}\n```"


def command_reference() -> str:
    """Every command's --help, as Click prints it at a fixed width."""
    import click

    from dipfacts.cli import all_commands, cli

    parts = []
    settings = {"terminal_width": WIDTH, "max_content_width": WIDTH, "help_option_names": ["-h", "--help"]}
    with click.Context(cli, info_name="dipfacts", **settings) as parent:  # type: ignore[arg-type]
        for name, command in all_commands():
            context = click.Context(
                command, info_name=name, parent=parent, terminal_width=WIDTH, max_content_width=WIDTH
            )
            parts.append(f"### dipfacts {name}\n\n```\n{command.get_help(context)}\n```")
    return "\n\n".join(parts)


def build() -> str:
    template = (ROOT / "docs" / "README.template.md").read_text(encoding="utf-8")
    text = re.sub(r"\{\{example: (.*?)\}\}", example, template)
    text = re.sub(r"\{\{terminal: (.*?)\}\}", on_terminal, text)
    return text.replace("{{reference}}", command_reference())


if __name__ == "__main__":
    (ROOT / "README.md").write_text(build(), encoding="utf-8")
    print("README.md written")
