"""Result records -> Rich renderables. The only module that imports Rich; it never prints."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.style import Style
from rich.table import Table
from rich.text import Text

from dipfacts import __version__
from dipfacts.index import FactIndex
from dipfacts.model import Fact, Number
from dipfacts.query import (
    AllTradeResult,
    CompareResult,
    CountriesResult,
    CountrySummary,
    EntityResult,
    ProfileResult,
    SearchResult,
    SourcesResult,
    SourceVersion,
    TradeResult,
    VisitsResult,
    corroboration,
    source_ids,
    source_versions,
    versions,
)
from dipfacts.safe import visible

if TYPE_CHECKING:
    from dipfacts.trust import AboutResult, ConflictsResult, CoverageResult, TimelineResult

NO_DATA = "no data"
_KIND_LABEL = {"actual": "actual", "target": "TARGET", "derived": "derived", "ranking": "ranking"}
# Any claim that is not a reported result opens with its status in capitals, so that a target,
# a plan or a deal under negotiation is never read as something done.
STATUS_PREFIX = {
    "target": "TARGET/PLAN",
    "signed": "SIGNED",
    "in-force": "IN FORCE",
    "negotiating": "UNDER NEGOTIATION",
    "considering": "UNDER CONSIDERATION",
    "derived": "DERIVED",
}
BACKED_LEGEND = (
    "Backed: how many distinct articles state the fact ('-' for a derived value: dipfacts computed it, no"
    " article states it). Articles from one news agency repeat each other; more of them is not independent"
    " confirmation."
)
DERIVED_MARK = "derived"


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
    """The stated change; where sources state it differently, each version with the sources stating it."""
    merged: dict[Number, list[str]] = {}
    for version in source_versions(fact) if fact.kind != "derived" else ():
        for change in version.changes:
            merged.setdefault(change, []).append(version.source)
    if len(merged) <= 1:
        text = format_change(fact.change_pct, fact.change_from)
        stating = next(iter(merged.values()), [])
        if text and stating and set(stating) != set(source_ids(fact)):
            # Only some of the fact's sources state the change ("+99 %" in one, "le double" in another).
            head, _vs, rest = text.partition(" vs ")
            return f"{head} {marks(index, stating)}" + (f" vs {rest}" if rest else "")
        return text
    text = "; ".join(f"{format_change(change)} {marks(index, ids)}" for change, ids in merged.items())
    return f"{text} vs {fact.change_from}" if fact.change_from else text


def marks(index: FactIndex, ids: Iterable[str]) -> str:
    numbers = sorted({index.source_marks[source_id] for source_id in ids if source_id in index.source_marks})
    return "[" + ",".join(str(n) for n in numbers) + "]" if numbers else ""


USER_MARK = "user"
USER_LEGEND = (
    f"{USER_MARK}: from a fact file given with --data or DIPFACTS_DATA, not from the packaged base"
    " checked against the articles."
)


def fact_marks(index: FactIndex, fact: Fact) -> str:
    """A fact's source marks, and USER_MARK when a user's fact file, not the packaged base, states it.

    (Under --no-packaged every fact is a user's, and the mark would tell nothing apart: JSON still says so.)
    """
    # A derived value has no source to mark: dipfacts computed it (its formula is in the notes).
    return _with_user_mark(index, fact, DERIVED_MARK if fact.kind == "derived" else marks(index, source_ids(fact)))


def _with_user_mark(index: FactIndex, fact: Fact, text: str) -> str:
    return f"{text} {USER_MARK}" if fact.user and _mixed(index) else text


def _mixed(index: FactIndex) -> bool:
    """Whether user files are shown beside the packaged base, so that their records need a mark."""
    return index.base.packaged_file is not None


def figure(index: FactIndex, fact: Fact) -> str:
    """The fact's figure; where sources state it differently, each version with its sources."""
    if fact.value is None:
        return ""
    merged = _figure_versions(fact) if fact.kind != "derived" else {}
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


class Clean(Text):
    """Rich Text whose control, escape and bidi characters show as visible escapes (see dipfacts.safe).

    Every string from a fact file reaches a table through this class; Text never parses markup, so
    "[red]" in data prints as written.
    """

    def __init__(self, text: str = "", style: str = "", **options: Any) -> None:
        super().__init__(visible(text), style, **options)

    def append(self, text: str | Text, style: str | Style | None = None) -> Clean:
        super().append(visible(text) if isinstance(text, str) else text, style)
        return self


def _text(value: str | None, style: str = "") -> Text:
    return Clean(value or "", style=style)


# Nothing is ever cut with an ellipsis: a cell wraps between words, and a table too narrow for its
# columns' longest words becomes one block of lines per row (_FittingTable). These short cells are
# also kept on one line.
_KEEP_WHOLE = frozenset({"Id", "Code", "Src", "Mark", "Score", "Backed", "Kind", "Country"})


# Columns of long prose: when the table is too wide, Rich narrows the widest columns first, so they
# give up width before the short ones; this keeps them from being squeezed below a readable width.
_FLEX = frozenset({"Fact", "Firsts", "Ranking", "Title", "Other trade facts", "Version", "Source's words"})


class _FittingTable(Table):
    """A table whose column widths dipfacts chooses, so that no cell is ever cut.

    Short columns stay on one line, prose columns take the width left over, and a table too narrow
    even for each column's longest word becomes one block of 'Column: value' lines per row.
    """

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self._fit(options.max_width - self._extra_width)
        if widths is None:
            yield from self._stacked()
            return
        for column, width in zip(self.columns, widths, strict=True):
            column.width = width
        yield from super().__rich_console__(console, options)

    def _fit(self, available: int) -> list[int] | None:
        lows, highs, flexible = [], [], []
        for index, column in enumerate(self.columns):
            lines = [line for cell in (column.header, *column.cells) for line in _plain(cell).split("\n")]
            longest_line = max((cell_len(line) for line in lines), default=0)
            longest_word = max((cell_len(word) for line in lines for word in line.split()), default=0)
            prose = str(column.header) in _FLEX
            low = longest_line if column.no_wrap else max(longest_word, min(_PROSE_WIDTH, longest_line) if prose else 0)
            padding = self._get_padding_width(index)
            lows.append(low + padding)
            highs.append(longest_line + padding)
            flexible.append(prose)
        if sum(lows) > available:
            return None
        widths = list(lows)
        spare = available - sum(widths)
        # Short columns first, cheapest first, so that dates and labels stay on one line...
        for index in sorted(range(len(widths)), key=lambda i: highs[i] - lows[i]):
            if not flexible[index]:
                grow = min(spare, highs[index] - widths[index])
                widths[index] += grow
                spare -= grow
        # ...then the prose columns share what is left, in proportion to what they could use.
        wants = [highs[i] - widths[i] if flexible[i] else 0 for i in range(len(widths))]
        total = sum(wants)
        if total:
            given = [min(want, spare * want // total) for want in wants]
            for index, extra in enumerate(given):
                widths[index] += extra
        return [width - self._get_padding_width(index) for index, width in enumerate(widths)]

    def _stacked(self) -> RenderResult:
        if self.title:
            yield Clean(str(self.title), style="bold")
        columns = [(_plain(column.header), list(column.cells)) for column in self.columns]
        for row in range(self.row_count):
            block = Clean(overflow="fold")
            for header, cells in columns:
                cell = cells[row]
                value = cell if isinstance(cell, Text) else Clean(str(cell))
                if value.plain.strip():
                    block.append(f"{header}: " if header else "", style="bold")
                    block.append_text(value)
                    block.append("\n")
            yield block


_PROSE_WIDTH = 24  # a prose column narrower than this reads as a list of words


def _plain(cell: object) -> str:
    return cell.plain if isinstance(cell, Text) else str(cell)


def _table(*columns: str, title: str | None = None) -> Table:
    table = _FittingTable(
        title=Clean(title) if title else None, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
        title_justify="left",
    )  # fmt: skip
    for name in columns:
        table.add_column(Clean(name), overflow="fold", no_wrap=name in _KEEP_WHOLE)
    return table


def _footer(index: FactIndex, facts: Iterable[Fact], *, backed: bool = False) -> RenderableType:
    facts = list(facts)
    used = sorted({s for fact in facts for s in source_ids(fact)}, key=lambda s: index.source_marks.get(s, 0))
    lines = Clean(BACKED_LEGEND + "\n\n") if backed else Clean()
    mixed = _mixed(index)
    if mixed and (any(fact.user for fact in facts) or any(index.sources[s].user for s in used)):
        lines.append(USER_LEGEND + "\n\n")
    lines.append("Sources:\n", style="bold")
    for source_id in used:
        source = index.sources[source_id]
        own = f" ({USER_MARK} file {source.origin})" if source.user and mixed else ""
        lines.append(
            f"[{index.source_marks[source_id]}] {source.id}{own}: {source.title} ({source.publisher}, {source.date})\n"
        )
    return lines


def _notes(facts: Iterable[Fact]) -> RenderableType | None:
    text = Clean()
    for fact in facts:
        notes = [fact.note] if fact.note else []
        if fact.derived:
            notes.append(f"derived from {', '.join(fact.derived.from_ids)}: {fact.derived.formula}")
        for note in notes:
            text.append(f"{fact.id}: {note}\n", style="dim")
    return Clean("Notes:\n", style="bold") + text if text.plain else None


def _with_footer(
    index: FactIndex, body: RenderableType, facts: list[Fact], *, notes: bool = True, backed: bool = True
) -> Group:
    parts: list[RenderableType] = [body, Clean("")]
    note_block = _notes(facts) if notes else None
    if note_block is not None:
        parts += [note_block]
    parts.append(_footer(index, facts, backed=backed))
    return Group(*parts)


def _backed(fact: Fact) -> Text:
    return _text("-" if fact.kind == "derived" else str(corroboration(fact)))


def _statement(fact: Fact) -> Text:
    """The statement, opening with the claim's status unless it is a reported result."""
    prefix = STATUS_PREFIX.get(fact.status)
    text = Clean(f"{prefix}: ", style="bold") if prefix else Clean()
    return text + _text(fact.statement)


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
    return _with_footer(index, table, facts, notes=False, backed=False)


def _level(index: FactIndex, fact: Fact | None) -> str:
    if fact is None:
        return NO_DATA
    return f"{fact.level} ({when(fact)}) {fact_marks(index, fact)}".replace(" ()", "")


def _dated(index: FactIndex, fact: Fact | None) -> str:
    return f"{when(fact)} {date_marks(index, fact)}" if fact else NO_DATA


def date_marks(index: FactIndex, fact: Fact) -> str:
    """The marks of the sources that state the fact's date as precisely as it is shown.

    A source that gives a date less precisely (its citation's own ``date``, "en 1992" against 29 June
    1992) or not at all (``omits = ["date"]``) is not cited for it; if none states it so, the fact's marks.
    """
    precise = [c.source for c in fact.citations if c.date is None and "date" not in c.omits]
    if not precise or fact.kind == "derived":
        return fact_marks(index, fact)
    return _with_user_mark(index, fact, marks(index, precise))


def _figure_cell(index: FactIndex, fact: Fact | None) -> str:
    """Figure, period and sources; a figure the sources state differently already carries its marks."""
    if fact is None:
        return NO_DATA
    text = f"{figure(index, fact)} ({when(fact)})"
    if len(_figure_versions(fact)) > 1:
        return text  # each version already carries its sources
    return f"{text} {fact_marks(index, fact)}"


def all_trade_view(index: FactIndex, result: AllTradeResult) -> RenderableType:
    title = "Vietnam's trade by country" + (f", {result.year}" if result.year else "")
    table = _table("Country", "Period", "Value", "Change", "Kind", "Backed", "Src", title=title)
    for country in result.countries:
        for fact in country.figures:
            table.add_row(
                _text(country.country.name), _text(when(fact)), _text(figure(index, fact)),
                _text(change_cell(index, fact)), _text(_KIND_LABEL.get(fact.kind, fact.kind)), _backed(fact),
                _text(fact_marks(index, fact)),
            )  # fmt: skip
    return _with_footer(index, table, list(result.figures), notes=False)


def profile_view(index: FactIndex, result: ProfileResult) -> RenderableType:
    parts: list[RenderableType] = [Clean(f"{result.country.name} ({result.country.id})", style="bold")]
    if result.country.head_of_state:
        parts.append(Clean(f"Head of state as named in the sources: {result.country.head_of_state}"))
    for topic, facts in result.groups:
        table = _table("Fact", "Figure", "When", "Backed", "Src", "Id", title=topic.capitalize())
        for fact in facts:
            table.add_row(
                _statement(fact),
                _text(_figure_with_kind(index, fact)),
                _text(when(fact)),
                _backed(fact),
                _text(fact_marks(index, fact)),
                _text(fact.id, "dim"),
            )
        parts += [Clean(""), table]
    return _with_footer(index, Group(*parts), list(result.facts))


def entity_view(index: FactIndex, result: EntityResult) -> RenderableType:
    entity = result.entity
    where = index.countries[entity.country].name if entity.country in index.countries else entity.country
    heading = ", ".join(part for part in (entity.kind, where) if part)
    parts: list[RenderableType] = [Clean(f"{entity.name} ({heading})", style="bold")]
    if entity.role:
        cited = marks(index, [citation.source for citation in entity.citations])
        parts.append(Clean(f"Role, as the articles state it: {entity.role} {cited}".rstrip()))
    others = [name for name in (entity.acronym, *entity.aliases) if name and name != entity.name]
    if others:
        parts.append(Clean(f"Also written: {', '.join(dict.fromkeys(others))}"))
    table = _table("Fact", "When", "Backed", "Src", "Id", title=f"Facts that name {entity.name}")
    for fact in result.facts:
        table.add_row(_statement(fact), _text(when(fact)), _backed(fact), _text(fact_marks(index, fact)),
                      _text(fact.id, "dim"))  # fmt: skip
    parts += [Clean(""), table]
    # Short: the answer stays on an 80x24 screen (the Backed legend is in `trade`, `show COUNTRY`...).
    return _with_footer(index, Group(*parts), list(result.facts), notes=False, backed=False)


def _figure_with_kind(index: FactIndex, fact: Fact) -> str:
    text = figure(index, fact)
    if text and fact.kind in ("target", "derived"):
        return f"{text} ({_KIND_LABEL[fact.kind]})"
    return text


def trade_view(index: FactIndex, result: TradeResult, *, chart: bool = False) -> RenderableType:
    title = f"Vietnam - {result.country.name} trade" + (f", {result.year}" if result.year else "")
    table = _table("Period", "Value", "Change", "Kind", "Backed", "Src", title=title)
    for fact in result.figures:
        table.add_row(
            _text(when(fact)),
            _text(figure(index, fact)),
            _text(change_cell(index, fact)),
            _text(_KIND_LABEL.get(fact.kind, fact.kind), "bold" if fact.kind == "target" else ""),
            _backed(fact),
            _text(fact_marks(index, fact)),
        )
    parts: list[RenderableType] = [table]
    bars = _chart_of(index, result) if chart else None
    if bars is not None:
        parts.append(bars)
    if result.rankings:
        ranks = _table("Ranking", "Backed", "Src", title="Rankings")
        for fact in result.rankings:
            ranks.add_row(_text(fact.statement), _backed(fact), _text(fact_marks(index, fact)))
        parts += [Clean(""), ranks]
    if result.other:
        other = _table("Other trade facts", "When", "Backed", "Src", title="Also stated")
        for fact in result.other:
            other.add_row(
                _statement(fact), _text(when(fact)), _backed(fact),
                _text(fact_marks(index, fact)),
            )  # fmt: skip
        parts += [Clean(""), other]
    return _with_footer(index, Group(*parts), [*result.figures, *result.rankings, *result.other])


def visits_view(index: FactIndex, result: VisitsResult) -> RenderableType:
    table = _table("Country", "Type", "Dates", "Host", "Firsts", "Backed", "Src", title="Visits")
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
            _backed(fact),
            _text(fact_marks(index, fact)),
        )
    return _with_footer(index, table, list(result.visits))


def compare_view(index: FactIndex, result: CompareResult, *, chart: bool = False) -> RenderableType:
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
    bars = _chart_of(index, result) if chart else None
    body = Group(table, bars) if bars is not None else table
    return _with_footer(index, body, facts, notes=False, backed=False)


def _visits_cell(index: FactIndex, summary: CountrySummary) -> str:
    if not summary.visits:
        return NO_DATA
    return "\n".join(
        f"{fact.visit.type} visit, {when(fact)} {date_marks(index, fact)}" for fact in summary.visits if fact.visit
    )


def search_view(index: FactIndex, result: SearchResult) -> RenderableType:
    table = _table(
        "Score", "Country", "Topic", "Fact", "Figure", "Backed", "Src", "Id", title=f"Search: {result.query}"
    )
    for hit in result.hits:
        fact = hit.fact
        table.add_row(
            _text(f"{hit.score:g}"),
            _text(fact.country),
            _text(fact.topic),
            _statement(fact),
            _text(_figure_with_kind(index, fact)),
            _backed(fact),
            _text(fact_marks(index, fact)),
            _text(fact.id, "dim"),
        )
    return _with_footer(index, table, [hit.fact for hit in result.hits], notes=False)


def sources_view(index: FactIndex, result: SourcesResult) -> RenderableType:
    if len(result.entries) == 1:
        entry = result.entries[0]
        source = entry.source
        head = Clean()
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
    return render_text(renderable, width=width, color_system=None)


def render_text(renderable: RenderableType, *, width: int, color_system: str | None, ascii_only: bool = False) -> str:
    """Render to a string at ``width``; without a colour system, with no escape codes at all.

    Every setting is passed in, so Rich reads nothing from the environment (COLUMNS, NO_COLOR,
    FORCE_COLOR, TERM): the CLI decides those in one place.
    """

    class _Buffer(io.StringIO):
        # Rich draws ASCII boxes when the stream's encoding is not UTF-8.
        encoding = "ascii" if ascii_only else "utf-8"

    buffer = _Buffer()
    console = Console(
        file=buffer,
        width=width,
        height=25,
        color_system=color_system,  # type: ignore[arg-type]
        force_terminal=color_system is not None,
        force_jupyter=False,
        force_interactive=False,
        no_color=color_system is None,
        legacy_windows=False,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )
    console.print(renderable, crop=False)  # a cell never exceeds the width; an unfoldable path may
    return buffer.getvalue()


# ----------------------------------------------------------------------------- trust


def conflicts_view(index: FactIndex, result: ConflictsResult) -> RenderableType:
    parts: list[RenderableType] = []
    for number, conflict in enumerate(result.conflicts, 1):
        fact = conflict.fact
        country = index.countries[fact.country].name
        head = Clean(f"{number}. {fact.id} ({country}, {fact.topic}): ", style="bold")
        head.append(", ".join(conflict.kinds), style="bold")
        if conflict.other is not None:
            head.append(f" - differs from {conflict.other.id}")
        table = _table("Src", "Version", "Source's words")
        if conflict.other is None:
            for version in conflict.versions:
                table.add_row(_source_cell(index, version.source), _text(version_text(fact, version, conflict.kinds)),
                              _text(_words(version)))  # fmt: skip
        else:
            for member in (fact, conflict.other):
                for version in source_versions(member):
                    table.add_row(_source_cell(index, version.source), _text(f"{member.id}: {_gist(index, member)}"),
                                  _text(_words(version)))  # fmt: skip
        parts += [head, Clean(fact.statement), table]
        if conflict.note:
            parts.append(Clean(f"Note: {conflict.note}", style="dim"))
        parts.append(Clean(""))
    facts = [f for c in result.conflicts for f in (c.fact, c.other) if f]
    parts.append(_footer(index, facts))
    return Group(*parts)


def _source_cell(index: FactIndex, source_id: str) -> Text:
    return _text(f"[{index.source_marks.get(source_id, '?')}] {source_id}")


def _words(version: SourceVersion) -> str:
    return "\n".join(f"\u00b6{c.paragraph}: \u201c{c.excerpt}\u201d" for c in version.citations)


def _gist(index: FactIndex, fact: Fact) -> str:
    """A fact in a few words: its figure, else its level, else its statement; with its date."""
    text = figure(index, fact) or fact.level or fact.statement
    if fact.kind == "target" or fact.status == "target":
        text += " (TARGET/PLAN)"
    dated = when(fact)
    return f"{text} ({dated})" if dated else f"{text} (undated)"


def version_text(fact: Fact, version: SourceVersion, kinds: tuple[str, ...]) -> str:
    """What one source says on the points where the sources differ."""
    parts: list[str] = []
    if {"hedge", "value"} & set(kinds):
        figures = [format_value(v, fact.unit, q) for v in version.values for q in version.qualifiers]
        derived = " (derived)" if fact.kind == "derived" and figures else ""
        parts.append(" / ".join(figures) + derived if figures else "no figure stated")
        if fact.change_pct is not None or version.changes:
            parts.append(" / ".join(format_change(c) for c in version.changes) or "no change stated")
    if "precision" in kinds or ("value" in kinds and fact.value is None):
        parts.append(" / ".join(version.dates) or "no date stated")
    for field, kind in (("wordings", "wording"), ("names", "spelling"), ("acronyms", "acronym")):
        if kind in kinds:
            words = " / ".join(getattr(version, field)) or "not given"
            # With two points in dispute, say which words answer which.
            parts.append(f"{kind}: {words}" if len(kinds) > 1 else words)
    return "; ".join(parts)


def timeline_view(index: FactIndex, result: TimelineResult) -> RenderableType:
    title = "Timeline" + (f": {result.country.name}" if result.country else "")
    if result.start or result.end:
        title += f" ({result.start or '...'} to {result.end or '...'})"
    table = _table("When", "Country", "Fact", "Backed", "Src", "Id", title=title)
    for fact in result.entries:
        table.add_row(
            _text(when(fact)), _text(fact.country), _statement(fact), _backed(fact),
            _text(fact_marks(index, fact)), _text(fact.id, "dim"),
        )  # fmt: skip
    parts: list[RenderableType] = [table]
    if result.year_unknown:
        unplaced = _table("Day", "Country", "Fact", "Backed", "Src", "Id", title="Year not stated (cannot be placed)")
        for fact in result.year_unknown:
            unplaced.add_row(
                _text(when(fact)), _text(fact.country), _statement(fact), _backed(fact),
                _text(fact_marks(index, fact)), _text(fact.id, "dim"),
            )  # fmt: skip
        parts += [Clean(""), unplaced]
    return _with_footer(index, Group(*parts), [*result.entries, *result.year_unknown], notes=False)


def coverage_view(index: FactIndex, result: CoverageResult) -> RenderableType:
    table = _table("Topic", *(row.country.name for row in result.rows), title="What the base knows")
    for position, topic in enumerate(result.topics):
        cells = []
        for row in result.rows:
            cell = row.cells[position]
            if not cell.facts:
                cells.append(_text("-", "dim"))
            elif cell.figures:
                cells.append(_text(f"{cell.facts} ({cell.figures} with figures)"))
            else:
                cells.append(_text(str(cell.facts)))
        table.add_row(_text(topic), *cells)
    gaps = Clean("What it does not know ", style="bold")
    gaps.append(f"(asked of each partner: {', '.join(result.questions)}):\n")
    for row in result.rows:
        if row.country.id != "VN":
            gaps.append(f"{row.country.name}: {'; '.join(row.gaps) if row.gaps else 'all answered'}\n")
    legend = Clean(
        "Cells count facts; 'with figures' counts stated values (not targets or derived ones); '-' means none."
    )
    return Group(table, Clean(""), legend, Clean(""), gaps)


def about_view(index: FactIndex, result: AboutResult) -> RenderableType:
    text = Clean()
    newest = result.newest_sources
    if not newest:
        latest = "none"
    elif len(newest) == len(index.base.sources) and len(newest) > 1:
        latest = f"{result.newest_date} (all {len(newest)} sources are dated so)"
    else:
        latest = f"{result.newest_date} ({', '.join(source.id for source in newest)})"
    rows = [
        ("dipfacts", __version__),
        ("Data version", result.data_version or "not stated"),
        ("Newest source", latest),
        ("Facts", str(result.facts)),
        ("Countries with facts", str(result.countries)),
        ("Sources", str(result.sources)),
        ("Citations", str(result.citations)),
        ("Conflicts", f"{result.conflicts} (see 'dipfacts conflicts')"),
    ]
    for label, value in rows:
        text.append(f"{label}: ", style="bold")
        text.append(f"{value}\n")
    text.append("Loaded from:", style="bold")
    # A path is never folded at the terminal's width: it has to survive being copied and pasted.
    files = [
        Clean(f"  {'packaged' if file.packaged else '--data'}: {file.path} ({file.facts} facts)",
              no_wrap=True, overflow="ignore")
        for file in result.files
    ]  # fmt: skip
    return Group(text, *files)


# Keyed by the result's class name, so that rendering a lookup does not import the trust records.
_VIEWS: dict[str, Callable[[FactIndex, Any], RenderableType]] = {
    "CountriesResult": countries_view,
    "ProfileResult": profile_view,
    "EntityResult": entity_view,
    "TradeResult": trade_view,
    "AllTradeResult": all_trade_view,
    "VisitsResult": visits_view,
    "CompareResult": compare_view,
    "SearchResult": search_view,
    "SourcesResult": sources_view,
    "ConflictsResult": conflicts_view,
    "TimelineResult": timeline_view,
    "CoverageResult": coverage_view,
    "AboutResult": about_view,
}


def view_of(index: FactIndex, result: object, *, chart: bool = False) -> RenderableType:
    """The table view of any command's result; trade and compare draw bars under the table if ``chart``."""
    if isinstance(result, TradeResult):
        return trade_view(index, result, chart=chart)
    if isinstance(result, CompareResult):
        return compare_view(index, result, chart=chart)
    return _VIEWS[type(result).__name__](index, result)


# ----------------------------------------------------------------------------- charts


class Bars:
    """Horizontal bars on one scale, drawn at render time so they follow the terminal's width.

    Results are solid, derived values shaded, targets light, so a target is never read as a result;
    each bar ends with its figure as the sources state it.
    """

    GLYPHS: ClassVar[dict[str, str]] = {"actual": "\u2588", "derived": "\u2592", "target": "\u2591"}
    ASCII_GLYPHS: ClassVar[dict[str, str]] = {"actual": "#", "derived": "+", "target": "."}
    NAMES: ClassVar[dict[str, str]] = {"actual": "result", "derived": "derived", "target": "target"}

    def __init__(self, title: str, rows: list[tuple[str, float, str, str]]) -> None:
        self.title = title
        self.rows = rows  # (label, value, kind, figure as stated)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        glyphs = self.ASCII_GLYPHS if options.ascii_only else self.GLYPHS
        kinds = list(dict.fromkeys(kind for _label, _value, kind, _text in self.rows))
        legend = ", ".join(f"{glyphs.get(kind, '#')} {self.NAMES.get(kind, kind)}" for kind in kinds)
        yield Clean(f"{self.title} ({legend})", style="bold")
        label_width = max(cell_len(label) for label, *_rest in self.rows)
        text_width = max(cell_len(text) for *_rest, text in self.rows)
        room = options.max_width - label_width - text_width - 4
        if room < 10:  # too narrow for bars that mean anything: the figures alone
            room = 0
        top = max(value for _label, value, _kind, _text in self.rows) or 1
        for label, value, kind, text in self.rows:
            length = round(room * value / top) if room else 0
            bar = glyphs.get(kind, "#") * max(length, 1 if value > 0 and room else 0)
            line = Clean(label.ljust(label_width) + "  ")
            line.append(bar, style="dim" if kind != "actual" else "")
            line.append(" " + text)
            yield line


def _bar_label(fact: Fact) -> str:
    """The headline figure with its hedge; the table above gives each source's version."""
    text = format_value(fact.value, fact.unit, fact.qualifier)
    return f"{text} ({_KIND_LABEL[fact.kind]})" if fact.kind in ("target", "derived") else text


def _chart_of(index: FactIndex, result: object) -> RenderableType | None:
    if isinstance(result, TradeResult):
        rows = [
            (when(fact), float(fact.value), fact.kind, _bar_label(fact))
            for fact in result.figures
            if fact.value is not None and fact.unit == "USD" and fact.kind in Bars.GLYPHS
        ]
        title = "Trade with " + result.country.name + " (USD)"
    elif isinstance(result, CompareResult):
        rows = [
            (column.country.name, float(column.latest_trade.value), column.latest_trade.kind,
             f"{_bar_label(column.latest_trade)} ({when(column.latest_trade)})")
            for column in result.columns
            if column.latest_trade is not None and column.latest_trade.value is not None
        ]  # fmt: skip
        title = "Latest yearly trade with Vietnam, on one scale (USD)"
    else:
        return None
    if len(rows) < 2:
        return None  # one bar says nothing a table does not
    return Group(Clean(""), Bars(title, rows))
