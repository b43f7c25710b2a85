"""The JSON Schema of dipfacts' --json output (and of each --nl line), printed by `dipfacts schema`, and the
columns of its --csv and --tsv output (`dipfacts schema --columns`).

Fields may be added without a new schema_version; removing a field or changing its meaning is a breaking
change that raises SCHEMA_VERSION and is recorded in the changelog. A test validates the real output of
every command against this schema.
"""

from __future__ import annotations

from typing import Any

from dipfacts import SCHEMA_VERSION as SCHEMA_VERSION  # re-exported: the schema pins it
from dipfacts.model import CONFLICT_KINDS, ENTITY_KINDS, KINDS, QUALIFIERS, STATUS_LABELS, TOPICS, VISIT_TYPES


def _nullable(kind: str) -> dict[str, Any]:
    return {"type": [kind, "null"]}


def _object(required: dict[str, Any], optional: dict[str, Any] | None = None) -> dict[str, Any]:
    """A record's schema: no field beyond those listed, so that a field the code adds alone fails the tests."""
    return {
        "type": "object",
        "required": list(required),
        "properties": {**required, **(optional or {})},
        "additionalProperties": False,
    }


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


def _fact_with(extra: dict[str, Any]) -> dict[str, Any]:
    """A fact record with more fields first (a search hit's score, a citation's CSL items), closed like it."""
    return {**FACT, "required": [*extra, *FACT["required"]], "properties": {**extra, **FACT["properties"]}}


SEARCH_HIT = _fact_with({"score": NUMBER})
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
    # A source's date as CSL gives it: [[year, month, day]], month and day only where the source states them.
    {"issued": _object({"date-parts": {"type": "array", "items": {"type": "array", "items": INTEGER}}}), "URL": STRING},
)
CITED_FACT = _fact_with({"csl": {"type": "array", "items": {"$ref": "#/$defs/csl_item"}}})
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
# One claim of a draft (dipfacts verify): where it is, what it says, and what the base says of it.
CLAIM_CHECK = _object(
    {
        "start": {"type": "integer", "minimum": 0},  # character offsets in the draft, end excluded
        "end": {"type": "integer", "minimum": 0},
        "line": {"type": "integer", "minimum": 1},
        "column": {"type": "integer", "minimum": 1},
        "text": STRING,
        "kind": {"enum": ["figure", "change", "rank", "date", "level"]},
        "value": _nullable("number"),  # null for a date, a level, or an ambiguous number (see readings)
        "unit": _nullable("string"),
        "qualifier": {"enum": ["over", "nearly", "about", "under", None]},
        "readings": {"type": "array", "items": NUMBER},
        "reading_note": _nullable("string"),
        "period": _nullable("string"),
        "change_from": _nullable("string"),
        "date": _nullable("string"),
        "level": _nullable("string"),
        "target": BOOLEAN,
        "countries": {"type": "array", "items": COUNTRY_CODE},
        "verdict": {"enum": ["agrees", "differs", "unclear", "not-in-base"]},
        "reason": STRING,
        "facts": {"type": "array", "items": FACT_ID},
        "sources": STRINGS,
        "marks": {"type": "array", "items": INTEGER},
    }
)

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
    "verify": "claim_check",
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
        "additionalProperties": False,
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
            "claim_check": CLAIM_CHECK,
        },
    }


# ----------------------------------------------------------------------------- --csv and --tsv columns

# Each command's --csv/--tsv columns are fixed, whatever the data: a record without a value leaves the cell
# empty. Nested values are flattened: a table becomes "key.sub" columns, a list one cell (ids joined with
# "; ", texts with " | "), a list of tables one cell per part, in the same order. No cell holds JSON.
# Columns may be added at the end of a group without a new schema_version, as fields may.
Columns = tuple[tuple[str, str], ...]

FACT_COLUMNS: Columns = (
    ("id", "the fact's id (for dipfacts cite)"),
    ("country", "the partner's ISO 3166 code (VN: about Vietnam itself)"),
    ("topic", "trade, visit, partnership... (dipfacts show --help lists them)"),
    ("statement", "the fact, in one English sentence"),
    ("value", "its figure as stated, a plain number; empty if it has none"),
    ("unit", "the figure's unit: USD, visitors, rank..."),
    ("period", "the period a figure covers, as stored: 2024, 2025-Q1, 2025-05-05/2025-05-12"),
    ("date", "the date of an event, as stored: 1992, 2025-05, --05-06 (year not stated)"),
    ("when", "when, as a person reads it: 2025-05-05 to 2025-05-07, 2025-05, 2024"),
    ("qualifier", "the hedge on the figure: over, nearly, about; empty if stated exactly"),
    ("change_pct", "the change the sources state, in percent"),
    ("change_from", "the period that change is measured from"),
    ("kind", "actual, target, derived or ranking"),
    ("status", "what the fact claims: reported, target, signed, in-force, negotiating, considering, derived"),
    ("status_label", "the status in words"),
    ("bounds.low", "the lowest value the hedged figure allows; empty if none"),
    ("bounds.high", "the highest value it allows; empty if none"),
    ("bounds.low_inclusive", "true if bounds.low itself is possible"),
    ("bounds.high_inclusive", "true if bounds.high itself is possible"),
    ("bounds.basis", "what the bounds rest on: stated, over, nearly, about"),
    ("corroboration", "how many distinct articles state it (0: derived, stated by none)"),
    ("conflicts", "how the sources differ about it: kinds joined with '; '"),
    ("differs_from", "the ids of other facts it differs from, joined with '; '"),
    ("differs_from_kinds", "how it differs from each, in the same order, joined with '; '"),
    ("differs_from_notes", "a note on each difference, in the same order, joined with ' | '"),
    ("level", "a partnership's level, as the sources word it"),
    ("derived", "true if dipfacts computed the value from stated figures"),
    ("derivation.from", "the ids of the facts it is computed from, joined with '; '"),
    ("derivation.formula", "how it is computed"),
    ("note", "the compiler's note on the sources"),
    ("sources", "the citations, source id and paragraph: 'tour-preview \u00b622; tour-results \u00b65'"),
    ("excerpts", "the cited words, in the order of sources, joined with ' | '"),
    ("entities", "the ids of the people and organisations it names, joined with '; '"),
    ("entity_names", "their names, in the same order, joined with '; '"),
    ("type", "a visit's type: state or official; empty for other facts"),
    ("start", "a visit's first day, ISO (2025-05-05) as the fact file gives it; empty when no source gives it"),
    ("end", "a visit's last day, likewise"),
    ("host", "who hosted the visit"),
    ("firsts", "the 'firsts' the sources claim for the visit, joined with ' | '"),
    ("firsts_sources", "the source of each first, in the same order, joined with '; '"),
    ("origin", "packaged (checked against the articles) or user (a --data file)"),
    ("defined_at", "for a user's fact: the file and line it is defined at"),
)
COUNTRY_COLUMNS: Columns = (
    ("country.id", "the country's ISO 3166 code"),
    ("country.alpha3", "its ISO 3166 alpha-3 code"),
    ("country.name", "its English name"),
    ("country.head_of_state", "its head of state, as the sources name them"),
    ("country.origin", "packaged or user (a --data file)"),
)
# The facts a country's summary picks out, and what each shows of its fact.
SUMMARY_FACTS: dict[str, str] = {
    "partnership": "the partnership",
    "relations_since": "the start of diplomatic relations",
    "latest_trade": "the latest yearly trade figure",
    "tourism": "the latest tourism figure",
}
SUMMARY_FACT_PARTS: Columns = (
    ("id", "the id of the fact on {what}; empty if the base has none"),
    ("statement", "its statement"),
    ("value", "its figure, a plain number"),
    ("unit", "the figure's unit"),
    ("qualifier", "the hedge on the figure: over, nearly, about"),
    ("when", "when it holds, as a person reads it"),
    ("level", "its level (a partnership's)"),
    ("status", "what it claims: reported, target, signed..."),
    ("corroboration", "how many distinct articles state it"),
    ("sources", "its citations: 'source-id \u00b6paragraph', joined with '; '"),
)
SUMMARY_COLUMNS: Columns = (
    *COUNTRY_COLUMNS,
    *(
        (f"{key}.{part}", text.format(what=what) if part == "id" else text)
        for key, what in SUMMARY_FACTS.items()
        for part, text in SUMMARY_FACT_PARTS
    ),
    ("visits", "the ids of the visits, joined with '; '"),
    ("visit_dates", "when each took place, in the same order, joined with '; '"),
    ("fact_count", "how many facts the base holds about the country"),
)
SEARCH_COLUMNS: Columns = (("score", "how well the fact matches the words (100: every word exactly)"), *FACT_COLUMNS)
CONFLICT_COLUMNS: Columns = (
    ("fact", "the id of the fact the sources differ about"),
    ("other_fact", "the id of another fact it differs from; empty if the sources of one fact differ"),
    ("country", "the partner's ISO 3166 code"),
    ("topic", "the fact's topic"),
    ("kinds", "how they differ (hedge, value, precision...), joined with '; '"),
    ("kind_descriptions", "each kind in words, in the same order, joined with ' | '"),
    ("statement", "the fact's statement"),
    ("other_statement", "the other fact's statement"),
    ("versions", "the source of each version, joined with ' | '; the version_ columns follow this order"),
    ("version_paragraphs", "each version's paragraphs ('; ' within a version, ' | ' between versions)"),
    ("version_excerpts", "each version's words ('; ' within a version, ' | ' between versions)"),
    ("version_values", "each version's figures"),
    ("version_qualifiers", "each version's hedges (stated: none)"),
    ("version_change_pct", "each version's stated changes, in percent"),
    ("version_dates", "each version's dates"),
    ("version_names", "each version's spellings of a name"),
    ("version_acronyms", "each version's acronyms"),
    ("version_wordings", "each version's wordings"),
    ("note", "the compiler's note on the difference"),
)
COVERAGE_COLUMNS: Columns = (
    *COUNTRY_COLUMNS,
    *(
        column
        for topic in TOPICS
        for column in (
            (f"{topic}.facts", f"how many facts on {topic}"),
            (f"{topic}.figures", "how many of them carry a figure (actual or ranking)"),
        )
    ),
    ("gaps", "key questions the base cannot answer about the country, joined with '; '"),
)
CLAIM_CHECK_COLUMNS: Columns = (
    ("start", "where the claim starts in the draft: a character offset from 0"),
    ("end", "where it ends (excluded)"),
    ("line", "its line, from 1"),
    ("column", "its column on that line, from 1"),
    ("text", "the draft's words"),
    ("kind", "figure, change, rank, date or level"),
    ("value", "the number as read; empty for a date, a level or an ambiguous number"),
    ("unit", "USD, percent, rank, visitors..."),
    ("qualifier", "the draft's hedge: over, nearly, about, under"),
    ("readings", "the values an ambiguous number may stand for, joined with '; '"),
    ("reading_note", "how the number was read, when that took a decision"),
    ("period", "the period the sentence gives it: 2024, 2025-Q1"),
    ("change_from", "for a change, the period it is measured from"),
    ("date", "for a date: 1992-06-29, 2008-07"),
    ("level", "for a level: strategic partnership..."),
    ("target", "true if the sentence gives it as an aim or a plan"),
    ("countries", "the countries it is about, joined with '; '"),
    ("verdict", "agrees, differs, unclear or not-in-base"),
    ("reason", "why: the base's version and how the draft's words compare"),
    ("facts", "the ids of the facts it was checked against, joined with '; '"),
    ("sources", "the sources the verdict rests on, joined with '; '"),
    ("marks", "their marks, joined with '; '"),
)
COLUMNS_OF_RECORD: dict[str, Columns] = {
    "fact": FACT_COLUMNS,
    "summary": SUMMARY_COLUMNS,
    "search_hit": SEARCH_COLUMNS,
    "conflict": CONFLICT_COLUMNS,
    "coverage_row": COVERAGE_COLUMNS,
    "claim_check": CLAIM_CHECK_COLUMNS,
}
# Each listing command's --csv/--tsv header, in order.
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    command: tuple(name for name, _text in COLUMNS_OF_RECORD[kind])
    for command, kind in RECORD_OF_COMMAND.items()
    if kind in COLUMNS_OF_RECORD
}


def columns_of(command: str) -> Columns:
    """A command's --csv/--tsv columns with what each holds; KeyError for a command without them."""
    return COLUMNS_OF_RECORD[RECORD_OF_COMMAND[command]]
