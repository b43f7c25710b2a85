"""The real fact base: valid, fully cited, and each excerpt found in the article it cites."""

from __future__ import annotations

import re
from functools import cache

import pytest

from dipfacts.index import FactIndex
from tests.conftest import SOURCES_DIR

needs_sources = pytest.mark.skipif(not SOURCES_DIR.is_dir(), reason="../shared/sources is not beside the repo")


@cache
def paragraphs(file_name: str) -> list[str]:
    text = (SOURCES_DIR / file_name).read_text(encoding="utf-8")
    return re.split(r"\n[ \t]*\n", text)


def squash(text: str) -> str:
    # The articles use thin and non-breaking spaces; an excerpt is typed with plain ones.
    return " ".join(text.split())


def test_the_base_loads_and_covers_the_five_articles(real_index: FactIndex) -> None:
    assert len(real_index.sources) == 5
    assert {c.id for c in real_index.base.countries} == {"VN", "KZ", "AZ", "RU", "BY"}
    assert len(real_index.base.facts) >= 80
    for source_id in real_index.sources:
        assert real_index.by_source.get(source_id), f"no fact cites {source_id}"


def test_ids_start_with_their_country(real_index: FactIndex) -> None:
    for fact in real_index.base.facts:
        assert fact.id.startswith(fact.country.lower() + "-"), fact.id


@needs_sources
def test_every_excerpt_occurs_in_the_cited_paragraph(real_index: FactIndex) -> None:
    missing = []
    for fact in real_index.base.facts:
        for citation in fact.citations:
            source = real_index.sources[citation.source]
            assert source.file, source.id
            found = paragraphs(source.file)
            paragraph = found[citation.paragraph - 1] if citation.paragraph <= len(found) else ""
            if squash(citation.excerpt) not in squash(paragraph):
                missing.append(f"{fact.id}: {source.id} ¶{citation.paragraph}: {citation.excerpt!r}")
    assert not missing, "\n".join(missing)


@needs_sources
def test_check_sources_verifies_every_citation_against_the_articles(real_index: FactIndex) -> None:
    from tests.conftest import run_script

    done = run_script("check", "--sources", str(SOURCES_DIR))
    assert done.returncode == 0, done.stderr
    cited = sum(len(fact.citations) for fact in real_index.base.facts)
    assert f"all {cited} citations found in the articles in {SOURCES_DIR}" in done.stdout


@needs_sources
def test_check_sources_fails_on_a_copy_with_one_cited_word_changed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from tests.conftest import run_script

    copy = tmp_path / "sources"
    shutil.copytree(SOURCES_DIR, copy)
    article = copy / "001_2474a489da680eac.txt"
    text = article.read_text(encoding="utf-8")
    assert text.count("dépassé 800 millions") == 1
    article.write_text(text.replace("dépassé 800 millions", "dépassé 900 millions"), encoding="utf-8")
    done = run_script("check", "--sources", str(copy))
    assert done.returncode == 3 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert any("source 'son-kazakhstan-interview'" in line and "SHA-256" in line for line in lines)
    assert any(
        line.startswith("dipfacts: fact 'kz-trade-2024': son-kazakhstan-interview ¶14: the excerpt") for line in lines
    ), lines
    assert all("tour-preview" not in line for line in lines)  # the other articles are untouched


def test_every_source_says_where_it_can_be_found(real_index: FactIndex) -> None:
    for source in real_index.sources.values():
        assert source.sha256 and len(source.sha256) == 64, source.id
        assert source.url or source.url_note, f"{source.id}: give its url, or say why there is none"
    assert real_index.sources["son-kazakhstan-interview"].url == (
        "https://lecourrier.vn/consolider-les-relations-vietnam-kazakhstan-dans-le-nouveau-contexte/1282541.html"
    )
    assert real_index.sources["kazakhstan-talks-astana"].url is None  # its own page is not known
    assert real_index.sources["kazakhstan-talks-astana"].related_url


@needs_sources
def test_source_titles_are_the_articles_own(real_index: FactIndex) -> None:
    for source in real_index.sources.values():
        assert source.file
        head = squash(" ".join(paragraphs(source.file)[:2]))
        for part in source.title.split(" / "):
            assert part in head, f"{source.id}: title {part!r} is not at the top of {source.file}"


def test_heads_of_state_are_people_named_in_english_with_each_sources_spelling_kept(real_index: FactIndex) -> None:
    from dipfacts.text import normalise

    for country in real_index.base.countries:
        if not country.head_of_state:
            continue
        (person,) = [e for e in real_index.entities.values() if e.kind == "person" and e.name == country.head_of_state]
        assert person.country == country.id
        assert country.head_of_state_fact
        fact = real_index.facts[country.head_of_state_fact]
        assert person.id in fact.entities
        spellings = {normalise(name) for name in (person.name, *person.aliases)}
        for citation in fact.citations:
            # Each source's own spelling stays in its citation, and finds the person.
            assert citation.name and citation.name in citation.excerpt, (fact.id, citation.source)
            assert normalise(citation.name) in spellings, (person.id, citation.name)


def test_no_english_text_spells_a_name_the_french_way(real_index: FactIndex) -> None:
    """Statements, levels, hosts and heads of state use the usual English names; a source's own spelling
    belongs in its citation (and in a note, quoted)."""
    from dipfacts.text import normalise

    french = {"pcv", "ueea", "uee", "onu", "aiea"}
    for person in (e for e in real_index.entities.values() if e.kind == "person"):
        english = normalise(person.name)
        for alias in person.aliases:
            folded = normalise(alias)
            if folded.isascii() and folded not in english:
                french.add(folded)  # Poutine, Loukachenko, Tokaiev, Alexandre, Inham Aliyev...
    assert {"poutine", "aleksandr loukachenko", "kassym jomart tokaiev"} <= french
    texts = [(country.id, country.head_of_state or "") for country in real_index.base.countries]
    for fact in real_index.base.facts:
        texts += [(fact.id, fact.statement), (fact.id, fact.level or "")]
        if fact.visit:
            texts.append((fact.id, fact.visit.host or ""))
    for where, text in texts:
        words = f" {normalise(text)} "
        assert not [name for name in french if f" {name} " in words], (where, text)


def test_derived_growth_values_recompute(real_index: FactIndex) -> None:
    checked = 0
    for fact in real_index.base.facts:
        if fact.kind != "derived" or fact.derived is None or len(fact.derived.from_ids) != 1:
            continue
        base = real_index.facts[fact.derived.from_ids[0]]
        if base.value is None or base.change_pct is None or fact.value is None:
            continue
        expected = base.value / (1 + base.change_pct / 100)
        assert abs(fact.value - expected) / expected < 0.005, fact.id
        assert fact.qualifier == "about", f"{fact.id}: a rounded derived value must say 'about'"
        checked += 1
    assert checked >= 2


def test_money_is_whole_dollars_and_hedges_are_known(real_index: FactIndex) -> None:
    for fact in real_index.base.facts:
        if fact.unit == "USD":
            assert isinstance(fact.value, int) and fact.value > 0, fact.id
        for citation in fact.citations:
            assert citation.qualifier in (None, "", "nearly", "over", "about"), fact.id


# Figures from the articles themselves (not from dipfacts' output): the anchors a user asks about first.
@pytest.mark.parametrize(
    ("country", "period", "value", "qualifier", "change"),
    [
        ("KZ", "2024", 800_000_000, None, 99),
        ("KZ", "2020", 349_200_000, None, None),
        ("KZ", "2025-Q1", 146_300_000, None, 18.4),
        ("RU", "2024", 4_580_000_000, None, 26.1),
        ("AZ", "2024", 52_000_000, "nearly", None),
    ],
)
def test_trade_anchors(
    real_index: FactIndex, country: str, period: str, value: int, qualifier: str | None, change: float | None
) -> None:
    (fact,) = [
        f
        for f in real_index.facts_of(country, "trade")
        if f.period == period and f.kind == "actual" and f.unit == "USD"
    ]
    assert (fact.value, fact.qualifier, fact.change_pct) == (value, qualifier, change)


def test_the_2030_target_is_a_target(real_index: FactIndex) -> None:
    targets = [f for f in real_index.facts_of("KZ", "trade") if f.value == 5_000_000_000]
    assert [f.kind for f in targets] == ["target"]


def test_the_four_visits_of_the_tour(real_index: FactIndex) -> None:
    visits = {f.country: f.visit for f in real_index.base.facts if f.visit}
    assert {code: v.type for code, v in visits.items() if v} == {
        "KZ": "state",
        "AZ": "state",
        "RU": "official",
        "BY": "state",
    }
    kz = visits["KZ"]
    assert kz is not None and (kz.start, kz.end) == ("2025-05-05", "2025-05-07")
    # No article gives the days of the other three legs.
    assert all(visits[c] is not None and visits[c].start is None for c in ("AZ", "RU", "BY"))  # type: ignore[union-attr]


def test_differing_sources_are_kept_visible(real_index: FactIndex) -> None:
    trade_2024 = next(f for f in real_index.facts_of("KZ", "trade") if f.period == "2024" and f.kind == "actual")
    hedges = {c.source: c.qualifier for c in trade_2024.citations}
    assert hedges.get("son-kazakhstan-interview") == "over"
    tourists = [f for f in real_index.facts_of("KZ", "tourism") if f.period == "2024"]
    assert len(tourists) == 1
    assert {c.qualifier for c in tourists[0].citations} >= {"over"}


_NUMBER = re.compile(
    r"\d|\b(?:trois|cinq|six|sept|huit|neuf|dix|onze|douze|vingt|trente|soixantaine|cent|mille|double)\b"
    # "les deux pays", "des quatre pays": the parties talking, not a figure (the tour's count is cited elsewhere).
    r"|\bdeux (?!pays|parties|dirigeants|nations|peuples|côtés)|\bquatre (?!pays)",
    re.IGNORECASE,
)


def _paragraphs_with_numbers(file_name: str) -> list[int]:
    """Paragraph numbers stating a number, leaving out photo lines and the teasers after 'Voir plus'."""
    wanted = []
    teasers = False
    for number, text in enumerate(paragraphs(file_name), 1):
        if text.strip() == "Voir plus":
            teasers = True
            continue
        if number == 1 or "Photo" in text or ".jpg" in text:
            continue  # the title line (with its date line) and photo captions
        if teasers:
            continue  # other stories, not part of the article (sources README): no fact may rest on them
        if _NUMBER.search(text):
            wanted.append(number)
    return wanted


@needs_sources
def test_every_paragraph_that_states_a_number_is_cited(real_index: FactIndex) -> None:
    """Skip nothing quantitative: a paragraph with a figure, date or count is backed by some fact."""
    uncited = []
    for source in real_index.sources.values():
        assert source.file
        cited = {
            c.paragraph for f in real_index.by_source.get(source.id, ()) for c in f.citations if c.source == source.id
        }
        uncited += [f"{source.id} ¶{n}" for n in _paragraphs_with_numbers(source.file) if n not in cited]
    assert not uncited, "paragraphs with numbers that no fact cites: " + ", ".join(uncited)


def test_each_sources_own_words_are_in_its_excerpt(real_index: FactIndex) -> None:
    """A name, acronym or wording variant is the source's words, not a paraphrase; a date variant is stated."""
    for fact in real_index.base.facts:
        for citation in fact.citations:
            for field in ("name", "acronym", "wording"):
                words = getattr(citation, field)
                if words:
                    assert squash(words) in squash(citation.excerpt), f"{fact.id}: {field} {words!r} not in excerpt"
            if citation.date:
                assert citation.date[:4] in citation.excerpt, f"{fact.id}: date {citation.date!r} not in excerpt"


# Every difference between the five articles that the independent audit found (19 cases), as the base
# must record it: (fact, the fact it differs from or None, kinds). Several cases touch two facts (a
# president's name is in the visit and in the head-of-state fact; the 2023 trade is derived from 2024's).
EXPECTED_CONFLICTS = {
    ("kz-trade-2024", None, ("hedge", "value")),  # reached vs exceeded 800 M; +99 % vs "le double"
    ("kz-trade-2023-derived", None, ("hedge", "value")),  # about 402 M vs over 400 M, from the above
    ("kz-tourists-2024", None, ("hedge",)),  # 150 000 / environ / plus de
    ("kz-diplomatic-relations", None, ("precision",)),  # 29 juin 1992 vs 1992
    ("kz-president", None, ("spelling",)),  # Kassym Jomart Tokayev vs Kassym-Jomart Tokaïev
    ("az-president", None, ("spelling",)),  # Ilham vs Inham Aliyev
    ("by-president", None, ("spelling",)),  # Aleksandr vs Alexandre Loukachenko
    ("az-visit-2025-05", None, ("spelling",)),
    ("by-visit-2025-05", None, ("spelling",)),
    ("kz-visit-2025-05", None, ("wording", "spelling")),  # the host's name; what was "first" about the visit
    ("kz-trade-rank-eaeu", None, ("wording", "acronym")),  # eurasienne / eurasiatique; EAEU / UEEA / UEE
    ("kz-gateway", None, ("acronym",)),  # EAEU / UEE
    ("ru-comprehensive-strategic-partnership", None, ("wording",)),  # intégral vs global
    ("kz-intergovernmental-committee", None, ("wording",)),  # technologique vs technique
    ("vn-tour-2025-05", None, ("wording",)),  # visites / visite de travail / visite officielle / tournée (européenne)
    ("kz-partnership-aim", "kz-strategic-partnership", ("plan-vs-outcome",)),  # partenaire intégral vs stratégique
    ("vn-strategic-partners-37", "vn-partnerships-34", ("count-over-time",)),  # 34 during the tour, 37 after
    ("kz-views-vn-partner-asia-pacific", "kz-views-vn-strategic-partner-sea", ("wording",)),
    ("kz-cooperation-fields", None, ("wording",)),  # collectivités locales vs coopération décentralisée
    ("kz-first-direct-flight", None, ("wording",)),  # première ligne aérienne vs un vol direct
}


def test_every_difference_between_the_articles_is_found_from_the_data(real_index: FactIndex) -> None:
    from dipfacts import trust

    found = {(c.fact.id, c.other.id if c.other else None, c.kinds) for c in trust.conflicts(real_index).conflicts}
    assert found == EXPECTED_CONFLICTS


def test_the_differing_sources_are_named(real_index: FactIndex) -> None:
    from dipfacts import trust

    conflicts = {c.fact.id: c for c in trust.conflicts(real_index).conflicts}
    trade = {v.source: (v.values, v.qualifiers, v.changes) for v in conflicts["kz-trade-2024"].versions}
    assert trade == {
        "tour-preview": ((800000000,), (None,), (99,)),
        "son-kazakhstan-interview": ((800000000,), ("over",), (100,)),
        "kazakhstan-ties-background": ((800000000,), (None,), ()),  # states no growth rate
    }
    russia = {v.source: v.wordings for v in conflicts["ru-comprehensive-strategic-partnership"].versions}
    assert russia == {
        "tour-preview": ("partenariat stratégique intégral",),
        "tour-results": ("partenariat stratégique global",),
    }
    names = {v.source: v.names for v in conflicts["az-president"].versions}
    assert names == {"tour-preview": ("Ilham Aliyev",), "tour-results": ("Inham Aliyev",)}


@pytest.mark.parametrize(
    ("fact_id", "status"),
    [
        ("kz-trade-2024", "reported"),
        ("kz-trade-target-2030", "target"),
        ("kz-partnership-aim", "target"),
        ("kz-joint-declaration", "signed"),  # "adopté" at the talks
        ("kz-visa-exemption", "in-force"),  # "applique ... depuis septembre 2019"
        ("kz-fta-vn-eaeu", "in-force"),  # "en vigueur depuis octobre 2016"
        ("ru-oil-agreements-negotiation", "negotiating"),  # "en négociations pour finaliser la signature"
        ("az-air-links-planned", "considering"),  # "envisagent actuellement"
        ("vn-tour-cooperation-outcomes", "target"),  # "ont convenu de promouvoir"
    ],
)
def test_claim_status_follows_the_sources_words(real_index: FactIndex, fact_id: str, status: str) -> None:
    assert real_index.facts[fact_id].status == status


@needs_sources
def test_no_fact_rests_on_the_teasers_after_voir_plus(real_index: FactIndex) -> None:
    """The teasers for other stories after 'Voir plus' are not part of the article (sources README)."""
    for source in real_index.sources.values():
        assert source.file
        texts = [text.strip() for text in paragraphs(source.file)]
        end = texts.index("Voir plus") + 1 if "Voir plus" in texts else len(texts) + 1
        for fact in real_index.by_source.get(source.id, ()):
            for citation in fact.citations:
                if citation.source == source.id:
                    assert citation.paragraph < end, f"{fact.id} cites {source.id} ¶{citation.paragraph}, a teaser"


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Putin", "ru-president"), ("Путин", "ru-president"), ("lukashenko", "by-president"),
     ("Poutine", "ru-president"), ("UEEA", "kz-trade-rank-eaeu"), ("Tokayev", "kz-president"),
     ("Алиев", "az-president"), ("PCV", "vn-general-secretary")],
)  # fmt: skip
def test_a_person_or_organisation_is_found_by_any_of_its_names(query: str, expected: str) -> None:
    from tests.conftest import invoke

    run = invoke("search", query, "--json", fixture=False)
    assert run.code == 0, run.err
    assert expected in [record["id"] for record in run.json()["results"]]


def test_show_lists_the_facts_that_name_a_person() -> None:
    from tests.conftest import invoke

    table = invoke("show", "Путин", fixture=False)
    assert table.code == 0 and table.out.startswith("Vladimir Putin (person, Russia)")
    assert "Role, as the articles state it: President of Russia [1]" in table.out
    document = invoke("show", "putin", "--json", fixture=False).json()
    assert document["query"]["entity"] == "vladimir-putin"
    ids = [record["id"] for record in document["results"]]
    assert set(ids) == {"ru-visit-2025-05", "ru-president"}
    for record in document["results"]:
        assert {"id": "vladimir-putin", "kind": "person", "name": "Vladimir Putin"}.items() <= next(
            e for e in record["entities"] if e["id"] == "vladimir-putin"
        ).items()
