"""Table recogniser: classification, phase marks and cost cells."""

from __future__ import annotations

from extract.model import Cell, Table, Where
from extract.recognise.tables import classify, cost_cells, phase_marks


def table(rows, caption=None) -> Table:
    cells = [[Cell(text, Where(1, n, col, col + 1)) for col, text in enumerate(row)] for n, row in enumerate(rows, start=1)]
    return Table(rows=cells, where=Where(1, 1), caption=caption)


def test_cost_table_in_thousands_of_euros():
    t = table([["Menot, 1000 €", "2024", "2025"], ["Hyvinvointialueet", "26 100", "27 000,5"], ["Yhteensä", "26 100", "-"]])
    assert classify(t) == "cost"
    assert [(c.row_label, c.column_label, c.value_eur, c.raw) for c in cost_cells(t)] == [
        ("Hyvinvointialueet", "2024", 26_100_000, "26 100"),
        ("Hyvinvointialueet", "2025", 27_000_500, "27 000,5"),
        ("Yhteensä", "2024", 26_100_000, "26 100"),
        ("Yhteensä", "2025", None, "-"),
    ]


def test_cell_with_its_own_currency_ignores_the_header_scale():
    t = table([["Kustannukset (milj. €)", "Arvo"], ["Hankinta", "15 000 €"]])
    assert [c.value_eur for c in cost_cells(t)] == [15000]


def test_cost_table_with_plain_euros():
    t = table([["Rahoitus / vuosi", "2020", "Yhteensä"], ["Valtionavustus", "45 350", "45 350"]])
    assert [c.value_eur for c in cost_cells(t)] == [45350, 45350]


def test_phase_table_marks_and_stage_columns():
    t = table([
        ["Vaihe", "Ennen hallituksen esitystä", "8-12/ 2020", "11/2021→"],
        ["1. Määrittely", "x", "", ""],
        ["2. Toteutus ja käyt-", "", "", ""],
        ["töönotto", "", "X", "✓"],
    ])
    assert classify(t) == "phase"
    assert [(m.step, m.period_raw, m.start, m.end, m.mark) for m in phase_marks(t)] == [
        ("1. Määrittely", "Ennen hallituksen esitystä", None, None, "x"),
        ("2. Toteutus ja käyttöönotto", "8-12/ 2020", "2020-08", "2020-12", "X"),
        ("2. Toteutus ja käyttöönotto", "11/2021→", "2021-11", None, "✓"),
    ]


def test_risk_table_is_other():
    t = table([["Riski", "Toimenpiteet"], ["Aikataulu", "Seurataan."], ["Talous", "Budjettia noudatetaan."]])
    assert classify(t) == "other"
    assert cost_cells(t) == [] and phase_marks(t) == []
