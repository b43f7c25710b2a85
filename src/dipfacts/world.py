"""The world's country names and historic states (pycountry), folded for lookup.

Read once, when the database is built (dipfacts.store keeps them in two tables), so that resolving a
name, even a misspelt one, never imports pycountry, which costs a lookup more than click does.
"""

from __future__ import annotations

from functools import cache

from dipfacts.text import normalise

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


@cache
def historic_states() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Normalised name of a state that no longer exists -> (its name, the base countries it concerns)."""
    import pycountry  # lazy: about 35 ms; read only when a base is built

    states: dict[str, tuple[str, tuple[str, ...]]] = {}
    for country in pycountry.historic_countries:
        successors = _HISTORIC_SUCCESSORS.get(country.alpha_2, (country.alpha_2,))
        display = country.name.split(", ")[0]  # "Czechoslovakia, Czechoslovak Socialist Republic"
        for part in (country.name, *country.name.split(", "), country.alpha_3, getattr(country, "alpha_4", "")):
            if len(part) > 2:
                states.setdefault(normalise(part), (display, successors))
    states.update(_HISTORIC_EXTRA)
    return states


@cache
def country_names() -> dict[str, tuple[str, str]]:
    """Normalised country name -> (alpha-2, English name), in English, French, Russian and Vietnamese."""
    import gettext  # lazy: with pycountry's translations, only when a base is built

    import pycountry  # lazy: about 35 ms; read only when a base is built

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
