"""The trust commands through the CLI, in table and JSON form, on the fixture."""

from __future__ import annotations

import json

import pytest

from tests.conftest import invoke


def results_of(*args: str) -> list[dict]:  # type: ignore[type-arg]
    run = invoke(*args, "--json")
    assert run.code == 0, run.err
    return run.json()["results"]  # type: ignore[no-any-return]


def test_conflicts_table_names_each_source_and_its_words() -> None:
    run = invoke("conflicts", "kazakhstan", "--kind", "hedge")
    assert run.code == 0, run.err
    assert "kz-trade-2024 (Kazakhstan, trade): hedge" in run.out
    block = run.out.split("kz-trade-2024 (Kazakhstan, trade)")[1].split("\n\n")[0]
    alpha = block[block.index("[1] alpha") : block.index("[2] beta")]
    beta = block[block.index("[2] beta") :]
    assert "USD 800 M" in alpha
    assert "over" not in alpha
    assert "atteint 800" in alpha
    assert "over USD 800 M" in beta
    assert "dépassé 800" in beta


def test_conflicts_json_gives_every_version() -> None:
    results = results_of("conflicts")
    by_fact = {(r["fact"], r["other_fact"]): r for r in results}
    trade = by_fact[("kz-trade-2024", None)]
    assert trade["kinds"] == ["hedge"]
    assert [(v["source"], v["qualifiers"]) for v in trade["versions"]] == [("alpha", [None]), ("beta", ["over"])]
    assert trade["versions"][1]["bounds"] == [
        {"low": 800000000, "high": None, "low_inclusive": False, "high_inclusive": False, "basis": "over"}
    ]
    linked = by_fact[("vn-strategic-partners", "vn-partnerships-34")]
    assert linked["kinds"] == ["count-over-time"]
    assert linked["note"] == "34 before the tour, 37 after"
    assert {v["source"] for v in linked["versions"]} == {"alpha", "beta"}


def test_no_conflicts_is_exit_1_with_empty_json() -> None:
    run = invoke("conflicts", "russia")
    assert run.code == 1
    assert run.out == ""
    assert "no conflicts between sources about Russia" in run.err
    run = invoke("conflicts", "russia", "--json")
    assert run.code == 1
    assert run.json()["results"] == []


def test_min_sources_on_listing_commands() -> None:
    everything = results_of("show", "kazakhstan")
    strict = results_of("show", "kazakhstan", "--min-sources", "2")
    assert len(strict) < len(everything)
    assert all(record["corroboration"] >= 2 for record in strict), [r["id"] for r in strict if r["corroboration"] < 2]
    assert {r["id"] for r in strict} == {"kz-trade-2024", "kz-trade-rank", "kz-relations", "kz-president",
                                         "kz-tourists-2024"}  # fmt: skip
    trade = invoke("trade", "russia", "--min-sources", "3")
    assert trade.code == 1
    assert "no trade figures for Russia" in trade.err
    assert invoke("search", "trade", "--min-sources", "0").code == 2


def test_backed_column_and_status_prefix() -> None:
    run = invoke("--notes", "show", "kazakhstan", "--topic", "trade", "--table")
    header = run.out.splitlines()[3].split()
    assert header[:2] == ["Topic", "Fact"]  # the header of the table
    assert "Backed" in header
    assert "TARGET/PLAN: The two" in run.out  # the target's own statement follows its status
    assert "Backed: how many distinct articles state the fact ('-' for a derived value" in run.out
    compact = invoke("show", "kazakhstan", "--topic", "trade", "--table")
    assert "Backed: how many" not in compact.out
    assert "--notes shows them, what Backed means" in compact.out
    visa = invoke("show", "kazakhstan", "--topic", "visa")
    assert "IN FORCE: Kazakhstan exempts" in visa.out
    results = invoke("show", "russia", "--topic", "trade")
    assert "TARGET" not in results.out  # a reported result has no prefix
    assert "IN FORCE" not in results.out


def test_a_derived_value_is_never_passed_off_as_sourced() -> None:
    trade = invoke("trade", "kazakhstan", "--table")
    (row,) = [line for line in trade.out.splitlines() if line.startswith("2023")]
    # No source mark, no Backed count: "derived" where the marks would be (and * : its derivation is a note).
    assert row.split()[-3:] == ["derived", "-", "derived*"]
    assert "[" not in row
    (record,) = [r for r in results_of("trade", "kazakhstan") if r["id"] == "kz-trade-2023-derived"]
    assert record["status"] == "derived"
    assert record["corroboration"] == 0
    assert record["derived"] is True
    assert record["derivation"] == {"from": ["kz-trade-2024"], "formula": "800 M / 1.99"}
    assert record["status_label"].startswith("derived")
    for strict in ("1", "2"):
        ids = [r["id"] for r in results_of("trade", "kazakhstan", "--min-sources", strict)]
        assert "kz-trade-2023-derived" not in ids
        assert "kz-trade-2024" in ids
    statement = invoke("show", "kazakhstan", "--topic", "trade", "--table")
    assert "DERIVED: " in statement.out


def test_json_carries_status_bounds_and_corroboration() -> None:
    (tourists,) = [r for r in results_of("show", "kz", "--topic", "tourism")]
    assert tourists["status"] == "reported"
    assert tourists["status_label"] == "reported result"
    assert tourists["corroboration"] == 2
    assert tourists["conflicts"] == ["hedge"]
    assert tourists["bounds"] == {
        "low": 142500, "high": 157500, "low_inclusive": True, "high_inclusive": True, "basis": "about",
    }  # fmt: skip
    assert tourists["sources"][1]["bounds"]["basis"] == "over"  # beta's own hedge
    (target,) = [r for r in results_of("trade", "kz", "--year", "2030") if r["kind"] == "target"]
    assert target["status"] == "target"
    assert target["status_label"] == "target or plan"


def test_timeline_table_and_json() -> None:
    run = invoke("timeline", "--from", "1950", "--to", "1992", "--table")
    assert run.code == 0
    rows = [line for line in run.out.splitlines() if line[:4].isdigit()]
    assert rows[0].startswith("1950-01-30")
    assert rows[1].startswith("1992-06-29")
    ids = [r["id"] for r in results_of("timeline", "kazakhstan", "--to", "2020")]
    assert ids == ["kz-relations", "kz-visa-exemption", "kz-trade-2020"]
    full = invoke("timeline", "--table")
    assert "Year not stated" in full.out
    assert "02-07 (year not stated)" in full.out
    bad = invoke("timeline", "--from", "yesterday")
    assert bad.code == 2
    assert "--from 'yesterday' is not a date" in bad.err


def test_coverage_table_and_json() -> None:
    run = invoke("coverage")
    assert run.code == 0
    trade = next(line for line in run.out.splitlines() if line.startswith("trade "))
    assert trade.split()[1] == "-"  # Vietnam-wide trade: none (Vietnam is the first column)
    assert "6 (4 with figures)" in trade
    assert "Belarus: no partnership level; no date of relations; no trade figure; no tourism figure" in run.out
    assert "Kazakhstan: all answered" in run.out
    rows = {r["country"]["id"]: r for r in results_of("coverage")}
    assert rows["BY"]["topics"]["trade"] == {"facts": 0, "figures": 0}
    assert "no trade figure" in rows["BY"]["gaps"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "bibtex", "csl-json"])
def test_cite_formats(fmt: str) -> None:
    run = invoke("cite", "kz-trade-2024", "--format", fmt)
    assert run.code == 0, run.err
    assert "dépassé 800 millions" in run.out  # beta's own words, in every format
    if fmt == "csl-json":
        items = json.loads(run.out)
        assert [item["id"] for item in items] == ["alpha", "beta"]
        assert items[1]["issued"] == {"date-parts": [[2025, 5, 6]]}
        assert items[1]["type"] == "article-newspaper"
    elif fmt == "bibtex":
        assert run.out.count("@misc{") == 2
        assert "@misc{beta," in run.out
        assert "year = {2025}" in run.out
        assert "month = may" in run.out
        assert run.out.count("{") == run.out.count("}")  # balanced, so BibTeX can parse it
    elif fmt == "markdown":
        assert run.out.startswith("**kz-trade-2024**:")
        assert "- Test Wire, *Article alpha*" in run.out
    else:
        assert run.out.startswith("kz-trade-2024: Trade reached USD 800 million")
        assert "[2] Test Wire, “Article beta”, 2025-05-06. ¶5: “ont dépassé 800 millions de dollars”" in run.out


def test_cite_json_and_errors() -> None:
    (record,) = results_of("cite", "kz-relations")
    assert record["id"] == "kz-relations"
    assert [c["id"] for c in record["csl"]] == ["alpha", "beta"]
    unknown = invoke("cite", "kz-relation")
    assert unknown.code == 2
    assert "did you mean 'kz-relations'" in unknown.err
    assert invoke("cite", "kz-relations", "--format", "apa").code == 2


def test_about_table_and_json() -> None:
    run = invoke("about")
    assert run.code == 0
    assert "Data version: test.1" in run.out
    assert "Facts: 22" in run.out
    assert "Newest source: 2025-05-06 (beta)" in run.out
    assert "--data: " in run.out
    assert "mini.toml (22 facts)" in run.out
    (record,) = results_of("about")
    assert record["facts"] == 22
    assert record["files"][0]["packaged"] is False


def test_about_names_the_packaged_file_and_extra_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from dipfacts.files import packaged_location
    from tests.hostile import big_file

    # A path longer than the width (100 columns here): it was once folded mid-path, so that this test
    # failed or passed with the length of the directory the suite ran in.
    deep = tmp_path / ("long-directory-name-" * 6)
    deep.mkdir()
    pack = big_file(deep, 7)  # a new country with 7 facts: it merges with the packaged base
    run = invoke("--data", str(pack), "about", fixture=False)
    assert run.code == 0, run.err
    assert f"  packaged: {packaged_location()} (" in run.out.splitlines()[-2]
    assert run.out.splitlines()[-1] == f"  --data: {pack} (7 facts)"
    (record,) = invoke("--data", str(pack), "about", "--json", fixture=False).json()["results"]
    assert [(f["packaged"], f["facts"]) for f in record["files"]][1] == (False, 7)
    assert record["facts"] == record["files"][0]["facts"] + 7


def test_markdown_citation_does_not_turn_data_into_markup(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import MINI

    extra = tmp_path / "extra.toml"
    extra.write_text(
        """[[facts]]
id = "kz-markup"
country = "KZ"
topic = "trade"
statement = "A *starred* [link](http://example.invalid) <b>tag</b>"
citations = [{ source = "alpha", paragraph = 1, excerpt = "un_mot" }]
""",
        encoding="utf-8",
    )
    run = invoke("--no-packaged", "--data", str(MINI), "--data", str(extra), "cite", "kz-markup",
                 "--format", "markdown", fixture=False)  # fmt: skip
    assert run.code == 0, run.err
    assert r"A \*starred\* \[link\]\(http://example.invalid\) \<b\>tag\</b\>" in run.out
    assert r"“un\_mot”" in run.out


def test_a_date_cites_only_the_sources_that_state_it_so_precisely() -> None:
    """Relations with Kazakhstan since 29 June 1992: one article gives the day, another only "en 1992"."""
    document = invoke("compare", "kazakhstan", "russia", "--json", fixture=False).json()
    (kazakhstan,) = [r for r in document["results"] if r["country"]["id"] == "KZ"]
    relations = kazakhstan["relations_since"]
    assert relations["date"] == "1992-06-29"
    precise = {s["mark"] for s in relations["sources"] if "date" not in s["differs"]}
    vaguer = {s["mark"] for s in relations["sources"] if s["differs"].get("date") == "1992"}
    assert precise
    assert vaguer
    run = invoke("compare", "kazakhstan", "russia", "--table", fixture=False)
    (line,) = [line for line in run.out.splitlines() if line.startswith("Relations since")]
    shown = line.split("1992-06-29 ", 1)[1].split()[0].rstrip("*")  # * : the fact has a note
    assert shown == "[" + ",".join(str(m) for m in sorted(precise)) + "]"
