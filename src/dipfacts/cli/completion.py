"""`dipfacts completion SHELL`, and what Tab completes: country names in every language, fact and source ids."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import click
from click.shell_completion import BashComplete, CompletionItem, add_completion_class, get_completion_class

from dipfacts.cli import tab
from dipfacts.cli.environment import COMPLETE_VAR

if TYPE_CHECKING:
    from dipfacts.index import FactIndex

SHELLS = ("bash", "zsh", "fish")


class _BashComplete(BashComplete):
    """Bash puts a completion on the command line exactly as given, where zsh and fish escape it themselves;
    so a name with a space or an apostrophe is sent escaped, or `trade Russian<Tab>` would make two words.
    After an opening quote (`trade 'Russian F<Tab>`) it is sent as it is: bash closes the quote.

    Click's bash script reads each line with `read` (no -r), which takes one level of backslashes away:
    hence the doubling. The script itself is Click's, unchanged, so scripts installed before still work.
    """

    quoted = False

    def get_completion_args(self) -> tuple[list[str], str]:
        self.quoted = tab.open_quote(os.environ.get("COMP_WORDS", ""))
        return super().get_completion_args()

    def format_completion(self, item: CompletionItem[Any]) -> str:
        if item.type != "plain":
            return super().format_completion(item)
        return tab.bash_line(str(item.value), quoted=self.quoted)


add_completion_class(_BashComplete, "bash")


@click.command()
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the completion script for SHELL (bash, zsh or fish); Tab then completes commands, options,
    country names and aliases in every language, topics and fact ids.

    \b
    Examples:
      dipfacts completion bash > ~/.local/share/bash-completion/completions/dipfacts
      dipfacts completion fish > ~/.config/fish/completions/dipfacts.fish
    """
    from dipfacts.cli.group import cli  # here: the module that defines the group imports this one

    completer = get_completion_class(shell)
    assert completer is not None  # the Choice allows only the shells Click knows
    click.echo(completer(cli, {}, "dipfacts", COMPLETE_VAR).source())


def _index(ctx: click.Context) -> FactIndex | None:
    """The fact base as this command line would load it (its --data, --no-packaged, --no-cache included)."""
    root = ctx.find_root().params
    return tab.open_base(
        tuple(root.get("data_paths") or ()), packaged=not root.get("no_packaged"),
        no_cache=bool(root.get("no_cache")), environ=os.environ,
    )  # fmt: skip


def _items(found: list[tab.Candidate]) -> list[CompletionItem]:
    return [CompletionItem(value, help=help_text) for value, help_text in found]


def complete_country(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Country names, aliases (English, French, Vietnamese, Russian) and codes starting with what is typed;
    for `show`, also people and organisations."""
    index = _index(ctx)
    return _items(tab.countries(index, incomplete, people=ctx.info_name == "show")) if index is not None else []


def complete_fact_id(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    index = _index(ctx)
    return _items(tab.fact_ids(index, incomplete)) if index is not None else []


def complete_source_id(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    index = _index(ctx)
    return _items(tab.source_ids(index, incomplete)) if index is not None else []
