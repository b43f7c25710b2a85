"""Result records -> JSON, with a pinned schema_version. Never imports Rich."""

from __future__ import annotations

import json
from typing import Any

from dipfacts import __version__
from dipfacts.index import FactIndex
from dipfacts.model import Country, Fact
from dipfacts.query import (
    CompareResult,
    CountriesResult,
    CountrySummary,
    ProfileResult,
    SearchResult,
    SourcesResult,
    TradeResult,
    VisitsResult,
)

SCHEMA_VERSION = 1

Result = CountriesResult | ProfileResult | TradeResult | VisitsResult | CompareResult | SearchResult | SourcesResult


def envelope(command: str, query: dict[str, Any], results: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "dipfacts_version": __version__,
        "command": command,
        "query": query,
        "results": results,
    }


def dumps(document: dict[str, Any], *, ascii_only: bool = False) -> str:
    return json.dumps(document, ensure_ascii=ascii_only, indent=2, allow_nan=False)


def country_record(country: Country) -> dict[str, Any]:
    return {
        "id": country.id,
        "alpha3": country.alpha3,
        "name": country.name,
        "head_of_state": country.head_of_state,
    }


def fact_record(index: FactIndex, fact: Fact) -> dict[str, Any]:
    sources = []
    for citation in fact.citations:
        source = index.sources[citation.source]
        differs = {
            key: getattr(citation, key)
            for key in ("qualifier", "value", "change_pct", "name")
            if getattr(citation, key) is not None
        }
        sources.append(
            {
                "id": source.id,
                "mark": index.source_marks[source.id],
                "title": source.title,
                "publisher": source.publisher,
                "date": source.date,
                "paragraph": citation.paragraph,
                "excerpt": citation.excerpt,
                "differs": differs,
                "note": citation.note,
            }
        )
    record: dict[str, Any] = {
        "id": fact.id,
        "country": fact.country,
        "topic": fact.topic,
        "statement": fact.statement,
        "value": fact.value,
        "unit": fact.unit,
        "period": fact.period,
        "date": fact.date,
        "qualifier": fact.qualifier,
        "change_pct": fact.change_pct,
        "change_from": fact.change_from,
        "kind": fact.kind,
        "level": fact.level,
        "derived": fact.derived is not None,
        "derivation": (
            {"from": list(fact.derived.from_ids), "formula": fact.derived.formula} if fact.derived else None
        ),
        "note": fact.note,
        "sources": sources,
    }
    if fact.visit is not None:
        record.update(
            {
                "type": fact.visit.type,
                "start": fact.visit.start,
                "end": fact.visit.end,
                "host": fact.visit.host,
                "firsts": [{"text": first.text, "source": first.source} for first in fact.visit.firsts],
            }
        )
    return record


def _optional(index: FactIndex, fact: Fact | None) -> dict[str, Any] | None:
    return fact_record(index, fact) if fact is not None else None


def summary_record(index: FactIndex, summary: CountrySummary) -> dict[str, Any]:
    return {
        "country": country_record(summary.country),
        "partnership": _optional(index, summary.partnership),
        "relations_since": _optional(index, summary.relations),
        "latest_trade": _optional(index, summary.latest_trade),
        "tourism": _optional(index, summary.tourism),
        "visits": [fact_record(index, fact) for fact in summary.visits],
        "fact_count": summary.fact_count,
    }


def results_of(index: FactIndex, result: Result) -> list[dict[str, Any]]:
    """The ``results`` list of the JSON envelope for any command's result."""
    if isinstance(result, CountriesResult):
        return [summary_record(index, row) for row in result.rows]
    if isinstance(result, CompareResult):
        return [summary_record(index, column) for column in result.columns]
    if isinstance(result, ProfileResult):
        return [fact_record(index, fact) for fact in result.facts]
    if isinstance(result, TradeResult):
        return [fact_record(index, fact) for fact in (*result.figures, *result.rankings, *result.other)]
    if isinstance(result, VisitsResult):
        return [fact_record(index, fact) for fact in result.visits]
    if isinstance(result, SearchResult):
        return [{"score": hit.score, **fact_record(index, hit.fact)} for hit in result.hits]
    if isinstance(result, SourcesResult):
        return [
            {
                "id": entry.source.id,
                "mark": entry.mark,
                "title": entry.source.title,
                "publisher": entry.source.publisher,
                "date": entry.source.date,
                "date_note": entry.source.date_note,
                "language": entry.source.language,
                "file": entry.source.file,
                "url": entry.source.url,
                "facts": [fact.id for fact in entry.facts],
            }
            for entry in result.entries
        ]
    raise TypeError(f"no JSON form for {type(result).__name__}")
