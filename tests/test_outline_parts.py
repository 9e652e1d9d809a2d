"""Each part of the outline on its own: heading sequence, section stack, unit
registry, mention resolution, field collection, unit costs, and the Finnish
forms of mentions and announced counts. Every example is written out by hand."""

from __future__ import annotations

import pytest

from extract.model import Line, Where
from extract.plan import WorkUnit
from extract.recognise.headings import Heading, classify, emphasised_lead, unit_code
from extract.recognise.mentions import find_announcements, find_mentions, find_section_refs
from extract.cost_rows import CostRowLinker, title_share
from extract.plan import PlanTable
from extract.recognise.tables import CostCell
from extract.structure import (
    TYPOGRAPHIC_KIND,
    FieldCollector,
    HeadingSequence,
    MentionResolver,
    Outline,
    Pending,
    SectionStack,
    UnitRegistry,
    cost_of_field,
    names_unit,
)


def at(line: int) -> Where:
    return Where(1, line)


def line(text: str, number: int = 1) -> Line:
    return Line(1, number, text, text, list(range(len(text))))


# --- HeadingSequence ------------------------------------------------------


def judged(numbers: list[tuple[str, int]]) -> list[bool]:
    sequence = HeadingSequence(gap=2, first_at_most=20)
    return [sequence.judge(number, index, False, False) for number, index in numbers]


def test_next_headings_are_headings():
    assert judged([("1", 0), ("2", 5), ("2.1", 9), ("2.2", 12), ("3", 20), ("3.1.1", 25)]) == [True] * 6


def test_list_inside_a_chapter_is_a_list_even_where_a_number_could_be_next():
    # chapter 2, then "1 Rekrytoidaan", "2 Perustetaan", "3 Laaditaan" on consecutive lines,
    # then "3 Riskit" after some prose is the next chapter
    assert judged([("2", 0), ("1", 3), ("2", 4), ("3", 5), ("3", 9)]) == [True, False, False, False, True]


def test_years_are_not_headings():
    assert judged([("1", 0), ("2024", 3), ("2025", 4), ("2", 8)]) == [True, False, False, True]


def test_a_skipped_heading_number_is_allowed_but_not_a_jump():
    assert judged([("4", 0), ("6", 5)]) == [True, True]
    assert judged([("4", 0), ("9", 5)]) == [True, False]


def test_the_first_heading_starts_a_chapter():
    # a stray contents line "8.3.6 …" first does not set the sequence
    assert judged([("8.3.6", 0), ("1", 4), ("2", 9)]) == [False, True, True]


def test_a_word_list_item_is_never_a_heading():
    sequence = HeadingSequence(gap=2, first_at_most=20)
    assert sequence.judge("1", 0, False, True) is False


# --- SectionStack ---------------------------------------------------------


def path(stack: SectionStack, key: str) -> list[str]:
    return [s.number for s in reversed(stack.chain(key))]


def test_numbered_headings_nest_by_their_numbers():
    stack = SectionStack()
    stack.open_heading(Heading("numbered", None, "4", "Toimenpiteet", 1, False), at(1), None)
    stack.open_heading(Heading("section", "investointi", "4", "Digi", 2, False, True, "4.1"), at(2), None)
    sub = stack.open_heading(Heading("numbered", None, "4.1.1", "Kansalaiset", 3, False), at(3), None)
    assert path(stack, sub.key) == ["4", "4", "4.1.1"]
    other = stack.open_heading(Heading("numbered", None, "4.1.2", "Ammattilaiset", 3, False), at(4), None)
    assert path(stack, other.key) == ["4", "4", "4.1.2"]
    assert stack.scope(other.key) == "investointi:4"
    five = stack.open_heading(Heading("numbered", None, "5", "Hallinto", 1, False), at(5), None)
    assert path(stack, five.key) == ["5"] and stack.scope(five.key) is None


def test_a_section_word_of_the_same_rank_ends_the_last():
    stack = SectionStack()
    stack.open_heading(Heading("section", "pilari", "3", "Työllisyys", None, False, True), at(1), None)
    stack.open_heading(Heading("section", "pilari", "4", "Sote", None, False, True), at(2), None)
    inv = stack.open_heading(Heading("section", "investointi", "1", "Hoitotakuu", None, False, True), at(3), None)
    assert [s.key for s in reversed(stack.chain(inv.key))] == ["pilari:4", "investointi:1"]


def test_an_unnumbered_section_word_ends_where_its_chapter_subdivides():
    # "4.2 Toimenpiteet", "Investointi 4:" (a label), then "4.2.1 …": 4.2.1 is 4.2's subsection
    stack = SectionStack()
    stack.open_heading(Heading("numbered", None, "4", "Toteutus", 1, False), at(1), None)
    stack.open_heading(Heading("numbered", None, "4.2", "Toimenpiteet", 2, False), at(2), None)
    stack.open_heading(Heading("section", "investointi", "4", "", None, False, True), at(3), None)
    sub = stack.open_heading(Heading("numbered", None, "4.2.1", "Hoitotakuu", 3, False), at(4), None)
    assert path(stack, sub.key) == ["4", "4.2", "4.2.1"]


def test_typographic_levels_nest_unnumbered_headings():
    stack = SectionStack()
    stack.open_heading(Heading("numbered", None, "1", "Tausta", 1, False), at(1), 2)
    osa = stack.open_heading(Heading("section", "osa-alue", "I", "Ennaltaehkäisy", None, False, True), at(2), 2)
    assert path(stack, osa.key) == ["I"]


def test_typographic_headings_nest_by_their_levels():
    # Word "Heading 1" Toimenpiteet, "Heading 2" Kotihoito, "Heading 2" Omaishoito, "Heading 1" Riskit
    stack = SectionStack()
    toimenpiteet = stack.open_typographic("Toimenpiteet", at(1), 1)
    kotihoito = stack.open_typographic("Kotihoito", at(2), 2)
    omaishoito = stack.open_typographic("Omaishoito", at(3), 2)
    riskit = stack.open_typographic("Riskit", at(4), 1)
    assert kotihoito.parent_key == omaishoito.parent_key == toimenpiteet.key
    assert riskit.parent_key is None and [s.key for s in stack.open] == [riskit.key]
    assert kotihoito.kind == TYPOGRAPHIC_KIND and kotihoito.number == ""
    # a typographic heading does not separate units: the section word around it does
    assert stack.scope(kotihoito.key) is None


def test_a_styled_heading_encloses_a_bold_line_and_a_plain_section_word():
    stack = SectionStack()
    toimenpiteet = stack.open_typographic("Toimenpiteet", at(1), 1)
    osa = stack.open_heading(Heading("section", "osa-alue", "1", "Kotihoito", None, False, True), at(2), None)
    assert osa.parent_key == toimenpiteet.key
    bold = stack.open_typographic("Kotikuntoutus", at(3), None)
    assert bold.parent_key == osa.key
    # two bold lines without a level are siblings; a numbered heading ends them
    second = stack.open_typographic("Etähoito", at(4), None)
    assert second.parent_key == osa.key and bold.key not in [s.key for s in stack.open]
    # a numbered heading typed without a style stays inside the styled one
    chapter = stack.open_heading(Heading("numbered", None, "2", "Arviointi", 1, False), at(5), None)
    assert chapter.parent_key == toimenpiteet.key
    # a styled one of the same level ends it
    riskit = stack.open_typographic("Riskit", at(6), 1)
    assert riskit.parent_key is None and [s.key for s in stack.open] == [riskit.key]


def test_a_numbered_chapter_ends_an_unstyled_typographic_heading():
    stack = SectionStack()
    stack.open_heading(Heading("numbered", None, "1", "Tausta", 1, False), at(1), None)
    stack.open_typographic("Kotihoito", at(2), None)
    two = stack.open_heading(Heading("numbered", None, "2", "Toimenpiteet", 1, False), at(3), None)
    assert two.parent_key is None and [s.key for s in stack.open] == [two.key]


def test_lettered_parts_run_a_b():
    stack = SectionStack()
    stack.open_heading(Heading("section", "investointi", "1", "X", None, False, True), at(1), None)
    assert stack.open_part(Heading("letter", None, "a", "Eka", None, False), at(2), False)
    assert not stack.open_part(Heading("letter", None, "c", "Väli", None, False), at(3), False)
    assert stack.open_part(Heading("letter", None, "b", "Toka", None, False), at(4), False)
    assert [s.key for s in stack.open] == ["investointi:1", "investointi:1/b"]


# --- UnitRegistry ---------------------------------------------------------


def two_sections() -> tuple[SectionStack, UnitRegistry]:
    stack = SectionStack()
    stack.open_heading(Heading("section", "osa-alue", "1", "Eka", None, False, True), at(1), None)
    stack.open_heading(Heading("numbered", None, "2.1", "Tavoitteet", 2, False), at(2), None)
    stack.open_heading(Heading("numbered", None, "2.2", "Toimenpiteet", 2, False), at(3), None)
    stack.open_heading(Heading("section", "osa-alue", "2", "Toka", None, False, True), at(4), None)
    return stack, UnitRegistry(stack)


def test_same_number_and_similar_title_in_two_sections_are_two_units():
    _stack, registry = two_sections()
    a = registry.heading("työpaketti", "1", "Hankehallinto", at(10), "osa-alue:1", None)
    b = registry.heading("työpaketti", "1", "Hankehallinto ja viestintä", at(20), "osa-alue:2", None)
    assert a is not b and len(registry.units) == 2


def test_one_unit_described_under_two_subsections_of_its_section_is_one():
    stack, registry = two_sections()
    a = registry.heading("työpaketti", "1", "Järjestämistehtävän selkiyttäminen", at(10), "otsikko:2.1", None)
    b = registry.heading("työpaketti", "1", "Järjestämistehtävän selkiyttäminen ja tietotarpeet", at(20), "otsikko:2.2", None)
    assert a is b
    registry.settle_sections()
    assert a.section_key == "osa-alue:1"  # the section enclosing both descriptions
    assert a.other_titles == ["Järjestämistehtävän selkiyttäminen ja tietotarpeet"]


def test_same_number_different_titles_under_two_subsections_are_two_units():
    _stack, registry = two_sections()
    a = registry.heading("työpaketti", "1 a)", "Asiakaspalautteen keruu", at(10), "otsikko:2.1", None)
    b = registry.heading("työpaketti", "1 a)", "Ammattilaisten työvälineet", at(20), "otsikko:2.2", None)
    assert a is not b


# --- MentionResolver ------------------------------------------------------


def test_an_overview_before_the_headings_finds_its_units():
    stack, registry = two_sections()
    resolver = MentionResolver(stack, registry)
    resolver.add(Pending("overview", "työpaketti", "1", "Hankehallinto", at(5), "Työpaketti 1 Hankehallinto",
                         None, "osa-alue:2", False))
    unit = registry.heading("työpaketti", "1", "Hankehallinnon tehtävät", at(30), "osa-alue:2", None)
    registry.heading("työpaketti", "1", "Muu", at(10), "osa-alue:1", None)
    resolver.resolve()
    assert [m.how for m in unit.mentions] == ["overview", "heading"]
    assert unit.other_titles == ["Hankehallinto"]


def test_a_sentence_naming_a_missing_unit_makes_no_unit_but_a_note():
    stack, registry = two_sections()
    registry.heading("työpaketti", "1", "Hallinto", at(10), "osa-alue:1", None)
    resolver = MentionResolver(stack, registry)
    resolver.add(Pending("overview", "työpaketti", "4", "Perhetyö", at(40), "Työpaketti 4", None, None, False))
    resolver.add(Pending("reference", "työpaketti", "5", None, at(41), "työpaketissa 5", None, None, False))
    resolver.resolve()
    assert len(registry.units) == 1
    assert [n.where.line for n in registry.notes] == [40, 41]
    assert "ei ole kuvattu" in registry.notes[0].message and "never" not in registry.notes[0].message


def test_a_list_entry_no_heading_describes_is_a_unit_of_its_section():
    stack, registry = two_sections()
    resolver = MentionResolver(stack, registry)
    resolver.add(Pending("overview", "toimenpide", "D", "Perhekeskus", at(12), "- D. Perhekeskus", "osa-alue:2", None, True))
    resolver.resolve()
    (unit,) = registry.units.values()
    assert (unit.number, unit.title, unit.section_key) == ("D", "Perhekeskus", "osa-alue:2")


# --- FieldCollector -------------------------------------------------------


def unit() -> WorkUnit:
    return WorkUnit("k", "työpaketti", "1", "X", at(1), None)


def test_fields_labelled_alone_and_with_a_value():
    fields, u = FieldCollector(), unit()
    for number, text in enumerate(["Tavoitteet: Jonot lyhenevät.", "Lisäksi palvelu nopeutuu.", "Kustannusarvio", "25 000 €"], 1):
        fields.feed(line(text, number), u, follows_previous=True)
    fields.close()  # the outline closes the last field before it reads them
    assert u.fields == {"goals": "Jonot lyhenevät. Lisäksi palvelu nopeutuu.", "cost": "25 000 €"}


def test_a_label_alone_takes_the_value_across_a_blank_line():
    fields, u = FieldCollector(), unit()
    fields.feed(line("Kustannusarvio:"), u, follows_previous=True)
    fields.feed(line("40 000 €", 3), u, follows_previous=False)
    fields.feed(line("Toinen kappale.", 5), u, follows_previous=False)
    fields.close()
    assert u.fields == {"cost": "40 000 €"}


@pytest.mark.parametrize("text, expected", [
    ("Toimenpiteet kuvataan osa-alueessa 2.", [("osa-alue", "2")]),  # at the end of a sentence
    ("(Osa 2) ja Osa-alueessa 3 sekä investointi 4:ssä", [("osa-alue", "2"), ("osa-alue", "3"), ("investointi", "4")]),
    ("Pilarin 1 tavoitteet", [("pilari", "1")]),
    ("Osa 2.3 kuvaa alakohdan", []),  # a heading number, not section 2
    ("osa 12345", [("osa-alue", "12345")]),
    ("Hankkeen osana 2 työntekijää", []),
])
def test_section_references(text, expected):
    assert find_section_refs(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Kustannusarvio (€): 45 000", ("cost", "45 000")),
    ("Budjetti: 30 000 €", ("cost", "30 000 €")),
    ("KARKEA AIKATAULU: 2024", ("schedule", "2024")),
    ("Mittarit", ("indicators", "")),
    ("- Budjetti: 5 000 €", ("cost", "5 000 €")),
    ("Kustannukset yhteensä: 140 000 euroa", ("cost", "140 000 euroa")),
    ("Arvioidut kustannukset (€): 60 000", ("cost", "60 000")),
    ("Tavoitteena on parantaa", None),
])
def test_field_labels(text, expected):
    assert FieldCollector().label(text) == expected


# --- costs ----------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("876 660 €", 876660),
    ("45 000", 45000),
    ("noin 120 000 euroa", 120000),
    ("30 000 € + 20 000 € = 50 000 €", 50000),
    ("1,2 milj. €", 1200000),
    ("ei arvioitu", None),
])
def test_cost_of_a_field(text, expected):
    assert cost_of_field(text) == expected


def test_a_label_names_a_unit_by_code_or_title():
    u = WorkUnit("k", "työpaketti", "3", "Suun terveyden edistäminen", at(1), None)
    assert names_unit("TP3 / Arviointi", u)
    assert names_unit("Työpaketti 3", u)
    assert names_unit("Suun terveyden edistäminen", u)
    assert not names_unit("Hammashoidon jonot", u)
    assert not names_unit("TP2 / Suun terveyden edistäminen", u)


@pytest.mark.parametrize("text, expected", [
    ("TP1", ("työpaketti", "1", "")),
    ("Työpaketti 2 Digituki", ("työpaketti", "2", "Digituki")),
    ("Toimenpide 1a", ("toimenpide", "1 a)", "")),
    ("A Liikuntaneuvonta", (None, "A", "Liikuntaneuvonta")),
    ("II Koulujen mielenterveystyö", (None, "II", "Koulujen mielenterveystyö")),
    ("Yhteensä", None),
])
def test_unit_codes(text, expected):
    assert unit_code(text) == expected


def test_the_bold_start_of_a_list_entry_is_its_title():
    assert emphasised_lead("- **A. Kotiutustiimi** perustetaan sairaalan yhteyteen.",
                           "Kotiutustiimi perustetaan sairaalan yhteyteen.") == "Kotiutustiimi"
    assert emphasised_lead("- A. Kotiutustiimi", "Kotiutustiimi") == "Kotiutustiimi"


# --- heading forms, mentions and counts ------------------------------------------


@pytest.mark.parametrize("text, kind, number, title", [
    ("Työpaketti 1.1 Kotihoidon toiminnanohjaus", "työpaketti", "1.1", "Kotihoidon toiminnanohjaus"),
    ("Työpaketti 2.1: Omaishoitajien valmennus", "työpaketti", "2.1", "Omaishoitajien valmennus"),
    ("Työpaketti 1a: Mittarit", "työpaketti", "1 a)", "Mittarit"),
    ("TP1: Vertaistuki", "työpaketti", "1", "Vertaistuki"),
    ("TP 2 – Tilapäishoito", "työpaketti", "2", "Tilapäishoito"),
    ("Työpaketti A: Liikuntaneuvonta", "työpaketti", "A", "Liikuntaneuvonta"),
    ("Työpaketti II: Koulujen mielenterveystyö", "työpaketti", "II", "Koulujen mielenterveystyö"),
    ("1. työpaketti: Projektin käynnistys", "työpaketti", "1", "Projektin käynnistys"),
    ("Työpaketti nro 1 Hallinto", "työpaketti", "1", "Hallinto"),
    ("2.3.1 Toimenpide: Koulutus", "toimenpide", "2.3.1", "Koulutus"),
    ("Toimenpidekokonaisuus 3: Digi", "toimenpide", "3", "Digi"),
])
def test_unit_heading_forms(text, kind, number, title):
    h = classify(text)
    assert (h.type, h.kind, h.number, h.title) == ("unit", kind, number, title)


def test_section_numbers_in_roman():
    h = classify("Osa-alue II: Mielenterveys")
    assert (h.type, h.kind, h.number, h.title) == ("section", "osa-alue", "II", "Mielenterveys")


@pytest.mark.parametrize("text", [
    "Työpaketti 1 Terapiat etänä ja Työpaketti 4 Perhetyö arvioidaan ulkoisesti.",
    "Työpaketti 3 koostuu tietojohtamista tukevista välineistä.",
    "Työpaketti Ikäihmiset",
    "Toimenpide toteutetaan yhteistyössä THL:n kanssa.",
])
def test_sentences_are_not_unit_headings(text):
    assert classify(text) is None


@pytest.mark.parametrize("text", ["- A. Kotiutustiimi perustetaan.", "- c) Työkykykoordinaattori"])
def test_lettered_list_items(text):
    h = classify(text)
    assert h.type == "lettered" and h.bullet


@pytest.mark.parametrize("text, expected", [
    ("Hanke koostuu neljästä työpaketista.", [("työpaketti", 4)]),
    ("Osa-alue on jaettu kolmeen työpakettiin.", [("työpaketti", 3)]),
    ("Hanke sisältää 13 eri toimenpidettä.", [("toimenpide", 13)]),
    ("Hankkeessa on kuusi työpakettia.", [("työpaketti", 6)]),
    ("Kuusi työpakettia:", [("työpaketti", 6)]),
    ("Hanke koostuu kahdeksasta toimenpidekokonaisuudesta", [("toimenpide", 8)]),
    ("Hankkeessa on kaksi erillistä osahanketta.", [("osahanke", 2)]),
    ("Jokainen yksittäinen työpaketti raportoi ohjausryhmälle.", []),
    ("Neljännessä työpaketissa arvioidaan tulokset.", []),
    ("Kahden työpaketin tavoitteet ovat yhteiset.", []),
    ("Työpaketin 2 toimenpiteillä tuetaan kehittämistä.", []),
    ("Luvussa on mukana kasvuohjelman pilarin 4 toimenpiteiden rahoitus.", []),
    ("Osa-alueen 2 toimenpiteet kuvataan alla.", []),
    ("Investoinnin 3 työpaketit käynnistyvät syksyllä.", []),
    ("Osa-alueessa on 3 toimenpidettä.", [("toimenpide", 3)]),
    ("tukivälineen pi-\nlarin 4 toimenpiteiden rahoitukseen", []),
    ("Hanke toteutetaan neljässä työpaketissa.", [("työpaketti", 4)]),
    ("Rahoitus jaetaan 3 työpakettien kesken.", []),
    ("Tuetaan 3 toimenpiteellä 1 ja 2.", []),
])
def test_announced_counts(text, expected):
    assert [(a.kind, a.count) for a in find_announcements(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("Työpakettiin 3 kuuluu hankinta.", [("työpaketti", "3", None)]),
    ("TP 2:n tulokset", [("työpaketti", "2", None)]),
    ("Toimenpiteessä 1.2 kehitetään mallia.", [("toimenpide", "1.2", None)]),
    ("Työpaketti 1 Hallinto ja Työpaketti 2 Digi", [("työpaketti", "1", "Hallinto"), ("työpaketti", "2", "Digi")]),
])
def test_mentions(text, expected):
    assert [(m.kind, m.number, m.title) for m in find_mentions(text)] == expected


# --- Outline: headings known by typography only ------------------------------


def fed(spec: list[tuple[str, object]], title: str | None = None) -> Outline:
    """Feed lines to an outline: (text, level), level None for a plain line,
    "bold" for a heading without a level (a bold line), an int for a styled one."""
    lines = []
    for number, (text, level) in enumerate(spec, start=1):
        ln = line(text, number)
        if level is not None:
            ln.heading, ln.level = True, (None if level == "bold" else level)
        lines.append(ln)
    entries = [(ln, classify(ln.text)) for ln in lines]
    outline = Outline(title, lines)
    for index in range(len(entries)):
        outline.feed(entries, index, True)
    outline.finish([])
    return outline


def section_path(outline: Outline, key: str | None) -> str:
    return " / ".join(s.title if s.kind == TYPOGRAPHIC_KIND else f"{s.kind} {s.number}"
                      for s in reversed(outline.stack.chain(key)))


def test_a_heading_styled_field_label_is_the_units_field_at_or_below_its_level():
    outline = fed([
        ("Toimenpiteet", 1),
        ("Työpaketti 1: Etähoiva", 2),
        ("Tavoitteet", 3),
        ("Etähoivakäynnit lisääntyvät.", None),
        ("Kustannusarvio", 2),
        ("60 000 €", None),
    ])
    (unit,) = outline.units.values()
    assert unit.fields == {"goals": "Etähoivakäynnit lisääntyvät.", "cost": "60 000 €"}
    assert section_path(outline, unit.section_key) == "Toimenpiteet"
    assert [s.title for s in outline.sections.values()] == ["Toimenpiteet"]


def test_a_field_label_above_the_units_level_is_a_chapter():
    outline = fed([
        ("Työpaketti 1: Etähoiva", 2),
        ("Kustannusarvio: 60 000 €", None),
        ("Tavoitteet", 1),
        ("Hankkeen tavoitteena on kotona asumisen tuki.", None),
    ])
    (unit,) = outline.units.values()
    assert unit.fields == {"cost": "60 000 €"}
    assert [(s.kind, s.title) for s in outline.sections.values()] == [(TYPOGRAPHIC_KIND, "Tavoitteet")]


def test_a_heading_below_the_units_level_stays_in_the_unit_and_one_at_it_ends_it():
    outline = fed([
        ("Työpaketti 1: Etähoiva", 3),
        ("Toteutus", 4),
        ("Kustannusarvio: 60 000 €", None),
        ("Riskit", 3),
        ("Kustannusarvio: 5 000 €", None),
    ])
    (unit,) = outline.units.values()
    assert unit.fields == {"cost": "60 000 €"}
    assert [s.title for s in outline.sections.values()] == ["Riskit"]


def test_a_bold_line_under_a_styled_unit_heading_is_the_units_sub_heading():
    outline = fed([("Työpaketti 1: Etähoiva", 3), ("Toteutus", "bold"), ("Kustannusarvio: 60 000 €", None)])
    (unit,) = outline.units.values()
    assert unit.fields == {"cost": "60 000 €"} and not outline.sections


def test_bold_lines_without_levels_are_sibling_sections_holding_their_units():
    outline = fed([
        ("Kotihoito", "bold"),
        ("Työpaketti 1: Etähoiva", None),
        ("Kustannusarvio: 60 000 €", None),
        ("Omaishoito", "bold"),
        ("Työpaketti 1: Valmennus", None),
        ("Kustannusarvio: 30 000 €", None),
    ])
    assert [(section_path(outline, u.section_key), u.number, u.title, u.fields["cost"]) for u in outline.units.values()] == [
        ("Kotihoito", "1", "Etähoiva", "60 000 €"),
        ("Omaishoito", "1", "Valmennus", "30 000 €"),
    ]


def test_the_plan_title_and_a_bold_sentence_are_not_sections():
    outline = fed([
        ("Arjen tuki kotona", 1),
        ("Sisällys", 1),
        ("Hanke toteutetaan kahdessa kunnassa vuosina 2025 ja 2026.", "bold"),
        ("Tavoitteena on:", "bold"),
        ("Tausta", 1),
    ], title="Arjen tuki kotona")
    assert [s.title for s in outline.sections.values()] == ["Tausta"]


def test_headings_on_the_cover_above_the_title_are_not_sections():
    """A PDF prints the organisation's name in the largest font above the
    title: it is the cover, not a chapter enclosing the plan."""
    outline = fed([
        ("Länsirannikon hyvinvointialue", 1),
        ("HANKESUUNNITELMA", 2),
        ("Hankkeen nimi: Arjen tuki kotona", None),
        ("Tausta", 2),
        ("Toimenpiteet", 2),
    ], title="Arjen tuki kotona")
    assert [(s.title, s.parent_key) for s in outline.sections.values()] == [("Tausta", None), ("Toimenpiteet", None)]


def test_the_plan_title_after_a_label_is_not_a_section():
    outline = fed([("Hankesuunnitelma: Arjen tuki kotona", 1), ("Tausta", 2)], title="Arjen tuki kotona")
    assert [s.title for s in outline.sections.values()] == ["Tausta"]


# --- Outline: lettered lines outside any run ---------------------------------


def notes_of(outline: Outline) -> list[tuple[int, str]]:
    return [(n.where.line, n.evidence.get("letter")) for n in outline.registry.notes]


def test_a_lettered_line_off_the_run_is_flagged_not_dropped_silently():
    outline = fed([
        ("Investointi 1: Rakenteet", None),
        ("a) Asukasosallisuus", None),
        ("b) Järjestöyhteistyö", None),
        ("e) Vapaaehtoistoiminta", None),
        ("Investointi 2: Nuoret", None),
        ("A. Nuorisovaltuusto", None),
        ("Kustannusarvio: 15 000 €", None),
        ("B. Oppilaskunnat", None),
        ("Kustannusarvio: 5 000 €", None),
        ("F. Ideapaja", None),
    ])
    assert notes_of(outline) == [(4, "e"), (10, "F")]
    assert "e) Vapaaehtoistoiminta" in outline.registry.notes[0].message
    assert "the last letter: b" in outline.registry.notes[0].message_en
    assert [u.number for u in outline.units.values()] == ["A", "B"]


def test_a_lettered_line_before_any_section_is_flagged():
    outline = fed([("C. Kotihoito", None), ("Kotihoitoa kehitetään.", None)])
    assert notes_of(outline) == [(1, "C")]
    assert "outside any section" in outline.registry.notes[0].message_en


def test_a_lettered_list_inside_a_unit_is_its_text():
    outline = fed([
        ("Osa-alue 1: Kotihoito", None),
        ("Työpaketti 1: Etähoiva", None),
        ("Toimenpiteet:", None),
        ("a) Hankitaan laitteet", None),
        ("b) Koulutetaan hoitajat", None),
        ("c) kerätään palaute", None),
        ("- d) arvioidaan tulokset", None),
    ])
    assert notes_of(outline) == []


# --- CostRowLinker ------------------------------------------------------------


def linked_outline() -> Outline:
    return fed([
        ("Pilari 4: Palvelujen saatavuus", None),
        ("Investointi 1: Hoitotakuun edistäminen", None),
        ("a) Heikossa asemassa olevien asiakasryhmien palvelut", None),
        ("Työpaketti 1: Pitkäaikaissairaat", None),
        ("Kustannusarvio: 100 000 €", None),
        ("b) Digitaalisten toimintamallien käyttöönotto", None),
        ("Työpaketti 1: Chatbot", None),
        ("Kustannusarvio: 50 000 €", None),
        ("Investointi 2: Ennaltaehkäisyn vahvistaminen", None),
        ("Työpaketti 1: HyTe-palvelukonsepti yhteistyössä järjestöjen kanssa", None),
        ("Kustannusarvio: 40 000 €", None),
        ("Osa-alue 3: Kansalaisten digitaaliset palvelut", None),
        ("Osa-alue 4: Ammattilaisten digitaaliset palvelut", None),
    ])


@pytest.mark.parametrize("label, section, unit, problem", [
    ("Investointi 1 b)", "investointi:1/b", None, None),
    ("Investointi 1 a) Heikossa asemassa olevat", "investointi:1/a", None, None),
    ("Pilari 4 / Investointi 1 / 2. Digitaalisten toimintamallien käyttöönotto ja jalkauttaminen", "investointi:1/b", None, None),
    ("Pilari 4 / Investointi 2 / Ennaltaehkäisyn vahvistaminen", "investointi:2", None, None),
    ("Ennaltaehkäisyn vahvistaminen", "investointi:2", None, None),
    ("· Heikossa asemassa olevien asiakasryhmien palvelut", "investointi:1/a", None, None),
    ("Osa-alue 3", "osa-alue:3", None, None),
    ("Pilari 4", "pilari:4", None, None),
    ("Investointi 2 / HyTe-palvelukonsepti", None, "HyTe-palvelukonsepti yhteistyössä järjestöjen kanssa", None),
    ("Investointi 1 / Chatbot", None, "Chatbot", None),
    ("Osa-alue 5", None, None, "missing"),
    ("Investointi 1 c)", None, None, "missing"),
    ("Digitaaliset palvelut", None, None, "several"),
    ("Henkilöstökulut", None, None, "unknown"),
    ("Pilari 4 / Investointi 1 / Arviointi", None, None, "unknown"),
])
def test_a_cost_row_names_a_section_or_a_unit(label, section, unit, problem):
    outline = linked_outline()
    result = CostRowLinker(outline.stack, outline.registry).resolve(label)
    assert result.section_key == section
    assert (outline.units[result.unit_key].title if result.unit_key else None) == unit
    assert result.problem == problem


def cost_table(*rows: tuple[str, float | None]) -> PlanTable:
    cells = [CostCell(r, 1, label, "Kustannukset €", value, str(value), at(10 + r))
             for r, (label, value) in enumerate(rows, start=1)]
    return PlanTable("cost", "1", "Kustannukset", at(9), None, None, cost_cells=cells)


def test_cost_rows_are_linked_and_unplaced_rows_with_money_are_said():
    outline = linked_outline()
    table = cost_table(("Investointi 1 a)", 100000), ("Investointi 1 b)", 50000), ("Osa-alue 5", 10000),
                       ("Hallinnointi", 5000), ("Arviointi", None), ("Yhteensä", 165000))
    notes = CostRowLinker(outline.stack, outline.registry).link(table)
    assert table.row_sections == {1: "investointi:1/a", 2: "investointi:1/b"}
    # "Osa-alue 5" has no heading; "Hallinnointi" names nothing in a table of sections;
    # "Arviointi" states no money; "Yhteensä" is the total
    assert [(n.where.line, n.evidence["reason"]) for n in notes] == [(13, "missing"), (14, "unknown")]
    assert notes[0].message.startswith("kustannustaulukon rivi 'Osa-alue 5' nimeää osan osa-alue 5")


def test_a_unit_code_used_in_two_sections_is_the_one_of_the_tables_section():
    outline = fed([
        ("Osa-alue 1: Kotihoito", None),
        ("Työpaketti 1: Etähoiva", None),
        ("Kustannusarvio: 10 000 €", None),
        ("Osa-alue 2: Asuminen", None),
        ("Työpaketti 1: Muutostyöt", None),
        ("Kustannusarvio: 20 000 €", None),
    ])
    linker = CostRowLinker(outline.stack, outline.registry)
    assert linker.resolve("Työpaketti 1").problem == "several"
    found = linker.resolve("Työpaketti 1", "osa-alue:2")
    assert outline.units[found.unit_key].title == "Muutostyöt"
    assert outline.units[linker.resolve("Osa-alue 1 / TP1").unit_key].title == "Etähoiva"


def test_a_table_of_cost_kinds_names_no_section_and_raises_nothing():
    outline = linked_outline()
    table = cost_table(("Henkilöstökulut", 100000), ("Ostopalvelut", 50000), ("Yhteensä", 150000))
    assert CostRowLinker(outline.stack, outline.registry).link(table) == []
    assert table.row_sections == {} and table.row_units == {}


@pytest.mark.parametrize("piece, title, names", [
    ("Johtamisen ratkaisut", "Johtamisen ratkaisut", True),
    ("johtamisen ratkaisut.", "Johtamisen ratkaisut", True),
    ("Erikseen määriteltyjen digitaalisten toimintamallien käyttöönotto ja jalkauttaminen",
     "Erikseen määriteltyjen digitaalisten toimintamallien käyttöönotto", True),
    ("IPS-Sijoita ja valmenna", "IPS - Sijoita ja valmenna kehittämishankkeen laajentaminen", True),
    ("Hoitotakuun edistäminen", "Hoitotakuun toteutumisen seuranta ja edistäminen", True),
    ("Hoitotakuun seuranta ja raportointi", "Hoitotakuun toteutumisen edistäminen", False),
    ("Neuvola", "Varhaiskasvatus", False),
    ("Kehittäminen", "Palvelujen kehittäminen", False),
    ("Digitaaliset palvelut", "Kansalaisten digitaaliset palvelut", True),
])
def test_title_share(piece, title, names):
    assert (title_share(piece, title) > 0) is names


def test_a_field_that_runs_on_for_pages_keeps_every_line_s_words():
    """Nothing but a heading or a label ends a field, so a field can take in
    page after page of prose; its text is joined once, when it closes (it
    was joined again at every line: a plan of 1 280 pages took minutes;
    benchmarks/bench_pdf.py times long plans)."""
    fields, u = FieldCollector(), unit()
    fields.feed(line("Toimenpiteet: Kartoitetaan palvelutarve."), u, follows_previous=True)
    for number in range(2, 20_002):
        fields.feed(line(f"Kappaleen {number} teksti jatkuu.", number), u, follows_previous=True)
    fields.close()
    words = u.fields["measures"].split(" ")
    assert words[:3] == ["Kartoitetaan", "palvelutarve.", "Kappaleen"] and len(words) == 2 + 4 * 20_000

