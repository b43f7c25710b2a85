"""Result records -> Rich renderables. The only module that imports Rich; it never prints."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from dipfacts.index import FactIndex
from dipfacts.model import Fact, Number
from dipfacts.query import (
    CompareResult,
    CountriesResult,
    CountrySummary,
    ProfileResult,
    SearchResult,
    SourcesResult,
    TradeResult,
    VisitsResult,
    source_ids,
    versions,
)

NO_DATA = "no data"
_KIND_LABEL = {"actual": "actual", "target": "TARGET", "derived": "derived", "ranking": "ranking"}


# ----------------------------------------------------------------------------- formatting


def _trim(number: float, places: int) -> str:
    return f"{number:,.{places}f}".rstrip("0").rstrip(".")


def format_money(value: Number) -> str:
    """USD 349.2 M, USD 4.58 bn, USD 500,000: every stated digit kept, none added."""
    if abs(value) >= 1_000_000_000:
        return f"USD {_trim(value / 1_000_000_000, 9)} bn"
    if abs(value) >= 1_000_000:
        return f"USD {_trim(value / 1_000_000, 6)} M"
    return f"USD {_trim(value, 2)}"


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def format_value(value: Number | None, unit: str | None, qualifier: str | None = None) -> str:
    if value is None:
        return ""
    if unit == "USD":
        text = format_money(value)
    elif unit == "rank" and float(value).is_integer():
        text = _ordinal(int(value))
    elif unit == "percent":
        text = f"{_trim(value, 6)}%"
    else:
        text = f"{_trim(value, 6)} {unit or ''}".strip()
    return f"{qualifier} {text}" if qualifier else text


def format_change(change: Number | None, change_from: str | None = None) -> str:
    if change is None:
        return ""
    text = f"{'+' if change > 0 else ''}{_trim(change, 6)}%"
    return f"{text} vs {change_from}" if change_from else text


def change_cell(index: FactIndex, fact: Fact) -> str:
    """The stated change; where sources state it differently, each version with its sources."""
    stated = [v for v in versions(fact) if v.change_pct is not None]
    if len({v.change_pct for v in stated}) <= 1:
        return format_change(fact.change_pct, fact.change_from)
    # A citation without its own change_pct may simply not state one, so the headline change gets
    # no marks of its own (the note says who states it); only the differing versions are marked.
    merged: dict[Number, list[str]] = {}
    for version in stated:
        if version.change_pct != fact.change_pct:
            merged.setdefault(version.change_pct, []).extend(version.sources)  # type: ignore[arg-type]
    parts = [format_change(fact.change_pct)] if fact.change_pct is not None else []
    parts += [f"{format_change(change)} {marks(index, ids)}" for change, ids in merged.items()]
    text = "; ".join(parts)
    return f"{text} vs {fact.change_from}" if fact.change_from else text


def marks(index: FactIndex, ids: Iterable[str]) -> str:
    numbers = sorted({index.source_marks[source_id] for source_id in ids if source_id in index.source_marks})
    return "[" + ",".join(str(n) for n in numbers) + "]" if numbers else ""


def figure(index: FactIndex, fact: Fact) -> str:
    """The fact's figure; where sources state it differently, each version with its sources."""
    if fact.value is None:
        return ""
    merged = _figure_versions(fact)
    if len(merged) <= 1:
        return format_value(fact.value, fact.unit, fact.qualifier)
    return "; ".join(
        f"{format_value(value, fact.unit, qualifier)} {marks(index, ids)}" for (value, qualifier), ids in merged.items()
    )


def _figure_versions(fact: Fact) -> dict[tuple[Number | None, str | None], list[str]]:
    """Each distinct (value, hedge) the sources state, with the sources stating it; headline first."""
    merged: dict[tuple[Number | None, str | None], list[str]] = {}
    for version in versions(fact):
        if version.value is not None:
            merged.setdefault((version.value, version.qualifier), []).extend(version.sources)
    return merged


def when(fact: Fact) -> str:
    if fact.visit and fact.visit.start:
        end = fact.visit.end
        return fact.visit.start if not end or end == fact.visit.start else f"{fact.visit.start} to {end}"
    text = fact.period or fact.date or ""
    if text.startswith("--"):
        return f"{text[2:]} (year not stated)"
    return text.replace("/", " to ")


def _text(value: str | None, style: str = "") -> Text:
    # Text() never parses markup, so "[1]" or "[red]" in data prints as written.
    return Text(value or "", style=style)


# Ids, dates, marks and figures are kept on one line where the width allows; nothing is ever
# cut with an ellipsis: what does not fit is folded onto the next line.
_KEEP_WHOLE = frozenset({"Id", "Code", "Period", "When", "Src", "Mark", "Score", "Date", "Change", "Kind"})


# The column of long prose takes the width the short columns leave, instead of Rich sharing it out evenly.
_FLEX = frozenset({"Fact", "Ranking", "Title", "Other trade facts"})


def _table(*columns: str, title: str | None = None) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, title_justify="left")
    for name in columns:
        table.add_column(name, overflow="fold", no_wrap=name in _KEEP_WHOLE, ratio=1 if name in _FLEX else None)
    table.expand = any(name in _FLEX for name in columns)
    return table


def _footer(index: FactIndex, facts: Iterable[Fact]) -> RenderableType:
    used = sorted({s for fact in facts for s in source_ids(fact)}, key=lambda s: index.source_marks.get(s, 0))
    lines = Text("Sources:\n", style="bold")
    for source_id in used:
        source = index.sources[source_id]
        lines.append(
            f"[{index.source_marks[source_id]}] {source.id}: {source.title} ({source.publisher}, {source.date})\n"
        )
    return lines


def _notes(facts: Iterable[Fact]) -> RenderableType | None:
    text = Text()
    for fact in facts:
        notes = [fact.note] if fact.note else []
        if fact.derived:
            notes.append(f"derived from {', '.join(fact.derived.from_ids)}: {fact.derived.formula}")
        for note in notes:
            text.append(f"{fact.id}: {note}\n", style="dim")
    return Text("Notes:\n", style="bold") + text if text.plain else None


def _with_footer(index: FactIndex, body: RenderableType, facts: list[Fact], *, notes: bool = True) -> Group:
    parts: list[RenderableType] = [body, Text("")]
    note_block = _notes(facts) if notes else None
    if note_block is not None:
        parts += [note_block]
    parts.append(_footer(index, facts))
    return Group(*parts)


# ----------------------------------------------------------------------------- commands


def countries_view(index: FactIndex, result: CountriesResult) -> RenderableType:
    table = _table("Code", "Country", "Partnership", "Relations since", "Latest trade", "Facts")
    facts: list[Fact] = []
    for row in result.rows:
        facts += [f for f in (row.partnership, row.relations, row.latest_trade) if f]
        table.add_row(
            _text(row.country.id),
            _text(row.country.name),
            _text(_level(index, row.partnership)),
            _text(_dated(index, row.relations)),
            _text(_figure_cell(index, row.latest_trade)),
            _text(str(row.fact_count)),
        )
    return _with_footer(index, table, facts, notes=False)


def _level(index: FactIndex, fact: Fact | None) -> str:
    if fact is None:
        return NO_DATA
    return f"{fact.level} ({when(fact)}) {marks(index, source_ids(fact))}".replace(" ()", "")


def _dated(index: FactIndex, fact: Fact | None) -> str:
    return f"{when(fact)} {marks(index, source_ids(fact))}" if fact else NO_DATA


def _figure_cell(index: FactIndex, fact: Fact | None) -> str:
    """Figure, period and sources; a figure the sources state differently already carries its marks."""
    if fact is None:
        return NO_DATA
    text = f"{figure(index, fact)} ({when(fact)})"
    if len(_figure_versions(fact)) > 1:
        return text  # each version already carries its sources
    return f"{text} {marks(index, source_ids(fact))}"


def profile_view(index: FactIndex, result: ProfileResult) -> RenderableType:
    parts: list[RenderableType] = [Text(f"{result.country.name} ({result.country.id})", style="bold")]
    if result.country.head_of_state:
        parts.append(Text(f"Head of state as named in the sources: {result.country.head_of_state}"))
    for topic, facts in result.groups:
        table = _table("Fact", "Figure", "When", "Src", "Id", title=topic.capitalize())
        for fact in facts:
            table.add_row(
                _text(fact.statement),
                _text(_figure_with_kind(index, fact)),
                _text(when(fact)),
                _text(marks(index, source_ids(fact))),
                _text(fact.id, "dim"),
            )
        parts += [Text(""), table]
    return _with_footer(index, Group(*parts), list(result.facts))


def _figure_with_kind(index: FactIndex, fact: Fact) -> str:
    text = figure(index, fact)
    if text and fact.kind in ("target", "derived"):
        return f"{text} ({_KIND_LABEL[fact.kind]})"
    return text


def trade_view(index: FactIndex, result: TradeResult) -> RenderableType:
    title = f"Vietnam - {result.country.name} trade" + (f", {result.year}" if result.year else "")
    table = _table("Period", "Value", "Change", "Kind", "Src", title=title)
    for fact in result.figures:
        table.add_row(
            _text(when(fact)),
            _text(figure(index, fact)),
            _text(change_cell(index, fact)),
            _text(_KIND_LABEL.get(fact.kind, fact.kind)),
            _text(marks(index, source_ids(fact))),
        )
    parts: list[RenderableType] = [table]
    if result.rankings:
        ranks = _table("Ranking", "Src", title="Rankings")
        for fact in result.rankings:
            ranks.add_row(_text(fact.statement), _text(marks(index, source_ids(fact))))
        parts += [Text(""), ranks]
    if result.other:
        other = _table("Other trade facts", "When", "Src", title="Also stated")
        for fact in result.other:
            other.add_row(_text(fact.statement), _text(when(fact)), _text(marks(index, source_ids(fact))))
        parts += [Text(""), other]
    return _with_footer(index, Group(*parts), [*result.figures, *result.rankings, *result.other])


def visits_view(index: FactIndex, result: VisitsResult) -> RenderableType:
    table = _table("Country", "Type", "Dates", "Host", "Firsts", "Src", title="Visits")
    # The firsts are the long text: give them most of the width left after the short columns.
    table.expand = True
    for column, ratio in zip(table.columns[2:5], (2, 2, 5), strict=True):
        column.ratio = ratio
    for fact in result.visits:
        assert fact.visit is not None
        firsts = "\n".join(f"- {first.text} {marks(index, [first.source])}" for first in fact.visit.firsts)
        dates = when(fact)
        if not fact.visit.start:
            dates = f"{dates} (days not stated)"
        table.add_row(
            _text(index.countries[fact.country].name),
            _text(fact.visit.type),
            _text(dates),
            _text(fact.visit.host),
            _text(firsts),
            _text(marks(index, source_ids(fact))),
        )
    return _with_footer(index, table, list(result.visits))


def compare_view(index: FactIndex, result: CompareResult) -> RenderableType:
    table = _table("", *(column.country.name for column in result.columns))
    rows: list[tuple[str, list[str]]] = [
        ("Partnership", [_level(index, c.partnership) for c in result.columns]),
        ("Relations since", [_dated(index, c.relations) for c in result.columns]),
        ("Latest trade", [_figure_cell(index, c.latest_trade) for c in result.columns]),
        ("Visits", [_visits_cell(index, c) for c in result.columns]),
        ("Tourism", [_figure_cell(index, c.tourism) for c in result.columns]),
        ("Facts in base", [str(c.fact_count) for c in result.columns]),
    ]
    for label, cells in rows:
        table.add_row(_text(label, "bold"), *(_text(cell) for cell in cells))
    facts = [f for c in result.columns for f in (c.partnership, c.relations, c.latest_trade, c.tourism, *c.visits) if f]
    return _with_footer(index, table, facts, notes=False)


def _visits_cell(index: FactIndex, summary: CountrySummary) -> str:
    if not summary.visits:
        return NO_DATA
    return "\n".join(
        f"{fact.visit.type} visit, {when(fact)} {marks(index, source_ids(fact))}"
        for fact in summary.visits
        if fact.visit
    )


def search_view(index: FactIndex, result: SearchResult) -> RenderableType:
    table = _table("Score", "Country", "Topic", "Fact", "Figure", "Src", "Id", title=f"Search: {result.query}")
    for hit in result.hits:
        fact = hit.fact
        table.add_row(
            _text(f"{hit.score:g}"),
            _text(fact.country),
            _text(fact.topic),
            _text(fact.statement),
            _text(_figure_with_kind(index, fact)),
            _text(marks(index, source_ids(fact))),
            _text(fact.id, "dim"),
        )
    return _with_footer(index, table, [hit.fact for hit in result.hits], notes=False)


def sources_view(index: FactIndex, result: SourcesResult) -> RenderableType:
    if len(result.entries) == 1:
        entry = result.entries[0]
        source = entry.source
        head = Text()
        head.append(f"[{entry.mark}] {source.id}\n", style="bold")
        for label, value in (
            ("Title", source.title), ("Publisher", source.publisher), ("Date", source.date),
            ("Date note", source.date_note), ("Language", source.language), ("File", source.file), ("URL", source.url),
        ):  # fmt: skip
            if value:
                head.append(f"{label}: {value}\n")
        table = _table("Id", "Topic", "Fact", "Paragraphs", title=f"{len(entry.facts)} facts cite this source")
        for fact in entry.facts:
            paragraphs = sorted({c.paragraph for c in fact.citations if c.source == source.id})
            table.add_row(
                _text(fact.id), _text(fact.topic), _text(fact.statement), _text(", ".join(map(str, paragraphs)))
            )
        return Group(head, table)
    table = _table("Mark", "Id", "Title", "Publisher", "Date", "Facts")
    for entry in result.entries:
        table.add_row(
            _text(f"[{entry.mark}]"),
            _text(entry.source.id),
            _text(entry.source.title),
            _text(entry.source.publisher),
            _text(entry.source.date),
            _text(str(len(entry.facts))),
        )
    return table


def to_text(renderable: RenderableType, *, width: int = 100) -> str:
    """Render without colour at a fixed width: for tests and plain output."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False, highlight=False)
    console.print(renderable)
    return buffer.getvalue()


_VIEWS: dict[type, Callable[[FactIndex, Any], RenderableType]] = {
    CountriesResult: countries_view,
    ProfileResult: profile_view,
    TradeResult: trade_view,
    VisitsResult: visits_view,
    CompareResult: compare_view,
    SearchResult: search_view,
    SourcesResult: sources_view,
}


def view_of(index: FactIndex, result: object) -> RenderableType:
    """The table view of any command's result."""
    return _VIEWS[type(result)](index, result)


def console_for(stream: TextIO, *, color: bool) -> Console:
    """The data console: no markup or highlighting of data, and no escape codes at all without colour."""
    return Console(
        file=stream,
        color_system="auto" if color else None,
        force_terminal=True if color and not stream.isatty() else None,
        no_color=not color,
        highlight=False,
        markup=False,
        emoji=False,
    )
