"""Output for scripts: a fixed CSV/TSV header per command, LF line ends, no JSON in a cell, one date shape."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import pytest

from dipfacts.index import FactIndex
from tests.conftest import installed_script, invoke, run_script

# A user's fact file with what breaks naive CSV and TSV: a tab in a statement, a newline, a carriage return and
# a backslash in a note, a visit with days and one with only a month. Its figures are test data.
SCRIPTS_TOML = r"""format = 1

[[sources]]
id = "zz-wire"
title = "Zedland wire"
publisher = "Test Wire"
date = "2026-04"
language = "en"

[[countries]]
id = "ZZ"
alpha3 = "ZZZ"
name = "Zedland"
aliases = ["zedland"]

[[facts]]
id = "zz-trade-2025"
country = "ZZ"
topic = "trade"
statement = "Trade with Zedland:\tover USD 1.2 million in 2025."
value = 1234567
unit = "USD"
period = "2025"
qualifier = "over"
note = "First line of the note,\nsecond line\r with a carriage return and a back\\slash."
citations = [{ source = "zz-wire", paragraph = 2, excerpt = "plus de 1,2 million de dollars" }]

[[facts]]
id = "zz-visit-days"
country = "ZZ"
topic = "visit"
statement = "Official visit to Zedland from 2 to 4 March 2026."
period = "2026-03-02/2026-03-04"
visit = { type = "official", start = "2026-03-02", end = "2026-03-04", host = "Queen Zed", firsts = [
  { text = "First official visit | in ten years; so the wire says", source = "zz-wire" },
] }
citations = [{ source = "zz-wire", paragraph = 3, excerpt = "du 2 au 4 mars 2026" }]

[[facts]]
id = "zz-visit-month"
country = "ZZ"
topic = "visit"
statement = "State visit to Zedland in April 2026."
date = "2026-04"
visit = { type = "state", host = "King Zed" }
citations = [{ source = "zz-wire", paragraph = 4, excerpt = "en avril 2026" }]
"""

# What the fixture says of its two visits, as a person reads the file.
VISIT_DATES = {
    "zz-visit-days": {"start": "2026-03-02", "end": "2026-03-04", "when": "2026-03-02 to 2026-03-04"},
    "zz-visit-month": {"start": None, "end": None, "when": "2026-04"},
}
# Every listing command, in a form that has results on the packaged base.
LISTINGS = [
    ["countries"], ["show", "kazakhstan"], ["show", "putin"], ["trade", "kazakhstan"], ["trade"], ["visits"],
    ["compare", "kz", "ru", "az"], ["search", "trade"], ["timeline"], ["conflicts"], ["coverage"],
    ["verify", "--text", "Kazakhstan: trade passed USD 800 million in 2024, up 99%; a strategic partnership."],
]  # fmt: skip


@pytest.fixture
def scripts_file(tmp_path: Path) -> Path:
    path = tmp_path / "scripts.toml"
    path.write_text(SCRIPTS_TOML, encoding="utf-8")
    return path


def run(*args: str, data: Path | None = None) -> str:
    """A run on the packaged base (and ``data``, if given) that must succeed; its stdout."""
    done = invoke(*(["--data", str(data)] if data else []), *args, fixture=False)
    assert done.code == 0, done.err
    return done.out


def header(*args: str, data: Path | None = None, flag: str = "--csv") -> str:
    done = invoke(*(["--data", str(data)] if data else []), *args, flag, fixture=False)
    assert done.code in (0, 1), done.err  # 1: no results, which still has its header
    return done.out.split("\n", 1)[0]


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def tsv_decode(cell: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}[m.group(1)], cell)


def is_json_container(cell: str) -> bool:
    try:
        return isinstance(json.loads(cell), (list, dict))
    except ValueError:
        return False


# ----------------------------------------------------------------------------- a fixed header


def test_csv_header_is_the_same_whatever_the_data(scripts_file: Path) -> None:
    from dipfacts.schema import CSV_COLUMNS

    expected = ",".join(CSV_COLUMNS["trade"])
    for args in (["trade", "kazakhstan"], ["trade", "azerbaijan"], ["trade", "russia"], ["trade"]):
        assert header(*args) == expected, args
    assert header("trade", "zedland", data=scripts_file) == expected  # a user's file
    assert header("trade", data=scripts_file) == expected
    assert header("trade", "belarus") == expected  # no figures: the header alone, and exit 1
    assert header("trade", "kazakhstan", "--year", "2030") == expected
    # Every command listing facts has the same columns, whatever the countries, topics or visits.
    for args in (["visits", "kazakhstan"], ["visits", "azerbaijan"], ["visits"], ["show", "belarus"],
                 ["show", "kazakhstan"], ["show", "putin"], ["show", "vietnam"], ["timeline", "russia"]):  # fmt: skip
        assert header(*args) == expected, args
    for args in (["visits", "zedland"], ["show", "zedland"], ["timeline", "zedland"]):
        assert header(*args, data=scripts_file) == expected, args
    searched = {header("search", words) for words in ("trade", "visit", "noodles")}
    assert searched | {header("search", "zedland", data=scripts_file)} == {"score," + expected}
    assert {header("countries"), header("countries", data=scripts_file), header("compare", "kz", "by")} == {
        ",".join(CSV_COLUMNS["countries"])
    }


def test_tsv_header_is_the_csv_header_with_tabs(scripts_file: Path) -> None:
    for args in LISTINGS:
        assert header(*args, flag="--tsv").split("\t") == next(csv.reader([header(*args)])), args


def test_every_fact_record_has_the_same_keys_in_json(scripts_file: Path) -> None:
    from dipfacts.schema import FACT

    records = [json.loads(line) for line in run("show", "zedland", "--nl", data=scripts_file).splitlines()]
    records += json.loads(run("timeline", "--json"))["results"]
    assert len(records) > 40
    assert {tuple(record) for record in records} == {tuple(FACT["properties"])}
    assert set(FACT["required"]) == set(FACT["properties"])
    trade = next(record for record in records if record["id"] == "zz-trade-2025")
    assert (trade["type"], trade["start"], trade["end"], trade["host"], trade["firsts"]) == (None, None, None, None, [])
    assert trade["when"] == "2025"


def test_columns_are_documented_by_the_tool() -> None:
    from dipfacts.cli.group import all_commands
    from dipfacts.schema import CSV_COLUMNS

    with_csv = {name for name, command in all_commands() if any("--csv" in p.opts for p in command.params)}
    with_tsv = {name for name, command in all_commands() if any("--tsv" in p.opts for p in command.params)}
    assert with_csv == with_tsv == set(CSV_COLUMNS)
    everything = run("schema", "--columns")
    for name, columns in CSV_COLUMNS.items():
        documented = run("schema", "--columns", name).splitlines()
        assert [line.split()[0] for line in documented] == list(columns) == header(*_args_of(name)).split(",")
        assert all(len(line.split(None, 1)) == 2 for line in documented), name  # each with a description
        assert f"{name}:\n" in everything
    assert invoke("schema", "--columns", "cite").code == 2
    assert invoke("schema", "trade").code == 2
    assert json.loads(run("schema"))["$schema"].startswith("https://json-schema.org/")  # the default is unchanged


def _args_of(command: str) -> list[str]:
    return next(args for args in LISTINGS if args[0] == command)


# ----------------------------------------------------------------------------- cells


@pytest.mark.parametrize("args", LISTINGS, ids=lambda args: " ".join(args))
def test_no_cell_holds_json(args: list[str]) -> None:
    for flag in ("--csv", "--tsv"):
        text = run(*args, flag)
        rows = csv_rows(text) if flag == "--csv" else [line.split("\t") for line in text.splitlines()]
        assert len(rows) > 1
        found = [cell for row in rows for cell in row if is_json_container(cell)]
        assert not found, found[:3]


def test_no_cell_holds_json_in_a_users_file(scripts_file: Path) -> None:
    for args in (["show", "zedland"], ["visits", "zedland"], ["countries"], ["coverage"]):
        rows = csv_rows(run(*args, "--csv", data=scripts_file))
        assert not [cell for row in rows for cell in row if is_json_container(cell)], args
    visit = next(row for row in csv.DictReader(io.StringIO(run("visits", "zedland", "--csv", data=scripts_file))))
    assert visit["firsts"] == "First official visit | in ten years; so the wire says"
    assert visit["firsts_sources"] == "zz-wire"
    assert visit["host"] == "Queen Zed"
    assert visit["sources"] == "zz-wire \u00b63"
    assert visit["excerpts"] == "du 2 au 4 mars 2026"
    person = next(csv.DictReader(io.StringIO(run("show", "putin", "--csv"))))
    assert "vladimir-putin" in person["entities"].split("; ")
    assert "Vladimir Putin" in person["entity_names"]


def test_nested_values_take_their_documented_columns() -> None:
    document = json.loads(run("trade", "kazakhstan", "--json"))["results"]
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(run("trade", "kazakhstan", "--csv")))}
    for record in document:
        row = rows[record["id"]]
        bounds = record["bounds"] or {}
        for part in ("low", "high", "basis"):
            assert row[f"bounds.{part}"] == ("" if bounds.get(part) is None else str(bounds[part]))
        derivation = record["derivation"] or {"from": [], "formula": None}
        assert row["derivation.from"].split("; ") == (derivation["from"] or [""])
        assert row["derivation.formula"] == (derivation["formula"] or "")
        assert row["sources"].split("; ") == [f"{s['id']} \u00b6{s['paragraph']}" for s in record["sources"]]
        assert row["excerpts"].split(" | ") == [s["excerpt"] for s in record["sources"]]
    assert any(row["derivation.from"] for row in rows.values())
    assert any(row["bounds.low"] for row in rows.values())
    summary = json.loads(run("countries", "--json"))["results"]
    flat = {row["country.id"]: row for row in csv.DictReader(io.StringIO(run("countries", "--csv")))}
    for record in summary:
        row = flat[record["country"]["id"]]
        assert row["visits"].split("; ") == ([v["id"] for v in record["visits"]] or [""])
        for key in ("partnership", "relations_since", "latest_trade", "tourism"):
            fact = record[key] or {}
            assert row[f"{key}.id"] == (fact.get("id") or "")
            assert row[f"{key}.when"] == (fact.get("when") or "")
            assert row[f"{key}.sources"].split("; ") == [f"{s['id']} \u00b6{s['paragraph']}"
                                                        for s in fact.get("sources", [])] or [""]  # fmt: skip


# ----------------------------------------------------------------------------- line ends and TSV


def test_csv_has_lf_line_ends_through_the_installed_script(scripts_file: Path) -> None:
    for args in (["trade", "kazakhstan", "--csv"], ["--data", str(scripts_file), "show", "zedland", "--csv"]):
        done = subprocess.run([installed_script(), *args], capture_output=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert b"\r" not in done.stdout
        assert done.stdout.endswith(b"\n")
    # The note's newline stays in its quoted cell (as RFC 4180 quotes it); the carriage return shows as \x0d.
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode("utf-8"), newline="")))
    note = next(row["note"] for row in rows if row["id"] == "zz-trade-2025")
    assert note == "First line of the note,\nsecond line\\x0d with a carriage return and a back\\slash."


def test_tsv_is_one_line_a_record_and_decodes_to_the_exact_text(scripts_file: Path) -> None:
    for args in (["show", "zedland"], ["trade"], ["visits"], ["search", "zedland"]):
        text = run(*args, "--tsv", data=scripts_file)
        records = [json.loads(line) for line in run(*args, "--nl", data=scripts_file).splitlines()]
        lines = text.split("\n")
        assert lines[-1] == ""  # LF after every line, the last included
        assert "\r" not in text
        lines = lines[:-1]
        assert len(lines) == 1 + len(records), args
        width = len(lines[0].split("\t"))
        assert all(len(line.split("\t")) == width for line in lines), args
        columns = lines[0].split("\t")
        for line, record in zip(lines[1:], records, strict=True):
            cells = dict(zip(columns, (tsv_decode(cell) for cell in line.split("\t")), strict=True))
            assert cells["id"] == record["id"]
            assert cells["statement"] == record["statement"]
            assert cells["note"] == (record["note"] or "")
    trade = next(line for line in run("show", "zedland", "--tsv", data=scripts_file).splitlines() if "zz-trade" in line)
    assert "Zedland:\\tover" in trade
    assert "note,\\nsecond line\\r with" in trade
    assert "back\\\\slash" in trade


def test_tsv_cells_are_the_csv_cells() -> None:
    # The packaged base has no tab or carriage return, so each TSV cell, decoded, is the CSV cell.
    for args in (["show", "kazakhstan"], ["conflicts"], ["countries"], ["coverage"]):
        tsv = [[tsv_decode(cell) for cell in line.split("\t")] for line in run(*args, "--tsv").splitlines()]
        assert tsv == csv_rows(run(*args, "--csv")), args


def test_awk_sees_one_record_a_line(scripts_file: Path) -> None:
    pipeline = f"'{installed_script()}' --data '{scripts_file}' show zedland --tsv | awk -F'\\t' '{{print NF}}'"
    done = subprocess.run(["bash", "-c", pipeline], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    from dipfacts.schema import CSV_COLUMNS

    assert done.stdout.split() == [str(len(CSV_COLUMNS["show"]))] * 4  # the header and three facts


# ----------------------------------------------------------------------------- --fields


def test_fields_takes_every_csv_column_of_countries() -> None:
    from dipfacts.schema import CSV_COLUMNS

    columns = header("countries").split(",")
    assert columns == list(CSV_COLUMNS["countries"])
    assert len(columns) > 40
    whole = csv_rows(run("countries", "--csv"))
    for position, name in enumerate(columns):
        picked = csv_rows(run("countries", "--csv", "--fields", name))
        assert picked == [[row[position]] for row in whole], name
    backwards = ",".join(reversed(columns))
    assert csv_rows(run("countries", "--tsv", "--fields", backwards).replace("\t", ","))[0] == columns[::-1]


def test_fields_with_flattened_names_and_unknown_ones() -> None:
    rows = csv_rows(run("trade", "kazakhstan", "--csv", "--fields", "id,bounds.low,when"))
    assert rows[0] == ["id", "bounds.low", "when"]
    assert all(len(row) == 3 for row in rows), [row for row in rows if len(row) != 3]
    bad = invoke("countries", "--csv", "--fields", "country.id,partnership.colour", fixture=False)
    from dipfacts.schema import CSV_COLUMNS

    assert bad.code == 2
    assert bad.out == ""
    assert len(bad.err.splitlines()) == 1
    assert bad.err.startswith("dipfacts: unknown field 'partnership.colour'")
    assert "valid fields: " + ", ".join(CSV_COLUMNS["countries"]) in bad.err
    # JSON keeps its nested records: --fields takes their top-level keys, and says so of a column name.
    as_json = invoke("countries", "--json", "--fields", "country.id", fixture=False)
    assert as_json.code == 2
    assert "'country.id' is a --csv/--tsv column" in as_json.err
    assert "valid fields: country, partnership, relations_since" in as_json.err
    picked = json.loads(run("countries", "--json", "--fields", "country,visits"))["results"]
    assert all(list(record) == ["country", "visits"] for record in picked), [list(record) for record in picked]


# ----------------------------------------------------------------------------- one date shape


def test_visit_dates_are_the_same_in_every_format(scripts_file: Path) -> None:
    args = ("visits", "zedland")
    from_json = {r["id"]: r for r in json.loads(run(*args, "--json", data=scripts_file))["results"]}
    from_lines = {r["id"]: r for r in map(json.loads, run(*args, "--nl", data=scripts_file).splitlines())}
    from_csv = {r["id"]: r for r in csv.DictReader(io.StringIO(run(*args, "--csv", data=scripts_file)))}
    tsv_lines = [line.split("\t") for line in run(*args, "--tsv", data=scripts_file).splitlines()]
    from_tsv = {r["id"]: r for r in (dict(zip(tsv_lines[0], row, strict=True)) for row in tsv_lines[1:])}
    assert set(from_json) == set(from_lines) == set(from_csv) == set(from_tsv) == set(VISIT_DATES)
    for fact_id, expected in VISIT_DATES.items():
        for key, value in expected.items():
            assert from_json[fact_id][key] == from_lines[fact_id][key] == value, (fact_id, key)
            assert from_csv[fact_id][key] == from_tsv[fact_id][key] == (value or ""), (fact_id, key)


def test_every_fact_has_a_when_in_every_format() -> None:
    records = json.loads(run("timeline", "--json"))["results"]
    rows = list(csv.DictReader(io.StringIO(run("timeline", "--csv"))))
    assert [r["when"] for r in records] == [r["when"] for r in rows]
    # every fact the timeline lists has a date
    assert all(r["when"] for r in records), [r["id"] for r in records if not r["when"]]
    tour = next(r for r in records if r["id"] == "kz-visit-2025-05")
    assert (tour["start"], tour["end"], tour["when"]) == ("2025-05-05", "2025-05-07", "2025-05-05 to 2025-05-07")


def test_when_reads_as_a_person_would(mini_index: FactIndex) -> None:
    from dipfacts import query
    from dipfacts.model import Citation, Fact, Visit

    cited = (Citation("alpha", 1, "x"),)
    fact = Fact("zz-a", "ZZ", "visit", "S.", cited, period="2025-05-05/2025-05-12")
    assert query.when(fact) == "2025-05-05 to 2025-05-12"
    assert query.when(Fact("zz-b", "ZZ", "visit", "S.", cited, date="2025-05")) == "2025-05"
    assert query.when(Fact("zz-c", "ZZ", "visit", "S.", cited, date="--05-06")) == "05-06 (year not stated)"
    assert query.when(Fact("zz-d", "ZZ", "policy", "S.", cited)) == ""
    days = Visit("state", "2025-05-05", "2025-05-07", None)
    assert (
        query.when(Fact("zz-e", "ZZ", "visit", "S.", cited, date="2025-05", visit=days)) == "2025-05-05 to 2025-05-07"
    )
    one_day = Visit("state", "2025-05-05", "2025-05-05", None)
    assert query.when(Fact("zz-f", "ZZ", "visit", "S.", cited, visit=one_day)) == "2025-05-05"
    no_day = Visit("state", None, None, None)
    assert query.when(Fact("zz-g", "ZZ", "visit", "S.", cited, date="2025-05", visit=no_day)) == "2025-05"


def test_script_output_through_the_installed_script(scripts_file: Path) -> None:
    done = run_script("--data", str(scripts_file), "visits", "zedland", "--tsv", "--fields", "id,start,end,when")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "id\tstart\tend\twhen", "zz-visit-days\t2026-03-02\t2026-03-04\t2026-03-02 to 2026-03-04",
        "zz-visit-month\t\t\t2026-04",
    ]  # fmt: skip
