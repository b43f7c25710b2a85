"""Read fact files (TOML), validate all of them at once, and build the frozen model.

Every problem becomes one line naming the file and line (or the record's id), the bad value
and what was expected; all problems are collected before anything is raised.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import functools
import math
import re
import stat
import sys
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from dipfacts.dates import EXPECTED, EXPECTED_PERIOD, parse_span
from dipfacts.errors import DataFileError
from dipfacts.files import packaged_location
from dipfacts.limits import (
    MAX_COUNT,
    MAX_DIGITS,
    MAX_FILE_BYTES,
    MAX_PARAGRAPH,
    MAX_PERCENT,
    MAX_PROBLEMS,
    MAX_TOTAL_BYTES,
    MAX_USD,
)
from dipfacts.model import (
    CONFLICT_KINDS,
    KINDS,
    OMITTABLE,
    QUALIFIERS,
    STATUSES,
    TOPICS,
    VISIT_TYPES,
    Citation,
    Country,
    Derivation,
    Entity,
    Fact,
    First,
    Link,
    Number,
    Origin,
    Source,
    Visit,
)
from dipfacts.text import normalise

MAX_EXCERPT_WORDS = 15
FORMAT = 1
_T = TypeVar("_T")
Identified = Fact | Source | Country | Entity


def _maker(cls: type[_T]) -> Callable[..., _T]:
    """A constructor of ``cls`` that takes every field, in order: one C call, where ``cls(...)`` first
    sorts out positional and keyword arguments in Python (a load builds a few hundred thousand records)."""
    new = tuple.__new__

    def make(*values: object) -> _T:
        return new(cls, values)  # type: ignore[type-var]

    return make


@functools.lru_cache(maxsize=4096)
def _span(text: str, allow_no_year: bool) -> tuple[tuple[int, int, int], tuple[int, int, int]] | None:
    # Facts give the same few hundred dates and periods over and over.
    return parse_span(text, allow_no_year=allow_no_year)


if TYPE_CHECKING:  # checked as the records' own constructors, run as the quick ones
    _new_fact, _new_citation, _new_source, _new_origin = Fact, Citation, Source, Origin
else:
    _new_fact, _new_citation, _new_source = _maker(Fact), _maker(Citation), _maker(Source)
    _new_origin = _maker(Origin)

_TOP_KEYS = ("format", "data_version", "sources", "countries", "people", "organisations", "facts")
# The keys a table may hold, in the order messages list them; a dict, so that a table's keys are checked
# against them in one set operation.
_Keys = dict[str, None]
_ENTITY_KEYS: _Keys = dict.fromkeys(("id", "name", "country", "role", "acronym", "aliases", "citations"))
_SOURCE_KEYS: _Keys = dict.fromkeys((
    "id", "title", "publisher", "date", "date_note", "language", "file", "url", "related_url", "url_note", "sha256",
))  # fmt: skip
_COUNTRY_KEYS: _Keys = dict.fromkeys(
    ("id", "alpha3", "name", "aliases", "cities", "head_of_state", "head_of_state_fact")
)
_FACT_KEYS: _Keys = dict.fromkeys((
    "id", "country", "topic", "statement", "value", "unit", "period", "date", "qualifier",
    "change_pct", "change_from", "kind", "status", "level", "derived", "visit", "note", "differs_from", "citations",
    "people", "organisations",
))  # fmt: skip
_CITATION_KEYS: _Keys = dict.fromkeys((
    "source", "paragraph", "excerpt", "qualifier", "value", "change_pct", "date", "name", "acronym", "wording",
    "omits", "note",
))  # fmt: skip
_LINK_KEYS: _Keys = dict.fromkeys(("fact", "kind", "note"))
_VISIT_KEYS: _Keys = dict.fromkeys(("type", "start", "end", "host", "firsts"))
_DERIVED_KEYS: _Keys = dict.fromkeys(("from", "formula"))
_FIRST_KEYS: _Keys = dict.fromkeys(("text", "source"))
_RECORD_NAMES = {
    "sources": "source", "countries": "country", "people": "person", "organisations": "organisation", "facts": "fact",
}  # fmt: skip
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
_ALPHA3 = re.compile(r"^[A-Z]{3}$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_CONFLICT_KINDS = tuple(CONFLICT_KINDS)
_CITATION_QUALIFIERS = (*QUALIFIERS, "")  # a citation may say its source hedges nothing
_IMPLIED_STATUS = {"target": "target", "derived": "derived"}  # kind -> the status it implies
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ARRAY_HEADER = re.compile(r"^\[\[\s*(\w+)\s*\]\]")
# The same headers found in the whole text at once: a line follows "\n" (the first line is looked at
# apart), and spaces within it are those \s matches in a line of str.splitlines(), given that
# _odd_breaks() finds none. A pattern that starts with a literal is searched for quickly; "^" is not.
_FIRST_HEADER = re.compile(r"\[\[[^\S\r\n]*(\w+)[^\S\r\n]*\]\]")
_ARRAY_HEADERS = re.compile("\n" + _FIRST_HEADER.pattern)
_LONE_CR = re.compile(r"\r(?!\n)")
_ANY_HEADER = re.compile(r"^\[")
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_KEY = re.compile(r"(?:^|[{,])\s*([A-Za-z0-9_-]+)\s*=")


def packaged_text() -> tuple[str, bytes]:
    """The packaged fact base as (label for messages, bytes)."""
    location = packaged_location()
    try:
        with open(location, "rb") as handle:
            return location, handle.read()
    except OSError as exc:
        raise DataFileError(
            [f"{location}: the packaged fact base is missing ({exc.strerror}); reinstall dipfacts"]
        ) from None


def fact_files(extra_paths: Sequence[str] = (), *, packaged: bool = True) -> Iterator[FactFile]:
    """The packaged base (unless ``packaged`` is False), then ``extra_paths``, each read when its turn comes,
    so that only one file's bytes are held at a time.

    A file named twice (or by two paths) is read once; the files together may hold MAX_TOTAL_BYTES.
    """
    packaged_label = None
    if packaged:
        packaged_label, data = packaged_text()
        yield FactFile(packaged_label, data, None, packaged=True)
    total = 0
    limit = f"{MAX_TOTAL_BYTES // 1048576} MiB"
    for path in unique_paths(extra_paths, packaged_label):
        content, problem = _read_file(path)
        total += len(content or b"")
        if total > MAX_TOTAL_BYTES:
            content = None
            problem = f"{path}: the fact files given come to over {limit} together, the limit for one run"
        yield FactFile(path, content, problem)


def unique_paths(paths: Sequence[str], packaged_label: str | None = None) -> list[str]:
    """``paths`` without a file already named (the same file by another path too, or the packaged one)."""
    seen: set[object] = set()
    if packaged_label is not None:
        seen.add(_identity(packaged_label))
    unique = []
    for path in paths:
        identity = _identity(path)
        if identity not in seen:
            seen.add(identity)
            unique.append(path)
    return unique


def _identity(path: str) -> object:
    """What makes two paths the same file: device and inode when it can be examined, else the real path."""
    try:
        info = Path(path).stat()
        return (info.st_dev, info.st_ino)
    except (OSError, ValueError):
        return path


def _read_file(path: str) -> tuple[bytes | None, str | None]:
    if "\x00" in path:  # the OS cannot even look such a name up (os.stat raises ValueError)
        return None, f"{path!r}: a file name cannot contain a NUL character; check the path"
    target = Path(path)
    try:
        if target.is_dir():
            return None, f"{path}: is a directory; give the path of a .toml fact file"
        info = target.stat()
        if not stat.S_ISREG(info.st_mode):
            # A FIFO, a device or a socket could block forever or never end.
            return None, f"{path}: is not a regular file (a pipe or a device?); give the path of a .toml fact file"
        size = info.st_size
        if size > MAX_FILE_BYTES:
            limit = f"{MAX_FILE_BYTES // 1048576} MiB" if MAX_FILE_BYTES >= 1048576 else f"{MAX_FILE_BYTES} bytes"
            return None, (
                f"{path}: file is {size:,} bytes, over the {limit} limit for a fact file; split it into several files"
            )
        with target.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1), None
    except FileNotFoundError:
        return None, f"{path}: no such fact file; check the path"
    except OSError as exc:
        return None, f"{path}: cannot read the fact file ({exc.strerror or exc})"


def _decode(label: str, data: bytes) -> tuple[str | None, str | None]:
    if b"\x00" in data:
        return None, f"{label}: is a binary file (it contains NUL bytes), not a TOML fact file"
    try:
        # utf-8-sig drops a byte-order mark, which editors on Windows like to add.
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, f"{label}:{line}: not UTF-8 text (bad byte at offset {exc.start}); save the file as UTF-8"


def _parse_toml(label: str, text: str) -> tuple[dict[str, Any] | None, str | None]:
    # tomli, not the standard library's tomllib: the same parser, but its wheels are compiled (mypyc) and
    # read a large fact pack several times faster.
    import tomli

    try:
        return tomli.loads(text), None
    except RecursionError:  # tomli past its nesting limit, or the interpreter's stack before it
        return None, f"{label}: TOML nested too deeply to read (arrays or tables inside each other); flatten it"
    except tomli.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        where = f"{label}:{position[1]}:{position[2]}" if position else label
        reason = _TOML_POSITION.sub("", message).strip()
        return None, f"{where}: TOML syntax error: {reason}"
    except ValueError as exc:  # not a syntax error: e.g. an integer of more than 4,300 digits
        # In dipfacts' words, not the interpreter's, which differ from one Python version to the next.
        limit = getattr(sys, "get_int_max_str_digits", lambda: 0)()
        reason = f"a number of over {limit:,} digits" if limit and "digits" in str(exc) else str(exc).split(";")[0]
        return None, f"{label}: a value cannot be read ({reason}); check the file's numbers"


def _odd_breaks(text: str) -> bool:
    """Whether ``text`` breaks lines other than with "\n" or "\r\n" for str.splitlines()."""
    # One fast substring scan a character: a regex alternation over the whole text is ten times slower.
    return any(char in text for char in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029") or (
        "\r" in text and _LONE_CR.search(text) is not None
    )


class _Lines:
    """Finds the line of a record or key in the raw text, since TOML parsers keep no positions.

    Every record's first line is found up front (it is the record's origin); the text is split into lines
    only when a problem has to be placed in one.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: list[str] | None = None
        self._keys: dict[tuple[str, int], dict[str, int]] = {}
        self.headers: dict[str, list[int]] = {}
        if _odd_breaks(text):
            # Lines as str.splitlines() sees them (a lone CR, U+2028...), which the scan below would not.
            for number, line in enumerate(self.lines, 1):
                match = _ARRAY_HEADER.match(line)
                if match:
                    self.headers.setdefault(match[1], []).append(number)
            return
        first = _FIRST_HEADER.match(text)
        if first:
            self.headers[first[1]] = [1]
        number, counted = 1, 0
        for match in _ARRAY_HEADERS.finditer(text):
            number += text.count("\n", counted, match.end())  # the match ends on the header's line
            counted = match.end()
            self.headers.setdefault(match[1], []).append(number)

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self._text.splitlines()
        return self._lines

    def record(self, array: str, index: int) -> int | None:
        starts = self.headers.get(array, [])
        return starts[index] if index < len(starts) else None

    def key_line(self, array: str, index: int, key: str) -> int | None:
        """The first line of record ``index`` where ``key`` is given, else the record's line.

        Each record's keys are found in one pass and remembered, so placing many problems in one record
        costs the record's length once, not once a problem.
        """
        start = self.record(array, index)
        if start is None:
            return None
        found = self._keys.get((array, index))
        if found is None:
            found = {}
            for number in range(start + 1, len(self.lines) + 1):
                line = self.lines[number - 1]
                if _ANY_HEADER.match(line):
                    break
                for match in _KEY.finditer(line):
                    found.setdefault(match[1], number)
            self._keys[(array, index)] = found
        return found.get(key.split(".")[-1], start)

    def within(self, array: str, index: int, pattern: str) -> int | None:
        """The first line of record ``index`` containing ``pattern`` (a regex), else the record's line."""
        start = self.record(array, index)
        if start is None:
            return None
        regex = re.compile(pattern)
        for number in range(start + 1, len(self.lines) + 1):
            line = self.lines[number - 1]
            if _ANY_HEADER.match(line):
                break
            if regex.search(line):
                return number
        return start


@dataclass
class _Checker:
    label: str
    lines: _Lines
    problems: list[str] = field(default_factory=list)
    untold: int = 0  # problems past MAX_PROBLEMS: counted, not placed or worded
    # One string object for each value many records repeat (a country, a topic, a source id): at 100,000
    # facts their copies would weigh about 25 MB. Shared by all the files of a load.
    shared: dict[str, str] = field(default_factory=dict)

    @property
    def full(self) -> bool:
        return len(self.problems) >= MAX_PROBLEMS

    def report(self, array: str, index: int, who: str, message: str, *, key: str | None = None,
               needle: str | None = None) -> None:  # fmt: skip
        if self.full:
            # Placing a problem reads its record; past the cap, a hostile file could make that quadratic.
            self.untold += 1
            return
        line: int | None
        if needle is not None:
            line = self.lines.within(array, index, re.escape(_toml_fragment(needle)))
        elif key is not None:
            line = self.lines.key_line(array, index, key)
        else:
            line = self.lines.record(array, index)
        where = f"{self.label}:{line}" if line else self.label
        self.problems.append(f"{where}: {who}: {message}")


def _toml_fragment(text: str) -> str:
    # Enough of a string to find its line; TOML escapes quotes and backslashes.
    return text[:40].replace("\\", "\\\\").replace('"', '\\"')


def _show(value: object) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return repr(shown)
    if isinstance(value, (dict, list)):
        return f"a {'table' if isinstance(value, dict) else 'list'}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time)):
        return f"the TOML date {value.isoformat()}"
    if isinstance(value, int) and value.bit_length() > 64:  # repr() of a 5,000-digit number raises
        digits = len(str(abs(value))) if value.bit_length() < 14_000 else 4_300  # str() refuses beyond that
        return f"a number of {digits:,} digits"
    return repr(value)


def _significant_digits(value: Number) -> int:
    """Digits a number states, leading and trailing zeros aside: 800000000 has 1, 146.3 has 4."""
    if isinstance(value, int):
        digits = str(abs(value)).rstrip("0")  # safe: the caller has bounded the magnitude
    else:
        mantissa = repr(abs(value)).split("e")[0]  # the shortest repr that reads back the same float
        digits = mantissa.replace(".", "").strip("0")
    return max(len(digits), 1)


def _nfc(text: str) -> str:
    # ASCII text is already NFC, and isascii() is a flag check where normalize() reads the whole string.
    return text if text.isascii() else unicodedata.normalize("NFC", text)


class _Record:
    """Typed access to one TOML table, reporting each bad field once."""

    __slots__ = ("array", "checker", "index", "prefix", "table", "who")

    def __init__(self, checker: _Checker, array: str, index: int, table: dict[str, Any], who: str,
                 allowed: _Keys, *, prefix: str = "") -> None:  # fmt: skip
        self.checker, self.array, self.index, self.table = checker, array, index, table
        self.who, self.prefix = who, prefix
        if table.keys() <= allowed.keys():
            return
        for key in table:
            if key not in allowed:
                if checker.full:
                    checker.untold += 1
                    continue
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"expected one of: {', '.join(allowed)}"
                self.bad(key, f"unknown key {key!r}; {hint}")

    def bad(self, key: str, message: str, *, needle: str | None = None) -> None:
        self.checker.report(self.array, self.index, self.who, message, key=key, needle=needle)

    def share(self, value: str | None) -> str | None:
        """The one copy of ``value`` this load keeps (see _Checker.shared)."""
        return value if value is None else self.checker.shared.setdefault(value, value)

    def _label(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def text(self, key: str, *, required: bool = False, one_line: bool = False) -> str | None:
        if key not in self.table:
            if required:
                self.bad(key, f"missing {self._label(key)!r} (a string)")
            return None
        value = self.table[key]
        if not isinstance(value, str):
            self.bad(key, f"{self._label(key)!r} is {_show(value)}; expected a string")
            return None
        value = _nfc(value.strip())
        if required and not value:
            self.bad(key, f"{self._label(key)!r} is empty; expected some text")
            return None
        if one_line and "\n" in value:
            self.bad(key, f"{self._label(key)!r} spans several lines; expected one line")
        return value

    def choice(self, key: str, choices: Sequence[str], *, required: bool = False) -> str | None:
        value = self.text(key, required=required)
        if value is not None and value not in choices:
            self.bad(key, f"{self._label(key)!r} is {_show(value)}; expected one of: {', '.join(choices)}")
            return None
        return self.share(value)

    def pattern(self, key: str, regex: re.Pattern[str], expected: str, *, required: bool = False) -> str | None:
        value = self.text(key, required=required)
        if value is not None and not regex.match(value):
            self.bad(key, f"{self._label(key)!r} is {_show(value)}; expected {expected}")
            return None
        return value

    def when(self, key: str, *, period: bool = False, allow_no_year: bool = False) -> str | None:
        raw = self.table.get(key)
        if isinstance(raw, _dt.date) and not isinstance(raw, _dt.datetime):
            # A bare TOML date is unambiguous: accept it as the ISO string it stands for.
            return raw.isoformat()
        value = self.text(key)
        if value is None:
            return None
        span = _span(value, allow_no_year)
        if span is None or (not period and span[0] != span[1]):
            self.bad(key, f"{self._label(key)!r} is {_show(value)}; expected {EXPECTED_PERIOD if period else EXPECTED}")
            return None
        return self.checker.shared.setdefault(value, value)

    def number(
        self, key: str, *, integer: bool = False, minimum: float | None = None, below: int = MAX_COUNT
    ) -> Number | None:
        """A number, finite, of at most MAX_DIGITS significant digits and under ``below`` either way.

        Whatever passes can be formatted, compared and summed by every view without overflow.
        """
        if key not in self.table:
            return None
        value = self.table[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            hint = " (write numbers without quotes)" if isinstance(value, str) else ""
            self.bad(key, f"{self._label(key)!r} is {_show(value)}; expected a number{hint}")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.bad(key, f"{self._label(key)!r} is {value}; expected a finite number")
            return None
        if abs(value) >= below:
            self.bad(key, f"{self._label(key)!r} is {_show(value)}; expected a number below {below:.0e}")
            return None
        # Past the bound check an int has at most MAX_DIGITS digits, unless ``below`` is larger than ever.
        if (type(value) is not int or below > 10**MAX_DIGITS) and _significant_digits(value) > MAX_DIGITS:
            self.bad(key, f"{self._label(key)!r} is {_show(value)}; expected at most {MAX_DIGITS} significant digits")
            return None
        if integer and isinstance(value, float):
            if not value.is_integer():
                self.bad(key, f"{self._label(key)!r} is {value}; expected a whole number")
                return None
            value = int(value)
        if minimum is not None and value < minimum:
            self.bad(key, f"{self._label(key)!r} is {value}; expected at least {minimum:g}")
            return None
        return value  # type: ignore[no-any-return]

    def strings(self, key: str) -> tuple[str, ...]:
        if key not in self.table:
            return ()
        value = self.table[key]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.bad(key, f"{self._label(key)!r} is {_show(value)}; expected a list of strings")
            return ()
        return tuple(_nfc(item.strip()) for item in value if item.strip())

    def tables(self, key: str, *, required: bool = False) -> list[dict[str, Any]]:
        value = self.table.get(key)
        if value is None:
            if required:
                self.bad(key, f"missing {self._label(key)!r} (a list of tables)")
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.bad(key, f"{self._label(key)!r} is {_show(value)}; expected a list of tables")
            return []
        if required and not value:
            self.bad(key, f"{self._label(key)!r} is empty; expected at least one")
        return value

    def sub(self, key: str, allowed: _Keys) -> _Record | None:
        value = self.table.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.bad(key, f"{self._label(key)!r} is {_show(value)}; expected a table")
            return None
        return _Record(self.checker, self.array, self.index, value, self.who, allowed, prefix=f"{key}.")


@dataclass
class ParsedFile:
    """One fact file's valid records, and the problems found in it."""

    label: str
    checker: _Checker
    data_version: str = ""
    sources: list[Source] = field(default_factory=list)
    countries: list[Country] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return self.checker.problems


@dataclass(frozen=True)
class FactFile:
    """A fact file as read: its label for messages, and its bytes or why it could not be read."""

    label: str
    data: bytes | None
    problem: str | None
    packaged: bool = False


def parse_files(files: Iterable[FactFile]) -> Iterator[ParsedFile]:
    """Each file parsed and validated on its own, in order; a file that cannot be read or parsed gives its
    problem and no records. Only the file at hand is held: its bytes, text and TOML go before the next."""
    shared: dict[str, str] = {}
    for file in files:
        label = file.label
        empty = ParsedFile(label, _Checker(label, _Lines(""), shared=shared))
        if file.problem is not None or file.data is None:
            empty.problems.append(file.problem or f"{label}: cannot be read")
            yield empty
            continue
        text, decode_error = _decode(label, file.data)
        if text is None:
            empty.problems.append(decode_error or f"{label}: cannot be decoded")
            yield empty
            continue
        document, syntax_error = _parse_toml(label, text)
        if document is None:
            empty.problems.append(syntax_error or f"{label}: not TOML")
            yield empty
            continue
        user = not file.packaged
        del file  # its bytes: only the text is needed now
        result = _parse_document(label, text, document, user=user, shared=shared)
        if result.checker.untold:
            result.problems.append(f"{label}: and {result.checker.untold:,} more problems not listed; fix these first")
        # The file's lines were kept only to place problems; at 100,000 facts they weigh more than the facts.
        result.checker.lines = _Lines("")
        del document, text
        yield result
        del result  # before the next file is read


def _parse_document(
    label: str, text: str, document: dict[str, Any], *, user: bool = False, shared: dict[str, str] | None = None
) -> ParsedFile:
    checker = _Checker(label, _Lines(text), shared={} if shared is None else shared)
    result = ParsedFile(label, checker)
    for key in document:
        if key not in _TOP_KEYS:
            checker.problems.append(f"{label}: unknown top-level key {key!r}; expected: {', '.join(_TOP_KEYS)}")
    fmt = document.get("format", FORMAT)
    if fmt != FORMAT or isinstance(fmt, bool):
        checker.problems.append(f"{label}: format is {_show(fmt)}; this dipfacts reads format {FORMAT}")
    version = document.get("data_version", "")
    if not isinstance(version, str):
        checker.problems.append(f"{label}: data_version is {_show(version)}; expected a string")
    else:
        result.data_version = version
    for array in ("sources", "countries", "people", "organisations", "facts"):
        items = document.get(array, [])
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            checker.problems.append(f"{label}: {array!r} must be an array of tables ([[{array}]])")
            continue
        if array == "facts":
            _parse_facts(checker, items, result.facts, user)
            continue
        for index, table in enumerate(items):
            raw_id = table.get("id")
            name = _RECORD_NAMES[array]
            who = f"{name} {raw_id!r}" if isinstance(raw_id, str) else f"{name} #{index + 1}"
            origin = _new_origin(label, checker.lines.record(array, index))
            if array == "sources":
                source = _parse_source(_Record(checker, array, index, table, who, _SOURCE_KEYS), origin, user)
                if source:
                    result.sources.append(source)
            elif array == "countries":
                country = _parse_country(_Record(checker, array, index, table, who, _COUNTRY_KEYS), origin, user)
                if country:
                    result.countries.append(country)
            else:
                record = _Record(checker, array, index, table, who, _ENTITY_KEYS)
                entity = _parse_entity(record, name, origin, user)
                if entity:
                    result.entities.append(entity)
    return result


def _parse_facts(checker: _Checker, tables: list[dict[str, Any]], facts: list[Fact], user: bool) -> None:
    """Each [[facts]] table read into ``facts``: the usual fact in one step (_plain_fact), any other one
    field by field (_parse_fact), which reports its problems."""
    label, shared, starts = checker.label, checker.shared, checker.lines.headers.get("facts", [])
    known = len(starts)
    for index, table in enumerate(tables):
        origin = _new_origin(label, starts[index] if index < known else None)
        fact = _plain_fact(table, shared, origin, user)
        if fact is None:
            raw_id = table.get("id")
            who = f"fact {raw_id!r}" if isinstance(raw_id, str) else f"fact #{index + 1}"
            fact = _parse_fact(_Record(checker, "facts", index, table, who, _FACT_KEYS), origin, user)
        if fact:
            facts.append(fact)


def _parse_entity(record: _Record, kind: str, origin: Origin, user: bool) -> Entity | None:
    before = len(record.checker.problems)
    entity_id = record.pattern("id", _ID, "lowercase words joined by '-' such as 'vladimir-putin'", required=True)
    name = record.text("name", required=True, one_line=True)
    country = record.pattern("country", _COUNTRY_CODE, "an ISO 3166-1 alpha-2 code such as 'RU'")
    role = record.text("role", one_line=True)
    acronym = record.text("acronym", one_line=True)
    if acronym and kind == "person":
        record.bad("acronym", "'acronym' is for organisations, not people")
    aliases = record.strings("aliases")
    citations = _parse_citations(record, required=False)
    if len(record.checker.problems) != before:
        return None
    assert entity_id and name
    return Entity(entity_id, kind, name, country, role, acronym, aliases, citations, origin, user)


def _parse_source(record: _Record, origin: Origin, user: bool) -> Source | None:
    before = len(record.checker.problems)
    source_id = record.pattern("id", _ID, "lowercase words joined by '-'", required=True)
    title = record.text("title", required=True, one_line=True)
    publisher = record.text("publisher", required=True, one_line=True)
    date = record.when("date")
    if "date" not in record.table:
        record.bad("date", "missing 'date' (the publication date, as precise as known)")
    language = record.pattern("language", _LANGUAGE, "an ISO 639-1 code such as 'fr'", required=True)
    file = record.text("file")
    url, related_url = record.text("url"), record.text("related_url")
    for key, address in (("url", url), ("related_url", related_url)):
        if address is not None and not _is_web_address(address):
            record.bad(key, f"{key!r} is {_show(address)}; expected a web address starting http:// or https://,"
                       " with no spaces, quotes, braces, angle brackets or backslashes")  # fmt: skip
    url_note = record.text("url_note", one_line=True)
    sha256 = record.pattern("sha256", _SHA256, "64 lowercase hexadecimal digits (the stored text's SHA-256)")
    if sha256 and not file:
        record.bad("sha256", "'sha256' is the hash of the stored text: give its 'file' too")
    date_note = record.text("date_note")
    if len(record.checker.problems) != before:
        return None
    assert source_id and title and publisher and date and language
    return _new_source(
        source_id, title, publisher, date, language, file, url, date_note, origin, user, sha256,
        related_url, url_note,
    )  # fmt: skip


def _is_web_address(url: str) -> bool:
    """An http(s) address that no citation format can turn into markup: javascript: and friends are not."""
    scheme, _, rest = url.partition("://")
    return (
        scheme.lower() in ("http", "https") and bool(rest) and not rest.startswith("/")
        and all(" " < char <= "~" and char not in '"<>\\^`{|}' for char in rest)
    )  # fmt: skip


def _parse_country(record: _Record, origin: Origin, user: bool) -> Country | None:
    before = len(record.checker.problems)
    country_id = record.pattern("id", _COUNTRY_CODE, "an ISO 3166-1 alpha-2 code such as 'KZ'", required=True)
    alpha3 = record.pattern("alpha3", _ALPHA3, "an ISO 3166-1 alpha-3 code such as 'KAZ'", required=True)
    name = record.text("name", required=True, one_line=True)
    aliases = record.strings("aliases")
    cities = record.strings("cities")
    head = record.text("head_of_state", one_line=True)
    head_fact = record.text("head_of_state_fact")
    if head and not head_fact:
        record.bad("head_of_state", "'head_of_state' needs 'head_of_state_fact', the id of the fact citing that name")
    if len(record.checker.problems) != before:
        return None
    assert country_id and alpha3 and name
    return Country(country_id, alpha3, name, aliases, head, head_fact, origin, user, cities)


def _parse_fact(record: _Record, origin: Origin, user: bool) -> Fact | None:
    before = len(record.checker.problems)
    fact_id = record.pattern("id", _ID, "lowercase letters, digits and '-' such as 'kz-trade-2024'", required=True)
    country = record.share(record.pattern("country", _COUNTRY_CODE, "an ISO 3166-1 alpha-2 code such as 'KZ'",
                                          required=True))  # fmt: skip
    topic = record.choice("topic", TOPICS, required=True)
    statement = record.text("statement", required=True, one_line=True)
    unit = record.share(record.text("unit", one_line=True))
    limit = MAX_USD if unit == "USD" else MAX_COUNT
    value = record.number("value", integer=unit == "USD", minimum=0 if unit == "USD" else None, below=limit)
    if value is not None and not unit:
        record.bad("value", "'value' needs a 'unit' ('USD' for money, otherwise e.g. 'visitors')")
    if unit and "value" not in record.table:
        record.bad("unit", "'unit' is given without a 'value'")
    period = record.when("period", period=True)
    date = record.when("date", allow_no_year=True)
    if "period" in record.table and "date" in record.table:
        record.bad("date", "give either 'period' (the span a value covers) or 'date', not both")
    qualifier = record.choice("qualifier", QUALIFIERS)
    if qualifier and "value" not in record.table:
        record.bad("qualifier", "'qualifier' hedges a value, but the fact has no 'value'")
    change_pct = record.number("change_pct", below=MAX_PERCENT)
    change_from = record.when("change_from", period=True)
    kind = record.choice("kind", KINDS) or "actual"
    status = _parse_status(record, kind)
    level = record.text("level", one_line=True)
    note = record.text("note")
    derived = _parse_derivation(record, kind)
    visit = _parse_visit(record, topic)
    differs_from = _parse_links(record)
    citations = _parse_citations(record)
    entities = (*_ids(record, "people"), *_ids(record, "organisations"))
    if len(record.checker.problems) != before:
        return None
    assert fact_id and country and topic and statement
    # Every field in the model's order: the quick way to build a record (tests check the order).
    return _new_fact(
        fact_id, country, topic, statement, citations, value, unit, period, date, qualifier, change_pct,
        change_from, kind, status, level, derived, visit, note, differs_from, origin, user, entities,
    )  # fmt: skip


# The usual fact's keys; any other key (a visit, a link, a derivation, kind, status...) is read field by field.
_PLAIN_FACT_KEYS = dict.fromkeys(
    ("id", "country", "topic", "statement", "value", "unit", "period", "date", "qualifier", "note", "citations")
).keys()
_WHOLE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # _ID, for fullmatch: no "$" that lets a final "\n" by
_WHOLE_COUNTRY_CODE = re.compile(r"[A-Z]{2}")
_TOPIC_SET = frozenset(TOPICS)


def _plain_fact(table: dict[str, Any], shared: dict[str, str], origin: Origin, user: bool) -> Fact | None:
    """The usual fact, well formed, its citations all usual ones (_plain_citation); else None.

    Most facts are this, and reading one through _Record costs more than parsing its TOML. Whatever this
    accepts, _parse_fact accepts alike without a word and builds the same record (tests hold the two
    together); anything else, odd or wrong, goes there to be checked and reported. Each test below is
    the careful path's, or stricter: an id or code with spaces around it, a float value, an empty unit or
    a TOML date is left to the careful path, which accepts or reports it.
    """
    if not table.keys() <= _PLAIN_FACT_KEYS:
        return None
    fact_id, country, topic = table.get("id"), table.get("country"), table.get("topic")
    statement, cited = table.get("statement"), table.get("citations")
    if (
        type(fact_id) is not str or type(country) is not str or type(topic) is not str
        or type(statement) is not str or type(cited) is not list or not cited
        or _WHOLE_ID.fullmatch(fact_id) is None or _WHOLE_COUNTRY_CODE.fullmatch(country) is None
        or topic not in _TOPIC_SET
    ):  # fmt: skip
        return None
    statement = _nfc(statement.strip())
    if not statement or "\n" in statement:
        return None
    value = unit = period = date = qualifier = note = None
    if len(table) > 5:  # more than id, country, topic, statement and citations
        if "unit" in table or "value" in table:  # both or neither
            unit, value = table.get("unit"), table.get("value")
            if type(unit) is not str or type(value) is not int:
                return None
            unit = _nfc(unit.strip())
            if not unit or "\n" in unit:
                return None
            if not (0 <= value < MAX_USD if unit == "USD" else -MAX_COUNT < value < MAX_COUNT):
                return None
            unit = shared.setdefault(unit, unit)
        if "period" in table:
            if "date" in table:
                return None
            period = _plain_when(table["period"], shared, period=True)
            if period is None:
                return None
        elif "date" in table:
            date = _plain_when(table["date"], shared, period=False)
            if date is None:
                return None
        if "qualifier" in table:
            qualifier = table["qualifier"]
            if value is None or type(qualifier) is not str or qualifier not in QUALIFIERS:
                return None
            qualifier = shared.setdefault(qualifier, qualifier)
        if "note" in table:
            note = table["note"]
            if type(note) is not str:
                return None
            note = _nfc(note.strip())
    citations = []
    for item in cited:
        citation = _plain_citation(item, shared) if type(item) is dict else None
        if citation is None:
            return None
        citations.append(citation)
    return _new_fact(
        fact_id, shared.setdefault(country, country), shared.setdefault(topic, topic), statement, tuple(citations),
        value, unit, period, date, qualifier, None, None, "actual", "reported", None, None, None, note, (), origin,
        user, (),
    )  # fmt: skip


def _plain_when(raw: object, shared: dict[str, str], *, period: bool) -> str | None:
    """A period (or with ``period`` False a date) given as text that _Record.when accepts without a word,
    as it returns it; else None."""
    if type(raw) is not str:
        return None
    text = _nfc(raw.strip())
    span = _span(text, not period)
    if span is None or (not period and span[0] != span[1]):
        return None
    return shared.setdefault(text, text)


def _ids(record: _Record, key: str) -> tuple[str, ...]:
    ids = record.strings(key)
    for entity_id in ids:
        if not _ID.match(entity_id):
            record.bad(key, f"{key!r} names {_show(entity_id)}; expected ids such as 'vladimir-putin'")
    return ids


def _parse_status(record: _Record, kind: str) -> str:
    """The claim status; a target figure is always a target, so it is never read as a result.

    (A plan may still count something stated, e.g. the five axes a partnership is to strengthen.)
    """
    status = record.choice("status", STATUSES)
    implied = _IMPLIED_STATUS.get(kind)
    if status is None:
        return implied or "reported"
    if implied and status != implied:
        record.bad("status", f"'status' is {status!r} but kind is {kind!r}; its status is {implied!r}")
    elif status == "derived" and kind != "derived":
        record.bad("status", "'status' is 'derived' but kind is not; a derived value has kind = \"derived\"")
    return status


def _parse_links(record: _Record) -> tuple[Link, ...]:
    links: list[Link] = []
    for position, table in enumerate(record.tables("differs_from")):
        link = _Record(record.checker, record.array, record.index, table, record.who, _LINK_KEYS,
                       prefix=f"differs_from[{position + 1}].")  # fmt: skip
        other = link.pattern("fact", _ID, "the id of another fact", required=True)
        kind = link.choice("kind", _CONFLICT_KINDS, required=True)
        note = link.text("note")
        if other and kind:
            links.append(Link(other, kind, note))
    return tuple(links)


def _parse_derivation(record: _Record, kind: str) -> Derivation | None:
    sub = record.sub("derived", _DERIVED_KEYS)
    if sub is None:
        if kind == "derived":
            record.bad("kind", "kind 'derived' needs 'derived = { from = [...], formula = \"...\" }'")
        return None
    if kind != "derived":
        record.bad("derived", f"'derived' is given but kind is {kind!r}; set kind = \"derived\"")
    from_ids = sub.strings("from")
    formula = sub.text("formula", required=True)
    if not from_ids:
        sub.bad("from", "'derived.from' is empty; expected the ids of the facts it is computed from")
    return Derivation(from_ids, formula or "")


def _parse_visit(record: _Record, topic: str | None) -> Visit | None:
    sub = record.sub("visit", _VISIT_KEYS)
    if sub is None:
        return None
    if topic != "visit":
        record.bad("visit", f"'visit' details belong to topic 'visit', not {topic!r}")
    visit_type = sub.choice("type", VISIT_TYPES, required=True)
    start = sub.when("start")
    end = sub.when("end")
    if start and end:
        start_span, end_span = parse_span(start), parse_span(end)
        if start_span and end_span and end_span[0] < start_span[0]:
            sub.bad("end", f"'visit.end' {end!r} is before 'visit.start' {start!r}")
    host = sub.text("host", one_line=True)
    firsts: list[First] = []
    for position, table in enumerate(sub.tables("firsts")):
        first = _Record(record.checker, record.array, record.index, table, record.who, _FIRST_KEYS,
                        prefix=f"visit.firsts[{position + 1}].")  # fmt: skip
        text = first.text("text", required=True, one_line=True)
        source = first.text("source", required=True)
        if text and source:
            firsts.append(First(text, source))
    return Visit(visit_type or "", start, end, host, tuple(firsts))


def _parse_citations(record: _Record, *, required: bool = True) -> tuple[Citation, ...]:
    citations: list[Citation] = []
    for position, table in enumerate(record.tables("citations", required=required)):
        found = _plain_citation(table, record.checker.shared)
        if found is None:
            found = _parse_citation(record, position, table)
        if found is not None:
            citations.append(found)
    return tuple(citations)


def _plain_citation(table: dict[str, Any], shared: dict[str, str]) -> Citation | None:
    """The usual citation, a well-formed source, paragraph and excerpt and nothing else; else None.

    Most citations are this, and reading one through _Record costs more than the rest of its fact. Whatever
    this accepts, _parse_citation accepts alike without a word (tests hold the two together); anything
    else, odd or wrong, goes there to be checked and reported.
    """
    if len(table) != 3:
        return None
    source, paragraph, excerpt = table.get("source"), table.get("paragraph"), table.get("excerpt")
    if type(source) is not str or type(paragraph) is not int or type(excerpt) is not str:
        return None
    source, excerpt = _nfc(source.strip()), _nfc(excerpt.strip())
    if (
        not source or not excerpt or "\n" in excerpt or len(excerpt.split()) > MAX_EXCERPT_WORDS
        or not 1 <= paragraph < MAX_PARAGRAPH
    ):  # fmt: skip
        return None
    source = shared.setdefault(source, source)
    return _new_citation(source, paragraph, excerpt, None, None, None, None, None, None, None, None, ())


def _parse_citation(record: _Record, position: int, table: dict[str, Any]) -> Citation | None:
    """Citation ``position`` of ``record``, every field checked; None when it has a problem (reported)."""
    cite = _Record(record.checker, record.array, record.index, table, record.who, _CITATION_KEYS,
                   prefix=f"citations[{position + 1}].")  # fmt: skip
    source = cite.share(cite.text("source", required=True))
    paragraph = cite.number("paragraph", integer=True, minimum=1, below=MAX_PARAGRAPH)
    if "paragraph" not in table:
        cite.bad("paragraph", f"missing 'citations[{position + 1}].paragraph' (a paragraph number from 1)")
    excerpt = cite.text("excerpt", required=True, one_line=True)
    if excerpt and len(excerpt.split()) > MAX_EXCERPT_WORDS:
        cite.bad("excerpt", f"'citations[{position + 1}].excerpt' has {len(excerpt.split())} words; "
                 f"expected at most {MAX_EXCERPT_WORDS}", needle=excerpt)  # fmt: skip
    qualifier = cite.choice("qualifier", _CITATION_QUALIFIERS)
    value = cite.number("value", below=MAX_USD if record.table.get("unit") == "USD" else MAX_COUNT)
    change_pct = cite.number("change_pct", below=MAX_PERCENT)
    date = cite.when("date", allow_no_year=True)
    name = cite.text("name", one_line=True)
    acronym = cite.text("acronym", one_line=True)
    wording = cite.text("wording", one_line=True)
    omits = cite.strings("omits")
    for field_name in omits:
        if field_name not in OMITTABLE:
            cite.bad("omits", f"'citations[{position + 1}].omits' names {field_name!r}; expected some of: "
                     f"{', '.join(OMITTABLE)}")  # fmt: skip
        elif table.get(field_name) is not None:
            cite.bad("omits", f"'citations[{position + 1}]' both gives and omits {field_name!r}")
    note = cite.text("note")
    if source and paragraph is not None and excerpt:
        return _new_citation(source, int(paragraph), excerpt, qualifier, value, change_pct, name, note,
                             date, acronym, wording, omits)  # fmt: skip
    return None


class Merger:
    """The checks across files, made as the files come one by one, with only what they need kept: the
    sources, countries, people and organisations (few), the packaged base's excerpts, and the references
    a later file may still resolve. Facts are not kept: the database they are written to finds the ids
    given twice and the facts other facts name, when ``finish`` asks it.
    """

    def __init__(self) -> None:
        self.sources: dict[str, Source] = {}
        self.countries: dict[str, Country] = {}
        self.entities: dict[str, Entity] = {}
        self.files: list[str] = []
        self.data_version = ""
        self.problems: list[str] = []
        self._unknown_countries: list[tuple[str, str]] = []  # (where, country id) not defined so far
        self._unknown_sources: list[tuple[str, str]] = []  # (where, source id) of a citation
        self._unknown_firsts: list[tuple[str, str, bool]] = []  # (where, source id, cited by the fact)
        self._unknown_entities: list[tuple[Origin, str, str]] = []  # (fact origin, fact id, entity id)
        self._fact_references: list[tuple[str, str, str]] = []  # (where, key, fact id): checked at the end
        self._quoted: dict[tuple[str, int], set[str]] = {}  # the packaged base's excerpts by paragraph

    def add(self, part: ParsedFile) -> tuple[list[Source], list[Country], list[Entity]]:
        """Take one file's records; return its sources, countries, people and organisations whose ids no
        earlier record has (the others are problems)."""
        self.problems.extend(part.problems)
        self.files.append(part.label)
        self.data_version = self.data_version or part.data_version
        new: list[list[Any]] = []
        for kind, items, seen in (
            ("source", part.sources, self.sources),
            ("country", part.countries, self.countries),
            ("person or organisation", part.entities, self.entities),
        ):
            accepted = []
            for record in items:
                earlier = seen.get(record.id)
                if earlier is not None:
                    self.problems.append(duplicate_problem(kind, record, earlier))
                    continue
                seen[record.id] = record  # type: ignore[assignment]
                accepted.append(record)
            new.append(accepted)
        for fact in part.facts:
            self._check(fact)
        return new[0], new[1], new[2]

    def _check(self, fact: Fact) -> None:
        sources = self.sources
        usual = (
            fact.country in self.countries and not fact.visit and not fact.derived and not fact.differs_from
            and not fact.entities and all(citation.source in sources for citation in fact.citations)
        )  # fmt: skip
        if not usual:  # the usual fact has nothing to look up later, nor any "where" to spell
            self._check_references(fact)
        if not fact.user:
            for citation in fact.citations:
                self._quoted.setdefault((citation.source, citation.paragraph), set()).add(citation.excerpt)
        else:
            self.problems.extend(self._unchecked_quotes(fact))

    def _check_references(self, fact: Fact) -> None:
        where = f"{fact.origin}: fact {fact.id!r}"
        sources = self.sources
        if fact.country not in self.countries:
            self._unknown_countries.append((where, fact.country))
        for citation in fact.citations:
            if citation.source not in sources:
                self._unknown_sources.append((where, citation.source))
        if fact.visit:
            cited = {citation.source for citation in fact.citations}
            for first in fact.visit.firsts:
                if first.source not in sources or first.source not in cited:
                    self._unknown_firsts.append((where, first.source, first.source in cited))
        if fact.derived:
            self._fact_references += [(where, "derived.from", source_id) for source_id in fact.derived.from_ids]
        for link in fact.differs_from:
            if link.fact == fact.id:
                self.problems.append(f"{where}: differs_from names the fact itself; name the other fact")
            else:
                self._fact_references.append((where, "differs_from", link.fact))
        for entity_id in fact.entities:
            if entity_id not in self.entities:
                self._unknown_entities.append((fact.origin, fact.id, entity_id))

    def _unchecked_quotes(self, fact: Fact) -> Iterator[str]:
        """A user's fact may cite a packaged article only with words the packaged base already quotes from
        that paragraph, so that 'USD 99 bn [1]' cannot seem to come from a real article. (The packaged base
        is read first, so its sources and excerpts are all known by then.)"""
        for citation in fact.citations:
            source = self.sources.get(citation.source)
            if source is None or source.user:
                continue
            if citation.excerpt not in self._quoted.get((citation.source, citation.paragraph), set()):
                yield (
                    f"{fact.origin}: fact {fact.id!r}: cites the packaged article {citation.source!r}"
                    f" \u00b6{citation.paragraph} with words the packaged base does not quote from that paragraph"
                    f" ({_show(citation.excerpt)}); a fact file may cite a packaged article only with excerpts"
                    " already checked against it, so quote one of those or add the article as a source of your own"
                )

    def finish(self, facts_by_id: Callable[[Collection[str]], Mapping[str, Fact]],
               duplicates: Iterable[tuple[Fact, Fact]] = ()) -> list[str]:  # fmt: skip
        """Every problem of the files together, once all are added: ``facts_by_id`` finds the facts
        written (the first of each id), ``duplicates`` are the facts whose id an earlier one has."""
        problems = self.problems
        problems += [duplicate_problem("fact", later, earlier) for later, earlier in duplicates]
        for where, country_id in self._unknown_countries:
            if country_id not in self.countries:
                problems.append(f"{where}: country {country_id!r} is not in the fact base; add it under [[countries]]")
        known_sources = ", ".join(sorted(self.sources)) or "none"
        for where, source in self._unknown_sources:
            if source not in self.sources:
                problems.append(f"{where}: citation names unknown source {source!r}; known sources: {known_sources}")
        for where, source, cited in self._unknown_firsts:
            if source not in self.sources:
                problems.append(f"{where}: visit.firsts names unknown source {source!r}")
            elif not cited:
                problems.append(f"{where}: visit.firsts names source {source!r}, which no citation cites")
        heads = {country.head_of_state_fact for country in self.countries.values() if country.head_of_state_fact}
        found = facts_by_id({fact_id for _where, _key, fact_id in self._fact_references} | heads)
        for where, key, fact_id in self._fact_references:
            if fact_id not in found:
                problems.append(f"{where}: {key} names unknown fact {fact_id!r}")
        for entity in self.entities.values():
            where = f"{entity.origin}: {entity.kind} {entity.id!r}"
            if entity.country and entity.country not in self.countries:
                problems.append(f"{where}: country {entity.country!r} is not in the fact base")
            for citation in entity.citations:
                if citation.source not in self.sources:
                    problems.append(f"{where}: citation names unknown source {citation.source!r}")
        for origin, fact_id, entity_id in self._unknown_entities:
            if entity_id not in self.entities:
                problems.append(
                    f"{origin}: fact {fact_id!r}: names {entity_id!r}, which is no person or organisation of the"
                    " base; add it under [[people]] or [[organisations]]"
                )
        for country in self.countries.values():
            backing = found.get(country.head_of_state_fact or "")
            if country.head_of_state_fact and backing is None:
                problems.append(
                    f"{country.origin}: country {country.id!r}: head_of_state_fact {country.head_of_state_fact!r}"
                    " is not a fact id"
                )
            elif (
                backing is not None
                and country.head_of_state
                and not (backing.country == country.id and _names(backing, country.head_of_state))
            ):
                problems.append(
                    f"{country.origin}: country {country.id!r}: head_of_state_fact {backing.id!r} does not back"
                    f" {country.head_of_state!r}; name a fact about {country.id} whose statement or a citation"
                    " gives that name"
                )
        problems.extend(_user_country_problems(self.countries))
        problems.extend(_user_entity_problems(self.entities))
        return problems


def duplicate_problem(kind: str, record: Identified, earlier: Identified) -> str:
    """The problem of a record whose id an earlier record of its kind already has."""
    return f"{record.origin}: {kind} {record.id!r}: duplicate id, first defined at {earlier.origin}; give it another id"


def _names(fact: Fact, name: str) -> bool:
    """Whether ``fact`` is a fact that names ``name`` (in its statement or a citation's spelling)."""
    wanted = normalise(name)
    spellings = [fact.statement, *(citation.name or "" for citation in fact.citations)]
    return bool(wanted) and any(wanted in normalise(text) for text in spellings)


def _user_entity_problems(entities: dict[str, Entity]) -> list[str]:
    """A user's file may not give its own person or organisation a name the packaged base uses for another."""
    taken: dict[str, str] = {}
    for entity in entities.values():
        if not entity.user:
            for name in (entity.name, *((entity.acronym,) if entity.acronym else ()), *entity.aliases):
                taken.setdefault(normalise(name), entity.id)
    problems = []
    for entity in entities.values():
        if entity.user:
            for name in (entity.name, *((entity.acronym,) if entity.acronym else ()), *entity.aliases):
                owner = taken.get(normalise(name))
                if owner is not None and owner != entity.id:
                    problems.append(
                        f"{entity.origin}: {entity.kind} {entity.id!r}: {name!r} already names {owner!r} in the"
                        " packaged base; a fact file may not take a packaged person's or organisation's name"
                    )
    return problems


def _user_country_problems(countries: dict[str, Country]) -> list[str]:
    """A user's file may not give one of its countries a packaged country's name, alias or code (so that
    'kazakhstan' could answer with its facts)."""
    problems: list[str] = []
    # Codes against codes and names against names: Russia's Vietnamese alias "Nga" is not Nigeria's NGA.
    taken: dict[tuple[str, str], str] = {}
    for country in countries.values():
        if not country.user:
            taken.setdefault(("code", country.alpha3), country.id)
            for name in (country.name, *country.aliases, *country.cities):
                taken.setdefault(("name", normalise(name)), country.id)
    for country in countries.values():
        if not country.user:
            continue
        claimed = [(("code", country.alpha3), country.alpha3)]
        claimed += [(("name", normalise(name)), name) for name in (country.name, *country.aliases, *country.cities)]
        for key, name in claimed:
            owner = taken.get(key)
            if owner is not None and owner != country.id:
                problems.append(
                    f"{country.origin}: country {country.id!r}: {name!r} already names the packaged country"
                    f" {owner}; a fact file may not rename or re-code a packaged country, so give another name"
                )
    return problems
