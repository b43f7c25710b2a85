"""FactIndex: the fact base indexed once per process, so a lookup is a dict access."""

from __future__ import annotations

import re
import unicodedata
from functools import cached_property

from dipfacts.model import TOPICS, Country, Fact, FactBase, Source
from dipfacts.records import replace

_NON_WORD = re.compile(r"[^\w]+")
# Letters that NFKD does not split into a base letter and a mark.
_FOLD = str.maketrans({"đ": "d", "Đ": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "ß": "ss", "æ": "ae", "œ": "oe"})


def normalise(text: str) -> str:
    """Casefold, strip accents and turn punctuation into single spaces: 'Ca-dắc-xtan' -> 'ca dac xtan'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_NON_WORD.sub(" ", stripped.casefold()).replace("_", " ").split())


def date_key(fact: Fact) -> tuple[int, int, int]:
    """Sort key of a fact's period or date; undated facts sort last."""
    from dipfacts.dates import parse_span

    text = fact.period or fact.date or (fact.visit.start if fact.visit else None)
    span = parse_span(text, allow_no_year=True) if text else None
    return span[0] if span else (9999, 99, 99)


def cited_sources(fact: Fact) -> tuple[str, ...]:
    """The distinct sources a fact cites, in citation order."""
    return tuple(dict.fromkeys(citation.source for citation in fact.citations))


class FactIndex:
    """Countries by every alias, facts by id, country, topic and source. Build it once."""

    def __init__(self, base: FactBase) -> None:
        self.base = base
        self.countries: dict[str, Country] = {country.id: country for country in base.countries}
        self.sources: dict[str, Source] = {source.id: source for source in base.sources}
        self.facts: dict[str, Fact] = {fact.id: fact for fact in base.facts}
        # The curator's order breaks ties between facts equally dated (e.g. the legs of one tour).
        self.position: dict[str, int] = {fact.id: n for n, fact in enumerate(base.facts)}
        # Sources are marked [1], [2], ... in the order the base lists them.
        self.source_marks: dict[str, int] = {source.id: n for n, source in enumerate(base.sources, 1)}
        self.aliases: dict[str, Country] = {}
        for country in base.countries:
            for name in (country.id, country.alpha3, country.name, *country.aliases):
                self.aliases.setdefault(normalise(name), country)
        topic_order = {topic: n for n, topic in enumerate(TOPICS)}
        ordered = sorted(base.facts, key=lambda f: (topic_order.get(f.topic, 99), date_key(f), f.id))
        self.by_country: dict[str, tuple[Fact, ...]] = {}
        self.by_source: dict[str, tuple[Fact, ...]] = {}
        by_country: dict[str, list[Fact]] = {}
        by_source: dict[str, list[Fact]] = {}
        for fact in ordered:
            by_country.setdefault(fact.country, []).append(fact)
            for source_id in cited_sources(fact):
                by_source.setdefault(source_id, []).append(fact)
        self.by_country = {key: tuple(value) for key, value in by_country.items()}
        self.by_source = {key: tuple(value) for key, value in by_source.items()}

    def with_min_sources(self, count: int) -> FactIndex:
        """The same base keeping only facts that at least ``count`` distinct articles cite."""
        if count <= 1:
            return self
        kept = tuple(fact for fact in self.base.facts if len(cited_sources(fact)) >= count)
        return FactIndex(replace(self.base, facts=kept))

    def facts_of(self, country_id: str, topic: str | None = None) -> tuple[Fact, ...]:
        facts = self.by_country.get(country_id, ())
        return facts if topic is None else tuple(f for f in facts if f.topic == topic)

    @cached_property
    def search_words(self) -> tuple[tuple[Fact, frozenset[str]], ...]:
        """Each fact's searchable words: statement, excerpts, names, note, country and topic."""
        documents = []
        for fact in self.base.facts:
            country = self.countries.get(fact.country)
            parts = [fact.statement, fact.topic, fact.note or "", fact.level or ""]
            parts += [citation.excerpt for citation in fact.citations]
            parts += [citation.name or "" for citation in fact.citations]
            if country:
                parts += [country.name, country.id]
            if fact.visit:
                parts += [fact.visit.type, fact.visit.host or ""]
                parts += [first.text for first in fact.visit.firsts]
            documents.append((fact, frozenset(normalise(" ".join(parts)).split())))
        return tuple(documents)
