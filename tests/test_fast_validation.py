"""The usual fact is read in one step (load._plain_fact); it must build exactly what the careful, field by
field reading (load._parse_fact) builds, and leave every other fact to it, problems and all (issue 12).

No timings here (bench/run.py has them); these pin the shortcut to the careful path.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dipfacts import load
from dipfacts.build import load_factbase
from dipfacts.errors import DataFileError
from dipfacts.load import _FACT_KEYS, _Checker, _Lines, _parse_fact, _plain_fact, _Record, fact_files, parse_files
from dipfacts.model import Citation, Fact, Origin
from dipfacts.records import replace
from dipfacts.text import normalise
from tests.conftest import examples
from tests.test_text import by_definition

ORIGIN = Origin("f.toml", 7)

# Each key's values: the usual ones and every kind of wrong or odd one the careful path has a word for.
_TEXT_ODD = st.text(alphabet=st.sampled_from(" \n\tab-\u00e9e\u0301\u2028\u00a0"), max_size=6)
_WRONG = st.sampled_from([None, True, 1, 2.5, -3, [], {}, ["a"], dt.date(2024, 5, 1), ""])
_CITATION = st.one_of(
    st.just({"source": "src", "paragraph": 1, "excerpt": "cent dollars"}),
    st.just({"source": " src ", "paragraph": 2, "excerpt": "cafe\u0301 au lait "}),
    st.fixed_dictionaries(
        {
            "source": st.sampled_from(["src", "", " "]),
            "paragraph": st.sampled_from([1, 0, 100_000, 2.0]),
            "excerpt": st.sampled_from(["a b", "a\nb", " ".join(["w"] * 16), ""]),
        }
    ),
    st.just({"source": "src", "paragraph": 1, "excerpt": "x", "qualifier": "about"}),
    st.just({"source": "src", "paragraph": 1}),
    st.sampled_from(["src", 3, ["src", 1, "x"]]),  # not a table
)
VALUES: dict[str, st.SearchStrategy[Any]] = {
    "id": st.one_of(
        st.sampled_from(
            ["kz-trade-2024", "a", "x9-1", " kz-x ", "kz-x\n", "Kz-x", "kz--x", "kz-", "-kz", "kz_x", "k\u00e9"]
        ),
        _TEXT_ODD,
        _WRONG,
    ),
    "country": st.one_of(st.sampled_from(["KZ", "VN", " KZ", "KZ\n", "kz", "KAZ", "K"]), _WRONG),
    "topic": st.one_of(st.sampled_from(["trade", "visit", "relations", " trade ", "Trade", "trades"]), _WRONG),
    "statement": st.one_of(
        st.sampled_from(["Trade grew.", " Trade grew. ", "Cafe\u0301 opened.", "two\nlines"]), _TEXT_ODD, _WRONG
    ),
    "value": st.one_of(
        st.sampled_from([0, 1, 100, -5, 10**12 - 1, 10**12, -(10**12) + 1, 10**15 - 1, 10**15, 123456789012345678]),
        st.sampled_from([1.0, 2.5, -0.0, math.inf, math.nan, 1e14, 0.1 + 0.2, "100"]),
        _WRONG,
    ),
    "unit": st.one_of(st.sampled_from(["USD", " USD ", "visitors", "flights\n", "usd"]), _TEXT_ODD, _WRONG),
    "period": st.one_of(
        st.sampled_from(
            ["2024", "2024-Q1", "2023/2024", "2024/2023", " 2024 ", "2024-05-01", "--05", "2024-13", "2024/2025/2026"]
        ),
        _WRONG,
    ),
    "date": st.one_of(
        st.sampled_from(["2024-05", "2024-05-01", "--05-01", "2023/2024", " 2024 ", "2024-02-30", "May 2024"]), _WRONG
    ),
    "qualifier": st.one_of(st.sampled_from(["about", "over", "nearly", " about", "roughly", ""]), _WRONG),
    "note": st.one_of(st.sampled_from(["A note.", " Two\nlines ", "Cafe\u0301"]), _TEXT_ODD, _WRONG),
    "citations": st.one_of(st.lists(_CITATION, max_size=3), _WRONG),
    # Keys the usual fact does not have: the careful path alone reads them.
    "kind": st.sampled_from(["actual", "target", "derived"]),
    "status": st.sampled_from(["reported", "signed"]),
    "level": st.sampled_from(["ministerial"]),
    "people": st.sampled_from([["kassym-jomart-tokayev"], []]),
    "differs_from": st.just([{"fact": "kz-other", "kind": "value"}]),
    "change_pct": st.sampled_from([12.5]),
    "topc": st.just("trade"),
}
_USUAL = {
    "id": "kz-trade-2024",
    "country": "KZ",
    "topic": "trade",
    "statement": "Trade grew.",
    "citations": [{"source": "src", "paragraph": 1, "excerpt": "cent dollars"}],
}
# A usual fact with some of its fields replaced or added, or any table at all.
FACTS = st.one_of(
    st.builds(
        lambda changes, dropped: {**{k: v for k, v in _USUAL.items() if k != dropped}, **changes},
        st.dictionaries(st.sampled_from(sorted(VALUES)), st.none(), max_size=4).flatmap(
            lambda keys: st.fixed_dictionaries({key: VALUES[key] for key in keys})
        ),
        st.sampled_from([None, "id", "country", "topic", "statement", "citations"]),
    ),
    st.fixed_dictionaries({}, optional=VALUES),
)


def careful(table: dict[str, Any], user: bool = True) -> tuple[Fact | None, list[str]]:
    """What the field by field reading makes of a fact table: the fact (or None) and the problems."""
    checker = _Checker("f.toml", _Lines(""))
    fact = _parse_fact(_Record(checker, "facts", 0, table, "fact 'x'", _FACT_KEYS), ORIGIN, user)
    return fact, checker.problems


@settings(max_examples=examples(400))  # every listed value, alone and in pairs, is tried below
@given(FACTS)
@example(_USUAL)
@example({**_USUAL, "value": 10**15 - 1, "unit": "USD", "period": "2024", "qualifier": "about", "note": " n "})
@example({**_USUAL, "value": -(10**12) + 1, "unit": "visitors", "date": "--05-01"})
@example({**_USUAL, "id": "kz-x\n"})  # _ID's "$" matches before a final line break; the careful path strips it
@example({**_USUAL, "value": 5, "unit": ""})
def test_the_quick_fact_is_what_the_careful_reading_gives(table: dict[str, Any]) -> None:
    quick = _plain_fact(table, {}, ORIGIN, True)
    if quick is not None:
        assert (quick, []) == careful(table)
        assert quick.citations == careful(table)[0].citations  # type: ignore[union-attr]


def test_every_variant_is_read_alike_or_left_to_the_careful_reading() -> None:
    # The same property over every listed value of every key, alone and two at a time: what the careful
    # reading refuses the quick one refuses, and what the quick one builds the careful one builds too.
    refused = quick_ones = 0
    for table in _variants(pairs=True):
        fact, problems = careful(table)
        quick = _plain_fact(table, {}, ORIGIN, True)
        if problems:
            refused += 1
            assert quick is None, table
        elif quick is not None:
            quick_ones += 1
            assert quick == fact, table
    assert refused > 1000  # the variants do reach the careful path's problems
    assert quick_ones > 100  # and the quick path


def _variants(*, pairs: bool = False) -> list[dict[str, Any]]:
    """The usual fact with each key's every listed value in turn, and without each key; with ``pairs``,
    also with every two values of two keys at once."""
    listed: dict[str, list[Any]] = {
        "id": ["a", " kz-x ", "kz-x\n", "Kz-x", "kz--x", "kz-", "", 1, None],
        "country": ["VN", " KZ", "KZ\n", "kz", "KAZ", "", None, 1],
        "topic": ["visit", " trade ", "Trade", "trades", None],
        "statement": [" Trade grew. ", "Cafe\u0301.", "two\nlines", "", " ", None, 1],
        "value": [0, 100, -5, 10**12, 10**15 - 1, 10**15, 2.5, 1.0, math.nan, math.inf, "100", True, None],
        "unit": ["USD", " USD ", "visitors", "fli\nghts", "flights\n", "", None, 1],
        "period": ["2024", "2023/2024", "2024/2023", " 2024 ", "2024-13", "", dt.date(2024, 5, 1), None],
        "date": ["2024-05", "--05-01", "2023/2024", "2024-02-30", "", dt.date(2024, 5, 1), None],
        "qualifier": ["about", " about", "roughly", "", None],
        "note": ["A note.", " Two\nlines ", "", 1],
        "citations": [
            [],
            [{"source": "src", "paragraph": 0, "excerpt": "x"}],
            ["src"],
            "src",
            None,
            [{"source": "src", "paragraph": 1, "excerpt": " ".join(["w"] * 16)}],
            [_USUAL["citations"][0], {"source": "src", "paragraph": 1, "excerpt": "x", "note": "n"}],
        ],
        "kind": ["actual", "target", "derived"],
        "status": ["reported", "signed"],
        "level": ["ministerial"],
        "people": [["kassym-jomart-tokayev"], []],
        "topc": ["trade"],
    }
    changes = [{key: value} for key, values in listed.items() for value in values]
    changes += [{"period": "2024", "date": "2024-05"}, {"unit": "USD", "qualifier": "about"}]
    if pairs:
        changes += [
            {**one, **other}
            for n, one in enumerate(changes)
            for other in changes[n + 1 :]
            if one.keys() != other.keys()
        ]
    found = []
    for base in (_USUAL, {**_USUAL, "value": 100, "unit": "USD"}, {**_USUAL, "value": 100, "unit": "visitors"}):
        found += [{k: v for k, v in {**base, **change}.items() if v is not None} for change in changes]
        found += [{k: v for k, v in base.items() if k != key} for key in listed]
    return found


def test_the_usual_facts_are_read_the_quick_way() -> None:
    # The shortcut is taken, not merely harmless: the facts bench/generate.py writes, and a few more.
    usual = [
        _USUAL,
        {**_USUAL, "value": 169_000_000, "unit": "USD", "period": "2019", "qualifier": "about"},
        {**_USUAL, "date": "2020-07", "note": "Cafe\u0301 opened."},
        {**_USUAL, "statement": " Trade grew. ", "citations": [_USUAL["citations"][0]] * 3},
    ]
    for table in usual:
        assert _plain_fact(table, {}, ORIGIN, False) == careful(table, user=False)[0]


def test_a_quick_fact_is_the_record_the_model_describes() -> None:
    table = {**_USUAL, "value": 100, "unit": " USD ", "date": "--05-01", "note": " Cafe\u0301 "}
    assert _plain_fact(table, {}, ORIGIN, True) == Fact(
        "kz-trade-2024",
        "KZ",
        "trade",
        "Trade grew.",
        (Citation("src", 1, "cent dollars"),),
        value=100,
        unit="USD",
        date="--05-01",
        note="Caf\u00e9",
        origin=ORIGIN,
        user=True,
    )


def test_the_quick_fact_shares_the_strings_many_facts_repeat() -> None:
    shared: dict[str, str] = {}
    first = _plain_fact({**_USUAL, "value": 1, "unit": "USD", "period": "2024"}, shared, ORIGIN, True)
    second = _plain_fact({**_USUAL, "value": 2, "unit": "USD", "period": "2024"}, shared, ORIGIN, True)
    assert first is not None
    assert second is not None
    assert [first.country is second.country, first.unit is second.unit, first.period is second.period] == [True] * 3


# The same through whole files: a file of such facts gives the same base, or the same problems word for
# word, line for line, whether the quick path is there or not.


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return "{ " + ", ".join(f"{key} = {_toml(item)}" for key, item in value.items()) + " }"


def _file(facts: list[dict[str, Any]]) -> str:
    lines = [
        "format = 1",
        "",
        "[[sources]]",
        'id = "src"',
        'title = "T"',
        'publisher = "P"',
        'date = "2025-05"',
        'language = "en"',
        "",
        "[[countries]]",
        'id = "KZ"',
        'alpha3 = "KAZ"',
        'name = "Kazakhstan"',
        "",
    ]
    for number, fact in enumerate(facts):
        lines.append("[[facts]]")
        for key, value in fact.items():
            if value is not None:
                shown = value
                if key == "id" and isinstance(value, str) and value.strip():  # unique, its spaces kept around it
                    shown = value.replace(value.strip(), f"{value.strip()}-{number}", 1)
                lines.append(f"{key} = {_toml(shown)}")
        lines.append("")
    return "\n".join(lines)


def _outcome(path: Path) -> object:
    """Each fact the file's reading builds and each problem it finds, then the base or the problems of all."""
    read = [(part.facts, part.problems) for part in parse_files(fact_files([str(path)], packaged=False))]
    try:
        return read, load_factbase([str(path)], packaged=False)
    except DataFileError as error:
        return read, error.problems


@settings(max_examples=examples(60))
@given(st.lists(FACTS, min_size=1, max_size=6))
def test_a_file_reads_the_same_with_or_without_the_quick_path(
    tmp_path_factory: pytest.TempPathFactory, facts: list[dict[str, Any]]
) -> None:
    path = tmp_path_factory.mktemp("facts") / "f.toml"
    path.write_text(_file(facts), encoding="utf-8")
    quick = _outcome(path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(load, "_plain_fact", lambda *_args: None)
        assert _outcome(path) == quick


def test_every_variant_in_one_file_reads_the_same_with_or_without_the_quick_path(tmp_path: Path) -> None:
    path = tmp_path / "f.toml"
    path.write_text(_file(_variants()), encoding="utf-8")  # one change at a time
    quick = _outcome(path)
    assert isinstance(quick[1], list)  # type: ignore[index]  # problems, placed at their lines
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(load, "_plain_fact", lambda *_args: None)
        assert _outcome(path) == quick


@settings(max_examples=examples(400))
@given(st.text(alphabet=st.characters(max_codepoint=127)))
@example("Hello_World 42 KAZAKHSTAN-2024\x1c\x1f\x0b")
def test_ascii_text_folds_as_the_definition_says(text: str) -> None:
    # normalise's ASCII path (one bytes.translate) folds as the plain definition does.
    assert normalise(text) == by_definition(text)


# The writer's shortcuts, held to the plain definitions on every fact of the packaged base.


def test_the_writers_shortcuts_give_what_the_plain_definitions_give() -> None:
    from dipfacts.facts import _TOPIC_ORDER, cited_sources, corroboration, date_key, sort_key
    from dipfacts.model import Visit
    from dipfacts.store import _ENCODER, _json

    usual = Fact("kz-a", "KZ", "visit", "A visit.", (Citation("src", 1, "x"), Citation("src", 2, "y")))
    made = [  # what the packaged base may lack: a visit dated by its start alone, an undated fact, a derived one
        replace(usual, visit=Visit("state", "2024-05-02", None, None)),
        usual,
        replace(usual, topic="no-such-topic", period="--05"),
        replace(usual, kind="derived", status="derived", date="2024-Q2", note='Cafe\u0301 "au" lait', value=1.5),
    ]
    facts = [*load_factbase().facts, *made]
    assert len(facts) > 100
    for fact in facts:
        year, month, day = date_key(fact)
        assert sort_key(fact) == f"{_TOPIC_ORDER.get(fact.topic, 99):02d}{year:04d}{month:02d}{day:02d}{fact.id}"
        assert corroboration(fact) == (0 if fact.kind == "derived" else len(cited_sources(fact)))
        assert _json(fact) == _ENCODER.encode(fact)
