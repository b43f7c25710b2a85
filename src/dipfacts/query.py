"""Pure query functions over a FactIndex; each returns a frozen result record."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from dipfacts.dates import SortKey

from dipfacts.errors import CountryWithoutFacts, HistoricState, UnknownCountry, UnknownSource, UsageProblem
from dipfacts.index import FactIndex, WordIndex, cited_sources, corroboration, date_key, normalise
from dipfacts.model import TOPICS, Citation, Country, Entity, Fact, Number
from dipfacts.records import record, replace
from dipfacts.results import (
    AllTradeResult,
    Bounds,
    CompareResult,
    CountriesResult,
    CountrySummary,
    EntityResult,
    Evidence,
    Evidences,
    ProfileResult,
    SearchHit,
    SearchResult,
    SourceEntry,
    SourcesResult,
    SourceVersion,
    TradeResult,
    Version,
    VisitsResult,
)
from dipfacts.safe import unsafe_characters, visible

T = TypeVar("T")
R = TypeVar("R")

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


def entity_profile(index: FactIndex, entity: Entity, *, topic: str | None = None) -> EntityResult:
    """The facts that name a person or organisation (``topic``: of that topic only)."""
    check_topic(topic)
    facts = tuple(fact for fact in index.facts_naming(entity.id) if topic is None or fact.topic == topic)
    return EntityResult(entity, facts, evidence_of(facts))


def resolve_country(index: FactIndex, name: str) -> Country:
    """The country ``name`` stands for (see resolve_place), without the notice."""
    return resolve_place(index, name).country


def resolve_place(index: FactIndex, name: str) -> Place:
    """Never silently wrong: a country's own name or code; a historic state named as such; a city, a typo
    only with a notice saying what it was taken as; otherwise "did you mean".

    In order: an alias of the base; the world's country names (from pycountry, kept in the database, so
    that no lookup imports it); a historic state (exit 2,
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
    known = index.store.world_name(key)
    if known is not None:
        alpha2, english = known
        if alpha2 in index.countries:
            return Place(index.countries[alpha2])
        raise CountryWithoutFacts(english, alpha2)
    historic = index.store.historic_state(key)
    if historic is not None:
        display, successors = historic
        raise HistoricState(name, display, tuple(index.countries[c].name for c in successors if c in index.countries))
    for country in index.base.countries:
        for city in country.cities:
            if normalise(city) == key:
                return Place(country, f"taking {name!r} as {country.name} ({city} is one of its cities)")
    return _resolve_fuzzy(index, name, key, index.store.world_names())


def _resolve_fuzzy(index: FactIndex, name: str, key: str, world: dict[str, tuple[str, str]]) -> Place:
    from rapidfuzz import fuzz, process  # lazy: rapidfuzz costs more than click; only a name not found needs it

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
    from rapidfuzz.distance import OSA  # lazy: as in _resolve_fuzzy

    allowed = 2 if len(key) >= 10 else 1
    return len(key) >= 5 and any(OSA.distance(key, alias) <= allowed for alias in aliases)


def summarise_country(index: FactIndex, country: Country) -> CountrySummary:
    facts = index.facts_of(country.id)
    partnerships = [f for f in facts if f.topic == "partnership" and f.level and f.kind == "actual"]
    # "Relations since" is the earliest dated relations fact with a level (e.g. "diplomatic relations").
    relations = [f for f in facts if f.topic == "relations" and f.level and (f.date or f.period)]
    visits = tuple(f for f in facts if f.visit is not None)
    tourism = [f for f in facts if f.topic == "tourism" and f.value is not None and f.kind == "actual"]
    partnership = max(partnerships, key=lambda f: (date_key(f), f.id), default=None)
    relation = min(relations, key=lambda f: (date_key(f), f.id), default=None)
    trade_figure = latest_trade(facts)
    tourists = max(tourism, key=lambda f: (date_key(f), f.id), default=None)
    shown = [fact for fact in (partnership, relation, trade_figure, tourists, *visits) if fact is not None]
    return CountrySummary(
        country=country,
        partnership=partnership,
        relations=relation,
        latest_trade=trade_figure,
        tourism=tourists,
        visits=visits,
        fact_count=len(facts),
        evidence=evidence_of(shown),
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
    return ProfileResult(country, tuple(groups), evidence_of(f for _name, facts in groups for f in facts), topic)


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


# ----------------------------------------------------------------------------- dates: --year, --from/--to


@record
class DateRange:
    """The days --year or --from/--to keep (first and last, as sort keys); None on a side: no bound."""

    low: SortKey | None
    high: SortKey | None


def parse_when(text: str, option: str) -> SortKey:
    """A --from/--to value: a partial date such as 2024, 2024-05 or 2024-05-06."""
    from dipfacts.dates import parse_single  # lazy: a lookup without --from/--to parses no date

    key = parse_single(text.strip()) if len(text) <= 40 and not unsafe_characters(text) else None
    if key is None:
        shown = visible(text if len(text) <= 40 else text[:37] + "...")
        raise UsageProblem(f"{option} {shown!r} is not a date; expected e.g. 2024, 2024-05 or 2024-05-06")
    return key


def date_range(*, year: int | None = None, start: str | None = None, end: str | None = None) -> DateRange | None:
    """What --year or --from/--to keep; None when none is given. --year is --from YEAR --to YEAR."""
    if year is not None and (start is not None or end is not None):
        raise UsageProblem(
            f"--year cannot be combined with --from or --to; give --from {year} --to {year} for that year alone"
        )
    if year is not None:
        return DateRange((year, 1, 1), (year, 12, 31))
    if start is None and end is None:
        return None
    low = first_day(parse_when(start, "--from")) if start is not None else None
    high = last_day(parse_when(end, "--to")) if end is not None else None
    if low and high and high < low:
        raise UsageProblem(f"--to {end!r} is before --from {start!r}")
    return DateRange(low, high)


def describe_range(*, year: int | None = None, start: str | None = None, end: str | None = None) -> str:
    """' in 2024', ' from 2024 to 2025-05', ' from 2024' or '' (for messages)."""
    if year is not None:
        return f" in {year}"
    return "".join(text for text in (f" from {start}" if start else "", f" to {end}" if end else ""))


def fact_days(fact: Fact) -> tuple[SortKey, SortKey] | None:
    """The first and last day a fact's visit dates, period or date cover, every part known ("2025-Q1":
    1 January to 31 March); None when it has no date or no year."""
    from dipfacts.dates import days_covered  # lazy: a cached lookup with no dates asked or sorted by parses none

    if fact.visit and fact.visit.start:
        text = f"{fact.visit.start}/{fact.visit.end}" if fact.visit.end else fact.visit.start
    else:
        text = fact.period or fact.date or ""
    days = days_covered(text, allow_no_year=True)
    return days if days and days[0][0] else None


def touches(fact: Fact, when: DateRange | None) -> bool:
    """Whether any day of the fact lies in the range: a quarter or a month counts by its whole span."""
    if when is None:
        return True
    days = fact_days(fact)
    if days is None:
        return False  # an undated fact, or one without its year, cannot be said to fall in a range
    first, last = days
    return not ((when.low and last < when.low) or (when.high and first > when.high))


# ----------------------------------------------------------------------------- trade and visits


def trade(
    index: FactIndex, country: Country, *, year: int | None = None, start: str | None = None,
    end: str | None = None, latest: bool = False,
) -> TradeResult:  # fmt: skip
    """A country's trade facts touching the dates asked for; with ``latest``, only its latest figure.

    The latest figure is what `countries` shows (latest_trade): the most recent stated yearly value, not a
    target and not a derived value; a shorter period only when there is no yearly one.
    """
    when = date_range(year=year, start=start, end=end)
    facts = index.facts_of(country.id, "trade")
    figures = tuple(f for f in facts if f.kind != "ranking" and f.value is not None and touches(f, when))
    if latest:
        best = latest_trade(figures)
        figures = (best,) if best else ()
        return TradeResult(country, year, figures, (), evidence_of(figures), (), start, end, latest)
    other = tuple(f for f in facts if f.kind != "ranking" and f.value is None and touches(f, when))
    # An undated ranking describes the present; it stays under any dates asked for.
    rankings = tuple(f for f in facts if f.kind == "ranking" and (not (f.period or f.date) or touches(f, when)))
    shown = evidence_of((*figures, *rankings, *other))
    return TradeResult(country, year, figures, rankings, shown, other, start, end, latest)


def all_trade(
    index: FactIndex, *, year: int | None = None, start: str | None = None, end: str | None = None,
    latest: bool = False,
) -> AllTradeResult:  # fmt: skip
    """The trade figures of every country that has some, Vietnam's partners by name."""
    found = [
        trade(index, country, year=year, start=start, end=end, latest=latest)
        for country in index.base.countries
        if country.id != "VN"
    ]
    ordered = tuple(sorted((r for r in found if r.figures), key=lambda r: r.country.name))
    return AllTradeResult(year, ordered, start, end, latest)


def visits(
    index: FactIndex, *, country: Country | None = None, year: int | None = None, visit_type: str | None = None,
    start: str | None = None, end: str | None = None, latest: bool = False,
) -> VisitsResult:  # fmt: skip
    """Visits in time order; with ``latest``, each country's most recent one (the last of its visits here)."""
    when = date_range(year=year, start=start, end=end)
    pool = index.facts_of(country.id) if country else index.all_facts
    found = [
        f for f in pool
        if f.visit is not None and touches(f, when) and (visit_type is None or f.visit.type == visit_type)
    ]  # fmt: skip
    found.sort(key=lambda f: (_visit_key(f), index.position[f.id]))
    if latest:
        last = {f.country: f for f in found}  # the time order puts each country's latest last
        found = [f for f in found if last[f.country] is f]
    return VisitsResult(country, year, visit_type, tuple(found), evidence_of(found), start, end, latest)


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
    credits_by_word = [_credits(word, found) for word in meaningful]
    # The facts by score; within a score, the database picks the best: most citations, then id.
    if len(credits_by_word) == 1:  # the usual one-word search: its scores are the facts' scores
        by_score = _grouped_by_score(credits_by_word[0])
    else:
        best_by_word = [_best_scores(credits) for credits in credits_by_word]
        by_score = {}
        for position in set().union(*best_by_word):
            score = sum(best.get(position, 0.0) for best in best_by_word) / len(meaningful)
            if score >= SEARCH_MIN_SCORE:
                by_score.setdefault(round(score, 1), []).append(position)
    chosen: list[tuple[float, int]] = []
    for score in sorted(by_score, reverse=True):
        best = found.best(
            by_score[score], limit=limit - len(chosen), country=country.id if country else None, topic=topic,
            min_backed=index.min_sources,
        )  # fmt: skip
        chosen += [(score, position) for position in best]
        if len(chosen) >= limit:
            break
    facts = found.facts_at(position for _score, position in chosen)
    hits = tuple(SearchHit(facts[position], score) for score, position in chosen)
    return SearchResult(text, country, topic, limit, hits, evidence_of(hit.fact for hit in hits))


Credits = list[tuple[float, list[int]]]  # (a score, the facts earning it)


def _credits(word: str, found: WordIndex) -> Credits:
    """What ``word`` earns the facts: 100 as written, 95 as a prefix, 90 or 80 with one or two typos."""
    credits: Credits = []
    if len(word) >= 4:
        credits.append((95.0, found.postings(word, prefix=True)))  # the word itself is among them
    credits.append((100.0, found.postings(word)))
    # One typo allowed in a word of 4+ letters, two in one of 10+: "nodles" finds "noodles",
    # but "nouilles" does not drift to "nouvelles". None in a number: "2023" is not a typo of "2025".
    allowed = 0 if len(word) < 4 or not word.isalpha() else (1 if len(word) < 10 else 2)
    if allowed:
        # lazy: rapidfuzz costs more than click, and only search's typo-tolerance needs it
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        # A word within `allowed` edits differs in length by at most `allowed`: only those are compared.
        candidates = found.terms(len(word) - allowed, len(word) + allowed)
        for candidate, distance, _n in process.extract(
            word, candidates, scorer=Levenshtein.distance, score_cutoff=allowed, limit=None
        ):
            if distance:
                credits.append((100.0 - 10.0 * distance, found.postings(candidate)))
    return credits


def _best_scores(credits: Credits) -> dict[int, float]:
    """Each fact's best score: credited lowest first, so each update is one C call however many facts."""
    scores: dict[int, float] = {}
    for score, positions in sorted(credits, key=lambda credit: credit[0]):
        scores.update(dict.fromkeys(positions, score))
    return scores


def _grouped_by_score(credits: Credits) -> dict[float, list[int]]:
    """The facts under their best score, those under SEARCH_MIN_SCORE left out: set operations, highest
    score first, so that a word found in thousands of facts costs no Python step a fact."""
    groups: dict[float, list[int]] = {}
    taken: set[int] = set()
    for score, positions in sorted(credits, key=lambda credit: credit[0], reverse=True):
        fresh = set(positions).difference(taken)
        taken.update(fresh)
        if fresh and score >= SEARCH_MIN_SCORE:
            groups.setdefault(score, []).extend(fresh)
    return groups


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


# ----------------------------------------------------------------------------- --sort

# The fields each listing command sorts by (--sort FIELD, or -FIELD for descending order). Dates sort by
# the first day they cover, then the last; text ignores case and accents; topics and kinds alphabetically.
SORT_FIELDS: dict[str, tuple[str, ...]] = {
    "countries": ("name", "code", "facts", "latest-trade", "relations", "visits"),
    "trade": ("period", "value", "change", "country", "kind", "backed"),
    "visits": ("start", "end", "country", "type", "host", "backed"),
    "search": ("score", "country", "topic", "date", "value", "backed", "id"),
    "timeline": ("date", "country", "topic", "value", "backed", "id"),
    "sources": ("mark", "id", "date", "publisher", "title", "facts"),
    "show": ("date", "value", "backed", "id"),
}


def parse_sort(text: str, fields: Sequence[str]) -> tuple[str, bool]:
    """'value' -> ('value', False); '-value' -> ('value', True): a leading '-' sorts in descending order."""
    field = text.strip().lower()
    descending = field.startswith("-")
    field = field[1:] if descending else field
    if field not in fields:
        raise UsageProblem(
            f"cannot sort by {visible(text)!r}; expected one of: {', '.join(fields)} (with a leading '-' for"
            " descending order)"
        )
    return field, descending


def sort_by(items: Sequence[T], key: Callable[[T], Any], *, descending: bool = False) -> tuple[T, ...]:
    """Items in order of ``key``; an item whose key is None goes last in either direction.

    The sort is stable, also when descending: items with equal keys keep the order they came in (each
    result's default order, itself fully determined), so the same query always lists the same way.
    """
    present = [item for item in items if key(item) is not None]
    missing = [item for item in items if key(item) is None]
    present.sort(key=key, reverse=descending)
    return (*present, *missing)


def _fact_key(index: FactIndex, field: str) -> Callable[[Fact], Any]:
    """How a fact sorts by ``field``; None where the fact has no such value."""
    if field == "start":
        return lambda fact: _visit_key(fact) if fact_days(fact) else None
    if field in ("period", "date"):
        return fact_days
    if field == "end":
        return lambda fact: (days[1], days[0]) if (days := fact_days(fact)) else None
    if field == "country":
        return lambda fact: normalise(index.countries[fact.country].name) if fact.country in index.countries else None
    if field == "backed":  # a derived value is stated by no article: Backed shows '-'
        return lambda fact: None if fact.kind == "derived" else corroboration(fact)
    if field == "type":
        return lambda fact: fact.visit.type if fact.visit else None
    if field == "host":
        return lambda fact: normalise(fact.visit.host) if fact.visit and fact.visit.host else None
    if field == "change":
        return lambda fact: fact.change_pct
    attribute = {"value": "value", "kind": "kind", "topic": "topic", "id": "id"}[field]
    return lambda fact: getattr(fact, attribute)


def _summary_key(field: str) -> Callable[[CountrySummary], Any]:
    keys: dict[str, Callable[[CountrySummary], Any]] = {
        "name": lambda row: (normalise(row.country.name), row.country.id),
        "code": lambda row: row.country.id,
        "facts": lambda row: row.fact_count,
        "latest-trade": lambda row: row.latest_trade.value if row.latest_trade else None,
        "relations": lambda row: fact_days(row.relations) if row.relations else None,
        "visits": lambda row: len(row.visits),
    }
    return keys[field]


def _source_key(field: str) -> Callable[[SourceEntry], Any]:
    from dipfacts.dates import days_covered  # lazy: only sorting sources by date parses their dates

    keys: dict[str, Callable[[SourceEntry], Any]] = {
        "mark": lambda entry: entry.mark,
        "id": lambda entry: entry.source.id,
        "date": lambda entry: days_covered(entry.source.date),
        "publisher": lambda entry: normalise(entry.source.publisher) if entry.source.publisher else None,
        "title": lambda entry: normalise(entry.source.title) if entry.source.title else None,
        "facts": lambda entry: len(entry.facts),
    }
    return keys[field]


def sort_result(index: FactIndex, result: R, command: str, sort: str | None) -> R:
    """The result of a listing ``command`` with its records in the order --sort asks for (None: as is).

    Table, JSON, JSON lines and CSV all read the records from the result, so they list them alike.
    """
    if sort is None:
        return result
    field, descending = parse_sort(sort, SORT_FIELDS[command])

    def facts(items: Sequence[Fact]) -> tuple[Fact, ...]:
        return sort_by(items, _fact_key(index, field), descending=descending)

    if isinstance(result, CountriesResult):
        return replace(result, rows=sort_by(result.rows, _summary_key(field), descending=descending))
    if isinstance(result, TradeResult):
        return replace(
            result, figures=facts(result.figures), rankings=facts(result.rankings), other=facts(result.other)
        )
    if isinstance(result, AllTradeResult):
        owner = {fact.id: part for part in result.countries for fact in part.figures}
        runs: list[TradeResult] = []
        for fact in facts(result.figures):  # a country's figures that follow one another share one part
            part = owner[fact.id]
            if runs and runs[-1].country == part.country:
                runs[-1] = replace(runs[-1], figures=(*runs[-1].figures, fact))
            elif any(run.country == part.country for run in runs):  # its rankings stay with its first part
                runs.append(replace(part, figures=(fact,), rankings=(), other=()))
            else:
                runs.append(replace(part, figures=(fact,)))
        return replace(result, countries=tuple(runs))
    if isinstance(result, VisitsResult):
        return replace(result, visits=facts(result.visits))
    if isinstance(result, SearchResult):
        fact_key = _fact_key(index, field) if field != "score" else None
        hits = sort_by(
            result.hits, (lambda hit: hit.score) if fact_key is None else (lambda hit: fact_key(hit.fact)),
            descending=descending,
        )  # fmt: skip
        return replace(result, hits=hits)
    if isinstance(result, SourcesResult):
        return replace(result, entries=sort_by(result.entries, _source_key(field), descending=descending))
    if isinstance(result, ProfileResult):
        return replace(result, groups=tuple((topic, facts(group)) for topic, group in result.groups))
    if isinstance(result, EntityResult):
        return replace(result, facts=facts(result.facts))
    # lazy: the trust commands' result types cost start-up time that the lookups above never need
    from dipfacts.trust_results import TimelineResult

    if isinstance(result, TimelineResult):
        return replace(result, entries=facts(result.entries), year_unknown=facts(result.year_unknown))
    raise TypeError(f"no sort for {type(result).__name__}")


# ----------------------------------------------------------------------------- per-fact views


def evidence(fact: Fact) -> Evidence:
    """What every view shows of a fact, worked out once: its sources' versions, Backed, bounds and dates."""
    by_source = source_versions(fact)
    # Every field in order: a record's fast path (one is made for every fact a result shows).
    return Evidence(
        fact,
        when(fact),
        corroboration(fact),
        cited_sources(fact),
        by_source,
        _grouped(fact, by_source),
        _differences(by_source),
        bounds(fact.value, fact.qualifier),
        tuple(_citation_bounds(fact, citation) for citation in fact.citations),
        tuple(dict.fromkeys(c.source for c in fact.citations if c.date is None and "date" not in c.omits)),
    )


def evidence_of(facts: Iterable[Fact]) -> Evidences:
    """Each fact's Evidence, by fact id: what a result carries for its views."""
    return {fact.id: evidence(fact) for fact in facts}


def _citation_bounds(fact: Fact, citation: Citation) -> Bounds | None:
    """What one citation's own figure allows (its value and hedge, else the fact's); None if it omits it."""
    if "value" in citation.omits:
        return None
    own_value = fact.value if citation.value is None else citation.value
    own_hedge = fact.qualifier if citation.qualifier is None else (citation.qualifier or None)
    return bounds(own_value, own_hedge)


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
        qualifiers = stated("qualifier", fact.qualifier, always=True) if values else ()
        found.append(
            SourceVersion(  # every field in order (source, citations, values, ...): a record's fast path
                source_id,
                tuple(citations),
                values,
                qualifiers,
                stated("change_pct", fact.change_pct),
                stated("date", fact.date or fact.period),
                tuple(dict.fromkeys(c.name for c in citations if c.name)),
                tuple(dict.fromkeys(c.acronym for c in citations if c.acronym)),
                tuple(dict.fromkeys(c.wording for c in citations if c.wording)),
                tuple(bounds(value, qualifier) for value in values for qualifier in qualifiers),
            )
        )
    return tuple(found)


def versions(fact: Fact) -> tuple[Version, ...]:
    """Group the sources by the figure each states (value, hedge, change, name): the headline first."""
    return _grouped(fact, source_versions(fact))


def _grouped(fact: Fact, by_source: tuple[SourceVersion, ...]) -> tuple[Version, ...]:
    grouped: dict[tuple[Any, ...], list[str]] = {}
    for version in by_source:
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
    return _differences(source_versions(fact))


def _differences(found_versions: tuple[SourceVersion, ...]) -> tuple[str, ...]:
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
    from dipfacts.dates import parse_span  # lazy: only sources that date a fact differently need it

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
    # Every field in order (low, high, low_inclusive, high_inclusive, basis): a record's fast path, as one is
    # made for every figure of every fact shown.
    if value is None:
        return None
    if qualifier == "over":
        return Bounds(value, None, False, False, "over")
    if qualifier == "nearly":
        return Bounds(None, value, False, False, "nearly")
    if qualifier == "about":
        delta = value * ABOUT_TOLERANCE_PCT / 100
        return Bounds(_whole(value - delta), _whole(value + delta), True, True, "about")
    return Bounds(value, value, True, True, "stated")


def _whole(number: float) -> Number:
    return int(number) if float(number).is_integer() else round(number, 6)
