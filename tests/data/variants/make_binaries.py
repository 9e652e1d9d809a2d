"""Write the DOCX and PDF variant plans from the content below.

Run from the repository root: ``python tests/data/variants/make_binaries.py``.
The DOCX is built with python-docx plus raw WordprocessingML for what
python-docx has no API for (automatic numbering, content controls); the PDF
with the small writer of ``tests/pdfgen.py``. Neither goes through our readers.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

NUMBERING = f"""<w:numbering xmlns:w="{W_NS}">
  <w:abstractNum w:abstractNumId="10">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="11">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="12">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\u2022"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="20"><w:abstractNumId w:val="10"/></w:num>
  <w:num w:numId="21"><w:abstractNumId w:val="11"/></w:num>
  <w:num w:numId="22"><w:abstractNumId w:val="12"/></w:num>
</w:numbering>"""


def _numbered(paragraph, num_id: int, level: int = 0) -> None:
    from docx.oxml import parse_xml

    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(
        f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
    ))


def _into_content_control(paragraphs) -> None:
    """Wrap paragraphs in a block-level content control (w:sdt), as a form template does."""
    from docx.oxml import parse_xml

    first = paragraphs[0]._p
    sdt = parse_xml(f'<w:sdt xmlns:w="{W_NS}"><w:sdtPr><w:alias w:val="Työpaketti"/></w:sdtPr><w:sdtContent/></w:sdt>')
    first.addprevious(sdt)
    content = sdt.find(f"{{{W_NS}}}sdtContent")
    for paragraph in paragraphs:
        content.append(paragraph._p)


def word_plan(path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    for child in parse_xml(NUMBERING):
        numbering.append(copy.deepcopy(child))
    document.add_paragraph("Ikäihmisten kotiin annettavat palvelut", style="Title")
    _numbered(document.add_paragraph("Johdanto", style="Heading 1"), 20)
    document.add_paragraph("Hankkeessa kehitetään kotihoitoa ja omaishoitoa.")
    _numbered(document.add_paragraph("Toimenpiteet", style="Heading 1"), 20)
    document.add_paragraph("Työpaketti 1: Kotihoidon optimointi", style="Heading 2")
    document.add_paragraph("Tavoitteet", style="Heading 3")
    document.add_paragraph("Käyntien suunnittelu automatisoidaan.")
    document.add_paragraph("Toimenpiteet", style="Heading 3")
    _numbered(document.add_paragraph("Hankitaan optimointijärjestelmä"), 21)
    _numbered(document.add_paragraph("Koulutetaan henkilöstö"), 21)
    document.add_paragraph("Kustannusarvio", style="Heading 3")
    document.add_paragraph("75 000 €")
    controlled = [
        document.add_paragraph("Työpaketti 2: Omaishoidon tuki", style="Heading 2"),
        document.add_paragraph("Tavoitteet: Omaishoitajat jaksavat paremmin."),
        document.add_paragraph("Kustannusarvio: 40 000 €"),
    ]
    _into_content_control(controlled)
    _numbered(document.add_paragraph("Vertaisryhmät kokoontuvat kuukausittain."), 22)
    _numbered(document.add_paragraph("Riskit", style="Heading 1"), 20)
    document.add_paragraph("Riskinä on henkilöstön vaihtuvuus.")
    document.save(path)


def pdf_plan(path: Path) -> None:
    from tests.pdfgen import Page, Text, pdf_bytes

    lines = [
        (16, True, "Liikkumisen tuen hanke"),
        (13, True, "1 Osa-alue 1: Liikkumisen tuki"),
        (12, True, "Työpaketti 1: Kuljetuspalvelut"),
        (10, True, "Tavoitteet"),
        (10, False, "Kuljetuspalvelut yhdistetään yhdeksi palveluksi."),
        (10, True, "Kustannusarvio"),
        (10, False, "55 000 €"),
        (12, True, "Työpaketti 2: Apuvälinelainaamo"),
        (10, True, "Tavoitteet"),
        (10, False, "Lainaamo palvelee koko aluetta."),
        (10, True, "Kustannusarvio"),
        (10, False, "35 000 €"),
        (13, True, "2 Arviointi"),
        (10, False, "Hankkeen vaikutuksia arvioidaan kyselyin."),
    ]
    items, y = [], 60.0
    for size, bold, text in lines:
        y += size * 2.2
        items.append(Text(60, y, text, size=size, bold=bold))
    path.write_bytes(pdf_bytes([Page(items)]))


def word_typographic_plan(path: Path) -> None:
    """Headings by Word style only (no number, no unit word) and one short
    paragraph set in bold inside a unit."""
    import docx

    document = docx.Document()
    document.add_paragraph("Arjen tuki kotona", style="Title")
    document.add_paragraph("Tausta", style="Heading 1")
    document.add_paragraph("Hanke vahvistaa kotona asumisen tukea kahdessa kunnassa.")
    document.add_paragraph("Toimenpiteet", style="Heading 1")
    document.add_paragraph("Kotihoito", style="Heading 2")
    document.add_paragraph("Työpaketti 1: Etähoiva", style="Heading 3")
    document.add_paragraph("Tavoitteet", style="Heading 4")
    document.add_paragraph("Etähoivakäynnit korvaavat osan kotikäynneistä.")
    document.add_paragraph("Kustannusarvio", style="Heading 4")
    document.add_paragraph("60 000 €")
    document.add_paragraph("Työpaketti 2: Kotikuntoutus", style="Heading 3")
    document.add_paragraph("Kustannusarvio: 45 000 €")
    document.add_paragraph("Omaishoito", style="Heading 2")
    document.add_paragraph("Työpaketti 1: Omaishoitajien valmennus", style="Heading 3")
    bold = document.add_paragraph()
    bold.add_run("Toteutus").bold = True
    document.add_paragraph("Valmennus järjestetään pienryhmissä.")
    document.add_paragraph("Kustannusarvio: 30 000 €")
    document.add_paragraph("Riskit", style="Heading 1")
    document.add_paragraph("Riskinä on henkilöstön saatavuus.")
    document.save(path)


def pdf_font_size_plan(path: Path) -> None:
    """Headings told only by font size and weight, drawn with reportlab."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    lines = [
        (18, True, "Kotona asumisen tuki"),
        (14, True, "Tausta"),
        (10, False, "Hanke tukee ikäihmisten kotona asumista."),
        (14, True, "Toimenpiteet"),
        (12, True, "Kotihoito"),
        (11, True, "Työpaketti 1: Etähoiva"),
        (10, True, "Tavoitteet"),
        (10, False, "Etähoivakäynnit korvaavat osan kotikäynneistä."),
        (10, True, "Kustannusarvio"),
        (10, False, "60 000 €"),
        (11, True, "Työpaketti 2: Kotikuntoutus"),
        (10, False, "Kustannusarvio: 45 000 €"),
        (12, True, "Asuminen"),
        (11, True, "Työpaketti 1: Asuntojen muutostyöt"),
        (10, True, "Kustannusarvio"),
        (10, False, "80 000 €"),
        (14, True, "Riskit"),
        (10, False, "Riskinä on henkilöstön saatavuus."),
    ]
    pdf = canvas.Canvas(str(path), pagesize=A4)
    y = A4[1] - 60
    for size, bold, text in lines:
        y -= size * 2.2
        pdf.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        pdf.drawString(60, y, text)
    pdf.showPage()
    pdf.save()


if __name__ == "__main__":
    word_plan(HERE / "08_word_numbering_and_controls.docx")
    pdf_plan(HERE / "09_pdf_bold_labels.pdf")
    word_typographic_plan(HERE / "14_word_typographic_headings.docx")
    pdf_font_size_plan(HERE / "15_pdf_font_size_headings.pdf")
