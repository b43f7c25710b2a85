"""What makes the loader quick stays correct: records built field by field, lines found without splitting.

No timings here (they belong to bench/load.py); these pin the shortcuts to the slow, obvious way.
"""

from __future__ import annotations

import gc
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dipfacts.build import load_factbase
from dipfacts.errors import DataFileError
from dipfacts.load import _ARRAY_HEADER, _Lines
from dipfacts.model import Citation, Country, Derivation, Entity, Fact, First, Link, Origin, Source, Visit

EVERY_FIELD = """format = 1
[[sources]]
id = "src"
title = "Title"
publisher = "Publisher"
date = "2025-05"
date_note = "Dated in the footer."
language = "fr"
file = "sources/src.txt"
url = "https://example.org/a"
related_url = "https://example.org/b"
url_note = "The address as printed."
sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

[[countries]]
id = "KZ"
alpha3 = "KAZ"
name = "Kazakhstan"
aliases = ["Ca-dắc-xtan"]
cities = ["Astana"]
head_of_state = "Kassym-Jomart Tokayev"
head_of_state_fact = "kz-visit"

[[people]]
id = "kassym-jomart-tokayev"
name = "Kassym-Jomart Tokayev"
country = "KZ"
role = "President"
aliases = ["Tokayev"]
citations = [{ source = "src", paragraph = 2, excerpt = "le président Tokaïev" }]

[[organisations]]
id = "eaeu"
name = "Eurasian Economic Union"
acronym = "EAEU"

[[facts]]
id = "kz-visit"
country = "KZ"
topic = "visit"
statement = "Kassym-Jomart Tokayev paid a state visit."
date = "2025-05-05"
level = "head of state"
note = "A note."
visit = { type = "state", start = "2025-05-05", end = "2025-05-07", host = "Hanoi", firsts = [
  { text = "First state visit", source = "src" },
] }
people = ["kassym-jomart-tokayev"]
organisations = ["eaeu"]
citations = [{ source = "src", paragraph = 1, excerpt = "visite d'État", name = "Tokaïev", wording = "d'État" }]

[[facts]]
id = "kz-trade"
country = "KZ"
topic = "trade"
statement = "Trade grew."
value = 100
unit = "USD"
period = "2024"
qualifier = "over"
change_pct = 12.5
change_from = "2023"
differs_from = [{ fact = "kz-sum", kind = "value", note = "Another count." }]
[[facts.citations]]
source = "src"
paragraph = 3
excerpt = "cent dollars"
qualifier = ""
value = 100
date = "2024"
acronym = "USD"
note = "Rounded."
omits = ["change_pct"]

[[facts]]
id = "kz-sum"
country = "KZ"
topic = "trade"
statement = "Trade summed."
value = 200
unit = "USD"
period = "2024"
kind = "derived"
derived = { from = ["kz-trade"], formula = "kz-trade * 2" }
citations = [{ source = "src", paragraph = 3, excerpt = "cent dollars" }]
"""


def test_every_field_lands_in_its_own_place(tmp_path: Path) -> None:
    # The loader builds records positionally, in the model's field order; built by name they must be equal.
    path = tmp_path / "every.toml"
    path.write_text(EVERY_FIELD, encoding="utf-8")
    base = load_factbase([str(path)], packaged=False)

    def at(record_id: str) -> Origin:  # a record's origin: its file and the line of its [[...]] header
        line = EVERY_FIELD.splitlines().index(f'id = "{record_id}"')  # the header is the line before, counted from 1
        return Origin(str(path), line)

    assert base.sources == (
        Source(
            id="src", title="Title", publisher="Publisher", date="2025-05", language="fr", file="sources/src.txt",
            url="https://example.org/a", date_note="Dated in the footer.", origin=at("src"), user=True,
            sha256="0123456789abcdef" * 4, related_url="https://example.org/b", url_note="The address as printed.",
        ),
    )  # fmt: skip
    assert base.countries == (
        Country(
            id="KZ", alpha3="KAZ", name="Kazakhstan", aliases=("Ca-dắc-xtan",), head_of_state="Kassym-Jomart Tokayev",
            head_of_state_fact="kz-visit", origin=at("KZ"), user=True, cities=("Astana",),
        ),
    )  # fmt: skip
    assert base.entities == (
        Entity(
            id="kassym-jomart-tokayev", kind="person", name="Kassym-Jomart Tokayev", country="KZ", role="President",
            acronym=None, aliases=("Tokayev",), origin=at("kassym-jomart-tokayev"), user=True,
            citations=(Citation(source="src", paragraph=2, excerpt="le président Tokaïev"),),
        ),
        Entity(id="eaeu", kind="organisation", name="Eurasian Economic Union", acronym="EAEU", origin=at("eaeu"),
               user=True),
    )  # fmt: skip
    visit, trade, summed = base.facts
    assert visit == Fact(
        id="kz-visit", country="KZ", topic="visit", statement="Kassym-Jomart Tokayev paid a state visit.",
        date="2025-05-05", level="head of state", note="A note.", origin=at("kz-visit"), user=True,
        visit=Visit(type="state", start="2025-05-05", end="2025-05-07", host="Hanoi",
                    firsts=(First(text="First state visit", source="src"),)),
        entities=("kassym-jomart-tokayev", "eaeu"),
        citations=(Citation(source="src", paragraph=1, excerpt="visite d'État", name="Tokaïev", wording="d'État"),),
    )  # fmt: skip
    assert trade == Fact(
        id="kz-trade", country="KZ", topic="trade", statement="Trade grew.", value=100, unit="USD", period="2024",
        qualifier="over", change_pct=12.5, change_from="2023", origin=at("kz-trade"), user=True,
        differs_from=(Link(fact="kz-sum", kind="value", note="Another count."),),
        citations=(
            Citation(source="src", paragraph=3, excerpt="cent dollars", qualifier="", value=100, date="2024",
                     acronym="USD", note="Rounded.", omits=("change_pct",)),
        ),
    )  # fmt: skip
    assert summed.kind == summed.status == "derived"
    assert summed.derived == Derivation(from_ids=("kz-trade",), formula="kz-trade * 2")
    packaged = load_factbase()
    assert not any(record.user for record in (*packaged.sources, *packaged.countries, *packaged.facts))


def _headers_by_splitting(text: str) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = _ARRAY_HEADER.match(line)
        if match:
            found.setdefault(match[1], []).append(number)
    return found


PIECES = ["[[", "]]", "[", "facts", "sources", " ", "\t", "\xa0", "\x1f", "\n", "\r\n", "\r", "\x0b", "\x85",
          "\u2028", "x = 1", "é", "\n[[facts]]\n", "\n[[ facts ]]", "\n[[\nfacts]]", "#"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_record_lines_are_those_of_the_split_text(pieces: list[str]) -> None:
    # Headers are found by scanning the whole text; a line is still what str.splitlines() calls one.
    text = "".join(pieces)
    assert _Lines(text).headers == _headers_by_splitting(text)


def test_a_clean_file_is_never_split_into_lines() -> None:
    text = "format = 1\n" + "\n[[facts]]\nid = 'x'\n" * 3
    lines = _Lines(text)
    assert lines.record("facts", 2) == 9
    assert lines.record("facts", 3) is None
    assert lines._lines is None  # only placing a problem splits the text
    assert lines.key_line("facts", 1, "id") == 7
    assert lines._lines is not None


@pytest.mark.parametrize("valid", [True, False])
def test_the_cycle_collector_is_back_on_after_a_load(tmp_path: Path, valid: bool) -> None:
    path = tmp_path / "f.toml"
    path.write_text(EVERY_FIELD if valid else "format = 2\n", encoding="utf-8")
    assert gc.isenabled()
    if valid:
        load_factbase([str(path)], packaged=False)
    else:
        with pytest.raises(DataFileError):
            load_factbase([str(path)], packaged=False)
    assert gc.isenabled()
    gc.disable()
    try:
        load_factbase([str(path)], packaged=False) if valid else None
        assert not gc.isenabled()  # a caller's choice is left alone
    finally:
        gc.enable()


def test_a_problem_after_a_line_break_of_another_kind_is_still_placed(tmp_path: Path) -> None:
    # U+2028 in a string is valid TOML and a line break to str.splitlines(): the slow path still places it.
    text = EVERY_FIELD.replace('note = "A note."', 'note = "A\u2028note."').replace('topic = "trade"', 'topic = "x"', 1)
    path = tmp_path / "f.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_factbase([str(path)], packaged=False)
    problem = next(problem for problem in caught.value.problems if "'topic'" in problem)
    line = text.splitlines().index('topic = "x"') + 1
    assert re.match(rf"{re.escape(str(path))}:{line}: fact 'kz-trade': 'topic' is 'x'", problem), problem


_CITATION_VALUES = st.one_of(
    st.text(alphabet=st.sampled_from(" \n\tab-\u00e9e\u0301\u2028\u00a0"), max_size=8),
    st.sampled_from(["src", " src ", "one two three", " ".join(["word"] * 15), " ".join(["word"] * 16)]),
    st.integers(min_value=-2, max_value=100_001),
    st.sampled_from([True, 1.0, 2.5, [], {}]),
)


@settings(max_examples=600, deadline=None)
@given(
    st.one_of(
        st.fixed_dictionaries({"source": _CITATION_VALUES, "paragraph": _CITATION_VALUES, "excerpt": _CITATION_VALUES}),
        st.dictionaries(
            st.sampled_from(["source", "paragraph", "excerpt", "qualifier", "value", "note", "sorce"]),
            _CITATION_VALUES,
            max_size=4,
        ),
    )
)
@example({"source": " src ", "paragraph": 2, "excerpt": "cafe\u0301 au lait "})
@example({"source": "src", "paragraph": 99_999, "excerpt": " ".join(["word"] * 15)})
def test_the_quick_citation_is_what_the_careful_reading_gives(table: dict[str, object]) -> None:
    # The usual citation skips the per-field checks; it must come out as they would make it, with no problem.
    from dipfacts.load import _FACT_KEYS, _Checker, _parse_citation, _plain_citation, _Record

    quick = _plain_citation(table, {})  # type: ignore[arg-type]
    checker = _Checker("f.toml", _Lines(""))
    fact = _Record(checker, "facts", 0, {"citations": [table]}, "fact 'x'", _FACT_KEYS)
    careful = _parse_citation(fact, 0, table)  # type: ignore[arg-type]
    if quick is not None:
        assert (quick, checker.problems) == (careful, [])


def test_the_usual_citation_is_read_the_quick_way() -> None:
    from dipfacts.load import _plain_citation

    assert _plain_citation({"source": "src", "paragraph": 3, "excerpt": " cent dollars "}, {}) == Citation(
        "src", 3, "cent dollars"
    )
