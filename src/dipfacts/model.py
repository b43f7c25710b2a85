"""Frozen records for the fact base; no logic lives here."""

from __future__ import annotations

from dipfacts.records import record

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
# What a fact claims: a result, or something planned, signed, in force, negotiated or considered.
STATUS_LABELS: dict[str, str] = {
    "reported": "reported result",
    "target": "target or plan",
    "signed": "agreement signed",
    "in-force": "in force",
    "negotiating": "under negotiation",
    "considering": "under consideration",
    "derived": "derived (computed by dipfacts from stated figures; no article states it)",
}
STATUSES: tuple[str, ...] = tuple(STATUS_LABELS)
# How sources can differ about one fact, or two facts about the same thing.
CONFLICT_KINDS: dict[str, str] = {
    "hedge": "the same figure hedged differently ('over', 'about', 'nearly' or no hedge)",
    "value": "different figures for the same thing",
    "precision": "a date stated more precisely in one source than in another",
    "wording": "a status, body or event worded differently",
    "spelling": "a person's or place's name spelled differently",
    "acronym": "an organisation abbreviated differently",
    "count-over-time": "a count that differs because the sources describe different moments",
    "plan-vs-outcome": "what one source gives as an aim differs from what another reports as done",
}
# The headline fields a citation may say it does not state ("omits"): e.g. a growth rate it leaves out.
OMITTABLE: tuple[str, ...] = ("value", "qualifier", "change_pct", "date")

Number = int | float


@record
class Origin:
    """Where a record is defined: the file (as messages name it) and the line of its ``[[...]]`` header.

    Kept as two fields so that nothing has to split "file:line" text back apart, which a file name with
    a colon in it (``a:b/facts.toml``) would defeat.
    """

    file: str
    line: int | None = None  # None when the header could not be placed (the record is still the file's)

    def __str__(self) -> str:
        """The text every message (and JSON's ``defined_at``) gives: "file:line", or the file alone."""
        return f"{self.file}:{self.line}" if self.line is not None else self.file


NOWHERE = Origin("")  # the origin of a record built in code rather than read from a file


@record
class Source:
    id: str
    title: str
    publisher: str
    date: str
    language: str
    file: str | None = None
    url: str | None = None
    date_note: str | None = None
    origin: Origin = NOWHERE
    user: bool = False  # from a user's fact file (--data, DIPFACTS_DATA), not the packaged base
    sha256: str | None = None  # of the stored text (``file``), so anyone holding it can check it is the same
    related_url: str | None = None  # a page carrying the same text that is not the source's own
    url_note: str | None = None  # why there is no url, or how sure it is


@record
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
    date: str | None = None
    acronym: str | None = None
    wording: str | None = None
    omits: tuple[str, ...] = ()


@record
class Link:
    """Another fact that this one differs from, and how (a kind of CONFLICT_KINDS)."""

    fact: str
    kind: str
    note: str | None = None


@record
class Country:
    id: str
    alpha3: str
    name: str
    aliases: tuple[str, ...] = ()
    head_of_state: str | None = None
    head_of_state_fact: str | None = None
    origin: Origin = NOWHERE
    user: bool = False
    cities: tuple[str, ...] = ()  # the capital first: a name that may stand for the country, with a notice


ENTITY_KINDS: tuple[str, ...] = ("person", "organisation")


@record
class Entity:
    """A person or an organisation the facts name: one English name, and every spelling to find it by."""

    id: str
    kind: str  # one of ENTITY_KINDS
    name: str  # the usual English form (Vladimir Putin, Eurasian Economic Union)
    country: str | None = None  # the country it belongs to; None for an international organisation
    role: str | None = None  # as the articles state it, in English
    acronym: str | None = None
    aliases: tuple[str, ...] = ()  # the sources' spellings and the usual English, French, Vietnamese, Russian
    citations: tuple[Citation, ...] = ()  # where the articles name it with its role
    origin: Origin = NOWHERE
    user: bool = False


@record
class Derivation:
    from_ids: tuple[str, ...]
    formula: str


@record
class First:
    text: str
    source: str


@record
class Visit:
    type: str
    start: str | None
    end: str | None
    host: str | None
    firsts: tuple[First, ...] = ()


@record
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
    status: str = "reported"
    level: str | None = None
    derived: Derivation | None = None
    visit: Visit | None = None
    note: str | None = None
    differs_from: tuple[Link, ...] = ()
    origin: Origin = NOWHERE
    user: bool = False
    entities: tuple[str, ...] = ()  # ids of the people and organisations the fact names


@record
class FactBase:
    """Everything loaded from the packaged file and any extra files, merged and validated."""

    sources: tuple[Source, ...]
    countries: tuple[Country, ...]
    facts: tuple[Fact, ...]
    files: tuple[str, ...]
    data_version: str = ""
    packaged_file: str | None = None
    entities: tuple[Entity, ...] = ()
