"""What Tab completes, without Click: the candidates every shell is offered, and bash's answer for a command's
argument, sent before Click is imported.

A Tab is a process of its own, started for each key press, and importing Click alone costs more than the
answer. So when bash asks for the argument of a command (`dipfacts trade kaz<Tab>`, `dipfacts cite kz-<Tab>`),
this module answers it: dipfacts already formats bash's answers itself (dipfacts.cli.completion), and
finding where the argument is takes only Click's own word splitting, done here the same way. Anything
else (an option, a command's name, a value after an option, zsh and fish) goes to Click as before. A
test holds this path to Click's answer for the same command lines.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from typing import TYPE_CHECKING

from dipfacts.cli.environment import COMPLETE_VAR, cache_directory, data_paths_from_env
from dipfacts.errors import DipfactsError
from dipfacts.text import normalise

if TYPE_CHECKING:
    from dipfacts.index import FactIndex

MAX_ITEMS = 200  # a shell lists them all; more is noise
# What bash reads as part of a plain word; \w is any letter or digit, in any alphabet.
_BASH_PLAIN = re.compile(r"[\w@%+=:,./-]")
BACKSLASH = "\\"

# The commands whose arguments this module completes, and with what: every argument of theirs is of that
# kind (a command with a second argument of another kind is not here: Click knows which one is asked).
ARGUMENT_KINDS = {
    "trade": "country", "visits": "country", "timeline": "country", "conflicts": "country", "compare": "country",
    "show": "country or person", "cite": "fact", "sources": "source",
}  # fmt: skip
MANY_ARGUMENTS = frozenset(("compare", "cite"))  # the others take one: after it, Click says what comes next

Candidate = tuple[str, str]  # (what goes on the command line, a short help)


def bash_word(text: str) -> str:
    """``text`` as one word of a bash command line: 'Republic of Kazakhstan' -> 'Republic\\ of\\ Kazakhstan'."""
    return "".join(char if _BASH_PLAIN.fullmatch(char) else BACKSLASH + char for char in text)


def open_quote(line: str) -> bool:
    """Whether a command line ends inside a quote, as `trade 'Russian F` does."""
    lexer = _lexer(line)
    try:
        list(lexer)
    except ValueError:  # the line ends in an open quote or after a lone backslash
        return lexer.state in ("'", '"')  # type: ignore[attr-defined]  # set, though typeshed omits it
    return False


def split_words(line: str) -> list[str]:
    """A command line's words as Click's completion splits them: like shlex.split, the last word kept even
    when a quote or a backslash is left open."""
    lexer = _lexer(line)
    words: list[str] = []
    try:
        words.extend(lexer)
    except ValueError:
        words.append(lexer.token)
    return words


def _lexer(line: str) -> shlex.shlex:
    lexer = shlex.shlex(line, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    return lexer


def open_base(
    data_paths: tuple[str, ...], *, packaged: bool, no_cache: bool, environ: Mapping[str, str]
) -> FactIndex | None:
    """The fact base as the command line would load it (cache included); None if it does not load."""
    from dipfacts.cache import open_index  # lazy: `completion SHELL`, which prints a script, opens no base

    paths = data_paths_from_env(environ) + data_paths
    try:
        return open_index(paths, packaged=packaged, cache_dir=cache_directory(environ, no_cache_flag=no_cache))
    except (DipfactsError, OSError):
        return None  # Tab must never fail


def countries(index: FactIndex, incomplete: str, *, people: bool) -> list[Candidate]:
    """Country names, aliases (English, French, Vietnamese, Russian) and codes starting with what is typed;
    with ``people``, also people's and organisations' names."""
    typed = normalise(incomplete)
    # Each country (or person) once: its English name when that is what is being typed, else the first of
    # its other names that is, so that `kaz<Tab>` completes to one word and `Каз<Tab>` stays in Cyrillic.
    candidates: list[tuple[str, tuple[str, ...]]] = [
        (country.name, (country.name, *country.aliases, country.id)) for country in index.base.countries
    ]
    if people:
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
    return list(found.items())[:MAX_ITEMS]


def fact_ids(index: FactIndex, incomplete: str) -> list[Candidate]:
    typed = incomplete.lower()
    return [(fact.id, fact.statement[:60]) for fact in index.all_facts if fact.id.startswith(typed)][:MAX_ITEMS]


def source_ids(index: FactIndex, incomplete: str) -> list[Candidate]:
    return [(source.id, source.title[:60]) for source in index.base.sources if source.id.startswith(incomplete)]


def candidates(kind: str, index: FactIndex, incomplete: str) -> list[Candidate]:
    """The candidates for an argument of ``kind`` (ARGUMENT_KINDS' values)."""
    if kind == "fact":
        return fact_ids(index, incomplete)
    if kind == "source":
        return source_ids(index, incomplete)
    return countries(index, incomplete, people=kind == "country or person")


def bash_line(value: str, *, quoted: bool) -> str:
    """One candidate as dipfacts sends it to Click's bash script: escaped unless after an open quote, and
    with backslashes doubled, since the script reads each line with `read` (no -r)."""
    word = value if quoted else bash_word(value)
    return f"plain,{word.replace(BACKSLASH, BACKSLASH * 2)}"


def bash_answer(environ: Mapping[str, str]) -> bytes | None:
    """bash's answer for a Tab on a command's argument, as Click would send it; None for any other Tab."""
    if environ.get(COMPLETE_VAR) != "bash_complete":
        return None
    line = environ.get("COMP_WORDS", "")
    try:
        position = int(environ.get("COMP_CWORD", ""))
    except ValueError:
        return None
    if position < 1:
        return None
    words = split_words(line)
    before = words[1:position]
    incomplete = words[position] if position < len(words) else ""
    if not before or incomplete.startswith("-"):
        return None
    command, *arguments = before
    kind = ARGUMENT_KINDS.get(command)
    # Only the command's own arguments before it: an option (global or the command's), `--` or a value of
    # one goes to Click, as does a Tab after a one-argument command's argument.
    if kind is None or any(word.startswith("-") or not word for word in arguments):
        return None
    if arguments and command not in MANY_ARGUMENTS:
        return None
    index = open_base((), packaged=True, no_cache=False, environ=environ)
    found = candidates(kind, index, incomplete) if index is not None else []
    quoted = open_quote(line)
    return "\n".join(bash_line(value, quoted=quoted) for value, _help in found).encode() + b"\n"
