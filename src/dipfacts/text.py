"""Text folded for matching: one function, used when the index is built and on every query."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+")  # a run of letters and digits: what is left between punctuation and underscores
# Letters that NFKD does not split into a base letter and a mark.
_FOLD = str.maketrans({"đ": "d", "Đ": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "ß": "ss", "æ": "ae", "œ": "oe"})


class _Marks(dict[int, "int | None"]):
    """A translation table that drops combining marks, each character looked up once and remembered
    (str.translate then runs in C: building a 100,000-fact index normalises some 20 million characters)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_MARKS = _Marks()
# ASCII text folded in one C pass: letters lowercased, digits kept, everything else a space, which is what
# _WORD and lower() make of it (the index of 100,000 facts folds some 20 million characters).
_ASCII_FOLD = bytes(code if chr(code).isalnum() else 32 for code in range(128)).lower() + b" " * 128  # (never read)


def normalise(text: str) -> str:
    """Casefold, strip accents and turn punctuation into single spaces: 'Ca-dắc-xtan' -> 'ca dac xtan'."""
    if text.isascii():  # nothing to fold or strip
        return " ".join(text.encode("ascii").translate(_ASCII_FOLD).decode("ascii").split())
    stripped = unicodedata.normalize("NFKD", text.translate(_FOLD)).translate(_MARKS)
    return " ".join(_WORD.findall(stripped.casefold()))
