"""FactIndex: the fact base as one SQLite database (dipfacts.store), read a country or a word at a time."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from functools import cached_property

from dipfacts.facts import cited_sources as cited_sources
from dipfacts.facts import corroboration as corroboration
from dipfacts.facts import date_key as date_key
from dipfacts.facts import entity_names as entity_names
from dipfacts.facts import index_order as index_order
from dipfacts.facts import search_text as search_text
from dipfacts.model import TOPICS, Country, Entity, Fact, FactBase, Source
from dipfacts.store import Store, in_memory
from dipfacts.text import normalise as normalise  # re-exported: query and completion fold text with it


class WordIndex:
    """Search's view of the base: the facts each word (or prefix) occurs in, the vocabulary for typos,
    and a catalogue of facts, all read from the database's FTS5 table as they are asked for."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def terms(self, shortest: int, longest: int) -> list[str]:
        """The words of the base of ``shortest`` to ``longest`` characters (for a word that may hold a typo)."""
        return self._store.terms(shortest, longest)

    def postings(self, word: str, *, prefix: bool = False) -> list[int]:
        return self._store.postings(word, prefix=prefix)

    def best(self, positions: Collection[int], *, limit: int, country: str | None = None, topic: str | None = None,
             min_backed: int = 0) -> list[int]:  # fmt: skip
        """Of the facts at ``positions``, the ``limit`` first of a country and topic (if given), backed by
        ``min_backed`` articles or more, by most citations, then id."""
        return self._store.best(positions, limit=limit, country=country, topic=topic, min_backed=min_backed)

    def facts_at(self, positions: Iterable[int]) -> dict[int, Fact]:
        return self._store.facts_at(positions)


class FactIndex:
    """Countries by every alias; facts by id, country, topic and source. Build it once.

    Over a Store (the cache's database), or over a loaded FactBase, which is first written into a
    database in memory: one code path either way. Countries, sources and people are read at once; facts
    only when a country, a word or an id asks for them, so a lookup touches its own facts however large
    the base.
    """

    def __init__(self, base: FactBase | Store, *, min_sources: int = 0) -> None:
        self.store = base if isinstance(base, Store) else Store(in_memory(base))
        self.base = self.store
        self.min_sources = min_sources
        self.countries: dict[str, Country] = {country.id: country for country in self.store.countries}
        self.sources: dict[str, Source] = {source.id: source for source in self.store.sources}
        # Sources are marked [1], [2], ... in the order the base lists them.
        self.source_marks: dict[str, int] = {source.id: n for n, source in enumerate(self.store.sources, 1)}
        self.entities: dict[str, Entity] = {entity.id: entity for entity in self.store.entities}
        self._by_country: dict[str, tuple[Fact, ...]] = {}
        self._by_topic: dict[tuple[str, str], tuple[Fact, ...]] = {}
        self._positions: dict[str, int] = {}

    @cached_property
    def aliases(self) -> dict[str, Country]:
        """Countries by every name, normalised."""
        return {name: self.countries[code] for name, code in self.store.country_names().items()}

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
        return self._kept(self.store.facts_naming(entity_id, self.min_sources))

    def with_min_sources(self, count: int) -> FactIndex:
        """The same base keeping only facts that at least ``count`` distinct articles state (so, for any
        count from 1, no derived value)."""
        return self if count <= 0 else FactIndex(self.store, min_sources=count)

    def facts_of(self, country_id: str, topic: str | None = None) -> tuple[Fact, ...]:
        facts = self._by_country.get(country_id)
        if facts is not None:
            return facts if topic is None else tuple(f for f in facts if f.topic == topic)
        if topic is not None:
            # One topic of one country is read alone: `trade` reads only trade facts.
            found = self._by_topic.get((country_id, topic))
            if found is None:
                found = self._kept(self.store.facts_of(country_id, topic, self.min_sources))
                self._by_topic[(country_id, topic)] = found
            return found
        # A country is its topics in table order: reuse the topics already read, so no fact is read twice.
        missing = [t for t in TOPICS if (country_id, t) not in self._by_topic]
        if len(missing) > 1:
            read = self._kept(self.store.facts_of(country_id, None, self.min_sources))
            grouped: dict[str, list[Fact]] = {}
            for fact in read:
                grouped.setdefault(fact.topic, []).append(fact)
            for topic_name in missing:
                self._by_topic[(country_id, topic_name)] = tuple(grouped.get(topic_name, ()))
        facts = tuple(fact for topic_name in TOPICS for fact in self.facts_of(country_id, topic_name))
        self._by_country[country_id] = facts
        for topic_name in TOPICS:
            self._by_topic.pop((country_id, topic_name), None)
        return facts

    def _kept(self, pairs: Sequence[tuple[int, Fact]]) -> tuple[Fact, ...]:
        for position, fact in pairs:
            self._positions[fact.id] = position
        return tuple(fact for _position, fact in pairs)

    @cached_property
    def all_facts(self) -> tuple[Fact, ...]:
        """Every fact kept, in the base's own order."""
        return self._kept(self.store.all_facts(self.min_sources))

    @cached_property
    def facts(self) -> dict[str, Fact]:
        return {fact.id: fact for fact in self.all_facts}

    def fact_by_id(self, fact_id: str) -> Fact | None:
        """One fact by id, without reading the others."""
        found = self.store.fact_by_id(fact_id)
        if found is None or corroboration(found[1]) < self.min_sources:
            return None
        return self._kept([found])[0]

    def fact_ids(self) -> Sequence[str]:
        """Every fact id (for suggestions), without reading the facts."""
        return self.store.ids()

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
        """The words of every fact, for search."""
        return WordIndex(self.store)
