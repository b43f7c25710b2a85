"""FactIndex: the fact base indexed once per process, so a lookup is a dict access."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cached_property
from typing import Protocol

from dipfacts.model import TOPICS, Country, Entity, Fact, Source
from dipfacts.text import normalise as normalise  # re-exported: query and completion fold text with it


def date_key(fact: Fact) -> tuple[int, int, int]:
    """Sort key of a fact's period or date; undated facts sort last."""
    from dipfacts.dates import parse_span

    text = fact.period or fact.date or (fact.visit.start if fact.visit else None)
    span = parse_span(text, allow_no_year=True) if text else None
    return span[0] if span else (9999, 99, 99)


def cited_sources(fact: Fact) -> tuple[str, ...]:
    """The distinct sources a fact cites, in citation order."""
    return tuple(dict.fromkeys(citation.source for citation in fact.citations))


def corroboration(fact: Fact) -> int:
    """How many distinct articles state the fact: none for a derived value, which dipfacts computed.

    (A derived fact's citations hold the stated inputs it was computed from, not the value itself.)
    """
    return 0 if fact.kind == "derived" else len(cited_sources(fact))


class BaseLike(Protocol):
    """What an index is built over: a loaded FactBase, or a cache that reads facts only when asked."""

    @property
    def sources(self) -> tuple[Source, ...]: ...
    @property
    def countries(self) -> tuple[Country, ...]: ...
    @property
    def facts(self) -> tuple[Fact, ...]: ...
    @property
    def files(self) -> tuple[str, ...]: ...
    @property
    def data_version(self) -> str: ...
    @property
    def packaged_file(self) -> str | None: ...
    @property
    def entities(self) -> tuple[Entity, ...]: ...


# Reads one country's facts (of one topic, or all), in index order, with each fact's position in the base
# (the curator's order).
CountryLoader = Callable[[str, "str | None"], tuple[tuple[int, Fact], ...]]
# What search needs of a fact without reading it: id, country, topic, citations, distinct sources.
CatalogEntry = tuple[str, str, str, int, int]


class WordIndex:
    """Search's view of the base: every word, the facts each word occurs in, and a catalogue of facts.

    Built from the facts in memory, or read from the cache a word's first letter at a time, so that a
    search at 100,000 facts reads only the postings of the words it matches and the facts it returns.
    """

    def __init__(
        self,
        vocabulary: Sequence[str],
        postings: Callable[[str], Sequence[int]],
        catalog: Callable[[int], CatalogEntry],
        fact_at: Callable[[int], Fact],
        ids: Callable[[], Sequence[str]],
    ) -> None:
        self.vocabulary = vocabulary  # sorted
        self.words = frozenset(vocabulary)
        self.postings = postings
        self.catalog = catalog
        self.fact_at = fact_at
        self.ids = ids  # every fact id, by position

    @cached_property
    def position_of(self) -> dict[str, int]:
        return {fact_id: position for position, fact_id in enumerate(self.ids())}


def catalog_entry(fact: Fact) -> CatalogEntry:
    return (fact.id, fact.country, fact.topic, len(fact.citations), corroboration(fact))


def index_order(facts: Iterable[Fact]) -> list[Fact]:
    """Facts in the order tables list them: by topic, then date, then id."""
    topic_order = {topic: n for n, topic in enumerate(TOPICS)}
    return sorted(facts, key=lambda f: (topic_order.get(f.topic, 99), date_key(f), f.id))


class FactIndex:
    """Countries by every alias; facts by id, country, topic and source. Build it once.

    Countries and sources are indexed at once. Facts are grouped by country when first asked for: from
    the loaded base, or, through ``load_country``, from a cache that reads only that country's facts,
    so that a lookup touches only its own facts however large the base.
    """

    def __init__(
        self,
        base: BaseLike,
        *,
        load_country: CountryLoader | None = None,
        min_sources: int = 0,
        load_words: Callable[[], WordIndex] | None = None,
        aliases: dict[str, Country] | None = None,
    ) -> None:
        self.base = base
        self._load_country = load_country
        self._load_words = load_words
        self.min_sources = min_sources
        self.countries: dict[str, Country] = {country.id: country for country in base.countries}
        self.sources: dict[str, Source] = {source.id: source for source in base.sources}
        # Sources are marked [1], [2], ... in the order the base lists them.
        self.source_marks: dict[str, int] = {source.id: n for n, source in enumerate(base.sources, 1)}
        self.aliases: dict[str, Country] = aliases if aliases is not None else {}
        if aliases is None:  # the cache stores them normalised already
            for country in base.countries:
                for name in (country.id, country.alpha3, country.name, *country.aliases):
                    self.aliases.setdefault(normalise(name), country)
        self._by_country: dict[str, tuple[Fact, ...]] = {}
        self._by_topic: dict[tuple[str, str], tuple[Fact, ...]] = {}
        self._positions: dict[str, int] = {}
        self.entities: dict[str, Entity] = {entity.id: entity for entity in base.entities}

    @cached_property
    def entity_aliases(self) -> dict[str, Entity]:
        """People and organisations by every name they go by, normalised (Putin, Путин, Poutine, UEEA)."""
        found: dict[str, Entity] = {}
        for entity in self.entities.values():
            for name in entity_names(entity):
                found.setdefault(normalise(name), entity)
        return found

    def facts_naming(self, entity_id: str) -> tuple[Fact, ...]:
        """The facts that name a person or organisation, in index order."""
        return tuple(fact for fact in index_order(self.all_facts) if entity_id in fact.entities)

    def with_min_sources(self, count: int) -> FactIndex:
        """The same base keeping only facts that at least ``count`` distinct articles state (so, for any
        count from 1, no derived value)."""
        if count <= 0:
            return self
        return FactIndex(
            self.base, load_country=self._load_country, min_sources=count, load_words=self._load_words,
            aliases=self.aliases,
        )  # fmt: skip

    def _keep(self, fact: Fact) -> bool:
        return self.min_sources <= 0 or corroboration(fact) >= self.min_sources

    def facts_of(self, country_id: str, topic: str | None = None) -> tuple[Fact, ...]:
        facts = self._by_country.get(country_id)
        if facts is None and topic is not None and self._load_country is not None:
            # From a cache, one topic of one country is read alone: `trade` reads only trade facts.
            found = self._by_topic.get((country_id, topic))
            if found is None:
                found = self._kept(self._load_country(country_id, topic)) if country_id in self.countries else ()
                self._by_topic[(country_id, topic)] = found
            return found
        if facts is None:
            facts = self._country(country_id)
        return facts if topic is None else tuple(f for f in facts if f.topic == topic)

    def _kept(self, pairs: tuple[tuple[int, Fact], ...]) -> tuple[Fact, ...]:
        for position, fact in pairs:
            self._positions[fact.id] = position
        return tuple(fact for _position, fact in pairs if self._keep(fact))

    def _country(self, country_id: str) -> tuple[Fact, ...]:
        if self._load_country is not None:
            # A country is its topics in table order: reuse the topics already read, so no fact is
            # held twice (at 100,000 facts, coverage reads every topic and then every country).
            facts = tuple(fact for topic in TOPICS for fact in self.facts_of(country_id, topic))
            self._by_country[country_id] = facts
            for topic in TOPICS:
                self._by_topic.pop((country_id, topic), None)
            return facts
        else:
            if not self._by_country and self.base.facts:
                self._group_all()
                return self._by_country.get(country_id, ())
            self._by_country[country_id] = ()
            return ()

    def _group_all(self) -> None:
        positions = {fact.id: n for n, fact in enumerate(self.base.facts)}
        grouped: dict[str, list[Fact]] = {}
        for fact in index_order(self.base.facts):
            if self._keep(fact):
                grouped.setdefault(fact.country, []).append(fact)
        self._positions.update(positions)
        self._by_country.update({key: tuple(value) for key, value in grouped.items()})
        for country_id in self.countries:
            self._by_country.setdefault(country_id, ())

    @cached_property
    def all_facts(self) -> tuple[Fact, ...]:
        """Every fact kept, in the base's own order."""
        facts = [fact for country_id in self.countries for fact in self.facts_of(country_id)]
        return tuple(sorted(facts, key=lambda fact: self._positions.get(fact.id, 0)))

    @cached_property
    def facts(self) -> dict[str, Fact]:
        return {fact.id: fact for fact in self.all_facts}

    def fact_by_id(self, fact_id: str) -> Fact | None:
        """One fact by id; from a cache, without reading the others."""
        if self._load_words is None:
            return self.facts.get(fact_id)
        found = self.word_index
        position = found.position_of.get(fact_id)
        if position is None:
            return None
        fact = found.fact_at(position)
        return fact if self._keep(fact) else None

    def fact_ids(self) -> Sequence[str]:
        """Every fact id (for suggestions), without reading the facts when a cache holds them."""
        if self._load_words is None:
            return list(self.facts)
        return [fact_id for fact_id in self.word_index.ids() if fact_id]

    @property
    def position(self) -> dict[str, int]:
        """The curator's order, which breaks ties between facts equally dated (e.g. the legs of one tour)."""
        return self._positions

    @cached_property
    def by_source(self) -> dict[str, tuple[Fact, ...]]:
        grouped: dict[str, list[Fact]] = {}
        for fact in index_order(self.all_facts):
            for source_id in cited_sources(fact):
                grouped.setdefault(source_id, []).append(fact)
        return {key: tuple(value) for key, value in grouped.items()}

    @cached_property
    def word_index(self) -> WordIndex:
        """The words of every fact, for search (from the cache when there is one)."""
        if self._load_words is not None:
            return self._load_words()
        postings: dict[str, list[int]] = {}
        catalog: dict[int, CatalogEntry] = {}
        by_position: dict[int, Fact] = {}
        for fact in self.all_facts:
            position = self._positions[fact.id]
            by_position[position] = fact
            catalog[position] = catalog_entry(fact)
            for word in set(search_text(fact, self.countries.get(fact.country), self.entities).split()):
                postings.setdefault(word, []).append(position)
        ids = [""] * (max(catalog, default=-1) + 1)
        for position, entry in catalog.items():
            ids[position] = entry[0]
        return WordIndex(
            sorted(postings), lambda word: postings.get(word, ()), catalog.__getitem__, by_position.__getitem__,
            lambda: ids,
        )  # fmt: skip


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
