"""Text from fact files made safe for a terminal, and output made to fit the terminal's encoding.

A fact file may come from anyone. Its text must never drive the terminal it is printed to: no escape
sequences (clear screen, window title, OSC 8 links), no C1 controls, no bidirectional overrides that
make text read other than it is stored. Tables show such characters as visible escapes (``\\x1b``);
JSON keeps the exact text, escaped the JSON way.
"""

from __future__ import annotations

# DEL, C1 controls, the bidirectional embeddings, overrides, isolates and marks, the line and paragraph
# separators, and the byte-order mark / zero-width no-break space: what JSON must never carry raw.
_BEYOND_C0 = (
    [*range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF]
)  # fmt: skip
# With the C0 controls but newline: what a terminal must never receive raw.
_UNSAFE_CODES = frozenset([*range(0x00, 0x0A), *range(0x0B, 0x20), *_BEYOND_C0])
# str.translate tables: plain dicts, cheaper at start-up than compiling a regular expression.
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in _BEYOND_C0}
_JSON_UNSAFE_CHARS = tuple(chr(code) for code in _BEYOND_C0)
_VISIBLE = {code: (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}") for code in _UNSAFE_CODES}
_VISIBLE[0x09] = " "  # a tab becomes a space
# Typography an ASCII terminal cannot show, by its nearest ASCII form.
_ASCII_FORMS = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
        "\u00b6": "P", "\u2500": "-", "\u2502": "|", "\u0111": "d", "\u0110": "D",
    }
)  # fmt: skip


def visible(text: str) -> str:
    """Text with every control, escape and bidi character shown as an escape; tabs become spaces."""
    return text.translate(_VISIBLE)


def unsafe_characters(text: str) -> list[str]:
    """The control, escape and bidi characters in ``text``, in order (a tab counts)."""
    return [char for char in text if ord(char) in _UNSAFE_CODES]


def json_safe(document: str) -> str:
    """JSON text with C1, bidi and separator characters escaped (\\u202e): the same value, nothing raw."""
    # Searching for each character is much faster than translating a long document that has none.
    if any(char in document for char in _JSON_UNSAFE_CHARS):
        return document.translate(_JSON_ESCAPES)
    return document


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
            import unicodedata

            plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        out.append(plain if plain and _encodes(plain, encoding) else "?")
    return "".join(out).encode(encoding, errors="replace")


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True
