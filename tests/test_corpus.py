"""The corpus documents, with values verified by reading each document.

Every expectation here was checked against the text by a person reading it
(line numbers are the file's own). When an extractor change moves one of
these, read the document again before changing the test.
"""

from __future__ import annotations

import pytest

from .conftest import KAINUU_2020, KAINUU_II, KANTA_HAME, POP_DIGI


def units(plan):
    sections = {s.key: s for s in plan.sections}
    out = []
    for u in plan.units:
        section = sections.get(u.section_key)
        out.append(
            (
                f"{section.kind} {section.number}" if section else None,
                u.kind,
                u.number,
                u.title,
                u.where.line,
                u.cost_eur,
            )
        )
    return out


# --- Kainuu 2020 (KaRa): two osa-alue with four työpaketti each ----------------

KAINUU_2020_UNITS = [
    ("osa-alue 2", "työpaketti", "1", "Järjestämistehtävän selkiyttäminen ja järjestämisen tietotarpeet", 352, None),
    ("osa-alue 2", "työpaketti", "2", "Tietojohdamisen kyvykkyiden kehittäminen", 379, None),
    ("osa-alue 2", "työpaketti", "3", "Tietojohdamista tukevat työvälineet", 399, None),
    ("osa-alue 2", "työpaketti", "4", "Tiedolla johtamisen pilotti", 460, None),
    ("osa-alue 3", "työpaketti", "1", "Asukkaan sähköiset asiointipalvelut", 798, None),
    ("osa-alue 3", "työpaketti", "2", "Työntekijän digitaaliset työvälineet", 841, None),
    ("osa-alue 3", "työpaketti", "3", "Tiedon laadun parantaminen", 873, None),
    ("osa-alue 3", "työpaketti", "4", "Kyberturvallisuuden parantaminen", 891, None),
]


def test_kainuu_2020_work_units(plans):
    plan = plans[KAINUU_2020.name]
    assert units(plan) == KAINUU_2020_UNITS
    tp2 = plan.units[1]
    # the overview list and later sections spell it differently: kept for a check
    assert "Tietojohtamisen kyvykkyyden kehittäminen" in tp2.other_titles


def test_kainuu_2020_sections_title_and_period(plans):
    plan = plans[KAINUU_2020.name]
    assert [(s.kind, s.number, s.where.line) for s in plan.sections if s.kind != "otsikko"] == [
        ("osa-alue", "1", 245),
        ("osa-alue", "2", 323),
        ("osa-alue", "3", 780),
        ("osa-alue", "4", 1404),
    ]
    # every numbered heading is a level: chapters 1-8 (lines 54-237), each
    # osa-alue's subsections 8.x.y; "1. Palvelujen tarpeen kehittyminen" (155)
    # and "1. Asukkaan sähköiset asiointipalvelut" (784) are list items
    headings = {s.number: s for s in plan.sections if s.kind == "otsikko"}
    assert sorted(n for n in headings if "." not in n) == [str(n) for n in range(1, 9)]
    assert len([n for n in headings if n.startswith("8.2.")]) == 10 and len([n for n in headings if n.startswith("8.3.")]) == 10
    keys = {s.key: s for s in plan.sections}
    assert keys[headings["8.2.3"].parent_key].number == "2" and keys[keys[headings["8.2.3"].parent_key].parent_key].number == "8"
    assert plan.title == "Kainuun rakenneuudistus vv. 2020–2021 - alueellisen valmistelun tukena (KaRa)"
    # line 275: "toteutusaika on hankkeen kestoajaksi eli 1.8.2020 – 31.12.2021"
    assert (plan.project_start, plan.project_end) == ("2020-08-01", "2021-12-31")


# marks per table as counted by reading (Taulukko 5 and 14 are cost tables,
# 1 and 2 risks and communication)
KAINUU_2020_TABLES = {
    "1": ("other", 0), "2": ("other", 0), "3": ("phase", 7), "4": ("phase", 8), "5": ("cost", 9),
    "6": ("phase", 7), "7": ("phase", 5), "8": ("phase", 11), "9": ("phase", 4), "10": ("phase", 6),
    "11": ("phase", 7), "12": ("phase", 6), "13": ("phase", 7), "14": ("cost", 9), "15": ("phase", 5),
    "16": ("phase", 4), "17": ("phase", 8), "18": ("phase", 4), "19": ("phase", 6), "20": ("phase", 4),
    "21": ("phase", 6), "22": ("phase", 7), "23": ("phase", 6), "24": ("phase", 7), "25": ("phase", 6),
}


def test_kainuu_2020_tables_kinds_and_counts(plans):
    plan = plans[KAINUU_2020.name]
    found = {t.number: (t.kind, len(t.phase_marks) + len(t.cost_cells)) for t in plan.tables}
    assert found == KAINUU_2020_TABLES


def table(plan, number):
    return next(t for t in plan.tables if t.number == number)


def test_kainuu_2020_wrapped_step_label_is_joined(plans):
    marks = table(plans[KAINUU_2020.name], "6").phase_marks
    step4 = [(m.step, m.period_raw, m.start, m.end, m.mark, m.where.line) for m in marks if m.step.startswith("4.")]
    label = "4. Suunnitelman laatiminen järjestäjän organisoitumisesta ja järjestäjän tietomallin käyttöönottamisesta"
    assert step4 == [
        (label, "4-6/ 2021", "2021-04", "2021-06", "X", 585),
        (label, "7-9/ 2021", "2021-07", "2021-09", "X", 585),
    ]


def test_kainuu_2020_phase_columns(plans):
    plan = plans[KAINUU_2020.name]
    t19 = [(m.step, m.period_raw, m.start, m.end) for m in table(plan, "19").phase_marks]
    assert t19[-1] == ("6. Laajentaminen koko Kainuuseen", "11/2021→", "2021-11", None)
    t3 = [(m.step, m.period_raw, m.start) for m in table(plan, "3").phase_marks]
    assert t3[0] == ("1. Keskustelut jäsenkuntien kanssa", "Ennen hallituksen esitystä", None)
    t21 = {(m.period_raw, m.start, m.end) for m in table(plan, "21").phase_marks}
    assert ("11/2020 – 10/2021", "2020-11", "2021-10") in t21
    t25 = {(m.period_raw, m.start, m.end) for m in table(plan, "25").phase_marks}
    assert ("11/2020 -1/2021", "2020-11", "2021-01") in t25 and ("3- 4/2021", "2021-03", "2021-04") in t25


def test_kainuu_2020_tables_link_to_their_work_package(plans):
    plan = plans[KAINUU_2020.name]
    by_key = {u.key: (u.number, u.title) for u in plan.units}
    sections = {s.key: s.number for s in plan.sections}
    assert by_key[table(plan, "6").unit_key][0] == "1"
    assert {by_key[table(plan, n).unit_key][0] for n in ("8", "9", "10", "11", "12")} == {"3"}
    assert by_key[table(plan, "25").unit_key] == ("4", "Kyberturvallisuuden parantaminen")
    # Taulukko 5 stands in 8.1.5 Kokonaiskustannukset of osa-alue 1, Taulukko 14 in 8.2.10 of osa-alue 2
    parents = {s.key: s.parent_key for s in plan.sections}
    assert table(plan, "5").unit_key is None and sections[table(plan, "5").section_key] == "8.1.5"
    assert sections[parents[table(plan, "5").section_key]] == "1"
    assert sections[table(plan, "14").section_key] == "8.2.10" and sections[parents[table(plan, "14").section_key]] == "2"


def test_kainuu_2020_cost_cells(plans):
    cells = [(c.row_label, c.column_label, c.value_eur) for c in table(plans[KAINUU_2020.name], "5").cost_cells]
    assert cells == [
        ("Kustannukset yhteensä €", "2020", 56688), ("Kustannukset yhteensä €", "2021", 97433),
        ("Kustannukset yhteensä €", "Yhteensä", 154120),
        ("Valtionavustus", "2020", 45350), ("Valtionavustus", "2021", 77946), ("Valtionavustus", "Yhteensä", 123296),
        ("Omarahoitus", "2020", 11338), ("Omarahoitus", "2021", 19487), ("Omarahoitus", "Yhteensä", 30824),
    ]
    t14 = {(c.row_label, c.column_label): c.value_eur for c in table(plans[KAINUU_2020.name], "14").cost_cells}
    assert t14[("Valtionavustus", "Yhteensä")] == 774976 and t14[("Omarahoitus", "2021")] == 106860


def test_kainuu_2020_prose_amounts(plans):
    amounts = [(a.where.line, a.money.raw, a.money.value_eur, a.money.role) for a in plans[KAINUU_2020.name].amounts]
    assert amounts == [
        (321, "15 000 €", 15000, "total"),
        (1398, "722 510 euroa", 722510, "total"),
        (1400, "578 808 euroa", 578808, "state_aid"),
        (1400, "143 702 euroa", 143702, "own_financing"),
        (1410, "13 000 €", 13000, "own_financing"),
        (1410, "65 000 €", 65000, "total"),
    ]


# --- Kestävän kasvun Kainuu II (RRF 2023–2025) -------------------------------

KAINUU_II_UNITS = [
    ("pilari 3", "kohta", "4.1.1", "IPS - Sijoita ja valmenna kehittämishankkeen laajentaminen Kainuuseen vuosina 2023 – 2024 (Indiviual Placement and Support)", 14, 362000),
    ("osa a", "työpaketti", "1", "Pitkäaikaissairaat ja pitkäaikaissairauden riskissä olevat - hoito- ja palveluketjujen uudistaminen, muutoskyvykkyyden lisääminen ja häiriökysynnän vähentäminen", 39, 876660),
    ("osa a", "työpaketti", "2", "Nuoret ja nuoret aikuiset - mielenterveyden edistäminen ja neuropsykiatrisen hoitopolun kehittäminen", 49, 1182060),
    ("osa a", "työpaketti", "3", "Omaishoitajat", 76, 252450),
    ("osa a", "työpaketti", "4", "Vammaiset henkilöt", 87, 222460),
    ("osa a", "työpaketti", "5", "Muut: Lapset ja nuoret, lapsiperheet", 99, 222460),
    ("osa b", "työpaketti", "1", "chatbotin ja sitä tukevan chatin käyttöönotto", 116, 65000),
    ("osa b", "työpaketti", "2", "Digitaalisten palvelujen käytön tukeminen", 125, 462100),
    ("osa b", "työpaketti", "3", "Kansallisten digitaalisten palvelujen käyttöönotto", 137, 213940),
    ("osa b", "työpaketti", "4", "Palveluseteli-ostopalvelujärjestelmän (PSOP) käytön laajentaminen koko organisaatioon kaikkiin palveluihin", 146, 107350),
    ("investointi 2", "työpaketti", "1", "HyTe-palvelukonsepti yhteistyössä muiden hyvinvointialueiden kanssa", 157, 344560),
    ("investointi 2", "työpaketti", "2", "Digitaalinen palvelutarjotin", 168, 239440),
    ("investointi 3", "työpaketti", "1", "Sosiaali- ja terveydenhuollon kirjaamiskäytäntöjen kehittäminen", 179, 212500),
    ("investointi 3", "työpaketti", "2", "Rakenteellisen sosiaalityön raportoinnin kehittäminen", 203, 104500),
    ("otsikko 4.1.5.1", "työpaketti", "1 a)", "Asiakaspalautteen keruu", 224, 220740),
    ("otsikko 4.1.5.1", "työpaketti", "1 c)", "Digi-HTA -arviointimallin käyttöönotto", 234, 15620),
    ("otsikko 4.1.5.1", "työpaketti", "1 e)", "Kansalaisten etäpalvelut", 243, None),
    ("otsikko 4.1.5.1", "työpaketti", "1 e1)", "Digihoito- ja palvelupolkujen käyttöönotto", 245, 335080),
    ("otsikko 4.1.5.1", "työpaketti", "1 g)", "Hyvinvoinnin ja terveyden edistämisen kansallisen palvelukonseptin digitaaliset ratkaisut", 254, 100000),
    ("otsikko 4.1.5.2", "työpaketti", "1 a)", "Ammattilaisten digitaaliset työvälineet", 265, None),
    ("otsikko 4.1.5.2", "työpaketti", "1 a1)", "Omasoten ammattilaisen käyttöliittymän uudistus", 268, 120740),
    ("otsikko 4.1.5.2", "työpaketti", "1 a2)", "SBM -järjestelmän käytön laajentaminen", 277, 220740),
    ("otsikko 4.1.5.2", "työpaketti", "1 a5)", "Suomi.fi-viestien integraatio", 287, 100000),
    ("otsikko 4.1.5.2", "työpaketti", "1 a6)", "Digitaalinen ohjaustaulu", 296, 92160),
    ("otsikko 4.1.5.3", "kohta", "b", "Väestön palvelutarpeen ennakointi edistyneiden tietojohtamisen ratkaisuissa", 308, 42590),
    ("otsikko 4.1.5.4", "kohta", "b", "Asiakkaan yhteydenottoon liittyvän tiedon hyödyntäminen osana tiedolla johtamista", 318, 109330),
]


def test_kainuu_ii_work_units(plans):
    assert units(plans[KAINUU_II.name]) == KAINUU_II_UNITS


def test_kainuu_ii_units_are_told_apart_by_their_section_path(plans):
    """Two "Työpaketti 1 a)" (4.1.5.1 line 224, 4.1.5.2 line 265) and two "b)"
    (4.1.5.3, 4.1.5.4): the full heading path tells every unit apart."""
    plan = plans[KAINUU_II.name]
    by_key = {s.key: s for s in plan.sections}

    def path(key):
        parts = []
        while key is not None:
            s = by_key[key]
            parts.append(s.number if s.kind == "otsikko" else f"{s.kind} {s.number}")
            key = s.parent_key
        return " / ".join(reversed(parts))

    found = [(path(u.section_key), u.kind, u.number) for u in plan.units]
    assert len(set(found)) == len(found) == 26
    assert ("pilari 4 / investointi 4 / 4.1.5.1", "työpaketti", "1 a)") in found
    assert ("pilari 4 / investointi 4 / 4.1.5.2", "työpaketti", "1 a)") in found
    assert ("pilari 4 / investointi 1 / osa b", "työpaketti", "1") in found


def test_kainuu_ii_sub_units_belong_to_their_parent(plans):
    plan = plans[KAINUU_II.name]
    by_key = {u.key: u for u in plan.units}
    parents = {u.number: by_key[u.parent_key].title for u in plan.units if u.parent_key}
    assert parents == {
        "1 e1)": "Kansalaisten etäpalvelut",
        "1 a1)": "Ammattilaisten digitaaliset työvälineet",
        "1 a2)": "Ammattilaisten digitaaliset työvälineet",
        "1 a5)": "Ammattilaisten digitaaliset työvälineet",
        "1 a6)": "Ammattilaisten digitaaliset työvälineet",
    }


def test_kainuu_ii_sections_nest(plans):
    plan = plans[KAINUU_II.name]
    keys = {s.key: s for s in plan.sections}
    found = [(s.kind, s.number, s.where.line, keys[s.parent_key].number if s.parent_key else None)
             for s in plan.sections if s.kind != "otsikko"]
    assert found == [
        ("pilari", "3", 13, None),
        ("pilari", "4", 32, None),
        ("investointi", "1", 33, "4"),
        ("osa", "a", 35, "1"),
        ("osa", "b", 114, "1"),
        ("investointi", "2", 155, "4"),
        ("investointi", "3", 177, "4"),
        ("investointi", "4", 214, "4"),
    ]


def test_kainuu_ii_unit_fields(plans):
    plan = plans[KAINUU_II.name]
    tp2 = plan.units[2]
    # "Karkea aikataulu:" with the schedule on the three lines after it (67-70)
    assert tp2.schedule_text.startswith("Nuorten mt. edistäminen: 2023: hankkeen aloittaminen 2/2023")
    assert "Nuorten perustason mt. hoito: Keväältä 2024 -kesälle 2025" in tp2.schedule_text
    chatbot = plan.units[6]
    assert chatbot.schedule_text == "5-12/2025 chatbotin käyttöönotto ja toimintamallien kehittäminen sekä käyttökoulutukset."
    assert chatbot.fields["indicators"] == "Chatbot ja chat ovat vähentäneet palveluohjauspuhelujen määrää 5% 12/2025 mennessä."


def test_kainuu_ii_cost_summary_table(plans):
    (cost,) = [t for t in plans[KAINUU_II.name].tables if t.kind == "cost"]
    cells = [(c.row_label, c.column_label, c.value_eur, c.raw) for c in cost.cost_cells]
    assert cells[0] == ("Pilari 3 / Työkyky", "Kustannukset, €", None, "-")
    assert cells[1] == ("Pilari 3 / IPS-Sijoita ja valmenna", "Kustannukset, €", 362000, "362 000 €")
    assert cells[4][0] == "Pilari 4 / Investointi 2 / Edistetään hoitotakuun toteutumista vahvistamalla ennaltaehkäisyä ja ongelmien varhaista tunnistamista"
    assert cells[-1] == ("Yhteensä", "Kustannukset, €", 6465000, "6 465 000 €")
    values = [c.value_eur for c in cost.cost_cells[:-1] if c.value_eur is not None]
    assert sum(values) == 6465000 and len(cost.cost_cells) == 15
    # the rows add up to Yhteensä exactly (the gap of Investointi 1 b) is a
    # unit-sum error: tests/test_checks.py)
    assert [f for f in plans[KAINUU_II.name].flags if f.rule == "cost-table-sum"] == []


def test_kainuu_ii_prose_amounts(plans):
    amounts = plans[KAINUU_II.name].amounts
    assert len(amounts) == 25
    chatbot = [(a.money.raw, a.money.value_eur, a.money.approximate, a.money.role) for a in amounts if a.where.line == 122]
    assert chatbot == [("max 20 000€", 20000, True, "estimate"), ("65 000€", 65000, False, "total")]
    by_unit = {u.key: u.number for u in plans[KAINUU_II.name].units}
    assert [(a.where.line, by_unit.get(a.unit_key)) for a in amounts if a.where.line in (251, 313)] == [
        (251, "1 e1)"),
        (313, "b"),
    ]


# --- Kanta-Häme 2020–2021 (final report of a structural-reform plan) --------------


def test_kanta_hame_has_four_osa_alue_and_no_units(plans):
    plan = plans[KANTA_HAME.name]
    assert [(s.kind, s.number) for s in plan.sections] == [("osa-alue", n) for n in "1234"]
    assert plan.units == []
    assert plan.title == "Kanta-Hämeen rakenneuudistus"
    # "Hanke toteutetaan vuosina 2020-2021"
    assert (plan.project_start, plan.project_end) == ("2020-01", "2021-12")
    assert [(a.where.line, a.money.value_eur, a.money.approximate) for a in plan.amounts] == [(72, 120_000_000, True)]


# --- POP-Digi-Hoitotakuu (RRF 2022) --------------------------------------------

POP_DIGI_UNITS = [
    ("investointi 1", "toimenpide", "1", "Asiakkuussegmentointi", 129, None),
    ("investointi 1", "toimenpide", "2", "Perusterveydenhuollon vastaanotto toiminnan kehittäminen", 167, None),
    ("investointi 1", "toimenpide", "3", "Heikossa / haavoittuvassa asemassa olevien hoitoon pääsyn edistäminen", 193, None),
    ("investointi 1", "toimenpide", "4", "Erikseen määriteltyjen digitaalisten toimintamallien jalkauttaminen", 227, None),
    ("investointi 2", "toimenpide", "5", "Hyvinvoinnin monialaisen palvelukonseptin kehittäminen", 301, None),
    ("investointi 4", "toimenpide", "6", "Hyvinvointialueen digitaalisten palveluiden kypsyystason arviointi", 337, None),
    ("investointi 4", "toimenpide", "7", "Kansalaisten digitaalisten palvelujen käyttöönotto ja kehittäminen", 363, None),
    ("investointi 4", "toimenpide", "8", "Ammattilaisten digitaalisten järjestelmien käyttöönotto ja kehittäminen", 416, None),
]


def test_pop_digi_work_units_from_overview_and_body_are_one_row_each(plans):
    plan = plans[POP_DIGI.name]
    assert units(plan) == POP_DIGI_UNITS
    assert plan.title == "POP-Digi-Hoitotakuu"
    # each is in the overview list (lines 107-125) and has a body heading
    assert [[m.how for m in u.mentions if m.how != "reference"] for u in plan.units] == [["overview", "heading"]] * 8
    assert plan.units[0].mentions[0].where.line == 107
    # "Toimenpide 1: Vuoden 2022 osalta tämä toimenpide sisältää …" (line 560)
    assert ("reference", 560) in [(m.how, m.where.line) for m in plan.units[0].mentions]
    # "Hanke koostuu kahdeksasta toimenpidekokonaisuudesta" (line 103), and eight were found
    assert [(a.kind, a.count, a.section_key, a.where.line) for a in plan.announced] == [("toimenpide", 8, None, 103)]
    assert [f for f in plan.flags if f.rule == "unit-count"] == []


@pytest.mark.parametrize("name", [KAINUU_2020.name, KAINUU_II.name, KANTA_HAME.name, POP_DIGI.name])
def test_no_year_or_count_is_taken_for_money(plans, name):
    for amount in plans[name].amounts:
        assert "€" in amount.money.raw or "euro" in amount.money.raw.lower()


# --- every amount and period of one whole section per document (read by hand) ---


def in_lines(found, first, last):
    return [item for item in found if first <= item.where.line <= last]


def test_kainuu_2020_section_8_1_amounts_and_periods(plans):
    plan = plans[KAINUU_2020.name]
    periods = [(p.where.line, p.period.raw, p.period.start, p.period.end, p.period.precision) for p in in_lines(plan.periods, 245, 322)]
    assert periods == [
        (259, "2005 - 2012", "2005-01", "2012-12", "year"),
        (267, "vuonna 2020", "2020-01", "2020-12", "year"),
        (267, "vuonna 2021", "2021-01", "2021-12", "year"),
        (275, "1.8.2020 – 31.12.2021", "2020-08-01", "2021-12-31", "day"),
        (286, "elokuussa 2020", "2020-08", "2020-08", "month"),
        (286, "12/2021 asti", None, "2021-12", "month"),
        (298, "2005 - 2012", "2005-01", "2012-12", "year"),
        (321, "2.1. – 30.4.2020", "2020-01-02", "2020-04-30", "day"),
    ]
    assert [(a.where.line, a.money.raw, a.money.value_eur) for a in in_lines(plan.amounts, 245, 322)] == [
        (321, "15 000 €", 15000)
    ]
    where = in_lines(plan.amounts, 321, 321)[0].where
    line = KAINUU_2020.read_text(encoding="utf-8").splitlines()[320]
    assert line[where.char_start : where.char_end] == "15 000 €"


def test_kainuu_ii_investointi_2_amounts_and_periods(plans):
    plan = plans[KAINUU_II.name]
    periods = [(p.where.line, p.period.raw, p.period.start, p.period.end) for p in in_lines(plan.periods, 155, 176)]
    assert periods == [
        (156, "11-12/2022", "2022-11", "2022-12"),
        (162, "11/2024-11/2025", "2024-11", "2025-11"),
        (164, "6/2023", "2023-06", "2023-06"),
        (164, "1-12/2023", "2023-01", "2023-12"),
        (164, "5-8/2024", "2024-05", "2024-08"),
        (164, "9/2024- 6/2025", "2024-09", "2025-06"),
        (164, "7-12/2025", "2025-07", "2025-12"),
        (166, "12/2023 mennessä", None, "2023-12"),
        (166, "12/2024", "2024-12", "2024-12"),
        (173, "8-12/2023", "2023-08", "2023-12"),
        (173, "1-8/2024", "2024-01", "2024-08"),
        (173, "9/2024- 6/2025", "2024-09", "2025-06"),
        (175, "9/2024", "2024-09", "2024-09"),
        (175, "6 /2025", "2025-06", "2025-06"),
    ]
    amounts = [(a.where.line, a.money.raw, a.money.value_eur, a.money.role) for a in in_lines(plan.amounts, 155, 176)]
    assert amounts == [(165, "344 560 €", 344560, "estimate"), (174, "239 440 €", 239440, "estimate")]


def test_kanta_hame_opening_amounts_and_periods(plans):
    plan = plans[KANTA_HAME.name]
    periods = [(p.where.line, p.period.raw, p.period.start, p.period.end) for p in in_lines(plan.periods, 1, 80)]
    assert periods == [
        (40, "2020-2021", "2020-01", "2021-12"),
        (65, "17.09.2020", "2020-09-17", "2020-09-17"),
        (69, "22.02.2022", "2022-02-22", "2022-02-22"),
        (72, "Kesällä 2019", "2019-06", "2019-08"),
        (72, "2020–2021", "2020-01", "2021-12"),
    ]
    assert [(a.where.line, a.money.raw) for a in in_lines(plan.amounts, 1, 80)] == [(72, "enintään 120 miljoonaa euroa")]


def test_pop_digi_schedule_section_periods(plans):
    plan = plans[POP_DIGI.name]
    periods = [(p.where.line, p.period.raw, p.period.start, p.period.end) for p in in_lines(plan.periods, 67, 100)]
    assert periods == [
        (73, "05-06/2022", "2022-05", "2022-06"),
        (80, "06–12/2022", "2022-06", "2022-12"),
        (93, "12/2022", "2022-12", "2022-12"),
        (97, "01/2023–12/2025", "2023-01", "2025-12"),
    ]
    assert in_lines(plan.amounts, 67, 100) == []
    # no sentence states the period; the phase list does: 05/2022 to the end of
    # "12/2022: Hankkeen päättäminen" (93); 2023–2025 is the follow-on (97)
    assert [(p.where.line, p.phase.closing) for p in plan.phases] == [(73, False), (80, False), (93, True), (97, False)]
    assert (plan.project_start, plan.project_end) == ("2022-05", "2022-12")


# --- every amount and period of every corpus document ----------------------------
# tests/data/expected/*.tsv were written from reading each document line by line
# (struck-through text is deleted text, so its dates are not values; "vuodesta
# 2005 lähtien" and "1.1.2020 alkaen" have open ends).

EXPECTED = KAINUU_2020.parent.parent / "tests" / "data" / "expected"


def expected_rows(name: str):
    text = (EXPECTED / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@pytest.mark.parametrize("path", [KAINUU_2020, KAINUU_II, KANTA_HAME, POP_DIGI], ids=lambda p: p.stem)
def test_every_period_of_the_document(plans, path):
    expected = [(int(line), start or None, end or None) for line, _raw, start, end in expected_rows(f"{path.stem}.periods.tsv")]
    found = [(p.where.line, p.period.start, p.period.end) for p in plans[path.name].periods]
    assert found == expected


@pytest.mark.parametrize("path", [KAINUU_2020, KAINUU_II, KANTA_HAME, POP_DIGI], ids=lambda p: p.stem)
def test_every_amount_of_the_document(plans, path):
    expected = [(int(line), float(value)) for line, value in expected_rows(f"{path.stem}.amounts.tsv")]
    assert [(a.where.line, a.money.value_eur) for a in plans[path.name].amounts] == expected


@pytest.mark.parametrize("path", [KAINUU_2020, KAINUU_II, KANTA_HAME, POP_DIGI], ids=lambda p: p.stem)
def test_every_table_cell_and_mark_of_the_document(plans, path):
    """tests/data/expected/*.tables.tsv was checked against each document by a
    reader, table by table and cell by cell."""
    found = []
    for t in plans[path.name].tables:
        found.append(["table", str(t.where.line), t.number or "", t.kind])
        found += [["mark", m.step, m.period_raw, m.mark] for m in t.phase_marks]
        found += [["cell", c.row_label, c.column_label, c.raw] for c in t.cost_cells]
    assert found == expected_rows(f"{path.stem}.tables.tsv")
