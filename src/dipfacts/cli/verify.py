"""`dipfacts verify FILE`: check the figures, dates and levels of a draft against the base."""

from __future__ import annotations

import sys

import click

from dipfacts import verify as checking
from dipfacts.cli.app import App
from dipfacts.cli.emit import Request, emit
from dipfacts.cli.options import OutputChoice, output_options
from dipfacts.cli.terminal import say

VERDICT_CHOICES = ("agrees", "differs", "unclear", "not-in-base")


@click.command()
@click.argument(
    "file", metavar="[FILE]", required=False, type=click.Path(path_type=str, dir_okay=False, allow_dash=True)
)
@click.option("--text", "draft", metavar="TEXT", help="Check this text instead of a file.")
@click.option("--only", type=click.Choice(VERDICT_CHOICES), help="Only claims with this verdict (e.g. differs).")
@output_options
@click.pass_obj
def verify(app: App, file: str | None, *, draft: str | None, only: str | None, output: OutputChoice) -> None:
    """Check a draft (FILE, - for standard input, or --text) against the base, claim by claim.

    Figures (USD, counts, changes in percent), ranks, dates and partnership levels are read from the
    text, in French or English, with the country each is about; each gets a verdict with its reason:
    agrees, differs, unclear or not-in-base (the base holds nothing to check it against). A draft of
    at most 1 MiB of UTF-8 text. Exit 0 if no claim differs, 1 if one does, 3 if FILE cannot be read.

    \b
    Examples:
      dipfacts verify --text "Trade with Kazakhstan passed USD 800 million in 2024."
      dipfacts verify --text "En 2024, le commerce avec la Russie : 4,58 milliards de dollars." --json
    """
    if (file is None) == (draft is None):
        raise click.UsageError("give a FILE (- for standard input) or --text, not both" if file else
                               "give a FILE to check (- for standard input), or --text TEXT")  # fmt: skip
    request = Request("verify", {"file": file, "text": draft, "only": only})
    with app.running(request, output):
        name = "--text" if file is None else "standard input" if file == "-" else file
        data = draft.encode("utf-8", "surrogateescape") if draft is not None else None
        if data is None:
            data = _read(file or "-", checking.MAX_DRAFT_BYTES, checking.UnreadableDraft)
        text = checking.decode_draft(data, name)
        result = checking.verify(app.index, text, name=name, only=only)
        counts = result.counts
        if not result.checks:
            what = f"no claim's verdict is {only}" if only else "no figures, dates or levels to check were found"
            say(f"{what} in {name}")
        if output.format != "table" or result.checks:
            emit(result, output, app.terminal, request=request, catalogue=app.index)
        if output.format == "table" and result.checks:
            summary = ", ".join(f"{counts[verdict]} {verdict}" for verdict in VERDICT_CHOICES)
            say(f"{len(result.checks)} claim(s){' shown' if only else ''}: {summary}")
        if counts["differs"]:
            raise click.exceptions.Exit(1)


def _read(file: str, limit: int, error: type[Exception]) -> bytes:
    """At most ``limit`` + 1 bytes of FILE (or stdin), so that a huge input is refused without reading it all."""
    try:
        if file == "-":
            return sys.stdin.buffer.read(limit + 1)
        with open(file, "rb") as handle:
            return handle.read(limit + 1)
    except OSError as problem:
        raise error(f"{file}: cannot be read ({problem.strerror or problem})") from None
