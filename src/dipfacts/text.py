"""Text folded for matching: one function, used when the index is built and on every query."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+")
# Letters that NFKD does not split into a base letter and a mark.
_FOLD = str.maketrans({"đ": "d", "Đ": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "ß": "ss", "æ": "ae", "œ": "oe"})


def normalise(text: str) -> str:
    """Casefold, strip accents and turn punctuation into single spaces: 'Ca-dắc-xtan' -> 'ca dac xtan'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_NON_WORD.sub(" ", stripped.casefold()).replace("_", " ").split())
