"""A text export printed to PDF by a word processor reads like the export.

Opened in LibreOffice or Word, a text export's tabs jump to the default tab
stops (every 1.25 cm or 1.27 cm): the marks of a phase table no longer stand
under their headers, empty cells and trailing tabs leave no trace, long rows
wrap. The PDF reader counts the stops each jump crosses, so the cells come
back. Expected values are written by hand from the export below.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from extract.pipeline import process
from extract.readers.pdf import read_pdf

from .pdfgen import Page, Text, pdf_bytes

EXPORT = """Saariston liikkuvat palvelut

Hankkeen toteutusaika on 1.9.2024 – 30.6.2026.

[bookmark: _Toc4711]Työpaketti 1: Reitit ja veneet

Kustannusarvio: 220 000 €

Taulukko 1. Vaiheistus

VAIHE\t9-12/2024\t1-6/2025\t7-12/2025\t1-6/2026
1. Reittien suunnittelu\tX\tX\t\t
2. Palveluveneen hankinta\t\tX\t\t
3. Kokeilu saaristossa\t\t\tX\tX
4. Loppuraportin kirjoittaminen ja tulosten levittäminen alueen kaikille kunnille ja järjestöille\t\t\t\tX
5. Palveluveneen aikataulujen ja pysähdyspaikkojen sovittaminen yhteen\tX\tX\tX\tX

Taulukko 2. Kustannukset

Rahoitus / vuosi\t2024\t2025\t2026\tYhteensä
Kustannukset yhteensä €\t40 000\t120 000\t60 000\t220 000
josta\t\t\t\t
Valtionavustus\t32 000\t96 000\t48 000\t176 000
Omarahoitus\t8 000\t24 000\t12 000\t44 000

Hanke päättyy 30.6.2026.
"""

MARKS = [
    ("1. Reittien suunnittelu", "2024-09", "2024-12"),
    ("1. Reittien suunnittelu", "2025-01", "2025-06"),
    ("2. Palveluveneen hankinta", "2025-01", "2025-06"),
    ("3. Kokeilu saaristossa", "2025-07", "2025-12"),
    ("3. Kokeilu saaristossa", "2026-01", "2026-06"),
    ("4. Loppuraportin kirjoittaminen ja tulosten levittäminen alueen kaikille kunnille ja järjestöille",
     "2026-01", "2026-06"),
    # a row whose marks do not all fit on its line: the word processor wraps them
    ("5. Palveluveneen aikataulujen ja pysähdyspaikkojen sovittaminen yhteen", "2024-09", "2024-12"),
    ("5. Palveluveneen aikataulujen ja pysähdyspaikkojen sovittaminen yhteen", "2025-01", "2025-06"),
    ("5. Palveluveneen aikataulujen ja pysähdyspaikkojen sovittaminen yhteen", "2025-07", "2025-12"),
    ("5. Palveluveneen aikataulujen ja pysähdyspaikkojen sovittaminen yhteen", "2026-01", "2026-06"),
]
COSTS = {
    ("Kustannukset yhteensä €", "2025"): 120000.0,
    ("Kustannukset yhteensä €", "Yhteensä"): 220000.0,
    ("Valtionavustus", "2024"): 32000.0,
    ("Valtionavustus", "Yhteensä"): 176000.0,
    ("Omarahoitus", "2026"): 12000.0,
    ("Omarahoitus", "Yhteensä"): 44000.0,
}


def facts(path: str, data: bytes):
    plan, record = process(path, data)
    assert record.status == "ok", record.error
    marks = [(m.step, m.start, m.end) for t in plan.tables for m in t.phase_marks]
    costs = {(c.row_label, c.column_label): c.value_eur for t in plan.tables for c in t.cost_cells}
    units = [(u.number, u.title, u.cost_eur) for u in plan.units]
    return [t.kind for t in plan.tables], marks, costs, units


@pytest.fixture(scope="module")
def export_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    txt = folder / "saaristo.txt"
    txt.write_text(EXPORT, encoding="utf-8")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return txt, None
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(txt)], capture_output=True, timeout=180, check=True)
    return txt, folder / "saaristo.pdf"


def test_the_export_itself(export_files):
    txt, _pdf = export_files
    kinds, marks, costs, units = facts(str(txt), txt.read_bytes())
    assert kinds == ["phase", "cost"]
    assert marks == MARKS
    assert {k: costs[k] for k in COSTS} == COSTS
    assert units == [("1", "Reitit ja veneet", 220000.0)]


def test_the_export_printed_by_libreoffice_reads_the_same(export_files):
    _txt, pdf = export_files
    if pdf is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    kinds, marks, costs, units = facts(str(pdf), pdf.read_bytes())
    assert kinds == ["phase", "cost"]
    assert marks == MARKS
    assert {k: costs[k] for k in COSTS} == COSTS
    assert len(costs) == 12  # three rows of four numbers; "josta" has none
    assert units == [("1", "Reitit ja veneet", 220000.0)]  # the bookmark artefact is not in the title


STOP = 35.43  # LibreOffice's default tab stop, 1.25 cm
LEFT = 60


def typed_row(cells: list[str], y: float) -> list[Text]:
    """A row as a word processor prints "cell<TAB>cell…": each tab jumps to
    the next default stop after the text before it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    items, x = [], LEFT
    for n, cell in enumerate(cells):
        if n:
            x = LEFT + STOP * (int((x - LEFT) // STOP) + 1)
        if cell:
            items.append(Text(x, y, cell))
            x += stringWidth(cell, "Helvetica", 10)
    return items


def test_typed_tabs_give_back_empty_cells():
    rows = [["Tehtävä", "Q1/2025", "Q2/2025", "Q3/2025"], ["Kysely", "x", "", ""], ["Haastattelut", "", "x", "x"],
            ["Raportti", "", "", "x"]]
    items = [Text(LEFT, 60, "Haastattelut tehdään keväällä, ja kyselyn tulokset ovat käytössä ennen niitä."),
             Text(LEFT, 80, "Taulukko 5. Aikataulu")]
    for r, row in enumerate(rows):
        items += typed_row(row, 110 + 16 * r)
    doc = read_pdf("x.pdf", pdf_bytes([Page(items)]))
    (table,) = doc.tables
    assert table.caption == "Taulukko 5. Aikataulu"
    assert [[c.text for c in row] for row in table.rows] == rows


def test_one_word_on_a_tab_stop_by_chance_is_no_tab():
    """Text drawn in two pieces, the second starting at a stop a space's
    width after the first: one sentence, not two cells."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    first = "Hankkeen tavoitteena on"
    x = LEFT + STOP * 4 - 3 - stringWidth(first, "Helvetica", 10)  # ends 3 pt before the fourth stop
    items = [Text(LEFT, 80, "Alueen asukkaat."), Text(x, 100, first),
             Text(LEFT + STOP * 4, 100, "kehittää palveluja.")]
    doc = read_pdf("x.pdf", pdf_bytes([Page(items)]))
    assert not doc.tables
    assert [ln.text for ln in doc.lines if ln.text][-1] == "Hankkeen tavoitteena on kehittää palveluja."
