"""One short plan, written by hand, built as a DOCX (python-docx) and as a PDF
(reportlab), in a layout the corpus does not use: a running header and
footer on every page, work packages set in two columns, a phase table whose
marks are partly shaded cells and partly "X", and a cost table.

``EXPECTED`` holds what a reader must find in it, written down before any
reader ran on these documents. LibreOffice turns the DOCX into a third
rendering (tests/test_pdf_parity.py).
"""

from __future__ import annotations

from dataclasses import dataclass

HEADER = "Lapin hyvinvointialue · Hankesuunnitelma 2024–2025"
TITLE = "Etähoidon kehittäminen Lapissa"
INTRO = [
    "Hankkeen toteutusaika on 1.3.2024 – 31.12.2025. Hankkeen kokonaiskustannukset ovat 400 000 euroa, "
    "josta haetaan valtionavustusta 320 000 euroa.",
    "Hanke koostuu kolmesta työpaketista, jotka kuvataan alla.",
]
SECTION = "1 Osa-alue 1: Kotihoidon etäpalvelut"

FILLER = (
    "Työssä kuullaan asiakkaita ja omaisia, ja ratkaisut kokeillaan ensin yhdellä alueella ennen kuin ne "
    "otetaan käyttöön koko hyvinvointialueella. Kokemukset kootaan raportiksi, jota muut alueet voivat käyttää. "
    "Kunnat ja järjestöt osallistuvat työhön alusta asti, ja hankkeen ohjausryhmä seuraa etenemistä "
    "neljännesvuosittain."
)


@dataclass(frozen=True)
class WorkPackage:
    number: str
    title: str
    goal: str
    schedule: str
    cost: str


PACKAGES = [
    WorkPackage("1", "Etähoidon käyttöönotto", "Tavoitteet: kotihoidon käynneistä viidennes tehdään etänä.",
                "Aikataulu: 3/2024 – 12/2025", "Kustannusarvio: 150 000 €"),
    WorkPackage("2", "Laitteet ja yhteydet", "Tavoitteet: jokaisella etähoidon asiakkaalla on toimiva laite.",
                "Aikataulu: 7-12/2024", "Kustannusarvio: 90 000 €"),
    WorkPackage("3", "Henkilöstön koulutus", "Tavoitteet: koko kotihoidon henkilöstö osaa etähoidon.",
                "Aikataulu: 1/2025 – 12/2025", "Kustannusarvio: 160 000 €"),
]

PHASE_CAPTION = "Taulukko 1. Työpakettien vaiheet"
PHASE_HEADER = ["Vaihe", "3-6/2024", "7-12/2024", "1-6/2025", "7-12/2025"]
# (step, marked columns, how the marks are drawn)
PHASE_ROWS = [
    ("1. Etähoidon suunnittelu", (1, 2), "shaded"),
    ("2. Laitteiden hankinta", (2,), "shaded"),
    ("3. Käyttöönotto ja koulutus", (2, 3), "X"),
    ("4. Arviointi", (3, 4), "X"),
]

COST_CAPTION = "Taulukko 2. Kustannukset"
COST_ROWS = [
    ["Kustannuslaji", "2024", "2025", "Yhteensä"],
    ["Henkilöstö", "90 000", "110 000", "200 000"],
    ["Laitteet", "60 000", "20 000", "80 000"],
    ["Palvelut", "40 000", "80 000", "120 000"],
    ["Yhteensä", "190 000", "210 000", "400 000"],
]

# What every rendering must give, written down by hand.
EXPECTED = {
    "units": [("1", "Etähoidon käyttöönotto", 150000.0), ("2", "Laitteet ja yhteydet", 90000.0),
              ("3", "Henkilöstön koulutus", 160000.0)],
    "project": ("2024-03-01", "2025-12-31"),
    # step: the row label as printed, its wrapped lines joined (docs/contract.md)
    "phase_marks": [
        ("1. Etähoidon suunnittelu", "2024-03", "2024-06"),
        ("1. Etähoidon suunnittelu", "2024-07", "2024-12"),
        ("2. Laitteiden hankinta", "2024-07", "2024-12"),
        ("3. Käyttöönotto ja koulutus", "2024-07", "2024-12"),
        ("3. Käyttöönotto ja koulutus", "2025-01", "2025-06"),
        ("4. Arviointi", "2025-01", "2025-06"),
        ("4. Arviointi", "2025-07", "2025-12"),
    ],
    "cost_totals": [("Yhteensä", "Yhteensä", 400000.0), ("Henkilöstö", "Yhteensä", 200000.0)],
    # the opening's total and aid, each unit's cost, the closing sentence's total
    "prose_amounts": [400000.0, 320000.0, 150000.0, 90000.0, 160000.0, 400000.0],
}


def phase_cells() -> list[list[str]]:
    """The phase table as text, marks written "X" and shaded cells empty."""
    rows = [PHASE_HEADER]
    for step, marked, how in PHASE_ROWS:
        rows.append([step] + ["X" if c in marked and how == "X" else "" for c in range(1, len(PHASE_HEADER))])
    return rows


def shaded_cells() -> list[tuple[int, int]]:
    """(row, column) of the shaded cells, the header being row 0."""
    return [(r, c) for r, (_s, marked, how) in enumerate(PHASE_ROWS, start=1) if how == "shaded" for c in marked]


# --- DOCX -------------------------------------------------------------------


def write_docx(path: str) -> None:
    import docx
    from docx.enum.section import WD_SECTION
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10)

    def columns(section, count: int) -> None:
        cols = section._sectPr.find(qn("w:cols"))
        if cols is None:
            cols = OxmlElement("w:cols")
            section._sectPr.append(cols)
        cols.set(qn("w:num"), str(count))
        cols.set(qn("w:space"), "567")

    first = document.sections[0]
    first.header.paragraphs[0].text = HEADER
    footer = first.footer.paragraphs[0]
    footer.add_run("Sivu ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)

    document.add_heading(TITLE, level=0)
    for paragraph in INTRO:
        document.add_paragraph(paragraph)
    document.add_heading(SECTION, level=1)

    columns(document.add_section(WD_SECTION.CONTINUOUS), 2)
    for wp in PACKAGES:
        document.add_heading(f"Työpaketti {wp.number}: {wp.title}", level=2)
        document.add_paragraph(FILLER)
        for line in (wp.goal, wp.schedule, wp.cost):
            document.add_paragraph(line)
        document.add_paragraph(FILLER)

    columns(document.add_section(WD_SECTION.CONTINUOUS), 1)
    document.add_paragraph(PHASE_CAPTION)
    _docx_table(document, phase_cells(), shaded_cells())
    document.add_paragraph("")
    document.add_paragraph(COST_CAPTION)
    _docx_table(document, COST_ROWS, [])
    document.add_paragraph("Työpakettien kustannukset ovat yhteensä 400 000 euroa.")
    document.save(path)


def _docx_table(document, rows: list[list[str]], shaded: list[tuple[int, int]]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = value
            if (r, c) in shaded:
                shading = OxmlElement("w:shd")
                shading.set(qn("w:val"), "clear")
                shading.set(qn("w:color"), "auto")
                shading.set(qn("w:fill"), "7F7F7F")
                cell._tc.get_or_add_tcPr().append(shading)


# --- reportlab ----------------------------------------------------------------


def pdf_by_reportlab() -> bytes:
    import io

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import (BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate, Paragraph,
                                    Spacer, Table, TableStyle)

    styles = getSampleStyleSheet()
    body, heading = styles["BodyText"], styles["Heading2"]
    width, height = A4
    margin, gutter = 56, 18

    def furniture(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 9)
        canvas.drawString(margin, height - 36, HEADER)
        canvas.drawString(margin, 30, f"Sivu {doc.page}")
        canvas.restoreState()

    one = Frame(margin, 56, width - 2 * margin, height - 120, id="one")
    half = (width - 2 * margin - gutter) / 2
    left = Frame(margin, 56, half, height - 120, id="left")
    right = Frame(margin + half + gutter, 56, half, height - 120, id="right")
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=A4, title=TITLE)
    doc.addPageTemplates([PageTemplate("one", [one], onPage=furniture),
                          PageTemplate("two", [left, right], onPage=furniture)])

    story = [Paragraph(TITLE, styles["Title"])]
    story += [Paragraph(p, body) for p in INTRO]
    story += [Paragraph(SECTION, styles["Heading1"]), NextPageTemplate("two"), PageBreak()]
    for wp in PACKAGES:
        story.append(Paragraph(f"Työpaketti {wp.number}: {wp.title}", heading))
        story += [Paragraph(FILLER, body), Paragraph(wp.goal, body), Paragraph(wp.schedule, body),
                  Paragraph(wp.cost, body), Paragraph(FILLER, body)]
    story += [NextPageTemplate("one"), PageBreak(), Paragraph(PHASE_CAPTION, body)]
    grid = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
    shading = [("BACKGROUND", (c, r), (c, r), colors.grey) for r, c in shaded_cells()]
    story.append(Table(phase_cells(), style=TableStyle(grid + shading)))
    story += [Spacer(1, 18), Paragraph(COST_CAPTION, body), Table(COST_ROWS, style=TableStyle(grid))]
    story.append(Paragraph("Työpakettien kustannukset ovat yhteensä 400 000 euroa.", body))
    doc.build(story)
    return buffer.getvalue()
