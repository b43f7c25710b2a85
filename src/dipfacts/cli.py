"""The dipfacts command line: the only module that prints, reads the environment or exits."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from dipfacts import __version__
from dipfacts.errors import (
    EXIT_DATA,
    EXIT_INTERNAL,
    EXIT_NO_RESULTS,
    EXIT_USAGE,
    DataFileError,
    DipfactsError,
)
from dipfacts.model import TOPICS, VISIT_TYPES

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


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}, invoke_without_command=True
)
@click.version_option(__version__, "--version", "-V", prog_name="dipfacts", message="%(prog)s %(version)s")
@click.option(
    "--data",
    "data_paths",
    multiple=True,
    type=click.Path(dir_okay=True, path_type=str),
    metavar="PATH",
    help=(
        "Extra fact file merged into the packaged base"
        f" (repeatable; also ${DATA_ENV}, paths separated by '{os.pathsep}')."
    ),
)
@click.option("--no-packaged", is_flag=True, help="Use only the --data files, not the packaged fact base.")
@click.option("--no-color", is_flag=True, help="No colour or other escape codes (also NO_COLOR=1).")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
@click.pass_context
def cli(ctx: click.Context, data_paths: tuple[str, ...], no_packaged: bool, no_color: bool, debug: bool) -> None:
    """Sourced facts about Vietnam's diplomatic relations: trade, visits, partnerships, agreements.

    Every figure comes with the article, paragraph and words it is taken from.

    \b
    Examples:
      dipfacts trade kazakhstan
      dipfacts visits --year 2025
      dipfacts compare russia kazakhstan --json
    """
    if ctx.invoked_subcommand is None:
        # A bare `dipfacts` asks what the tool does: help on stdout, and that is a success.
        click.echo(ctx.get_help())
        ctx.exit(0)
    from_env = tuple(path for path in os.environ.get(DATA_ENV, "").split(os.pathsep) if path.strip())
    color = color_wanted(no_color_flag=no_color, environ=os.environ, is_terminal=sys.stdout.isatty())
    if no_packaged and not (from_env + data_paths):
        raise click.UsageError(f"--no-packaged needs at least one --data file (or ${DATA_ENV})")
    ctx.obj = App(from_env + data_paths, packaged=not no_packaged, color=color, debug=debug)


@cli.command()
@json_option
@click.pass_obj
def countries(app: App, *, as_json: bool) -> None:
    """List the countries with facts: partnership level, relations since, latest trade figure.

    \b
    Example:
      dipfacts countries
    """
    from dipfacts import query

    with app.running("countries", {}, as_json=as_json):
        result = query.list_countries(app.index)
        app.emit(result, empty_message=None if result.rows else "the fact base has no countries with facts")


@cli.command()
@click.argument("country")
@click.option("--topic", type=click.Choice(TOPICS), help="Only this topic.")
@json_option
@click.pass_obj
def show(app: App, country: str, *, topic: str | None, as_json: bool) -> None:
    """Show everything known about COUNTRY, grouped by topic ('vietnam' for Vietnam-wide facts).

    \b
    Examples:
      dipfacts show azerbaijan
      dipfacts show vietnam --topic policy
    """
    from dipfacts import query

    with app.running("show", {"country": country, "topic": topic}, as_json=as_json):
        found = query.resolve_country(app.index, country)
        app.query["country"] = found.id
        result = query.profile(app.index, found, topic=topic)
        empty = None if result.groups else f"no {topic or ''} facts about {found.name}".replace("  ", " ")
        app.emit(result, empty_message=empty)


@cli.command()
@click.argument("country")
@click.option("--year", type=YEAR, help="Only figures for periods touching this year.")
@json_option
@click.pass_obj
def trade(app: App, country: str, *, year: int | None, as_json: bool) -> None:
    """Vietnam's trade with COUNTRY by period: value, change, kind (actual, target, derived), rankings.

    \b
    Examples:
      dipfacts trade kazakhstan
      dipfacts trade russie --json
    """
    from dipfacts import query

    with app.running("trade", {"country": country, "year": year}, as_json=as_json):
        found = query.resolve_country(app.index, country)
        app.query["country"] = found.id
        result = query.trade(app.index, found, year=year)
        empty = None
        if not result.figures and (year or not result.rankings):
            empty = f"no trade figures for {found.name}" + (f" in {year}" if year else "")
        app.emit(result, empty_message=empty)


@cli.command()
@click.argument("country", required=False)
@click.option("--year", type=YEAR, help="Only visits in this year.")
@click.option(
    "--type", "visit_type", type=click.Choice(VISIT_TYPES, case_sensitive=False), help="State or official visits."
)
@json_option
@click.pass_obj
def visits(app: App, country: str | None, *, year: int | None, visit_type: str | None, as_json: bool) -> None:
    """List visits, with their type, dates, host and the 'firsts' the sources claim.

    \b
    Examples:
      dipfacts visits --year 2025
      dipfacts visits belarus --type state
    """
    from dipfacts import query

    visit_type = visit_type.lower() if visit_type else None
    with app.running("visits", {"country": country, "year": year, "type": visit_type}, as_json=as_json):
        found = query.resolve_country(app.index, country) if country is not None else None
        app.query["country"] = found.id if found else None
        result = query.visits(app.index, country=found, year=year, visit_type=visit_type)
        app.emit(result, empty_message=None if result.visits else "no visits match")


@cli.command()
@click.argument("countries_", metavar="COUNTRY COUNTRY...", nargs=-1, required=True)
@json_option
@click.pass_obj
def compare(app: App, countries_: tuple[str, ...], *, as_json: bool) -> None:
    """Compare countries side by side: partnership, relations since, latest trade, visits, tourism.

    \b
    Example:
      dipfacts compare russia kazakhstan azerbaijan
    """
    from dipfacts import query

    with app.running("compare", {"countries": list(countries_)}, as_json=as_json):
        if len(countries_) < 2:
            raise click.UsageError("compare needs at least two countries, e.g. 'dipfacts compare russia kazakhstan'")
        found = [query.resolve_country(app.index, name) for name in countries_]
        app.query["countries"] = [country.id for country in found]
        app.emit(query.compare(app.index, found))


@cli.command()
@click.argument("text", metavar="QUERY")
@click.option("--country", help="Only facts about this country.")
@click.option("--topic", type=click.Choice(TOPICS), help="Only this topic.")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True, help="At most this many facts.")
@json_option
@click.pass_obj
def search(app: App, text: str, *, country: str | None, topic: str | None, limit: int, as_json: bool) -> None:
    """Search facts by words, in English or French, accents and small typos ignored.

    \b
    Examples:
      dipfacts search noodles
      dipfacts search "visa exemption" --country kazakhstan
    """
    from dipfacts import query

    with app.running("search", {"query": text, "country": country, "topic": topic, "limit": limit}, as_json=as_json):
        found = query.resolve_country(app.index, country) if country is not None else None
        app.query["country"] = found.id if found else None
        result = query.search(app.index, text, country=found, topic=topic, limit=limit)
        app.emit(result, empty_message=None if result.hits else f"no facts match {text!r}")


@cli.command()
@click.argument("source_id", metavar="[ID]", required=False)
@json_option
@click.pass_obj
def sources(app: App, source_id: str | None, *, as_json: bool) -> None:
    """List the source articles and the facts each one backs; with ID, that article's facts.

    \b
    Examples:
      dipfacts sources
      dipfacts sources tour-results
    """
    from dipfacts import query

    with app.running("sources", {"id": source_id}, as_json=as_json):
        result = query.sources(app.index, source_id)
        app.emit(result, empty_message=None if result.entries else "the fact base has no sources")


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=str))
@json_option
@click.pass_obj
def check(app: App, files: tuple[str, ...], *, as_json: bool) -> None:
    """Validate fact files (merged with the packaged base) and list every problem found.

    Without FILE, checks the packaged base and any --data files. Exit 0 if valid, 3 if not.

    \b
    Example:
      dipfacts check my-facts.toml
    """
    from dipfacts.load import load_factbase

    paths = app.data_paths + files
    app.command, app.query, app.as_json = "check", {"files": list(paths)}, as_json
    try:
        base = load_factbase(paths, packaged=app.packaged)
    except DataFileError as error:
        if as_json:
            app._print_json([{"problem": problem} for problem in error.problems])
        for problem in error.problems:
            click.echo(f"dipfacts: {problem}", err=True)
        click.echo(f"dipfacts: {len(error.problems)} problem(s) found", err=True)
        raise click.exceptions.Exit(EXIT_DATA) from None
    summary = (
        f"ok: {len(base.facts)} facts, {len(base.sources)} sources, {len(base.countries)} countries"
        f" in {len(base.files)} file(s)"
    )
    if as_json:
        app._print_json([])
    else:
        click.echo(summary)


def main(argv: list[str] | None = None, prog_name: str = "dipfacts") -> NoReturn:
    """Entry point: no traceback reaches a user unless --debug asks for one."""
    args = sys.argv[1:] if argv is None else argv
    try:
        # Without standalone mode Click returns the code of ctx.exit() (e.g. after --help).
        returned = cli.main(args=args, prog_name=prog_name, standalone_mode=False)
        code = returned if isinstance(returned, int) else 0
    except click.exceptions.Exit as done:
        code = done.exit_code
    except click.ClickException as error:
        error.show()
        code = error.exit_code if error.exit_code else EXIT_USAGE
    except click.exceptions.Abort:
        click.echo("dipfacts: aborted", err=True)
        code = 130
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        _silence_stdout()
        code = 0
    except Exception as error:  # the last line of defence: a bug must not print a traceback
        if "--debug" in args:
            raise
        click.echo(
            f"dipfacts: internal error: {type(error).__name__}: {error}; please report it"
            " (run again with --debug for the traceback)",
            err=True,
        )
        code = EXIT_INTERNAL
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    sys.exit(code)


def _silence_stdout() -> None:
    # The reader went away (e.g. `| head`): point stdout at /dev/null so the interpreter's
    # final flush does not print "Exception ignored ... BrokenPipeError".
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
