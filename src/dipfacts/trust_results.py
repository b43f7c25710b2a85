"""What the trust commands return (conflicts, timeline, coverage, cite, about, verify): frozen result records.

dipfacts.trust and dipfacts.verify build them; render and output only read them. Kept apart from
dipfacts.results so that a plain lookup does not pay for defining these records at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dipfacts.records import record

if TYPE_CHECKING:
    from dipfacts.claims import Claim
    from dipfacts.model import Country, Fact, Source
    from dipfacts.results import Evidences, SourceVersion

VERDICTS: tuple[str, ...] = ("agrees", "differs", "unclear", "not-in-base")


@record
class Conflict:
    """Sources that differ about one fact, or a fact that differs from another (``other``)."""

    fact: Fact
    kinds: tuple[str, ...]
    versions: tuple[SourceVersion, ...]  # each source's version on the points in dispute
    evidence: Evidences  # of the fact, and of ``other``
    other: Fact | None = None
    note: str | None = None


@record
class ConflictsResult:
    country: Country | None
    kind: str | None
    conflicts: tuple[Conflict, ...]


@record
class TimelineResult:
    country: Country | None
    start: str | None
    end: str | None
    entries: tuple[Fact, ...]
    evidence: Evidences
    year_unknown: tuple[Fact, ...] = ()


@record
class CoverageCell:
    facts: int
    figures: int


@record
class CoverageRow:
    country: Country
    cells: tuple[CoverageCell, ...]
    gaps: tuple[str, ...]


@record
class CoverageResult:
    topics: tuple[str, ...]
    rows: tuple[CoverageRow, ...]
    questions: tuple[str, ...] = ()


@record
class CiteResult:
    facts: tuple[Fact, ...]
    evidence: Evidences


@record
class FileCount:
    path: str
    packaged: bool
    facts: int


@record
class AboutResult:
    data_version: str
    newest_date: str | None
    newest_sources: tuple[Source, ...]
    facts: int
    countries: int
    sources: int
    citations: int
    conflicts: int
    files: tuple[FileCount, ...]


@record
class Check:
    """A claim of the draft and what the base says of it."""

    claim: Claim
    verdict: str  # one of VERDICTS
    reason: str
    facts: tuple[Fact, ...] = ()
    sources: tuple[str, ...] = ()  # the sources whose version the verdict rests on
    line: int = 1
    column: int = 1


@record
class VerifyResult:
    name: str  # the file checked ("-": standard input)
    language: str
    characters: int
    checks: tuple[Check, ...]
    evidence: Evidences  # of every fact a check names
    only: str | None = None

    @property
    def counts(self) -> dict[str, int]:
        found = dict.fromkeys(VERDICTS, 0)
        for check in self.checks:
            found[check.verdict] += 1
        return found
