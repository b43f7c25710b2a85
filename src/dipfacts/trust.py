"""Pure queries about trust: where sources differ, what is dated, what is known, where facts come from.

Kept apart from query.py so that a plain lookup does not pay for importing them at start-up; their result
records are in dipfacts.trust_results.
"""

from __future__ import annotations

from dipfacts.dates import SortKey, parse_span
from dipfacts.errors import UsageProblem
from dipfacts.index import FactIndex
from dipfacts.model import CONFLICT_KINDS, TOPICS, Country, Fact
from dipfacts.query import (
    MAX_NAME_CHARS,
    check_length,
    date_range,
    differences,
    evidence_of,
    fact_days,
    source_versions,
    summarise_country,
    touches,
)
from dipfacts.query import parse_when as parse_when  # re-exported: it was defined here
from dipfacts.records import replace
from dipfacts.results import SourceVersion
from dipfacts.trust_results import (
    AboutResult,
    CiteResult,
    Conflict,
    ConflictsResult,
    CoverageCell,
    CoverageResult,
    CoverageRow,
    FileCount,
    TimelineResult,
)


def conflicts(index: FactIndex, *, country: Country | None = None, kind: str | None = None) -> ConflictsResult:
    """Every fact whose sources differ, and every recorded difference between two facts."""
    if kind is not None and kind not in CONFLICT_KINDS:
        raise UsageProblem(f"unknown kind of conflict {kind!r}; expected one of: {', '.join(CONFLICT_KINDS)}")
    found = []
    for fact in _in_country_order(index, country):
        kinds = differences(fact)
        if kinds and (kind is None or kind in kinds):
            relevant = _relevant(source_versions(fact), kinds)
            found.append(Conflict(fact, kinds, relevant, evidence_of((fact,)), note=fact.note))
        for link in fact.differs_from:
            other = index.fact_by_id(link.fact)
            if other is not None and (kind is None or link.kind == kind):
                versions_of_both = source_versions(fact) + source_versions(other)
                found.append(
                    Conflict(fact, (link.kind,), versions_of_both, evidence_of((fact, other)), other=other,
                             note=link.note or fact.note)
                )  # fmt: skip
    return ConflictsResult(country, kind, tuple(found))


_NAME_FIELDS = {"wording": "wording", "spelling": "name", "acronym": "acronym"}


def _relevant(found: tuple[SourceVersion, ...], kinds: tuple[str, ...]) -> tuple[SourceVersion, ...]:
    """Each source's version on the points in dispute, with only the citations that state them."""
    kept = []
    for version in found:
        if any(kind not in _NAME_FIELDS for kind in kinds) and (version.values or version.changes or version.dates):
            kept.append(version)  # a figure or date: every citation of the source bears on it
            continue
        fields = [_NAME_FIELDS[kind] for kind in kinds if kind in _NAME_FIELDS]
        citations = tuple(c for c in version.citations if any(getattr(c, name) for name in fields))
        if citations:
            kept.append(replace(version, citations=citations))
    return tuple(kept)


def _in_country_order(index: FactIndex, country: Country | None) -> list[Fact]:
    if country is not None:
        return list(index.facts_of(country.id))
    ordered = sorted(index.base.countries, key=lambda c: (c.id != "VN", c.name))
    return [fact for c in ordered for fact in index.facts_of(c.id)]


def timeline(
    index: FactIndex, *, country: Country | None = None, start: str | None = None, end: str | None = None
) -> TimelineResult:
    """Dated facts in time order; a partial date sits at the start of the span it names.

    A fact is kept when any day of its span touches --from/--to: a quarter counts by its three months.
    """
    when = date_range(start=start, end=end)
    pool = index.facts_of(country.id) if country else index.all_facts
    placed: list[tuple[SortKey, SortKey, int, Fact]] = []
    year_unknown = []
    for fact in pool:
        days = fact_days(fact)
        if days is None:
            if fact_span(fact) is not None:  # dated, but without its year
                year_unknown.append(fact)
            continue
        if not touches(fact, when):
            continue
        placed.append((*days, index.position[fact.id], fact))
    placed.sort(key=lambda item: item[:3])
    # A date without its year cannot be placed, and it cannot be said to fall within --from/--to.
    unplaced = tuple(year_unknown) if not (start or end) else ()
    entries = tuple(item[3] for item in placed)
    return TimelineResult(country, start, end, entries, evidence_of((*entries, *unplaced)), unplaced)


def fact_span(fact: Fact) -> tuple[SortKey, SortKey] | None:
    """The span a fact's visit dates, period or date names, as given."""
    if fact.visit and fact.visit.start:
        text = f"{fact.visit.start}/{fact.visit.end}" if fact.visit.end else fact.visit.start
    else:
        text = fact.period or fact.date or ""
    return parse_span(text, allow_no_year=True) if text else None


# The questions a profile of a partner should answer; coverage names the ones the base cannot.
_KEY_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("partnership", "no partnership level"),
    ("relations", "no date of relations"),
    ("latest_trade", "no trade figure"),
    ("tourism", "no tourism figure"),
    ("visits", "no visit"),
)
KEY_QUESTIONS: tuple[str, ...] = ("partnership level", "date of relations", "trade figure", "tourism figure", "visit")


def coverage(index: FactIndex) -> CoverageResult:
    """Country by topic: how many facts, how many with a figure, and the key questions left open."""
    rows = []
    for country in sorted(index.base.countries, key=lambda c: (c.id != "VN", c.name)):
        cells = []
        for topic in TOPICS:
            facts = index.facts_of(country.id, topic)
            figures = sum(1 for f in facts if f.value is not None and f.kind in ("actual", "ranking"))
            cells.append(CoverageCell(len(facts), figures))
        gaps: tuple[str, ...] = ()
        if country.id != "VN":  # the questions are about a partner, not about Vietnam itself
            summary = summarise_country(index, country)
            gaps = tuple(gap for attribute, gap in _KEY_QUESTIONS if not getattr(summary, attribute))
        rows.append(CoverageRow(country, tuple(cells), gaps))
    return CoverageResult(TOPICS, tuple(rows), KEY_QUESTIONS)


def find_facts(index: FactIndex, fact_ids: tuple[str, ...]) -> CiteResult:
    """The facts named by id, in the order given; an unknown id suggests the closest ones."""
    import difflib  # lazy: only an unknown fact id needs suggestions

    found = []
    for fact_id in fact_ids:
        check_length(fact_id, "fact id", MAX_NAME_CHARS)
        key = fact_id.strip().lower()
        fact = index.fact_by_id(key)
        if fact is None:
            close = difflib.get_close_matches(key, index.fact_ids(), n=3, cutoff=0.6)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            raise UsageProblem(
                f"unknown fact id {fact_id!r}{hint} (ids are in the Id column of 'dipfacts show' and in --json)"
            )
        found.append(fact)
    facts = tuple(dict.fromkeys(found))
    return CiteResult(facts, evidence_of(facts))


def about(index: FactIndex) -> AboutResult:
    """What is loaded: data version, counts, the newest source and where each file came from."""
    base = index.base
    counts: dict[str, int] = {}
    for fact in index.all_facts:
        counts[fact.origin.file] = counts.get(fact.origin.file, 0) + 1
    spans = {s.id: parse_span(s.date) for s in base.sources}
    latest = max((span[1] for span in spans.values() if span), default=None)
    # Several sources may share the newest date (all five articles are dated only "2025-05").
    newest = tuple(s for s in base.sources if spans[s.id] and spans[s.id][1] == latest)  # type: ignore[index]
    files = tuple(FileCount(label, label == base.packaged_file, counts.get(label, 0)) for label in base.files)
    return AboutResult(
        data_version=base.data_version,
        newest_date=newest[0].date if newest else None,
        newest_sources=newest,
        facts=len(index.all_facts),
        countries=sum(1 for c in base.countries if index.facts_of(c.id)),
        sources=len(base.sources),
        citations=sum(len(f.citations) for f in index.all_facts),
        conflicts=len(conflicts(index).conflicts),
        files=files,
    )
