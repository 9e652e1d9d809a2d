"""Euros and dates as real Finnish plans and minutes write them (issue 12).

Every sentence here was written for this test in the register of plans and
minutes; the expected values were written down by hand before the code ran.
"""

from __future__ import annotations

import sqlite3
import tomllib
from pathlib import Path

import pytest

from extract.recognise.money import find_money, parse_number
from extract.recognise.periods import find_periods, parse_period

ROOT = Path(__file__).resolve().parents[1]


def amounts(text):
    return [(m.value_eur, m.range_end_eur, m.bound) for m in find_money(text)]


def periods(text):
    return [(p.start, p.end) for p in find_periods(text)]


# --- numbers in cells and text ------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("1 182 060", 1_182_060),
    ("12,50", 12.5),
    ("12.345,67", 12_345.67),
    ("150.000,00", 150_000),
    ("150 000,-", 150_000),
    ("- 5 000", -5_000),
    ("−5 000", -5_000),
    ("-1.215.000 €", -1_215_000),
    ("27\u00a0000,5", 27_000.5),
    ("9 800 €", 9_800),
])
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "x", "30 %", "2,5 htv", "(5 000)", "1.2.2025"])
def test_parse_number_refuses_what_is_not_a_number(text):
    assert parse_number(text) is None


# --- money ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Hankkeelle myönnettiin 3,2 miljoonan euron avustus.", [(3_200_000, None, None)]),
    ("Rahoitusta lisätään 0,8 miljoonalla eurolla vuonna 2026.", [(800_000, None, None)]),
    ("Menot nousevat 12 miljoonasta eurosta 14 miljoonaan euroon.", [(12_000_000, None, None), (14_000_000, None, None)]),
    ("Valtion rahoitus on 26,4 miljardia euroa.", [(26_400_000_000, None, None)]),
    ("Budjetti kasvaa kahdella miljoonalla eurolla.", [(2_000_000, None, None)]),
    ("Korjausvelka on satojen miljoonien eurojen luokkaa.", []),
    ("Hanke maksaa muutaman miljoonan euron.", []),
    ("Avustus on viisi miljoonaa euroa.", [(5_000_000, None, None)]),
    ("Kyse on noin puolen miljoonan euron säästöstä.", [(500_000, None, "about")]),
    ("Laitteisiin käytetään kymmenen tuhatta euroa.", [(10_000, None, None)]),
    ("Tilat maksavat 2 000–2 500 € kuukaudessa.", [(2_000, 2_500, None)]),
    ("Arvio on 1,5–2 milj. euroa.", [(1_500_000, 2_000_000, None)]),
    ("Urakka maksaa lähes 1,2 miljoonaa euroa.", [(1_200_000, None, "nearly")]),
    ("Tukea on myönnetty runsaat 40 000 euroa.", [(40_000, None, "just_over")]),
    ("Kilpailutetaan hankinnat, joiden arvo on yli 60 000 euroa.", [(60_000, None, "over")]),
    ("Hankinnat alle 10 000 euroa ovat pienhankintoja.", [(10_000, None, "under")]),
    ("Omavastuu on korkeintaan 500 euroa.", [(500, None, "at_most")]),
    ("Avustusta haetaan vähintään 5 000 €.", [(5_000, None, "at_least")]),
    ("Vuosikate heikkeni -1,4 milj. euroa edellisvuodesta.", [(-1_400_000, None, None)]),
    ("Tulos oli −250 000 €.", [(-250_000, None, None)]),
    ("Siirretään kustannuspaikalta (20.000 €) yhteensä 15.000 €.", [(20_000, None, None), (15_000, None, None)]),
    ("Kokonaishinta on € 48 500 ja se sisältää asennuksen.", [(48_500, None, None)]),
    ("Hinta arvioitiin 12 000 euroksi.", [(12_000, None, None)]),
    ("Pilarin kehys on 3,1 Me.", [(3_100_000, None, None)]),
    ("Taulukko 5. Menot ja tulot (1 000 euroa)", []),
    ("Luvut ovat tuhansia euroja, ks. taulukko.", []),
    ("Osuus on 80 % eli 2,5 htv.", []),
    ("Kävijöitä oli 800 000 ja jäseniä 1 400.", []),
])
def test_find_money(text, expected):
    assert amounts(text) == [(pytest.approx(v), None if e is None else pytest.approx(e), b) for v, e, b in expected]


def test_an_amount_keeps_where_it_stands_and_what_it_belongs_to():
    text = "Hankkeen kokonaiskustannukset ovat 66 000 euroa, josta haettava avustus on 39 600 euroa."
    first, second = find_money(text)
    assert text[first.start:first.end] == first.raw == "66 000 euroa"
    assert (first.role, second.role) == ("total", "state_aid")
    assert second.context == text


def test_a_range_is_one_amount_with_two_ends():
    (money,) = find_money("Kustannus on noin 3 000–5 000 euroa kohteelta.")
    assert (money.value_eur, money.range_end_eur, money.approximate, money.bound) == (3000, 5000, True, "about")
    assert money.raw == "noin 3 000–5 000 euroa"


# --- periods --------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Valtuusto kokoontuu tiistaina 11. maaliskuuta 2025 klo 18.", [("2025-03-11", "2025-03-11")]),
    ("Laki tulee voimaan 1 päivänä heinäkuuta 2026.", [("2026-07-01", "2026-07-01")]),
    ("Kunta liittyi yhtymään vuonna 1972.", [("1972-01", "1972-12")]),
    ("Tiedote julkaistaan kesäkuulle 2025 suunnitellusti.", [("2025-06", "2025-06")]),
    ("Hakuaika on 1.–15.3.2025.", [("2025-03-01", "2025-03-15")]),
    ("Koulutukset 9-11.2025", [("2025-09", "2025-11")]),
    ("Aikataulu 03.2025–06.2026", [("2025-03", "2026-06")]),
    ("Valmis 2025/Q2", [("2025-04", "2025-06")]),
    ("Q2–Q4/2025 pilotit", [("2025-04", "2025-12")]),
    ("Arviointi H2/2026", [("2026-07", "2026-12")]),
    ("Raportti 2025-09-30", [("2025-09-30", "2025-09-30")]),
    ("Sopimus päättyy 30.6.26.", [("2026-06-30", "2026-06-30")]),
    ("Kausi 2024–25 päättyi.", [("2024-01", "2025-12")]),
    ("Toimintaa on järjestetty vuodesta 1998.", [("1998-01", None)]),
    ("Mittari saavutetaan vuoden 2027 loppuun mennessä.", [(None, "2027-12")]),
    ("Tuki jatkuu vuoteen 2028 asti.", [(None, "2028-12")]),
    ("Maksut alkavat vuoden 2025 jälkeen.", [("2026-01", None)]),
    ("Hankeaika: vuodet 2025 ja 2026.", [("2025-01", "2026-12")]),
    ("Tilinpäätös vuodelta 2023 on hyväksytty.", [("2023-01", "2023-12")]),
    ("Hiihtokoulu toimii talvi 2024–2025.", [("2024-12", "2025-02")]),
    ("Kerhot kokoontuvat kevät–syksy 2025.", [("2025-01", "2025-12")]),
    ("Rakentaminen vko 22/2025 alkaen", []),
    ("Päätös Dnro 456/2025 liitteenä", []),
    ("Kokous § 12/2025", []),
    ("Asetus 1137/2022 ja asetus 5/2023", []),
    ("7/10 vastaajista suosittelee palvelua.", []),
    ("Sivu 4/9", []),
    ("Tunnus 14/2025", []),
])
def test_find_periods(text, expected):
    assert periods(text) == expected


def test_no_impossible_month_is_stored_or_flagged():
    assert find_periods("ks. 13/2025 ja 1.14.2024") == []
    (typo,) = find_periods("Hanke päättyy 31.4.2025.")
    assert (typo.raw, typo.valid, typo.start) == ("31.4.2025", False, None)


def test_a_column_label_alone_is_a_period_but_a_prose_line_alone_is_not():
    assert parse_period("11/2024").start == "2024-11"
    assert find_periods("11/2024") == []


def test_the_season_convention_is_stated_once_in_the_rules():
    text = (ROOT / "rules" / "periods.toml").read_text(encoding="utf-8")
    assert text.count("Convention (the one place it is stated)") == 1
    seasons = tomllib.loads(text)["seasons"]
    assert seasons["talv"] == [12, 2]


# --- the examples -----------------------------------------------------------------

def test_most_examples_are_not_lines_of_the_corpus():
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "corpus").glob("*.txt"))
    for name in ("money", "periods"):
        examples = tomllib.loads((ROOT / "rules" / "examples" / f"{name}.toml").read_text(encoding="utf-8"))["example"]
        from_corpus = [e for e in examples if e["text"].strip() and e["text"].strip() in corpus]
        assert len(from_corpus) * 2 <= len(examples), name


# --- the store --------------------------------------------------------------------

def test_bound_and_range_end_are_stored(tmp_path):
    from extract.cli import main  # noqa: F401  (the CLI module loads the pipeline)
    from extract.pipeline import ingest_file
    from extract.store import open_db

    plan = tmp_path / "suunnitelma.txt"
    plan.write_text(
        "Hankesuunnitelma\n\nHankkeen kustannukset ovat lähes 40 000 euroa.\n"
        "Yhden koulutuksen hinta on 3 000–5 000 euroa.\nToimintakate on -2,1 milj. euroa.\n",
        encoding="utf-8",
    )
    db_file = tmp_path / "plans.db"
    db = open_db(str(db_file))
    ingest_file(db, str(plan))
    rows = sqlite3.connect(db_file).execute(
        "select line, value_eur, range_end_eur, bound, approximate from amounts order by line"
    ).fetchall()
    assert rows == [(3, 40_000, None, "nearly", 1), (4, 3_000, 5_000, None, 0), (5, -2_100_000, None, None, 0)]


def test_an_older_corpus_gains_the_new_columns(tmp_path):
    from extract.store import open_db

    db_file = tmp_path / "old.db"
    old = sqlite3.connect(db_file)
    old.execute("create table amounts (id INTEGER PRIMARY KEY, document_id TEXT, value_eur REAL)")
    old.commit()
    old.close()
    open_db(str(db_file))
    columns = {row[1] for row in sqlite3.connect(db_file).execute("pragma table_info(amounts)")}
    assert {"bound", "range_end_eur", "raw"} <= columns
