"""--from/--to and --latest on trade and visits; --sort on the listing commands (issue 10)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from dipfacts import query
from dipfacts.dates import days_covered
from dipfacts.errors import UsageProblem
from tests.conftest import Run, invoke, run_main

# Test data, not claims about the world. Chosen so that each rule can fail on its own: a quarter that
# reaches into March, a visit known only to its month, a derived and a target figure newer than the
# latest stated one, figures without a change, a ranking without a date.
FIXTURE = """
format = 1
data_version = "filters.1"

[[sources]]
id = "wire"
title = "Wire story"
publisher = "Test Wire"
date = "2025-07"
language = "en"

[[sources]]
id = "paper"
title = "Paper story"
publisher = "Test Paper"
date = "2025-07-02"
language = "en"

[[countries]]
id = "VN"
alpha3 = "VNM"
name = "Vietnam"

[[countries]]
id = "KZ"
alpha3 = "KAZ"
name = "Kazakhstan"
aliases = ["Republic of Kazakhstan"]

[[countries]]
id = "RU"
alpha3 = "RUS"
name = "Russia"
aliases = ["Russian Federation"]

[[facts]]
id = "kz-trade-2023"
country = "KZ"
topic = "trade"
statement = "Trade was USD 300 million in 2023."
value = 300000000
unit = "USD"
period = "2023"
citations = [{ source = "wire", paragraph = 1, excerpt = "300 million in 2023" }]

[[facts]]
id = "kz-trade-2024"
country = "KZ"
topic = "trade"
statement = "Trade was USD 500 million in 2024, up 66.7%."
value = 500000000
unit = "USD"
period = "2024"
change_pct = 66.7
change_from = "2023"
citations = [
  { source = "wire", paragraph = 2, excerpt = "500 million in 2024" },
  { source = "paper", paragraph = 2, excerpt = "500 million last year" },
]

[[facts]]
id = "kz-trade-2025-q1"
country = "KZ"
topic = "trade"
statement = "Trade was USD 150 million in the first quarter of 2025, up 10%."
value = 150000000
unit = "USD"
period = "2025-Q1"
change_pct = 10
change_from = "2024-Q1"
citations = [{ source = "wire", paragraph = 3, excerpt = "150 million in the first quarter" }]

[[facts]]
id = "kz-trade-2025-derived"
country = "KZ"
topic = "trade"
statement = "Trade in 2025 would be about USD 600 million at the first quarter's pace."
value = 600000000
unit = "USD"
period = "2025"
qualifier = "about"
kind = "derived"
derived = { from = ["kz-trade-2025-q1"], formula = "150 M x 4 = 600 M" }
citations = [{ source = "wire", paragraph = 3, excerpt = "150 million in the first quarter", omits = ["value"] }]

[[facts]]
id = "kz-trade-target-2030"
country = "KZ"
topic = "trade"
statement = "The two countries aim at USD 2 billion of trade by 2030."
value = 2000000000
unit = "USD"
period = "2030"
kind = "target"
citations = [{ source = "paper", paragraph = 4, excerpt = "2 billion by 2030" }]

[[facts]]
id = "kz-trade-rank"
country = "KZ"
topic = "trade"
statement = "Kazakhstan is a leading trading partner."
value = 3
unit = "rank"
kind = "ranking"
citations = [{ source = "paper", paragraph = 5, excerpt = "third trading partner" }]

[[facts]]
id = "ru-trade-2024"
country = "RU"
topic = "trade"
statement = "Trade with Russia was USD 400 million in 2024."
value = 400000000
unit = "USD"
period = "2024"
citations = [{ source = "paper", paragraph = 6, excerpt = "400 million" }]

[[facts]]
id = "ru-trade-2022"
country = "RU"
topic = "trade"
statement = "Trade with Russia was USD 900 million in 2022."
value = 900000000
unit = "USD"
period = "2022"
citations = [{ source = "paper", paragraph = 7, excerpt = "900 million in 2022" }]

[[facts]]
id = "kz-visit-2024"
country = "KZ"
topic = "visit"
statement = "Official visit to Kazakhstan from 10 to 12 March 2024."
period = "2024-03-10/2024-03-12"
visit = { type = "official", start = "2024-03-10", end = "2024-03-12", host = "Zed Host" }
citations = [{ source = "wire", paragraph = 8, excerpt = "10 to 12 March 2024" }]

[[facts]]
id = "kz-visit-2025-06"
country = "KZ"
topic = "visit"
statement = "State visit to Kazakhstan in June 2025."
date = "2025-06"
visit = { type = "state", host = "Able Host" }
citations = [
  { source = "wire", paragraph = 9, excerpt = "in June 2025" },
  { source = "paper", paragraph = 9, excerpt = "last June" },
]

[[facts]]
id = "ru-visit-2025-02"
country = "RU"
topic = "visit"
statement = "State visit to Russia on 1 and 2 February 2025."
period = "2025-02-01/2025-02-02"
visit = { type = "state", start = "2025-02-01", end = "2025-02-02", host = "Mid Host" }
citations = [{ source = "paper", paragraph = 10, excerpt = "1 and 2 February 2025" }]

[[facts]]
id = "ru-visit-2023"
country = "RU"
topic = "visit"
statement = "Official visit to Russia on 5 May 2023."
period = "2023-05-05"
visit = { type = "official", start = "2023-05-05", host = "Mid Host" }
citations = [{ source = "paper", paragraph = 11, excerpt = "5 May 2023" }]
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "filters.toml"
    path.write_text(FIXTURE, encoding="utf-8")
    return path


def run(data: Path, *args: str) -> Run:
    return invoke("--no-packaged", "--data", str(data), *args, fixture=False)


def results(data: Path | None, *args: str) -> list[dict[str, Any]]:
    done = invoke(*args, "--json", fixture=False) if data is None else run(data, *args, "--json")
    assert done.code == 0, done.err
    found: list[dict[str, Any]] = done.json()["results"]
    return found


def ids(data: Path | None, *args: str) -> list[str]:
    return [record["id"] for record in results(data, *args)]


def usage_error(done: Run) -> str:
    """The one line a usage error says (a second line may only point to --help)."""
    lines = done.err.splitlines()
    assert done.code == 2, done
    assert done.out == "", done
    assert lines, done
    assert all(line.startswith("dipfacts: ") for line in lines), lines
    assert len(lines) == 1 or (len(lines) == 2 and lines[1].startswith("dipfacts: try '")), lines
    return lines[0]


# ----------------------------------------------------------------------------- dates: the pure parts


def test_a_quarter_covers_its_three_months_and_a_month_its_days() -> None:
    assert days_covered("2025-Q1") == ((2025, 1, 1), (2025, 3, 31))
    assert days_covered("2025-Q4") == ((2025, 10, 1), (2025, 12, 31))
    assert days_covered("2024-05") == ((2024, 5, 1), (2024, 5, 31))
    assert days_covered("2024") == ((2024, 1, 1), (2024, 12, 31))
    assert days_covered("2023-Q2/2024-Q1") == ((2023, 4, 1), (2024, 3, 31))
    assert days_covered("2024-03-10/2024-03-12") == ((2024, 3, 10), (2024, 3, 12))
    assert days_covered("2024-13") is None
    assert days_covered("") is None


def test_year_and_a_date_range_do_not_mix() -> None:
    with pytest.raises(UsageProblem, match="--year cannot be combined with --from or --to"):
        query.date_range(year=2024, start="2024")
    with pytest.raises(UsageProblem, match="--to '2023' is before --from '2024'"):
        query.date_range(start="2024", end="2023")
    assert query.date_range() is None
    assert query.date_range(year=2024) == query.date_range(start="2024", end="2024")


# ----------------------------------------------------------------------------- trade --from/--to/--latest


def test_trade_range_on_the_packaged_base_keeps_2024_and_drops_2020() -> None:
    found = results(None, "trade", "kazakhstan", "--from", "2024", "--to", "2024")
    figures = [record for record in found if record["kind"] != "ranking"]
    periods = {record["period"] for record in figures}
    assert "kz-trade-2024" in {record["id"] for record in figures}
    assert "2020" not in periods
    assert "2030" not in periods
    assert "2025-Q1" not in periods
    assert all(period.startswith("2024") for period in periods), periods  # 2024 itself, or a quarter of it


def test_trade_latest_on_the_packaged_base_is_the_2024_yearly_figure() -> None:
    # data/facts.toml states 2020 and 2024 yearly figures, a 2025 quarter, a derived 2023 and a 2030 target.
    assert ids(None, "trade", "kazakhstan", "--latest") == ["kz-trade-2024"]


def test_a_quarter_counts_by_its_whole_span(data: Path) -> None:
    assert "kz-trade-2025-q1" in ids(data, "trade", "kz", "--from", "2025-03", "--to", "2025-03-31")
    assert "kz-trade-2025-q1" not in ids(data, "trade", "kz", "--from", "2025-04")
    assert "kz-trade-2025-q1" not in ids(data, "trade", "kz", "--to", "2024-12-31")
    # timeline reads a quarter the same way
    assert "kz-trade-2025-q1" in ids(data, "timeline", "--from", "2025-03", "--to", "2025-03")


def test_trade_range_is_inclusive_and_open_ended(data: Path) -> None:
    from_2024 = ids(data, "trade", "kz", "--from", "2024")
    assert "kz-trade-2023" not in from_2024
    assert {"kz-trade-2024", "kz-trade-target-2030"} <= set(from_2024)
    to_2024 = ids(data, "trade", "kz", "--to", "2024")
    assert "kz-trade-2023" in to_2024
    assert "kz-trade-2025-q1" not in to_2024
    assert "kz-trade-target-2030" not in to_2024
    assert "kz-trade-rank" in to_2024  # an undated ranking describes the present: it stays, as under --year
    assert ids(data, "trade", "kz", "--year", "2024") == ids(data, "trade", "kz", "--from", "2024", "--to", "2024")


def test_trade_latest_is_the_newest_stated_yearly_figure(data: Path) -> None:
    # Not the 2030 target, not the derived 2025 value, not the 2025 quarter; and no rankings.
    assert ids(data, "trade", "kz", "--latest") == ["kz-trade-2024"]
    assert ids(data, "trade", "kz", "--latest", "--to", "2023") == ["kz-trade-2023"]  # the latest within the dates
    assert ids(data, "trade", "kz", "--latest", "--from", "2025") == ["kz-trade-2025-q1"]  # no yearly one: a quarter
    assert ids(data, "trade", "kz", "--latest", "--year", "2024") == ["kz-trade-2024"]
    nothing = run(data, "trade", "kz", "--latest", "--from", "2031")
    assert nothing.code == 1
    assert "no trade figures for Kazakhstan from 2031" in nothing.err


def test_trade_latest_without_a_country_gives_one_figure_per_country(data: Path) -> None:
    found = results(data, "trade", "--latest")
    assert sorted((record["country"], record["id"]) for record in found) == [
        ("KZ", "kz-trade-2024"), ("RU", "ru-trade-2024"),
    ]  # fmt: skip


def test_trade_json_echoes_the_new_options(data: Path) -> None:
    done = run(data, "trade", "kz", "--from", "2024", "--to", "2025-05", "--latest", "--sort", "-value", "--json")
    echoed = done.json()["query"]
    assert (echoed["from"], echoed["to"], echoed["latest"], echoed["sort"]) == ("2024", "2025-05", True, "-value")


def test_year_with_a_range_is_one_usage_error_line(data: Path) -> None:
    for args in (("--year", "2024", "--from", "2023"), ("--year", "2024", "--to", "2025")):
        line = usage_error(run(data, "trade", "kz", *args))
        assert "--year" in line
        assert "--from" in line
        assert "--year" in usage_error(run(data, "visits", *args))
    assert "not a date" in usage_error(run(data, "trade", "kz", "--from", "May 2024"))
    assert "before" in usage_error(run(data, "visits", "--from", "2025", "--to", "2024"))


# ----------------------------------------------------------------------------- visits --from/--to/--latest


def test_a_visit_known_only_to_its_month_counts_by_the_whole_month(data: Path) -> None:
    assert ids(data, "visits", "--from", "2025-06-30", "--to", "2025-06-30") == ["kz-visit-2025-06"]
    assert ids(data, "visits", "--to", "2025-05-31") == ["ru-visit-2023", "kz-visit-2024", "ru-visit-2025-02"]
    assert ids(data, "visits", "--from", "2024-03-12", "--to", "2024-03-12") == ["kz-visit-2024"]  # its last day
    nothing = run(data, "visits", "--from", "2024-03-13", "--to", "2025-01-31")
    assert nothing.code == 1
    assert nothing.err == "dipfacts: no visits match\n"


def test_visits_latest_is_per_country_or_for_the_country_asked(data: Path) -> None:
    assert sorted(ids(data, "visits", "--latest")) == ["kz-visit-2025-06", "ru-visit-2025-02"]
    assert ids(data, "visits", "russia", "--latest") == ["ru-visit-2025-02"]
    assert ids(data, "visits", "russia", "--latest", "--to", "2024") == ["ru-visit-2023"]
    assert sorted(ids(data, "visits", "--latest", "--type", "official")) == ["kz-visit-2024", "ru-visit-2023"]
    echoed = run(data, "visits", "--latest", "--from", "2020", "--json").json()["query"]
    assert (echoed["from"], echoed["to"], echoed["latest"]) == ("2020", None, True)


# ----------------------------------------------------------------------------- --sort


def test_sort_by_value_both_ways_with_missing_values_last(data: Path) -> None:
    up = [record["value"] for record in results(data, "trade", "kz", "--sort", "value")]
    down = [record["value"] for record in results(data, "trade", "kz", "--sort", "-value")]
    figures_up = up[:5]
    assert figures_up == sorted(figures_up)
    assert down[:5] == sorted(figures_up, reverse=True)
    # change: only two figures state one; the others follow in both directions, in the default order
    for sort, expected in (("change", ["kz-trade-2025-q1", "kz-trade-2024"]),
                           ("-change", ["kz-trade-2024", "kz-trade-2025-q1"])):  # fmt: skip
        found = results(data, "trade", "kz", "--sort", sort)
        figures = [record for record in found if record["kind"] != "ranking"]
        assert [record["id"] for record in figures[:2]] == expected
        assert all(record["change_pct"] is None for record in figures[2:]), [r["change_pct"] for r in figures[2:]]
        rest = [record["id"] for record in figures[2:]]
        assert rest == [fact_id for fact_id in ids(data, "trade", "kz") if fact_id in rest]


def test_sort_ties_keep_the_default_order_in_either_direction(data: Path) -> None:
    default = ids(data, "trade", "kz")
    for sort in ("kind", "-kind"):
        found = results(data, "trade", "kz", "--sort", sort)
        kinds = [record["kind"] for record in found if record["kind"] != "ranking"]
        assert kinds == sorted(kinds, reverse=sort.startswith("-"))
        actual = [record["id"] for record in found if record["kind"] == "actual"]
        assert actual == [fact_id for fact_id in default if fact_id in actual]  # by period, as by default
    # derived values have no Backed count: last, whichever way
    for sort in ("backed", "-backed"):
        assert results(data, "trade", "kz", "--sort", sort)[4]["kind"] == "derived"


def test_sorted_table_json_and_csv_agree(data: Path) -> None:
    order = ids(data, "trade", "--sort", "-value")
    values = [record["value"] for record in results(data, "trade", "--sort", "-value")]
    assert values == sorted(values, reverse=True)
    assert len(order) == 7  # both countries' figures, one list
    rows = list(csv.DictReader(io.StringIO(run(data, "trade", "--sort", "-value", "--csv").out, newline="")))
    assert [row["id"] for row in rows] == order
    table = run(data, "trade", "--sort", "-value").out
    countries = [line.split()[0] for line in table.splitlines() if line.split()[:1] in (["Kazakhstan"], ["Russia"])]
    names = {"KZ": "Kazakhstan", "RU": "Russia"}
    assert countries == [names[record["country"]] for record in results(data, "trade", "--sort", "-value")]


def test_visits_sort_by_country_host_and_start(data: Path) -> None:
    by_country = results(data, "visits", "--sort", "country")
    assert [record["country"] for record in by_country] == ["KZ", "KZ", "RU", "RU"]
    assert [record["id"] for record in by_country[:2]] == ["kz-visit-2024", "kz-visit-2025-06"]  # time order tie-break
    assert [record["host"] for record in results(data, "visits", "--sort", "host")] == [
        "Able Host", "Mid Host", "Mid Host", "Zed Host",
    ]  # fmt: skip
    assert ids(data, "visits", "--sort", "-start") == ["kz-visit-2025-06", "ru-visit-2025-02", "kz-visit-2024",
                                                       "ru-visit-2023"]  # fmt: skip


def test_countries_sources_search_timeline_and_show_sort(data: Path) -> None:
    facts = [row["fact_count"] for row in results(data, "countries", "--sort", "-facts")]
    assert facts == sorted(facts, reverse=True)
    latest = results(data, "countries", "--sort", "latest-trade")
    assert [row["country"]["id"] for row in latest] == ["RU", "KZ"]  # 400 M, then 500 M; Vietnam has no facts
    names = [row["country"]["name"] for row in results(data, "countries", "--sort", "-name")]
    assert names == sorted(names, reverse=True)
    assert [entry["id"] for entry in results(data, "sources", "--sort", "-facts")] == ["paper", "wire"]
    assert [entry["id"] for entry in results(data, "sources", "--sort", "date")] == ["wire", "paper"]
    scores = [hit["value"] for hit in results(data, "search", "trade", "--sort", "-value")]
    present = [value for value in scores if value is not None]
    assert present == sorted(present, reverse=True)
    assert scores[: len(present)] == present
    dated = results(data, "timeline", "--sort", "-date")
    starts = [query.fact_days(_fact(data, record["id"])) for record in dated]
    assert starts == sorted(starts, reverse=True)  # type: ignore[type-var]
    shown = [record["value"] for record in results(data, "show", "kz", "--topic", "trade", "--sort", "-value")]
    assert shown == sorted(shown, reverse=True)


def _fact(data: Path, fact_id: str) -> Any:
    from dipfacts.build import load_factbase
    from dipfacts.index import FactIndex

    found = FactIndex(load_factbase([str(data)], packaged=False)).fact_by_id(fact_id)
    assert found is not None
    return found


def script(data: Path, *args: str) -> Run:
    """The command as the installed script runs it: through main(), where Click's own usage errors are shaped."""
    return run_main("--no-packaged", "--data", str(data), *args)


def test_an_unknown_sort_field_is_one_line_naming_the_valid_ones(data: Path) -> None:
    line = usage_error(script(data, "trade", "kz", "--sort", "size"))
    assert "size" in line
    assert all(field in line for field in query.SORT_FIELDS["trade"]), line
    line = usage_error(script(data, "countries", "--sort", "-population"))
    assert all(field in line for field in query.SORT_FIELDS["countries"]), line
    assert "'-' for descending" in line
    with pytest.raises(UsageProblem, match="cannot sort by 'size'"):
        query.parse_sort("size", query.SORT_FIELDS["trade"])


def test_every_listing_command_documents_its_sort_fields() -> None:
    from dipfacts.cli.group import all_commands

    commands = dict(all_commands())
    for name, fields in query.SORT_FIELDS.items():
        option = next(param for param in commands[name].params if param.name == "sort")
        assert all(field in (option.help or "") for field in fields), (name, option.help)


def test_sort_by_is_stable_and_puts_missing_last() -> None:
    items = [("a", 2), ("b", None), ("c", 1), ("d", 2), ("e", None)]
    assert [name for name, _ in query.sort_by(items, lambda item: item[1])] == ["c", "a", "d", "b", "e"]
    descending = query.sort_by(items, lambda item: item[1], descending=True)
    assert [name for name, _ in descending] == ["a", "d", "c", "b", "e"]  # equal keys keep their order
