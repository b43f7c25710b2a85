"""What the lookups return: frozen result records that hold everything any view of them shows.

dipfacts.query builds them, with each fact's Evidence (its sources' versions, Backed, bounds) worked out
once; dipfacts.render (tables) and dipfacts.output (JSON, CSV, TSV) only read them, so a table and a JSON
record of one fact cannot disagree. The trust commands' results are in dipfacts.trust_results.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from dipfacts.model import Citation, Country, Entity, Fact, Number, Source
from dipfacts.records import record

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Protocol

    class BaseFacts(Protocol):
        """What a view reads of the base as a whole."""

        @property
        def data_version(self) -> str: ...
        @property
        def packaged_file(self) -> str | None: ...
        @property
        def sources(self) -> Sequence[Source]: ...

    class Catalogue(Protocol):
        """What a view reads of the base to name things: the sources and their marks ([1], [2]...), the
        countries and the people a fact names. A FactIndex is one; views only look things up in it."""

        @property
        def countries(self) -> Mapping[str, Country]: ...
        @property
        def sources(self) -> Mapping[str, Source]: ...
        @property
        def source_marks(self) -> Mapping[str, int]: ...
        @property
        def entities(self) -> Mapping[str, Entity]: ...
        @property
        def base(self) -> BaseFacts: ...


@record
class Bounds:
    """What a hedged figure allows: 'over 800 M' has a floor only, 'about 150,000' both ends."""

    low: Number | None
    high: Number | None
    low_inclusive: bool
    high_inclusive: bool
    basis: str


@record
class Version:
    """One version of a fact's figure (the headline or a differing variant) and the sources stating it."""

    value: Number | None
    qualifier: str | None
    change_pct: Number | None
    name: str | None
    sources: tuple[str, ...]


@record
class SourceVersion:
    """One source's version of a fact, field by field; a field the source does not state is empty."""

    source: str
    citations: tuple[Citation, ...]
    values: tuple[Number, ...]
    qualifiers: tuple[str | None, ...]
    changes: tuple[Number, ...]
    dates: tuple[str, ...]
    names: tuple[str, ...]
    acronyms: tuple[str, ...]
    wordings: tuple[str, ...]
    bounds: tuple[Bounds | None, ...] = ()  # what each value with each qualifier allows, in that order


@record
class Evidence:
    """A fact with what every view shows of it, worked out once by dipfacts.query.evidence."""

    fact: Fact
    when: str  # when it holds, as a person reads it ('2025-05-05 to 2025-05-07', '2025-Q1')
    backed: int  # how many distinct articles state it; 0 for a derived value
    sources: tuple[str, ...]  # the distinct sources it cites, in citation order
    by_source: tuple[SourceVersion, ...]  # what each source says of it
    versions: tuple[Version, ...]  # the sources grouped by the figure they state, the headline first
    differences: tuple[str, ...]  # the kinds of difference between the sources (model.CONFLICT_KINDS)
    bounds: Bounds | None  # what the headline figure allows
    citation_bounds: tuple[Bounds | None, ...]  # what each citation's own figure allows (None: it omits it)
    date_sources: tuple[str, ...]  # the sources that state the date as precisely as the fact gives it


Evidences = Mapping[str, Evidence]  # fact id -> its Evidence, for every fact a result holds


@record
class CountrySummary:
    country: Country
    partnership: Fact | None
    relations: Fact | None
    latest_trade: Fact | None
    tourism: Fact | None
    visits: tuple[Fact, ...]
    fact_count: int
    evidence: Evidences


@record
class CountriesResult:
    rows: tuple[CountrySummary, ...]


@record
class EntityResult:
    """A person or organisation, and the facts that name them."""

    entity: Entity
    facts: tuple[Fact, ...]
    evidence: Evidences


@record
class ProfileResult:
    country: Country
    groups: tuple[tuple[str, tuple[Fact, ...]], ...]
    evidence: Evidences
    topic: str | None = None

    @property
    def facts(self) -> tuple[Fact, ...]:
        return tuple(fact for _topic, facts in self.groups for fact in facts)


@record
class TradeResult:
    country: Country
    year: int | None
    figures: tuple[Fact, ...]
    rankings: tuple[Fact, ...]
    evidence: Evidences
    other: tuple[Fact, ...] = ()
    start: str | None = None  # --from, as given
    end: str | None = None  # --to, as given
    latest: bool = False


@record
class AllTradeResult:
    """Every country's trade figures, for `dipfacts trade` with no country: one table, one CSV.

    A country may come more than once, when a sort puts other countries' figures between its own.
    """

    year: int | None
    countries: tuple[TradeResult, ...]
    start: str | None = None
    end: str | None = None
    latest: bool = False

    @property
    def figures(self) -> tuple[Fact, ...]:
        return tuple(fact for result in self.countries for fact in result.figures)


@record
class VisitsResult:
    country: Country | None
    year: int | None
    visit_type: str | None
    visits: tuple[Fact, ...]
    evidence: Evidences
    start: str | None = None
    end: str | None = None
    latest: bool = False


@record
class CompareResult:
    columns: tuple[CountrySummary, ...]


@record
class SearchHit:
    fact: Fact
    score: float


@record
class SearchResult:
    query: str
    country: Country | None
    topic: str | None
    limit: int
    hits: tuple[SearchHit, ...]
    evidence: Evidences


@record
class SourceEntry:
    source: Source
    mark: int
    facts: tuple[Fact, ...]


@record
class SourcesResult:
    entries: tuple[SourceEntry, ...]
