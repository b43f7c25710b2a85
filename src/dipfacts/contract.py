"""The records of dipfacts' JSON output (--json, --nl, export --jsonl) as types: what each field holds.

output.py builds each record against its type here, so mypy checks every key it writes (a key missing, misspelt
or added alone is an error); tests/test_contract.py checks these types against the JSON Schema of schema.py both
ways, per record and per nested object, so neither side can add, drop or retype a field alone.

Only the type checker and the tests import this module: output.py imports it under TYPE_CHECKING, so a lookup
pays nothing for it. A key that a record may leave out sits in a ``total=False`` class (typing.NotRequired is
Python 3.11+, and dipfacts runs on 3.10); ``__required_keys__`` then tells required from optional on every
version, which the schema's "required" lists are checked against.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

# "packaged": checked against the articles and shipped with dipfacts; "user": from a --data file.
Provenance = Literal["packaged", "user"]


class BoundsRecord(TypedDict):
    """The values a hedged figure allows ("over 800 million": above 800 million, no upper bound)."""

    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool
    basis: str  # "stated" or the hedge (QUALIFIERS)


class CitationDiffers(TypedDict, total=False):
    """What one source states otherwise than the fact: only the fields it gives."""

    qualifier: str  # "" when this source states the figure without the fact's hedge
    value: float
    change_pct: float
    date: str
    name: str
    acronym: str
    wording: str
    omits: list[str]  # the headline fields this source does not state


class CitationRecord(TypedDict):
    """One source of a fact: where it states it, in its own words."""

    id: str
    mark: int
    title: str
    publisher: str
    date: str
    paragraph: int
    excerpt: str
    differs: CitationDiffers
    bounds: BoundsRecord | None  # None when this source does not state the value
    note: str | None
    origin: Provenance


class LinkRecord(TypedDict):
    """Another fact this one differs from, and how (a kind of CONFLICT_KINDS)."""

    fact: str
    kind: str
    note: str | None


# Functional form: "from" is a Python keyword.
DerivationRecord = TypedDict("DerivationRecord", {"from": list[str], "formula": str})


class EntityRecord(TypedDict):
    """A person or organisation a fact names; all but the id are None for an id the base does not define."""

    id: str
    kind: str | None
    name: str | None
    role: str | None
    country: str | None
    origin: Provenance | None


class FirstRecord(TypedDict):
    text: str
    source: str


class FactRecord(TypedDict):
    """One fact, with its sources; every fact has every key (a visit's fields are None on other facts)."""

    id: str
    country: str
    topic: str
    statement: str
    value: float | None
    unit: str | None
    period: str | None
    date: str | None
    when: str
    qualifier: str | None
    change_pct: float | None
    change_from: str | None
    kind: str
    status: str
    status_label: str
    bounds: BoundsRecord | None
    corroboration: int
    conflicts: list[str]
    differs_from: list[LinkRecord]
    level: str | None
    derived: bool
    derivation: DerivationRecord | None
    note: str | None
    sources: list[CitationRecord]
    entities: list[EntityRecord]
    type: str | None
    start: str | None
    end: str | None
    host: str | None
    firsts: list[FirstRecord]
    origin: Provenance
    defined_at: str | None


class SearchHitRecord(FactRecord):
    """A fact that matched `dipfacts search`, and how well (100: every word exactly)."""

    score: float


CslDate = TypedDict("CslDate", {"date-parts": list[list[int]]})  # functional form: the key has a hyphen


class CslItemOptional(TypedDict, total=False):
    """The keys of a CSL-JSON item that a source without a date or a URL does not have."""

    issued: CslDate
    URL: str


class CslItem(CslItemOptional):
    """One source as CSL-JSON (Zotero, Pandoc, citeproc)."""

    id: str
    type: str
    title: str
    publisher: str
    language: str
    note: str


class CitedFactRecord(FactRecord):
    """A fact of `dipfacts cite`, with its sources as CSL-JSON items."""

    csl: list[CslItem]


class CountryRecord(TypedDict):
    id: str
    alpha3: str
    name: str
    head_of_state: str | None
    origin: Provenance


class SummaryRecord(TypedDict):
    """A country at a glance (`dipfacts countries`, `dipfacts compare`)."""

    country: CountryRecord
    partnership: FactRecord | None
    relations_since: FactRecord | None
    latest_trade: FactRecord | None
    tourism: FactRecord | None
    visits: list[FactRecord]
    fact_count: int


class SourceEntryRecord(TypedDict):
    """A source of `dipfacts sources`, and the facts that cite it."""

    id: str
    mark: int
    title: str
    publisher: str
    date: str
    date_note: str | None
    language: str
    file: str | None
    url: str | None
    url_note: str | None
    related_url: str | None
    sha256: str | None
    facts: list[str]
    origin: Provenance


class VersionRecord(TypedDict):
    """What one source states of a fact the sources differ about."""

    source: str
    paragraphs: list[int]
    excerpts: list[str]
    values: list[float]
    qualifiers: list[str | None]
    change_pct: list[float]
    dates: list[str]
    names: list[str]
    acronyms: list[str]
    wordings: list[str]
    bounds: list[BoundsRecord | None]


class ConflictRecord(TypedDict):
    """A fact the sources differ about, or two facts that differ (`dipfacts conflicts`)."""

    fact: str
    other_fact: str | None
    country: str
    topic: str
    kinds: list[str]
    kind_descriptions: list[str]
    statement: str
    other_statement: str | None
    versions: list[VersionRecord]
    note: str | None


class TopicCount(TypedDict):
    facts: int
    figures: int


class CoverageRecord(TypedDict):
    """What the base holds about one country, topic by topic (`dipfacts coverage`)."""

    country: CountryRecord
    topics: dict[str, TopicCount]  # keyed by topic (TOPICS)
    gaps: list[str]


class FileRecord(TypedDict):
    path: str
    packaged: bool
    facts: int


class AboutRecord(TypedDict):
    """The versions and size of the data (`dipfacts about`)."""

    dipfacts_version: str
    data_version: str
    newest_source_date: str | None
    newest_sources: list[str]
    facts: int
    countries: int
    sources: int
    citations: int
    conflicts: int
    files: list[FileRecord]


class ProblemRecord(TypedDict):
    """One problem `dipfacts check` found in the fact files."""

    problem: str


class ClaimCheckRecord(TypedDict):
    """One claim of a draft (`dipfacts verify`): where it is, what it says, and what the base says of it."""

    start: int
    end: int
    line: int
    column: int
    text: str
    kind: str
    value: float | None
    unit: str | None
    qualifier: str | None
    readings: list[float]
    reading_note: str | None
    period: str | None
    change_from: str | None
    date: str | None
    level: str | None
    target: bool
    countries: list[str]
    verdict: str
    reason: str
    facts: list[str]
    sources: list[str]
    marks: list[int]


class Envelope(TypedDict):
    """The one object of --json: which command ran, on what, and its records."""

    schema_version: int
    dipfacts_version: str
    command: str
    query: dict[str, Any]  # the command's arguments and options: each command has its own
    results: list[Any]  # the command's records (schema.RECORD_OF_COMMAND names their kind)


# Any record a command's "results" holds.
OutputRecord = (
    FactRecord | SearchHitRecord | CitedFactRecord | SummaryRecord | SourceEntryRecord | ConflictRecord
    | CoverageRecord | AboutRecord | ProblemRecord | ClaimCheckRecord
)  # fmt: skip
