"""The article texts themselves: check a fact base against them, as anyone holding the articles can.

`dipfacts check --sources DIR` reads each source's stored text from DIR, checks that it is the text the
base was checked against (its SHA-256), and that every citation's excerpt occurs in the paragraph it
cites, and every spelling a citation records (name, acronym, wording) in its excerpt. Paragraphs are the
blocks between blank lines, counted from 1 at the top of the file.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterator

from dipfacts.model import FactBase, Source

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def paragraphs(text: str) -> list[str]:
    """The article's paragraphs, in order: paragraph N is ``paragraphs(text)[N - 1]``."""
    return _BLANK_LINE.split(text.replace("\r\n", "\n"))


def squash(text: str) -> str:
    """Text compared as words: NFC, and any run of spaces (thin, no-break, newlines) as one space.

    The articles use thin and no-break spaces where an excerpt is typed with plain ones.
    """
    return " ".join(unicodedata.normalize("NFC", text).split())


def verify(base: FactBase, directory: str) -> list[str]:
    """Every way the base disagrees with the article texts in ``directory``: one line each, naming
    the fact, the source and the paragraph; empty when all is well."""
    problems: list[str] = []
    texts: dict[str, list[str]] = {}
    for source in base.sources:
        if source.user and not source.file:
            continue  # a user's own source with no stored text: nothing to check it against
        found = _read(source, directory, problems)
        if found is not None:
            texts[source.id] = [squash(paragraph) for paragraph in paragraphs(found)]
    cited = [(f"fact {fact.id!r}", fact.citations) for fact in base.facts]
    cited += [(f"{entity.kind} {entity.id!r}", entity.citations) for entity in base.entities]
    for who, citations in cited:
        for citation in citations:
            found_paragraphs = texts.get(citation.source)
            if found_paragraphs is None:
                continue  # its source is missing, and said so above
            where = f"{who}: {citation.source} \u00b6{citation.paragraph}"
            if citation.paragraph > len(found_paragraphs):
                problems.append(f"{where}: the article has only {len(found_paragraphs)} paragraphs")
                continue
            paragraph = found_paragraphs[citation.paragraph - 1]
            excerpt = squash(citation.excerpt)
            if excerpt not in paragraph:
                problems.append(f"{where}: the excerpt {citation.excerpt!r} is not in that paragraph")
            for field, words in _spellings(citation.name, citation.acronym, citation.wording):
                if squash(words) not in excerpt:
                    problems.append(f"{where}: the {field} {words!r} is not in the excerpt {citation.excerpt!r}")
    return problems


def _spellings(name: str | None, acronym: str | None, wording: str | None) -> Iterator[tuple[str, str]]:
    for field, words in (("name", name), ("acronym", acronym), ("wording", wording)):
        if words:
            yield field, words


def _read(source: Source, directory: str, problems: list[str]) -> str | None:
    if not source.file:
        problems.append(f"source {source.id!r}: no 'file' names its stored text, so it cannot be checked")
        return None
    path = os.path.join(directory, source.file)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        problems.append(f"source {source.id!r}: {path}: cannot read the article ({error.strerror or error})")
        return None
    digest = hashlib.sha256(data).hexdigest()
    if source.sha256 is None:
        problems.append(f"source {source.id!r}: records no sha256, so {path} cannot be known to be its text")
    elif digest != source.sha256:
        problems.append(
            f"source {source.id!r}: {path} has SHA-256 {digest}, not the {source.sha256} the base was checked"
            " against; it is another text (an edited or different copy)"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(f"source {source.id!r}: {path} is not UTF-8 text")
        return None
