"""`dipfacts completion SHELL`, and what Tab completes: country names in every language, fact and source ids."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click
from click.shell_completion import CompletionItem, get_completion_class

from dipfacts.cli.app import DATA_ENV

if TYPE_CHECKING:
    from dipfacts.index import FactIndex

SHELLS = ("bash", "zsh", "fish")
COMPLETE_VAR = "_DIPFACTS_COMPLETE"
MAX_ITEMS = 200  # a shell lists them all; more is noise


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
    from dipfacts.cli import cli

    completer = get_completion_class(shell)
    assert completer is not None  # the Choice allows only the shells Click knows
    click.echo(completer(cli, {}, "dipfacts", COMPLETE_VAR).source())


def _index(ctx: click.Context) -> FactIndex | None:
    """The fact base as the command line would load it (cache included); None if it does not load."""
    from dipfacts.cache import open_index
    from dipfacts.cli.app import cache_directory
    from dipfacts.errors import DipfactsError

    root = ctx.find_root().params
    extra = tuple(path for path in os.environ.get(DATA_ENV, "").split(os.pathsep) if path.strip())
    extra += tuple(root.get("data_paths") or ())
    cache_dir = cache_directory(os.environ, no_cache_flag=bool(root.get("no_cache")))
    try:
        return open_index(extra, packaged=not root.get("no_packaged"), cache_dir=cache_dir)
    except (DipfactsError, OSError):
        return None  # Tab must never fail


def complete_country(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Country names, aliases (English, French, Vietnamese, Russian) and codes starting with what is typed."""
    from dipfacts.index import normalise

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
