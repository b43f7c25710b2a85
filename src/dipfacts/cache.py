"""A cache of the validated, indexed fact base, so that a lookup does not parse TOML when nothing changed.

One directory per combination of fact files, named from their identity (path, size, modification time,
and a checksum of the packaged file's content, with the dipfacts version and the cache format): a
``meta.json`` with the sources and countries, and one ``facts-XX-topic.json`` per country and topic, so that a
lookup reads only its own facts. It is written to a temporary directory renamed into place, so a
reader sees a whole entry or none, and two processes building it at once both succeed. A cache that is
stale, unreadable or corrupt is never trusted: the facts are read from the TOML files again and the
entry rewritten. A cache that cannot be written is simply not used. It holds JSON only: nothing in it is
ever executed.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable, Sequence
from typing import Any

from dipfacts import __version__
from dipfacts.files import packaged_location
from dipfacts.index import CountryLoader, FactIndex, WordIndex, catalog_entry, index_order, search_text
from dipfacts.model import TOPICS, Citation, Country, Derivation, Fact, FactBase, First, Link, Source, Visit

CACHE_FORMAT = 3  # raise it whenever what an entry holds changes
KEEP_ENTRIES = 8  # other combinations of --data files stay cached too, up to this many
SLOW_SECONDS = 1.0  # a rebuild taking longer than this says so on stderr

Notify = Callable[[str], None]

# How each record's nested fields are stored: (tuple of, record) or (one, record).
_NESTED: dict[type, dict[str, tuple[str, type | None]]] = {
    Fact: {
        "citations": ("many", Citation),
        "derived": ("one", Derivation),
        "visit": ("one", Visit),
        "differs_from": ("many", Link),
    },
    Citation: {"omits": ("many", None)},
    Derivation: {"from_ids": ("many", None)},
    Visit: {"firsts": ("many", First)},
    Country: {"aliases": ("many", None)},
}


def encode(record: Any) -> list[Any]:
    """A record as a JSON list of its fields, in order (records nested the same way)."""
    values = []
    for name in record._fields:
        value = getattr(record, name)
        if isinstance(value, tuple):
            value = [encode(item) if hasattr(item, "_fields") else item for item in value]
        elif hasattr(value, "_fields"):
            value = encode(value)
        values.append(value)
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


class CachedBase:
    """The base as the cache holds it: sources and countries at once, facts only when all are asked for."""

    def __init__(self, meta: dict[str, Any], load_country: CountryLoader) -> None:
        self.sources: tuple[Source, ...] = tuple(decode(Source, row) for row in meta["sources"])
        self.countries: tuple[Country, ...] = tuple(decode(Country, row) for row in meta["countries"])
        self.files: tuple[str, ...] = tuple(meta["files"])
        self.data_version: str = meta["data_version"]
        self.packaged_file: str | None = meta["packaged_file"]
        self._load_country = load_country

    @property
    def facts(self) -> tuple[Fact, ...]:
        pairs = [pair for country in self.countries for pair in self._load_country(country.id, None)]
        return tuple(fact for _position, fact in sorted(pairs, key=lambda pair: pair[0]))


def open_index(
    paths: Sequence[str], *, packaged: bool, cache_dir: str | None, notify: Notify | None = None
) -> FactIndex:
    """The index of the packaged base (unless ``packaged`` is False) and ``paths``, from the cache if valid."""
    key = _key(paths, packaged) if cache_dir else None
    if cache_dir is None or key is None:
        return FactIndex(_load(paths, packaged, notify))
    entry = os.path.join(cache_dir, _entry_name(key))
    meta = _read_meta(entry, key)
    if meta is not None:
        return _cached_index(entry, meta, lambda: _rebuild(paths, packaged, cache_dir, key, notify))
    base = _load(paths, packaged, notify)
    _write(cache_dir, key, base)
    return FactIndex(base)


def _key(paths: Sequence[str], packaged: bool) -> str | None:
    """What identifies this combination of files; None when a file cannot be examined (load reports why)."""
    parts: list[Any] = [CACHE_FORMAT, __version__]
    try:
        if packaged:
            location = packaged_location()
            with open(location, "rb") as handle:
                content = handle.read()
            info = os.stat(location)
            parts.append(["packaged", location, info.st_size, info.st_mtime_ns, zlib.crc32(content)])
        for path in paths:
            info = os.stat(path)
            # The path as given too: it is how messages and `about` name the file.
            parts.append(["data", path, os.path.abspath(path), info.st_size, info.st_mtime_ns, info.st_ino])
    except (OSError, ValueError):
        return None
    return json.dumps(parts, ensure_ascii=True)


def _entry_name(key: str) -> str:
    data = key.encode("utf-8")
    return f"v{CACHE_FORMAT}-{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def _read_meta(entry: str, key: str) -> dict[str, Any] | None:
    try:
        with open(os.path.join(entry, "meta.json"), encoding="utf-8") as handle:
            meta = json.load(handle)
        if meta.get("format") != CACHE_FORMAT or meta.get("key") != key:
            return None  # another combination that happens to share the name, or an older format
        return meta  # type: ignore[no-any-return]
    except (OSError, ValueError, AttributeError):
        return None


_DAMAGED = (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError)


def _read_part(entry: str, part: dict[str, Any]) -> Any:
    """One file of the entry, checked against the checksum meta.json records for it."""
    with open(os.path.join(entry, part["file"]), "rb") as handle:
        data = handle.read()
    if zlib.crc32(data) != part["crc32"]:
        raise ValueError(f"{part['file']}: checksum mismatch")
    return json.loads(data)


def _cached_index(entry: str, meta: dict[str, Any], rebuild: Callable[[], FactBase]) -> FactIndex:
    fresh: list[FactIndex] = []

    def fallback() -> FactIndex:
        # A damaged entry is never trusted: read the TOML files again, rewrite the cache, answer from them.
        if not fresh:
            fresh.append(FactIndex(rebuild()))
        return fresh[0]

    def load_country(country_id: str, topic: str | None) -> tuple[tuple[int, Fact], ...]:
        if fresh:
            return _pairs(fresh[0], country_id, topic)
        try:
            parts = meta["shards"].get(country_id, {})
            # A country's topics, in the order tables list them, make up the country in index order.
            chosen = [parts[topic]] if topic in parts else [] if topic else [parts[t] for t in TOPICS if t in parts]
            return tuple((position, decode(Fact, row)) for part in chosen for position, row in _read_part(entry, part))
        except _DAMAGED:
            return _pairs(fallback(), country_id, topic)

    def load_words() -> WordIndex:
        try:
            return _cached_words(entry, meta, lambda: fallback().word_index)
        except _DAMAGED:
            return fallback().word_index

    try:
        base = CachedBase(meta, load_country)
        countries = {country.id: country for country in base.countries}
        aliases = {key: countries[country_id] for key, country_id in meta["aliases"].items()}
        if not isinstance(meta["shards"], dict):
            raise TypeError("shards")
    except _DAMAGED:
        return FactIndex(rebuild())
    return FactIndex(base, load_country=load_country, load_words=load_words, aliases=aliases)


def _cached_words(entry: str, meta: dict[str, Any], fallback: Callable[[], WordIndex]) -> WordIndex:
    """The word index, read a part at a time; a part that turns out damaged is answered by ``fallback``."""
    vocabulary: list[str] = _read_part(entry, meta["vocabulary"])
    catalog = _read_part(entry, meta["catalog"])
    ids = catalog["ids"].split("\n")
    countries_of, topics_of = catalog["countries"], catalog["topics"]
    citations_of, sources_of = catalog["citations"], catalog["sources"]
    word_shards: dict[str, dict[str, list[int]]] = {}
    rows: dict[tuple[str, str], dict[int, list[Any]]] = {}

    def postings(word: str) -> Sequence[int]:
        letter = _letter(word)
        try:
            if letter not in word_shards:
                part = meta["words"].get(letter)
                word_shards[letter] = _read_part(entry, part) if part else {}
            return word_shards[letter].get(word, [])
        except _DAMAGED:
            return fallback().postings(word)

    def entry_of(position: int) -> tuple[str, str, str, int, int]:
        return (
            ids[position], countries_of[2 * position : 2 * position + 2], TOPICS[ord(topics_of[position]) - 65],
            ord(citations_of[position]) - 48, ord(sources_of[position]) - 48,
        )  # fmt: skip

    def fact_at(position: int) -> Fact:
        # Decode only the facts a search returns, not the whole of their countries' files.
        key = (countries_of[2 * position : 2 * position + 2], TOPICS[ord(topics_of[position]) - 65])
        try:
            if key not in rows:
                rows[key] = {row[0]: row[1] for row in _read_part(entry, meta["shards"][key[0]][key[1]])}
            return decode(Fact, rows[key][position])  # type: ignore[no-any-return]
        except _DAMAGED:
            return fallback().fact_at(position)

    return WordIndex(vocabulary, postings, entry_of, fact_at, lambda: ids)


def _letter(word: str) -> str:
    """Which words file holds a word: the hex code of its first character."""
    return f"{ord(word[0]):x}" if word else "0"


def _pairs(index: FactIndex, country_id: str, topic: str | None) -> tuple[tuple[int, Fact], ...]:
    return tuple((index.position[fact.id], fact) for fact in index.facts_of(country_id, topic))


def _rebuild(paths: Sequence[str], packaged: bool, cache_dir: str, key: str, notify: Notify | None) -> FactBase:
    import shutil

    shutil.rmtree(os.path.join(cache_dir, _entry_name(key)), ignore_errors=True)
    base = _load(paths, packaged, notify)
    _write(cache_dir, key, base)
    return base


def _load(paths: Sequence[str], packaged: bool, notify: Notify | None) -> FactBase:
    """Read and validate the TOML files; say so on stderr if it takes more than a second."""
    from dipfacts.load import load_factbase

    if notify is None:
        return load_factbase(paths, packaged=packaged)
    import threading

    if len(paths) > 2:
        names = f"{len(paths)} fact files"
    else:
        names = ", ".join(os.path.basename(path) for path in paths) or "the packaged fact base"
    message = f"reading {names} into the cache; this happens once after each change..."
    timer = threading.Timer(SLOW_SECONDS, notify, [message])
    timer.daemon = True
    timer.start()
    try:
        return load_factbase(paths, packaged=packaged)
    finally:
        timer.cancel()


def _write(cache_dir: str, key: str, base: FactBase) -> None:
    """Write the entry for ``key`` atomically; a cache that cannot be written is not an error."""
    import shutil
    import tempfile

    try:
        os.makedirs(cache_dir, exist_ok=True)
        temporary = tempfile.mkdtemp(prefix=".building-", dir=cache_dir)
    except OSError:
        return
    try:
        positions = {fact.id: n for n, fact in enumerate(base.facts)}
        grouped: dict[str, list[Fact]] = {}
        for fact in index_order(base.facts):
            grouped.setdefault(fact.country, []).append(fact)
        shards: dict[str, dict[str, Any]] = {}
        for country_id, facts in grouped.items():
            by_topic: dict[str, list[Fact]] = {}
            for fact in facts:
                by_topic.setdefault(fact.topic, []).append(fact)
            shards[country_id] = {
                topic: _write_part(
                    temporary, f"facts-{country_id}-{topic}.json", [[positions[f.id], encode(f)] for f in chosen]
                )
                for topic, chosen in by_topic.items()
            }
        countries = {country.id: country for country in base.countries}
        postings: dict[str, list[int]] = {}
        for position, fact in enumerate(base.facts):
            for word in set(search_text(fact, countries.get(fact.country)).split()):
                postings.setdefault(word, []).append(position)
        by_letter: dict[str, dict[str, list[int]]] = {}
        for word, found in postings.items():
            by_letter.setdefault(_letter(word), {})[word] = found
        words = {letter: _write_part(temporary, f"words-{letter}.json", part) for letter, part in by_letter.items()}
        vocabulary = _write_part(temporary, "vocabulary.json", sorted(postings))
        entries = [catalog_entry(fact) for fact in base.facts]
        topic_letters = {topic: chr(65 + n) for n, topic in enumerate(TOPICS)}
        # One string a field: a fraction of the time to read that a list of 100,000 small lists takes.
        catalog = _write_part(
            temporary,
            "catalog.json",
            {
                "ids": "\n".join(entry[0] for entry in entries),
                "countries": "".join(entry[1] for entry in entries),
                "topics": "".join(topic_letters[entry[2]] for entry in entries),
                "citations": "".join(chr(48 + min(entry[3], 50000)) for entry in entries),
                "sources": "".join(chr(48 + min(entry[4], 50000)) for entry in entries),
            },
        )
        aliases = {key: country.id for key, country in FactIndex(base).aliases.items()}
        meta = {
            "format": CACHE_FORMAT,
            "key": key,
            "sources": [encode(source) for source in base.sources],
            "countries": [encode(country) for country in base.countries],
            "aliases": aliases,
            "files": list(base.files),
            "data_version": base.data_version,
            "packaged_file": base.packaged_file,
            "shards": shards,
            "words": words,
            "vocabulary": vocabulary,
            "catalog": catalog,
        }
        with open(os.path.join(temporary, "meta.json"), "w", encoding="utf-8") as handle:
            json.dump(meta, handle, ensure_ascii=False)
        final = os.path.join(cache_dir, _entry_name(key))
        shutil.rmtree(final, ignore_errors=True)  # a stale or damaged entry of the same name
        os.rename(temporary, final)  # atomic: readers see the whole entry or none
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)  # another process won the race, or the disk is full
        return
    _prune(cache_dir)


def _write_part(directory: str, name: str, content: Any) -> dict[str, Any]:
    data = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with open(os.path.join(directory, name), "wb") as handle:
        handle.write(data)
    return {"file": name, "crc32": zlib.crc32(data)}


def _prune(cache_dir: str) -> None:
    """Keep the most recently written entries; leave other processes' temporary directories alone."""
    try:
        entries = [os.path.join(cache_dir, name) for name in os.listdir(cache_dir) if name.startswith("v")]
        entries.sort(key=os.path.getmtime, reverse=True)
    except OSError:
        return
    import shutil

    for old in entries[KEEP_ENTRIES:]:
        shutil.rmtree(old, ignore_errors=True)
