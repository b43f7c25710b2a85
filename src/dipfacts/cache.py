"""A cache of the validated, indexed fact base, so that a lookup does not parse TOML when nothing changed.

Where it lives, and what it may touch: everything is inside one directory of its own, ``dipfacts``, in
the cache location it is given (``$DIPFACTS_CACHE_DIR``, ``$XDG_CACHE_HOME``, ``~/.cache``). That directory
is used only if it is a real directory (not a symlink) owned by the current user and writable by nobody
else; otherwise dipfacts runs uncached. Each entry is one SQLite database (dipfacts.store) named
``v<format>-<key hash>.sqlite``, whose header carries dipfacts' application id; pruning removes only such
files (and the directories older dipfacts wrote), never follows a symlink, and never looks outside the
``dipfacts`` directory. A build is written to a temporary file made with ``mkstemp`` inside it and renamed
into place, so a reader sees a whole entry or none, and two processes building at once both succeed; an
interrupted build removes its temporary file (and one killed outright is removed by a later prune).

The key names the fact files and a checksum of each one's content (CRC-32 and Adler-32), so any edit is
seen, even one that keeps the size and modification time; the database holds its key and is read only
when the key agrees. An entry that is stale, of another format, damaged or not dipfacts' is never
trusted: the facts are read from the TOML files again and the entry rewritten. A cache that cannot be
written is simply not used. Nothing in it is ever executed: SQLite reads data, and dipfacts decodes JSON.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from dipfacts import __version__
from dipfacts.files import packaged_location
from dipfacts.index import FactIndex
from dipfacts.limits import MAX_FILE_BYTES
from dipfacts.store import APPLICATION_ID, FORMAT, Store

CACHE_FORMAT = FORMAT  # the database's format (PRAGMA user_version) names the entries
KEEP_ENTRIES = 8  # other combinations of --data files stay cached too, up to this many
OWN_DIRECTORY = "dipfacts"  # everything dipfacts writes is inside this directory of the cache location
MARKER = "dipfacts-cache-entry"  # what the entries of formats 4 and 5 (directories) held; they are pruned
SUFFIX = ".sqlite"
MAX_KEYED_BYTES = MAX_FILE_BYTES  # a larger file is refused by load anyway; its key need not read it all
ABANDONED_SECONDS = 600  # a temporary build file untouched for this long belongs to a killed process
NOTICE_AFTER = 1.0  # seconds: a rebuild taking longer than this says so on stderr (DIPFACTS_NOTICE_AFTER)

Notify = Callable[[str], None]


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
    if own is not None and key is not None:
        store = _open_entry(os.path.join(own, _entry_name(key)), key)
        if store is None:
            with _noticed(paths, notify, notice_after):
                store = _write(own, key, paths, packaged)
        if store is not None:
            return FactIndex(store)
    with _noticed(paths, notify, notice_after):  # no cache, or one that cannot be written
        return FactIndex(Store(in_memory(paths, packaged)))


def in_memory(paths: Sequence[str], packaged: bool) -> sqlite3.Connection:
    """The base built in a database of its own in memory (``--no-cache``, and a cache that cannot be written)."""
    from dipfacts.build import build  # lazy: the loader and its TOML parser, only when the base is built

    connection = sqlite3.connect(":memory:")
    build(connection, paths, packaged=packaged, world=False)  # the world's names only if a name asks
    return connection


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
    with suppress(OSError):
        os.unlink(entry)
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
    import tempfile  # lazy: about 2 ms (random, shutil), only when a file's checksum is new

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
    return f"v{CACHE_FORMAT}-{_checksum(key.encode('utf-8'))}{SUFFIX}"


def _is_entry_name(name: str) -> bool:
    """``v<digits>-<16 hex digits>``, with ``.sqlite`` or (older formats) without: the only names pruning
    considers besides its own temporary files."""
    name = name[: -len(SUFFIX)] if name.endswith(SUFFIX) else name
    head, dash, tail = name.partition("-")
    return (
        bool(dash) and head[:1] == "v" and head[1:].isdigit() and head[1:].isascii()
        and len(tail) == 16 and all(char in "0123456789abcdef" for char in tail)
    )  # fmt: skip


_HEADER = b"SQLite format 3\x00"


def _is_our_entry(path: str) -> bool:
    """A regular file (not a symlink) of this user's: an SQLite database with dipfacts' application id."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or (hasattr(os, "geteuid") and info.st_uid != os.geteuid()):
            return False
        with open(path, "rb") as handle:
            header = handle.read(72)
    except OSError:
        return False
    return header[:16] == _HEADER and int.from_bytes(header[68:72], "big") == APPLICATION_ID


def _open_entry(path: str, key: str) -> Store | None:
    """The entry's database if it is dipfacts', of this format and for this key; None otherwise."""
    if not _is_our_entry(path):
        return None
    try:
        connection = sqlite3.connect(path)
    except (sqlite3.Error, OSError):
        return None
    try:
        (version,) = connection.execute("PRAGMA user_version").fetchone()
        stored = connection.execute("SELECT value FROM meta WHERE name = 'key'").fetchone()
        if version == CACHE_FORMAT and stored is not None and stored[0] == key:
            return Store(connection)
    except (sqlite3.Error, ValueError, TypeError, KeyError):
        pass  # damaged or truncated: read the fact files instead
    connection.close()  # another combination that shares the name, or another format
    return None


@contextmanager
def _noticed(paths: Sequence[str], notify: Notify | None, notice_after: float | None) -> Iterator[None]:
    """Say through ``notify`` that the fact files are being read, if that takes over ``notice_after`` seconds."""
    if notify is None or notice_after is None:
        yield
        return
    if len(paths) > 2:
        names = f"{len(paths)} fact files"
    else:
        names = ", ".join(os.path.basename(path) for path in paths) or "the packaged fact base"
    message = f"reading {names} into the cache; this happens once after each change..."
    if notice_after <= 0:  # "always": said before reading, not left to a timer thread's luck
        notify(message)
        yield
        return
    timer = threading.Timer(notice_after, notify, [message])
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def _write(own: str, key: str, paths: Sequence[str], packaged: bool) -> Store | None:
    """Build the entry for ``key`` from the fact files, atomically, in dipfacts' own directory, and open
    it; failing to write is not an error (None: the caller builds the base in memory instead)."""
    import tempfile  # lazy: as in _write_checksums

    from dipfacts.build import build  # lazy: as in in_memory

    try:
        # mkstemp: a new name, created 0600 with O_EXCL, so nobody can have prepared it.
        descriptor, temporary = tempfile.mkstemp(prefix=".building-", suffix=SUFFIX, dir=own)
        os.close(descriptor)
    except OSError:
        return None
    final = os.path.join(own, _entry_name(key))
    try:
        with _terminated_as_exit():
            connection = sqlite3.connect(temporary)
            try:
                # Nothing to roll back to: a build that fails is a temporary file thrown away.
                connection.execute("PRAGMA journal_mode = OFF")
                connection.execute("PRAGMA synchronous = OFF")
                build(connection, paths, packaged=packaged, key=key)
            finally:
                connection.close()
            os.replace(temporary, final)  # atomic: readers see the whole entry or none
    except (OSError, sqlite3.Error):
        with suppress(OSError):
            os.unlink(temporary)  # the disk is full, or the directory went away
        return None
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)  # interrupted (Ctrl-C, SIGTERM), or the files have problems: leave nothing
        raise
    _prune(own)
    return _open_entry(final, key)


class _Terminated(SystemExit):
    """SIGTERM, raised as an exception while a build runs, so that its temporary directory is removed."""


@contextmanager
def _terminated_as_exit() -> Iterator[None]:
    import signal  # lazy: only a build catches SIGTERM

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

    A candidate must be named as dipfacts names entries, be a regular file and not a symlink, belong to
    this user and carry dipfacts' application id in its SQLite header: anything else in the directory is
    left alone. Entries of older dipfacts (directories holding their marker, or format 3's meta.json) go.
    """
    import shutil  # lazy: only pruning, after a build, removes directories

    entries: list[tuple[float, str]] = []
    try:
        names = os.listdir(own)
    except OSError:
        return
    now = time.time()
    for name in names:
        path = os.path.join(own, name)
        if name.startswith((".checksums-", ".building-")):  # a writer killed before renaming its file
            with suppress(OSError):
                info = os.lstat(path)
                if now - info.st_mtime <= ABANDONED_SECONDS:
                    continue
                if stat.S_ISREG(info.st_mode) and (name.startswith(".checksums-") or _is_sqlite(path)):
                    os.unlink(path)
                elif _is_old_entry(path, name):
                    shutil.rmtree(path, ignore_errors=True)
        elif _is_entry_name(name):
            if _is_our_entry(path):
                with suppress(OSError):
                    entries.append((os.lstat(path).st_mtime, path))
            elif _is_old_entry(path, name):
                shutil.rmtree(path, ignore_errors=True)  # an older format, never read again
    entries.sort(reverse=True)
    for _mtime, old in entries[KEEP_ENTRIES:]:
        with suppress(OSError):
            os.unlink(old)


def _is_sqlite(path: str) -> bool:
    """A file that is empty (a build killed before it wrote) or begins as an SQLite database does."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(16)
    except OSError:
        return False
    return header in (b"", _HEADER)


def _is_old_entry(path: str, name: str) -> bool:
    """An entry of an older dipfacts: a directory of this user's holding its marker (or format 3's meta.json)."""
    try:
        info = os.lstat(path)
        if not stat.S_ISDIR(info.st_mode) or (hasattr(os, "geteuid") and info.st_uid != os.geteuid()):
            return False
        inside = os.lstat(os.path.join(path, "meta.json" if name.startswith("v3-") else MARKER))
    except OSError:
        return False
    return stat.S_ISREG(inside.st_mode)
