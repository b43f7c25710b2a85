"""`dipfacts completion SHELL`, and what Tab completes: country names in every language, fact and source ids."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any

import click
from click.shell_completion import BashComplete, CompletionItem, add_completion_class, get_completion_class

from dipfacts.cli.options import cache_directory, data_paths_from_env
from dipfacts.errors import DipfactsError
from dipfacts.text import normalise

if TYPE_CHECKING:
    from dipfacts.index import FactIndex

SHELLS = ("bash", "zsh", "fish")
MAX_ITEMS = 200  # a shell lists them all; more is noise
# What bash reads as part of a plain word; \w is any letter or digit, in any alphabet.
_BASH_PLAIN = re.compile(r"[\w@%+=:,./-]")
BACKSLASH = "\\"


def bash_word(text: str) -> str:
    """``text`` as one word of a bash command line: 'Republic of Kazakhstan' -> 'Republic\\ of\\ Kazakhstan'."""
    return "".join(char if _BASH_PLAIN.fullmatch(char) else BACKSLASH + char for char in text)


class _BashComplete(BashComplete):
    """Bash puts a completion on the command line exactly as given, where zsh and fish escape it themselves;
    so a name with a space or an apostrophe is sent escaped, or `trade Russian<Tab>` would make two words.
    After an opening quote (`trade 'Russian F<Tab>`) it is sent as it is: bash closes the quote.

    Click's bash script reads each line with `read` (no -r), which takes one level of backslashes away:
    hence the doubling. The script itself is Click's, unchanged, so scripts installed before still work.
    """

    quoted = False

    def get_completion_args(self) -> tuple[list[str], str]:
        self.quoted = open_quote(os.environ.get("COMP_WORDS", ""))
        return super().get_completion_args()

    def format_completion(self, item: CompletionItem[Any]) -> str:
        if item.type != "plain":
            return super().format_completion(item)
        word = str(item.value) if self.quoted else bash_word(str(item.value))
        return f"{item.type},{word.replace(BACKSLASH, BACKSLASH * 2)}"


def open_quote(line: str) -> bool:
    """Whether a command line ends inside a quote, as `trade 'Russian F` does."""
    import shlex  # lazy: only bash's completions need it

    lexer = shlex.shlex(line, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        list(lexer)
    except ValueError:  # the line ends in an open quote or after a lone backslash
        return lexer.state in ("'", '"')  # type: ignore[attr-defined]  # set, though typeshed omits it
    return False


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
    from dipfacts.cli import COMPLETE_VAR, cli  # here: the package that defines the group imports this module

    completer = get_completion_class(shell)
    assert completer is not None  # the Choice allows only the shells Click knows
    click.echo(completer(cli, {}, "dipfacts", COMPLETE_VAR).source())


def _index(ctx: click.Context) -> FactIndex | None:
    """The fact base as the command line would load it (cache included); None if it does not load."""
    from dipfacts.cache import open_index  # lazy: `completion SHELL`, which prints a script, opens no base

    root = ctx.find_root().params
    extra = data_paths_from_env(os.environ)
    extra += tuple(root.get("data_paths") or ())
    cache_dir = cache_directory(os.environ, no_cache_flag=bool(root.get("no_cache")))
    try:
        return open_index(extra, packaged=not root.get("no_packaged"), cache_dir=cache_dir)
    except (DipfactsError, OSError):
        return None  # Tab must never fail


def complete_country(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Country names, aliases (English, French, Vietnamese, Russian) and codes starting with what is typed."""
    index = _index(ctx)
    if index is None:
        return []
    typed = normalise(incomplete)
    # Each country (or person) once: its English name when that is what is being typed, else the first of
    # its other names that is, so that `kaz<Tab>` completes to one word and `Каз<Tab>` stays in Cyrillic.
    candidates: list[tuple[str, tuple[str, ...]]] = [
        (country.name, (country.name, *country.aliases, country.id)) for country in index.base.countries
    ]
    if ctx.info_name == "show":  # `show` also takes a person or an organisation
        candidates += [
            (f"{entity.name} ({entity.kind})", (entity.name, *((entity.acronym,) if entity.acronym else ()),
                                                *entity.aliases))
            for entity in index.entities.values()
        ]  # fmt: skip
    found: dict[str, str] = {}
    for label, names in candidates:
        name = next((name for name in names if normalise(name).startswith(typed)), None)
        if name is not None and name not in found:
            found[name] = label
    return [CompletionItem(name, help=label) for name, label in list(found.items())[:MAX_ITEMS]]


def complete_fact_id(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    index = _index(ctx)
    if index is None:
        return []
    typed = incomplete.lower()
    return [CompletionItem(fact.id, help=fact.statement[:60]) for fact in index.all_facts if fact.id.startswith(typed)][
        :MAX_ITEMS
    ]


def complete_source_id(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    index = _index(ctx)
    if index is None:
        return []
    return [CompletionItem(s.id, help=s.title[:60]) for s in index.base.sources if s.id.startswith(incomplete)]
