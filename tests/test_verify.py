"""dipfacts verify: claims read from a draft, and each one's verdict with its reason."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from dipfacts.claims import decimal_usage, find_claims, read_number
from dipfacts.index import FactIndex
from dipfacts.verify import MAX_DRAFT_BYTES, VerifyResult, verify
from tests.conftest import SOURCES_DIR, invoke


def only(index: FactIndex, text: str) -> tuple[str, str, tuple[str, ...]]:
    """The one claim of ``text``: its verdict, reason and fact ids."""
    result = verify(index, text)
    assert len(result.checks) == 1, [check.claim.text for check in result.checks]
    check = result.checks[0]
    return check.verdict, check.reason, tuple(fact.id for fact in check.facts)


# ----------------------------------------------------------------------------- reading numbers


@pytest.mark.parametrize(
    ("token", "usage", "expected"),
    [
        ("4,58", None, ["4.58"]),
        ("146,3", None, ["146.3"]),
        ("1.5", None, ["1.5"]),
        ("62 500", None, ["62500"]),
        ("62\u00a0500", None, ["62500"]),
        ("62\u202f500", None, ["62500"]),
        ("62\u2009500", None, ["62500"]),
        ("1,500,000", None, ["1500000"]),
        ("1.500.000", None, ["1500000"]),
        ("1,234.5", None, ["1234.5"]),
        ("1.234,5", None, ["1234.5"]),
        ("150.000", True, ["150000"]),  # the text writes decimals with a comma: the point groups thousands
        ("1,500", True, ["1.5"]),
        ("1,500", False, ["1500"]),
        ("1,500", None, ["1.5", "1500"]),  # ambiguous: both readings, the French first
    ],
)
def test_numbers_read_in_french_and_english(token: str, usage: bool | None, expected: list[str]) -> None:
    assert [str(value.normalize()) if value != value.to_integral_value() else str(int(value))
            for value in read_number(token, decimal_comma=usage).values] == expected  # fmt: skip


def test_the_language_settles_its_thousands_mark_only() -> None:
    assert read_number("1,500", decimal_comma=None, french=False).values == (Decimal(1500),)
    assert read_number("150.000", decimal_comma=None, french=True).values == (Decimal(150000),)
    assert len(read_number("1,500", decimal_comma=None, french=True).values) == 2  # French comma: 1.5 or 1,500


def test_a_count_has_no_fraction() -> None:
    assert read_number("1,500", decimal_comma=None, count=True).values == (Decimal(1500),)


def test_decimal_usage_of_a_text() -> None:
    assert decimal_usage("146,3 millions et 150.000 visiteurs") is True
    assert decimal_usage("USD 4.58 billion and 1,500 visitors") is False
    assert decimal_usage("1,500 visiteurs") is None


def test_claims_carry_offsets_values_units_and_hedges(mini_index: FactIndex) -> None:
    text = "En 2024, le commerce avec le Kazakhstan a dépassé 800\u00a0millions de dollars, en hausse de 99 %."
    claims = find_claims(text, mini_index)
    money, change = claims
    assert text[money.start : money.end] == "dépassé 800\u00a0millions de dollars"
    assert (money.value, money.unit, money.qualifier, money.period, money.countries[0]) == (
        Decimal(800_000_000), "USD", "over", "2024", "KZ",
    )  # fmt: skip
    assert money.precision == Decimal(1_000_000)
    assert (change.kind, change.value, change.unit) == ("change", Decimal(99), "percent")


# ----------------------------------------------------------------------------- verdicts


def test_a_figure_agrees_with_the_version_it_matches_and_names_the_other(mini_index: FactIndex) -> None:
    verdict, reason, facts = only(mini_index, "Kazakhstan's trade with Vietnam reached USD 800 million in 2024.")
    assert (verdict, facts) == ("agrees", ("kz-trade-2024",))
    assert "USD 800 M [1]" in reason
    assert "over USD 800 M [2]" in reason
    assert "lower bound" in reason


def test_over_agrees_with_the_hedged_version(mini_index: FactIndex) -> None:
    verdict, reason, _facts = only(mini_index, "Trade with Kazakhstan exceeded $800m in 2024.")
    assert verdict == "agrees"
    assert reason.startswith("base: over USD 800 M [2] (2024)")


def test_a_rounded_figure_agrees_and_a_wrong_one_differs(mini_index: FactIndex) -> None:
    assert only(mini_index, "Trade with Kazakhstan was USD 0.8 billion in 2024.")[0] == "agrees"
    verdict, reason, _facts = only(mini_index, "Trade with Kazakhstan was USD 900 million in 2024.")
    assert verdict == "differs"
    assert "outside it" in reason


def test_more_precise_agrees_within_the_rounding_and_says_so(mini_index: FactIndex) -> None:
    verdict, reason, _facts = only(mini_index, "Kazakhstan: trade reached 146.32 million dollars in Q1 2025.")
    assert verdict == "agrees"  # equal within the rounding of the less precise figure (issue 13)
    assert "last digits are not in the base" in reason
    assert only(mini_index, "Kazakhstan: trade reached 146.4 million dollars in Q1 2025.")[0] == "differs"


def test_hedges_must_be_compatible(mini_index: FactIndex) -> None:
    # "over 700 M" is true of "over 800 M" only as a bound of the same kind; of a stated 800 M it is unclear.
    assert only(mini_index, "Kazakhstan: trade passed USD 700 million in 2024.")[0] == "agrees"
    verdict, _reason, _facts = only(mini_index, "Kazakhstan: trade was nearly USD 800 million in 2024.")
    assert verdict == "differs"  # beta's "over 800 M" rules it out, and alpha's 800 M cannot confirm it
    assert only(mini_index, "Kazakhstan: trade was about USD 790 million in 2024.")[0] == "agrees"
    assert only(mini_index, "Kazakhstan: trade was nearly USD 52 million in 2024.")[0] == "differs"


def test_a_target_stated_as_a_result_differs(mini_index: FactIndex) -> None:
    verdict, reason, _facts = only(mini_index, "Trade with Kazakhstan was USD 5 billion in 2030.")
    assert verdict == "differs"
    assert "TARGET" in reason
    assert only(mini_index, "Kazakhstan and Vietnam aim to bring trade to USD 5 billion by 2030.")[0] == "agrees"


def test_a_derived_figure_is_never_more_than_unclear(mini_index: FactIndex) -> None:
    verdict, reason, _facts = only(mini_index, "Trade with Kazakhstan was about USD 400 million in 2023.")
    assert verdict == "unclear"
    assert "DERIVED" in reason


def test_a_change_and_doubled(mini_index: FactIndex) -> None:
    text = "In 2024 trade with Kazakhstan doubled."
    verdict, reason, _facts = only(mini_index, text)
    assert verdict == "agrees"
    assert "+99%" in reason
    assert only(mini_index, "En 2024, le commerce avec le Kazakhstan est en hausse de 50 %.")[0] == "differs"


def test_no_period_is_unclear(mini_index: FactIndex) -> None:
    verdict, reason, _facts = only(mini_index, "Trade with Kazakhstan reached USD 349.2 million.")
    assert verdict == "unclear"
    assert "no period" in reason


def test_the_country_comes_from_the_sentence_or_the_one_before(mini_index: FactIndex) -> None:
    text = "Kazakhstan is a key partner. In 2024 trade reached USD 800 million."
    assert verify(mini_index, text).checks[0].verdict == "agrees"
    text = "Trade is growing. In 2024 trade reached USD 800 million."
    check = verify(mini_index, text).checks[0]
    assert check.verdict == "unclear"
    assert "names no country" in check.reason


def test_the_country_may_come_from_the_claims_own_paragraph_when_it_names_one(mini_index: FactIndex) -> None:
    # As the articles write: the figure first, the country a sentence later, in the same paragraph.
    text = "In 2024 trade reached USD 800 million. Oil is a pillar of ties between Vietnam and Kazakhstan."
    check = verify(mini_index, text).checks[0]
    assert check.verdict == "agrees"
    assert "from its paragraph, which names Kazakhstan" in check.reason
    # Two partners in the paragraph: which one is not clear.
    text = "In 2024 trade reached USD 800 million. Oil matters. Kazakhstan and Russia are partners."
    check = verify(mini_index, text).checks[0]
    assert check.verdict == "unclear"
    # Another paragraph's country does not count.
    text = "Kazakhstan is a partner.\n\nTrade is growing. In 2024 trade reached USD 800 million."
    check = verify(mini_index, text).checks[0]
    assert check.verdict == "unclear"
    assert "names no country" in check.reason


def test_a_year_alone_dates_an_event(real_index: FactIndex) -> None:
    # "in 1992" is the base's 29 June 1992, less precisely; "since 2016" is not the visa exemption's 2019-09.
    text = (
        "Vietnam and Kazakhstan established diplomatic relations in 1992. Kazakhstan has exempted Vietnamese"
        " citizens from visas since 2016. Relations diplomatiques avec le Kazakhstan établies en 1995."
    )
    checks = {check.claim.text: check for check in verify(real_index, text).checks}
    assert checks["in 1992"].verdict == "agrees"
    assert checks["in 1992"].claim.date == "1992"
    assert checks["since 2016"].verdict == "differs"
    assert "2019-09" in checks["since 2016"].reason
    assert checks["en 1995"].verdict == "differs"
    # A year with no event word to date is no claim ("In 2024, trade reached ..." dates a figure instead).
    assert not [c for c in verify(real_index, "The weather was fine in 2016.").checks if c.claim.kind == "date"]


def test_a_claim_is_never_matched_across_countries(mini_index: FactIndex) -> None:
    check = verify(mini_index, "Russia's trade reached USD 800 million in 2024.").checks[0]
    assert check.facts
    assert all(fact.country == "RU" for fact in check.facts), [fact.id for fact in check.facts]
    check = verify(mini_index, "Belarus's trade reached USD 800 million in 2024.").checks[0]
    assert check.verdict == "not-in-base"
    assert not check.facts
    check = verify(mini_index, "Kazakhstan, Russia and Belarus traded USD 800 million in 2024.").checks[0]
    assert check.verdict == "unclear"
    assert "several countries" in check.reason


def test_an_ambiguous_number_gives_its_readings(mini_index: FactIndex) -> None:
    verdict, reason, _facts = only(mini_index, "En 2024, le commerce avec le Kazakhstan a atteint 1,500 milliard de $.")
    assert verdict == "unclear"
    assert "1.5" in reason
    assert "1500" in reason.replace(",", "")
    # A count settles it: 1.5 projects is no count.
    assert find_claims("Le Kazakhstan compte 1,500 projets.", mini_index)[0].value == Decimal(1500)


def test_a_level_and_a_date(mini_index: FactIndex) -> None:
    assert only(mini_index, "Vietnam and Kazakhstan have a strategic partnership.")[0] == "agrees"
    verdict, reason, _facts = only(mini_index, "Vietnam and Kazakhstan have a comprehensive strategic partnership.")
    assert verdict == "differs"
    assert "strategic partnership" in reason
    assert only(mini_index, "Kazakhstan and Vietnam set up diplomatic relations on 29 June 1992.")[0] == "agrees"
    assert only(mini_index, "Kazakhstan and Vietnam set up diplomatic relations in June 1993.")[0] == "differs"


def test_the_real_articles_have_no_differs(real_index: FactIndex) -> None:
    # The articles are where the base comes from: checked against it, none of their claims may differ.
    for path in sorted(SOURCES_DIR.glob("*.txt")):
        result = verify(real_index, path.read_text(encoding="utf-8"), name=path.name)
        assert not [c.claim.text for c in result.checks if c.verdict == "differs"], path.name
        assert result.counts["agrees"] >= 2, path.name
        # Every trade figure and change the base holds from the article is found and agrees, even where
        # the country is named only elsewhere in its paragraph (Russia's 4,58 bn, the first quarter's 146,3 M).
        trade = [c for c in result.checks if c.claim.topic == "trade" and c.facts]
        assert all(c.verdict == "agrees" for c in trade), [(c.claim.text, c.reason) for c in trade]
    checked = {
        c.claim.text: c
        for path in sorted(SOURCES_DIR.glob("*.txt"))
        for c in verify(real_index, path.read_text(encoding="utf-8")).checks
    }
    for words, fact in [
        ("4,58 milliards de dollars", "ru-trade-2024"),
        ("146,3 millions de dollars", "kz-trade-2025-q1"),
    ]:
        assert checked[words].verdict == "agrees"
        assert fact in {f.id for f in checked[words].facts}


def test_articles_that_disagree_each_agree_with_their_own_version(real_index: FactIndex) -> None:
    # tourism 2024: "150 000" [1], "environ 150.000" [2], "plus de 150.000" [4].
    for words, mark in (("150 000", "[1]"), ("environ 150.000", "[2]"), ("plus de 150.000", "[4]")):
        result = verify(real_index, f"En 2024, le Vietnam a accueilli {words} touristes kazakhs.")
        check = result.checks[0]
        assert check.verdict == "agrees", check.reason
        assert check.reason.startswith("base: ")
        assert mark in check.reason.split(";")[0]


# ----------------------------------------------------------------------------- the command


def test_exit_codes_and_only(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("En 2024, le commerce avec le Kazakhstan a atteint 800 millions de dollars.", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("Trade with Kazakhstan was USD 900 million in 2024. Kazakhstan: 2 M USD in 2020.", encoding="utf-8")
    assert invoke("verify", str(good)).code == 0
    run = invoke("verify", str(bad), "--only", "differs", "--json")
    assert run.code == 1
    results = run.json()["results"]
    assert results
    assert all(record["verdict"] == "differs" for record in results), results
    text = bad.read_text(encoding="utf-8")
    for record in results:
        assert text[record["start"] : record["end"]] == record["text"]
        assert record["facts"]
        assert record["reason"]


def test_unreadable_input_exits_3(tmp_path: Path) -> None:
    binary = tmp_path / "draft.bin"
    binary.write_bytes(b"\x00\x01\x02 trade")
    assert invoke("verify", str(binary)).code == 3
    latin = tmp_path / "latin.txt"
    latin.write_bytes("échanges".encode("latin-1"))
    run = invoke("verify", str(latin))
    assert run.code == 3
    assert "UTF-8" in run.err
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (MAX_DRAFT_BYTES + 1))
    assert invoke("verify", str(big)).code == 3
    assert invoke("verify", str(tmp_path / "missing.txt")).code == 3  # a missing file is unreadable input


def test_stdin_nl_and_control_characters_shown_safely() -> None:
    draft = "Kazakhstan\x1b[31m: trade reached USD 800 million in 2024."
    run = invoke("verify", "-", "--nl", env={"DIPFACTS_DATA": ""})
    assert run.code == 0  # empty stdin: nothing to check
    from click.testing import CliRunner

    from dipfacts.cli.group import cli
    from tests.conftest import MINI

    result = CliRunner().invoke(
        cli, ["--no-packaged", "--data", str(MINI), "verify", "-", "--table"], input=draft,
        env={"NO_COLOR": "1", "COLUMNS": "100", "DIPFACTS_DATA": ""},
    )  # fmt: skip
    assert "\x1b" not in result.stdout
    assert result.exit_code == 0


def test_json_matches_the_schema(tmp_path: Path) -> None:
    from dipfacts.schema import output_schema

    jsonschema = pytest.importorskip("jsonschema")

    draft = tmp_path / "draft.txt"
    draft.write_text(
        "Kazakhstan: trade reached USD 800 million in 2024, up 99%. Kazakhstan has a strategic partnership.",
        encoding="utf-8",
    )
    run = invoke("verify", str(draft), "--json")
    jsonschema.validate(run.json(), output_schema())
    assert {record["kind"] for record in run.json()["results"]} == {"figure", "change", "level"}
    csv = invoke("verify", str(draft), "--csv")
    assert csv.out.splitlines()[0].startswith("start,end,line,column,text,kind")


def test_result_type_is_registered_everywhere() -> None:
    from dipfacts import output, render

    assert VerifyResult in output.json_forms()
    assert VerifyResult in render.table_views()
