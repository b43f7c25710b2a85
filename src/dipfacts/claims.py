"""Claims found in a draft's text: figures, changes, ranks, dates and partnership levels, each with the
character offsets it was read from and the country it is about. Pure: text in, frozen records out.

How a number is read (French and English): "62 500" (normal, no-break or thin spaces) and "1,500,000" are
grouped thousands; "146,3" and "1.5" are decimals; a single "," or "." followed by exactly three digits
("1,500", "150.000") is read by the text's own usage (a text that writes "146,3" uses the comma for decimals,
so its "150.000" is 150,000), else by its unit (1.5 visitors is no count), else it stays ambiguous and the
claim gives both readings. "billion" in a French text may be 10^9 or 10^12 (milliard/billion).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from dipfacts.records import record, replace
from dipfacts.text import normalise

if TYPE_CHECKING:
    from dipfacts.index import FactIndex

CLAIM_KINDS: tuple[str, ...] = ("figure", "change", "rank", "date", "level")
# A hedge of the draft: the base's three (see model.QUALIFIERS) and "under" ("moins de", "less than").
DRAFT_QUALIFIERS: tuple[str, ...] = ("over", "nearly", "about", "under")


@record
class Mention:
    """A country named in the draft (by name, city, demonym or a person or body of it), or a country
    outside the base (``country`` None, ``name`` its English name)."""

    start: int
    end: int
    country: str | None
    name: str
    via: str  # "name", "city", "demonym", "entity", "world"


@record
class Claim:
    """One checkable statement of the draft. ``value`` is None when the number is ambiguous (``readings``)."""

    start: int
    end: int
    text: str
    kind: str  # one of CLAIM_KINDS
    value: Decimal | None
    unit: str | None  # "USD", "percent", "rank", a count's unit as the base names it, "date", "level"
    qualifier: str | None = None
    precision: Decimal | None = None  # the unit of the last digit written: 146.3 million -> 100,000
    readings: tuple[Decimal, ...] = ()  # the values an ambiguous number may stand for
    reading_note: str | None = None  # how the number was read, when that took a decision
    period: str | None = None  # 2024, 2025-Q1: the period the sentence gives the figure
    change_from: str | None = None
    date: str | None = None  # for a date claim: 1992-06-29, 2008-07, 1992
    level: str | None = None  # for a level claim: "strategic partnership"
    topic: str | None = None  # the base's topic it concerns, where the sentence says (trade, investment, embassy)
    target: bool = False  # the sentence gives it as an aim, a plan or a forecast
    countries: tuple[str, ...] = ()  # the countries it is about (several only for a level claim)
    country_note: str | None = None  # why no country could be chosen, or how one was
    entities: tuple[str, ...] = ()  # ids of the people and bodies the sentence names, the nearest first
    words: frozenset[str] = frozenset()  # the sentence's words (normalised), for telling facts apart
    sentence: tuple[int, int] = (0, 0)


# ----------------------------------------------------------------------------- sentences

_BREAK = re.compile(
    r"(?<=[.!?…])[\"'»”)\]]*\s+(?=[\"'«“(\[]*[A-ZÀ-ÖØ-Þ0-9])"  # a stop, then a capital or a digit
    r"|\n[ \t]*\n\s*"  # a blank line: a paragraph (or a heading) ends
    r"|\n(?=[ \t]*(?:[-*+#>]|\d+[.)])\s)"  # a Markdown list item, heading or quote begins
)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: a stop followed by a capital or a digit, a blank line (a heading is a sentence), or a
    Markdown line; a single line break inside a paragraph is a space."""
    spans = []
    start = 0
    for match in _BREAK.finditer(text):
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


# ----------------------------------------------------------------------------- numbers

_SPACES = " \u00a0\u202f\u2009"
_NUMBER = re.compile(
    r"(?<![\w.,/])(?<!\w-)(?<!\d[ \u00a0\u202f\u2009])"
    r"(\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)*)"
)
_WORD_NUMBERS = {
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    "onze": 11, "douze": 12, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_WORD_NUMBER = re.compile(r"\b(" + "|".join(_WORD_NUMBERS) + r")\b", re.IGNORECASE)


@record
class Reading:
    """A number as written: its value(s), the unit of its last digit, and how it was read."""

    values: tuple[Decimal, ...]  # one, or two when ambiguous (the French reading first)
    precision: tuple[Decimal, ...]
    note: str | None = None


def read_number(token: str, *, decimal_comma: bool | None, count: bool = False, french: bool | None = None) -> Reading:
    """The value of a number as written in French or English (see the module's docstring).

    ``decimal_comma``: True when the text writes decimals with a comma, False with a point, None if unknown.
    ``count``: the number counts things, so a reading with a fraction is not one.
    ``french``: the text's language; its thousands mark settles a number (1,500 in English, 150.000 in
    French), its decimal mark does not (1,500 in French may be an English 1,500 or a French 1.5).
    """
    text = token
    for space in _SPACES:
        text = text.replace(space, " ")
    if " " in text:  # grouped by spaces: French thousands, with a decimal comma perhaps
        whole, _comma, fraction = text.replace(" ", "").partition(",")
        return _exact(whole, fraction)
    commas, points = text.count(","), text.count(".")
    if commas and points:  # both: the last one is the decimal mark
        mark = "," if text.rfind(",") > text.rfind(".") else "."
        other = "." if mark == "," else ","
        whole, _mark, fraction = text.replace(other, "").partition(mark)
        return _exact(whole, fraction)
    if not commas and not points:
        return _exact(text, "")
    mark = "," if commas else "."
    groups = text.split(mark)
    if len(groups) > 2:  # 1,500,000 or 1.500.000: grouped thousands
        return _exact("".join(groups), "") if all(len(g) == 3 for g in groups[1:]) else _exact(text, "")
    whole, fraction = groups
    if len(fraction) != 3 or whole == "0":
        return _exact(whole, fraction)  # 146,3 / 4,58 / 1.5 / 0,500: a decimal
    grouped, decimal = _exact(whole + fraction, ""), _exact(whole, fraction)
    if decimal_comma is not None:
        by_usage = mark == "." if decimal_comma else mark == ","
        usage = "a comma" if decimal_comma else "a point"
        chosen = grouped if by_usage else decimal
        kind = "thousands" if by_usage else "a decimal"
        return Reading(
            chosen.values, chosen.precision, f"{token} read as {kind}: this text writes decimals with {usage}"
        )
    if french is not None and mark == ("." if french else ","):
        language = "French" if french else "English"
        return Reading(grouped.values, grouped.precision, f"{token} read as thousands: the text is in {language}")
    if count and decimal.values[0] != decimal.values[0].to_integral_value():
        return Reading(grouped.values, grouped.precision, f"{token} read as thousands: a count has no fraction")
    in_french = grouped if mark == "." else decimal
    in_english = decimal if mark == "." else grouped
    return Reading(
        (in_french.values[0], in_english.values[0]), (in_french.precision[0], in_english.precision[0]),
        f"{token} may be {_plain(in_french.values[0])} (French usage) or {_plain(in_english.values[0])}"
        " (English usage)",
    )  # fmt: skip


def _exact(whole: str, fraction: str) -> Reading:
    value = Decimal(f"{whole or '0'}.{fraction}" if fraction else whole or "0")
    return Reading((value,), (Decimal(1).scaleb(-len(fraction)),))


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def decimal_usage(text: str) -> bool | None:
    """True if the text writes decimals with a comma (146,3), False with a point (4.58), None if it never
    shows one unambiguously (a mark followed by one, two or four-plus digits and not a thousands group)."""
    comma = point = 0
    for match in _NUMBER.finditer(text):
        token = match.group(1)
        if any(space in token for space in _SPACES):
            comma += "," in token
            continue
        if "," in token and "." in token:
            comma += token.rfind(",") > token.rfind(".")
            point += token.rfind(".") > token.rfind(",")
            continue
        for mark in ",.":
            groups = token.split(mark)
            if len(groups) == 2 and len(groups[1]) != 3:
                if mark == ",":
                    comma += 1
                else:
                    point += 1
    if comma and not point:
        return True
    if point and not comma:
        return False
    return None


def language(text: str) -> str:
    """'fr' or 'en', by which language's commonest words the text uses more."""
    words = normalise(text[:20000]).split()
    french = sum(word in _FRENCH_WORDS for word in words)
    english = sum(word in _ENGLISH_WORDS for word in words)
    return "fr" if french > english else "en"


_FRENCH_WORDS = frozenset(
    [
        "le",
        "la",
        "les",
        "des",
        "du",
        "et",
        "en",
        "est",
        "une",
        "au",
        "aux",
        "avec",
        "pour",
        "sur",
        "dans",
        "par",
        "qui",
        "que",
        "ont",
    ]
)
_ENGLISH_WORDS = frozenset(
    ["the", "and", "of", "in", "is", "with", "for", "on", "by", "that", "was", "were", "has", "have", "to", "from"]
)

# ----------------------------------------------------------------------------- what follows a number

_SCALES = {
    "mille": 3, "thousand": 3, "k": 3, "million": 6, "millions": 6, "mn": 6, "m": 6, "milliard": 9,
    "milliards": 9, "md": 9, "mds": 9, "mrd": 9, "billion": 9, "billions": 9, "bn": 9, "b": 9, "trillion": 12,
    "trillions": 12,
}  # fmt: skip
_SCALE_AFTER = re.compile(
    r"[ \u00a0\u202f\u2009]?(mille|thousand|millions?|milliards?|billions?|trillions?|mds?|mrd|mn|bn|[mMkKbB])\b"
)
_CURRENCY_AFTER = re.compile(
    r"[ \u00a0\u202f\u2009]*(?:(?:de|d[’'])\s*)?"
    r"(dollars?(?:\s+(?:américains?|americains?|US|des\s+États-Unis|des\s+Etats-Unis))?|USD|US\s?\$|\$|euros?|EUR|€)"
    r"(?![\w])",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(r"(USD|US\s?\$|\$|€|EUR)[ \u00a0\u202f\u2009]*$")
_PERCENT_AFTER = re.compile(r"[ \u00a0\u202f\u2009]*(%|pour\s*cent|per\s*cent|percent)(?!\w)", re.IGNORECASE)
_ORDINAL_AFTER = re.compile(r"(?:e|è|ème|eme|ᵉ|er|re|nd|rd|st|th)\b")
# A count's unit: the noun that follows the number (an adjective or two may come first in English).
_UNITS = {
    "visiteurs": "visitors", "visiteur": "visitors", "touristes": "visitors", "touriste": "visitors",
    "visitors": "visitors", "visitor": "visitors", "tourists": "visitors", "tourist": "visitors",
    "arrivals": "visitors", "arrivees": "visitors", "vols": "flights", "vol": "flights", "flights": "flights",
    "flight": "flights", "projets": "projects", "projet": "projects", "projects": "projects",
    "project": "projects", "entreprises": "companies", "entreprise": "companies", "companies": "companies",
    "company": "companies", "firms": "companies", "societes": "companies", "jours": "days", "jour": "days",
    "days": "days", "day": "days", "pays": "countries", "countries": "countries", "nations": "countries",
    "organisations": "organisations and forums", "organizations": "organisations and forums",
    "partenariats": "partnerships", "partnerships": "partnerships", "partenaires": "partners",
    "partners": "partners", "accords": "agreements", "agreements": "agreements", "documents": "agreements",
    "deals": "agreements", "ans": "years", "annees": "years", "years": "years", "lecons": "lessons",
    "lessons": "lessons", "principes": "principles", "principles": "principles", "non": "principles",
    "nos": "principles", "axes": "axes",
}  # fmt: skip
_COUNTED = frozenset(_UNITS.values())
_PER_WEEK = re.compile(r"[^.;]{0,30}?\b(par semaine|per week|a week|each week|hebdomadaires?|weekly)\b", re.I)
_WEEKLY_BEFORE = re.compile(r"\b(weekly|hebdomadaires?)\s+$", re.I)

# Hedges, as the words right before the figure (a currency may sit between).
_HEDGES = (
    ("over", r"plus\s+de|au[- ]del[àa]\s+de|d[ée]pass[ée]\w*|d[ée]passant|sup[ée]rieur\w*\s+[àa]|over|more\s+than|"
             r"exceed\w*|above|in\s+excess\s+of|upwards\s+of|topp(?:ed|ing)|surpass\w*|passed"),
    ("nearly", r"pr[èe]s\s+de|presque|quasiment|nearly|almost|close\s+to|just\s+under|just\s+shy\s+of"),
    ("about", r"environ|quelque|autour\s+de|approximativement|around|about|approximately|roughly|some|circa|~"),
    ("under", r"moins\s+de|inf[ée]rieur\w*\s+[àa]|less\s+than|fewer\s+than|under|below"),
)  # fmt: skip
_HEDGE_BEFORE = [
    (name, re.compile(r"(?:^|(?<=[\s(«\"]))(?:" + words + r")\s*(?:d[’']|de\s+|à\s+)?(?:USD|US\s?\$|\$)?\s*$", re.I))
    for name, words in _HEDGES
]
_CHANGE_WORDS = re.compile(
    r"(hausse|augment\w*|croissance|progress\w*|cro[îi]t|accru\w*|up|rose|rise|risen|increas\w*|grow\w*|grew|"
    r"gain\w*|jump\w*|surg\w*|baisse|diminu\w*|recul\w*|chut\w*|down|fell|fall\w*|declin\w*|decreas\w*|drop\w*)"
    r"\s+(?:de\s+|of\s+|by\s+)?(?:\+|-|−)?\s*$",
    re.I,
)
_DOWN = re.compile(r"^(baisse|diminu|recul|chut|down|fell|fall|declin|decreas|drop)", re.I)
_MULTIPLE = re.compile(
    r"\b(?:(soit\s+)?le\s+(double|triple)|a\s+(doublé|triplé)|(doublé|triplé)|(doubled|tripled)|"
    r"(deux|trois)\s+fois\s+plus|(twice|three\s+times)\s+(?:as\s+much|more))\b",
    re.I,
)
_COMPARE_BEFORE = re.compile(
    r"(par\s+rapport\s+(?:à|au|aux)(?:\s+la\s+même\s+période)?(?:\s+(?:de|en|d[’']))?|compared\s+(?:with|to)"
    r"(?:\s+the\s+same\s+period)?(?:\s+(?:of|in))?|than(?:\s+in)?|vs\.?|versus|contre|from|over|on|"
    r"(?:le\s+)?(?:double|triple)\s+(?:de|d[’'])|since|depuis|year-on-year)\s*(?:l[’']année\s+)?$",
    re.I,
)
_TARGET = re.compile(
    r"\b(objectifs?|cibles?|vis(?:e|ent|er|ant|ait|aient|ée?s?)|ambition\w*|pr[ée]voi\w*|pr[ée]vu\w*|envisag\w*|"
    r"porter|d[’']ici|efforc\w*|targets?|aim(?:s|ed|ing)?|goals?|plans?\s+to|planned|expect\w*|forecast\w*|"
    r"projected|by\s+20\d\d|seek\w*|striv\w*|hop(?:e|es|ed|ing)|esp[èé]r\w*|souhait\w*|would|will|"
    r"pourrai\w*|permettrai\w*|devrai\w*)\b",
    re.I,
)
_QUARTER = re.compile(
    r"\b(?:(premier|1er|first|deuxi[èe]me|2e|second|troisi[èe]me|3e|third|quatri[èe]me|4e|fourth)\s+trimestre"
    r"(?:\s+(?:de\s+)?(?:l[’']année\s+)?)?|(first|second|third|fourth)\s+quarter\s+(?:of\s+)?|([QT])([1-4])\s*)"
    r"((?:19|20)\d\d)\b",
    re.I,
)
_QUARTER_NUMBER = {"premier": 1, "1er": 1, "first": 1, "deuxieme": 2, "2e": 2, "second": 2, "troisieme": 3,
                   "3e": 3, "third": 3, "quatrieme": 4, "4e": 4, "fourth": 4}  # fmt: skip
_YEAR = re.compile(r"(?<![\w.,])((?:19|20)\d\d)(?![\w]|[.,]\d)")
_MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "aout": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12, "january": 1, "february": 2, "march": 3,
    "april": 4, "may": 5, "june": 6, "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
    "december": 12,
}  # fmt: skip
_MONTH = r"(janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre|" \
         r"january|february|march|april|may|june|july|august|september|october|november|december)"  # fmt: skip
_DATE = re.compile(
    r"\b(?:(\d{1,2})(?:er)?\s+"
    + _MONTH
    + r"\s+((?:19|20)\d\d)|"
    + _MONTH
    + r"\s+(\d{1,2}),?\s+((?:19|20)\d\d)|"
    + _MONTH
    + r"\s+((?:19|20)\d\d))\b",
    re.I,
)
# A year alone, after the word that dates an event: "depuis 2016", "since 2016", "en 1992", "in 1992".
_YEAR_DATE = re.compile(r"\b(?:since|depuis|in|en|from|d[èe]s)\s+((?:19|20)\d\d)\b(?!\s*[-–/]\s*\d)", re.I)
# The date of these events is what the base holds (a topic, and the words that name the event).
DATE_TOPICS: dict[str, str] = {
    "relations diplomatiques": "relations", "diplomatic relations": "relations", "diplomatic ties": "relations",
    "ambassade": "embassy", "embassy": "embassy", "visa": "visa", "vol direct": "transport",
    "ligne aerienne": "transport", "direct flight": "transport", "air route": "transport",
    "libre echange": "fta", "free trade": "fta",
}  # fmt: skip
_RANK_WORDS = {
    "premier": 1, "first": 1, "deuxieme": 2, "second": 2, "troisieme": 3, "third": 3, "quatrieme": 4,
    "fourth": 4, "cinquieme": 5, "fifth": 5,
}  # fmt: skip
_RANK = re.compile(
    r"\b(?:(\d{1,2})\s*(?:e|è|ème|eme|ᵉ|er|re|nd|rd|st|th)|(premier|first|deuxi[èe]me|second|troisi[èe]me|third|"
    r"quatri[èe]me|fourth|cinqui[èe]me|fifth))(?:[- ](?:largest|biggest|plus\s+grand))?\s+"
    r"(partenaire\s+commercial|partenaire\s+[ée]conomique|trading\s+partner|trade\s+partner)",
    re.I,
)
# Partnership levels, most specific first; a plural ("34 partenariats stratégiques") is a count, not a level.
_LEVELS = (
    (r"partenariat\s+strat[ée]gique\s+(?:int[ée]gral|global|approfondi)|comprehensive\s+strategic\s+partnership",
     "comprehensive strategic partnership"),
    (r"partenariat\s+(?:int[ée]gral|global)|partenaire\s+int[ée]gral|comprehensive\s+partnership",
     "comprehensive partnership"),
    (r"partenariat\s+strat[ée]gique|strategic\s+partnership", "strategic partnership"),
)  # fmt: skip
_LEVEL = re.compile("|".join(f"(?P<l{n}>{pattern})" for n, (pattern, _l) in enumerate(_LEVELS)), re.I)
_INVESTMENT = re.compile(r"\b(invest\w*|IDE|FDI|capital)\b", re.I)
# The countries' demonyms: how a sentence names a country without its name ("touristes kazakhs").
DEMONYMS: dict[str, tuple[str, ...]] = {
    "KZ": ("kazakh", "kazakhs", "kazakhe", "kazakhes", "kazakhstanais", "kazakhstanaise", "kazakhstani"),
    "AZ": ("azerbaidjanais", "azerbaidjanaise", "azerbaidjanaises", "azerbaijani", "azerbaijanis", "azeri"),
    "RU": ("russe", "russes", "russian", "russians"),
    "BY": ("bielorusse", "bielorusses", "belarusian", "belarusians", "belarussian"),
    "VN": ("vietnamien", "vietnamienne", "vietnamiens", "vietnamiennes", "vietnamese"),
}
_REFERENCE_BEFORE = re.compile(r"\b(?:les|ces|des|aux|nos|vos|leurs|ses|the|these|those|both|its|their|our)\s+$", re.I)
_LIST_GAP = re.compile(r"^[\s,]*(?:(?:et|and|ou|or|&)\s+)?(?:(?:l[’']|la|le|les|the|de|du|d[’']|en|au)\s*)*$", re.I)


# ----------------------------------------------------------------------------- names in the text


class Names:
    """Every name the base knows a country by (and the world's other countries), for finding them in text."""

    LONGEST = 8  # words in a name

    def __init__(self, index: FactIndex) -> None:
        found: dict[str, tuple[str | None, str, str]] = {}
        for alias, country in index.aliases.items():
            if len(alias) > 3:  # codes (kz, rus) and short words (nga) are not read in prose
                found[alias] = (country.id, country.name, "name")
        for country in index.countries.values():
            for city in country.cities:
                found.setdefault(normalise(city), (country.id, country.name, "city"))
        for code, words in DEMONYMS.items():
            if code in index.countries:
                for word in words:
                    found.setdefault(word, (code, index.countries[code].name, "demonym"))
        self.countries = found
        self.entities = {
            alias: (entity.id, entity.country) for alias, entity in index.entity_aliases.items() if alias not in found
        }
        self.world = {alias: english for alias, (_code, english) in index.store.world_names().items()
                      if len(alias) > 3 and alias not in found}  # fmt: skip

    def find(self, text: str, start: int, end: int) -> tuple[list[Mention], list[tuple[int, str]]]:
        """The countries and the entities named in text[start:end], in order."""
        tokens = [(m.start() + start, m.end() + start, normalise(m.group())) for m in _TOKEN.finditer(text[start:end])]
        mentions: list[Mention] = []
        entities: list[tuple[int, str]] = []
        position = 0
        while position < len(tokens):
            matched = 0
            for length in range(min(self.LONGEST, len(tokens) - position), 0, -1):
                words = tokens[position : position + length]
                key = " ".join(word for _s, _e, word in words)
                first, last = words[0][0], words[-1][1]
                raw = text[first:last]
                if key in self.countries:
                    code, name, via = self.countries[key]
                    mentions.append(Mention(first, last, code, name, via))
                elif key in self.entities and (len(key) > 3 or raw.isupper()):
                    entity_id, country = self.entities[key]
                    entities.append((first, entity_id))
                    if country is not None:
                        mentions.append(Mention(first, last, country, raw, "entity"))
                elif key in self.world and raw[:1].isupper():
                    mentions.append(Mention(first, last, None, self.world[key], "world"))
                else:
                    continue
                matched = length
                break
            position += matched or 1
        return mentions, entities


_TOKEN = re.compile(r"[^\W_]+")


# ----------------------------------------------------------------------------- finding claims


def find_claims(text: str, index: FactIndex, *, names: Names | None = None) -> tuple[Claim, ...]:
    """Every claim in ``text``, in order of where it starts."""
    names = names or Names(index)
    usage = decimal_usage(text)
    french = language(text) == "fr"
    found: list[Claim] = []
    previous: list[Mention] = []
    previous_span: tuple[int, int] | None = None
    spans = sentences(text)
    found_in = {span: names.find(text, *span) for span in spans}
    for start, end in spans:
        mentions, entities = found_in[(start, end)]
        raw = _sentence_claims(text, start, end, usage=usage, french=french)
        words = frozenset(normalise(text[start:end]).split())
        investment = bool(_INVESTMENT.search(text[start:end]))
        for claim in raw:
            if claim.unit in ("USD", "EUR"):
                claim = _with(claim, topic="investment" if investment else "trade")
            countries, note = _countries(claim, mentions, previous, previous_span, text)
            if not countries and not mentions and not previous:
                countries, note = _from_paragraph(claim, text, start, end, spans, found_in) or (countries, note)
            # The body named after a figure first ("2e partenaire ... au sein de l'UEEA"), then before it.
            nearest = sorted(entities, key=lambda item: (item[0] < claim.start, abs(item[0] - claim.start)))
            entity_ids = tuple(dict.fromkeys(entity for _p, entity in nearest))
            found.append(
                _with(claim, countries=countries, country_note=note, entities=entity_ids, words=words,
                      sentence=(start, end))
            )  # fmt: skip
        if mentions:
            previous, previous_span = mentions, (start, end)
        else:
            previous, previous_span = [], None
    return tuple(sorted(found, key=lambda claim: (claim.start, claim.end)))


def _from_paragraph(
    claim: Claim,
    text: str,
    start: int,
    end: int,
    spans: list[tuple[int, int]],
    found_in: dict[tuple[int, int], tuple[list[Mention], Any]],
) -> tuple[tuple[str, ...], str] | None:
    """The one partner country the claim's paragraph names elsewhere, for a sentence that names none and
    follows one that names none ("En 2024, les échanges ... ont atteint 4,58 milliards. ... entre le Vietnam et
    la Russie."). None when the paragraph names no partner, or several: the claim stays unclear."""
    if claim.kind == "level":
        return None
    low = text.rfind("\n\n", 0, start)
    high = text.find("\n\n", end)
    paragraph = (low + 2 if low >= 0 else 0, high if high >= 0 else len(text))
    named = {
        mention.country: mention.name
        for span in spans
        if paragraph[0] <= span[0] and span[1] <= paragraph[1] and span != (start, end)
        for mention in found_in[span][0]
        if mention.country not in (None, "VN")
    }
    if len(named) != 1:
        return None
    ((country, name),) = named.items()
    return (country or "",), f"from its paragraph, which names {name}"


def _with(claim: Claim, **changes: object) -> Claim:

    return replace(claim, **changes)


def _countries(
    claim: Claim, mentions: list[Mention], previous: list[Mention], previous_span: tuple[int, int] | None, text: str
) -> tuple[tuple[str, ...], str | None]:
    """The country a claim is about: the nearest country named before it in its sentence, else after it;
    a partner before Vietnam (bilateral figures are kept under the partner); a level, every partner named.
    With none in the sentence, the previous sentence's; with none there either, none (unclear)."""
    pool, borrowed = mentions, False
    if not pool:
        if not previous or previous_span is None:
            return (), "the sentence names no country, nor does the one before it"
        pool, borrowed = previous, True
    base = [m for m in pool if m.country is not None]
    partners = [m for m in base if m.country != "VN"]
    if claim.kind == "level":
        chosen = tuple(dict.fromkeys(m.country for m in partners if m.country))
        if chosen:
            return chosen, "from the sentence before" if borrowed else None
        return (), "no partner country is named" if not base else "a partnership level of Vietnam with no partner named"
    position = len(text) if borrowed else claim.start
    before = [m for m in pool if m.end <= position]
    after = [m for m in pool if m.start >= claim.end]
    # A country outside the base named nearest before the figure: the figure is about it.
    nearest_any = before[-1] if before else (after[0] if after else None)
    if nearest_any is not None and nearest_any.country is None and not [m for m in before if m.country]:
        return (), f"it is about {nearest_any.name}, which the base has no facts about"
    ordered = [m for m in reversed(before) if m.country not in (None, "VN")] + [
        m for m in after if m.country not in (None, "VN")
    ]
    if ordered:
        first = ordered[0]
        listed = [
            m for m in ordered[1:]
            if m.country != first.country and _LIST_GAP.match(text[min(m.end, first.end) : max(m.start, first.start)])
        ]  # fmt: skip
        if listed:
            named = " and ".join(dict.fromkeys(m.name for m in (first, *listed)))
            return (), f"the sentence lists several countries ({named}); which one the figure is about is not clear"
        vietnam = ("VN",) if any(m.country == "VN" for m in base) else ()
        note = "from the sentence before" if borrowed else None
        return (first.country or "", *vietnam), note
    if any(m.country == "VN" for m in base):
        return ("VN",), "from the sentence before" if borrowed else None
    return (), "the sentence names no country of the base"


def _sentence_claims(text: str, start: int, end: int, *, usage: bool | None, french: bool) -> list[Claim]:
    sentence = text[start:end]
    claims: list[Claim] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    target = bool(_TARGET.search(sentence))
    periods = _periods(sentence, start)
    # Dates first: their day and year are not figures.
    for match in _DATE.finditer(sentence):
        day, month, year = (match.group(1), match.group(2), match.group(3)) if match.group(1) else (
            (match.group(5), match.group(4), match.group(6)) if match.group(4) else (None, match.group(7),
                                                                                    match.group(8)))  # fmt: skip
        month_number = _MONTHS[normalise(month)]
        date = f"{year}-{month_number:02d}" + (f"-{int(day):02d}" if day else "")
        a, b = match.start() + start, match.end() + start
        taken.append((a, b))
        topic = _date_topic(sentence)
        if topic is not None:
            claims.append(Claim(a, b, text[a:b], "date", None, "date", date=date, target=target, topic=topic))
    year_topic = _date_topic(sentence)
    for match in _YEAR_DATE.finditer(sentence) if year_topic is not None else ():
        a, b = match.start() + start, match.end() + start
        if any(a < end_ and start_ < b for start_, end_ in taken):
            continue  # part of a fuller date ("le 29 juin 1992")
        taken.append((a, b))
        claims.append(
            Claim(a, b, text[a:b], "date", None, "date", date=match.group(1), target=target, topic=year_topic)
        )
    for match in _LEVEL.finditer(sentence):
        a, b = match.start() + start, match.end() + start
        after = text[b : b + 1]
        if after.lower() == "s" or not free(a, b):
            continue
        level = next(_LEVELS[n][1] for n in range(len(_LEVELS)) if match.group(f"l{n}"))
        taken.append((a, b))
        claims.append(Claim(a, b, text[a:b], "level", None, "level", level=level, target=target))
    for match in _RANK.finditer(sentence):
        a, b = match.start() + start, match.end() + start
        rank = int(match.group(1)) if match.group(1) else _RANK_WORDS[normalise(match.group(2))]
        taken.append((a, b))
        claims.append(Claim(a, b, text[a:b], "rank", Decimal(rank), "rank", precision=Decimal(1), target=target))
    for match in _MULTIPLE.finditer(sentence):
        a, b = match.start() + start, match.end() + start
        word = normalise(match.group())
        times = 3 if any(w in word for w in ("triple", "trois", "three", "tripled")) else 2
        taken.append((a, b))
        claims.append(
            Claim(a, b, text[a:b], "change", Decimal((times - 1) * 100), "percent", qualifier="about",
                  precision=Decimal(1), target=target, reading_note=f"'{match.group().strip()}' read as about"
                  f" +{(times - 1) * 100}%")
        )  # fmt: skip
    for match in _WORD_NUMBER.finditer(sentence):
        a = match.start() + start
        if _REFERENCE_BEFORE.search(text, max(start, a - 12), a):
            continue  # "les deux pays", "the four countries": the ones already named, not a count
        unit, unit_end = _unit_after(text, match.end() + start, end)
        if unit is None or not free(a, unit_end):
            continue
        value = Decimal(_WORD_NUMBERS[match.group(1).lower()])
        taken.append((a, unit_end))
        claims.append(Claim(a, unit_end, text[a:unit_end], "figure", value, unit, precision=Decimal(1), target=target))
    for match in _NUMBER.finditer(sentence):
        a, b = match.start(1) + start, match.end(1) + start
        if not free(a, b):
            continue
        claim = _number_claim(text, a, b, end, sentence_start=start, usage=usage, french=french, target=target)
        if claim is None:
            continue
        taken.append((claim.start, claim.end))
        claims.append(claim)
    claims = _fill_units(text, claims, start)
    # An aim is said of its clause: "aim for USD 5 bn by 2030, and 150,000 tourists came in 2024".
    claims = [_with(claim, target=_aimed(sentence, claim.start - start, claim.end - start)) for claim in claims]
    return [_dated(claim, periods) for claim in claims]


_CLAUSE = re.compile(r"[;,:]\s|\s(?:and|et|but|mais|while|tandis\s+que|alors\s+que)\s", re.I)


def _aimed(sentence: str, start: int, end: int) -> bool:
    """Whether the clause around sentence[start:end] gives it as an aim, a plan or a forecast."""
    before = [match.end() for match in _CLAUSE.finditer(sentence, 0, start)]
    after = _CLAUSE.search(sentence, end)
    clause = sentence[(before[-1] if before else 0) : (after.start() if after else len(sentence))]
    return bool(_TARGET.search(clause))


def _number_claim(
    text: str, a: int, b: int, end: int, *, sentence_start: int, usage: bool | None, french: bool, target: bool
) -> Claim | None:
    token = text[a:b]
    before = text[max(sentence_start, a - 40) : a]
    stop = b
    if _ORDINAL_AFTER.match(text, b):  # 80e anniversaire, 14ᵉ Congrès: no figure (a rank is read apart)
        return None
    span_start = a  # the claim's words begin at the number, or at a currency or a hedge before it
    scale = 0
    scale_note = None
    currency = None
    percent = False
    match = _SCALE_AFTER.match(text, stop)
    if match:
        word = match.group(1)
        single = len(word) == 1
        currency_next = _CURRENCY_AFTER.match(text, match.end())
        if not single or _CURRENCY_BEFORE.search(before) or currency_next:
            scale = _SCALES[word.lower()]
            if word.lower().startswith("billion") and french:
                scale_note = f"'{word}' in a French text may be 10^12 (un billion) or 10^9 (a billion in English)"
            stop = match.end()
    match = _CURRENCY_AFTER.match(text, stop)
    if match:
        currency = _currency(match.group(1))
        stop = match.end()
    elif (before_match := _CURRENCY_BEFORE.search(before)) is not None:
        currency = _currency(before_match.group(1))
        span_start = a - (len(before) - before_match.start())
    if currency is None:
        match = _PERCENT_AFTER.match(text, stop)
        if match:
            percent = True
            stop = match.end()
    unit: str | None = currency
    unit_end = stop
    if unit is None and not percent:
        unit, unit_end = _unit_after(text, stop, end)
        if unit is None and not scale and _YEAR.fullmatch(token):
            return None  # a year: a period or a date, not a figure
        if unit is None and not scale and len(token) <= 2 and _is_day(text, b):
            return None
        if unit is not None:
            stop = unit_end
    count = unit in _COUNTED
    reading = read_number(token, decimal_comma=usage, count=count, french=french)
    factor = Decimal(10) ** scale
    values = tuple(value * factor for value in reading.values)
    precisions = tuple(precision * factor for precision in reading.precision)
    notes = [note for note in (reading.note, scale_note) if note]
    if scale_note:
        values = (*values, *(value * 1000 for value in values))
        precisions = (*precisions, *(p * 1000 for p in precisions))
    qualifier = next((name for name, pattern in _HEDGE_BEFORE if pattern.search(before)), None)
    start = span_start
    hedge = next((pattern.search(before) for _name, pattern in _HEDGE_BEFORE if pattern.search(before)), None)
    if hedge is not None:
        start = a - (len(before) - hedge.start())
    sign = Decimal(1)
    kind = "figure"
    if percent:
        change = _CHANGE_WORDS.search(before)
        if change is not None:
            kind = "change"
            start = min(start, a - (len(before) - change.start()))
            if _DOWN.match(change.group(1)):
                sign = Decimal(-1)
        elif re.search(r"[-−]\s*$", before):
            kind, sign = "change", Decimal(-1)
        elif re.search(r"\+\s*$", before):
            kind = "change"
    values = tuple(value * sign for value in values)
    ambiguous = len(set(values)) > 1
    return Claim(
        start=start,
        end=stop,
        text=text[start:stop],
        kind=kind,
        value=None if ambiguous else values[0],
        unit="percent" if percent else unit,
        qualifier=qualifier,
        precision=None if ambiguous else precisions[0],
        readings=tuple(dict.fromkeys(values)) if ambiguous else (),
        reading_note="; ".join(notes) or None,
        target=target,
    )


def _currency(word: str) -> str:
    lowered = word.lower()
    return "EUR" if lowered.startswith(("eur", "€")) else "USD"


def _is_day(text: str, end: int) -> bool:
    """Whether a small number is a day of a month or of a range (du 5 au 12 mai)."""
    return bool(re.match(r"\s*(?:(?:au|à|to|-|–|et|and)\s+\d{1,2}\s+)?" + _MONTH, text[end : end + 40], re.I)) or bool(
        re.match(r"\s*(?:au|à|to|-|–)\s+\d", text[end : end + 8], re.I)
    )


def _unit_after(text: str, position: int, end: int) -> tuple[str | None, int]:
    """The count unit named right after a number (and where it ends), or None. In English one or two
    adjectives may come first ('21 direct flights', '1,500 Vietnamese tourists')."""
    words = list(_NEXT_WORD.finditer(text[position:end]))[:3]
    unit = None
    stop = position
    word = None
    for number, word in enumerate(words):
        if word.start() != (words[number - 1].end() if number else 0):
            break  # only spaces may part a number, its adjectives and its noun
        noun = normalise(word.group(1))
        if noun in _UNITS:
            between = [normalise(w.group(1)) for w in words[:number]]
            if any(w in _NOT_ADJECTIVES for w in between):
                return None, position
            unit, stop = _UNITS[noun], position + word.end()
            break
    if unit is None or word is None:
        return None, position
    if unit == "flights":
        weekly = _PER_WEEK.match(text, stop, end)
        if weekly is not None:
            return "flights per week", weekly.end()
        if _WEEKLY_BEFORE.search(text[position : position + word.start(1)]):
            return "flights per week", stop
    return unit, stop


_NEXT_WORD = re.compile(r"[ \u00a0\u202f\u2009]*[\"«“]?\s*([^\W\d_]+(?:[-’'][^\W\d_]+)?)")
_NOT_ADJECTIVES = frozenset(("de", "d", "des", "du", "en", "a", "au", "le", "la", "les", "et", "l", "un", "une", "the"))


def _fill_units(text: str, claims: list[Claim], sentence_start: int) -> list[Claim]:
    """A bare number takes the unit of its sentence: 'contre 349,2 millions' the currency of a figure next to
    it, 'le nombre de touristes ... est passé de 62.500' the count named before it."""
    money = next((claim.unit for claim in claims if claim.unit in ("USD", "EUR")), None)
    filled = []
    for claim in claims:
        if claim.kind == "figure" and claim.unit is None:
            sentence = text[sentence_start : claim.start]
            scaled = (claim.precision is not None and claim.precision >= 1000) or any(
                reading >= 1_000_000 for reading in claim.readings
            )
            words = [(m.start(), normalise(m.group())) for m in _TOKEN.finditer(sentence)]
            nouns = [(at, _UNITS[word]) for at, word in words if word in _UNITS and word not in ("non", "nos", "pays")]
            if money and scaled:
                claim = _with(claim, unit=money)
            elif nouns and len(sentence) - nouns[-1][0] <= 160:
                claim = _with(claim, unit=nouns[-1][1])
        filled.append(claim)
    return filled


def _periods(sentence: str, offset: int) -> list[tuple[int, str, bool]]:
    """The periods a sentence names: (where, '2024' or '2025-Q1', whether it is what a change is measured from)."""
    found: list[tuple[int, str, bool]] = []
    spans: list[tuple[int, int]] = []
    for match in _QUARTER.finditer(sentence):
        word = match.group(1) or match.group(2)
        number = _QUARTER_NUMBER[normalise(word).replace(" ", "")] if word else int(match.group(4))
        comparison = bool(_COMPARE_BEFORE.search(sentence[: match.start()]))
        found.append((match.start() + offset, f"{match.group(5)}-Q{number}", comparison))
        spans.append((match.start(), match.end()))
    for match in _YEAR.finditer(sentence):
        if any(s <= match.start() < e for s, e in spans):
            continue
        if _DATE_BEFORE.search(sentence[: match.start()]):
            continue  # the year of a date (le 29 juin 1992) is not a period
        prefix = sentence[: match.start()]
        comparison = bool(_COMPARE_BEFORE.search(prefix))
        found.append((match.start() + offset, match.group(1), comparison))
    return found


_DATE_BEFORE = re.compile(_MONTH + r"\s+(?:\d{1,2},?\s+)?$", re.I)


def _dated(claim: Claim, periods: list[tuple[int, str, bool]]) -> Claim:
    """A claim's period: the nearest period of its sentence that is not a comparison's (par rapport à 2023),
    preferring the one right after the figure (62.500 en 2023); and the comparison's, for a change."""
    if claim.kind in ("date", "level"):
        return claim
    own = [(position, period) for position, period, comparison in periods if not comparison]
    compared = [period for _p, period, comparison in periods if comparison]
    period = None
    if own:
        following = [(p, period) for p, period in own if p >= claim.end and p - claim.end <= 12]
        chosen = following[0] if following else min(own, key=lambda item: abs(item[0] - claim.start))
        period = chosen[1]
    return _with(claim, period=period, change_from=compared[0] if compared and claim.kind == "change" else None)


def _date_topic(sentence: str) -> str | None:
    words = " " + normalise(sentence) + " "
    for phrase, topic in DATE_TOPICS.items():
        if f" {phrase} " in words or f" {phrase}s " in words:
            return topic
    return None
