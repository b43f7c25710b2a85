"""The JSON Schema of dipfacts' --json output (and of each --nl line), printed by `dipfacts schema`.

Fields may be added without a new schema_version; removing a field or changing its meaning is a breaking
change that raises SCHEMA_VERSION and is recorded in the changelog. A test validates the real output of
every command against this schema.
"""

from __future__ import annotations

from typing import Any

from dipfacts.model import CONFLICT_KINDS, ENTITY_KINDS, KINDS, QUALIFIERS, STATUS_LABELS, TOPICS, VISIT_TYPES

SCHEMA_VERSION = 1


def _nullable(kind: str) -> dict[str, Any]:
    return {"type": [kind, "null"]}


def _object(required: dict[str, Any], optional: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"type": "object", "required": list(required), "properties": {**required, **(optional or {})}}


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}
BOOLEAN = {"type": "boolean"}
FACT_ID = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
COUNTRY_CODE = {"type": "string", "pattern": "^[A-Z]{2}$"}
STRINGS = {"type": "array", "items": STRING}
# "packaged": checked against the articles and shipped with dipfacts; "user": from a --data file.
ORIGIN = {"enum": ["packaged", "user"]}

BOUNDS = _object(
    {
        "low": _nullable("number"),
        "high": _nullable("number"),
        "low_inclusive": BOOLEAN,
        "high_inclusive": BOOLEAN,
        "basis": {"enum": ["stated", *QUALIFIERS]},
    }
)
CITATION = _object(
    {
        "id": STRING,
        "mark": INTEGER,
        "title": STRING,
        "publisher": STRING,
        "date": STRING,
        "paragraph": {"type": "integer", "minimum": 1},
        "excerpt": STRING,
        "differs": {
            "type": "object",
            "properties": {
                "qualifier": {"enum": ["", *QUALIFIERS]},
                "value": NUMBER,
                "change_pct": NUMBER,
                "date": STRING,
                "name": STRING,
                "acronym": STRING,
                "wording": STRING,
                "omits": STRINGS,
            },
            "additionalProperties": False,
        },
        "bounds": {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/bounds"}]},
        "note": _nullable("string"),
        "origin": ORIGIN,
    }
)
FACT = _object(
    {
        "id": FACT_ID,
        "country": COUNTRY_CODE,
        "topic": {"enum": list(TOPICS)},
        "statement": STRING,
        "value": _nullable("number"),
        "unit": _nullable("string"),
        "period": _nullable("string"),
        "date": _nullable("string"),
        # When, as a person reads it: "2025-05-05 to 2025-05-07", "2025-05", "2024"; "" when undated.
        "when": STRING,
        "qualifier": {"enum": [*QUALIFIERS, None]},
        "change_pct": _nullable("number"),
        "change_from": _nullable("string"),
        "kind": {"enum": list(KINDS)},
        "status": {"enum": list(STATUS_LABELS)},
        "status_label": {"enum": list(STATUS_LABELS.values())},
        "bounds": {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/bounds"}]},
        "corroboration": {"type": "integer", "minimum": 0},  # 0: a derived value, which no article states
        "conflicts": {"type": "array", "items": {"enum": list(CONFLICT_KINDS)}},
        "differs_from": {
            "type": "array",
            "items": _object({"fact": FACT_ID, "kind": {"enum": list(CONFLICT_KINDS)}, "note": _nullable("string")}),
        },
        "level": _nullable("string"),
        "derived": BOOLEAN,
        "derivation": {"anyOf": [{"type": "null"}, _object({"from": STRINGS, "formula": STRING})]},
        "note": _nullable("string"),
        "sources": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/citation"}},
        # The people and organisations the fact names (dipfacts show NAME lists a person's facts).
        "entities": {
            "type": "array",
            "items": _object(
                {
                    "id": FACT_ID,
                    "kind": {"enum": [*ENTITY_KINDS, None]},
                    "name": _nullable("string"),
                    "role": _nullable("string"),
                    "country": {"anyOf": [{"type": "null"}, COUNTRY_CODE]},
                    "origin": {"enum": ["packaged", "user", None]},
                }
            ),
        },
        # A visit's details; null (firsts: empty) on every other fact, so that every fact has the same keys.
        "type": {"enum": [*VISIT_TYPES, None]},
        "start": _nullable("string"),  # the first day, ISO (2025-05-05) as stored; null when no source gives it
        "end": _nullable("string"),
        "host": _nullable("string"),
        "firsts": {"type": "array", "items": _object({"text": STRING, "source": STRING})},
        "origin": ORIGIN,
        "defined_at": _nullable("string"),
    },
)
COUNTRY = _object(
    {"id": COUNTRY_CODE, "alpha3": STRING, "name": STRING, "head_of_state": _nullable("string"), "origin": ORIGIN}
)
OPTIONAL_FACT = {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/fact"}]}
SUMMARY = _object(
    {
        "country": {"$ref": "#/$defs/country"},
        "partnership": OPTIONAL_FACT,
        "relations_since": OPTIONAL_FACT,
        "latest_trade": OPTIONAL_FACT,
        "tourism": OPTIONAL_FACT,
        "visits": {"type": "array", "items": {"$ref": "#/$defs/fact"}},
        "fact_count": INTEGER,
    }
)
SEARCH_HIT = {"allOf": [{"$ref": "#/$defs/fact"}, _object({"score": NUMBER})]}
SOURCE_ENTRY = _object(
    {
        "id": STRING,
        "mark": INTEGER,
        "title": STRING,
        "publisher": STRING,
        "date": STRING,
        "date_note": _nullable("string"),
        "language": STRING,
        "file": _nullable("string"),
        "url": _nullable("string"),
        "url_note": _nullable("string"),
        "related_url": _nullable("string"),
        "sha256": _nullable("string"),
        "facts": {"type": "array", "items": FACT_ID},
        "origin": ORIGIN,
    }
)
VERSION = _object(
    {
        "source": STRING,
        "paragraphs": {"type": "array", "items": INTEGER},
        "excerpts": STRINGS,
        "values": {"type": "array", "items": NUMBER},
        "qualifiers": {"type": "array", "items": {"enum": [*QUALIFIERS, None]}},
        "change_pct": {"type": "array", "items": NUMBER},
        "dates": STRINGS,
        "names": STRINGS,
        "acronyms": STRINGS,
        "wordings": STRINGS,
        "bounds": {"type": "array", "items": {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/bounds"}]}},
    }
)
CONFLICT = _object(
    {
        "fact": FACT_ID,
        "other_fact": {"anyOf": [{"type": "null"}, FACT_ID]},
        "country": COUNTRY_CODE,
        "topic": {"enum": list(TOPICS)},
        "kinds": {"type": "array", "minItems": 1, "items": {"enum": list(CONFLICT_KINDS)}},
        "kind_descriptions": STRINGS,
        "statement": STRING,
        "other_statement": _nullable("string"),
        "versions": {"type": "array", "items": {"$ref": "#/$defs/version"}},
        "note": _nullable("string"),
    }
)
COVERAGE_ROW = _object(
    {
        "country": {"$ref": "#/$defs/country"},
        "topics": {
            "type": "object",
            "propertyNames": {"enum": list(TOPICS)},
            "additionalProperties": _object({"facts": INTEGER, "figures": INTEGER}),
        },
        "gaps": STRINGS,
    }
)
CSL_ITEM = _object(
    {"id": STRING, "type": STRING, "title": STRING, "publisher": STRING, "language": STRING, "note": STRING},
    {"issued": {"type": "object"}, "URL": STRING},
)
CITED_FACT = {
    "allOf": [{"$ref": "#/$defs/fact"}, _object({"csl": {"type": "array", "items": {"$ref": "#/$defs/csl_item"}}})]
}
ABOUT = _object(
    {
        "dipfacts_version": STRING,
        "data_version": STRING,
        "newest_source_date": _nullable("string"),
        "newest_sources": STRINGS,
        "facts": INTEGER,
        "countries": INTEGER,
        "sources": INTEGER,
        "citations": INTEGER,
        "conflicts": INTEGER,
        "files": {"type": "array", "items": _object({"path": STRING, "packaged": BOOLEAN, "facts": INTEGER})},
    }
)
PROBLEM = _object({"problem": STRING})

# The record each command's "results" holds.
RECORD_OF_COMMAND: dict[str, str] = {
    "countries": "summary",
    "compare": "summary",
    "show": "fact",
    "trade": "fact",
    "visits": "fact",
    "timeline": "fact",
    "search": "search_hit",
    "sources": "source_entry",
    "conflicts": "conflict",
    "coverage": "coverage_row",
    "cite": "cited_fact",
    "about": "about",
    "check": "problem",
}


def output_schema() -> dict[str, Any]:
    """The schema of the --json envelope; ``$defs`` also describe each --nl line (a record)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://dipfacts.invalid/schema/output-v{SCHEMA_VERSION}.json",
        "title": "dipfacts --json output",
        "description": (
            "One object per run. results holds the records of the command named in command; with --nl each line"
            " is one such record (see $defs). Fields may be added; a removal or change of meaning raises"
            " schema_version."
        ),
        "type": "object",
        "required": ["schema_version", "dipfacts_version", "command", "query", "results"],
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "dipfacts_version": STRING,
            "command": {"enum": list(RECORD_OF_COMMAND)},
            "query": {"type": "object"},
            "results": {"type": "array"},
        },
        "allOf": [
            {
                "if": {"properties": {"command": {"const": command}}},
                "then": {"properties": {"results": {"items": {"$ref": f"#/$defs/{record}"}}}},
            }
            for command, record in RECORD_OF_COMMAND.items()
        ],
        "$defs": {
            "bounds": BOUNDS,
            "citation": CITATION,
            "fact": FACT,
            "country": COUNTRY,
            "summary": SUMMARY,
            "search_hit": SEARCH_HIT,
            "source_entry": SOURCE_ENTRY,
            "version": VERSION,
            "conflict": CONFLICT,
            "coverage_row": COVERAGE_ROW,
            "csl_item": CSL_ITEM,
            "cited_fact": CITED_FACT,
            "about": ABOUT,
            "problem": PROBLEM,
        },
    }
