"""The dipfacts group: its global options, its commands (one module each, imported when run) and the run of
a command line through Click."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any, NoReturn

import click

from dipfacts import __version__
from dipfacts.cli.app import App
from dipfacts.cli.environment import COMPLETE_VAR, DATA_ENV, cache_directory, data_paths_from_env
from dipfacts.cli.exits import run
from dipfacts.cli.options import FactFile, notice_after
from dipfacts.cli.terminal import Terminal, new_run, say, silence_stdout
from dipfacts.errors import EXIT_OUTPUT

# Each command lives in dipfacts.cli.<name> and is imported only when it runs, so that start-up pays
# for one command, not fifteen. The order is the order of `dipfacts --help`: lookups, trust, housekeeping.
COMMANDS: dict[str, str] = {
    "countries": "Countries with facts: partnership, relations, trade.",
    "show": "Everything about a country, or the facts naming a person.",
    "trade": "Vietnam's trade with a country, period by period.",
    "visits": "Visits: type, dates, host and claimed firsts.",
    "compare": "Countries side by side.",
    "search": "Search facts by words (English or French).",
    "timeline": "Dated facts in time order.",
    "conflicts": "Where the sources differ, side by side.",
    "coverage": "What the base knows, and does not, by topic.",
    "cite": "A ready-to-paste citation of a fact's sources.",
    "verify": "Check a draft's figures, dates and levels against the base.",
    "sources": "The source articles and the facts they back.",
    "export": "The whole base as an SQLite file or JSON lines.",
    "about": "Data version, counts, and where facts came from.",
    "check": "Validate fact files and list every problem.",
    "schema": "The JSON Schema of the --json output.",
    "completion": "Print the shell completion script.",
}


class _Commands(click.Group):
    """Commands loaded on first use, listed in COMMANDS' order with their short help (no import needed)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        command: click.Command = getattr(importlib.import_module(f"dipfacts.cli.{cmd_name}"), cmd_name)
        command.short_help = COMMANDS[cmd_name]
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl(list(COMMANDS.items()))

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if os.environ.get(COMPLETE_VAR):
            # The shell asks for completions: dipfacts' own way of sending them to bash must be in place
            # before Click answers (the module registers it). Lazy: only Tab needs it.
            import dipfacts.cli.completion  # noqa: F401
        return super().main(*args, **kwargs)


@click.group(
    cls=_Commands,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    invoke_without_command=True,
)
@click.version_option(__version__, "--version", "-V", prog_name="dipfacts", message="%(prog)s %(version)s")
@click.option(
    "--data",
    "data_paths",
    multiple=True,
    type=FactFile(),
    metavar="PATH",
    help=(
        "Extra fact file merged into the packaged base"
        f" (repeatable; also ${DATA_ENV}, paths separated by '{os.pathsep}')."
    ),
)
@click.option("--no-packaged", is_flag=True, help="Use only the --data files, not the packaged fact base.")
@click.option("--no-color", is_flag=True, help="No colour or other escape codes (also NO_COLOR=1).")
@click.option("--no-cache", is_flag=True, help="Read the fact files every time; no cache (also DIPFACTS_NO_CACHE=1).")
@click.option(
    "--notes", "-v", "notes", is_flag=True,
    help="Under a table: each fact's notes, what Backed means and the sources' full titles.",
)  # fmt: skip
@click.option("--no-pager", is_flag=True, help="Never page a long table (also DIPFACTS_PAGER=cat).")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
@click.pass_context
def cli(
    ctx: click.Context, data_paths: tuple[str, ...], no_packaged: bool, no_color: bool, no_cache: bool, notes: bool,
    no_pager: bool, debug: bool,
) -> None:  # fmt: skip
    """Sourced facts about Vietnam's diplomatic relations: trade, visits, partnerships, agreements.

    Every figure comes with the article, paragraph and words it is taken from.

    \b
    Examples:
      dipfacts trade kazakhstan
      dipfacts visits --year 2025
      dipfacts compare russia kazakhstan --json
    """
    if ctx.invoked_subcommand is None:
        # A bare `dipfacts` asks what the tool does: help on stdout, and that is a success.
        click.echo(ctx.get_help())
        ctx.exit(0)
    from_env = data_paths_from_env(os.environ)
    terminal = Terminal.detect(no_color_flag=no_color, environ=os.environ, no_pager_flag=no_pager)
    if no_packaged and not (from_env + data_paths):
        raise click.UsageError(f"--no-packaged needs at least one --data file (or ${DATA_ENV})")
    cache_dir = cache_directory(os.environ, no_cache_flag=no_cache)
    # --notes is read by each command's output options (dipfacts.cli.options), where the output is chosen.
    ctx.obj = App(
        from_env + data_paths, packaged=not no_packaged, terminal=terminal, debug=debug, cache_dir=cache_dir,
        notice_after=notice_after(os.environ),
    )  # fmt: skip


def all_commands() -> list[tuple[str, click.Command]]:
    """Every command, loaded (for documentation and tests; a run loads only its own)."""
    context = click.Context(cli)
    return [(name, command) for name in COMMANDS if (command := cli.get_command(context, name)) is not None]


def main(argv: list[str] | None = None, prog_name: str = "dipfacts") -> NoReturn:
    """The command line through Click: no traceback reaches a user unless --debug asks for one."""
    args = sys.argv[1:] if argv is None else argv
    new_run()
    if sys.stdout is None:  # started with stdout closed (`dipfacts ... >&-`): nothing could be printed
        say("cannot write the output: standard output is closed")
        sys.exit(EXIT_OUTPUT)
    code = run(cli, _global_options_first(args), prog_name)
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
    except (OSError, ValueError) as error:  # what was printed could not all be written (a full disk)
        silence_stdout()
        say(f"cannot write the output: {getattr(error, 'strerror', None) or error}")
        code = code or EXIT_OUTPUT
    sys.exit(code)


# Options of the dipfacts group, which may also be given after the command (`dipfacts search oil --no-color`).
_GLOBAL_FLAGS = frozenset(("--no-packaged", "--no-color", "--no-cache", "--notes", "-v", "--no-pager", "--debug"))
_GLOBAL_WITH_VALUE = frozenset(("--data",))


def _global_options_first(args: list[str]) -> list[str]:
    """The command line with dipfacts' own options before the command and the command's options after it,
    wherever they were typed: `dipfacts trade kz --data x.toml` and `dipfacts --json trade kz` both work."""
    end = args.index("--") if "--" in args else len(args)
    # The command is the first command name that is not the value of --data.
    found = [i for i in range(end) if args[i] in COMMANDS and (i == 0 or args[i - 1] not in _GLOBAL_WITH_VALUE)]
    if not found:
        return args
    position = found[0]
    name = args[position]
    command = cli.get_command(click.Context(cli), name)
    takes_value = {
        opt for param in (command.params if command else []) if isinstance(param, click.Option) and not param.is_flag
        for opt in param.opts
    }  # fmt: skip
    front: list[str] = []
    back: list[str] = []
    index = 0
    while index < end:
        if index == position:
            index += 1
            continue
        token = args[index]
        key = token.split("=", 1)[0]
        if key in _GLOBAL_FLAGS or key in _GLOBAL_WITH_VALUE:
            with_value = key in _GLOBAL_WITH_VALUE and "=" not in token and index + 1 < end
            front += args[index : index + (2 if with_value else 1)]
            index += 2 if with_value else 1
        elif index < position and token.startswith("-"):
            with_value = key in takes_value and "=" not in token and index + 1 < position
            back += args[index : index + (2 if with_value else 1)]
            index += 2 if with_value else 1
        else:
            back.append(token)
            index += 1
    return [*front, name, *back, *args[end:]]
