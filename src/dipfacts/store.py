"""The validated fact base in one SQLite database: the cache on disk, ``--no-cache`` in memory, and
``dipfacts export --sqlite``, all with one schema.

Readable tables for SQL tools (``facts``, ``citations``, ``sources``, ``countries``, ``country_names``,
``entities``, ``fact_entities``, ``meta``) and, for dipfacts itself, each record's exact form in a
``record`` column (a JSON list of its fields) and an FTS5 table of each fact's search words whose rowid is
the fact's position. ``PRAGMA user_version`` is the format; ``PRAGMA application_id`` says the file is
dipfacts'. The schema is documented in docs/data-model.md.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from dipfacts.facts import corroboration, index_order, search_text
from dipfacts.model import Citation, Country, Derivation, Entity, Fact, FactBase, First, Link, Source, Visit
from dipfacts.text import normalise

FORMAT = 7  # PRAGMA user_version: raise it whenever the schema or a record's form changes
APPLICATION_ID = 0x64697066  # "dipf", in the file's header: a file without it is never read or removed

SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE sources (
    mark INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT, publisher TEXT, date TEXT, language TEXT,
    url TEXT, origin TEXT NOT NULL, record TEXT NOT NULL
);
CREATE TABLE countries (
    position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, alpha3 TEXT, name TEXT NOT NULL,
    head_of_state TEXT, origin TEXT NOT NULL, record TEXT NOT NULL
);
CREATE TABLE country_names (name TEXT PRIMARY KEY, country TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE entities (
    position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT, name TEXT, country TEXT, role TEXT,
    origin TEXT NOT NULL, record TEXT NOT NULL
);
CREATE TABLE facts (
    position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, country TEXT NOT NULL, topic TEXT NOT NULL,
    statement TEXT NOT NULL, value NUMERIC, unit TEXT, qualifier TEXT, period TEXT, date TEXT,
    change_pct NUMERIC, kind TEXT, status TEXT, level TEXT, backed INTEGER NOT NULL,
    citations INTEGER NOT NULL, origin TEXT NOT NULL, ordinal INTEGER NOT NULL, record TEXT NOT NULL
);
CREATE TABLE citations (
    fact TEXT NOT NULL, number INTEGER NOT NULL, source TEXT NOT NULL, paragraph INTEGER NOT NULL,
    excerpt TEXT NOT NULL, PRIMARY KEY (fact, number)
) WITHOUT ROWID;
CREATE TABLE fact_entities (entity TEXT NOT NULL, fact TEXT NOT NULL, PRIMARY KEY (entity, fact)) WITHOUT ROWID;
-- Contentless, one row a fact (rowid = the fact's position), words only: search asks which facts hold a
-- word or a prefix, never where in the text.
CREATE VIRTUAL TABLE words USING fts5 (
    text, content='', columnsize=0, detail=none, tokenize="unicode61 remove_diacritics 0"
);
CREATE TABLE terms (length INTEGER PRIMARY KEY, words TEXT NOT NULL);
"""
# Made once the rows are in: building an index at the end is faster than keeping it up to date row by row.
INDEXES = """
CREATE INDEX facts_by_country ON facts (country, topic, ordinal);
CREATE INDEX citations_by_source ON citations (source, fact);
"""

# How each record's nested fields are stored: (many or one, record type; None for plain values).
_NESTED: dict[type, dict[str, tuple[str, type | None]]] = {
    Fact: {
        "citations": ("many", Citation),
        "derived": ("one", Derivation),
        "visit": ("one", Visit),
        "differs_from": ("many", Link),
        "entities": ("many", None),
    },
    Entity: {"aliases": ("many", None), "citations": ("many", Citation)},
    Citation: {"omits": ("many", None)},
    Derivation: {"from_ids": ("many", None)},
    Visit: {"firsts": ("many", First)},
    Country: {"aliases": ("many", None), "cities": ("many", None)},
}


_RECORDS = frozenset({Fact, Entity, Citation, Derivation, Visit, Link, First, Country, Source})
_GETTERS: dict[type, Any] = {}


def encode(record: Any) -> list[Any]:
    """A record as a JSON list of its fields, in order (records nested the same way)."""
    cls = type(record)
    getter = _GETTERS.get(cls)
    if getter is None:
        from operator import attrgetter

        getter = _GETTERS[cls] = attrgetter(*cls._fields)
    values = list(getter(record))
    for number, value in enumerate(values):
        kind = type(value)
        if kind is tuple:
            values[number] = [encode(item) if type(item) in _RECORDS else item for item in value]
        elif kind in _RECORDS:
            values[number] = encode(value)
    return values


def decode(cls: type, row: list[Any]) -> Any:
    """The record ``encode`` stored."""
    nested = _NESTED.get(cls, {})
    values = []
    for name, value in zip(cls._fields, row, strict=True):  # type: ignore[attr-defined]
        how = nested.get(name)
        if how is not None and value is not None:
            count, inner = how
            if count == "many":
                value = tuple(decode(inner, item) if inner else item for item in value)
            elif inner is not None:
                value = decode(inner, value)
        values.append(value)
    return cls(*values)


def _json(record: Any) -> str:
    return json.dumps(encode(record), ensure_ascii=False, separators=(",", ":"))


def _origin(record: Fact | Source | Country | Entity) -> str:
    return "user" if record.user else "packaged"


def write(connection: sqlite3.Connection, base: FactBase, *, key: str = "") -> None:
    """Write ``base`` into an empty database, in one transaction."""
    connection.executescript(SCHEMA)
    connection.execute("PRAGMA cache_size = -65536")  # 64 MiB while writing: fewer trips to the disk
    countries = {country.id: country for country in base.countries}
    entities = {entity.id: entity for entity in base.entities}
    ordinal = {fact.id: number for number, fact in enumerate(index_order(base.facts))}
    with connection:
        meta = {
            "format": str(FORMAT), "key": key, "data_version": base.data_version,
            "packaged_file": json.dumps(base.packaged_file), "files": json.dumps(list(base.files)),
        }  # fmt: skip
        connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        connection.executemany(
            "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((mark, s.id, s.title, s.publisher, s.date, s.language, s.url, _origin(s), _json(s))
             for mark, s in enumerate(base.sources, 1)),
        )  # fmt: skip
        connection.executemany(
            "INSERT INTO countries VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((n, c.id, c.alpha3, c.name, c.head_of_state, _origin(c), _json(c)) for n, c in enumerate(base.countries)),
        )
        names: dict[str, str] = {}
        for country in base.countries:
            for name in (country.id, country.alpha3, country.name, *country.aliases):
                names.setdefault(normalise(name), country.id)
        connection.executemany("INSERT INTO country_names VALUES (?, ?)", names.items())
        connection.executemany(
            "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ((n, e.id, e.kind, e.name, e.country, e.role, _origin(e), _json(e)) for n, e in enumerate(base.entities)),
        )
        connection.executemany(
            "INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (n, f.id, f.country, f.topic, f.statement, f.value, f.unit, f.qualifier, f.period, f.date,
                 f.change_pct, f.kind, f.status, f.level, corroboration(f), len(f.citations), _origin(f),
                 ordinal[f.id], _json(f))
                for n, f in enumerate(base.facts)
            ),
        )  # fmt: skip
        connection.executemany(
            "INSERT INTO citations VALUES (?, ?, ?, ?, ?)",
            ((f.id, k, c.source, c.paragraph, c.excerpt) for f in base.facts for k, c in enumerate(f.citations, 1)),
        )
        connection.executemany(
            "INSERT OR IGNORE INTO fact_entities VALUES (?, ?)", ((e, f.id) for f in base.facts for e in f.entities)
        )
        texts = [search_text(fact, countries.get(fact.country), entities) for fact in base.facts]
        connection.executemany("INSERT INTO words (rowid, text) VALUES (?, ?)", enumerate(texts))
        # The vocabulary by word length, one row a length: a word with a typo is looked for among the words
        # of its own length give or take the typos allowed, read in one go (fts5vocab would scan the index).
        vocabulary: set[str] = set()
        for text in texts:
            vocabulary.update(text.split())
        by_length: dict[int, list[str]] = {}
        for word in vocabulary:
            by_length.setdefault(len(word), []).append(word)
        connection.executemany(
            "INSERT INTO terms VALUES (?, ?)", ((n, " ".join(sorted(words))) for n, words in by_length.items())
        )
    connection.executescript(INDEXES)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {FORMAT}")


def in_memory(base: FactBase) -> sqlite3.Connection:
    """The base in a database of its own in memory (what ``--no-cache`` and tests use)."""
    connection = sqlite3.connect(":memory:")
    write(connection, base)
    return connection


class Store:
    """Reads a database ``write`` made: small tables at once, facts only when asked for."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        meta = dict(connection.execute("SELECT name, value FROM meta"))
        self.key: str = meta["key"]
        self.data_version: str = meta["data_version"]
        self.packaged_file: str | None = json.loads(meta["packaged_file"])
        self.files: tuple[str, ...] = tuple(json.loads(meta["files"]))
        self.sources: tuple[Source, ...] = self._records(Source, "SELECT record FROM sources ORDER BY mark")
        self.countries: tuple[Country, ...] = self._records(Country, "SELECT record FROM countries ORDER BY position")
        self.entities: tuple[Entity, ...] = self._records(Entity, "SELECT record FROM entities ORDER BY position")

    @property
    def facts(self) -> tuple[Fact, ...]:
        """Every fact, in the base's order (read whole: for tools that want them all)."""
        return tuple(fact for _position, fact in self.all_facts(0))

    def _records(self, cls: type, sql: str) -> tuple[Any, ...]:
        return tuple(decode(cls, json.loads(row[0])) for row in self.connection.execute(sql))

    def country_names(self) -> dict[str, str]:
        """Normalised name -> country id."""
        return dict(self.connection.execute("SELECT name, country FROM country_names"))

    def facts_of(self, country: str, topic: str | None, min_backed: int) -> list[tuple[int, Fact]]:
        """(position, fact) of one country (and topic), in table order."""
        sql = "SELECT position, record FROM facts WHERE country = ?"
        args: list[Any] = [country]
        if topic is not None:
            sql += " AND topic = ?"
            args.append(topic)
        return self._facts(sql, args, min_backed, order="ordinal")

    def all_facts(self, min_backed: int) -> list[tuple[int, Fact]]:
        return self._facts("SELECT position, record FROM facts WHERE 1", [], min_backed, order="position")

    def facts_naming(self, entity: str, min_backed: int) -> list[tuple[int, Fact]]:
        sql = "SELECT position, record FROM facts WHERE id IN (SELECT fact FROM fact_entities WHERE entity = ?)"
        return self._facts(sql, [entity], min_backed, order="ordinal")

    def fact_by_id(self, fact_id: str) -> tuple[int, Fact] | None:
        found = self._facts("SELECT position, record FROM facts WHERE id = ?", [fact_id], 0, order="position")
        return found[0] if found else None

    def _facts(self, sql: str, args: list[Any], min_backed: int, *, order: str) -> list[tuple[int, Fact]]:
        if min_backed > 0:
            sql += " AND backed >= ?"
            args = [*args, min_backed]
        rows = self.connection.execute(f"{sql} ORDER BY {order}", args)
        return [(position, decode(Fact, json.loads(record))) for position, record in rows]

    def facts_at(self, positions: Iterable[int]) -> dict[int, Fact]:
        return {
            position: decode(Fact, json.loads(record))
            for position, record in self._in("SELECT position, record FROM facts WHERE position IN", positions)
        }

    def catalog(self, positions: Iterable[int]) -> dict[int, tuple[str, str, str, int, int]]:
        """What search needs of each fact without reading it: id, country, topic, citations, backed."""
        sql = "SELECT position, id, country, topic, citations, backed FROM facts WHERE position IN"
        return {row[0]: row[1:] for row in self._in(sql, positions)}

    def _in(self, sql: str, values: Iterable[int]) -> Iterator[tuple[Any, ...]]:
        chosen = list(values)
        for start in range(0, len(chosen), 500):  # well under SQLite's oldest limit of 999 parameters
            part = chosen[start : start + 500]
            yield from self.connection.execute(f"{sql} ({','.join('?' * len(part))})", part)

    def ids(self) -> list[str]:
        return [row[0] for row in self.connection.execute("SELECT id FROM facts ORDER BY position")]

    def terms(self, shortest: int, longest: int) -> list[str]:
        """The base's words of ``shortest`` to ``longest`` characters."""
        rows = self.connection.execute("SELECT words FROM terms WHERE length BETWEEN ? AND ?", (shortest, longest))
        return [word for (words,) in rows for word in words.split(" ")]

    def postings(self, word: str, *, prefix: bool = False) -> list[int]:
        """The positions of the facts whose search words hold ``word`` (or a word starting with it)."""
        if not word or '"' in word:
            return []
        phrase = f'"{word}"' + ("*" if prefix else "")
        return [row[0] for row in self.connection.execute("SELECT rowid FROM words WHERE words MATCH ?", (phrase,))]

    def cited_by(self, source: str) -> Sequence[str]:
        sql = "SELECT DISTINCT fact FROM citations WHERE source = ?"
        return [row[0] for row in self.connection.execute(sql, (source,))]
