"""Result records -> Rich renderables. The only module that imports Rich; it never prints."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.style import Style
from rich.table import Table
from rich.text import Text

from dipfacts import __version__
from dipfacts.model import Fact, Number
from dipfacts.records import record
from dipfacts.results import (
    AllTradeResult,
    CompareResult,
    CountriesResult,
    CountrySummary,
    EntityResult,
    Evidence,
    Evidences,
    ProfileResult,
    SearchResult,
    SourcesResult,
    SourceVersion,
    TradeResult,
    VisitsResult,
)
from dipfacts.safe import visible

if TYPE_CHECKING:
    from dipfacts.results import Catalogue
    from dipfacts.trust_results import AboutResult, ConflictsResult, CoverageResult, TimelineResult, VerifyResult

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


@record
class ViewOptions:
    """How a view is drawn: bars under trade and compare tables, and the full notes under any table."""

    chart: bool = False
    notes: bool = False


DEFAULT_VIEW = ViewOptions()


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


# Inside an amount ("over USD 800 M") words are joined by no-break spaces, so that a table never breaks
# it across lines; render_text turns them back into plain spaces.
GLUE = "\u00a0"


def amount(value: Number | None, unit: str | None, qualifier: str | None = None) -> str:
    """format_value, as one unbreakable unit for a table cell."""
    return format_value(value, unit, qualifier).replace(" ", GLUE)


def format_change(change: Number | None, change_from: str | None = None) -> str:
    if change is None:
        return ""
    text = f"{'+' if change > 0 else ''}{_trim(change, 6)}%"
    return f"{text} vs {change_from}" if change_from else text


def change_cell(index: Catalogue, shown: Evidence) -> str:
    """The stated change; where sources state it differently, each version with the sources stating it."""
    fact = shown.fact
    merged: dict[Number, list[str]] = {}
    for version in shown.by_source if fact.kind != "derived" else ():
        for change in version.changes:
            merged.setdefault(change, []).append(version.source)
    if len(merged) <= 1:
        text = format_change(fact.change_pct, fact.change_from)
        stating = next(iter(merged.values()), [])
        if text and stating and set(stating) != set(shown.sources):
            # Only some of the fact's sources state the change ("+99 %" in one, "le double" in another).
            head, _vs, rest = text.partition(" vs ")
            return f"{head} {marks(index, stating)}" + (f" vs {rest}" if rest else "")
        return text
    text = "; ".join(f"{format_change(change)} {marks(index, ids)}" for change, ids in merged.items())
    return f"{text} vs {fact.change_from}" if fact.change_from else text


def change_text(index: Catalogue, shown: Evidence) -> str:
    """change_cell for a table: each version one unbreakable line ("+99% [1] vs 2023")."""
    return change_cell(index, shown).replace(" ", GLUE).replace(";" + GLUE, "\n")


def marks(index: Catalogue, ids: Iterable[str]) -> str:
    numbers = sorted({index.source_marks[source_id] for source_id in ids if source_id in index.source_marks})
    return "[" + ",".join(str(n) for n in numbers) + "]" if numbers else ""


USER_MARK = "user"
USER_LEGEND = (
    f"{USER_MARK}: from a fact file given with --data or DIPFACTS_DATA, not from the packaged base"
    " checked against the articles."
)


def fact_marks(index: Catalogue, shown: Evidence) -> str:
    """A fact's source marks, and USER_MARK when a user's fact file, not the packaged base, states it.

    (Under --no-packaged every fact is a user's, and the mark would tell nothing apart: JSON still says so.)
    """
    # A derived value has no source to mark: dipfacts computed it (its formula is in the notes).
    fact = shown.fact
    return _with_user_mark(index, fact, DERIVED_MARK if fact.kind == "derived" else marks(index, shown.sources))


def _with_user_mark(index: Catalogue, fact: Fact, text: str) -> str:
    """The marks, with NOTE_MARK when the fact has a note and USER_MARK when a user's file states it."""
    text += NOTE_MARK if _has_note(fact) else ""
    return f"{text} {USER_MARK}" if fact.user and _mixed(index) else text


def _mixed(index: Catalogue) -> bool:
    """Whether user files are shown beside the packaged base, so that their records need a mark."""
    return index.base.packaged_file is not None


def figure(index: Catalogue, shown: Evidence) -> str:
    """The fact's figure; where sources state it differently, each version with its sources."""
    fact = shown.fact
    if fact.value is None:
        return ""
    merged = _figure_versions(shown) if fact.kind != "derived" else {}
    if len(merged) <= 1:
        return amount(fact.value, fact.unit, fact.qualifier)
    # One version a line: a cell breaks between versions, not inside one.
    return "\n".join(
        f"{amount(value, fact.unit, qualifier)} {marks(index, ids)}" for (value, qualifier), ids in merged.items()
    )


def _figure_versions(shown: Evidence) -> dict[tuple[Number | None, str | None], list[str]]:
    """Each distinct (value, hedge) the sources state, with the sources stating it; headline first."""
    merged: dict[tuple[Number | None, str | None], list[str]] = {}
    for version in shown.versions:
        if version.value is not None:
            merged.setdefault((version.value, version.qualifier), []).extend(version.sources)
    return merged


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


class _Heading(Clean):
    """A line above a view's tables that a pipe can do without: the tables say it again, row by row."""


def _text(value: str | None, style: str = "") -> Text:
    return Clean(value or "", style=style)


# Nothing is ever cut with an ellipsis: a cell wraps between words, and a table too narrow for its
# columns' longest words becomes one block of lines per row (_FittingTable). These short cells are
# also kept on one line.
_KEEP_WHOLE = frozenset({"Id", "Code", "Src", "Mark", "Score", "Backed", "Kind", "Country", "Topic", "Line", "Verdict"})


# Columns of long prose: when the table is too wide, Rich narrows the widest columns first, so they
# give up width before the short ones; this keeps them from being squeezed below a readable width.
_FLEX = frozenset(
    {"Fact", "Firsts", "Ranking", "Title", "Other trade facts", "Version", "Source's words", "Why", "Draft says"}
)


# The columns that hold the answer a command is asked for: they get their full width first.
_ANSWER = frozenset({"Value", "Figure", "Latest trade", "Fact", "Dates", "Host", "Country", "Period", "When", "Day"})
# What goes first when a table is too narrow for all its columns, before it turns into blocks of lines.
_DROP_ORDER = ("Id", "Score", "Code", "Facts", "Firsts", "Backed", "Topic", "Change", "Paragraphs", "Publisher")


class _FittingTable(Table):
    """A table whose column widths dipfacts chooses, so that no cell is ever cut.

    The answer's columns get their width first, short columns stay on one line, prose columns take the
    width left over, and no cell breaks inside an amount. A table too narrow for every column drops the
    least needed ones (and says which); one too narrow even then becomes 'Column: value' lines per row.
    """

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table, dropped = self, []
        widths = self._fit(options.max_width - self._extra_width)
        while widths is None:
            names = [_plain(column.header) for column in table.columns]
            droppable = [name for name in _DROP_ORDER if name in names]
            if not droppable or len(names) <= 2:
                yield from self._stacked()
                return
            dropped.append(droppable[0])
            table = self._without(dropped)
            widths = table._fit(options.max_width - table._extra_width)
        yield table._drawn(widths)
        if dropped:
            yield Clean(f"(Not shown at this width: {', '.join(dropped)}; widen the terminal, or use --json.)",
                        style="dim")  # fmt: skip

    def _without(self, names: list[str]) -> _FittingTable:
        """A copy of the table without the columns ``names``."""
        copy = _table(*(name for c in self.columns if (name := _plain(c.header)) not in names))
        copy.title = self.title
        kept = [list(column.cells) for column in self.columns if _plain(column.header) not in names]
        for number, row in enumerate(self.rows):
            copy.add_row(*(cells[number] for cells in kept), end_section=row.end_section)
        return copy

    def _drawn(self, widths: list[int]) -> Table:
        """The plain Rich table to draw: these column widths, and each text cell already wrapped to its width,
        between words and never inside an amount, so that Rich has nothing left to wrap. (The table itself is
        left as it was: a view can be drawn again at another width.)"""
        table = Table(
            title=self.title, box=self.box, show_edge=self.show_edge, pad_edge=self.pad_edge,
            title_justify=self.title_justify,
        )  # fmt: skip
        for column, width in zip(self.columns, widths, strict=True):
            table.add_column(column.header, width=width, overflow=column.overflow, no_wrap=column.no_wrap)
        cells = [list(column.cells) for column in self.columns]
        for number, row in enumerate(self.rows):
            table.add_row(
                *(
                    cell[number] if column.no_wrap else _wrapped(cell[number], width)
                    for column, cell, width in zip(self.columns, cells, widths, strict=True)
                ),
                end_section=row.end_section,
            )
        return table

    def _fit(self, available: int) -> list[int] | None:
        lows, highs, flexible, answer = [], [], [], []
        for index, column in enumerate(self.columns):
            lines = [line for cell in (column.header, *column.cells) for line in _plain(cell).split("\n")]
            longest_line = max((cell_len(line) for line in lines), default=0)
            # Words are split at plain spaces only: an amount's no-break spaces hold it together.
            longest_word = max((cell_len(word) for line in lines for word in line.split(" ")), default=0)
            prose = _plain(column.header) in _FLEX
            low = longest_line if column.no_wrap else max(longest_word, min(_PROSE_WIDTH, longest_line) if prose else 0)
            padding = self._get_padding_width(index)
            lows.append(low + padding)
            highs.append(longest_line + padding)
            flexible.append(prose)
            answer.append(_plain(column.header) in _ANSWER)
        if sum(lows) > available:
            return None
        widths = list(lows)
        spare = available - sum(widths)
        # The answer first, then short columns, cheapest first, so that dates and labels stay on one line...
        for index in sorted(range(len(widths)), key=lambda i: (not answer[i], highs[i] - lows[i])):
            if answer[index] or not flexible[index]:
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

    def tsv(self) -> list[str]:
        """The table as tab-separated lines, a header line first: one record a line, no padding."""
        lines = ["\t".join(_tsv_cell(column.header) for column in self.columns)]
        cells = [list(column.cells) for column in self.columns]
        previous: list[str] = []
        for row in range(self.row_count):
            values = [_tsv_cell(column[row]) for column in cells]
            for position, column in enumerate(self.columns):
                if _plain(column.header) in _CARRIED and not values[position] and previous:
                    values[position] = previous[position]  # a record a line: each line says its topic
            lines.append("\t".join(values))
            previous = values
        return lines


_CARRIED = frozenset({"Topic"})  # shown once per group in a table, on every line in TSV


def _tsv_cell(cell: object) -> str:
    """A cell on one line: its lines joined with '; ', tabs as spaces, no-break spaces plain."""
    text = visible(_plain(cell))  # a Clean cell already is; a source's title is not yet
    lines = [line[2:].strip() if line.startswith("- ") else line.strip() for line in text.split("\n")]
    return "; ".join(line for line in lines if line).replace(GLUE, " ")


def _wrapped(cell: RenderableType, width: int) -> RenderableType:
    """A text cell broken into lines of at most ``width`` at plain spaces (an amount is never broken)."""
    if not isinstance(cell, Text) or all(cell_len(line) <= width for line in cell.plain.split("\n")):
        return cell
    plain = cell.plain
    pieces: list[Text] = []
    offset = 0
    for line in plain.split("\n"):
        start = position = offset  # where the line being made begins; where the next word begins
        used = 0  # the width of the line being made
        for word in line.split(" "):
            size = cell_len(word)
            if used and used + 1 + size > width:
                pieces.append(cell[start : position - 1])  # up to the space before the word
                start, used = position, size
            else:
                used += (1 if position > start else 0) + size
            position += len(word) + 1
        pieces.append(cell[start : offset + len(line)])
        offset += len(line) + 1
    return Text("\n").join(pieces)


_PROSE_WIDTH = 24  # a prose column narrower than this reads as a list of words


def _plain(cell: object) -> str:
    return cell.plain if isinstance(cell, Text) else str(cell)


def _table(*columns: str, title: str | None = None) -> _FittingTable:
    table = _FittingTable(
        title=Clean(title) if title else None, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
        title_justify="left",
    )  # fmt: skip
    for name in columns:
        table.add_column(Clean(name), overflow="fold", no_wrap=name in _KEEP_WHOLE)
    return table


NOTE_MARK = "*"


def _has_note(fact: Fact) -> bool:
    return bool(fact.note or fact.derived)


class _Footer:
    """What a view's marks stand for: compact by default, so that the answer keeps the screen.

    Compact: the sources as their marks and ids, and one line saying how many facts carry notes (marked
    NOTE_MARK) and that --notes shows them. Full (--notes): the notes, what Backed means, the sources' titles.
    A note that changes how a figure reads is never only here: derived values and sources that state a
    figure differently are marked in the table itself.
    """

    def __init__(self, index: Catalogue, shown: Iterable[Evidence], *, backed: bool, full: bool) -> None:
        self.index = index
        evidence = list({item.fact.id: item for item in shown}.values())
        self.facts = [item.fact for item in evidence]
        self.backed = backed
        self.full = full
        marks_of = index.source_marks
        self.sources = sorted({s for item in evidence for s in item.sources}, key=lambda s: marks_of.get(s, 0))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        index = self.index
        yield Clean("")
        noted = [fact for fact in self.facts if _has_note(fact)]
        if self.full and noted:
            yield _notes(noted)
        if self.full and self.backed:
            yield Clean(BACKED_LEGEND + "\n")
        mixed = _mixed(index)
        if mixed and (any(f.user for f in self.facts) or any(index.sources[s].user for s in self.sources)):
            yield Clean(USER_LEGEND + ("\n" if self.full else ""))
        if self.full:
            lines = Clean("Sources:\n", style="bold")
            for source_id in self.sources:
                source = index.sources[source_id]
                own = f" ({USER_MARK} file {source.origin})" if source.user and mixed else ""
                lines.append(f"[{index.source_marks[source_id]}] {source.id}{own}: {source.title}"
                             f" ({source.publisher}, {source.date})\n")  # fmt: skip
            yield lines
            return
        if self.sources:
            line = Clean("Sources: ", style="bold")
            line.append(", ".join(f"[{index.source_marks[s]}]{GLUE}{s}" for s in self.sources))
            yield _wrapped(line, options.max_width)  # a mark is never parted from its source's id
        shown = (["them"] if noted else []) + (["what Backed means"] if self.backed else []) + ["the full titles"]
        what = ", ".join(shown)
        count = f"{len(noted)} {'fact has a note' if len(noted) == 1 else 'facts have notes'}"
        hint = f"{NOTE_MARK} {count}; " if noted else ""
        yield Clean(f"{hint}--notes shows {what}.", style="dim")

    def tsv(self) -> list[str]:
        """The sources (and under --notes, the notes) as tab-separated blocks."""
        lines = ["Src\tSource\tTitle\tPublisher\tDate\tOrigin"]
        for source_id in self.sources:
            source = self.index.sources[source_id]
            origin = f"{USER_MARK} file {source.origin}" if source.user else "packaged"
            cells = (f"[{self.index.source_marks[source_id]}]", source.id, source.title, source.publisher, source.date,
                     origin)  # fmt: skip
            lines.append("\t".join(_tsv_cell(cell) for cell in cells))
        if self.full:
            notes = [(fact.id, note) for fact in self.facts for note in _note_texts(fact)]
            if notes:
                lines += ["", "Id\tNote", *("\t".join(_tsv_cell(cell) for cell in pair) for pair in notes)]
        return lines if self.sources else lines[2:] if self.full and len(lines) > 2 else []


def _note_texts(fact: Fact) -> list[str]:
    notes = [fact.note] if fact.note else []
    if fact.derived:
        notes.append(f"derived from {', '.join(fact.derived.from_ids)}: {fact.derived.formula}")
    return notes


def _notes(facts: Iterable[Fact]) -> RenderableType:
    text = Clean("Notes:\n", style="bold")
    for fact in facts:
        for note in _note_texts(fact):
            text.append(f"{fact.id}: {note}\n", style="dim")
    return text


def _with_footer(
    index: Catalogue, body: RenderableType, shown: Iterable[Evidence], options: ViewOptions, *, backed: bool = True
) -> Group:
    return Group(body, _Footer(index, shown, backed=backed, full=options.notes))


def _backed(shown: Evidence) -> Text:
    return _text("-" if shown.fact.kind == "derived" else str(shown.backed))


def _each(evidence: Evidences, facts: Iterable[Fact]) -> list[Evidence]:
    """The Evidence of each of ``facts``, in their order."""
    return [evidence[fact.id] for fact in facts]


def _statement(fact: Fact) -> Text:
    """The statement, opening with the claim's status unless it is a reported result."""
    prefix = STATUS_PREFIX.get(fact.status)
    text = Clean(f"{prefix}: ", style="bold") if prefix else Clean()
    return text + _text(fact.statement)


# ----------------------------------------------------------------------------- commands


def countries_view(index: Catalogue, result: CountriesResult, options: ViewOptions = DEFAULT_VIEW) -> RenderableType:
    table = _table("Code", "Country", "Partnership", "Relations since", "Latest trade", "Facts")
    shown: list[Evidence] = []
    for row in result.rows:
        shown += _each(row.evidence, (f for f in (row.partnership, row.relations, row.latest_trade) if f))
        table.add_row(
            _text(row.country.id),
            _text(row.country.name),
            _text(_level(index, row.evidence, row.partnership)),
            _text(_dated(index, row.evidence, row.relations)),
            _text(_figure_cell(index, row.evidence, row.latest_trade)),
            _text(str(row.fact_count)),
        )
    return _with_footer(index, table, shown, options, backed=False)


def _level(index: Catalogue, evidence: Evidences, fact: Fact | None) -> str:
    if fact is None:
        return NO_DATA
    shown = evidence[fact.id]
    return f"{fact.level} ({shown.when}) {fact_marks(index, shown)}".replace(" ()", "")


def _dated(index: Catalogue, evidence: Evidences, fact: Fact | None) -> str:
    return f"{evidence[fact.id].when} {date_marks(index, evidence[fact.id])}" if fact else NO_DATA


def date_marks(index: Catalogue, shown: Evidence) -> str:
    """The marks of the sources that state the fact's date as precisely as it is shown.

    A source that gives a date less precisely (its citation's own ``date``, "en 1992" against 29 June
    1992) or not at all (``omits = ["date"]``) is not cited for it; if none states it so, the fact's marks.
    """
    if not shown.date_sources or shown.fact.kind == "derived":
        return fact_marks(index, shown)
    return _with_user_mark(index, shown.fact, marks(index, shown.date_sources))


def _figure_cell(index: Catalogue, evidence: Evidences, fact: Fact | None) -> str:
    """Figure, period and sources; a figure the sources state differently already carries its marks."""
    if fact is None:
        return NO_DATA
    shown = evidence[fact.id]
    text = f"{shown.when}: {figure(index, shown)}".replace("\n", "; ")
    if len(_figure_versions(shown)) > 1:
        return text  # each version already carries its sources
    return f"{text} {fact_marks(index, shown)}"


def all_trade_view(index: Catalogue, result: AllTradeResult, options: ViewOptions = DEFAULT_VIEW) -> RenderableType:
    title = "Vietnam's trade by country" + (f", {result.year}" if result.year else "")
    table = _table("Country", "Period", "Value", "Change", "Kind", "Backed", "Src", title=title)
    shown: list[Evidence] = []
    for country in result.countries:
        for item in _each(country.evidence, country.figures):
            table.add_row(
                _text(country.country.name), _text(item.when), _text(figure(index, item)),
                _text(change_text(index, item)), _text(_KIND_LABEL.get(item.fact.kind, item.fact.kind)),
                _backed(item), _text(fact_marks(index, item)),
            )  # fmt: skip
            shown.append(item)
    return _with_footer(index, table, shown, options)


def profile_view(index: Catalogue, result: ProfileResult, options: ViewOptions = DEFAULT_VIEW) -> RenderableType:
    parts: list[RenderableType] = [_Heading(f"{result.country.name} ({result.country.id})", style="bold")]
    if result.country.head_of_state:
        parts.append(_Heading(f"Head of state as named in the sources: {result.country.head_of_state}"))
    # One table, its topics parted by rules: one set of column widths, one header on the screen.
    table = _table("Topic", "Fact", "Figure", "When", "Backed", "Src", "Id")
    for topic, facts in result.groups:
        for number, item in enumerate(_each(result.evidence, facts)):
            table.add_row(
                _text(topic if number == 0 else "", "bold"),
                _statement(item.fact),
                _text(_figure_with_kind(index, item)),
                _text(item.when),
                _backed(item),
                _text(fact_marks(index, item)),
                _text(item.fact.id, "dim"),
                end_section=number == len(facts) - 1,
            )
    parts += [Clean(""), table]
    return _with_footer(index, Group(*parts), _each(result.evidence, result.facts), options)


def entity_view(index: Catalogue, result: EntityResult, options: ViewOptions = DEFAULT_VIEW) -> RenderableType:
    entity = result.entity
    country = index.countries.get(entity.country or "")
    where = country.name if country else entity.country
    heading = ", ".join(part for part in (entity.kind, where) if part)
    parts: list[RenderableType] = [_Heading(f"{entity.name} ({heading})", style="bold")]
    if entity.role:
        cited = marks(index, [citation.source for citation in entity.citations])
        parts.append(_Heading(f"Role, as the articles state it: {entity.role} {cited}".rstrip()))
    others = [name for name in (entity.acronym, *entity.aliases) if name and name != entity.name]
    if others:
        parts.append(_Heading(f"Also written: {', '.join(dict.fromkeys(others))}"))
    table = _table("Fact", "When", "Backed", "Src", "Id", title=f"Facts that name {entity.name}")
    shown = _each(result.evidence, result.facts)
    for item in shown:
        table.add_row(_statement(item.fact), _text(item.when), _backed(item), _text(fact_marks(index, item)),
                      _text(item.fact.id, "dim"))  # fmt: skip
    parts += [Clean(""), table]
    return _with_footer(index, Group(*parts), shown, options)


def _figure_with_kind(index: Catalogue, shown: Evidence) -> str:
    text = figure(index, shown)
    if text and shown.fact.kind in ("target", "derived"):
        return f"{text} ({_KIND_LABEL[shown.fact.kind]})"
    return text


def trade_view(index: Catalogue, result: TradeResult, options: ViewOptions = DEFAULT_VIEW) -> RenderableType:
    title = f"Vietnam - {result.country.name} trade" + (f", {result.year}" if result.year else "")
    table = _table("Period", "Value", "Change", "Kind", "Backed", "Src", title=title)
    for item in _each(result.evidence, result.figures):
        kind = item.fact.kind
        table.add_row(
            _text(item.when),
            _text(figure(index, item)),
            _text(change_text(index, item)),
            _text(_KIND_LABEL.get(kind, kind), "bold" if kind == "target" else ""),
            _backed(item),
            _text(fact_marks(index, item)),
        )
    parts: list[RenderableType] = [table]
    bars = _chart_of(result) if options.chart else None
    if bars is not None:
        parts.append(bars)
    if result.rankings:
        ranks = _table("Ranking", "Backed", "Src", title="Rankings")
        for item in _each(result.evidence, result.rankings):
            ranks.add_row(_text(item.fact.statement), _backed(item), _text(fact_marks(index, item)))
        parts += [Clean(""), ranks]
    if result.other:
        other = _table("Other trade facts", "When", "Backed", "Src", title="Also stated")
        for item in _each(result.evidence, result.other):
            other.add_row(
                _statement(item.fact), _text(item.when), _backed(item),
                _text(fact_marks(index, item)),
            )  # fmt: skip
        parts += [Clean(""), other]
    shown = _each(result.evidence, (*result.figures, *result.rankings, *result.other))
    return _with_footer(index, Group(*parts), shown, options)


def visits_view(index: Catalogue, result: VisitsResult, options: ViewOptions = DEFAULT_VIEW) -> RenderableType:
    table = _table("Country", "Type", "Dates", "Host", "Firsts", "Backed", "Src", title="Visits")
    shown = _each(result.evidence, result.visits)
    for item in shown:
        fact = item.fact
        assert fact.visit is not None
        firsts = "\n".join(f"- {first.text} {marks(index, [first.source])}" for first in fact.visit.firsts)
        dates = item.when
        if not fact.visit.start:
            dates = f"{dates} (days not stated)"
        table.add_row(
            _text(index.countries[fact.country].name),
            _text(fact.visit.type),
            _text(dates),
            _text(fact.visit.host),
            _text(firsts),
            _backed(item),
            _text(fact_marks(index, item)),
        )
    return _with_footer(index, table, shown, options)


def compare_view(index: Catalogue, result: CompareResult, options: ViewOptions = DEFAULT_VIEW) -> RenderableType:
    table = _table("", *(column.country.name for column in result.columns))
    rows: list[tuple[str, list[str]]] = [
        ("Partnership", [_level(index, c.evidence, c.partnership) for c in result.columns]),
        ("Relations since", [_dated(index, c.evidence, c.relations) for c in result.columns]),
        ("Latest trade", [_figure_cell(index, c.evidence, c.latest_trade) for c in result.columns]),
        ("Visits", [_visits_cell(index, c) for c in result.columns]),
        ("Tourism", [_figure_cell(index, c.evidence, c.tourism) for c in result.columns]),
        ("Facts in base", [str(c.fact_count) for c in result.columns]),
    ]
    for label, cells in rows:
        table.add_row(_text(label, "bold"), *(_text(cell) for cell in cells))
    shown = [
        c.evidence[f.id] for c in result.columns for f in (c.partnership, c.relations, c.latest_trade, c.tourism,
                                                           *c.visits) if f
    ]  # fmt: skip
    bars = _chart_of(result) if options.chart else None
    body = Group(table, bars) if bars is not None else table
    return _with_footer(index, body, shown, options, backed=False)


def _visits_cell(index: Catalogue, summary: CountrySummary) -> str:
    if not summary.visits:
        return NO_DATA
    return "\n".join(
        f"{fact.visit.type} visit, {summary.evidence[fact.id].when} {date_marks(index, summary.evidence[fact.id])}"
        for fact in summary.visits
        if fact.visit
    )


def search_view(index: Catalogue, result: SearchResult, options: ViewOptions = DEFAULT_VIEW) -> RenderableType:
    table = _table(
        "Score", "Country", "Topic", "Fact", "Figure", "Backed", "Src", "Id", title=f"Search: {result.query}"
    )
    shown = _each(result.evidence, (hit.fact for hit in result.hits))
    for hit, item in zip(result.hits, shown, strict=True):
        fact = hit.fact
        table.add_row(
            _text(f"{hit.score:g}"),
            _text(fact.country),
            _text(fact.topic),
            _statement(fact),
            _text(_figure_with_kind(index, item)),
            _backed(item),
            _text(fact_marks(index, item)),
            _text(fact.id, "dim"),
        )
    return _with_footer(index, table, shown, options)


def sources_view(index: Catalogue, result: SourcesResult, options: ViewOptions = DEFAULT_VIEW) -> RenderableType:
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
    return buffer.getvalue().replace(GLUE, " ")


def tsv_text(renderable: RenderableType) -> str | None:
    """A view's tables as tab-separated lines (what a pipe gets); None for a view that is not tables.

    Each table is a block with its header line; tables with the same columns (a country's topics) are
    one block, with a Section column; blocks are parted by an empty line; the sources' block comes last.
    """
    blocks: list[tuple[str | None, _FittingTable]] = []
    footers: list[_Footer] = []

    prose: list[Text] = []

    def walk(item: object) -> None:
        if isinstance(item, Text) and not isinstance(item, _Heading) and item.plain.strip():
            prose.append(item)
        elif isinstance(item, _FittingTable):
            blocks.append((_plain(item.title) if item.title else None, item))
        elif isinstance(item, _Footer):
            footers.append(item)
        elif isinstance(item, Group):
            for child in item.renderables:
                walk(child)

    walk(renderable)
    if not blocks or prose:  # text that is not a table's (a source's details, coverage's gaps) reads as text
        return None
    lines: list[str] = []
    position = 0
    while position < len(blocks):
        headers = [_plain(column.header) for column in blocks[position][1].columns]
        same = position + 1
        while same < len(blocks) and [_plain(c.header) for c in blocks[same][1].columns] == headers:
            same += 1
        if lines:
            lines.append("")
        if same - position == 1:
            lines += blocks[position][1].tsv()
        else:
            lines.append("\t".join(["Section", *headers]))
            for title, table in blocks[position:same]:
                lines += [f"{_tsv_cell(title or '')}\t{row}" for row in table.tsv()[1:]]
        position = same
    for footer in footers:
        extra = footer.tsv()
        if extra:
            lines += ["", *extra]
    return "".join(line + "\n" for line in lines)


# ----------------------------------------------------------------------------- trust


def conflicts_view(index: Catalogue, result: ConflictsResult, options: ViewOptions = DEFAULT_VIEW) -> RenderableType:
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
            for member in _each(conflict.evidence, (fact, conflict.other)):
                for version in member.by_source:
                    table.add_row(_source_cell(index, version.source),
                                  _text(f"{member.fact.id}: {_gist(index, member)}"),
                                  _text(_words(version)))  # fmt: skip
        parts += [head, Clean(fact.statement), table]
        if conflict.note:
            parts.append(Clean(f"Note: {conflict.note}", style="dim"))
        parts.append(Clean(""))
    shown = [c.evidence[f.id] for c in result.conflicts for f in (c.fact, c.other) if f]
    parts.append(_Footer(index, shown, backed=False, full=True))
    return Group(*parts)


def _source_cell(index: Catalogue, source_id: str) -> Text:
    return _text(f"[{index.source_marks.get(source_id, '?')}] {source_id}")


def _words(version: SourceVersion) -> str:
    return "\n".join(f"\u00b6{c.paragraph}: \u201c{c.excerpt}\u201d" for c in version.citations)


def _gist(index: Catalogue, shown: Evidence) -> str:
    """A fact in a few words: its figure, else its level, else its statement; with its date."""
    fact = shown.fact
    text = figure(index, shown).replace("\n", "; ") or fact.level or fact.statement
    if fact.kind == "target" or fact.status == "target":
        text += " (TARGET/PLAN)"
    return f"{text} ({shown.when})" if shown.when else f"{text} (undated)"


def version_text(fact: Fact, version: SourceVersion, kinds: tuple[str, ...]) -> str:
    """What one source says on the points where the sources differ."""
    parts: list[str] = []
    if {"hedge", "value"} & set(kinds):
        figures = [amount(v, fact.unit, q) for v in version.values for q in version.qualifiers]
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


def timeline_view(index: Catalogue, result: TimelineResult, options: ViewOptions = DEFAULT_VIEW) -> RenderableType:
    title = "Timeline" + (f": {result.country.name}" if result.country else "")
    if result.start or result.end:
        title += f" ({result.start or '...'} to {result.end or '...'})"
    table = _table("When", "Country", "Fact", "Backed", "Src", "Id", title=title)
    for item in _each(result.evidence, result.entries):
        table.add_row(
            _text(item.when), _text(item.fact.country), _statement(item.fact), _backed(item),
            _text(fact_marks(index, item)), _text(item.fact.id, "dim"),
        )  # fmt: skip
    parts: list[RenderableType] = [table]
    if result.year_unknown:
        unplaced = _table("Day", "Country", "Fact", "Backed", "Src", "Id", title="Year not stated (cannot be placed)")
        for item in _each(result.evidence, result.year_unknown):
            unplaced.add_row(
                _text(item.when), _text(item.fact.country), _statement(item.fact), _backed(item),
                _text(fact_marks(index, item)), _text(item.fact.id, "dim"),
            )  # fmt: skip
        parts += [Clean(""), unplaced]
    shown = _each(result.evidence, (*result.entries, *result.year_unknown))
    return _with_footer(index, Group(*parts), shown, options)


def coverage_view(index: Catalogue, result: CoverageResult, options: ViewOptions = DEFAULT_VIEW) -> RenderableType:
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


def about_view(index: Catalogue, result: AboutResult, options: ViewOptions = DEFAULT_VIEW) -> RenderableType:
    text = Clean()
    newest = result.newest_sources
    if not newest:
        latest = "none"
    elif len(newest) == result.sources and len(newest) > 1:
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


_VERDICT_STYLE = {"agrees": "green", "differs": "bold red", "unclear": "yellow", "not-in-base": "dim"}


def verify_view(index: Catalogue, result: VerifyResult, options: ViewOptions = DEFAULT_VIEW) -> RenderableType:
    """A draft's claims, one a row: where, the draft's words, the verdict and why (with the base's version)."""
    title = f"Claims in {result.name}"
    table = _table("Line", "Draft says", "Verdict", "Why", "Facts", title=title)
    shown: list[Evidence] = []
    for check in result.checks:
        table.add_row(
            _text(f"{check.line}:{check.column}"), _text(check.claim.text),
            _text(check.verdict, _VERDICT_STYLE.get(check.verdict, "")), _text(check.reason),
            _text("\n".join(fact.id for fact in check.facts), "dim"),
        )  # fmt: skip
        shown += _each(result.evidence, check.facts)
    return Group(table, _Footer(index, shown, backed=False, full=options.notes))


View = Callable[["Catalogue", Any, ViewOptions], RenderableType]
# Each result type's table view; a lookup's own, and (table_views) the trust commands' too.
_LOOKUP_VIEWS: dict[type, View] = {
    CountriesResult: countries_view,
    ProfileResult: profile_view,
    EntityResult: entity_view,
    TradeResult: trade_view,
    AllTradeResult: all_trade_view,
    VisitsResult: visits_view,
    CompareResult: compare_view,
    SearchResult: search_view,
    SourcesResult: sources_view,
}


@functools.cache
def table_views() -> Mapping[type, View]:
    """The table view of every result type, by type."""
    # lazy: the trust commands' result types cost start-up time that a lookup's table never needs
    from dipfacts import trust_results as trust

    return {
        **_LOOKUP_VIEWS,
        trust.ConflictsResult: conflicts_view, trust.TimelineResult: timeline_view,
        trust.CoverageResult: coverage_view, trust.AboutResult: about_view, trust.VerifyResult: verify_view,
    }  # fmt: skip


def view_of(index: Catalogue, result: object, options: ViewOptions = DEFAULT_VIEW) -> RenderableType:
    """The table view of any command's result, drawn as ``options`` say."""
    view = _LOOKUP_VIEWS.get(type(result)) or table_views().get(type(result))
    if view is None:
        raise TypeError(f"no table view for a {type(result).__name__}")
    return view(index, result, options)


# ----------------------------------------------------------------------------- charts


class Bars:
    """Horizontal bars on one scale, drawn at render time so that they follow the terminal's width.

    Only stated or derived values of one granularity share the scale (derived ones shaded); targets are
    listed under the bars, never drawn on their scale, so a plan is never read as a result. Where the
    width leaves no room for bars that mean anything, nothing is drawn: the table has the figures.
    """

    GLYPHS: ClassVar[dict[str, str]] = {"actual": "\u2588", "derived": "\u2592"}
    ASCII_GLYPHS: ClassVar[dict[str, str]] = {"actual": "#", "derived": "+"}
    NAMES: ClassVar[dict[str, str]] = {"actual": "result", "derived": "derived"}
    MIN_ROOM = 10

    def __init__(self, title: str, rows: list[tuple[str, float, str, str]], apart: list[tuple[str, str]]) -> None:
        self.title = title
        self.rows = rows  # (label, value, kind, figure as stated)
        self.apart = apart  # (label, figure): targets, named under the bars

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        glyphs = self.ASCII_GLYPHS if options.ascii_only else self.GLYPHS
        label_width = max(cell_len(label) for label in [*(row[0] for row in self.rows), *(a[0] for a in self.apart)])
        text_width = max(cell_len(text) for *_rest, text in self.rows)
        room = options.max_width - label_width - text_width - 4
        if room < self.MIN_ROOM:
            return
        kinds = list(dict.fromkeys(kind for _label, _value, kind, _text in self.rows))
        legend = ", ".join(f"{glyphs[kind]} {self.NAMES[kind]}" for kind in kinds)
        yield Clean("")
        yield Clean(f"{self.title} ({legend})", style="bold")
        top = max(value for _label, value, _kind, _text in self.rows) or 1
        for label, value, kind, text in self.rows:
            bar = glyphs[kind] * max(round(room * value / top), 1 if value > 0 else 0)
            line = Clean(label.ljust(label_width) + "  ")
            line.append(bar, style="dim" if kind != "actual" else "")
            line.append(" " + text)
            yield line
        for label, text in self.apart:
            yield Clean(f"{label.ljust(label_width)}  {text} (TARGET, not drawn: a plan, not a result)", style="dim")


def _bar_label(fact: Fact) -> str:
    """The headline figure with its hedge; the table above gives each source's version."""
    text = amount(fact.value, fact.unit, fact.qualifier)
    return f"{text} (derived)" if fact.kind == "derived" else text


def _yearly(fact: Fact) -> bool:
    return bool(fact.period) and len(fact.period or "") == 4 and (fact.period or "").isdigit()


def _chart_of(result: object) -> RenderableType | None:
    if isinstance(result, TradeResult):
        money = [fact for fact in result.figures if fact.value is not None and fact.unit == "USD" and _yearly(fact)]
        when = {fact.id: result.evidence[fact.id].when for fact in money}
        rows = [(when[f.id], float(f.value or 0), f.kind, _bar_label(f)) for f in money if f.kind in Bars.GLYPHS]
        apart = [(when[f.id], amount(f.value, f.unit, f.qualifier)) for f in money if f.kind == "target"]
        title = f"Yearly trade with {result.country.name}, USD"
    elif isinstance(result, CompareResult):
        latest = [column for column in result.columns if column.latest_trade is not None]
        rows = [
            (column.country.name, float(fact.value), fact.kind,
             f"{_bar_label(fact)} ({column.evidence[fact.id].when})")
            for column in latest
            if (fact := column.latest_trade) is not None and fact.value is not None and fact.kind in Bars.GLYPHS
            and _yearly(fact)
        ]  # fmt: skip
        apart = []
        title = "Latest yearly trade with Vietnam, on one scale, USD"
    else:
        return None
    if len(rows) < 2:
        return None  # one bar says nothing a table does not
    return Bars(title, rows, apart)
