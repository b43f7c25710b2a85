"""Text from fact files made safe for a terminal, and output made to fit the terminal's encoding.

A fact file may come from anyone. Its text must never drive the terminal it is printed to: no escape
sequences (clear screen, window title, OSC 8 links), no C1 controls, no bidirectional overrides that
make text read other than it is stored. Tables show such characters as visible escapes (``\\x1b``);
JSON keeps the exact text, escaped the JSON way.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

# What a terminal must never receive raw, by Unicode category rather than a kept list: controls (Cc),
# format characters (Cf: bidi overrides and isolates, zero-width spaces and joiners, the BOM, soft hyphen,
# tag characters), private use (Co), surrogates (Cs) and the line and paragraph separators (Zl, Zp).
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})
# Typography an ASCII terminal cannot show, by its nearest ASCII form.
_ASCII_FORMS = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
        "\u00b6": "P", "\u2500": "-", "\u2502": "|", "\u0111": "d", "\u0110": "D",
    }
)  # fmt: skip


def _hidden(chars: Iterable[str]) -> set[str]:
    """Those of ``chars`` in HIDDEN_CATEGORIES (newline and tab included: the callers decide about them)."""
    # isprintable() is False for every hidden character (and for a few harmless ones, such as no-break
    # spaces), so the category is asked only of those.
    return {char for char in chars if not char.isprintable() and unicodedata.category(char) in HIDDEN_CATEGORIES}


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str) -> str:
    """Text with every hidden character shown as an escape (\\x1b, \\u202e); a tab becomes a space."""
    if text.isprintable():  # most text: nothing to look at, decided in C
        return text
    # Only the distinct characters are examined, so a long text costs one pass in C and a short loop.
    table = {ord(char): _escape(char) for char in _hidden(set(text)) if char != "\n"}
    table[0x09] = " "
    return text.translate(table)


def unsafe_characters(text: str) -> list[str]:
    """The hidden characters in ``text``, in order (a tab counts; a newline does not)."""
    if text.isprintable():
        return []
    hidden = _hidden(set(text)) - {"\n"}
    return [char for char in text if char in hidden]


def json_safe(document: str) -> str:
    """JSON text with every hidden character escaped (\\u202e): the same value, nothing raw.

    json.dumps already escapes C0 controls inside strings; what is left are the characters it writes raw
    under ensure_ascii=False. A character beyond the BMP is escaped as its surrogate pair, as JSON says.
    """
    if document.isascii():
        return document.replace("\x7f", "\\u007f") if "\x7f" in document else document
    table = {ord(char): _json_escape(char) for char in _hidden(set(document)) if ord(char) >= 0x7F}
    return document.translate(table) if table else document


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


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
