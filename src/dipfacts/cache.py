"""A cache of the validated, indexed fact base, so that a lookup does not parse TOML when nothing changed.

Where it lives, and what it may touch: everything is inside one directory of its own, ``dipfacts``, in
the cache location it is given (``$DIPFACTS_CACHE_DIR``, ``$XDG_CACHE_HOME``, ``~/.cache``). That directory
is used only if it is a real directory (not a symlink) owned by the current user and writable by nobody
else; otherwise dipfacts runs uncached. Each entry is a directory named ``v<format>-<key hash>`` holding a
marker file written first; pruning removes only such entries, never follows a symlink, and never looks
outside the ``dipfacts`` directory. A build is written to a temporary directory made with ``mkdtemp``
inside it and renamed into place, so a reader sees a whole entry or none, and two processes building at
once both succeed; an interrupted build removes its temporary directory (and one killed outright is
removed by a later prune).

An entry holds one ``meta.json`` with the sources and countries, and one ``facts-XX-topic.json`` per
country and topic, so that a lookup reads only its own facts. Its key names the fact files and a
checksum of each one's content (CRC-32 and Adler-32), so any edit is seen, even one that keeps the size
and modification time. An entry that is stale, unreadable or fails a checksum is never trusted: the facts
are read from the TOML files again and the entry rewritten. A cache that cannot be written is simply not
used. It holds JSON only: nothing in it is ever executed.
"""

from __future__ import annotations

import json
import os
import stat
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from dipfacts import __version__
from dipfacts.files import packaged_location
from dipfacts.index import CountryLoader, FactIndex, WordIndex, catalog_entry, index_order, search_text
from dipfacts.limits import MAX_FILE_BYTES
from dipfacts.model import TOPICS, Citation, Country, Derivation, Entity, Fact, FactBase, First, Link, Source, Visit

CACHE_FORMAT = 5  # raise it whenever what an entry holds changes
KEEP_ENTRIES = 8  # other combinations of --data files stay cached too, up to this many
OWN_DIRECTORY = "dipfacts"  # everything dipfacts writes is inside this directory of the cache location
MARKER = "dipfacts-cache-entry"  # written first into every entry: only directories holding it are pruned
MARKER_TEXT = "dipfacts cache entry; meta.json crc32 "
MAX_KEYED_BYTES = MAX_FILE_BYTES  # a larger file is refused by load anyway; its key need not read it all
ABANDONED_SECONDS = 600  # a temporary build directory untouched for this long belongs to a killed process
NOTICE_AFTER = 1.0  # seconds: a rebuild taking longer than this says so on stderr (DIPFACTS_NOTICE_AFTER)

Notify = Callable[[str], None]

# How each record's nested fields are stored: (tuple of, record) or (one, record).
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
        self.entities: tuple[Entity, ...] = tuple(decode(Entity, row) for row in meta["entities"])
        self.files: tuple[str, ...] = tuple(meta["files"])
        self.data_version: str = meta["data_version"]
        self.packaged_file: str | None = meta["packaged_file"]
        self._load_country = load_country

    @property
    def facts(self) -> tuple[Fact, ...]:
        pairs = [pair for country in self.countries for pair in self._load_country(country.id, None)]
        return tuple(fact for _position, fact in sorted(pairs, key=lambda pair: pair[0]))


def open_index(
    paths: Sequence[str],
    *,
    packaged: bool,
    cache_dir: str | None,
    notify: Notify | None = None,
    notice_after: float | None = NOTICE_AFTER,
    explain: Notify | None = None,
) -> FactIndex:
    """The index of the packaged base (unless ``packaged`` is False) and ``paths``, from the cache if valid.

    ``cache_dir`` is the cache location; the cache itself is its ``dipfacts`` directory. A rebuild that
    takes longer than ``notice_after`` seconds says so through ``notify`` (None: never); ``explain`` is
    told why the cache is not used, when it is not.
    """
    if notice_after is None:
        notify = None
    own = own_directory(cache_dir, explain) if cache_dir else None
    key = _key(paths, packaged, own) if own else None
    if own is None or key is None:
        return FactIndex(_load(paths, packaged, notify, notice_after))
    entry = os.path.join(own, _entry_name(key))
    meta = _read_meta(entry, key)
    if meta is not None:
        return _cached_index(entry, meta, lambda: _rebuild(paths, packaged, own, key, notify, notice_after))
    base = _load(paths, packaged, notify, notice_after)
    _write(own, key, base)
    return FactIndex(base)


def own_directory(cache_dir: str, explain: Notify | None = None) -> str | None:
    """dipfacts' own directory in ``cache_dir``, made (mode 0700) if need be; None when it is not safe to use.

    Safe means: a real directory, not a symlink, owned by this user and writable by nobody else, in a
    location where nobody else can swap it (not writable by others, or sticky like /tmp).
    """

    def refuse(why: str) -> None:
        if explain is not None:
            explain(f"cache not used: {why}; running without it")

    if not os.path.isabs(cache_dir):
        refuse(f"{cache_dir!r} is not an absolute path")
        return None
    own = os.path.join(cache_dir, OWN_DIRECTORY)
    try:
        os.makedirs(cache_dir, mode=0o700, exist_ok=True)
        location = os.stat(cache_dir)
        if location.st_mode & stat.S_IWOTH and not location.st_mode & stat.S_ISVTX:
            refuse(f"{cache_dir} is writable by others and not sticky, so {own} could be swapped")
            return None
        with suppress(FileExistsError):
            os.mkdir(own, 0o700)
        info = os.lstat(own)
    except (OSError, ValueError) as error:
        refuse(f"{own}: {getattr(error, 'strerror', None) or error}")
        return None
    if not stat.S_ISDIR(info.st_mode):
        refuse(f"{own} is not a directory (a symlink or a file)")
        return None
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        refuse(f"{own} belongs to another user (uid {info.st_uid})")
        return None
    if os.name == "posix" and info.st_mode & 0o022:
        refuse(f"{own} is writable by group or others (mode {stat.S_IMODE(info.st_mode):o}); chmod 700 it")
        return None
    return own


def forget(paths: Sequence[str], *, packaged: bool, cache_dir: str | None) -> bool:
    """Remove the entry for these files (after it was read and something went wrong); True if one went."""
    own = own_directory(cache_dir) if cache_dir else None
    key = _key(paths, packaged, own) if own else None
    if own is None or key is None:
        return False
    entry = os.path.join(own, _entry_name(key))
    if not _is_our_entry(entry):
        return False
    import shutil

    shutil.rmtree(entry, ignore_errors=True)
    return not os.path.lexists(entry)


def _checksum(data: bytes) -> str:
    """CRC-32 and Adler-32 of some content: any edit changes it, at the cost of one pass over the bytes."""
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def _key(paths: Sequence[str], packaged: bool, own: str | None = None) -> str | None:
    """What identifies this combination of files; None when a file cannot be read (load reports why).

    The content's checksum, not the modification time, says whether a file changed: an edit that keeps
    the size and the time (``touch -r``, two saves within a second) is still seen. Reading a 30 MB pack
    for its checksum costs about 90 ms, so a checksum is remembered (in ``own``/checksums.json) with the
    file's full status (size, mtime, ctime, inode, device) and reused while that status is unchanged, but
    only once the file is older than the clock's granularity, as git does for its index: an edit in the
    same second as the one remembered changes the ctime, or finds nothing remembered.
    """
    parts: list[Any] = [CACHE_FORMAT, __version__]
    known = _read_checksums(own) if own else {}
    learned: dict[str, list[Any]] = {}
    try:
        if packaged:
            location = packaged_location()
            parts.append(["packaged", location, _file_checksum(location, known, learned)])
        for path in paths:
            checksum = _file_checksum(path, known, learned)
            if checksum is None:
                return None
            # The path as given too: it is how messages and `about` name the file.
            parts.append(["data", path, os.path.abspath(path), checksum])
    except (OSError, ValueError):
        return None
    if learned and own:
        _write_checksums(own, {**known, **learned})
    return json.dumps(parts, ensure_ascii=True)


_SETTLED_SECONDS = 2.0  # a file untouched for this long cannot change again within its timestamps' grain


def _file_checksum(path: str, known: dict[str, list[Any]], learned: dict[str, list[Any]]) -> str | None:
    import time

    absolute = os.path.abspath(path)
    info = os.stat(absolute)
    status = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]
    remembered = known.get(absolute)
    if isinstance(remembered, list) and len(remembered) == 2 and remembered[0] == status:
        return str(remembered[1])
    content = _read_regular(path)
    if content is None:
        return None
    checksum = f"{len(content)}-{_checksum(content)}"
    newest = max(info.st_mtime_ns, info.st_ctime_ns) / 1e9
    if time.time() - newest > _SETTLED_SECONDS:
        learned[absolute] = [status, checksum]
    return checksum


CHECKSUMS = "checksums.json"
MAX_REMEMBERED = 256  # files whose checksums are remembered, the most recent kept


def _read_checksums(own: str) -> dict[str, list[Any]]:
    try:
        with open(os.path.join(own, CHECKSUMS), encoding="utf-8") as handle:
            found = json.load(handle)
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _write_checksums(own: str, checksums: dict[str, list[Any]]) -> None:
    """Replace the remembered checksums atomically (a temporary file renamed); failing to is not an error."""
    import tempfile

    kept = dict(list(checksums.items())[-MAX_REMEMBERED:])
    temporary = ""
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=".checksums-", dir=own)
        with open(descriptor, "w", encoding="utf-8") as handle:
            json.dump(kept, handle)
        os.replace(temporary, os.path.join(own, CHECKSUMS))
    except OSError:
        if temporary:
            with suppress(OSError):
                os.unlink(temporary)


def _read_regular(path: str) -> bytes | None:
    """A regular file's bytes; None for a FIFO or device, which reading could block on or never finish."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with open(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        return handle.read(MAX_KEYED_BYTES + 1)


def _entry_name(key: str) -> str:
    return f"v{CACHE_FORMAT}-{_checksum(key.encode('utf-8'))}"


def _is_entry_name(name: str) -> bool:
    """``v<digits>-<16 hex digits>``, the only names pruning considers (besides its own temporary ones)."""
    head, dash, tail = name.partition("-")
    return (
        bool(dash) and head[:1] == "v" and head[1:].isdigit() and head[1:].isascii()
        and len(tail) == 16 and all(char in "0123456789abcdef" for char in tail)
    )  # fmt: skip


def _is_our_entry(path: str) -> bool:
    """A directory (not a symlink) of this user's holding the marker dipfacts writes first into each entry."""
    try:
        info = os.lstat(path)
        marker = os.lstat(os.path.join(path, MARKER))
    except OSError:
        return False
    mine = not hasattr(os, "geteuid") or info.st_uid == os.geteuid()
    return stat.S_ISDIR(info.st_mode) and stat.S_ISREG(marker.st_mode) and mine


def _read_meta(entry: str, key: str) -> dict[str, Any] | None:
    try:
        with open(os.path.join(entry, MARKER), encoding="utf-8") as handle:
            marker = handle.read(200)
        with open(os.path.join(entry, "meta.json"), "rb") as handle:
            data = handle.read()
        if marker != MARKER_TEXT + f"{zlib.crc32(data):08x}\n":
            return None  # damaged, or written by something else
        meta = json.loads(data)
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


WORD_FILES = 64  # the word index is split into at most this many files, whatever alphabets the facts use


def _letter(word: str) -> str:
    """Which words file holds a word: its first character's code, folded into WORD_FILES buckets.

    (One file per first character made 63,811 files of a fact file written in many alphabets.) Latin
    letters all land in buckets of their own, so a search still reads only its letter's words.
    """
    return f"{ord(word[0]) % WORD_FILES:x}" if word else "0"


def _pairs(index: FactIndex, country_id: str, topic: str | None) -> tuple[tuple[int, Fact], ...]:
    return tuple((index.position[fact.id], fact) for fact in index.facts_of(country_id, topic))


def _rebuild(
    paths: Sequence[str], packaged: bool, own: str, key: str, notify: Notify | None, notice_after: float | None
) -> FactBase:
    import shutil

    entry = os.path.join(own, _entry_name(key))
    if _is_our_entry(entry):
        shutil.rmtree(entry, ignore_errors=True)
    base = _load(paths, packaged, notify, notice_after)
    _write(own, key, base)
    return base


def _load(paths: Sequence[str], packaged: bool, notify: Notify | None, notice_after: float | None) -> FactBase:
    """Read and validate the TOML files; say so through ``notify`` if it takes over ``notice_after`` seconds."""
    from dipfacts.load import load_factbase

    if notify is None or notice_after is None:
        return load_factbase(paths, packaged=packaged)
    import threading

    if len(paths) > 2:
        names = f"{len(paths)} fact files"
    else:
        names = ", ".join(os.path.basename(path) for path in paths) or "the packaged fact base"
    message = f"reading {names} into the cache; this happens once after each change..."
    if notice_after <= 0:  # "always": said before reading, not left to a timer thread's luck
        notify(message)
        return load_factbase(paths, packaged=packaged)
    timer = threading.Timer(notice_after, notify, [message])
    timer.daemon = True
    timer.start()
    try:
        return load_factbase(paths, packaged=packaged)
    finally:
        timer.cancel()


def _write(own: str, key: str, base: FactBase) -> None:
    """Write the entry for ``key`` atomically into dipfacts' own directory; failing to is not an error."""
    import shutil
    import tempfile

    try:
        # mkdtemp: a new name, created 0700 with O_EXCL semantics, so nobody can have prepared it.
        temporary = tempfile.mkdtemp(prefix=".building-", dir=own)
    except OSError:
        return
    try:
        with _terminated_as_exit():
            # The marker first: whatever happens next, a prune can tell this directory is dipfacts'.
            _write_file(temporary, MARKER, MARKER_TEXT.encode("utf-8") + b"unfinished\n")
            _write_entry(temporary, key, base)
            final = os.path.join(own, _entry_name(key))
            if _is_our_entry(final):
                shutil.rmtree(final, ignore_errors=True)  # a stale or damaged entry of the same name
            os.rename(temporary, final)  # atomic: readers see the whole entry or none
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)  # another process won the race, or the disk is full
        return
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)  # interrupted (Ctrl-C, SIGTERM): leave nothing behind
        raise
    _prune(own)


def _write_entry(temporary: str, key: str, base: FactBase) -> None:
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
    entities = {entity.id: entity for entity in base.entities}
    postings: dict[str, list[int]] = {}
    for position, fact in enumerate(base.facts):
        for word in set(search_text(fact, countries.get(fact.country), entities).split()):
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
        "entities": [encode(entity) for entity in base.entities],
        "aliases": aliases,
        "files": list(base.files),
        "data_version": base.data_version,
        "packaged_file": base.packaged_file,
        "shards": shards,
        "words": words,
        "vocabulary": vocabulary,
        "catalog": catalog,
    }
    data = json.dumps(meta, ensure_ascii=False).encode("utf-8")
    _write_file(temporary, "meta.json", data)
    # Last, the marker with meta.json's checksum: an entry is read only when the two agree.
    os.unlink(os.path.join(temporary, MARKER))
    _write_file(temporary, MARKER, (MARKER_TEXT + f"{zlib.crc32(data):08x}\n").encode("utf-8"))


def _write_file(directory: str, name: str, data: bytes) -> None:
    # "x": created new, never through a file or link that is already there.
    with open(os.path.join(directory, name), "xb") as handle:
        handle.write(data)


def _write_part(directory: str, name: str, content: Any) -> dict[str, Any]:
    data = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    _write_file(directory, name, data)
    return {"file": name, "crc32": zlib.crc32(data)}


class _Terminated(SystemExit):
    """SIGTERM, raised as an exception while a build runs, so that its temporary directory is removed."""


@contextmanager
def _terminated_as_exit() -> Iterator[None]:
    import signal

    def terminate(signum: int, frame: object) -> None:
        raise _Terminated(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, terminate)
    except (ValueError, OSError, AttributeError):  # not the main thread, or no SIGTERM here
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _prune(own: str) -> None:
    """Keep the newest entries; remove older ones and abandoned builds. Only dipfacts' own, nothing else.

    A candidate must be named as dipfacts names entries, be a directory and not a symlink, belong to this
    user and hold the marker dipfacts writes first into each: anything else in the directory is left alone.
    (An entry of an older dipfacts, ``v3-...`` with its ``meta.json``, counts too: it was never marked.)
    """
    import shutil
    import time

    entries: list[tuple[float, str]] = []
    try:
        names = os.listdir(own)
    except OSError:
        return
    now = time.time()
    for name in names:
        path = os.path.join(own, name)
        if name.startswith(".checksums-"):  # a checksum file whose writer was killed before renaming it
            with suppress(OSError):
                info = os.lstat(path)
                if stat.S_ISREG(info.st_mode) and now - info.st_mtime > ABANDONED_SECONDS:
                    os.unlink(path)
        elif name.startswith(".building-") and _is_our_entry(path):
            try:
                if now - os.lstat(path).st_mtime > ABANDONED_SECONDS:
                    shutil.rmtree(path, ignore_errors=True)  # a build whose process was killed
            except OSError:
                pass
        elif _is_entry_name(name) and (_is_our_entry(path) or _is_old_entry(path, name)):
            with suppress(OSError):
                entries.append((os.lstat(path).st_mtime, path))
    entries.sort(reverse=True)
    for _mtime, old in entries[KEEP_ENTRIES:]:
        shutil.rmtree(old, ignore_errors=True)


def _is_old_entry(path: str, name: str) -> bool:
    """An entry of dipfacts 1.2 (format 3), which wrote no marker: its name and its meta.json say so."""
    if not name.startswith("v3-"):
        return False
    try:
        info = os.lstat(path)
        meta = os.lstat(os.path.join(path, "meta.json"))
    except OSError:
        return False
    mine = not hasattr(os, "geteuid") or info.st_uid == os.geteuid()
    return stat.S_ISDIR(info.st_mode) and stat.S_ISREG(meta.st_mode) and mine
