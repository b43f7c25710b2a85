"""`dipfacts export`: the SQLite file SQL tools open as it is, and every fact as a JSON line.

Expected values come from elsewhere than the export: the TOML files themselves, and the records other
commands print (`about`, `show --json`, `show --nl`).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, invoke, run_script

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PACKAGED = REPO / "data" / "facts.toml"

# A user's file that merges with the packaged base: a new country, source and facts, one of them a visit of
# one day and one a date without a year, so that the view's "when" has something to get wrong.
USER_FILE = """\
format = 1

[[sources]]
id = "zed-wire"
title = "Zedland wire"
publisher = "Zed Press"
date = "2025-06"
language = "en"

[[countries]]
id = "ZZ"
alpha3 = "ZZZ"
name = "Zedland"

[[facts]]
id = "zz-trade-2024"
country = "ZZ"
topic = "trade"
statement = "Trade with Zedland reached USD 12 million in 2024."
value = 12000000
unit = "USD"
qualifier = "nearly"
period = "2024"
citations = [
  { source = "zed-wire", paragraph = 2, excerpt = "trade reached nearly 12 million dollars" },
  { source = "zed-wire", paragraph = 3, excerpt = "twelve million" },
]

[[facts]]
id = "zz-visit"
country = "ZZ"
topic = "visit"
statement = "Official visit to Zedland on 1 June 2025."
date = "2025-06-01"
visit = { type = "official", start = "2025-06-01", end = "2025-06-01", host = "Zed" }
citations = [{ source = "zed-wire", paragraph = 1, excerpt = "an official visit on 1 June" }]

[[facts]]
id = "zz-day"
country = "ZZ"
topic = "relations"
statement = "Zedland Day is celebrated on 7 February."
date = "--02-07"
citations = [{ source = "zed-wire", paragraph = 4, excerpt = "on 7 February" }]
"""


def _user_file(directory: Path) -> Path:
    path = directory / "zed.toml"
    path.write_text(USER_FILE, encoding="utf-8")
    return path


def _json(*args: str) -> Any:
    run = invoke(*args, fixture=False)
    assert run.code == 0, run.err
    return run.json()


def _rows(path: Path, sql: str, *args: Any) -> list[sqlite3.Row]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        return connection.execute(sql, args).fetchall()
    finally:
        connection.close()


def _export(path: Path, *options: str) -> None:
    run = invoke(*options, "export", "--sqlite", str(path), fixture=False)
    assert (run.code, run.out, run.err) == (0, "", "")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The packaged base exported, the base with a user's file, and that file."""
    directory = tmp_path_factory.mktemp("export")
    user = _user_file(directory)
    _export(directory / "packaged.db")
    _export(directory / "merged.db", "--data", str(user))
    return directory / "packaged.db", directory / "merged.db", user


def _fact_records(*options: str) -> dict[str, dict[str, Any]]:
    """Every fact's --json record, from `show` of each country `countries` lists."""
    countries = [r["country"]["id"] for r in _json(*options, "countries", "--json")["results"]]
    records: dict[str, dict[str, Any]] = {}
    for country in countries:
        for record in _json(*options, "show", country, "--json")["results"]:
            records[record["id"]] = record
    return records


def test_the_file_holds_as_many_facts_as_about_reports(exported: tuple[Path, Path, Path]) -> None:
    packaged, merged, user = exported
    for path, options in ((packaged, ()), (merged, ("--data", str(user)))):
        (about,) = _json(*options, "about", "--json")["results"]
        assert _rows(path, "SELECT count(*) FROM fact_table")[0][0] == about["facts"]
        assert _rows(path, "SELECT count(*) FROM facts")[0][0] == about["facts"]
        assert _rows(path, "SELECT count(*) FROM citation_table")[0][0] == about["citations"]
    facts_in_toml = len(tomllib.loads(user.read_text(encoding="utf-8"))["facts"])
    count = "SELECT count(*) FROM fact_table"
    assert _rows(merged, count)[0][0] == _rows(packaged, count)[0][0] + facts_in_toml


def test_a_figure_is_the_one_the_packaged_base_holds(exported: tuple[Path, Path, Path]) -> None:
    base = tomllib.loads(PACKAGED.read_text(encoding="utf-8"))
    fact = next(f for f in base["facts"] if f["id"] == "kz-trade-2024")
    country = next(c for c in base["countries"] if c["id"] == fact["country"])
    (row,) = _rows(exported[0], "SELECT * FROM fact_table WHERE id = 'kz-trade-2024'")
    assert (row["value"], row["unit"]) == (fact["value"], fact["unit"])
    assert (row["country"], row["country_name"], row["period"]) == (country["id"], country["name"], fact["period"])
    assert row["backed"] == len({citation["source"] for citation in fact["citations"]})
    assert row["citations"] == len(fact["citations"])
    assert row["origin"] == "packaged"


def test_every_column_of_fact_table_agrees_with_the_json_record(exported: tuple[Path, Path, Path]) -> None:
    _packaged, merged, user = exported
    records = _fact_records("--data", str(user))
    rows = {row["id"]: row for row in _rows(merged, "SELECT * FROM fact_table")}
    assert set(rows) == set(records)
    for fact_id, record in records.items():
        row = rows[fact_id]
        for key in ("country", "topic", "statement", "value", "unit", "qualifier", "change_pct", "period", "date"):
            assert row[key] == record[key], (fact_id, key)
        assert (row["kind"], row["status"], row["origin"]) == (record["kind"], record["status"], record["origin"])
        assert row["backed"] == record["corroboration"], fact_id
        assert (row["when"] or "") == record["when"], fact_id  # NULL in SQL where the record says ""


def test_every_citation_in_the_json_output_is_in_citation_table(exported: tuple[Path, Path, Path]) -> None:
    _packaged, merged, user = exported
    records = _fact_records("--data", str(user))
    sql = "SELECT source, mark, title, publisher, paragraph, excerpt FROM citation_table WHERE fact = ? ORDER BY number"
    checked = 0
    for fact_id, record in records.items():
        expected = [
            (s["id"], s["mark"], s["title"], s["publisher"], s["paragraph"], s["excerpt"]) for s in record["sources"]
        ]
        assert [tuple(row) for row in _rows(merged, sql, fact_id)] == expected, fact_id
        checked += len(expected)
    assert checked == _rows(merged, "SELECT count(*) FROM citation_table")[0][0]


def test_a_user_files_facts_are_there_marked_user(exported: tuple[Path, Path, Path]) -> None:
    _packaged, merged, user = exported
    mine = {fact["id"]: fact for fact in tomllib.loads(user.read_text(encoding="utf-8"))["facts"]}
    rows = _rows(merged, "SELECT id, origin, value, country_name FROM fact_table WHERE country = 'ZZ' ORDER BY id")
    assert sorted(mine) == [row["id"] for row in rows]
    assert {row["origin"] for row in rows} == {"user"}
    assert {row["country_name"] for row in rows} == {"Zedland"}
    assert all(row["value"] == mine[row["id"]].get("value") for row in rows), (rows, mine)
    others = _rows(merged, "SELECT DISTINCT origin FROM fact_table WHERE country <> 'ZZ'")
    assert [row[0] for row in others] == ["packaged"]
    # --no-packaged honoured: only the user's facts.
    alone = merged.with_name("alone.db")
    _export(alone, "--no-packaged", "--data", str(user))
    assert sorted(row[0] for row in _rows(alone, "SELECT id FROM fact_table")) == sorted(mine)


def test_the_sqlite3_shell_reads_the_file(exported: tuple[Path, Path, Path]) -> None:
    shell = shutil.which("sqlite3")
    if shell is None:
        pytest.skip("the sqlite3 command-line shell is not installed here (apt install sqlite3)")
    fact = next(f for f in tomllib.loads(PACKAGED.read_text(encoding="utf-8"))["facts"] if f["id"] == "kz-trade-2024")
    (about,) = _json("about", "--json")["results"]
    sql = "SELECT value, unit FROM fact_table WHERE id = 'kz-trade-2024'; SELECT count(*) FROM fact_table;"
    done = subprocess.run([shell, "-readonly", str(exported[0]), sql], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"{fact['value']}|{fact['unit']}", str(about["facts"])]


def test_jsonl_is_every_fact_record_as_show_nl_prints_it(tmp_path: Path) -> None:
    user = _user_file(tmp_path)
    run = invoke("--data", str(user), "export", "--jsonl", fixture=False)
    assert run.code == 0
    assert run.err == ""
    lines = run.out.splitlines()
    (about,) = _json("--data", str(user), "about", "--json")["results"]
    assert len(lines) == about["facts"]
    exported = [json.loads(line) for line in lines]
    by_id = {record["id"]: record for record in exported}
    assert len(by_id) == len(exported)
    countries = [r["country"]["id"] for r in _json("--data", str(user), "countries", "--json")["results"]]
    seen = 0
    for country in countries:
        shown = invoke("--data", str(user), "show", country, "--nl", fixture=False)
        assert shown.code == 0, shown.err
        for line in shown.out.splitlines():
            record = json.loads(line)
            assert by_id[record["id"]] == record
            seen += 1
    assert seen == len(exported)


def test_an_existing_file_is_replaced_only_with_force(tmp_path: Path) -> None:
    target = tmp_path / "facts.db"
    target.write_bytes(b"someone's notes\n")
    refused = invoke("export", "--sqlite", str(target), fixture=False)
    assert refused.code == 2
    assert refused.out == ""
    assert len(refused.err.splitlines()) == 1
    assert "--force" in refused.err
    assert refused.err.startswith("dipfacts: ")
    assert target.read_bytes() == b"someone's notes\n"
    assert sorted(os.listdir(tmp_path)) == ["facts.db"]
    forced = invoke("export", "--sqlite", str(target), "--force", fixture=False)
    assert (forced.code, forced.out, forced.err) == (0, "", "")
    (about,) = _json("about", "--json")["results"]
    assert _rows(target, "SELECT count(*) FROM fact_table")[0][0] == about["facts"]
    assert sorted(os.listdir(tmp_path)) == ["facts.db"]  # no temporary file left beside it


def test_the_file_is_made_as_any_new_file_is(tmp_path: Path) -> None:
    target = tmp_path / "facts.db"
    _export(target)
    mask = os.umask(0o022)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask  # not the 0600 of a temporary file
    from dipfacts.store import APPLICATION_ID, FORMAT

    assert _rows(target, "PRAGMA application_id")[0][0] == APPLICATION_ID
    assert _rows(target, "PRAGMA user_version")[0][0] == FORMAT
    assert _rows(target, "SELECT value FROM meta WHERE name = 'key'")[0][0] == ""  # no cache key of this machine


def test_dash_exactly_one_and_unwritable_places(tmp_path: Path) -> None:
    dash = run_script("export", "--sqlite", "-", cwd=tmp_path)
    assert dash.returncode == 2
    assert dash.stdout == ""
    assert "--jsonl" in dash.stderr.splitlines()[0]
    assert os.listdir(tmp_path) == []
    for args in ((), ("--sqlite", "x.db", "--jsonl"), ("--jsonl", "--force"), ("--sqlite", "")):
        run = invoke("export", *args, fixture=False)
        assert run.code == 2, args
        assert run.out == "", args
    missing = tmp_path / "no-such-directory" / "facts.db"
    run = invoke("export", "--sqlite", str(missing), fixture=False)
    assert run.code == 5
    assert run.out == ""
    assert run.err.splitlines() == [f"dipfacts: cannot write {missing}: No such file or directory"]
    directory = invoke("export", "--sqlite", str(tmp_path), fixture=False)
    assert directory.code == 5
    assert len(directory.err.splitlines()) == 1
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write a read-only directory")
def test_a_read_only_directory_is_one_line_and_exit_5(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        run = invoke("export", "--sqlite", str(locked / "facts.db"), fixture=False)
    finally:
        locked.chmod(0o700)
    assert run.code == 5
    assert len(run.err.splitlines()) == 1
    assert os.listdir(locked) == []


def test_a_failed_rename_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dipfacts import store
    from dipfacts.build import load_factbase

    connection = store.in_memory(load_factbase([str(_user_file(tmp_path))], packaged=False))

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    target = tmp_path / "facts.db"
    monkeypatch.setattr(os, "replace", fail)
    monkeypatch.setattr(os, "link", fail)
    with pytest.raises(OSError, match="No space left"):
        store.save(connection, str(target), overwrite=True)
    with pytest.raises(OSError, match="No space left"):
        store.save(connection, str(target))
    assert sorted(os.listdir(tmp_path)) == ["zed.toml"]


def test_a_cache_entry_made_before_the_views_still_exports_them(tmp_path: Path, own_cache_directory: Path) -> None:
    _export(tmp_path / "first.db")  # reads the base into the cache
    (entry,) = (own_cache_directory / "dipfacts").glob("*.sqlite")
    with sqlite3.connect(entry) as connection:
        connection.executescript("DROP VIEW fact_table; DROP VIEW citation_table;")
    connection.close()
    _export(tmp_path / "second.db")
    assert _rows(tmp_path / "second.db", "SELECT count(*) FROM fact_table") == _rows(
        tmp_path / "first.db", "SELECT count(*) FROM fact_table"
    )
    assert not _rows(entry, "SELECT name FROM sqlite_master WHERE type = 'view'")  # the cache is left as it was


def test_through_the_installed_script(tmp_path: Path) -> None:
    done = run_script("export", "--sqlite", "vietnam.db", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    (about,) = _json("about", "--json")["results"]
    assert _rows(tmp_path / "vietnam.db", "SELECT count(*) FROM fact_table")[0][0] == about["facts"]
    streamed = run_script("export", "--jsonl", cwd=tmp_path)
    assert streamed.returncode == 0
    assert len(streamed.stdout.splitlines()) == about["facts"]


@pytest.mark.parametrize("options", [[], ["--no-cache"]], ids=["cached", "no-cache"])
def test_the_file_holds_the_worlds_country_names(tmp_path: Path, options: list[str]) -> None:
    """A base built in memory for one run writes the world's names only when a name asks for them; the
    exported file has them all the same, so it answers as the base it came from."""
    path = tmp_path / "base.db"
    _export(path, *options)
    found = _rows(path, "SELECT alpha2, english FROM world_names WHERE name = 'nigeria'")
    assert [tuple(row) for row in found] == [("NG", "Nigeria")]
    assert _rows(path, "SELECT count(*) FROM historic_names")[0][0] > 0
    assert [tuple(row) for row in _rows(path, "SELECT value FROM meta WHERE name = 'world'")] == [("1",)]
