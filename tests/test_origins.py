"""Where a record is defined is kept as its file and line (model.Origin), never as "file:line" text to split
again: a path with colons in it is shown exactly, everywhere it is shown (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dipfacts.build import load_factbase
from dipfacts.cache import open_index
from dipfacts.errors import DataFileError
from dipfacts.model import Origin
from tests.conftest import invoke

PACK = """\
format = 1
[[sources]]
id = "own"
title = "Own"
publisher = "Me"
date = "2025-06"
language = "en"
[[countries]]
id = "ZZ"
alpha3 = "ZZZ"
name = "Zedland"
[[facts]]
id = "zz-trade"
country = "ZZ"
topic = "trade"
statement = "Trade."
value = 1000000
unit = "USD"
period = "2024"
citations = [{ source = "own", paragraph = 1, excerpt = "trade" }]
"""
SOURCE_LINE, COUNTRY_LINE, FACT_LINE = 2, 8, 12  # the lines of PACK's [[...]] headers


def colon_pack(tmp_path: Path, text: str = PACK) -> Path:
    """PACK in a directory and a file whose names hold colons, the second followed by digits like a line."""
    directory = tmp_path / "a:b"
    directory.mkdir(exist_ok=True)
    path = directory / "facts:7"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_record_knows_its_file_and_line_apart(tmp_path: Path) -> None:
    pack = colon_pack(tmp_path)
    base = load_factbase([str(pack)], packaged=False)
    assert [source.origin for source in base.sources] == [Origin(str(pack), SOURCE_LINE)]
    assert [country.origin for country in base.countries] == [Origin(str(pack), COUNTRY_LINE)]
    assert [fact.origin for fact in base.facts] == [Origin(str(pack), FACT_LINE)]
    assert str(base.facts[0].origin) == f"{pack}:{FACT_LINE}"


def test_the_cache_gives_back_the_same_origins(tmp_path: Path) -> None:
    pack = colon_pack(tmp_path)
    for _ in ("built", "read back"):
        index = open_index([str(pack)], packaged=False, cache_dir=str(tmp_path / "cache"))
        assert [fact.origin for fact in index.all_facts] == [Origin(str(pack), FACT_LINE)]
        assert [source.origin for source in index.base.sources] == [Origin(str(pack), SOURCE_LINE)]
        assert [country.origin for country in index.base.countries] == [Origin(str(pack), COUNTRY_LINE)]


@pytest.mark.parametrize("cache", ["cached", "--no-cache"])
def test_a_user_fact_says_exactly_where_it_is_defined(tmp_path: Path, cache: str) -> None:
    pack = colon_pack(tmp_path)
    options = ["--no-cache"] if cache == "--no-cache" else []
    for _ in ("first run", "second run"):  # cached: the second run reads what the first one wrote
        record = invoke(*options, "--data", str(pack), "show", "zedland", "--json", fixture=False).json()
        assert record["results"][0]["defined_at"] == f"{pack}:{FACT_LINE}"
        table = invoke(*options, "--data", str(pack), "--notes", "show", "zedland", fixture=False)
        assert table.code == 0, table.err
        (row,) = [line for line in table.out.splitlines() if "\town\tOwn\t" in line]
        assert row.split("\t")[-1] == f"user file {pack}:{SOURCE_LINE}"


def test_about_counts_the_facts_of_a_file_whose_records_have_no_known_line(tmp_path: Path) -> None:
    # Indented headers are valid TOML that the line finder does not place: the origin is the file alone,
    # whose name ends in ":7" as a "file:line" origin would. Split as text, its facts were counted for "a:b/facts".
    pack = colon_pack(tmp_path, PACK.replace("[[", "  [["))
    assert load_factbase([str(pack)], packaged=False).facts[0].origin == Origin(str(pack), None)
    about = invoke("--no-packaged", "--data", str(pack), "about", "--json", fixture=False).json()["results"][0]
    assert about["files"] == [{"path": str(pack), "packaged": False, "facts": 1}]


def test_problems_name_a_colon_path_as_it_is(tmp_path: Path) -> None:
    first = colon_pack(tmp_path)
    second = first.with_name("again:3")
    second.write_text(PACK[PACK.index("[[facts]]") :], encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_factbase([str(first), str(second)], packaged=False)
    assert caught.value.problems == [
        f"{second}:1: fact 'zz-trade': duplicate id, first defined at {first}:{FACT_LINE}; give it another id"
    ]
    unplaced = second.with_name("unplaced:4")
    unplaced.write_text("format = 1\n  " + PACK[PACK.index("[[facts]]") :], encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_factbase([str(first), str(unplaced)], packaged=False)
    assert caught.value.problems == [
        f"{unplaced}: fact 'zz-trade': duplicate id, first defined at {first}:{FACT_LINE}; give it another id"
    ]
