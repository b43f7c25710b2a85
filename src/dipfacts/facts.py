"""Pure functions of facts that every layer above the model shares: order, backing, search words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from dipfacts.model import TOPICS, Country, Entity, Fact
from dipfacts.text import normalise


def date_key(fact: Fact) -> tuple[int, int, int]:
    """Sort key of a fact's period or date; undated facts sort last."""
    text = _when(fact)
    return _date_key(text) if text else (9999, 99, 99)


def _when(fact: Fact) -> str | None:
    """The text a fact is dated by: its period or date, else its visit's start."""
    return fact.period or fact.date or (fact.visit.start if fact.visit else None)


@lru_cache(maxsize=4096)  # a base repeats its dates: each is parsed once
def _date_key(text: str) -> tuple[int, int, int]:
    from dipfacts.dates import parse_span  # lazy: a warm lookup reads sorted facts and never parses a date

    span = parse_span(text, allow_no_year=True)
    return span[0] if span else (9999, 99, 99)


def cited_sources(fact: Fact) -> tuple[str, ...]:
    """The distinct sources a fact cites, in citation order."""
    return tuple(dict.fromkeys(citation.source for citation in fact.citations))


def corroboration(fact: Fact) -> int:
    """How many distinct articles state the fact: none for a derived value, which dipfacts computed.

    (A derived fact's citations hold the stated inputs it was computed from, not the value itself.)
    """
    return 0 if fact.kind == "derived" else len({citation.source for citation in fact.citations})


_TOPIC_ORDER = {topic: number for number, topic in enumerate(TOPICS)}


def sort_key(fact: Fact) -> str:
    """Where a fact comes in the order tables list facts in (by topic, then date, then id), as text: the
    database sorts by it too (its ``facts.sort_key``), so the order is defined here once."""
    return _sort_prefix(fact.topic, _when(fact)) + fact.id


@lru_cache(maxsize=4096)  # a base repeats its topics and dates: each pair is formatted once
def _sort_prefix(topic: str, text: str | None) -> str:
    year, month, day = _date_key(text) if text else (9999, 99, 99)
    return f"{_TOPIC_ORDER.get(topic, 99):02d}{year:04d}{month:02d}{day:02d}"


def index_order(facts: Iterable[Fact]) -> list[Fact]:
    """Facts in the order tables list them: by topic, then date, then id."""
    return sorted(facts, key=sort_key)


def entity_names(entity: Entity) -> tuple[str, ...]:
    """Every name a person or organisation is found by: id, English name, acronym, aliases."""
    return (entity.id, entity.name, *((entity.acronym,) if entity.acronym else ()), *entity.aliases)


def search_text(fact: Fact, country: Country | None, entities: Mapping[str, Entity] | None = None) -> str:
    """The normalised text a search matches a fact by; the people and organisations it names by all
    their names, so that `search Putin` finds a fact whose source wrote "Poutine"."""
    parts = [fact.statement, fact.topic, fact.note or "", fact.level or ""]
    for entity_id in fact.entities:
        entity = (entities or {}).get(entity_id)
        if entity is not None:
            parts += entity_names(entity)
    parts += [citation.excerpt for citation in fact.citations]
    parts += [citation.name or "" for citation in fact.citations]
    if country:
        parts += [country.name, country.id]
    if fact.visit:
        parts += [fact.visit.type, fact.visit.host or ""]
        parts += [first.text for first in fact.visit.firsts]
    return normalise(" ".join(parts))
