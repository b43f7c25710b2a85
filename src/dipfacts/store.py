"""The validated fact base in one SQLite database: the cache on disk, ``--no-cache`` in memory, and
``dipfacts export --sqlite``, all with one schema.

Readable tables for SQL tools (``facts``, ``citations``, ``sources``, ``countries``, ``country_names``,
``entities``, ``fact_entities``, ``meta``) and, for dipfacts itself, each record's exact form in a
``record`` column (a JSON list of its fields) and an FTS5 table of each fact's search words whose rowid is
the fact's position. ``PRAGMA user_version`` is the format; ``PRAGMA application_id`` says the file is
dipfacts'. The schema is documented in docs/data-model.md.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import suppress
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

from dipfacts.facts import corroboration, search_text, sort_key
from dipfacts.model import Citation, Country, Derivation, Entity, Fact, FactBase, First, Link, Origin, Source, Visit
from dipfacts.text import normalise

FORMAT = 13  # PRAGMA user_version: raise it whenever the schema or a record's form changes
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
    position INTEGER PRIMARY KEY, id TEXT NOT NULL, country TEXT NOT NULL, topic TEXT NOT NULL,
    statement TEXT NOT NULL, value NUMERIC, unit TEXT, qualifier TEXT, period TEXT, date TEXT,
    change_pct NUMERIC, kind TEXT, status TEXT, level TEXT, backed INTEGER NOT NULL,
    citations INTEGER NOT NULL, origin TEXT NOT NULL, sort_key TEXT NOT NULL, record TEXT NOT NULL
);
CREATE TABLE citations (
    fact TEXT NOT NULL, number INTEGER NOT NULL, source TEXT NOT NULL, paragraph INTEGER NOT NULL,
    excerpt TEXT NOT NULL
);
CREATE TABLE fact_entities (entity TEXT NOT NULL, fact TEXT NOT NULL);
-- Contentless, one row a fact (rowid = the fact's position), words only: search asks which facts hold a
-- word or a prefix, never where in the text.
CREATE VIRTUAL TABLE words USING fts5 (
    text, content='', columnsize=0, detail=none, tokenize="unicode61 remove_diacritics 0"
);
CREATE TABLE terms (length INTEGER PRIMARY KEY, words TEXT NOT NULL);
-- The world's country names (pycountry, in English, French, Russian and Vietnamese) and historic states,
-- folded: a name the base does not know is looked up here, never by importing pycountry.
CREATE TABLE world_names (name TEXT PRIMARY KEY, alpha2 TEXT NOT NULL, english TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE historic_names (
    name TEXT PRIMARY KEY, display TEXT NOT NULL, successors TEXT NOT NULL
) WITHOUT ROWID;
"""
# Made once the rows are in: building an index at the end is faster than keeping it up to date row by row.
UNIQUE_IDS = "CREATE UNIQUE INDEX facts_by_id ON facts (id)"
INDEXES = """
CREATE INDEX facts_by_country ON facts (country, topic, sort_key);
CREATE INDEX facts_by_rank ON facts (position, citations, id);
CREATE UNIQUE INDEX citations_by_fact ON citations (fact, number);
CREATE INDEX citations_by_source ON citations (source, fact);
CREATE UNIQUE INDEX fact_entities_by_entity ON fact_entities (entity, fact);
"""

# Positions in a fact's ``record`` (a JSON list of its fields) that the views read: a visit's days.
_VISIT = Fact._fields.index("visit")  # type: ignore[attr-defined]
_START, _END = Visit._fields.index("start"), Visit._fields.index("end")  # type: ignore[attr-defined]

# Views for people with SQL tools (sqlite3, sqlite-utils, Datasette): a fact or a citation a row, with the
# names a reader wants beside the ids. IF NOT EXISTS: `save` also adds them to a database made before them.
VIEWS = f"""
CREATE VIEW IF NOT EXISTS fact_table AS
SELECT
    f.id, f.country, c.name AS country_name, f.topic, f.statement, f.value, f.unit, f.qualifier,
    f.change_pct, f.period, f.date,
    -- When the fact holds, as dipfacts prints it: a visit's days, else its period or date (NULL if none).
    CASE
        WHEN f.visit_start IS NOT NULL THEN
            f.visit_start || CASE WHEN coalesce(f.visit_end, f.visit_start) = f.visit_start THEN ''
                                  ELSE ' to ' || f.visit_end END
        WHEN substr(coalesce(f.period, f.date), 1, 2) = '--' THEN
            substr(coalesce(f.period, f.date), 3) || ' (year not stated)'
        ELSE replace(coalesce(f.period, f.date), '/', ' to ')
    END AS "when",
    f.kind, f.status,
    f.backed,  -- the distinct articles that state the fact (0 for a value dipfacts derived)
    f.citations,  -- how many citations, several of which may quote one article
    f.origin  -- 'packaged', or 'user' for a fact from a --data file
FROM (
    SELECT *, json_extract(record, '$[{_VISIT}][{_START}]') AS visit_start,
        json_extract(record, '$[{_VISIT}][{_END}]') AS visit_end
    FROM facts
) AS f LEFT JOIN countries AS c ON c.id = f.country
ORDER BY f.position;
CREATE VIEW IF NOT EXISTS citation_table AS
SELECT
    c.fact, c.number, c.source, s.mark, s.title, s.publisher, s.date, c.paragraph, c.excerpt, s.url
FROM citations AS c JOIN facts AS f ON f.id = c.fact LEFT JOIN sources AS s ON s.id = c.source
ORDER BY f.position, c.number;
"""

# How each record's nested fields are stored: (many or one, record type; None for plain values).
_NESTED: dict[type, dict[str, tuple[str, type | None]]] = {
    Fact: {
        "citations": ("many", Citation),
        "derived": ("one", Derivation),
        "visit": ("one", Visit),
        "differs_from": ("many", Link),
        "entities": ("many", None),
        "origin": ("one", Origin),
    },
    Source: {"origin": ("one", Origin)},
    Entity: {"aliases": ("many", None), "citations": ("many", Citation), "origin": ("one", Origin)},
    Citation: {"omits": ("many", None)},
    Derivation: {"from_ids": ("many", None)},
    Visit: {"firsts": ("many", First)},
    Country: {"aliases": ("many", None), "cities": ("many", None), "origin": ("one", Origin)},
}


# The same, as what decode() does field by field: (position, many, record type), for the fields that need it.
# A lookup decodes every fact it shows, so this is worked out once, not per field of every record.
_PLANS: dict[type, tuple[tuple[int, bool, type | None], ...]] = {
    cls: tuple(
        (cls._fields.index(name), count == "many", inner)  # type: ignore[attr-defined]
        for name, (count, inner) in fields.items()
    )
    for cls, fields in _NESTED.items()
}


# A record is a tuple of its fields (dipfacts.records): json's C encoder writes it as their list.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
# That encoder made once, not once a record as JSONEncoder.encode does (a build writes 100,000s of them);
# records hold no cycles, so it keeps no list of the containers it is inside (markers None).
# json's own, undocumented: any Python where it is missing or is called otherwise takes JSONEncoder's way.
try:
    _C_ENCODER = c_make_encoder(None, _ENCODER.default, encode_basestring, None, ":", ",", False, False, True)
except TypeError:  # None (no C accelerator), or another signature
    _C_ENCODER = None


def decode(cls: type, row: list[Any]) -> Any:
    """The record whose fields ``_json`` stored as ``row`` (the list is reused)."""
    for index, many, inner in _PLANS.get(cls, ()):
        value = row[index]
        if value is None:
            continue
        if inner is None:  # a list of plain values
            row[index] = tuple(value)
        elif many:
            row[index] = tuple([decode(inner, item) for item in value])
        else:
            row[index] = decode(inner, value)
    return cls(*row)


def _json(record: Any) -> str:
    """A record as JSON: the list of its fields, records within it nested the same way."""
    if _C_ENCODER is None:  # pragma: no cover - a Python without json's C accelerator
        return _ENCODER.encode(record)
    return "".join(_C_ENCODER(record, 0))


def _origin(record: Fact | Source | Country | Entity) -> str:
    return "user" if record.user else "packaged"


class Writer:
    """Writes records into an empty database, a batch at a time, so that a base of any size is written
    without ever being held whole: what it keeps between batches is the countries, people and
    organisations (few), the vocabulary, and the facts whose search words must wait for a country or a
    person that a later file defines.

    ``add`` as often as there are batches, then ``finish`` once; the caller commits or throws it away.
    """

    def __init__(self, connection: sqlite3.Connection, *, key: str = "") -> None:
        self.connection = connection
        self.key = key
        # Pages of 16 KiB: a fact's row (its record is about a kilobyte) fits in one, with no overflow page.
        connection.execute("PRAGMA page_size = 16384")
        connection.executescript(SCHEMA + VIEWS)
        connection.execute("PRAGMA cache_size = -65536")  # 64 MiB while writing: fewer trips to the disk
        self.countries: dict[str, Country] = {}
        self.entities: dict[str, Entity] = {}
        self._sources = 0
        self._positions = 0
        self._waiting: list[tuple[int, Fact]] = []  # (position, fact) whose search words wait for a later file
        self._vocabulary: set[str] = set()

    def add(self, sources: Sequence[Source], countries: Sequence[Country], entities: Sequence[Entity],
            facts: Sequence[Fact]) -> None:  # fmt: skip
        """Write one batch: its sources, countries and people in the order given (ids not yet written), and
        its facts, after the facts of earlier batches."""
        connection = self.connection
        connection.executemany(
            "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((mark, s.id, s.title, s.publisher, s.date, s.language, s.url, _origin(s), _json(s))
             for mark, s in enumerate(sources, self._sources + 1)),
        )  # fmt: skip
        self._sources += len(sources)
        connection.executemany(
            "INSERT INTO countries VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((len(self.countries) + n, c.id, c.alpha3, c.name, c.head_of_state, _origin(c), _json(c))
             for n, c in enumerate(countries)),
        )  # fmt: skip
        self.countries.update((country.id, country) for country in countries)
        connection.executemany(
            "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ((len(self.entities) + n, e.id, e.kind, e.name, e.country, e.role, _origin(e), _json(e))
             for n, e in enumerate(entities)),
        )  # fmt: skip
        self.entities.update((entity.id, entity) for entity in entities)
        first = self._positions
        self._positions += len(facts)
        connection.executemany(
            "INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (n, f.id, f.country, f.topic, f.statement, f.value, f.unit, f.qualifier, f.period, f.date,
                 f.change_pct, f.kind, f.status, f.level, corroboration(f), len(f.citations), _origin(f),
                 sort_key(f), _json(f))
                for n, f in enumerate(facts, first)
            ),
        )  # fmt: skip
        connection.executemany(
            "INSERT INTO citations VALUES (?, ?, ?, ?, ?)",
            ((f.id, k, c.source, c.paragraph, c.excerpt) for f in facts for k, c in enumerate(f.citations, 1)),
        )
        connection.executemany(
            "INSERT INTO fact_entities VALUES (?, ?)",
            ((entity, fact.id) for fact in facts for entity in dict.fromkeys(fact.entities)),
        )
        ready = []
        defined, known = self.countries, self.entities
        for position, fact in enumerate(facts, first):
            if fact.country in defined and (not fact.entities or all(entity in known for entity in fact.entities)):
                ready.append((position, fact))
            else:
                self._waiting.append((position, fact))  # a later file may define its country or person
        self._words(ready)

    def _words(self, facts: Iterable[tuple[int, Fact]]) -> None:
        countries, entities, vocabulary = self.countries, self.entities, self._vocabulary
        texts = [(n, search_text(fact, countries.get(fact.country), entities)) for n, fact in facts]
        self.connection.executemany("INSERT INTO words (rowid, text) VALUES (?, ?)", texts)
        for _position, text in texts:
            vocabulary.update(text.split())

    def finish(self, *, files: Sequence[str], packaged_file: str | None, data_version: str,
               world: bool = True) -> list[tuple[Fact, Fact]]:  # fmt: skip
        """Write what needs every batch (names, vocabulary, indexes, the format) and return the facts
        whose id an earlier fact already has, each with that earlier fact: (later, earlier)."""
        connection = self.connection
        self._words(self._waiting)
        self._waiting = []
        meta = {
            "format": str(FORMAT), "key": self.key, "data_version": data_version,
            "packaged_file": json.dumps(packaged_file), "files": json.dumps(list(files)),
            "world": "1" if world else "0",
        }  # fmt: skip
        connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        names: dict[str, str] = {}
        for country in self.countries.values():
            for name in (country.id, country.alpha3, country.name, *country.aliases):
                names.setdefault(normalise(name), country.id)
        connection.executemany("INSERT INTO country_names VALUES (?, ?)", names.items())
        # The vocabulary by word length, one row a length: a word with a typo is looked for among the words
        # of its own length give or take the typos allowed, read in one go (fts5vocab would scan the index).
        by_length: dict[int, list[str]] = {}
        for word in self._vocabulary:
            if word.isalpha():  # a typo is forgiven in a word, never in a number (nor in "q1", "80th")
                by_length.setdefault(len(word), []).append(word)
        connection.executemany(
            "INSERT INTO terms VALUES (?, ?)", ((n, " ".join(sorted(words))) for n, words in by_length.items())
        )
        if world:
            write_world(connection)
        duplicates = []
        try:
            connection.execute(UNIQUE_IDS)
        except sqlite3.IntegrityError:
            duplicates = self._duplicates()
        # With an id given twice, a build is thrown away after its problems are listed: plain indexes do.
        connection.executescript(INDEXES.replace("UNIQUE ", "") if duplicates else INDEXES)
        if duplicates:
            connection.execute(UNIQUE_IDS.replace("UNIQUE ", ""))  # so that facts are still found by id
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {FORMAT}")
        return duplicates

    def _duplicates(self) -> list[tuple[Fact, Fact]]:
        sql = "SELECT id FROM facts GROUP BY id HAVING count(*) > 1"
        pairs = []
        for (fact_id,) in self.connection.execute(sql).fetchall():
            rows = self.connection.execute("SELECT record FROM facts WHERE id = ? ORDER BY position", (fact_id,))
            first, *later = (decode(Fact, json.loads(record)) for (record,) in rows)
            pairs += [(fact, first) for fact in later]
        return pairs

    def facts_by_id(self, ids: Iterable[str]) -> dict[str, Fact]:
        """The facts written with these ids (the first of each id); only after ``finish``."""
        found: dict[str, Fact] = {}
        chosen = sorted(set(ids))
        for start in range(0, len(chosen), 500):  # well under SQLite's oldest limit of 999 parameters
            part = chosen[start : start + 500]
            sql = f"SELECT id, record FROM facts WHERE id IN ({','.join('?' * len(part))}) ORDER BY position DESC"
            found.update((fact_id, decode(Fact, json.loads(record))) for fact_id, record in
                         self.connection.execute(sql, part))  # fmt: skip
        return found


def write(connection: sqlite3.Connection, base: FactBase, *, key: str = "", world: bool = True) -> None:
    """Write ``base`` (already validated, its ids unique) into an empty database; ``world``: the world's
    country names too (else written when first asked for)."""
    writer = Writer(connection, key=key)
    with connection:
        writer.add(base.sources, base.countries, base.entities, base.facts)
        duplicates = writer.finish(files=base.files, packaged_file=base.packaged_file,
                                   data_version=base.data_version, world=world)  # fmt: skip
    if duplicates:
        raise sqlite3.IntegrityError(f"fact id {duplicates[0][0].id!r} is given twice")


def in_memory(base: FactBase) -> sqlite3.Connection:
    """The base in a database of its own in memory (what ``--no-cache`` and tests use)."""
    connection = sqlite3.connect(":memory:")
    write(connection, base, world=False)  # the world's names only if a name asks
    return connection


def save(connection: sqlite3.Connection, path: str, *, overwrite: bool = False) -> None:
    """Copy the database to a file of its own at ``path`` (what ``dipfacts export --sqlite`` writes).

    Written to a temporary file beside ``path`` and renamed into place, so ``path`` is a whole database or
    is not there; without ``overwrite`` an existing ``path`` is left alone (FileExistsError). Every failure
    is an OSError, and leaves no temporary file behind.
    """
    import tempfile  # lazy: about 2 ms (random, shutil), only an export writes a file

    if os.path.isdir(path):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
    if not overwrite and os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), path)
    directory, name = os.path.split(os.path.abspath(path))
    descriptor, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    os.close(descriptor)
    try:
        if connection.execute("SELECT value FROM meta WHERE name = 'world'").fetchone() == ("0",):
            with connection:
                write_world(connection)  # a base built in memory for one run: the file has them all
        copy = sqlite3.connect(temporary)
        try:
            connection.backup(copy)
            with copy:
                copy.executescript(VIEWS)  # a cache entry written before the views lacks them
                copy.execute("UPDATE meta SET value = '' WHERE name = 'key'")  # the cache's key means nothing here
        finally:
            copy.close()
        os.chmod(temporary, 0o666 & ~_umask())  # as any new file would be, not mkstemp's 0600
        if overwrite:
            os.replace(temporary, path)
        else:
            _rename_new(temporary, path)
    except sqlite3.Error as error:
        _remove(temporary)
        raise OSError(errno.EIO, str(error), path) from error
    except BaseException:
        _remove(temporary)
        raise


def _rename_new(temporary: str, path: str) -> None:
    """Rename ``temporary`` to ``path`` only if nothing is there, even if a file appears meanwhile."""

    try:
        os.link(temporary, path)  # fails if ``path`` exists, atomically, where os.replace would overwrite
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (FAT, some network shares)
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), path) from None
        os.replace(temporary, path)
        return
    _remove(temporary)  # ``path`` is the database now; this is only the second name


def _remove(path: str) -> None:

    with suppress(OSError):
        os.unlink(path)


def _umask() -> int:

    mask = os.umask(0o022)  # the only way to read it is to set it
    os.umask(mask)
    return mask


def write_world(connection: sqlite3.Connection) -> None:
    """Write the world's country names and historic states (read from pycountry: some 90 ms)."""
    from dipfacts import world  # lazy: pycountry, read only when a base is built

    connection.executemany(
        "INSERT INTO world_names VALUES (?, ?, ?)", ((k, *v) for k, v in world.country_names().items())
    )
    connection.executemany(
        "INSERT INTO historic_names VALUES (?, ?, ?)",
        ((name, display, " ".join(successors)) for name, (display, successors) in world.historic_states().items()),
    )
    connection.execute("UPDATE meta SET value = '1' WHERE name = 'world'")


class Store:
    """Reads a database ``write`` made: small tables at once, facts only when asked for."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        meta = dict(connection.execute("SELECT name, value FROM meta"))
        self.key: str = meta["key"]
        self.data_version: str = meta["data_version"]
        self.packaged_file: str | None = json.loads(meta["packaged_file"])
        self.files: tuple[str, ...] = tuple(json.loads(meta["files"]))
        # A base built in memory for one run (--no-cache) gets the world's names only if a name asks.
        self._world_written = meta.get("world", "1") == "1"
        self.sources: tuple[Source, ...] = self._records(Source, "SELECT record FROM sources ORDER BY mark")
        self.countries: tuple[Country, ...] = self._records(Country, "SELECT record FROM countries ORDER BY position")
        self.entities: tuple[Entity, ...] = self._records(Entity, "SELECT record FROM entities ORDER BY position")

    @property
    def facts(self) -> tuple[Fact, ...]:
        """Every fact, in the base's order (read whole: for tools that want them all)."""
        return tuple(fact for _position, fact in self.all_facts(0))

    def each_fact(self) -> Iterator[Fact]:
        """Every fact, in the base's order, read one at a time (for streaming them all)."""
        for (record,) in self.connection.execute("SELECT record FROM facts ORDER BY position"):
            yield decode(Fact, json.loads(record))

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
        return self._facts(sql, args, min_backed, order="sort_key")

    def all_facts(self, min_backed: int) -> list[tuple[int, Fact]]:
        return self._facts("SELECT position, record FROM facts WHERE 1", [], min_backed, order="position")

    def facts_naming(self, entity: str, min_backed: int) -> list[tuple[int, Fact]]:
        sql = "SELECT position, record FROM facts WHERE id IN (SELECT fact FROM fact_entities WHERE entity = ?)"
        return self._facts(sql, [entity], min_backed, order="sort_key")

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

    def best(self, positions: Collection[int], *, limit: int, country: str | None, topic: str | None,
             min_backed: int) -> list[int]:  # fmt: skip
        """Of the facts at ``positions``, the ``limit`` first that pass the filters, by most citations, then
        id: sorted by SQLite, so a word found in 100,000 facts costs no Python a fact."""
        # One query, its positions as one JSON array (json_each), where a list of parameters would need
        # a query every 500.
        # Unfiltered, the ranking reads a small index instead of each fact's row (a common word is in
        # thousands of facts at 1,000,000, each row on a page of its own): SQLite would take the rows.
        table = "facts" if country or topic or min_backed > 0 else "facts INDEXED BY facts_by_rank"
        sql = f"SELECT position FROM {table} WHERE position IN (SELECT value FROM json_each(?))"
        args: list[Any] = [json.dumps(sorted(positions))]
        for column, value in (("country", country), ("topic", topic)):
            if value is not None:
                sql += f" AND {column} = ?"
                args.append(value)
        if min_backed > 0:
            sql += " AND backed >= ?"
            args.append(min_backed)
        sql += " ORDER BY citations DESC, id LIMIT ?"
        args.append(limit)
        return [position for (position,) in self.connection.execute(sql, args)]

    def _in(self, sql: str, values: Iterable[int]) -> Iterator[tuple[Any, ...]]:
        chosen = list(values)
        for start in range(0, len(chosen), 500):  # well under SQLite's oldest limit of 999 parameters
            part = chosen[start : start + 500]
            yield from self.connection.execute(f"{sql} ({','.join('?' * len(part))})", part)

    def count(self, table: str) -> int:
        """How many rows ``table`` (facts, citations...) has."""
        if table not in ("facts", "citations", "sources", "countries", "entities"):
            raise ValueError(f"not a table of records: {table!r}")
        return int(self.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def ids(self) -> list[str]:
        return [row[0] for row in self.connection.execute("SELECT id FROM facts ORDER BY position")]

    def _world(self) -> None:
        if not self._world_written:
            with self.connection:
                write_world(self.connection)
            self._world_written = True

    def world_name(self, name: str) -> tuple[str, str] | None:
        """(alpha-2, English name) of a folded country name of the world's, if it is one."""
        self._world()
        row = self.connection.execute("SELECT alpha2, english FROM world_names WHERE name = ?", (name,)).fetchone()
        return (row[0], row[1]) if row else None

    def world_names(self) -> dict[str, tuple[str, str]]:
        """Every folded country name of the world's -> (alpha-2, English name): for a misspelt name."""
        self._world()
        return {
            name: (alpha2, english) for name, alpha2, english in self.connection.execute("SELECT * FROM world_names")
        }

    def historic_state(self, name: str) -> tuple[str, tuple[str, ...]] | None:
        """(its name, the base countries it concerns) of a folded name of a state that no longer exists."""
        self._world()
        sql = "SELECT display, successors FROM historic_names WHERE name = ?"
        row = self.connection.execute(sql, (name,)).fetchone()
        return (row[0], tuple(row[1].split())) if row else None

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
