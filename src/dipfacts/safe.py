"""Text from fact files made safe for a terminal, and output made to fit the terminal's encoding.

A fact file may come from anyone. Its text must never drive the terminal it is printed to: no escape
sequences (clear screen, window title, OSC 8 links), no C1 controls, no bidirectional overrides that
make text read other than it is stored. Tables show such characters as visible escapes (``\\x1b``);
JSON keeps the exact text, escaped the JSON way.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls but newline, DEL, C1 controls, the bidirectional embeddings, overrides, isolates and marks,
# the line and paragraph separators, and the byte-order mark / zero-width no-break space.
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
# The same set, newline included: what a JSON string must never carry raw.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
# Typography an ASCII terminal cannot show, by its nearest ASCII form.
_ASCII_FORMS = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
        "\u00b6": "P", "\u2500": "-", "\u2502": "|", "\u0111": "d", "\u0110": "D",
    }
)  # fmt: skip


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """Text with every control, escape and bidi character shown as an escape; tabs become spaces."""
    return _UNSAFE.sub(_escape, text.replace("\t", " "))


def unsafe_characters(text: str) -> list[str]:
    """The control, escape and bidi characters in ``text``, in order (a tab counts)."""
    return _UNSAFE.findall(text)


def json_safe(document: str) -> str:
    """JSON text with C1, bidi and separator characters escaped (\\u202e): the same value, nothing raw."""
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", document)


def fit_encoding(text: str, encoding: str) -> bytes:
    """Encode for a terminal that may not be UTF-8: 'Tô Lâm' becomes 'To Lam', the rest '?'."""
    try:
        return text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        pass
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "ascii"
    out = []
    for char in text:
        try:
            char.encode(encoding)
            out.append(char)
            continue
        except UnicodeEncodeError:
            pass
        plain = char.translate(_ASCII_FORMS)
        if plain == char:
            plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        out.append(plain if plain and _encodes(plain, encoding) else "?")
    return "".join(out).encode(encoding, errors="replace")


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True
