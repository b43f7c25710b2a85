"""The loader checks everything at once and says where each problem is."""

from __future__ import annotations

from pathlib import Path

import pytest

from dipfacts.build import load_factbase
from dipfacts.errors import DataFileError
from tests.conftest import MINI

HEADER = """format = 1
[[sources]]
id = "src"
title = "T"
publisher = "P"
date = "2025-05"
language = "fr"

[[countries]]
id = "KZ"
alpha3 = "KAZ"
name = "Kazakhstan"
"""

GOOD_FACT = """
[[facts]]
id = "kz-one"
country = "KZ"
topic = "trade"
statement = "One fact."
value = 100
unit = "USD"
period = "2024"
citations = [{ source = "src", paragraph = 1, excerpt = "cent dollars" }]
"""


def problems_of(tmp_path: Path, text: str, name: str = "f.toml", *, extra: list[str] | None = None) -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_factbase([str(path), *(extra or [])], packaged=False)
    return caught.value.problems


def test_fixture_loads_into_typed_records() -> None:
    base = load_factbase([str(MINI)], packaged=False)
    facts = {fact.id: fact for fact in base.facts}
    assert facts["kz-trade-2024"].value == 800000000
    assert facts["kz-trade-2024"].citations[1].qualifier == "over"
    assert facts["kz-visit"].visit is not None
    assert facts["kz-visit"].visit.start == "2025-05-05"
    assert facts["kz-trade-2023-derived"].derived is not None
    assert [s.id for s in base.sources] == ["alpha", "beta"]


def test_good_minimal_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "ok.toml"
    path.write_text(HEADER + GOOD_FACT, encoding="utf-8")
    base = load_factbase([str(path)], packaged=False)
    assert [fact.id for fact in base.facts] == ["kz-one"]


def test_every_problem_is_reported_with_line_id_and_value(tmp_path: Path) -> None:
    bad = GOOD_FACT.replace('period = "2024"', 'period = "2024-13"').replace('topic = "trade"', 'topic = "trades"')
    bad += GOOD_FACT.replace('"kz-one"', '"kz-two"').replace("value = 100", 'value = "100"')
    problems = problems_of(tmp_path, HEADER + bad)
    assert len(problems) == 3
    period = next(p for p in problems if "period" in p)
    # The line of `period = "2024-13"` in the file: header lines + the fact's own offset.
    expected_line = (HEADER + bad).splitlines().index('period = "2024-13"') + 1
    assert period.startswith(f"{tmp_path / 'f.toml'}:{expected_line}: fact 'kz-one'")
    assert "'2024-13'" in period
    assert "ISO 8601" in period
    assert any("'topic' is 'trades'" in p and "expected one of" in p for p in problems), problems
    assert any("fact 'kz-two'" in p and "expected a number" in p and "without quotes" in p for p in problems), problems


def test_unknown_key_suggests_the_close_one(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, HEADER + GOOD_FACT.replace("statement =", "statment ="))
    assert any("unknown key 'statment'; did you mean 'statement'?" in p for p in problems), problems
    assert any("missing 'statement'" in p for p in problems), problems


def test_toml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, HEADER + "\n[[facts]]\nid = \n")
    assert len(problems) == 1
    line = (HEADER + "\n[[facts]]\nid = \n").splitlines().index("id = ") + 1
    assert problems[0].startswith(f"{tmp_path / 'f.toml'}:{line}:")
    assert "TOML syntax error" in problems[0]


def test_duplicate_ids_across_files_name_both_places(tmp_path: Path) -> None:
    first = tmp_path / "a.toml"
    first.write_text(HEADER + GOOD_FACT, encoding="utf-8")
    second_text = GOOD_FACT
    problems = problems_of(tmp_path, second_text, "b.toml", extra=[])
    # b.toml alone cites an unknown source and country; now merge it after a.toml.
    assert any("unknown source 'src'" in p for p in problems), problems
    second = tmp_path / "b.toml"
    with pytest.raises(DataFileError) as caught:
        load_factbase([str(first), str(second)], packaged=False)
    (problem,) = caught.value.problems
    assert "fact 'kz-one': duplicate id" in problem
    assert str(first) in problem
    assert str(second) in problem


def test_cross_references_are_checked(tmp_path: Path) -> None:
    text = HEADER + GOOD_FACT.replace('country = "KZ"', 'country = "RU"').replace('source = "src"', 'source = "nope"')
    text += GOOD_FACT.replace('"kz-one"', '"kz-derived"').replace(
        'period = "2024"', 'period = "2023"\nkind = "derived"\nderived = { from = ["kz-missing"], formula = "x" }'
    )
    problems = problems_of(tmp_path, text)
    assert any("country 'RU' is not in the fact base" in p for p in problems), problems
    assert any("unknown source 'nope'; known sources: src" in p for p in problems), problems
    assert any("derived.from names unknown fact 'kz-missing'" in p for p in problems), problems


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        ("value = 100", "value = nan", "expected a finite number"),
        ("value = 100", "value = inf", "expected a finite number"),
        ("value = 100", "value = 100.5", "expected a whole number"),
        ("value = 100", "value = -5", "expected at least 0"),
        ('excerpt = "cent dollars"', 'excerpt = "' + "mot " * 16 + '"', "has 16 words; expected at most 15"),
        ("paragraph = 1", "paragraph = 0", "expected at least 1"),
        ('period = "2024"', 'period = "2024"\ndate = "2024"', "not both"),
        ('period = "2024"', 'period = "2025/2024"', "ISO 8601"),
        ('period = "2024"', 'date = "2025-02-30"', "ISO 8601"),
        ('period = "2024"', 'period = "2024"\nqualifier = "roughly"', "expected one of: nearly, over, about"),
        ('unit = "USD"', "", "'value' needs a 'unit'"),
        ('period = "2024"', 'period = "2024"\nkind = "derived"', "kind 'derived' needs"),
        ('period = "2024"', 'period = "2024"\nvisit = { type = "state" }', "belong to topic 'visit'"),
        ('statement = "One fact."', 'statement = "One\\nfact."', "spans several lines"),
        ('id = "kz-one"', 'id = "KZ One"', "lowercase letters"),
    ],
)
def test_field_checks(tmp_path: Path, replace: str, by: str, expected: str) -> None:
    text = HEADER + GOOD_FACT.replace(replace, by)
    assert text != HEADER + GOOD_FACT
    problems = problems_of(tmp_path, text)
    assert any(expected in problem for problem in problems), problems


def test_toml_date_and_bom_are_accepted_and_normalised(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    text = HEADER + GOOD_FACT.replace('period = "2024"', "date = 2024-05-06").replace("One fact.", "Cafe\u0301.")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (fact,) = load_factbase([str(path)], packaged=False).facts
    assert fact.date == "2024-05-06"
    assert fact.statement == "Caf\u00e9."  # NFC


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: None, "no such fact file"),
        (lambda p: p.write_bytes(b"\x00\x01binary"), "binary file"),
        (lambda p: p.write_bytes(b'format = 1\ntitle = "\xff"\n'), "not UTF-8"),
    ],
)
def test_unreadable_files(tmp_path: Path, make, expected: str) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "x.toml"
    make(target)
    with pytest.raises(DataFileError) as caught:
        load_factbase([str(target)], packaged=False)
    assert expected in caught.value.problems[0]
    assert str(target) in caught.value.problems[0]


def test_oversized_file_is_refused_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dipfacts.load as load

    monkeypatch.setattr(load, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.toml"
    path.write_text(HEADER + GOOD_FACT, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_factbase([str(path)], packaged=False)
    assert "over the" in caught.value.problems[0]
    assert "limit" in caught.value.problems[0]


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        (
            'topic = "trade"',
            'topic = "trade"\nstatus = "done"',
            "'status' is 'done'; expected one of: reported, target",
        ),
        (
            'topic = "trade"',
            'topic = "trade"\nkind = "target"\nstatus = "signed"',
            "but kind is 'target'; its status is 'target'",
        ),
        ('excerpt = "cent dollars"', 'excerpt = "cent dollars", omits = ["growth"]', "names 'growth'; expected some"),
        ('excerpt = "cent dollars"', 'excerpt = "cent dollars", omits = ["value"], value = 5', "both gives and omits"),
        ('excerpt = "cent dollars"', 'excerpt = "cent dollars", date = "1992-13"', "'citations[1].date' is"),
        (
            'topic = "trade"',
            'topic = "trade"\ndiffers_from = [{ fact = "kz-one", kind = "count-over-time" }]',
            "differs_from names the fact itself",
        ),
        (
            'topic = "trade"',
            'topic = "trade"\ndiffers_from = [{ fact = "kz-none", kind = "value" }]',
            "differs_from names unknown fact 'kz-none'",
        ),
        (
            'topic = "trade"',
            'topic = "trade"\ndiffers_from = [{ fact = "kz-one", kind = "mood" }]',
            "'differs_from[1].kind' is 'mood'; expected one of: hedge, value",
        ),
    ],
)
def test_trust_fields_are_checked(tmp_path: Path, replace: str, by: str, expected: str) -> None:
    problems = problems_of(tmp_path, HEADER + GOOD_FACT.replace(replace, by, 1))
    assert any(expected in problem for problem in problems), problems
    assert all("fact 'kz-one'" in problem for problem in problems), problems


def test_status_defaults_follow_the_kind() -> None:
    base = load_factbase([str(MINI)], packaged=False)
    facts = {fact.id: fact for fact in base.facts}
    assert facts["kz-trade-target-2030"].status == "target"  # kind target, no status given
    assert facts["kz-trade-2024"].status == "reported"
    assert facts["kz-visa-exemption"].status == "in-force"
    assert facts["ru-oil-talks"].status == "negotiating"
    assert facts["ru-trade-2024"].citations[1].omits == ("change_pct",)
    assert facts["kz-relations"].citations[1].date == "1992"
    (link,) = facts["vn-strategic-partners"].differs_from
    assert (link.fact, link.kind, link.note) == (
        "vn-partnerships-34",
        "count-over-time",
        "34 before the tour, 37 after",
    )


ENTITY_FILE = """format = 1
[[sources]]
id = "s"
title = "T"
publisher = "P"
date = "2025"
language = "fr"
[[countries]]
id = "ZZ"
alpha3 = "ZZZ"
name = "Zedland"
[[people]]
id = "queen-zed"
name = "Queen Zed"
country = "ZZ"
role = "Head of state"
aliases = ["Reine Zed", "Королева Зед"]
citations = [{ source = "s", paragraph = 1, excerpt = "la reine Zed" }]
[[organisations]]
id = "zedland-union"
name = "Zedland Union"
acronym = "ZU"
[[facts]]
id = "zz-a"
country = "ZZ"
topic = "policy"
people = ["queen-zed"]
organisations = ["zedland-union"]
statement = "Queen Zed spoke."
citations = [{ source = "s", paragraph = 1, excerpt = "la reine Zed" }]
"""


def test_people_and_organisations_are_records_that_facts_name(tmp_path: Path) -> None:
    path = tmp_path / "entities.toml"
    path.write_text(ENTITY_FILE, encoding="utf-8")
    base = load_factbase([str(path)], packaged=False)
    assert [(e.id, e.kind, e.name, e.role) for e in base.entities] == [
        ("queen-zed", "person", "Queen Zed", "Head of state"),
        ("zedland-union", "organisation", "Zedland Union", None),
    ]
    assert base.facts[0].entities == ("queen-zed", "zedland-union")
    assert base.entities[0].citations[0].excerpt == "la reine Zed"


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        ('people = ["queen-zed"]', 'people = ["king-zed"]', "names 'king-zed', which is no person or organisation"),
        ('country = "ZZ"\nrole', 'country = "XX"\nrole', "person 'queen-zed': country 'XX' is not in the fact base"),
        ('name = "Queen Zed"', "", "person 'queen-zed': missing 'name'"),
        ('acronym = "ZU"', 'acronym = "ZU"\nmotto = "x"', "unknown key 'motto'"),
        ('people = ["queen-zed"]', 'people = ["Queen Zed"]', "expected ids such as 'vladimir-putin'"),
    ],
)
def test_a_fact_may_name_only_people_and_organisations_of_the_base(
    tmp_path: Path, replace: str, by: str, expected: str
) -> None:
    path = tmp_path / "entities.toml"
    path.write_text(ENTITY_FILE.replace(replace, by, 1), encoding="utf-8")
    with pytest.raises(DataFileError) as raised:
        load_factbase([str(path)], packaged=False)
    assert any(expected in problem for problem in raised.value.problems), raised.value.problems
