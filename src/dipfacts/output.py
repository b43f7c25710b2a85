"""Result records -> JSON (with a pinned schema_version), JSON lines, CSV and TSV. Never imports Rich."""

from __future__ import annotations

import functools
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast

from dipfacts import SCHEMA_VERSION, __version__
from dipfacts.errors import UsageProblem
from dipfacts.model import CONFLICT_KINDS, STATUS_LABELS, TOPICS, Country, Entity, Fact, Number, Source
from dipfacts.results import (
    AllTradeResult,
    Bounds,
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
from dipfacts.safe import json_safe, visible

if TYPE_CHECKING:
    from decimal import Decimal

    from dipfacts.contract import (
        AboutRecord,
        BoundsRecord,
        CitationDiffers,
        CitationRecord,
        CitedFactRecord,
        ClaimCheckRecord,
        ConflictRecord,
        CountryRecord,
        CoverageRecord,
        CslItem,
        CslItemOptional,
        EntityRecord,
        Envelope,
        FactRecord,
        OutputRecord,
        Provenance,
        SearchHitRecord,
        SourceEntryRecord,
        SummaryRecord,
        VersionRecord,
    )
    from dipfacts.model import Citation
    from dipfacts.results import Catalogue, SearchHit, SourceEntry
    from dipfacts.trust_results import (
        AboutResult,
        Check,
        CiteResult,
        Conflict,
        ConflictsResult,
        CoverageResult,
        CoverageRow,
        TimelineResult,
        VerifyResult,
    )

    Result = (
        CountriesResult | ProfileResult | EntityResult | TradeResult | AllTradeResult | VisitsResult | CompareResult
        | SearchResult | SourcesResult | ConflictsResult | TimelineResult | CoverageResult | CiteResult | AboutResult
        | VerifyResult
    )  # fmt: skip


@functools.cache
def _layout() -> Any:
    """dipfacts.schema, which holds the CSV layouts: imported only by the paths that write CSV or TSV."""
    from dipfacts import schema  # lazy: its column tables cost more than a JSON lookup's whole output

    return schema


def envelope(command: str, query: dict[str, Any], results: list[dict[str, Any]]) -> dict[str, Any]:
    document: Envelope = {
        "schema_version": SCHEMA_VERSION,
        "dipfacts_version": __version__,
        "command": command,
        "query": query,
        "results": results,
    }
    return cast("dict[str, Any]", document)


def plain(records: Iterable[OutputRecord]) -> Iterable[dict[str, Any]]:
    """Typed records as the writers take them: plain dicts. A cast, which costs nothing.

    To mypy a TypedDict is no dict[str, Any] (a dict may gain any key); the writers only read a record.
    """
    return cast("Iterable[dict[str, Any]]", records)


def dumps(document: dict[str, Any], *, ascii_only: bool = False, pretty: bool = True) -> str:
    """JSON that keeps every stored character, with none that could drive a terminal left raw.

    Indented for a person; compact for a program (as gh does when its output is piped), which is also
    several times faster, since only compact JSON is written by the C encoder.
    """
    layout: dict[str, Any] = {"indent": 2} if pretty else {"separators": (",", ":")}
    return json_safe(json.dumps(document, ensure_ascii=ascii_only, allow_nan=False, **layout))


def origin_of(record: Fact | Source | Country | Entity) -> Provenance:
    """Where a record comes from: "packaged" (checked against the articles) or "user" (a --data file)."""
    return "user" if record.user else "packaged"


def country_record(country: Country) -> CountryRecord:
    return {
        "id": country.id,
        "alpha3": country.alpha3,
        "name": country.name,
        "head_of_state": country.head_of_state,
        "origin": origin_of(country),
    }


def fact_record(index: Catalogue, evidence: Evidence) -> FactRecord:
    fact = evidence.fact
    sources: list[CitationRecord] = []
    for citation, own_bounds in zip(fact.citations, evidence.citation_bounds, strict=True):
        source = index.sources[citation.source]
        sources.append(
            {
                "id": source.id,
                "mark": index.source_marks[source.id],
                "title": source.title,
                "publisher": source.publisher,
                "date": source.date,
                "paragraph": citation.paragraph,
                "excerpt": citation.excerpt,
                "differs": differs_record(citation),
                "bounds": bounds_record(own_bounds),
                "note": citation.note,
                "origin": origin_of(source),
            }
        )
    visit = fact.visit
    record: FactRecord = {
        "id": fact.id,
        "country": fact.country,
        "topic": fact.topic,
        "statement": fact.statement,
        "value": fact.value,
        "unit": fact.unit,
        "period": fact.period,
        "date": fact.date,
        "when": evidence.when,
        "qualifier": fact.qualifier,
        "change_pct": fact.change_pct,
        "change_from": fact.change_from,
        "kind": fact.kind,
        "status": fact.status,
        "status_label": STATUS_LABELS[fact.status],
        "bounds": bounds_record(evidence.bounds),
        "corroboration": evidence.backed,
        "conflicts": list(evidence.differences) + [link.kind for link in fact.differs_from],
        "differs_from": [{"fact": link.fact, "kind": link.kind, "note": link.note} for link in fact.differs_from],
        "level": fact.level,
        "derived": fact.derived is not None,
        "derivation": (
            {"from": list(fact.derived.from_ids), "formula": fact.derived.formula} if fact.derived else None
        ),
        "note": fact.note,
        "sources": sources,
        "entities": [entity_record(index, entity_id) for entity_id in fact.entities],
        # Every fact has the visit fields, null (firsts: empty) but for a visit: one shape for every record.
        "type": visit.type if visit else None,
        "start": visit.start if visit else None,
        "end": visit.end if visit else None,
        "host": visit.host if visit else None,
        "firsts": [{"text": first.text, "source": first.source} for first in visit.firsts] if visit else [],
        "origin": origin_of(fact),
        # A user file's record says where it is, for whoever has to check it; the packaged base is the same
        # everywhere, so its records name no file.
        "defined_at": str(fact.origin) if fact.user else None,
    }
    return record


def differs_record(citation: Citation) -> CitationDiffers:
    """What a source states otherwise than its fact: only the fields it gives, always in this order."""
    differs: CitationDiffers = {}
    if citation.qualifier is not None:
        differs["qualifier"] = citation.qualifier
    if citation.value is not None:
        differs["value"] = citation.value
    if citation.change_pct is not None:
        differs["change_pct"] = citation.change_pct
    if citation.date is not None:
        differs["date"] = citation.date
    if citation.name is not None:
        differs["name"] = citation.name
    if citation.acronym is not None:
        differs["acronym"] = citation.acronym
    if citation.wording is not None:
        differs["wording"] = citation.wording
    if citation.omits:
        differs["omits"] = list(citation.omits)
    return differs


def bounds_record(found: Bounds | None) -> BoundsRecord | None:
    if found is None:
        return None
    return {
        "low": found.low,
        "high": found.high,
        "low_inclusive": found.low_inclusive,
        "high_inclusive": found.high_inclusive,
        "basis": found.basis,
    }


def version_record(version: SourceVersion) -> VersionRecord:
    return {
        "source": version.source,
        "paragraphs": sorted({c.paragraph for c in version.citations}),
        "excerpts": [c.excerpt for c in version.citations],
        "values": list(version.values),
        "qualifiers": list(version.qualifiers),
        "change_pct": list(version.changes),
        "dates": list(version.dates),
        "names": list(version.names),
        "acronyms": list(version.acronyms),
        "wordings": list(version.wordings),
        "bounds": [bounds_record(found) for found in version.bounds],
    }


def _optional(index: Catalogue, evidence: Evidences, fact: Fact | None) -> FactRecord | None:
    return fact_record(index, evidence[fact.id]) if fact is not None else None


def summary_record(index: Catalogue, summary: CountrySummary) -> SummaryRecord:
    shown = summary.evidence
    return {
        "country": country_record(summary.country),
        "partnership": _optional(index, shown, summary.partnership),
        "relations_since": _optional(index, shown, summary.relations),
        "latest_trade": _optional(index, shown, summary.latest_trade),
        "tourism": _optional(index, shown, summary.tourism),
        "visits": [fact_record(index, shown[fact.id]) for fact in summary.visits],
        "fact_count": summary.fact_count,
    }


def _fact_records(index: Catalogue, evidence: Evidences, facts: Iterable[Fact]) -> Iterable[dict[str, Any]]:
    return plain(fact_record(index, evidence[fact.id]) for fact in facts)


def results_of(index: Catalogue, result: Result) -> list[dict[str, Any]]:
    """The ``results`` list of the JSON envelope for any command's result."""
    return list(iter_results(index, result))


def iter_results(index: Catalogue, result: Result) -> Iterator[dict[str, Any]]:
    """The records of any command's result, made one at a time (so that 100,000 are never all held)."""
    form = _LOOKUP_FORMS.get(type(result)) or json_forms().get(type(result))
    if form is None:
        raise TypeError(f"no JSON form for a {type(result).__name__}")
    return iter(form(index, result))


def _countries(index: Catalogue, result: CountriesResult) -> Iterable[dict[str, Any]]:
    return plain(summary_record(index, row) for row in result.rows)


def _compare(index: Catalogue, result: CompareResult) -> Iterable[dict[str, Any]]:
    return plain(summary_record(index, column) for column in result.columns)


def _profile(index: Catalogue, result: ProfileResult) -> Iterable[dict[str, Any]]:
    return _fact_records(index, result.evidence, result.facts)


def _entity(index: Catalogue, result: EntityResult) -> Iterable[dict[str, Any]]:
    return _fact_records(index, result.evidence, result.facts)


def entity_record(index: Catalogue, entity_id: str) -> EntityRecord:
    """A person or organisation a fact names, as a fact's JSON gives it."""
    entity = index.entities.get(entity_id)
    if entity is None:
        return {"id": entity_id, "kind": None, "name": None, "role": None, "country": None, "origin": None}
    return {
        "id": entity.id, "kind": entity.kind, "name": entity.name, "role": entity.role, "country": entity.country,
        "origin": origin_of(entity),
    }  # fmt: skip


def _trade(index: Catalogue, result: TradeResult) -> Iterable[dict[str, Any]]:
    return _fact_records(index, result.evidence, (*result.figures, *result.rankings, *result.other))


def _all_trade(index: Catalogue, result: AllTradeResult) -> Iterable[dict[str, Any]]:
    return (record for part in result.countries for record in _fact_records(index, part.evidence, part.figures))


def _visits(index: Catalogue, result: VisitsResult) -> Iterable[dict[str, Any]]:
    return _fact_records(index, result.evidence, result.visits)


def _search(index: Catalogue, result: SearchResult) -> Iterable[dict[str, Any]]:
    return plain(search_hit_record(index, hit, result.evidence[hit.fact.id]) for hit in result.hits)


def search_hit_record(index: Catalogue, hit: SearchHit, evidence: Evidence) -> SearchHitRecord:
    return {"score": hit.score, **fact_record(index, evidence)}


def _sources(index: Catalogue, result: SourcesResult) -> Iterable[dict[str, Any]]:
    return plain(source_entry_record(entry) for entry in result.entries)


def source_entry_record(entry: SourceEntry) -> SourceEntryRecord:
    return {
        "id": entry.source.id,
        "mark": entry.mark,
        "title": entry.source.title,
        "publisher": entry.source.publisher,
        "date": entry.source.date,
        "date_note": entry.source.date_note,
        "language": entry.source.language,
        "file": entry.source.file,
        "url": entry.source.url,
        "url_note": entry.source.url_note,
        "related_url": entry.source.related_url,
        "sha256": entry.source.sha256,
        "facts": [fact.id for fact in entry.facts],
        "origin": origin_of(entry.source),
    }


def _conflicts(index: Catalogue, result: ConflictsResult) -> Iterable[dict[str, Any]]:
    return plain(conflict_record(conflict) for conflict in result.conflicts)


def conflict_record(conflict: Conflict) -> ConflictRecord:
    return {
        "fact": conflict.fact.id,
        "other_fact": conflict.other.id if conflict.other else None,
        "country": conflict.fact.country,
        "topic": conflict.fact.topic,
        "kinds": list(conflict.kinds),
        "kind_descriptions": [CONFLICT_KINDS[kind] for kind in conflict.kinds],
        "statement": conflict.fact.statement,
        "other_statement": conflict.other.statement if conflict.other else None,
        "versions": [version_record(v) for v in conflict.versions],
        "note": conflict.note,
    }


def _timeline(index: Catalogue, result: TimelineResult) -> Iterable[dict[str, Any]]:
    return _fact_records(index, result.evidence, (*result.entries, *result.year_unknown))


def _coverage(index: Catalogue, result: CoverageResult) -> Iterable[dict[str, Any]]:
    return plain(coverage_record(result.topics, row) for row in result.rows)


def coverage_record(topics: tuple[str, ...], row: CoverageRow) -> CoverageRecord:
    return {
        "country": country_record(row.country),
        "topics": {
            topic: {"facts": cell.facts, "figures": cell.figures} for topic, cell in zip(topics, row.cells, strict=True)
        },
        "gaps": list(row.gaps),
    }


def _cite(index: Catalogue, result: CiteResult) -> Iterable[dict[str, Any]]:
    return plain(cited_fact_record(index, result.evidence[fact.id]) for fact in result.facts)


def cited_fact_record(index: Catalogue, evidence: Evidence) -> CitedFactRecord:
    return {**fact_record(index, evidence), "csl": csl_items(index, (evidence.fact,))}


def _about(index: Catalogue, result: AboutResult) -> Iterable[dict[str, Any]]:
    return plain([about_record(result)])


def about_record(result: AboutResult) -> AboutRecord:
    return {
        "dipfacts_version": __version__,
        "data_version": result.data_version,
        "newest_source_date": result.newest_date,
        "newest_sources": [source.id for source in result.newest_sources],
        "facts": result.facts,
        "countries": result.countries,
        "sources": result.sources,
        "citations": result.citations,
        "conflicts": result.conflicts,
        "files": [{"path": f.path, "packaged": f.packaged, "facts": f.facts} for f in result.files],
    }


def _verify(index: Catalogue, result: VerifyResult) -> Iterable[dict[str, Any]]:
    return plain(claim_check_record(index, check) for check in result.checks)


def claim_check_record(index: Catalogue, check: Check) -> ClaimCheckRecord:
    claim = check.claim
    return {
        "start": claim.start,
        "end": claim.end,
        "line": check.line,
        "column": check.column,
        "text": claim.text,
        "kind": claim.kind,
        "value": None if claim.value is None else _json_number(claim.value),
        "unit": claim.unit,
        "qualifier": claim.qualifier,
        "readings": [_json_number(reading) for reading in claim.readings],
        "reading_note": claim.reading_note,
        "period": claim.period,
        "change_from": claim.change_from,
        "date": claim.date,
        "level": claim.level,
        "target": claim.target,
        "countries": list(claim.countries),
        "verdict": check.verdict,
        "reason": check.reason,
        "facts": [fact.id for fact in check.facts],
        "sources": list(check.sources),
        "marks": sorted({index.source_marks[s] for s in check.sources if s in index.source_marks}),
    }


def _json_number(value: Decimal) -> Number:
    """A number of a draft as JSON gives it: an int when whole."""
    return int(value) if value == value.to_integral_value() else float(value)


JsonForm = Callable[["Catalogue", Any], Iterable[dict[str, Any]]]
# Each result type's records: a lookup's here, and (json_forms) the trust commands' too.
_LOOKUP_FORMS: dict[type, JsonForm] = {
    CountriesResult: _countries,
    CompareResult: _compare,
    ProfileResult: _profile,
    EntityResult: _entity,
    TradeResult: _trade,
    AllTradeResult: _all_trade,
    VisitsResult: _visits,
    SearchResult: _search,
    SourcesResult: _sources,
}


@functools.cache
def json_forms() -> Mapping[type, JsonForm]:
    """The JSON form of every result type, by type."""
    # lazy: the trust commands' result types cost start-up time that a lookup's JSON never needs
    from dipfacts import trust_results as trust

    return {
        **_LOOKUP_FORMS,
        trust.ConflictsResult: _conflicts, trust.TimelineResult: _timeline, trust.CoverageResult: _coverage,
        trust.CiteResult: _cite, trust.AboutResult: _about, trust.VerifyResult: _verify,
    }  # fmt: skip


# ----------------------------------------------------------------------------- formats


def select_fields(records: list[dict[str, Any]], fields: tuple[str, ...], *, command: str = "") -> list[dict[str, Any]]:
    """Keep only ``fields`` (top-level keys) of each record, in the order asked; an unknown one lists the valid."""
    if not fields or not records:
        return records
    valid = list(dict.fromkeys(key for record in records for key in record))
    unknown = [name for name in fields if name not in valid]
    if unknown:
        where = f"'{command}' " if command else ""
        column = (
            f" ({unknown[0]!r} is a --csv/--tsv column)" if unknown[0] in _layout().CSV_COLUMNS.get(command, ()) else ""
        )
        raise UsageProblem(
            f"unknown field {unknown[0]!r} for {where}--json and --nl{column}; valid fields: {', '.join(valid)}"
        )
    return [{name: record.get(name) for name in fields} for record in records]


def stream_json(
    command: str, query: dict[str, Any], records: Iterable[dict[str, Any]], *, ascii_only: bool = False
) -> Iterator[str]:
    """The compact --json document in pieces: the envelope, then one record at a time."""
    head = dumps({**envelope(command, query, []), "results": None}, ascii_only=ascii_only, pretty=False)
    yield head[: -len("null}")] + "["
    for number, record in enumerate(records):
        text = json.dumps(record, ensure_ascii=ascii_only, allow_nan=False, separators=(",", ":"))
        yield ("," if number else "") + json_safe(text)
    yield "]}\n"


def to_lines(records: Iterable[dict[str, Any]], *, ascii_only: bool = False) -> str:
    """JSON lines: one record a line (no envelope), for streaming into jq."""
    return "".join(
        json_safe(json.dumps(record, ensure_ascii=ascii_only, allow_nan=False, separators=(",", ":"))) + "\n"
        for record in records
    )


def csv_columns(command: str, fields: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The --csv/--tsv header of ``command``: every column, or ``fields`` (checked against them) in that order."""
    columns = _layout().CSV_COLUMNS.get(command)
    if columns is None:
        raise UsageProblem(f"'{command}' has no --csv or --tsv output")
    unknown = [name for name in fields if name not in columns]
    if unknown:
        raise UsageProblem(
            f"unknown field {unknown[0]!r} for '{command}' --csv and --tsv; valid fields: {', '.join(columns)}"
        )
    return fields or columns


def iter_rows(index: Catalogue, result: Result, command: str) -> Iterator[dict[str, Any]]:
    """The --csv/--tsv rows of a command's result: each has exactly the command's columns, no nested value."""
    flatten = _ROWS[_layout().RECORD_OF_COMMAND[command]]
    return (flatten(record) for record in iter_results(index, result))


def stream_csv(columns: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """CSV, one row a record under a header, quoted as RFC 4180 says (QUOTE_MINIMAL) but with LF line ends,
    so that awk, cut and `while read` see no stray carriage return.

    Control characters in text show as visible escapes, as in a table (a tab becomes a space); a cell that a
    spreadsheet would run as a formula is made text (spreadsheet_safe).
    """
    import csv  # lazy: only --csv needs it

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[column], visible) for column in columns])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def to_csv(command: str, records: Iterable[dict[str, Any]], fields: tuple[str, ...] = ()) -> str:
    """The --csv text of ``command``'s records (as iter_results makes them)."""
    flatten = _ROWS[_layout().RECORD_OF_COMMAND[command]]
    return "".join(stream_csv(csv_columns(command, fields), (flatten(record) for record in records)))


def stream_tsv(columns: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """TSV: the CSV's columns and cells, tab-separated, one line a record, LF line ends, no quoting.

    A tab, newline, carriage return or backslash in a value is written \\t, \\n, \\r, \\\\ (as "linear TSV"
    and PostgreSQL's text format do), so `cut -f` and `awk -F'\\t'` always see one line a record.
    """
    yield "\t".join(_tsv_escape(column) for column in columns) + "\n"
    for row in rows:
        yield "\t".join(_tsv_cell(row[column]) for column in columns) + "\n"


def to_tsv(command: str, records: Iterable[dict[str, Any]], fields: tuple[str, ...] = ()) -> str:
    """The --tsv text of ``command``'s records (as iter_results makes them)."""
    flatten = _ROWS[_layout().RECORD_OF_COMMAND[command]]
    return "".join(stream_tsv(csv_columns(command, fields), (flatten(record) for record in records)))


def _cell(value: object, visible: Callable[[str], str]) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return visible(spreadsheet_safe(value))
    return visible(str(value))


_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TSV_SPECIAL = re.compile(r"([\\\t\n\r])")


def _tsv_escape(text: str) -> str:
    return _TSV_SPECIAL.sub(lambda match: _TSV_ESCAPES[match.group(1)], text)


def _tsv_cell(value: object) -> str:
    """A CSV cell's text, written the TSV way: its own tabs and line breaks escaped, not shown as spaces."""
    if not isinstance(value, str) or value.isprintable():
        return _tsv_escape(_cell(value, visible))
    # The other hidden characters show as visible escapes (\x1b), whose backslash is then doubled as any other.
    parts = _TSV_SPECIAL.split(spreadsheet_safe(value))
    return "".join(_TSV_ESCAPES[part] if part in _TSV_ESCAPES else _tsv_escape(visible(part)) for part in parts)


# What a spreadsheet reads as the start of a formula (OWASP, "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """Text that a spreadsheet will not run: a leading ' before a formula start, unless it is a number.

    As OWASP recommends; "-12.5" stays a number, "=HYPERLINK(...)" and "-2+3" become text.
    """
    if not text.startswith(_FORMULA_STARTS):
        return text
    try:
        float(text)
    except ValueError:
        return "'" + text
    return text


# ----------------------------------------------------------------------------- flat rows (--csv, --tsv)
# Each function turns one JSON record into one row with exactly the columns dipfacts.schema documents.


def _ids(items: Iterable[object]) -> str:
    return "; ".join("" if item is None else str(item) for item in items)


def _texts(items: Iterable[object]) -> str:
    return " | ".join("" if item is None else str(item) for item in items)


def _citations(sources: list[dict[str, Any]]) -> str:
    return "; ".join(f"{source['id']} \u00b6{source['paragraph']}" for source in sources)


def fact_row(record: dict[str, Any]) -> dict[str, Any]:
    bounds = record["bounds"] or {}
    derivation = record["derivation"] or {}
    row = {key: record[key] for key in _FACT_SCALARS}
    row.update(
        {
            "bounds.low": bounds.get("low"),
            "bounds.high": bounds.get("high"),
            "bounds.low_inclusive": bounds.get("low_inclusive"),
            "bounds.high_inclusive": bounds.get("high_inclusive"),
            "bounds.basis": bounds.get("basis"),
            "conflicts": _ids(record["conflicts"]),
            "differs_from": _ids(link["fact"] for link in record["differs_from"]),
            "differs_from_kinds": _ids(link["kind"] for link in record["differs_from"]),
            "differs_from_notes": _texts(link["note"] for link in record["differs_from"]),
            "derivation.from": _ids(derivation.get("from", ())),
            "derivation.formula": derivation.get("formula"),
            "sources": _citations(record["sources"]),
            "excerpts": _texts(source["excerpt"] for source in record["sources"]),
            "entities": _ids(entity["id"] for entity in record["entities"]),
            "entity_names": _ids(entity["name"] for entity in record["entities"]),
            "firsts": _texts(first["text"] for first in record["firsts"]),
            "firsts_sources": _ids(first["source"] for first in record["firsts"]),
        }
    )
    return {column: row[column] for column in _layout().CSV_COLUMNS["show"]}


# The fact columns that hold a JSON field as it is.
_FACT_SCALARS = (
    "id", "country", "topic", "statement", "value", "unit", "period", "date", "when", "qualifier", "change_pct",
    "change_from", "kind", "status", "status_label", "corroboration", "level", "derived", "note", "type", "start",
    "end", "host", "origin", "defined_at",
)  # fmt: skip


def _country_row(country: dict[str, Any]) -> dict[str, Any]:
    return {f"country.{key}": country[key] for key in ("id", "alpha3", "name", "head_of_state", "origin")}


def summary_row(record: dict[str, Any]) -> dict[str, Any]:
    row = _country_row(record["country"])
    for key in _layout().SUMMARY_FACTS:
        fact = record[key] or {}
        for part, _text in _layout().SUMMARY_FACT_PARTS:
            value = fact.get(part)
            row[f"{key}.{part}"] = _citations(value) if part == "sources" and value else value
    row["visits"] = _ids(visit["id"] for visit in record["visits"])
    row["visit_dates"] = _ids(visit["when"] for visit in record["visits"])
    row["fact_count"] = record["fact_count"]
    return row


def search_row(record: dict[str, Any]) -> dict[str, Any]:
    return {"score": record["score"], **fact_row(record)}


def _per_version(versions: list[dict[str, Any]], key: str) -> str:
    return " | ".join(_ids("stated" if item is None and key == "qualifiers" else item for item in version[key])
                      for version in versions)  # fmt: skip


_VERSION_PARTS = (
    "paragraphs", "excerpts", "values", "qualifiers", "change_pct", "dates", "names", "acronyms", "wordings",
)  # fmt: skip


def conflict_row(record: dict[str, Any]) -> dict[str, Any]:
    versions = record["versions"]
    return {
        "fact": record["fact"],
        "other_fact": record["other_fact"],
        "country": record["country"],
        "topic": record["topic"],
        "kinds": _ids(record["kinds"]),
        "kind_descriptions": _texts(record["kind_descriptions"]),
        "statement": record["statement"],
        "other_statement": record["other_statement"],
        "versions": _texts(version["source"] for version in versions),
        **{f"version_{key}": _per_version(versions, key) for key in _VERSION_PARTS},
        "note": record["note"],
    }


def coverage_row(record: dict[str, Any]) -> dict[str, Any]:
    row = _country_row(record["country"])
    for topic in TOPICS:
        cell = record["topics"].get(topic, {})
        row[f"{topic}.facts"] = cell.get("facts", 0)
        row[f"{topic}.figures"] = cell.get("figures", 0)
    row["gaps"] = _ids(record["gaps"])
    return row


def check_row(record: dict[str, Any]) -> dict[str, Any]:
    """A verify record as a row: lists joined with '; '."""
    row = dict(record)
    for key in ("readings", "countries", "facts", "sources", "marks"):
        row[key] = _ids(record[key])
    return {column: row[column] for column in _layout().CSV_COLUMNS["verify"]}


_ROWS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "fact": fact_row,
    "summary": summary_row,
    "search_hit": search_row,
    "conflict": conflict_row,
    "coverage_row": coverage_row,
    "claim_check": check_row,
}


# ----------------------------------------------------------------------------- citations

_LANGUAGES = {"fr": "french", "en": "english", "vi": "vietnamese", "ru": "russian"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _cited(index: Catalogue, facts: tuple[Fact, ...]) -> dict[str, list[tuple[Fact, int, str]]]:
    """Source id -> (fact, paragraph, excerpt) in citation order, sources in the base's order."""
    found: dict[str, list[tuple[Fact, int, str]]] = {}
    for fact in facts:
        for citation in fact.citations:
            found.setdefault(citation.source, []).append((fact, citation.paragraph, citation.excerpt))
    return {s: found[s] for s in sorted(found, key=lambda s: index.source_marks.get(s, 0))}


def _quotes(items: list[tuple[Fact, int, str]]) -> str:
    """The source's own words, grouped by paragraph: ¶22: “...” “...”; ¶23: “...”."""
    by_paragraph: dict[int, list[str]] = {}
    for _fact, paragraph, excerpt in items:
        excerpts = by_paragraph.setdefault(paragraph, [])
        if excerpt not in excerpts:
            excerpts.append(excerpt)
    return "; ".join(
        f"\u00b6{paragraph}: " + " ".join(f"\u201c{excerpt}\u201d" for excerpt in excerpts)
        for paragraph, excerpts in sorted(by_paragraph.items())
    )


def citation_text(index: Catalogue, facts: tuple[Fact, ...], fmt: str) -> str:
    """A ready-to-paste citation of the facts' sources in ``fmt`` (text, markdown, bibtex or csl-json)."""
    if fmt == "csl-json":
        return dumps_list(cast("list[dict[str, Any]]", csl_items(index, facts)))
    if fmt == "bibtex":
        return "\n\n".join(_bibtex_entry(index.sources[s], items) for s, items in _cited(index, facts).items())
    markdown = fmt == "markdown"
    lines: list[str] = []
    for fact in facts:
        lines.append(f"**{_md(fact.id)}**: {_md(fact.statement)}" if markdown else f"{fact.id}: {fact.statement}")
        lines.append("")
        for source_id, items in _cited(index, (fact,)).items():
            source = index.sources[source_id]
            quotes = _quotes(items)
            if markdown:
                lines.append(f"- {_md(source.publisher)}, *{_md(source.title)}*, {source.date}. {_md(quotes)}")
            else:
                lines.append(f"  [{index.source_marks[source_id]}] {source.publisher}, \u201c{source.title}\u201d,"
                             f" {source.date}. {quotes}")  # fmt: skip
            if source.url:
                lines.append(f"  <{_url(source.url)}>" if markdown else f"  {source.url}")
        lines.append("")
    version = index.base.data_version or "unversioned"
    lines.append(f"Retrieved with dipfacts {__version__} (data {version}).")
    return "\n".join(lines)


def _url(url: str) -> str:
    """A URL with every character that could end a Markdown link or a BibTeX field percent-encoded.

    `check` already refuses such URLs; this keeps a citation well-formed whatever reaches it.
    """
    return "".join(char if " " < char <= "~" and char not in '"<>\\^`{|}' else _percent(char) for char in url)


def _percent(char: str) -> str:
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8"))


def _md(text: str) -> str:
    # Data must not turn into Markdown markup (links, emphasis, HTML) when pasted.
    return "".join("\\" + char if char in "\\`*_{}[]()<>#+!|" else char for char in text)


def _bibtex_escape(text: str) -> str:
    for char in "\\{}":
        text = text.replace(char, {"\\": "\\textbackslash{}", "{": "\\{", "}": "\\}"}[char])
    for char in "&%$#_":
        text = text.replace(char, "\\" + char)
    return text.replace("~", "\\textasciitilde{}").replace("^", "\\textasciicircum{}")


def _bibtex_entry(source: Source, items: list[tuple[Fact, int, str]]) -> str:
    from dipfacts.dates import parse_single  # lazy: a cached lookup never parses a date; a citation does

    fields: list[tuple[str, str]] = [
        ("title", "{" + _bibtex_escape(source.title) + "}"),
        ("publisher", _bibtex_escape(source.publisher)),
    ]
    key = parse_single(source.date)
    month = None
    if key:
        fields.append(("year", str(key[0])))
        month = _MONTHS[key[1] - 1] if key[1] else None
    fields.append(("language", _LANGUAGES.get(source.language, source.language)))
    if source.url:
        fields.append(("url", _url(source.url)))
    facts = ", ".join(dict.fromkeys(fact.id for fact, _p, _e in items))
    fields.append(("note", _bibtex_escape(f"dipfacts fact {facts}; {_quotes(items)}")))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    if month:
        body += f",\n  month = {month}"
    return f"@misc{{{source.id},\n{body}\n}}"


def csl_items(index: Catalogue, facts: tuple[Fact, ...]) -> list[CslItem]:
    """CSL-JSON items (as Zotero, Pandoc and citeproc read them), one per source."""
    from dipfacts.dates import parse_single  # lazy: a cached lookup never parses a date; a citation does

    items: list[CslItem] = []
    for source_id, cited in _cited(index, facts).items():
        source = index.sources[source_id]
        key = parse_single(source.date)
        dated_and_linked: CslItemOptional = {}
        if key:
            dated_and_linked["issued"] = {"date-parts": [[part for part in key if part]]}
        if source.url:
            dated_and_linked["URL"] = source.url
        fact_ids = ", ".join(dict.fromkeys(fact.id for fact, _p, _e in cited))
        # The optional keys sit between the language and the note, as they always have.
        item: CslItem = {
            "id": source.id,
            "type": "article-newspaper",
            "title": source.title,
            "publisher": source.publisher,
            "language": source.language,
            **dated_and_linked,
            "note": f"dipfacts fact {fact_ids}; {_quotes(cited)}",
        }
        items.append(item)
    return items


def dumps_list(items: list[dict[str, Any]], *, ascii_only: bool = False) -> str:
    return json_safe(json.dumps(items, ensure_ascii=ascii_only, indent=2, allow_nan=False))
