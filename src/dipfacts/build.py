"""Fact files into the database, one file at a time: read, parse and validate a file, write its records,
let it go, go on to the next; then the checks across files and the indexes.

So a base of any size is built holding one file's records at most (a million facts in ten files of
100,000 stay within about a gigabyte), and every problem of every file is still collected before anything
is raised, as ``dipfacts check`` lists them.
"""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from dipfacts.errors import DataFileError
from dipfacts.load import Merger, fact_files, parse_files
from dipfacts.model import FactBase
from dipfacts.store import Store, Writer


def build(connection: sqlite3.Connection, extra_paths: Sequence[str] = (), *, packaged: bool = True,
          key: str = "", world: bool = True) -> None:  # fmt: skip
    """Build the base of the packaged file (unless ``packaged`` is False) and ``extra_paths`` into the
    empty database ``connection`` (committed). DataFileError lists every problem; the database is then
    half-written, to be thrown away. ``world``: also write the world's country names (a lookup needs them;
    reading the base back does not)."""
    merger = Merger()
    writer = Writer(connection, key=key)
    packaged_file = None
    with _no_cycle_collection(), connection:
        for part in parse_files(fact_files(extra_paths, packaged=packaged)):
            if packaged and packaged_file is None:
                packaged_file = part.label
            sources, countries, entities = merger.add(part)
            writer.add(sources, countries, entities, part.facts)
            del part  # before the next file is parsed: a file of 100,000 facts weighs some 200 MB
        duplicates = writer.finish(files=merger.files, packaged_file=packaged_file,
                                   data_version=merger.data_version, world=world)  # fmt: skip
        problems = merger.finish(writer.facts_by_id, duplicates)
    if problems:
        raise DataFileError(problems)


def load_factbase(extra_paths: Sequence[str] = (), *, packaged: bool = True) -> FactBase:
    """The packaged base (unless ``packaged`` is False) merged with ``extra_paths``, validated, whole in
    memory (for ``dipfacts check`` and tools that want every record; a lookup reads the database)."""
    connection = sqlite3.connect(":memory:")
    try:
        build(connection, extra_paths, packaged=packaged, world=False)
        return base_of(Store(connection))
    finally:
        connection.close()


def base_of(store: Store) -> FactBase:
    """Every record of a built base, read into memory."""
    return FactBase(
        sources=store.sources, countries=store.countries, facts=store.facts, files=store.files,
        data_version=store.data_version, packaged_file=store.packaged_file, entities=store.entities,
    )  # fmt: skip


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    # A build makes millions of objects and no reference cycles: the cycle collector would walk them all
    # again and again (a fifth of the time), to free nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
