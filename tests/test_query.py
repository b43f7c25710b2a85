"""Index and query behaviour on the small fixture file."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dipfacts import query
from dipfacts.errors import CountryWithoutFacts, UnknownCountry, UnknownSource, UsageProblem
from dipfacts.facts import search_text
from dipfacts.index import FactIndex, normalise


def test_normalise_folds_case_accents_and_punctuation() -> None:
    assert normalise("Ca-dắc-xtan") == "ca dac xtan"
    assert normalise("  BIÉLORUSSIE ") == "bielorussie"
    assert normalise("Việt Nam") == "viet nam"
    assert normalise("Đà Nẵng") == "da nang"
    assert normalise("d’Azerbaïdjan") == "d azerbaidjan"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("kazakhstan", "KZ"),
        ("KAZAKHSTAN", "KZ"),
        ("kz", "KZ"),
        ("KAZ", "KZ"),
        ("Казахстан", "KZ"),
        ("ca dac xtan", "KZ"),
        ("Ca-dắc-xtan", "KZ"),
        ("Russie", "RU"),
        ("Россия", "RU"),
        ("nga", "RU"),
        ("Biélorussie", "BY"),
        ("bielorussie", "BY"),
        ("Беларусь", "BY"),
        ("bê-la-rút", "BY"),
        ("viet nam", "VN"),
        ("Việt Nam", "VN"),
    ],
)
def test_exact_aliases_resolve(mini_index: FactIndex, name: str, expected: str) -> None:
    assert query.resolve_country(mini_index, name).id == expected


@pytest.mark.parametrize(
    ("typo", "expected"), [("kazakstan", "KZ"), ("Kazahkstan", "KZ"), ("rusia", "RU"), ("bielorusie", "BY")]
)
def test_typos_resolve_to_the_intended_country(mini_index: FactIndex, typo: str, expected: str) -> None:
    assert query.resolve_country(mini_index, typo).id == expected


def test_world_names_resolve_through_pycountry_even_without_alias(mini_index: FactIndex) -> None:
    # "Republic of Kazakhstan" is not among the fixture's aliases; pycountry's official name is.
    assert query.resolve_country(mini_index, "Republic of Kazakhstan").id == "KZ"
    # The French name of Belarus from pycountry's translations when not in the aliases.
    assert query.resolve_country(mini_index, "Russian Federation").id == "RU"


@pytest.mark.parametrize(
    ("name", "alpha2"),
    [("Austria", "AT"), ("Kyrgyzstan", "KG"), ("Nigeria", "NG"), ("Autriche", "AT"), ("Австрия", "AT")],
)
def test_real_countries_without_facts_are_recognised(mini_index: FactIndex, name: str, alpha2: str) -> None:
    with pytest.raises(CountryWithoutFacts) as caught:
        query.resolve_country(mini_index, name)
    assert caught.value.alpha2 == alpha2
    assert str(caught.value).startswith("no facts about ")
    assert caught.value.exit_code == 1


@pytest.mark.parametrize(
    ("name", "hints"),
    [("Prussia", ("Russia",)), ("USSR", ("Russia", "Kazakhstan", "Belarus")), ("Soviet Union", ("Russia",)),
     ("Union of Soviet Socialist Republics", ("Russia",)), ("Byelorussian SSR", ("Belarus",)),
     ("Czechoslovakia", ())],
)  # fmt: skip
def test_a_historic_state_is_named_as_such_never_answered_as_a_country(
    mini_index: FactIndex, name: str, hints: tuple[str, ...]
) -> None:
    from dipfacts.errors import HistoricState

    with pytest.raises(HistoricState) as caught:
        query.resolve_place(mini_index, name)
    assert caught.value.exit_code == 2
    assert "a historic state, not a country in the base" in str(caught.value)
    assert all(hint in str(caught.value) for hint in hints), (hints, str(caught.value))


def test_a_city_resolves_only_with_a_notice(mini_index: FactIndex) -> None:
    place = query.resolve_place(mini_index, "astana")
    assert place.country.id == "KZ"
    assert place.notice == "taking 'astana' as Kazakhstan (Astana is one of its cities)"
    assert query.resolve_place(mini_index, "Kazakhstan").notice is None  # its own name says nothing


@pytest.mark.parametrize(("typo", "expected"), [("Kazahkstan", "KZ"), ("rusia", "RU"), ("bielorusie", "BY")])
def test_a_typo_resolves_only_with_a_notice(mini_index: FactIndex, typo: str, expected: str) -> None:
    place = query.resolve_place(mini_index, typo)
    assert place.country.id == expected
    assert place.notice
    assert "check the spelling" in place.notice


@pytest.mark.parametrize("far", ["Kazaaakhstaan", "Belaroos"])
def test_a_match_that_is_not_near_certain_is_a_question(mini_index: FactIndex, far: str) -> None:
    with pytest.raises(UnknownCountry) as caught:
        query.resolve_place(mini_index, far)
    assert caught.value.exit_code == 2
    assert caught.value.suggestions


def test_a_typo_of_austria_is_never_mapped_to_russia(mini_index: FactIndex) -> None:
    with pytest.raises(UnknownCountry) as caught:
        query.resolve_country(mini_index, "Austira")
    assert caught.value.exit_code == 2
    assert caught.value.suggestions[0] == "Austria (no facts yet)"
    assert "Russia" not in caught.value.suggestions[:1]


def test_nonsense_gets_unknown_country(mini_index: FactIndex) -> None:
    with pytest.raises(UnknownCountry):
        query.resolve_country(mini_index, "Qwxyzzy")
    with pytest.raises(UsageProblem):
        query.resolve_country(mini_index, "  -- ")


def test_trade_series_is_ordered_by_period_with_rankings_apart(mini_index: FactIndex) -> None:
    result = query.trade(mini_index, mini_index.countries["KZ"])
    assert [f.period for f in result.figures] == ["2020", "2023", "2024", "2025-Q1", "2030"]
    assert [f.kind for f in result.figures] == ["actual", "derived", "actual", "actual", "target"]
    assert [f.id for f in result.rankings] == ["kz-trade-rank"]


def test_trade_year_filter(mini_index: FactIndex) -> None:
    result = query.trade(mini_index, mini_index.countries["KZ"], year=2025)
    assert [f.id for f in result.figures] == ["kz-trade-2025-q1"]
    assert query.trade(mini_index, mini_index.countries["BY"]).figures == ()


def test_visits_filters_and_order(mini_index: FactIndex) -> None:
    everything = query.visits(mini_index, year=2025)
    # Kazakhstan has days; the month-only visits follow it in the file's order.
    assert [f.country for f in everything.visits] == ["KZ", "RU", "BY"]
    assert [f.country for f in query.visits(mini_index, visit_type="official").visits] == ["RU"]
    assert query.visits(mini_index, year=2024).visits == ()
    assert [f.id for f in query.visits(mini_index, country=mini_index.countries["BY"]).visits] == ["by-visit"]


def test_summary_picks_latest_annual_trade_and_earliest_relations(mini_index: FactIndex) -> None:
    summary = query.summarise_country(mini_index, mini_index.countries["KZ"])
    assert summary.latest_trade is not None
    assert summary.latest_trade.id == "kz-trade-2024"
    assert summary.relations is not None
    assert summary.relations.date == "1992-06-29"
    assert summary.partnership is not None
    assert summary.partnership.level == "strategic partnership"
    assert summary.tourism is not None
    assert summary.tourism.id == "kz-tourists-2024"
    empty = query.summarise_country(mini_index, mini_index.countries["BY"])
    assert empty.latest_trade is None
    assert empty.partnership is None


@pytest.mark.parametrize("words", ["nouilles", "noodles", "NOUILLES instantanees", "noodle", "nodles"])
def test_search_finds_by_english_or_french_words(mini_index: FactIndex, words: str) -> None:
    result = query.search(mini_index, words)
    assert result.hits
    assert result.hits[0].fact.id == "kz-noodle-makers"


@pytest.mark.parametrize("year", ["2023", "2024", "2025"])
def test_a_year_is_searched_as_written_never_as_a_typo_of_another(real_index: FactIndex, year: str) -> None:
    """A number has no typos: `search 2023` must not bring the facts of 2024 or 2025 (one edit away)."""
    hits = query.search(real_index, year, limit=200).hits
    assert hits
    entities = {entity.id: entity for entity in real_index.base.entities}
    without = [
        hit.fact.id for hit in hits
        if not any(
            word.startswith(year)
            for word in search_text(hit.fact, real_index.countries.get(hit.fact.country), entities).split()
        )
    ]  # fmt: skip
    assert not without, without


def test_search_filters_and_limit(mini_index: FactIndex) -> None:
    trade_hits = query.search(mini_index, "trade", topic="trade", limit=3)
    assert len(trade_hits.hits) == 3
    assert all(hit.fact.topic == "trade" for hit in trade_hits.hits), [hit.fact.id for hit in trade_hits.hits]
    russia = query.search(mini_index, "trade", country=mini_index.countries["RU"])
    assert [hit.fact.id for hit in russia.hits] == ["ru-trade-2024"]
    assert query.search(mini_index, "zzzzqqq").hits == ()
    with pytest.raises(UsageProblem):
        query.search(mini_index, "trade", topic="nonsense")


def test_versions_keep_each_sources_hedge(mini_index: FactIndex) -> None:
    fact = mini_index.facts["kz-trade-2024"]
    found = query.versions(fact)
    assert [(v.qualifier, v.sources) for v in found] == [(None, ("alpha",)), ("over", ("beta",))]


def test_sources_list_the_facts_they_back(mini_index: FactIndex) -> None:
    result = query.sources(mini_index, "beta")
    (entry,) = result.entries
    assert entry.mark == 2
    assert "kz-trade-2020" in {f.id for f in entry.facts}
    assert "ru-relations" not in {f.id for f in entry.facts}
    with pytest.raises(UnknownSource):
        query.sources(mini_index, "gamma")


_CREDITS = st.lists(
    st.tuples(st.sampled_from([100.0, 95.0, 90.0, 80.0, 70.0, 40.0]), st.lists(st.integers(0, 40), max_size=25)),
    max_size=6,
)


@given(_CREDITS)
def test_a_one_word_search_groups_each_fact_under_its_best_score(credits: list[tuple[float, list[int]]]) -> None:
    # The set-at-a-time grouping against the plain reading: each fact's best score, kept if it is enough.
    best: dict[int, float] = {}
    for score, positions in credits:
        for position in positions:
            best[position] = max(score, best.get(position, 0.0))
    expected: dict[float, set[int]] = {}
    for position, score in best.items():
        if score >= query.SEARCH_MIN_SCORE:
            expected.setdefault(score, set()).add(position)
    grouped = query._grouped_by_score(credits)
    assert {score: set(positions) for score, positions in grouped.items()} == expected
    assert all(len(positions) == len(set(positions)) for positions in grouped.values()), "a fact twice in a group"
    assert query._best_scores(credits) == best
