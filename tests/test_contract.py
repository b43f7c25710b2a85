"""The output records' types (dipfacts.contract) and the JSON Schema (dipfacts.schema) are one contract.

mypy checks that output.py builds each record as its type says (tests/test_lint.py runs it); these tests check
each type against the schema both ways, down to every nested object: the same keys, the same required ones, the
same JSON types (and the same values where the type lists them, as Provenance does). So a field added, dropped or
retyped on one side alone fails here, and the tests below show that it does.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, TypedDict, get_args, get_origin, get_type_hints, is_typeddict

import pytest

from dipfacts import contract
from dipfacts.schema import RECORD_OF_COMMAND, output_schema

SCHEMA = output_schema()
# The type of each record the schema defines ($defs), and of the envelope around them.
TYPE_OF_RECORD: dict[str, Any] = {
    "bounds": contract.BoundsRecord,
    "citation": contract.CitationRecord,
    "fact": contract.FactRecord,
    "country": contract.CountryRecord,
    "summary": contract.SummaryRecord,
    "search_hit": contract.SearchHitRecord,
    "source_entry": contract.SourceEntryRecord,
    "version": contract.VersionRecord,
    "conflict": contract.ConflictRecord,
    "coverage_row": contract.CoverageRecord,
    "csl_item": contract.CslItem,
    "cited_fact": contract.CitedFactRecord,
    "about": contract.AboutRecord,
    "problem": contract.ProblemRecord,
    "claim_check": contract.ClaimCheckRecord,
}
# The JSON kind of each Python type a record holds (bool before int: a bool is an int to Python).
_JSON_KIND = {type(None): "null", str: "string", bool: "boolean", int: "integer", float: "number"}


def python_kinds(annotation: Any) -> dict[str, Any]:
    """JSON kind -> the part of ``annotation`` that allows values of that kind ("any" for Any)."""
    if annotation is Any:
        return {"any": annotation}
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        found: dict[str, Any] = {}
        for arm in get_args(annotation):
            found.update(python_kinds(arm))
        return found
    if origin is Literal:
        return {_JSON_KIND[type(value)]: annotation for value in get_args(annotation)}
    if origin is list:
        return {"array": annotation}
    if origin is dict or is_typeddict(annotation):
        return {"object": annotation}
    if annotation in _JSON_KIND:
        return {_JSON_KIND[annotation]: annotation}
    raise TypeError(f"no JSON kind for {annotation!r}")


def _kind_of(value: object) -> str:
    return _JSON_KIND[type(value)]


def schema_kinds(node: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """JSON kind -> the (sub)schema that describes values of that kind ("any" for a schema without a type)."""
    if "$ref" in node:
        return schema_kinds(SCHEMA["$defs"][node["$ref"].removeprefix("#/$defs/")])
    if "anyOf" in node:
        found: dict[str, Mapping[str, Any]] = {}
        for arm in node["anyOf"]:
            found.update(schema_kinds(arm))
        return found
    if "enum" in node:
        by_kind: dict[str, list[object]] = {}
        for value in node["enum"]:
            by_kind.setdefault(_kind_of(value), []).append(value)
        return {kind: {"enum": values} for kind, values in by_kind.items()}
    if "const" in node:
        return {_kind_of(node["const"]): node}
    if "type" in node:
        kinds = node["type"] if isinstance(node["type"], list) else [node["type"]]
        return dict.fromkeys(kinds, node)
    return {"any": node}


def differences(annotation: Any, node: Mapping[str, Any], where: str) -> list[str]:
    """How a record's type and its schema disagree, each at its place ('fact.sources[].differs.value: ...')."""
    in_type, in_schema = python_kinds(annotation), schema_kinds(node)
    if set(in_type) != set(in_schema):
        return [f"{where}: the type allows {sorted(in_type)}, the schema {sorted(in_schema)}"]
    found: list[str] = []
    for kind, part in in_type.items():
        schema_part = in_schema[kind]
        if get_origin(part) is Literal and set(get_args(part)) - {None} != set(schema_part.get("enum", ())) - {None}:
            found.append(f"{where}: the type allows {get_args(part)}, the schema {schema_part.get('enum', 'any')}")
        elif kind == "array":
            (item,) = get_args(part)
            found += differences(item, schema_part.get("items", {}), f"{where}[]")
        elif kind == "object" and is_typeddict(part):
            found += record_differences(part, schema_part, where)
        elif kind == "object":  # a dict keyed by name (coverage's topics) or open (the envelope's query)
            _key, value = get_args(part)
            values = schema_part.get("additionalProperties", {})
            if "properties" in schema_part or not isinstance(values, dict):
                found.append(f"{where}: the type is a mapping, the schema a record")
            else:
                found += differences(value, values, f"{where}{{}}")
    return found


def record_differences(record: Any, node: Mapping[str, Any], where: str) -> list[str]:
    """Both ways: every key of the type is a property of the schema, required alike, of the same type."""
    fields = get_type_hints(record)
    properties: Mapping[str, Any] = node.get("properties", {})
    required = set(node.get("required", ()))
    found = [f"{where}.{key}: in the type, not in the schema" for key in fields if key not in properties]
    found += [f"{where}.{key}: in the schema, not in the type" for key in properties if key not in fields]
    found += [
        f"{where}.{key}: required in {'the type' if key in record.__required_keys__ else 'the schema'} only"
        for key in fields.keys() & properties.keys()
        if (key in record.__required_keys__) != (key in required)
    ]
    if node.get("additionalProperties") is not False:
        found.append(f"{where}: the schema allows fields it does not name (no additionalProperties: false)")
    for key in fields.keys() & properties.keys():
        found += differences(fields[key], properties[key], f"{where}.{key}")
    return sorted(found)


def envelope_schema() -> dict[str, Any]:
    """The envelope's own part of the schema (its allOf pairs a command with its records' $def)."""
    return {key: value for key, value in SCHEMA.items() if key not in ("allOf", "$defs")}


def test_every_record_of_the_schema_has_a_type() -> None:
    assert set(TYPE_OF_RECORD) == set(SCHEMA["$defs"])
    assert set(RECORD_OF_COMMAND.values()) <= set(TYPE_OF_RECORD)


@pytest.mark.parametrize("record", sorted(TYPE_OF_RECORD))
def test_a_record_type_and_its_schema_agree(record: str) -> None:
    assert record_differences(TYPE_OF_RECORD[record], SCHEMA["$defs"][record], record) == []


def test_the_envelope_type_and_its_schema_agree() -> None:
    assert record_differences(contract.Envelope, envelope_schema(), "envelope") == []


def test_every_object_of_the_schema_is_closed_but_the_query() -> None:
    # The query holds each command's own arguments and options (set by the CLI), so it is the one open object.
    open_objects: list[str] = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object" and node.get("additionalProperties", True) is True:
                open_objects.append(where)
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for number, value in enumerate(node):
                walk(value, f"{where}[{number}]")

    walk(SCHEMA, "schema")
    assert open_objects == ["schema.properties.query"]


def test_a_lookup_does_not_import_the_contract(tmp_path: Path) -> None:
    # The types are for mypy and these tests: building them costs several milliseconds, which no run pays.
    code = (
        "import sys, io, contextlib\n"
        "from dipfacts.cli.group import cli\n"
        "for args in (['trade', 'kazakhstan', '--json'], ['cite', 'kz-trade-2024', '--json'], ['about', '--json']):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        cli.main(args, standalone_mode=False)\n"
        "print('dipfacts.contract' in sys.modules)"
    )
    environment = {**os.environ, "DIPFACTS_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environment)
    assert done.stdout.strip() == "False"


# ----------------------------------------------------------------------------- the check can fail
# Each case changes one side alone, as a careless edit would, and the comparison must say where.

FACT_FIELDS = get_type_hints(contract.FactRecord)
CITATION_FIELDS = get_type_hints(contract.CitationRecord)


def _type_with(name: str, fields: dict[str, Any], *, total: bool = True) -> Any:
    return TypedDict(name, fields, total=total)  # type: ignore[operator]


def _list_of(item: Any) -> Any:
    return types.GenericAlias(list, (item,))  # list[item], for an item type made at run time


def _fact_schema(change: Any) -> dict[str, Any]:
    changed: dict[str, Any] = copy.deepcopy(SCHEMA["$defs"]["fact"])
    change(changed)
    return changed


TYPE_CHANGES: dict[str, tuple[Any, str]] = {
    "a field added to the type": (_type_with("Fact", {**FACT_FIELDS, "rumour": str}), "fact.rumour: in the type"),
    "a field dropped from the type": (
        _type_with("Fact", {key: value for key, value in FACT_FIELDS.items() if key != "note"}),
        "fact.note: in the schema, not in the type",
    ),
    "a field retyped in the type": (
        _type_with("Fact", {**FACT_FIELDS, "corroboration": str}),
        "fact.corroboration: the type allows ['string'], the schema ['integer']",
    ),
    "a field made nullable in the type": (
        _type_with("Fact", {**FACT_FIELDS, "when": str | None}),
        "fact.when: the type allows ['null', 'string'], the schema ['string']",
    ),
    "a field made optional in the type": (
        _type_with("Fact", FACT_FIELDS, total=False),
        "fact.id: required in the schema only",
    ),
    "a field added to a nested record's type": (
        _type_with(
            "Fact", {**FACT_FIELDS, "sources": _list_of(_type_with("Citation", {**CITATION_FIELDS, "page": int}))}
        ),
        "fact.sources[].page: in the type, not in the schema",
    ),
    "a value added to a literal type": (
        _type_with("Fact", {**FACT_FIELDS, "origin": Literal["packaged", "user", "scraped"]}),
        "fact.origin: the type allows ('packaged', 'user', 'scraped')",
    ),
}
SCHEMA_CHANGES: dict[str, tuple[dict[str, Any], str]] = {
    "a field added to the schema": (
        _fact_schema(lambda fact: fact["properties"].update(rumour={"type": "string"})),
        "fact.rumour: in the schema, not in the type",
    ),
    "a field dropped from the schema": (
        _fact_schema(lambda fact: (fact["properties"].pop("note"), fact["required"].remove("note"))),
        "fact.note: in the type, not in the schema",
    ),
    "a field made optional in the schema": (
        _fact_schema(lambda fact: fact["required"].remove("level")),
        "fact.level: required in the type only",
    ),
    "a field retyped in the schema": (
        _fact_schema(lambda fact: fact["properties"].update(derived={"type": "string"})),
        "fact.derived: the type allows ['boolean'], the schema ['string']",
    ),
    "a nested record opened in the schema": (
        _fact_schema(lambda fact: fact["properties"]["firsts"]["items"].pop("additionalProperties")),
        "fact.firsts[]: the schema allows fields it does not name",
    ),
}


@pytest.mark.parametrize("case", sorted(TYPE_CHANGES))
def test_a_change_to_the_type_alone_is_caught(case: str) -> None:
    changed, expected = TYPE_CHANGES[case]
    found = record_differences(changed, SCHEMA["$defs"]["fact"], "fact")
    assert any(line.startswith(expected) for line in found), found


@pytest.mark.parametrize("case", sorted(SCHEMA_CHANGES))
def test_a_change_to_the_schema_alone_is_caught(case: str) -> None:
    changed, expected = SCHEMA_CHANGES[case]
    found = record_differences(contract.FactRecord, changed, "fact")
    assert any(line.startswith(expected) for line in found), found
