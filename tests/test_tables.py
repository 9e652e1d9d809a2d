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


# --- cost-table cell semantics (issue 12): tables written for these tests ----------


def cells(t):
    return [(c.row_label, c.column_label, c.value_eur) for c in cost_cells(t)]


def test_share_column_is_never_euros():
    t = table([
        ["Rahoituslähde", "Euroa", "Osuus %"],
        ["Valtionavustus", "120 000", "80"],
        ["Omarahoitus", "30 000", "20"],
        ["Yhteensä", "150 000", "100"],
    ])
    assert classify(t) == "cost"
    assert cells(t) == [
        ("Valtionavustus", "Euroa", 120_000),
        ("Omarahoitus", "Euroa", 30_000),
        ("Yhteensä", "Euroa", 150_000),
    ]


def test_percent_cells_and_osuus_rows_are_not_euros():
    t = table([
        ["Kustannukset", "2025", "2026"],
        ["Henkilöstökulut", "40 000", "42 000"],
        ["Valtionavustuksen osuus", "80 %", "80 %"],
        ["Kuntien osuus", "20", "20"],
    ])
    assert cells(t) == [
        ("Henkilöstökulut", "2025", 40_000),
        ("Henkilöstökulut", "2026", 42_000),
    ]


def test_a_rate_stated_in_a_money_label_keeps_the_column_in_euros():
    t = table([
        ["", "Valtionavustus (80 %)", "Omarahoitus 20 %", "Yhteensä", "Valtionavustuksen osuus %"],
        ["Toimenpide 1", "240 000", "60 000", "300 000", "80"],
        ["Toimenpide 2", "160 000", "40 000", "200 000", "80"],
    ])
    assert cells(t) == [
        ("Toimenpide 1", "Valtionavustus (80 %)", 240_000),
        ("Toimenpide 1", "Omarahoitus 20 %", 60_000),
        ("Toimenpide 1", "Yhteensä", 300_000),
        ("Toimenpide 2", "Valtionavustus (80 %)", 160_000),
        ("Toimenpide 2", "Omarahoitus 20 %", 40_000),
        ("Toimenpide 2", "Yhteensä", 200_000),
    ]


def test_person_years_and_counts_are_not_euros():
    t = table([
        ["Henkilöstö", "htv", "Kustannukset €", "Lkm"],
        ["Projektipäällikkö", "1,0", "65 000", "1"],
        ["Asiantuntija", "2,5", "140 000,50", "3"],
    ])
    assert cells(t) == [
        ("Projektipäällikkö", "Kustannukset €", 65_000),
        ("Asiantuntija", "Kustannukset €", 140_000.5),
    ]


def test_htv_row_is_not_euros():
    t = table([["Kustannuslaji", "Yhteensä"], ["Henkilöstö (htv)", "3,5"], ["Palkat", "210 000"]])
    assert cells(t) == [("Palkat", "Yhteensä", 210_000)]


def test_year_column_is_a_label_not_a_value():
    t = table([["Vuosi", "Kustannukset €"], ["2024", "15 000"], ["2025", "18 500"]])
    assert classify(t) == "cost"
    assert cells(t) == [("2024", "Kustannukset €", 15_000), ("2025", "Kustannukset €", 18_500)]


def test_small_sums_that_look_like_years_are_euros_under_a_money_label():
    t = table([["Kulu", "Kustannukset €"], ["Matkat", "2000"], ["Tarvikkeet", "1950"]])
    assert cells(t) == [("Matkat", "Kustannukset €", 2000), ("Tarvikkeet", "Kustannukset €", 1950)]


def test_second_header_row_under_merged_cells():
    # "Kustannukset" spans the two year columns (a merged cell: text in its
    # first grid column, empty in the next); the years stand in a second row
    t = table([
        ["Työpaketti", "Kustannukset", "", "Yhteensä"],
        ["", "2024", "2025", ""],
        ["TP1 Hallinto", "10 000", "12 000", "22 000"],
        ["TP2 Digipalvelut", "55 000", "60 000", "115 000"],
    ])
    assert cells(t) == [
        ("TP1 Hallinto", "Kustannukset / 2024", 10_000),
        ("TP1 Hallinto", "Kustannukset / 2025", 12_000),
        ("TP1 Hallinto", "Yhteensä", 22_000),
        ("TP2 Digipalvelut", "Kustannukset / 2024", 55_000),
        ("TP2 Digipalvelut", "Kustannukset / 2025", 60_000),
        ("TP2 Digipalvelut", "Yhteensä", 115_000),
    ]
    assert [c.row for c in cost_cells(t)] == [1, 1, 1, 2, 2, 2]


def test_euro_sign_in_every_cell_and_a_thousands_header():
    # cells that write their own currency are euros as written, whatever the header says
    t = table([["Menot (1 000 €)", "2024", "2025"], ["Palkat", "15 000 €", "1 000 €"], ["Vuokrat", "12", "13,5"]])
    assert cells(t) == [
        ("Palkat", "2024", 15_000),
        ("Palkat", "2025", 1_000),
        ("Vuokrat", "2024", 12_000),
        ("Vuokrat", "2025", 13_500),
    ]


def test_negative_adjustment_rows_keep_their_sign():
    t = table([
        ["Erä", "Euroa"],
        ["Hankinnat", "50 000"],
        ["Oikaisu", "- 5 000"],
        ["Palautus", "−1 250,50"],
        ["Hyvitys", "-2 000 €"],
        ["Yhteensä", "41 749,50"],
    ])
    assert cells(t) == [
        ("Hankinnat", "Euroa", 50_000),
        ("Oikaisu", "Euroa", -5_000),
        ("Palautus", "Euroa", -1_250.5),
        ("Hyvitys", "Euroa", -2_000),
        ("Yhteensä", "Euroa", 41_749.5),
    ]


def test_scale_in_caption_and_in_a_second_header_row():
    t = table([["Rahoitus", "2025", "2026"], ["Valtionavustus", "1,2", "0,8"]], caption="Taulukko 4. Rahoitus vuosittain, milj. €")
    assert cells(t) == [("Valtionavustus", "2025", 1_200_000), ("Valtionavustus", "2026", 800_000)]
    t = table([["Menot", "Talousarvio", ""], ["", "2025 (1 000 euroa)", "2026"], ["Hallinto", "250", "260,5"]])
    assert cells(t) == [("Hallinto", "Talousarvio / 2025 (1 000 euroa)", 250_000), ("Hallinto", "Talousarvio / 2026", 260_500)]


def test_dot_grouped_cells_with_decimals():
    t = table([["Kustannukset", "Euroa"], ["Urakka", "12.345,67"], ["Suunnittelu", "150.000,00 €"], ["Laitteet", "9 800,-"]])
    assert cells(t) == [("Urakka", "Euroa", 12_345.67), ("Suunnittelu", "Euroa", 150_000), ("Laitteet", "Euroa", 9_800)]


def test_subtotal_rows_are_totals_and_are_checked_apart_from_the_grand_total():
    from extract.checks import run_checks
    from extract.plan import Plan, PlanTable
    from extract.recognise.tables import label_role

    assert label_role("Henkilöstökulut yhteensä") == "total"
    assert label_role("Välisumma") == "total"
    assert label_role("Palkat") is None
    t = table([
        ["Kustannuslaji", "Euroa"],
        ["Palkat", "100 000"],
        ["Sivukulut", "20 000"],
        ["Henkilöstökulut yhteensä", "120 000"],
        ["Matkat", "5 000"],
        ["Kaikki yhteensä", "125 000"],
    ])
    plan_table = PlanTable("cost", None, None, Where(1, 1), None, None, cost_cells=cost_cells(t))
    plan = Plan(None, None, None, [], [], [], [], [plan_table])
    # the subtotal is not added into the grand total: no false sum error
    assert run_checks(plan) == []
    # a wrong subtotal is found: 100 000 + 20 000 = 120 000, not 121 000
    t.rows[3][1].text = "121 000"
    t.rows[5][1].text = "126 000"
    plan.tables[0].cost_cells = cost_cells(t)
    assert [(f.rule, f.expected, f.actual) for f in run_checks(plan)] == [("cost-table-sum", 120_000, 121_000)]


def test_a_column_of_years_under_another_label_joins_the_row_label():
    t = table([["Toimenpide", "Aika", "Kustannukset €"], ["Suunnittelu", "2024", "30 000"], ["Toteutus", "2025", "90 000"]])
    assert cells(t) == [("Suunnittelu / 2024", "Kustannukset €", 30_000), ("Toteutus / 2025", "Kustannukset €", 90_000)]
