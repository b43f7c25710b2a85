"""Pure query functions over a FactIndex; each returns a frozen result record."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dipfacts.dates import SortKey

from dipfacts.errors import CountryWithoutFacts, HistoricState, UnknownCountry, UnknownSource, UsageProblem
from dipfacts.index import FactIndex, WordIndex, cited_sources, date_key, normalise
from dipfacts.index import corroboration as corroboration  # re-exported: what render and output show
from dipfacts.model import TOPICS, Citation, Country, Entity, Fact, Number, Source
from dipfacts.records import record
from dipfacts.safe import unsafe_characters, visible

# A typo resolves to a country of the base only when it is this close (rapidfuzz ratio, 0-100)
# and clearly closer than any other country's name.
AUTO_RESOLVE_SCORE = 85.0
AUTO_RESOLVE_MARGIN = 5.0
SUGGEST_SCORE = 70.0
SEARCH_MIN_SCORE = 85.0  # the mean word score a fact needs to be listed
MAX_NAME_CHARS = 200  # a country name or a fact id
MAX_QUERY_CHARS = 1000
# "about X" is read as X plus or minus this many percent (stated in the README).
ABOUT_TOLERANCE_PCT = 5
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "at",
        "by",
        "de",
        "des",
        "du",
        "en",
        "et",
        "for",
        "in",
        "la",
        "le",
        "les",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "l",
        "d",
        "un",
        "une",
        "au",
        "aux",
    ]
)


# ----------------------------------------------------------------------------- result records


@record
class Version:
    """One source's version of a fact's figure: the headline or a differing variant."""

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


@record
class Bounds:
    """What a hedged figure allows: 'over 800 M' has a floor only, 'about 150,000' both ends."""

    low: Number | None
    high: Number | None
    low_inclusive: bool
    high_inclusive: bool
    basis: str


@record
class CountrySummary:
    country: Country
    partnership: Fact | None
    relations: Fact | None
    latest_trade: Fact | None
    tourism: Fact | None
    visits: tuple[Fact, ...]
    fact_count: int


@record
class CountriesResult:
    rows: tuple[CountrySummary, ...]


@record
class EntityResult:
    """A person or organisation, and the facts that name them."""

    entity: Entity
    facts: tuple[Fact, ...]


@record
class ProfileResult:
    country: Country
    groups: tuple[tuple[str, tuple[Fact, ...]], ...]
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
    other: tuple[Fact, ...] = ()


@record
class AllTradeResult:
    """Every country's trade figures, for `dipfacts trade` with no country: one table, one CSV."""

    year: int | None
    countries: tuple[TradeResult, ...]

    @property
    def figures(self) -> tuple[Fact, ...]:
        return tuple(fact for result in self.countries for fact in result.figures)


@record
class VisitsResult:
    country: Country | None
    year: int | None
    visit_type: str | None
    visits: tuple[Fact, ...]


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


@record
class SourceEntry:
    source: Source
    mark: int
    facts: tuple[Fact, ...]


@record
class SourcesResult:
    entries: tuple[SourceEntry, ...]


# ----------------------------------------------------------------------------- countries


@record
class Place:
    """A name resolved to a country of the base; ``notice`` says how, when it was not one of its names."""

    country: Country
    notice: str | None = None


def resolve_entity(index: FactIndex, name: str) -> Entity | None:
    """The person or organisation ``name`` is one of the names of (English, French, Vietnamese, Russian,
    acronyms: Putin, Poutine, Путин, UEEA), exactly once normalised; None if it is none of them."""
    check_length(name, "name", MAX_NAME_CHARS)
    return index.entity_aliases.get(normalise(name))


def entity_profile(index: FactIndex, entity: Entity) -> EntityResult:
    return EntityResult(entity, index.facts_naming(entity.id))


def resolve_country(index: FactIndex, name: str) -> Country:
    """The country ``name`` stands for (see resolve_place), without the notice."""
    return resolve_place(index, name).country


def resolve_place(index: FactIndex, name: str) -> Place:
    """Never silently wrong: a country's own name or code; a historic state named as such; a city, a typo
    only with a notice saying what it was taken as; otherwise "did you mean".

    In order: an alias of the base; the world's country names (pycountry); a historic state (exit 2,
    with the base's countries it concerns as the hint); a city of a base country (with a notice); a
    near-certain typo (one edit, two in a long name; with a notice). Raises CountryWithoutFacts (exit 1)
    for a real country the base has no facts about, and UnknownCountry (exit 2) with suggestions when
    nothing matches well enough.
    """
    check_length(name, "country name", MAX_NAME_CHARS)
    key = normalise(name)
    if not key:
        problem = "is empty" if not name.strip() else "has no letters or digits"
        raise UsageProblem(f"country name {name!r} {problem}; give a name such as 'kazakhstan' or a code such as 'KZ'")
    country = index.aliases.get(key)
    if country is not None:
        return Place(country)
    world = _world_names()
    if key in world:
        alpha2, english = world[key]
        if alpha2 in index.countries:
            return Place(index.countries[alpha2])
        raise CountryWithoutFacts(english, alpha2)
    historic = historic_states().get(key)
    if historic is not None:
        display, successors = historic
        raise HistoricState(name, display, tuple(index.countries[c].name for c in successors if c in index.countries))
    for country in index.base.countries:
        for city in country.cities:
            if normalise(city) == key:
                return Place(country, f"taking {name!r} as {country.name} ({city} is one of its cities)")
    return _resolve_fuzzy(index, name, key, world)


# Historic states that pycountry's ISO 3166-3 list does not name as people write them, and the base's
# countries each one concerns (lookup help for the "did you mean", not facts).
_HISTORIC_EXTRA: dict[str, tuple[str, tuple[str, ...]]] = {
    "prussia": ("Prussia", ("RU",)),
    "kingdom of prussia": ("Prussia", ("RU",)),
    "soviet union": ("the Soviet Union (USSR)", ("RU", "KZ", "AZ", "BY")),
    "ussr": ("the Soviet Union (USSR)", ("RU", "KZ", "AZ", "BY")),
    "byelorussian ssr": ("the Byelorussian SSR", ("BY",)),
    "kazakh ssr": ("the Kazakh SSR", ("KZ",)),
    "azerbaijan ssr": ("the Azerbaijan SSR", ("AZ",)),
    "russian sfsr": ("the Russian SFSR", ("RU",)),
    "north vietnam": ("the Democratic Republic of Vietnam (North Vietnam)", ("VN",)),
    "democratic republic of vietnam": ("the Democratic Republic of Vietnam (North Vietnam)", ("VN",)),
    "south vietnam": ("the Republic of Vietnam (South Vietnam)", ("VN",)),
    "republic of vietnam": ("the Republic of Vietnam (South Vietnam)", ("VN",)),
    "union of soviet socialist republics": ("the Soviet Union (USSR)", ("RU", "KZ", "AZ", "BY")),
    "union sovietique": ("the Soviet Union (USSR)", ("RU", "KZ", "AZ", "BY")),
    "urss": ("the Soviet Union (USSR)", ("RU", "KZ", "AZ", "BY")),
    "ссср": ("the Soviet Union (USSR)", ("RU", "KZ", "AZ", "BY")),
    "lien xo": ("the Soviet Union (USSR)", ("RU", "KZ", "AZ", "BY")),
}
# The base country a pycountry historic code leads to, where its alpha-2 code did not stay with it.
_HISTORIC_SUCCESSORS: dict[str, tuple[str, ...]] = {"SU": ("RU", "KZ", "AZ", "BY"), "VD": ("VN",)}


@lru_cache(maxsize=1)
def historic_states() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Normalised name of a state that no longer exists -> (its name, the base countries it concerns)."""
    import pycountry

    states: dict[str, tuple[str, tuple[str, ...]]] = {}
    for country in pycountry.historic_countries:
        successors = _HISTORIC_SUCCESSORS.get(country.alpha_2, (country.alpha_2,))
        display = country.name.split(", ")[0]  # "Czechoslovakia, Czechoslovak Socialist Republic"
        for part in (country.name, *country.name.split(", "), country.alpha_3, getattr(country, "alpha_4", "")):
            if len(part) > 2:
                states.setdefault(normalise(part), (display, successors))
    states.update(_HISTORIC_EXTRA)
    return states


def _resolve_fuzzy(index: FactIndex, name: str, key: str, world: dict[str, tuple[str, str]]) -> Place:
    from rapidfuzz import fuzz, process

    # Candidates from the base and from the whole world compete, so that a typo of
    # Austria lands near Austria and never on Russia. Codes are too short to compare.
    targets: dict[str, tuple[str, str]] = {}
    for alias, country in index.aliases.items():
        if len(alias) > 3:
            targets[alias] = (country.id, country.name)
    for alias, (alpha2, english) in world.items():
        if len(alias) > 3:
            targets.setdefault(alias, (alpha2, english))
    matches = process.extract(key, list(targets), scorer=fuzz.ratio, limit=12, score_cutoff=SUGGEST_SCORE)
    best_by_country: dict[str, float] = {}
    for alias, score, _position in matches:
        alpha2, _english = targets[alias]
        best_by_country[alpha2] = max(score, best_by_country.get(alpha2, 0.0))
    ranked = sorted(best_by_country.items(), key=lambda item: (-item[1], item[0]))
    if ranked:
        top_id, top_score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if (
            top_id in index.countries
            and top_score >= AUTO_RESOLVE_SCORE
            and top_score - runner_up >= AUTO_RESOLVE_MARGIN
            and _near_certain(key, [alias for alias, _score, _p in matches if targets[alias][0] == top_id])
        ):
            country = index.countries[top_id]
            return Place(country, f"taking {name!r} as {country.name} (the closest name; check the spelling)")
    suggestions = []
    for alpha2, _score in ranked[:3]:
        if alpha2 in index.countries:
            suggestions.append(index.countries[alpha2].name)
        else:
            english = next(english for code, english in targets.values() if code == alpha2)
            suggestions.append(f"{english} (no facts yet)")
    raise UnknownCountry(name, tuple(suggestions))


def _near_certain(key: str, aliases: list[str]) -> bool:
    """A typo only: one edit (a letter added, dropped, changed or two swapped), two in a long name."""
    from rapidfuzz.distance import OSA

    allowed = 2 if len(key) >= 10 else 1
    return len(key) >= 5 and any(OSA.distance(key, alias) <= allowed for alias in aliases)


@lru_cache(maxsize=1)
def _world_names() -> dict[str, tuple[str, str]]:
    """Normalised country name -> (alpha-2, English name), in English, French, Russian and Vietnamese."""
    import gettext

    import pycountry

    names: dict[str, tuple[str, str]] = {}
    catalogs = []
    for language in ("fr", "ru", "vi"):
        try:
            catalogs.append(gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language]))
        except OSError:
            continue
    for country in pycountry.countries:
        english = getattr(country, "common_name", None) or country.name
        entry = (country.alpha_2, english)
        candidates = [country.alpha_2, country.alpha_3, country.name]
        candidates += [getattr(country, attr) for attr in ("official_name", "common_name") if hasattr(country, attr)]
        for catalog in catalogs:
            candidates += [catalog.gettext(text) for text in list(candidates[2:])]
        for candidate in candidates:
            names.setdefault(normalise(candidate), entry)
    return names


def summarise_country(index: FactIndex, country: Country) -> CountrySummary:
    facts = index.facts_of(country.id)
    partnerships = [f for f in facts if f.topic == "partnership" and f.level and f.kind == "actual"]
    # "Relations since" is the earliest dated relations fact with a level (e.g. "diplomatic relations").
    relations = [f for f in facts if f.topic == "relations" and f.level and (f.date or f.period)]
    visits = tuple(f for f in facts if f.visit is not None)
    tourism = [f for f in facts if f.topic == "tourism" and f.value is not None and f.kind == "actual"]
    return CountrySummary(
        country=country,
        partnership=max(partnerships, key=lambda f: (date_key(f), f.id), default=None),
        relations=min(relations, key=lambda f: (date_key(f), f.id), default=None),
        latest_trade=latest_trade(facts),
        tourism=max(tourism, key=lambda f: (date_key(f), f.id), default=None),
        visits=visits,
        fact_count=len(facts),
    )


def latest_trade(facts: tuple[Fact, ...]) -> Fact | None:
    """The most recent stated (not derived, not target) full-year trade value, else any period."""
    stated = [f for f in facts if f.topic == "trade" and f.kind == "actual" and f.unit == "USD" and f.period]
    annual = [f for f in stated if f.period and len(f.period) == 4]
    pool = annual or stated
    return max(pool, key=lambda f: (date_key(f), f.id), default=None)


def list_countries(index: FactIndex) -> CountriesResult:
    rows = [summarise_country(index, country) for country in index.base.countries if index.facts_of(country.id)]
    # Vietnam itself first, then partners by name: stable whatever order the files use.
    rows.sort(key=lambda row: (row.country.id != "VN", row.country.name))
    return CountriesResult(tuple(rows))


def profile(index: FactIndex, country: Country, *, topic: str | None = None) -> ProfileResult:
    check_topic(topic)
    groups = []
    for name in TOPICS:
        if topic is not None and name != topic:
            continue
        facts = index.facts_of(country.id, name)
        if facts:
            groups.append((name, facts))
    return ProfileResult(country, tuple(groups), topic)


def check_length(text: str, what: str, limit: int) -> None:
    """Refuse an argument that is too long to be real, or that hides control or bidi characters."""
    if len(text) > limit:
        # Matching a very long argument would take minutes; nothing real is that long.
        raise UsageProblem(f"{what} is {len(text)} characters long; the limit is {limit}")
    hidden = unsafe_characters(text)
    if hidden:
        raise UsageProblem(
            f"{what} {visible(text)!r} contains a control character ({visible(hidden[0])}); type it plainly"
        )


def check_topic(topic: str | None) -> None:
    if topic is not None and topic not in TOPICS:
        raise UsageProblem(f"unknown topic {topic!r}; expected one of: {', '.join(TOPICS)}")


def _in_year(fact: Fact, year: int | None) -> bool:
    if year is None:
        return True
    from dipfacts.dates import years_covered

    text = fact.period or fact.date
    if fact.visit and fact.visit.start:
        text = f"{fact.visit.start}/{fact.visit.end or fact.visit.start}"
    return year in years_covered(text)


def trade(index: FactIndex, country: Country, *, year: int | None = None) -> TradeResult:
    facts = index.facts_of(country.id, "trade")
    figures = tuple(f for f in facts if f.kind != "ranking" and f.value is not None and _in_year(f, year))
    other = tuple(f for f in facts if f.kind != "ranking" and f.value is None and _in_year(f, year))
    # An undated ranking describes the present; it stays under any year's series.
    rankings = tuple(f for f in facts if f.kind == "ranking" and (not (f.period or f.date) or _in_year(f, year)))
    return TradeResult(country, year, figures, rankings, other)


def all_trade(index: FactIndex, *, year: int | None = None) -> AllTradeResult:
    """The trade figures of every country that has some, Vietnam's partners by name."""
    found = [trade(index, country, year=year) for country in index.base.countries if country.id != "VN"]
    return AllTradeResult(year, tuple(sorted((r for r in found if r.figures), key=lambda r: r.country.name)))


def visits(
    index: FactIndex, *, country: Country | None = None, year: int | None = None, visit_type: str | None = None
) -> VisitsResult:
    pool = index.facts_of(country.id) if country else index.all_facts
    found = [
        f for f in pool
        if f.visit is not None and _in_year(f, year) and (visit_type is None or f.visit.type == visit_type)
    ]  # fmt: skip
    found.sort(key=lambda f: (_visit_key(f), index.position[f.id]))
    return VisitsResult(country, year, visit_type, tuple(found))


def _visit_key(fact: Fact) -> tuple[int, int, int]:
    # A visit known only to the month sorts after the dated ones of that month, not before them.
    year, month, day = date_key(fact)
    return (year, month, day or 32)


def compare(index: FactIndex, countries: list[Country]) -> CompareResult:
    unique = list(dict.fromkeys(countries))
    return CompareResult(tuple(summarise_country(index, country) for country in unique))


def search(
    index: FactIndex, text: str, *, country: Country | None = None, topic: str | None = None, limit: int = 10
) -> SearchResult:
    """Rank facts by how well each query word matches their words (typo-tolerant, accent-blind)."""
    check_topic(topic)
    check_length(text, "search query", MAX_QUERY_CHARS)
    words = normalise(text).split()
    if not words:
        raise UsageProblem(f"search query {text!r} has no words to look for")
    meaningful = [word for word in words if word not in _STOPWORDS] or words
    found = index.word_index
    best_by_word = [_matches(word, found) for word in meaningful]
    scored = []
    for position in set().union(*best_by_word):
        fact_id, fact_country, fact_topic, citations, cited = found.catalog(position)
        if (country and fact_country != country.id) or (topic and fact_topic != topic):
            continue
        if cited < index.min_sources:
            continue
        score = sum(best.get(position, 0.0) for best in best_by_word) / len(meaningful)
        if score >= SEARCH_MIN_SCORE:
            scored.append((-round(score, 1), -citations, fact_id, position))
    scored.sort()
    hits = tuple(SearchHit(found.fact_at(position), -negative) for negative, _c, _id, position in scored[:limit])
    return SearchResult(text, country, topic, limit, hits)


def _matches(word: str, found: WordIndex) -> dict[int, float]:
    """Each fact's best score for ``word``: 100 as written, 95 as a prefix, 90 or 80 with one or two typos."""
    import bisect

    scores: dict[int, float] = {}

    def credit(vocabulary_word: str, score: float) -> None:
        for position in found.postings(vocabulary_word):
            if score > scores.get(position, 0.0):
                scores[position] = score

    if word in found.words:
        credit(word, 100.0)
    if len(word) >= 4:
        start = bisect.bisect_left(found.vocabulary, word)
        for candidate in found.vocabulary[start:]:
            if not candidate.startswith(word):
                break
            if candidate != word:
                credit(candidate, 95.0)
    # One typo allowed in a word of 4+ letters, two in one of 10+: "nodles" finds "noodles",
    # but "nouilles" does not drift to "nouvelles".
    allowed = 0 if len(word) < 4 else (1 if len(word) < 10 else 2)
    if allowed:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        for candidate, distance, _n in process.extract(
            word, found.vocabulary, scorer=Levenshtein.distance, score_cutoff=allowed, limit=None
        ):
            if distance:
                credit(candidate, 100.0 - 10.0 * distance)
    return scores


def sources(index: FactIndex, source_id: str | None = None) -> SourcesResult:
    chosen = index.base.sources
    if source_id is not None:
        if source_id not in index.sources:
            raise UnknownSource(source_id, tuple(index.sources))
        chosen = (index.sources[source_id],)
    return SourcesResult(
        tuple(
            SourceEntry(source, index.source_marks[source.id], index.by_source.get(source.id, ())) for source in chosen
        )
    )


# ----------------------------------------------------------------------------- per-fact views


def source_versions(fact: Fact) -> tuple[SourceVersion, ...]:
    """What each cited source says of the fact, field by field, in the order the sources are cited.

    A citation's own ``value``, ``qualifier``, ``change_pct`` or ``date`` overrides the fact's headline
    field; without one, the source states the headline unless every one of its citations ``omits`` it.
    Names, acronyms and wordings count only where a citation gives them.
    """
    by_source: dict[str, list[Citation]] = {}
    for citation in fact.citations:
        by_source.setdefault(citation.source, []).append(citation)
    found = []
    for source_id, citations in by_source.items():

        def stated(
            field: str, headline: object, *, always: bool = False, cites: list[Citation] = citations
        ) -> tuple[Any, ...]:
            explicit = [getattr(c, field) for c in cites if getattr(c, field) is not None]
            if field == "qualifier":
                explicit = [q or None for q in explicit]  # "" says: this source does not hedge
            if explicit:
                return tuple(dict.fromkeys(explicit))
            if (headline is None and not always) or all(field in c.omits for c in cites):
                return ()
            return (headline,)

        values = stated("value", fact.value)
        found.append(
            SourceVersion(
                source=source_id,
                citations=tuple(citations),
                values=values,
                qualifiers=stated("qualifier", fact.qualifier, always=True) if values else (),
                changes=stated("change_pct", fact.change_pct),
                dates=stated("date", fact.date or fact.period),
                names=tuple(dict.fromkeys(c.name for c in citations if c.name)),
                acronyms=tuple(dict.fromkeys(c.acronym for c in citations if c.acronym)),
                wordings=tuple(dict.fromkeys(c.wording for c in citations if c.wording)),
            )
        )
    return tuple(found)


def versions(fact: Fact) -> tuple[Version, ...]:
    """Group the sources by the figure each states (value, hedge, change, name): the headline first."""
    grouped: dict[tuple[Any, ...], list[str]] = {}
    for version in source_versions(fact):
        for value in version.values or (None,):
            for qualifier in version.qualifiers or (None,):
                for change in version.changes or (None,):
                    name = version.names[0] if version.names else None
                    grouped.setdefault((value, qualifier, change, name), []).append(version.source)
    found_versions = [
        Version(value, qualifier, change, name, tuple(dict.fromkeys(found)))
        for (value, qualifier, change, name), found in grouped.items()
    ]
    # The headline (the fact's own figure) first, whatever order the citations come in.
    found_versions.sort(key=lambda v: (v.value, v.qualifier) != (fact.value, fact.qualifier))
    return tuple(found_versions)


def differences(fact: Fact) -> tuple[str, ...]:
    """The kinds of difference between the sources' versions of one fact (see CONFLICT_KINDS)."""
    found_versions = source_versions(fact)

    def distinct(field: str) -> set[Any]:
        return {item for version in found_versions for item in getattr(version, field)}

    kinds = []
    if len(distinct("qualifiers")) > 1:
        kinds.append("hedge")
    if len(distinct("values")) > 1 or len(distinct("changes")) > 1:
        kinds.append("value")
    dates = distinct("dates")
    if len(dates) > 1:
        kinds.append("precision" if _nested(dates) else "value")
    for field, kind in (("wordings", "wording"), ("names", "spelling"), ("acronyms", "acronym")):
        if len(distinct(field)) > 1:
            kinds.append(kind)
    return tuple(dict.fromkeys(kinds))


def _nested(dates: set[str]) -> bool:
    """Whether every date lies within the widest one: '1992' and '1992-06-29' differ only in precision."""
    from dipfacts.dates import parse_span

    spans = [parse_span(text, allow_no_year=True) for text in dates]
    if any(span is None for span in spans):
        return False
    full = [(first_day(span[0]), last_day(span[1])) for span in spans if span]
    widest = min(full, key=lambda item: (item[0], tuple(-n for n in item[1])))
    return all(widest[0] <= start and end <= widest[1] for start, end in full)


def first_day(key: SortKey) -> SortKey:
    year, month, day = key
    return (year, month or 1, day or 1)


def last_day(key: SortKey) -> SortKey:
    year, month, day = key
    return (year, month or 12, day or 31)


def source_ids(fact: Fact) -> tuple[str, ...]:
    return cited_sources(fact)


def when(fact: Fact) -> str:
    """When a fact holds, as a person reads it: '2025-05-05 to 2025-05-07', '2025-05', '05-06 (year not stated)'."""
    if fact.visit and fact.visit.start:
        end = fact.visit.end
        return fact.visit.start if not end or end == fact.visit.start else f"{fact.visit.start} to {end}"
    text = fact.period or fact.date or ""
    if text.startswith("--"):
        return f"{text[2:]} (year not stated)"
    return text.replace("/", " to ")


def bounds(value: Number | None, qualifier: str | None) -> Bounds | None:
    """Numeric bounds of a stated figure: 'over' gives a floor, 'nearly' a ceiling, 'about' both."""
    if value is None:
        return None
    if qualifier == "over":
        return Bounds(low=value, high=None, low_inclusive=False, high_inclusive=False, basis="over")
    if qualifier == "nearly":
        return Bounds(low=None, high=value, low_inclusive=False, high_inclusive=False, basis="nearly")
    if qualifier == "about":
        delta = value * ABOUT_TOLERANCE_PCT / 100
        return Bounds(
            low=_whole(value - delta), high=_whole(value + delta), low_inclusive=True, high_inclusive=True,
            basis="about",
        )  # fmt: skip
    return Bounds(low=value, high=value, low_inclusive=True, high_inclusive=True, basis="stated")


def _whole(number: float) -> Number:
    return int(number) if float(number).is_integer() else round(number, 6)
