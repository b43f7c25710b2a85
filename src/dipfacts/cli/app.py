"""The App every command takes: the fact files asked for, the index (opened once, on first use), the terminal,
and the resolution of a country's name, said on stderr when it was a guess."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING, overload

from dipfacts.cli.emit import Request
from dipfacts.cli.exits import command_errors
from dipfacts.cli.options import DEFAULT_NOTICE_AFTER, OutputChoice
from dipfacts.cli.terminal import Terminal, say

if TYPE_CHECKING:
    from dipfacts.index import FactIndex
    from dipfacts.model import Country


class App:
    """What every command needs: the data files, the index (built once, on first use) and the terminal."""

    def __init__(
        self, data_paths: tuple[str, ...], *, packaged: bool, terminal: Terminal, debug: bool,
        cache_dir: str | None = None, notice_after: float | None = DEFAULT_NOTICE_AFTER,
    ) -> None:  # fmt: skip
        self.data_paths = data_paths
        self.packaged = packaged
        self.cache_dir = cache_dir
        self.notice_after = notice_after
        self.terminal = terminal
        self.debug = debug

    @cached_property
    def index(self) -> FactIndex:
        from dipfacts.cache import open_index  # lazy: `--help`, `schema` and `completion` never open the base

        return open_index(
            self.data_paths, packaged=self.packaged, cache_dir=self.cache_dir, notify=say,
            notice_after=self.notice_after, explain=say if self.debug else None,
        )  # fmt: skip

    def forget_cached(self) -> bool:
        """After an unexpected error: drop the cache entry this run read, so the next run starts afresh."""
        if "index" not in self.__dict__ or self.cache_dir is None:
            return False
        from dipfacts.cache import forget  # lazy: only a run that went wrong needs it

        return forget(self.data_paths, packaged=self.packaged, cache_dir=self.cache_dir)

    @overload
    def country(self, name: str) -> Country: ...
    @overload
    def country(self, name: None) -> None: ...
    @overload
    def country(self, name: str | None) -> Country | None: ...
    def country(self, name: str | None) -> Country | None:
        """The country ``name`` stands for (None for none asked); a city or a typo taken as one is said on
        stderr, never silently."""
        if name is None:
            return None
        # lazy: the query layer, and the index under it, cost start-up time that --help and schema never need
        from dipfacts.query import resolve_place

        place = resolve_place(self.index, name)
        if place.notice:
            say(place.notice)
        return place.country

    def restricted(self, min_sources: int | None) -> FactIndex:
        """The index, keeping only facts at least ``min_sources`` distinct articles state (None: all)."""
        return self.index if min_sources is None else self.index.with_min_sources(min_sources)

    @contextmanager
    def running(self, request: Request, output: OutputChoice) -> Iterator[None]:
        """Around a command's work: its domain errors reported and turned into exit codes (dipfacts.cli.exits)."""
        with command_errors(request, output, self.terminal, forget_cached=self.forget_cached):
            yield
