"""Every command in table and JSON form, and every error path with its exit code (in-process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import MINI, invoke

FACT_KEYS = {
    "id", "country", "topic", "statement", "value", "unit", "period", "date", "qualifier", "change_pct",
    "change_from", "kind", "level", "derived", "derivation", "note", "sources", "origin", "defined_at",
}  # fmt: skip
SOURCE_KEYS = {
    "id",
    "mark",
    "title",
    "publisher",
    "date",
    "paragraph",
    "excerpt",
    "differs",
    "bounds",
    "note",
    "origin",
}


def envelope_of(*args: str) -> dict:  # type: ignore[type-arg]
    run = invoke(*args, "--json")
    assert run.code == 0, run.err
    document = run.json()
    assert document["schema_version"] == 1
    assert set(document) == {"schema_version", "dipfacts_version", "command", "query", "results"}
    return document


def test_trade_table() -> None:
    run = invoke("trade", "kazakhstan", "--table")
    assert run.code == 0
    assert run.err == ""
    lines = run.out.splitlines()
    # Each source's version of the 2024 figure on its own line of the cell.
    at = next(number for number, line in enumerate(lines) if line.startswith("2024 "))
    assert "USD 800 M [1]" in lines[at]
    assert lines[at + 1].strip().startswith("over USD 800 M [2]")
    assert "Kazakhstan is Vietnam's second trading partner" in run.out
    assert "Sources: [1] alpha, [2] beta" in run.out


def test_trade_piped_is_one_record_a_line() -> None:
    lines = invoke("trade", "kazakhstan").out.splitlines()
    assert lines[0] == "Period\tValue\tChange\tKind\tBacked\tSrc"
    (row,) = [line for line in lines if line.startswith("2024\t")]
    assert row.split("\t") == ["2024", "USD 800 M [1]; over USD 800 M [2]", "+99% vs 2023", "actual", "2", "[1,2]*"]
    assert all(line == line.strip() for line in lines), [line for line in lines if line != line.strip()]  # no padding
    blocks = "\n".join(lines).split("\n\n")
    for block in blocks:  # each block: a header, then records with as many cells
        widths = {len(line.split("\t")) for line in block.splitlines()}
        assert len(widths) == 1, block
    assert blocks[-1].splitlines()[0] == "Src\tSource\tTitle\tPublisher\tDate\tOrigin"


def test_trade_json_carries_the_same_figures_and_sources() -> None:
    document = envelope_of("trade", "Казахстан", "--year", "2024")
    assert document["command"] == "trade"
    assert document["query"] == {  # what was not asked for: no filter
        "country": "KZ", "year": 2024, "from": None, "to": None, "latest": False, "sort": None, "min_sources": None,
    }  # fmt: skip
    (figure, ranking) = document["results"]
    assert set(figure) >= FACT_KEYS
    assert figure["id"] == "kz-trade-2024"
    assert figure["value"] == 800000000
    assert figure["change_pct"] == 99
    assert figure["kind"] == "actual"
    assert figure["derived"] is False
    assert [s["id"] for s in figure["sources"]] == ["alpha", "beta"]
    assert set(figure["sources"][0]) == SOURCE_KEYS
    assert figure["sources"][1]["differs"] == {"qualifier": "over"}
    assert ranking["kind"] == "ranking"


def test_derived_values_are_marked_in_json() -> None:
    document = envelope_of("trade", "KZ", "--year", "2023")
    (derived,) = [r for r in document["results"] if r["kind"] != "ranking"]
    assert derived["derived"] is True
    assert derived["kind"] == "derived"
    assert derived["derivation"] == {"from": ["kz-trade-2024"], "formula": "800 M / 1.99"}


def test_countries_table_and_json() -> None:
    run = invoke("countries")
    assert run.code == 0
    kz_line = next(line for line in run.out.splitlines() if line.startswith("KZ"))
    assert "Kazakhstan" in kz_line
    assert "1992-06-29" in kz_line
    rows = envelope_of("countries")["results"]
    assert [row["country"]["id"] for row in rows] == ["VN", "BY", "KZ", "RU"]
    kz = rows[2]
    assert kz["partnership"]["level"] == "strategic partnership"
    assert kz["latest_trade"]["id"] == "kz-trade-2024"
    assert rows[1]["latest_trade"] is None


def test_show_groups_by_topic() -> None:
    run = invoke("show", "vietnam", "--table")
    assert run.code == 0
    assert any(line.startswith("partnership ") for line in run.out.splitlines()), run.out
    assert any(line.startswith("policy ") for line in run.out.splitlines()), run.out
    assert "02-07 (year not stated)" in run.out
    document = envelope_of("show", "kz", "--topic", "tourism")
    assert [fact["id"] for fact in document["results"]] == ["kz-tourists-2024"]


def test_visits_table_and_json() -> None:
    run = invoke("visits", "--year", "2025")
    assert run.code == 0
    body = run.out.split("Sources:")[0]
    assert body.index("Kazakhstan") < body.index("Russia") < body.index("Belarus")
    assert "(days" in run.out  # month-only visits say that the days are not stated
    results = envelope_of("visits", "--type", "STATE")["results"]
    assert [r["country"] for r in results] == ["KZ", "BY"]
    assert results[0]["type"] == "state"
    assert results[0]["start"] == "2025-05-05"
    assert results[0]["end"] == "2025-05-07"
    assert results[0]["host"] == "Kassym-Jomart Tokaïev"
    assert results[0]["firsts"] == [{"text": "First such visit in 13 years", "source": "alpha"}]


def test_compare_side_by_side_with_no_data() -> None:
    run = invoke("compare", "russia", "belarus")
    assert run.code == 0
    trade_line = next(line for line in run.out.splitlines() if line.startswith("Latest trade"))
    assert "USD 4.58 bn" in trade_line
    assert "no data" in trade_line
    results = envelope_of("compare", "RU", "kz")["results"]
    assert [r["country"]["id"] for r in results] == ["RU", "KZ"]


def test_search_table_and_json() -> None:
    run = invoke("search", "nouilles")
    assert run.code == 0
    assert "kz-noodle-makers" in run.out
    results = envelope_of("search", "noodles", "--limit", "1")["results"]
    assert len(results) == 1
    assert results[0]["id"] == "kz-noodle-makers"
    assert results[0]["score"] >= 75


def test_sources_list_and_one() -> None:
    run = invoke("sources")
    assert run.code == 0
    assert "alpha" in run.out
    assert "beta" in run.out
    one = envelope_of("sources", "alpha")["results"]
    assert one[0]["id"] == "alpha"
    assert "kz-trade-2024" in one[0]["facts"]


def test_check_valid_and_invalid(tmp_path: Path) -> None:
    ok = invoke("check")
    assert ok.code == 0
    assert ok.out.startswith("ok: 22 facts")
    bad = tmp_path / "bad.toml"
    bad.write_text('[[facts]]\nid = "kz-x"\ncountry = "KZ"\ntopic = "nope"\nstatement = "x"\n', encoding="utf-8")
    run = invoke("check", str(bad))
    assert run.code == 3
    assert f"{bad}:4: fact 'kz-x': 'topic' is 'nope'" in run.err
    assert "missing 'citations'" in run.err
    assert run.out == ""


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["trade", "belarus"], 1, "no trade figures for Belarus"),
        (["trade", "kyrgyzstan"], 1, "no facts about Kyrgyzstan (KG) yet"),
        (["show", "Austria"], 1, "no facts about Austria (AT) yet"),
        (["trade", "austira"], 2, "did you mean 'Austria (no facts yet)'"),
        (["trade", ""], 2, "is empty"),
        (["trade", "kz", "--year", "99999999999"], 2, "--year"),
        (["trade", "kz", "--year", "-1"], 2, "--year"),
        (["visits", "--type", "working"], 2, "--type"),
        (["search", "x", "--topic", "weather"], 2, "--topic"),
        (["sources", "gamma"], 2, "unknown source 'gamma'"),
        (["compare", "russia"], 2, "at least two countries"),
        (["search", "zzzzqqqq"], 1, "no facts match"),
        (["visits", "--year", "1999"], 1, "no visits match"),
        (["frobnicate"], 2, "No such command"),
    ],
)
def test_errors_are_one_line_on_stderr_with_documented_codes(args: list[str], code: int, message: str) -> None:
    run = invoke(*args)
    assert run.code == code, (run.out, run.err)
    assert message in run.err
    assert "Traceback" not in run.err
    if code == 1:
        assert run.out == ""


def test_no_results_under_json_still_prints_an_empty_envelope() -> None:
    for args in (["trade", "belarus"], ["trade", "kyrgyzstan"]):
        run = invoke(*args, "--json")
        assert run.code == 1
        document = json.loads(run.out)
        assert document["results"] == []
        assert document["schema_version"] == 1


def test_place_names_are_never_silently_wrong() -> None:
    prussia = invoke("trade", "Prussia")
    assert prussia.code == 2
    assert prussia.out == ""
    assert prussia.err == "dipfacts: 'Prussia' is a historic state, not a country in the base; did you mean 'Russia'?\n"
    astana = invoke("trade", "Astana", "--table")
    assert astana.code == 0
    assert "Vietnam - Kazakhstan trade" in astana.out
    assert astana.err == "dipfacts: taking 'Astana' as Kazakhstan (Astana is one of its cities)\n"
    typo = invoke("trade", "Kazahkstan", "--json")
    assert typo.code == 0
    assert typo.json()["query"]["country"] == "KZ"
    assert "check the spelling" in typo.err
    byelorussia = invoke("trade", "Byelorussia", fixture=False)
    assert byelorussia.code == 1
    assert "Belarus" in byelorussia.err
    assert "taking" not in byelorussia.err


def test_data_from_environment_and_option_merge(tmp_path: Path) -> None:
    extra = tmp_path / "extra.toml"
    extra.write_text(
        '[[facts]]\nid = "by-trade-2024"\ncountry = "BY"\ntopic = "trade"\nstatement = "Test trade."\n'
        'value = 1000000\nunit = "USD"\nperiod = "2024"\n'
        'citations = [{ source = "alpha", paragraph = 1, excerpt = "test" }]\n',
        encoding="utf-8",
    )
    run = invoke("trade", "belarus", env={"DIPFACTS_DATA": str(extra)})
    assert run.code == 0
    assert "USD 1 M" in run.out
    copy = tmp_path / "copy.toml"
    copy.write_bytes(MINI.read_bytes())  # another file with the same ids
    clash = invoke("--data", str(copy), "trade", "kz")
    assert clash.code == 3
    assert "duplicate id" in clash.err
    # The same file named twice (here by two paths) is read once, so it does not clash with itself.
    again = invoke("--data", str(MINI.parent / ".." / "data" / MINI.name), "trade", "kz")
    assert again.code == 0, again.err


def test_every_command_has_help_with_an_example() -> None:
    from dipfacts.cli.group import all_commands

    for name, command in all_commands():
        run = invoke(name, "--help")
        assert run.code == 0, name
        assert "dipfacts " + name in run.out, f"{name} --help shows no example"
        assert command.help


def test_version() -> None:
    from dipfacts import __version__

    run = invoke("--version")
    assert run.code == 0
    assert run.out.strip() == f"dipfacts {__version__}"


def test_bare_command_prints_help_and_succeeds() -> None:
    run = invoke(fixture=False)
    assert run.code == 0
    assert "Commands:" in run.out
    assert "trade" in run.out


# main() moves global options and shapes Click's errors: run_main runs it in-process, as the script would.


def test_global_options_go_before_or_after_the_command() -> None:
    from tests.conftest import run_main

    wanted = run_main("--no-color", "--no-cache", "search", "oil")
    for args in (["search", "oil", "--no-color", "--no-cache"], ["search", "--no-cache", "oil", "--no-color"]):
        done = run_main(*args)
        assert done.code == 0
        assert done.out == wanted.out
        assert done.err == ""
    options_first = run_main("--json", "--min-sources", "2", "trade", "kz")
    assert options_first.code == 0
    assert options_first.json()["query"]["min_sources"] == 2
    data_after = run_main("trade", "kz", "--data", str(MINI), "--no-packaged", "--json")
    assert data_after.code == 0, data_after.err
    assert {s["id"] for r in data_after.json()["results"] for s in r["sources"]} <= {"alpha", "beta"}
    # After "--" nothing moves: it is the search text.
    literal = run_main("search", "--", "--debug")
    assert literal.code == 1
    assert "no facts match '--debug'" in literal.err


def test_a_usage_error_is_one_line_and_a_hint() -> None:
    from tests.conftest import run_main

    for args, message in ((["trade", "kz", "--colr"], "no such option"), (["tradee", "kz"], "no such command")):
        done = run_main(*args)
        lines = done.err.splitlines()
        assert done.code == 2, done.err
        assert len(lines) == 2, done.err
        assert lines[0].startswith(f"dipfacts: {message}")
        assert lines[1].startswith("dipfacts: try 'dipfacts")
        assert "Usage:" not in done.err


def test_trade_without_a_country_lists_every_countrys_figures() -> None:
    everything = invoke("trade", "--json").json()
    assert everything["query"]["country"] is None
    by_country: dict[str, list[str]] = {}
    for record in everything["results"]:
        by_country.setdefault(record["country"], []).append(record["id"])
    # The same figures as each country's own `trade`, countries in name order, Vietnam itself not a partner.
    for code in by_country:
        own = invoke("trade", code, "--json").json()["results"]
        assert by_country[code] == [r["id"] for r in own if r["kind"] != "ranking" and r["value"] is not None]
    from dipfacts.build import load_factbase

    name_of = {country.id: country.name for country in load_factbase([str(MINI)], packaged=False).countries}
    names = [name_of[code] for code in by_country]
    assert names == sorted(names)
    assert "VN" not in by_country
    assert len(by_country) >= 2
    table = invoke("trade", "--table")
    assert table.code == 0
    assert table.out.startswith("Vietnam's trade by country")
    piped = invoke("trade").out.splitlines()
    assert piped[0].split("\t")[:3] == ["Country", "Period", "Value"]
    assert {line.split("\t")[0] for line in piped[1 : piped.index("")]} == {name_of[code] for code in by_country}
    assert invoke("trade", "--year", "1900").code == 1
