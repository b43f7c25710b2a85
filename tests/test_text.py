"""Text folding: the fast paths fold exactly as the plain definition does."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from dipfacts.text import _FOLD, normalise
from tests.conftest import examples

_NON_WORD = re.compile(r"[^\w]+")


def by_definition(text: str) -> str:
    """NFKD, drop every combining mark, casefold, punctuation to single spaces: one character at a time."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_NON_WORD.sub(" ", stripped.casefold()).replace("_", " ").split())


@settings(max_examples=examples(400))
@given(st.text())
@example("Ca-dắc-xtan")
@example("Путин, Poutine")
@example("İstanbul ß Straße")
@example("Hello_World 42 KAZAKHSTAN")
@example("x\u0301y \u0323")
def test_normalise_folds_as_the_definition_says(text: str) -> None:
    assert normalise(text) == by_definition(text)


def test_normalise_examples() -> None:
    assert normalise("Ca-dắc-xtan") == "ca dac xtan"
    assert normalise("ÉLÉVATION des relations") == "elevation des relations"
    assert normalise("Kazakhstan_2024") == "kazakhstan 2024"
