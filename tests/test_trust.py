"""Corroboration, conflicts, claim status, bounds, timeline, coverage, citations and about, on the fixture."""

from __future__ import annotations

import pytest

from dipfacts import query, trust
from dipfacts.errors import UsageProblem
from dipfacts.index import FactIndex


def test_corroboration_counts_distinct_articles(mini_index: FactIndex) -> None:
    assert query.corroboration(mini_index.facts["kz-trade-2024"]) == 2
    assert query.corroboration(mini_index.facts["kz-trade-2020"]) == 1


def test_min_sources_keeps_only_corroborated_facts(mini_index: FactIndex) -> None:
    strict = mini_index.with_min_sources(2)
    assert set(strict.facts) == {
        "kz-trade-2024", "kz-trade-rank", "kz-relations", "kz-president", "kz-tourists-2024", "ru-trade-2024",
    }  # fmt: skip
    # From 1 on, a derived value goes: no article states it (issue 11); 0 keeps everything.
    assert mini_index.with_min_sources(0) is mini_index
    one = mini_index.with_min_sources(1)
    assert set(mini_index.facts) - set(one.facts) == {"kz-trade-2023-derived"}
    assert query.corroboration(mini_index.facts["kz-trade-2023-derived"]) == 0
    assert strict.source_marks == mini_index.source_marks  # marks stay the same under a filter
    assert mini_index.with_min_sources(3).facts == {}


def test_source_versions_follow_citations_and_omissions(mini_index: FactIndex) -> None:
    alpha, beta = query.source_versions(mini_index.facts["ru-trade-2024"])
    assert (alpha.source, alpha.changes) == ("alpha", (26.1,))
    assert (beta.source, beta.changes, beta.values) == ("beta", (), (4580000000,))
    relations = {v.source: v.dates for v in query.source_versions(mini_index.facts["kz-relations"])}
    assert relations == {"beta": ("1992-06-29",), "alpha": ("1992",)}


@pytest.mark.parametrize(
    ("fact_id", "kinds"),
    [
        ("kz-trade-2024", ("hedge",)),  # 800 M vs over 800 M
        ("kz-tourists-2024", ("hedge",)),  # about vs over
        ("kz-trade-rank", ("acronym",)),  # EAEU vs UEE
        ("kz-relations", ("precision",)),  # 1992-06-29 vs 1992
        ("kz-president", ("spelling",)),
        ("ru-trade-2024", ()),  # beta states no change: no conflict with alpha's +26.1%
        ("kz-trade-2020", ()),
    ],
)
def test_differences_are_found_from_the_citations(mini_index: FactIndex, fact_id: str, kinds: tuple[str, ...]) -> None:
    assert query.differences(mini_index.facts[fact_id]) == kinds


def test_dates_that_disagree_are_a_value_conflict_not_precision(mini_index: FactIndex) -> None:
    from dipfacts.records import replace

    fact = mini_index.facts["kz-relations"]
    moved = replace(fact, citations=(fact.citations[0], replace(fact.citations[1], date="1993")))
    assert query.differences(moved) == ("value",)


def test_conflicts_list_within_fact_and_linked_differences(mini_index: FactIndex) -> None:
    result = trust.conflicts(mini_index)
    found = {(c.fact.id, c.other.id if c.other else None): c.kinds for c in result.conflicts}
    assert found == {
        ("vn-strategic-partners", "vn-partnerships-34"): ("count-over-time",),
        ("kz-trade-2024", None): ("hedge",),
        ("kz-trade-rank", None): ("acronym",),
        ("kz-relations", None): ("precision",),
        ("kz-partnership-aim", "kz-partnership"): ("plan-vs-outcome",),
        ("kz-tourists-2024", None): ("hedge",),
        ("kz-president", None): ("spelling",),
    }
    # Vietnam first, then partners by name; each version names the article that states it.
    assert result.conflicts[0].fact.country == "VN"
    trade = next(c for c in result.conflicts if c.fact.id == "kz-trade-2024")
    assert [(v.source, v.qualifiers) for v in trade.versions] == [("alpha", (None,)), ("beta", ("over",))]


def test_conflicts_filter_by_country_and_kind(mini_index: FactIndex) -> None:
    russia = trust.conflicts(mini_index, country=mini_index.countries["RU"])
    assert russia.conflicts == ()
    hedges = trust.conflicts(mini_index, kind="hedge")
    assert {c.fact.id for c in hedges.conflicts} == {"kz-trade-2024", "kz-tourists-2024"}
    with pytest.raises(UsageProblem, match="unknown kind of conflict 'mood'"):
        trust.conflicts(mini_index, kind="mood")


@pytest.mark.parametrize(
    ("value", "qualifier", "expected"),
    [
        (800000000, "over", (800000000, None, False, False, "over")),
        (52000000, "nearly", (None, 52000000, False, False, "nearly")),
        (150000, "about", (142500, 157500, True, True, "about")),  # plus or minus 5%
        (349200000, None, (349200000, 349200000, True, True, "stated")),
    ],
)
def test_bounds_of_hedged_figures(value: int, qualifier: str | None, expected: tuple[object, ...]) -> None:
    found = query.bounds(value, qualifier)
    assert found is not None
    assert (found.low, found.high, found.low_inclusive, found.high_inclusive, found.basis) == expected
    assert query.bounds(None, "over") is None


def test_about_tolerance_is_five_percent_as_the_readme_says() -> None:
    from tests.conftest import REPO

    assert query.ABOUT_TOLERANCE_PCT == 5
    assert "plus or minus 5%" in (REPO / "README.md").read_text(encoding="utf-8")


def test_timeline_orders_partial_dates_and_keeps_undated_years_apart(mini_index: FactIndex) -> None:
    result = trust.timeline(mini_index)
    order = [fact.id for fact in result.entries]
    # 1950-01-30, then 1992-06-29, 2019-09, 2020, 2023, 2024 ..., 2025-Q1, 2025-05 ..., 2030
    assert order.index("ru-relations") < order.index("kz-relations") < order.index("kz-visa-exemption")
    assert order.index("kz-trade-2020") < order.index("kz-trade-2023-derived") < order.index("kz-trade-2024")
    assert order.index("kz-trade-2025-q1") < order.index("kz-visit") < order.index("kz-trade-target-2030")
    # 2025-05 (the whole month) starts before the visit of 5 to 7 May.
    assert order.index("kz-partnership") < order.index("kz-visit")
    assert order[-1] == "kz-trade-target-2030"
    assert [fact.id for fact in result.year_unknown] == ["vn-conference"]
    assert "vn-partnerships-34" not in order  # undated facts are not on a timeline


def test_timeline_range_keeps_facts_whose_span_touches_it(mini_index: FactIndex) -> None:
    result = trust.timeline(mini_index, start="2024-06", end="2025-04")
    assert {fact.id for fact in result.entries} == {"kz-trade-2024", "kz-tourists-2024", "ru-trade-2024",
                                                    "kz-trade-2025-q1"}  # fmt: skip
    assert result.year_unknown == ()  # a date without a year cannot be said to fall in a range
    kazakhstan = trust.timeline(mini_index, country=mini_index.countries["KZ"], start="2030")
    assert [fact.id for fact in kazakhstan.entries] == ["kz-trade-target-2030"]
    with pytest.raises(UsageProblem, match="--from 'May 2024' is not a date"):
        trust.timeline(mini_index, start="May 2024")
    with pytest.raises(UsageProblem, match="--to '2020' is before --from '2024'"):
        trust.timeline(mini_index, start="2024", end="2020")


def test_coverage_counts_facts_and_names_the_gaps(mini_index: FactIndex) -> None:
    result = trust.coverage(mini_index)
    rows = {row.country.id: row for row in result.rows}
    assert [row.country.id for row in result.rows] == ["VN", "BY", "KZ", "RU"]
    trade = result.topics.index("trade")
    assert (rows["KZ"].cells[trade].facts, rows["KZ"].cells[trade].figures) == (6, 4)  # target, derived not figures
    assert rows["BY"].cells[trade].facts == 0
    assert rows["BY"].gaps == (
        "no partnership level", "no date of relations", "no trade figure", "no tourism figure",
    )  # fmt: skip
    assert rows["RU"].gaps == ("no partnership level", "no tourism figure")
    assert rows["VN"].gaps == ()


def test_find_facts_suggests_close_ids(mini_index: FactIndex) -> None:
    assert [f.id for f in trust.find_facts(mini_index, ("kz-trade-2024", "KZ-Relations")).facts] == [
        "kz-trade-2024", "kz-relations",
    ]  # fmt: skip
    with pytest.raises(UsageProblem, match="did you mean 'kz-trade-2024'"):
        trust.find_facts(mini_index, ("kz-trade-2042",))


def test_about_counts_what_is_loaded(mini_index: FactIndex) -> None:
    from tests.conftest import MINI

    found = trust.about(mini_index)
    assert (found.facts, found.sources, found.countries, found.data_version) == (22, 2, 4, "test.1")
    # A known day of May (beta, 2025-05-06) counts as newer than May itself (alpha, 2025-05).
    assert [source.id for source in found.newest_sources] == ["beta"]
    assert found.newest_date == "2025-05-06"
    assert found.conflicts == 7
    assert [(f.path, f.packaged, f.facts) for f in found.files] == [(str(MINI), False, 22)]
