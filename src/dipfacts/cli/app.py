"""What every command shares: the App (data, index, consoles, error handling) and the common options."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

import click

from dipfacts.errors import EXIT_DATA, EXIT_NO_RESULTS, DataFileError, DipfactsError

if TYPE_CHECKING:
    from dipfacts.index import FactIndex
    from dipfacts.output import Result

F = TypeVar("F", bound=Callable[..., Any])
DATA_ENV = "DIPFACTS_DATA"
YEAR = click.IntRange(1000, 9999)


def color_wanted(*, no_color_flag: bool, environ: dict[str, str] | os._Environ[str], is_terminal: bool) -> bool:
    """--no-color, then NO_COLOR, then FORCE_COLOR, then TERM=dumb, then whether stdout is a terminal."""
    if no_color_flag or environ.get("NO_COLOR", ""):
        return False
    if environ.get("FORCE_COLOR", ""):
        return True
    if environ.get("TERM") == "dumb":
        return False
    return is_terminal


class App:
    """What every command needs: the data files, the index (built once, on first use) and the consoles."""

    def __init__(self, data_paths: tuple[str, ...], *, packaged: bool, color: bool, debug: bool) -> None:
        self.data_paths = data_paths
        self.packaged = packaged
        self.color = color
        self.debug = debug
        self.command = ""
        self.query: dict[str, Any] = {}
        self.as_json = False

    @cached_property
    def index(self) -> FactIndex:
        from dipfacts.index import FactIndex
        from dipfacts.load import load_factbase

        return FactIndex(load_factbase(self.data_paths, packaged=self.packaged))

    def restricted(self, min_sources: int) -> FactIndex:
        """The index, keeping only facts cited by at least ``min_sources`` distinct articles."""
        return self.index.with_min_sources(min_sources)

    @contextmanager
    def running(self, command: str, query: dict[str, Any], *, as_json: bool) -> Iterator[None]:
        """Turn domain errors into one stderr line and an exit code; under --json, still print JSON."""
        self.command, self.query, self.as_json = command, query, as_json
        try:
            yield
        except DataFileError as error:
            for problem in error.problems:
                click.echo(f"dipfacts: {problem}", err=True)
            click.echo(
                f"dipfacts: the fact data has {len(error.problems)} problem(s); fix them and run 'dipfacts check'",
                err=True,
            )
            raise click.exceptions.Exit(EXIT_DATA) from None
        except DipfactsError as error:
            if as_json and error.exit_code == EXIT_NO_RESULTS:
                self._print_json([])
            click.echo(f"dipfacts: {error}", err=True)
            raise click.exceptions.Exit(error.exit_code) from None

    def emit(self, result: Result, *, empty_message: str | None = None) -> None:
        """Print a result as a table or JSON; an empty result also says why on stderr and exits 1."""
        if self.as_json:
            from dipfacts.output import results_of

            self._print_json(results_of(self.index, result))
        elif empty_message is None:
            from dipfacts import render

            render.console_for(sys.stdout, color=self.color).print(render.view_of(self.index, result))
        if empty_message is not None:
            click.echo(f"dipfacts: {empty_message}", err=True)
            raise click.exceptions.Exit(EXIT_NO_RESULTS)

    def echo_text(self, text: str) -> None:
        """Print plain text (e.g. a citation) as it is: no table, no colour."""
        click.echo(text)

    def _print_json(self, results: list[dict[str, Any]]) -> None:
        from dipfacts.output import dumps, envelope

        encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("_", "-")
        text = dumps(envelope(self.command, self.query, results), ascii_only=not encoding.startswith("utf"))
        click.echo(text)


def json_option(function: F) -> F:
    """--json means the same on every command: one JSON object on stdout, nothing else."""
    return click.option(
        "--json", "as_json", is_flag=True, help="Print one JSON object (schema_version 1) instead of a table."
    )(function)


def min_sources_option(function: F) -> F:
    """--min-sources means the same on every listing command: drop facts fewer articles back."""
    return click.option(
        "--min-sources",
        type=click.IntRange(1, 1000),
        default=1,
        show_default=True,
        metavar="N",
        help="Only facts cited by at least N distinct articles.",
    )(function)
