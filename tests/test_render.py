"""Formatting of figures and the plain-text form of tables."""

from __future__ import annotations

import pytest

from dipfacts import query, render
from dipfacts.index import FactIndex


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (349200000, "USD 349.2 M"),
        (4580000000, "USD 4.58 bn"),
        (800000000, "USD 800 M"),
        (146300000, "USD 146.3 M"),
        (5000000000, "USD 5 bn"),
        (500000, "USD 500,000"),
        (52000000, "USD 52 M"),
        (1234567890, "USD 1.23456789 bn"),
    ],
)
def test_money_keeps_every_stated_digit_and_adds_none(value: int, text: str) -> None:
    assert render.format_money(value) == text


def test_values_with_qualifiers_units_and_ranks() -> None:
    assert render.format_value(52000000, "USD", "nearly") == "nearly USD 52 M"
    assert render.format_value(150000, "visitors", "about") == "about 150,000 visitors"
    assert render.format_value(2, "rank") == "2nd"
    assert render.format_value(21, "flights per week") == "21 flights per week"
    assert render.format_change(18.4, "2024-Q1") == "+18.4% vs 2024-Q1"
    assert render.format_change(-3) == "-3%"


def test_figure_shows_each_sources_version(mini_index: FactIndex) -> None:
    # One version a line, each amount one unbreakable unit.
    stated = render.figure(mini_index, query.evidence(mini_index.facts["kz-trade-2024"]))
    assert stated == "USD\u00a0800\u00a0M [1]\nover\u00a0USD\u00a0800\u00a0M [2]"
    assert render.figure(mini_index, query.evidence(mini_index.facts["kz-trade-2020"])) == "USD\u00a0349.2\u00a0M"


def test_trade_table_as_plain_text(mini_index: FactIndex) -> None:
    text = render.to_text(render.trade_view(mini_index, query.trade(mini_index, mini_index.countries["KZ"])), width=120)
    assert "\x1b" not in text
    lines = text.splitlines()
    row_2025 = next(line for line in lines if line.startswith("2025-Q1"))
    assert "USD 146.3 M" in row_2025
    assert "+18.4% vs 2024-Q1" in row_2025
    assert "[1]" in row_2025
    row_2030 = next(line for line in lines if line.startswith("2030"))
    assert "USD 5 bn" in row_2030
    assert "TARGET" in row_2030
    # The compact footer: marks and ids; the titles and notes wait for --notes.
    assert "Sources: [1] alpha, [2] beta" in text
    assert "Article beta" not in text
    assert "derived from kz-trade-2024" not in text
    assert "facts have notes; --notes shows them, what Backed means, the full titles." in text
    result = query.trade(mini_index, mini_index.countries["KZ"])
    full = render.to_text(render.trade_view(mini_index, result, render.ViewOptions(notes=True)), width=120)
    assert "[2] beta: Article beta (Test Wire, 2025-05-06)" in full
    assert "derived from kz-trade-2024: 800 M / 1.99" in full


def test_narrow_tables_fold_and_never_cut(mini_index: FactIndex) -> None:
    result = query.search(mini_index, "noodles")
    text = render.to_text(render.search_view(mini_index, result), width=70)
    assert "…" not in text
    assert "..." not in text
    # An id is whole on its line, or its column is left out at this width and a line says so.
    lines = text.splitlines()
    assert any("kz-noodle-makers" in line for line in lines) or "(Not shown at this width: Id" in " ".join(text.split())
    assert "kz-noodle-makers" in render.to_text(render.search_view(mini_index, result), width=160)


def test_change_shows_each_sources_version(mini_index: FactIndex) -> None:
    from dipfacts.records import replace

    fact = mini_index.facts["kz-trade-2024"]
    doubled = replace(fact, citations=(fact.citations[0], replace(fact.citations[1], change_pct=100)))
    assert render.change_cell(mini_index, query.evidence(doubled)) == "+99% [1]; +100% [2] vs 2023"
    assert render.change_cell(mini_index, query.evidence(fact)) == "+99% vs 2023"


def test_a_view_drawn_narrow_then_wide_is_drawn_as_a_fresh_one(mini_index: FactIndex) -> None:
    # Drawing wraps cells for one width; the view itself keeps its cells, so another width starts afresh.
    result = query.trade(mini_index, mini_index.countries["KZ"])
    view = render.trade_view(mini_index, result)
    narrow = render.to_text(view, width=50)
    assert render.to_text(view, width=140) == render.to_text(render.trade_view(mini_index, result), width=140)
    assert narrow == render.to_text(render.trade_view(mini_index, result), width=50)
