"""Check a draft against the base: each claim found in it (dipfacts.claims) gets a verdict and the reason.

Verdicts:
  agrees     the base implies the draft's claim: every value a source's version allows is one the draft's
             words allow (its rounding, its hedge). Where the articles differ, agreeing with one article's
             version is agreeing, and the reason names that version's sources and the others.
  differs    the base rules it out: no value a version allows is one the draft's words allow; or the draft
             gives as a result what the base gives as a target, or another partnership level.
  unclear    the two overlap without one implying the other (the draft says 800 M, the base "over 800 M";
             the draft is more precise than the base), or the number, the country, the period or the fact
             it is about cannot be told; the reason says which. A figure the base only derives is never
             more than unclear: no article states it.
  not-in-base  the base holds no fact to check it against. dipfacts never guesses one.

Hedges are read as the base reads them (query.bounds): "over X" above X, "about X" within 5%, "nearly X"
below X, and, so that "nearly 800" cannot agree with 52, no more than NEARLY_FLOOR_PCT below it.
"""

from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal

from dipfacts.claims import Claim, Names, find_claims, language
from dipfacts.errors import EXIT_DATA, DipfactsError
from dipfacts.index import FactIndex, normalise
from dipfacts.model import Fact
from dipfacts.query import ABOUT_TOLERANCE_PCT, bounds, evidence_of, source_versions, when
from dipfacts.records import record, replace
from dipfacts.trust_results import VERDICTS as VERDICTS  # re-exported: the verdicts are verify's
from dipfacts.trust_results import Check as Check
from dipfacts.trust_results import VerifyResult as VerifyResult

MAX_DRAFT_BYTES = 1024 * 1024  # a draft: a long article is some 50 KB; a book is not a draft
NEARLY_FLOOR_PCT = 10  # "nearly X" is read as at most this many percent below X
# A count is matched to a fact only when its sentence shares this many words with the fact: two for a unit
# many facts could use (countries, years), one for a unit that says what is counted (visitors, projects).
MIN_SHARED_WORDS = 2
GENERIC_UNITS = frozenset(
    ("countries", "years", "days", "agreements", "partners", "partnerships", "organisations and forums", "lessons",
     "principles", "axes")
)  # fmt: skip


class UnreadableDraft(DipfactsError):
    """The draft is not text that can be checked: too large, binary, or not UTF-8 (exit 3)."""

    exit_code = EXIT_DATA


def decode_draft(data: bytes, name: str) -> str:
    """The draft's text: UTF-8 (a BOM is dropped); binary input, or more than MAX_DRAFT_BYTES, is refused."""
    if len(data) > MAX_DRAFT_BYTES:
        raise UnreadableDraft(
            f"{name}: the draft is larger than {MAX_DRAFT_BYTES // 1024} KiB; check it a part at a time"
        )
    if b"\x00" in data:
        raise UnreadableDraft(f"{name}: this is binary data (it holds NUL bytes), not a text to check")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnreadableDraft(
            f"{name}: not UTF-8 text (byte {error.start + 1} is {data[error.start]:#04x}); save the draft as UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


def verify(index: FactIndex, text: str, *, name: str = "-", only: str | None = None) -> VerifyResult:
    """Every claim of the draft with its verdict, in the order they appear (``only``: one verdict)."""
    claims = find_claims(text, index, names=Names(index))
    line_starts = [0] + [n + 1 for n, char in enumerate(text) if char == "\n"]
    checks = []
    for claim in claims:
        check = _check(index, claim)
        line = _line_of(line_starts, claim.start)
        reason = check.reason
        if claim.countries and claim.country_note:
            # The country came from around the claim, not from its own sentence: the reader sees where from.
            reason = f"{reason} (country {claim.country_note})"
        check = Check(check.claim, check.verdict, reason, check.facts, check.sources, line,
                      claim.start - line_starts[line - 1] + 1)  # fmt: skip
        if only is None or check.verdict == only:
            checks.append(check)
    named = evidence_of(fact for check in checks for fact in check.facts)
    return VerifyResult(name, language(text), len(text), tuple(checks), named, only)


def _line_of(starts: list[int], offset: int) -> int:
    return bisect_right(starts, offset)


# ----------------------------------------------------------------------------- intervals


@record
class Span:
    """The values a figure allows: low/high None for no bound; open ends exclude the bound itself."""

    low: Decimal | None
    high: Decimal | None
    low_open: bool = False
    high_open: bool = False


def draft_span(value: Decimal, qualifier: str | None, precision: Decimal | None) -> Span:
    """What the draft's words allow: its rounding ('146.3 M': 146.25 to 146.35 M) or its hedge."""
    half = (precision or Decimal(0)) / 2
    if qualifier == "over":
        return Span(value, None, low_open=True)
    if qualifier == "under":
        return Span(None, value, high_open=True)
    if qualifier == "nearly":
        return Span(value * (100 - NEARLY_FLOOR_PCT) / 100, value, high_open=True)
    if qualifier == "about":
        delta = max(abs(value) * ABOUT_TOLERANCE_PCT / 100, half)
        return Span(value - delta, value + delta)
    return Span(value - half, value + half, high_open=bool(half))  # rounding: 146.3 is [146.25, 146.35)


def base_span(value: float | int, qualifier: str | None, unit: str | None) -> Span:
    """What a source's version allows, through query.bounds; a stated figure to the digit it is written to."""
    found = bounds(value, qualifier)
    exact = Decimal(str(value))
    if found is None or found.basis == "stated":
        half = natural_precision(exact, unit) / 2
        return Span(exact - half, exact + half, high_open=True)
    low = Decimal(str(found.low)) if found.low is not None else None
    high = Decimal(str(found.high)) if found.high is not None else None
    if found.basis == "nearly":
        low = exact * (100 - NEARLY_FLOOR_PCT) / 100
    return Span(low, high, low_open=not found.low_inclusive and low is not None and found.basis != "nearly",
                high_open=not found.high_inclusive and high is not None)  # fmt: skip


def natural_precision(value: Decimal, unit: str | None) -> Decimal:
    """The unit of the last digit of a figure as dipfacts writes it: USD 4.58 bn -> 10 M, USD 800 M -> 1 M."""
    scale = Decimal(1)
    if unit == "USD" and abs(value) >= 10**9:
        scale = Decimal(10**9)
    elif unit == "USD" and abs(value) >= 10**6:
        scale = Decimal(10**6)
    exponent = (value / scale).normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(1).scaleb(min(exponent, 0)) * scale


def contains(outer: Span, inner: Span) -> bool:
    """Whether every value ``inner`` allows is one ``outer`` allows."""
    if outer.low is not None and (
        inner.low is None or inner.low < outer.low or (inner.low == outer.low and outer.low_open and not inner.low_open)
    ):
        return False
    return outer.high is None or not (
        inner.high is None
        or inner.high > outer.high
        or (inner.high == outer.high and outer.high_open and not inner.high_open)
    )


def disjoint(one: Span, other: Span) -> bool:
    def before(a: Span, b: Span) -> bool:  # all of a lies below all of b
        if a.high is None or b.low is None:
            return False
        return a.high < b.low or (a.high == b.low and (a.high_open or b.low_open))

    return before(one, other) or before(other, one)


# ----------------------------------------------------------------------------- checking one claim


def _check(index: FactIndex, claim: Claim) -> Check:
    if not claim.countries:
        return Check(claim, "unclear", claim.country_note or "no country")
    if claim.kind == "level":
        return _check_level(index, claim)
    if claim.kind == "date":
        return _check_date(index, claim)
    if claim.value is None:
        return _check_ambiguous(index, claim)
    if claim.kind == "rank":
        return _check_rank(index, claim)
    if claim.kind == "change":
        return _check_change(index, claim)
    return _check_figure(index, claim)


def _check_ambiguous(index: FactIndex, claim: Claim) -> Check:
    readings = []
    facts: list[Fact] = []
    for value in claim.readings:
        reading = _check(index, replace(claim, value=value, readings=(), precision=Decimal(1)))
        readings.append(f"read as {_number(value)}, it {_verdict_words(reading.verdict)}")
        facts += [fact for fact in reading.facts if fact not in facts]
    note = claim.reading_note or "the number can be read more than one way"
    return Check(claim, "unclear", f"{note}; " + "; ".join(readings), tuple(facts))


def _verdict_words(verdict: str) -> str:
    return {"agrees": "agrees", "differs": "differs", "unclear": "is unclear", "not-in-base": "is not in the base"}[
        verdict
    ]


def _country_name(index: FactIndex, code: str) -> str:
    country = index.countries.get(code)
    return country.name if country else code


def _figure_candidates(index: FactIndex, claim: Claim, country: str) -> list[Fact]:
    pool = [fact for fact in index.facts_of(country) if fact.value is not None and fact.unit == claim.unit
            and fact.kind != "ranking"]  # fmt: skip
    if claim.unit in ("USD", "EUR"):
        return [fact for fact in pool if fact.topic == claim.topic]
    scored = [(shared_words(claim, fact), fact) for fact in pool]
    needed = MIN_SHARED_WORDS if claim.unit in GENERIC_UNITS else 1
    return [fact for score, fact in scored if score >= needed]


def shared_words(claim: Claim, fact: Fact) -> int:
    """How many words (by their first five letters, so that 'diplomatiques' meets 'diplomatic') the claim's
    sentence shares with the fact's statement and the sources' words, beyond small words and the unit."""
    sentence = _stems(claim.words)
    facts = _stems(normalise(" ".join([fact.statement, *(c.excerpt for c in fact.citations)])).split())
    return len(sentence & facts)


_SMALL = frozenset(
    [
        "avec",
        "dans",
        "pour",
        "sont",
        "leur",
        "leurs",
        "entre",
        "cette",
        "from",
        "with",
        "that",
        "this",
        "have",
        "their",
        "which",
        "were",
        "been",
        "also",
        "plus",
        "tout",
        "tous",
        "deux",
        "both",
        "vietnam",
        "viet",
        "kazakhstan",
        "russie",
        "russia",
        "belarus",
        "azerbaijan",
        "azerbaidjan",
        "bielorussie",
        "pays",
    ]
)


def _stems(words: object) -> set[str]:
    return {word[:5] for word in words if len(word) >= 4 and not word.isdigit() and word not in _SMALL}  # type: ignore[attr-defined]


def _pick_country(index: FactIndex, claim: Claim, candidates_of: object) -> tuple[str, list[Fact]]:
    """The claim's country and its candidate facts: the partner first, Vietnam if the partner has none."""
    chooser = candidates_of  # a function (country) -> facts
    first = claim.countries[0]
    found = chooser(first)  # type: ignore[operator]
    if not found and len(claim.countries) > 1:
        for other in claim.countries[1:]:
            again = chooser(other)  # type: ignore[operator]
            if again:
                return other, again
    return first, found


def _period_matches(fact: Fact, period: str) -> bool:
    own = fact.period or fact.date
    return own is None or own == period


def _check_figure(index: FactIndex, claim: Claim) -> Check:
    assert claim.value is not None
    what = _unit_words(claim.unit)
    country, pool = _pick_country(index, claim, lambda code: _figure_candidates(index, claim, code))
    name = _country_name(index, country)
    if not pool:
        topic = f" {claim.topic}" if claim.topic else ""
        return Check(
            claim, "not-in-base", f"the base holds no{topic} figure in {what} about {name} to check it against"
        )
    if claim.period is not None:
        dated = [fact for fact in pool if _period_matches(fact, claim.period)]
        if not dated:
            held = ", ".join(sorted({when(fact) for fact in pool if when(fact)}))
            return Check(
                claim, "not-in-base", f"the base holds no {what} figure about {name} for {claim.period}"
                + (f" (it has {held})" if held else ""), tuple(pool),
            )  # fmt: skip
        pool = dated
    results = [_compare(index, claim, fact) for fact in pool]
    if len(results) == 1:
        return results[0]
    fits = [result for result in results if result.verdict == "agrees"]
    listed = "; ".join(f"{result.facts[0].id}: {_base_figure(index, result.facts[0])}" for result in results)
    if claim.period is None:
        if len(fits) == 1:
            fact = fits[0].facts[0]
            reason = f"the draft names no period; of the base's {what} figures about {name} it fits only"
            reason += f" {when(fact) or fact.id} ({listed})"
            return Check(claim, "unclear", reason, tuple(r.facts[0] for r in results))
        return Check(claim, "unclear", f"the draft names no period, and the base has several {what} figures about"
                     f" {name}: {listed}", tuple(r.facts[0] for r in results))  # fmt: skip
    verdicts = {result.verdict for result in results}
    if len(verdicts) == 1:
        merged = results[0]
        return Check(claim, merged.verdict, " | ".join(r.reason for r in results),
                     tuple(r.facts[0] for r in results), tuple(s for r in results for s in r.sources))  # fmt: skip
    return Check(claim, "unclear", f"several facts of the base could be meant: {listed}",
                 tuple(r.facts[0] for r in results))  # fmt: skip


def _unit_words(unit: str | None) -> str:
    return {"USD": "USD", "EUR": "EUR", "percent": "percent", "rank": "rank"}.get(unit or "", unit or "unit")


def _is_target(fact: Fact) -> bool:
    """Whether the fact's figure is a target (a plan's figure), not a result."""
    return fact.kind == "target"


def _compare(index: FactIndex, claim: Claim, fact: Fact, *, change: bool = False) -> Check:
    """One claim against one fact: each source's version in turn (see the module's docstring)."""
    assert claim.value is not None
    draft = draft_span(claim.value, claim.qualifier, claim.precision)
    said = _draft_figure(claim)
    dated = f" ({when(fact)})" if when(fact) else ""
    if fact.kind == "derived" and not change:
        span = base_span(fact.value or 0, fact.qualifier, fact.unit)
        base = f"{_figure(fact.value, fact.unit, fact.qualifier)}{dated}, DERIVED by dipfacts (no article states it)"
        if disjoint(draft, span):
            return Check(claim, "differs", f"base: {base}; the draft's {said} is outside it", (fact,))
        return Check(claim, "unclear", f"base: {base}; the draft's {said} fits it, but no article backs it", (fact,))
    versions: dict[tuple[float | int, str | None], list[str]] = {}
    for version in source_versions(fact):
        values = version.changes if change else version.values
        for value in values:
            for hedge in (None,) if change else version.qualifiers or (None,):
                versions.setdefault((value, hedge), []).append(version.source)
    if not versions:
        what = "change" if change else "figure"
        return Check(claim, "not-in-base", f"the base's {fact.id} states no {what} for it", (fact,))
    outcomes = []
    for (value, hedge), stating in versions.items():
        unit = "percent" if change else fact.unit
        span = base_span(value, hedge, unit)
        shown = _change(value) if change else _figure(value, fact.unit, hedge)
        base = f"{shown} {_marks(index, stating)}{dated}"
        relation = _relation(claim, draft, value, hedge, span, unit)
        if relation == "agrees":
            same = contains(span, draft) and contains(draft, span)
            how = "is the same figure" if same else _agreeing(claim, value, unit)
            outcomes.append(("agrees", f"base: {base}; the draft's {said} {how}", stating))
        elif relation == "differs":
            outcomes.append(("differs", f"base: {base}; the draft's {said} is outside it", stating))
        else:
            outcomes.append(
                ("unclear", f"base: {base}; {_overlap(said, draft, span, hedge, claim.qualifier)}", stating)
            )
    # A version that agrees decides; else one that rules the draft out (the others cannot confirm it).
    for verdict in ("agrees", "differs", "unclear"):
        chosen = [outcome for outcome in outcomes if outcome[0] == verdict]
        if chosen:
            break
    chosen.sort(key=lambda outcome: "is the same figure" not in outcome[1])  # the draft's own version first
    reason = "; ".join(text for _v, text, _s in chosen)
    others = [outcome for outcome in outcomes if outcome[0] != verdict]
    if others:
        reason += "; but " + "; ".join(text.removeprefix("base: ") for _v, text, _s in others)
        reason += " (the articles differ: dipfacts conflicts)"
    sources = tuple(dict.fromkeys(s for _v, _t, found in chosen for s in found))
    if _is_target(fact) and not claim.target and not change:
        return Check(claim, "differs", f"the base gives {_figure(fact.value, fact.unit, fact.qualifier)}{dated} as a"
                     f" TARGET {_marks(index, sources)}, not a result; the draft does not say it is one",
                     (fact,), sources)  # fmt: skip
    if claim.target and not _is_target(fact) and verdict == "agrees":
        reason += "; the draft gives it as an aim, the base as a result"
        return Check(claim, "unclear", reason, (fact,), sources)
    return Check(claim, verdict, reason, (fact,), sources)


def _relation(claim: Claim, draft: Span, value: float | int, hedge: str | None, span: Span, unit: str | None) -> str:
    """agrees, differs or unclear: one source's version against the draft's words (issue 13's rule).

    Agrees: an unhedged figure equal to an unhedged one within the rounding of the less precise of the two;
    "about X" that covers the version (stated, or about); "over X" only if the version is also a lower bound
    that it covers ("nearly", "under": an upper bound). Differs: no value both allow. Else unclear.
    """
    if disjoint(draft, span):
        return "differs"
    assert claim.value is not None
    qualifier = claim.qualifier
    if qualifier is None:
        if hedge is not None:
            return "unclear"
        exact = Decimal(str(value))
        coarser = max(claim.precision or Decimal(0), natural_precision(exact, unit))
        return "agrees" if abs(claim.value - exact) <= coarser / 2 else "unclear"
    if qualifier == "about":
        return "agrees" if hedge in (None, "about") and contains(draft, span) else "unclear"
    bound = "over" if qualifier == "over" else "nearly"
    return "agrees" if hedge == bound and contains(draft, span) else "unclear"


def _agreeing(claim: Claim, value: float | int, unit: str | None) -> str:
    """How a draft's figure that agrees without being the same one does."""
    if claim.qualifier is None:
        if claim.precision is not None and claim.precision < natural_precision(Decimal(str(value)), unit):
            return "agrees within the base's rounding; its last digits are not in the base"
        return "is the same figure, rounded"
    return f"is covered by the draft's '{claim.qualifier}'"


def _aimed(fact: Fact) -> bool:
    return fact.kind == "target" or fact.status == "target"


def _overlap(said: str, draft: Span, base: Span, qualifier: str | None, own: str | None = None) -> str:
    if own in ("over", "nearly", "under") and qualifier != own:
        bound = "a lower" if own == "over" else "an upper"
        return f"the draft's {said} gives {bound} bound; the base's figure is not one, so it cannot confirm it"
    if own in ("over", "nearly", "under"):
        return f"the draft's {said} is a bound the base's figure does not imply"
    if contains(base, draft):
        return f"the draft's {said} is more precise than the base, which cannot confirm it"
    if qualifier == "over":
        return f"the draft's {said} is within the rounding but the base's figure is a lower bound"
    if qualifier == "nearly":
        return f"the draft's {said} is within the rounding but the base's figure is an upper bound"
    if qualifier == "about":
        return f"the draft's {said} overlaps the base's approximate figure without following from it"
    return f"the draft's {said} overlaps the base's figure without following from it"


def _check_change(index: FactIndex, claim: Claim) -> Check:
    def candidates(code: str) -> list[Fact]:
        return [fact for fact in index.facts_of(code, "trade") if fact.unit == "USD" and fact.kind != "ranking"
                and fact.value is not None]  # fmt: skip

    country, pool = _pick_country(index, claim, candidates)
    name = _country_name(index, country)
    if claim.period is None:
        periods = ", ".join(sorted({when(fact) for fact in pool if fact.change_pct is not None})) or "none"
        return Check(claim, "unclear", f"the draft names no period for this change; the base states changes of"
                     f" {name}'s trade for: {periods}")  # fmt: skip
    pool = [fact for fact in pool if fact.period == claim.period and fact.kind != "derived"]
    if not pool:
        return Check(claim, "not-in-base", f"the base holds no trade figure about {name} for {claim.period}")
    results = [_compare(index, claim, fact, change=True) for fact in pool]
    return (
        results[0]
        if len(results) == 1
        else Check(claim, "unclear", " | ".join(result.reason for result in results), tuple(pool))
    )


def _check_rank(index: FactIndex, claim: Claim) -> Check:
    def candidates(code: str) -> list[Fact]:
        return [fact for fact in index.facts_of(code) if fact.kind == "ranking" and fact.value is not None]

    country, pool = _pick_country(index, claim, candidates)
    name = _country_name(index, country)
    if not pool:
        return Check(claim, "not-in-base", f"the base holds no ranking about {name}")
    for entity in claim.entities:  # the body named nearest the rank says which ranking (EAEU, ASEAN)
        named = [fact for fact in pool if entity in fact.entities]
        if named:
            pool = named
            break
    if len(pool) > 1:
        listed = "; ".join(f"{fact.id}: {fact.statement}" for fact in pool)
        return Check(claim, "unclear", f"the sentence does not say which ranking: the base has {listed}", tuple(pool))
    fact = pool[0]
    sources = tuple(dict.fromkeys(c.source for c in fact.citations))
    base = f"{fact.statement} {_marks(index, sources)}"
    if claim.value == Decimal(str(fact.value)):
        return Check(claim, "agrees", f"base: {base}", (fact,), sources)
    return Check(claim, "differs", f"base: {base}; the draft says {_ordinal(int(claim.value or 0))}", (fact,), sources)


def _check_date(index: FactIndex, claim: Claim) -> Check:
    def candidates(code: str) -> list[Fact]:
        return [fact for fact in index.facts_of(code, claim.topic) if (fact.date or fact.period)
                and (claim.topic != "relations" or fact.level == "diplomatic relations")]  # fmt: skip

    country, pool = _pick_country(index, claim, candidates)
    name = _country_name(index, country)
    if not pool:
        return Check(claim, "not-in-base", f"the base holds no dated {claim.topic} fact about {name}")
    assert claim.date is not None
    outcomes = []
    for fact in pool:
        for version in source_versions(fact):
            for date in version.dates or (fact.date or fact.period or "",):
                outcomes.append((_date_relation(claim.date, date.split("/")[0]), fact, version.source, date))
    for verdict in ("agrees", "unclear", "differs"):
        chosen = [outcome for outcome in outcomes if outcome[0] == verdict]
        if chosen:
            break
    facts = tuple(dict.fromkeys(fact for _v, fact, _s, _d in chosen))
    if verdict == "differs" and len({fact.id for _v, fact, _s, _d in outcomes}) > 1:
        verdict = "unclear"  # another event of the kind, which the base may not hold
    sources = tuple(dict.fromkeys(source for _v, _f, source, _d in chosen))
    stated = "; ".join(f"{fact.id}: {date} {_marks(index, [source])}" for _v, fact, source, date in chosen)
    how = {
        "agrees": "the draft's date is the base's, or less precise",
        "unclear": "the draft's date is more precise than the base's",
        "differs": "the draft's date is another",
    }[verdict]
    if verdict == "unclear" and len(facts) > 1:
        how = "the base holds several such dates, none the draft's"
    return Check(claim, verdict, f"base: {stated}; {how}", facts, sources)


def _date_relation(draft: str, base: str) -> str:
    if draft == base or base.startswith(draft + "-"):
        return "agrees"
    if draft.startswith(base + "-"):
        return "unclear"
    return "differs"


def _check_level(index: FactIndex, claim: Claim) -> Check:
    parts = []
    verdicts = []
    facts: list[Fact] = []
    sources: list[str] = []
    for code in claim.countries:
        name = _country_name(index, code)
        levels = [fact for fact in index.facts_of(code, "partnership") if fact.level]
        actual = [fact for fact in levels if not _aimed(fact)]
        aims = [fact for fact in levels if _aimed(fact)]
        same = [fact for fact in actual if fact.level == claim.level]
        if same:
            verdicts.append("agrees")
            fact = max(same, key=lambda f: (len({c.source for c in f.citations}), f.id))
            cited = [c.source for c in fact.citations]
            parts.append(f"{name}: {fact.level} {_marks(index, cited)}")
            facts.append(fact)
            sources += cited
            continue
        aimed = [fact for fact in aims if fact.level == claim.level]
        if aimed:
            fact = aimed[0]
            cited = [c.source for c in fact.citations]
            facts.append(fact)
            sources += cited
            if claim.target:
                verdicts.append("agrees")
                parts.append(f"{name}: {fact.level} is an aim {_marks(index, cited)}")
            else:
                verdicts.append("differs")
                parts.append(f"{name}: {fact.level} is an AIM in the base {_marks(index, cited)}, not the level"
                             " reached")  # fmt: skip
            continue
        if actual:
            fact = max(actual, key=lambda f: (len({c.source for c in f.citations}), f.id))
            cited = [c.source for c in fact.citations]
            facts.append(fact)
            verdicts.append("differs")
            parts.append(f"{name}'s level in the base is {fact.level} {_marks(index, cited)}")
            continue
        verdicts.append("not-in-base")
        parts.append(f"the base holds no partnership level for {name}")
    distinct = set(verdicts)
    verdict = verdicts[0] if len(distinct) == 1 else "unclear"
    return Check(claim, verdict, "; ".join(parts), tuple(dict.fromkeys(facts)), tuple(dict.fromkeys(sources)))


# ----------------------------------------------------------------------------- words


def _marks(index: FactIndex, sources: list[str] | tuple[str, ...]) -> str:
    numbers = sorted({index.source_marks[s] for s in sources if s in index.source_marks})
    return "[" + ",".join(str(n) for n in numbers) + "]" if numbers else ""


def _number(value: Decimal) -> str:
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _figure(value: float | int | Decimal | None, unit: str | None, qualifier: str | None = None) -> str:
    """A figure as dipfacts writes it (render.format_value's form): over USD 800 M, USD 4.58 bn, 150,000 visitors."""
    if value is None:
        return ""
    exact = Decimal(str(value))
    if unit in ("USD", "EUR"):
        if abs(exact) >= 10**9:
            text = f"{unit} {_number(exact / 10**9)} bn"
        elif abs(exact) >= 10**6:
            text = f"{unit} {_number(exact / 10**6)} M"
        else:
            text = f"{unit} {_number(exact)}"
    elif unit == "percent":
        text = f"{_number(exact)}%"
    elif unit == "rank":
        text = _ordinal(int(exact))
    else:
        text = f"{_number(exact)} {unit or ''}".strip()
    return f"{qualifier} {text}" if qualifier else text


def _change(value: float | int | Decimal) -> str:
    exact = Decimal(str(value))
    return f"{'+' if exact > 0 else ''}{_number(exact)}%"


def _draft_figure(claim: Claim) -> str:
    if claim.kind == "change" and claim.value is not None:
        return (f"{claim.qualifier} " if claim.qualifier else "") + _change(claim.value)
    return _figure(claim.value, claim.unit, claim.qualifier)


def _base_figure(index: FactIndex, fact: Fact) -> str:
    text = _figure(fact.value, fact.unit, fact.qualifier)
    kind = " (TARGET)" if _is_target(fact) else " (derived)" if fact.kind == "derived" else ""
    return f"{text}{kind} ({when(fact) or 'undated'})"


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
