"""Frozen records for the fact base; no logic lives here."""

from __future__ import annotations

from dataclasses import dataclass

TOPICS: tuple[str, ...] = (
    "relations",
    "partnership",
    "visit",
    "trade",
    "investment",
    "tourism",
    "transport",
    "visa",
    "embassy",
    "agreement",
    "fta",
    "party",
    "award",
    "multilateral",
    "policy",
    "official",
    "cooperation",
)
QUALIFIERS: tuple[str, ...] = ("nearly", "over", "about")
KINDS: tuple[str, ...] = ("actual", "target", "derived", "ranking")
VISIT_TYPES: tuple[str, ...] = ("state", "official")

Number = int | float


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    date: str
    language: str
    file: str | None = None
    url: str | None = None
    date_note: str | None = None
    origin: str = ""


@dataclass(frozen=True)
class Citation:
    """Where a fact is stated; the optional fields hold this source's own version where it differs."""

    source: str
    paragraph: int
    excerpt: str
    qualifier: str | None = None
    value: Number | None = None
    change_pct: Number | None = None
    name: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Country:
    id: str
    alpha3: str
    name: str
    aliases: tuple[str, ...] = ()
    head_of_state: str | None = None
    head_of_state_fact: str | None = None
    origin: str = ""


@dataclass(frozen=True)
class Derivation:
    from_ids: tuple[str, ...]
    formula: str


@dataclass(frozen=True)
class First:
    text: str
    source: str


@dataclass(frozen=True)
class Visit:
    type: str
    start: str | None
    end: str | None
    host: str | None
    firsts: tuple[First, ...] = ()


@dataclass(frozen=True)
class Fact:
    id: str
    country: str
    topic: str
    statement: str
    citations: tuple[Citation, ...]
    value: Number | None = None
    unit: str | None = None
    period: str | None = None
    date: str | None = None
    qualifier: str | None = None
    change_pct: Number | None = None
    change_from: str | None = None
    kind: str = "actual"
    level: str | None = None
    derived: Derivation | None = None
    visit: Visit | None = None
    note: str | None = None
    origin: str = ""


@dataclass(frozen=True)
class FactBase:
    """Everything loaded from the packaged file and any extra files, merged and validated."""

    sources: tuple[Source, ...]
    countries: tuple[Country, ...]
    facts: tuple[Fact, ...]
    files: tuple[str, ...]
    data_version: str = ""
