"""PDF layouts the corpus does not show, built with tests/pdfgen.py."""

from __future__ import annotations

import pytest

from extract.readers.pdf import read_pdf

from .pdfgen import Page, Stroke, Text, pdf_bytes

ENGINES = ["pdfium", "pdfplumber"]


def texts(data: bytes, engine: str) -> list[tuple[int, str]]:
    doc = read_pdf("test.pdf", data, engine=engine)
    return [(ln.page, ln.text) for ln in doc.lines if ln.text and ln.role == "text"]


def column(x: float, top: float, lines: list[str]) -> list[Text]:
    return [Text(x, top + 14 * i, line) for i, line in enumerate(lines)]


PARAGRAPH = [
    "Hankkeen tavoitteena on kehittää palveluja niin, että",
    "asukkaat saavat ne oikeaan aikaan ja oikeassa paikassa,",
    "ja että alueen toimijat tekevät työtä yhdessä koko",
    "hankkeen ajan ja sen jälkeenkin.",
]


def block(x: float, top: float, heading: str, fields: list[str]) -> list[Text]:
    """A heading, a wrapped paragraph (12 pt apart) and field lines, each a
    paragraph of its own (17 pt apart: paragraph spacing)."""
    items, y = [Text(x, top, heading)], top + 17
    for line in PARAGRAPH:
        items.append(Text(x, y, line))
        y += 12
    for line in fields:
        y += 5
        items.append(Text(x, y, line))
        y += 12
    return items


@pytest.mark.parametrize("engine", ENGINES)
def test_two_columns_are_read_left_column_first(engine):
    left = block(40, 100, "Työpaketti 1: Hallinto", ["Kustannusarvio: 10 000 €", "Aikataulu: 1-6/2024"])
    right = block(330, 100, "Työpaketti 2: Digipalvelut", ["Kustannusarvio: 20 000 €", "Aikataulu: 7-12/2024"])
    paragraph = " ".join(PARAGRAPH)
    assert [t for _, t in texts(pdf_bytes([Page(left + right)]), engine)] == [
        "Työpaketti 1: Hallinto", paragraph, "Kustannusarvio: 10 000 €", "Aikataulu: 1-6/2024",
        "Työpaketti 2: Digipalvelut", paragraph, "Kustannusarvio: 20 000 €", "Aikataulu: 7-12/2024",
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_running_header_footer_and_page_numbers_are_not_content(engine):
    pages = []
    for n in range(1, 5):
        pages.append(Page([
            Text(60, 40, "Kestävän kasvun Kainuu II – hankesuunnitelma"),
            *block(60, 120, f"Kappale {n}: Kustannusarvio {n} 000 €", []),
            Text(60, 800, f"Sivu {n} / 4"),
        ]))
    found = texts(pdf_bytes(pages), engine)
    assert [t for _, t in found if t.startswith("Kappale")] == [f"Kappale {n}: Kustannusarvio {n} 000 €" for n in range(1, 5)]
    assert not [t for _, t in found if "Kestävän kasvun" in t or "Sivu" in t]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_wrapped_paragraph_is_one_line_and_hyphens_join(engine):
    lines = [
        "Hankkeen tavoitteena on kehittää sosiaali- ja terveyspalveluiden tietojohtamista sekä sote-",
        "keskusten toimintaa niin, että alueen asukkaat saavat palvelut oikeaan aikaan ja sosiaali-",
        "ja terveydenhuolto toimii yhdessä koko alueella.",
        "",
        "Toinen kappale alkaa tästä.",
    ]
    items = [Text(60, 100 + 14 * i, line) for i, line in enumerate(lines) if line]
    assert [t for _, t in texts(pdf_bytes([Page(items)]), engine)] == [
        "Hankkeen tavoitteena on kehittää sosiaali- ja terveyspalveluiden tietojohtamista sekä sote-keskusten "
        "toimintaa niin, että alueen asukkaat saavat palvelut oikeaan aikaan ja sosiaali- ja terveydenhuolto "
        "toimii yhdessä koko alueella.",
        "Toinen kappale alkaa tästä.",
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_struck_word_is_recorded_and_kept_out(engine):
    page = Page([Text(60, 100, "Kustannusarvio: 12 000 €"), Text(300, 100, "15 000 €"), Stroke(298, 97, 350)])
    doc = read_pdf("x.pdf", pdf_bytes([page]), engine=engine)
    (line,) = [ln for ln in doc.lines if ln.text]
    assert line.text == "Kustannusarvio: 12 000 €"
    assert line.struck == ["15 000 €"]


@pytest.mark.parametrize("engine", ENGINES)
def test_no_break_spaces_stay_in_the_raw_text(engine):
    page = Page([Text(60, 100, "Kustannusarvio: 1\u00a0182\u00a0060 €")])
    (line,) = [ln for ln in read_pdf("x.pdf", pdf_bytes([page]), engine=engine).lines if ln.text]
    from extract.recognise.money import find_money

    assert [m.value_eur for m in find_money(line.text)] == [1182060]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_heading_by_font_ends_the_units_text(engine):
    from extract.assemble import assemble

    items = block(60, 100, "Työpaketti 1: Hallinto", ["Kustannusarvio: 10 000 €"])
    items += [Text(60, 260, "Riskit ja niiden hallinta", size=14, bold=True), Text(60, 290, "Varaus 5 000 € riskeihin.")]
    doc = read_pdf("x.pdf", pdf_bytes([Page(items)]), engine=engine)
    assert [ln.text for ln in doc.lines if ln.heading] == ["Riskit ja niiden hallinta"]
    plan = assemble(doc)
    (unit,) = plan.units
    assert [(a.money.value_eur, a.unit_key == unit.key) for a in plan.amounts] == [(10000, True), (5000, False)]


@pytest.mark.parametrize("engine", ENGINES)
def test_shaded_cells_of_a_phase_table_are_marks(engine):
    from extract.recognise.tables import classify, phase_marks

    from .pdfgen import Box

    columns = [60, 260, 340, 420]
    labels = [["Vaihe", "1-6/2024", "7-12/2024"], ["1. Suunnittelu", "", ""], ["2. Toteutus", "", ""]]
    items = [Text(60, 80, "Taulukko 1. Vaiheet")]
    for r, row in enumerate(labels):
        top = 100 + 20 * r
        for c, label in enumerate(row):
            items.append(Box(columns[c], top, columns[c + 1], top + 20))
            if label:
                items.append(Text(columns[c] + 3, top + 14, label))
    items += [Box(261, 121, 339, 139, fill=True), Box(341, 141, 419, 159, fill=True)]
    doc = read_pdf("x.pdf", pdf_bytes([Page(items)]), engine=engine)
    (table,) = doc.tables
    assert table.number == "1" and classify(table) == "phase"
    assert [(m.step, m.period_raw, m.mark) for m in phase_marks(table)] == [
        ("1. Suunnittelu", "1-6/2024", "■"),
        ("2. Toteutus", "7-12/2024", "■"),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_unruled_tables_are_read_from_aligned_columns(engine):
    from extract.recognise.tables import classify, cost_cells, phase_marks

    rows = [("Vaihe", "1-6/2024", "7-12/2024"), ("1. Suunnittelu", "x", ""), ("2. Toteutus", "", "x"), ("3. Arviointi", "x", "x")]
    items = [Text(60, 80, "Taulukko 2. Aikataulu")]
    for r, row in enumerate(rows):
        for x, text in zip((60, 260, 360), row):
            if text:
                items.append(Text(x, 110 + 14 * r, text))
    costs = [("Rahoitus", "2024", "Yhteensä"), ("Valtionavustus", "120 500,00", "120 500,00"), ("Omarahoitus", "30 000", "30 000")]
    items.append(Text(60, 200, "Taulukko 3. Kustannukset, €"))
    for r, row in enumerate(costs):
        for x, text in zip((60, 260, 360), row):
            items.append(Text(x, 230 + 14 * r, text))
    doc = read_pdf("x.pdf", pdf_bytes([Page(items)]), engine=engine)
    phase, cost = doc.tables
    assert (phase.number, classify(phase)) == ("2", "phase")
    assert [(m.step, m.period_raw) for m in phase_marks(phase)] == [
        ("1. Suunnittelu", "1-6/2024"), ("2. Toteutus", "7-12/2024"), ("3. Arviointi", "1-6/2024"), ("3. Arviointi", "7-12/2024"),
    ]
    assert (cost.number, classify(cost)) == ("3", "cost")
    assert [(c.row_label, c.column_label, c.value_eur) for c in cost_cells(cost)][:2] == [
        ("Valtionavustus", "2024", 120500), ("Valtionavustus", "Yhteensä", 120500),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_bold_label_after_a_full_line_opens_a_paragraph(engine):
    """A word processor prints "**Kustannusarvio:** 40 000 €" right under a
    paragraph whose last line fills the column, with no spacing between: the
    label in bold, not the width left on the line, says a new paragraph starts."""
    lines = [
        "Hankkeen tavoitteena on kehittää sosiaali- ja terveyspalveluiden tietojohtamista sekä sote-",
        "keskusten toimintaa niin, että alueen asukkaat saavat palvelut oikeaan aikaan ja paikkaan.",
    ]
    items = [Text(60, 100 + 14 * i, line) for i, line in enumerate(lines)]
    items += [Text(60, 128, "Kustannusarvio:", bold=True), Text(145, 128, "40 000 €"),
              Text(60, 142, "Aikataulu:", bold=True), Text(118, 142, "1–6/2025")]
    assert [t for _, t in texts(pdf_bytes([Page(items)]), engine)] == [
        "Hankkeen tavoitteena on kehittää sosiaali- ja terveyspalveluiden tietojohtamista sekä sote-keskusten "
        "toimintaa niin, että alueen asukkaat saavat palvelut oikeaan aikaan ja paikkaan.",
        "Kustannusarvio: 40 000 €",
        "Aikataulu: 1–6/2025",
    ]
