"""The PDF reader: paragraphs from visual lines, tables across pages, parity
with the text exports, and PDFs that cannot be read."""

from __future__ import annotations

import pytest

from extract.readers import ReadError, read

from .conftest import CORPUS, RENDERED
from .formats import comparable

STEMS = ["000_f8ae5a0080d48314", "002_e93039f89c2ced21", "003_6c4a6b2977e6c292", "004_72151800bfc5fa4a"]


@pytest.mark.parametrize("stem", STEMS)
def test_rendered_pdf_gives_what_the_text_export_gives(stem):
    assert comparable(str(RENDERED / f"{stem}.pdf")) == comparable(str(CORPUS / f"{stem}.txt"))


def test_pdf_lines_are_paragraphs_with_page_and_line():
    doc = read(str(RENDERED / "002_e93039f89c2ced21.pdf"))
    assert doc.pages > 5
    (heading,) = [ln for ln in doc.lines if ln.text.startswith("Työpaketti 1: Pitkäaikaissairaat")]
    # one paragraph, though the PDF wraps it over two lines
    assert heading.text.endswith("muutoskyvykkyyden lisääminen ja häiriökysynnän vähentäminen")
    assert heading.page > 1 and heading.number >= 1


def test_struck_text_in_a_pdf_is_recorded_not_read():
    doc = read(str(RENDERED / "000_f8ae5a0080d48314.pdf"))
    struck = [ln for ln in doc.lines if ln.struck]
    assert any("Taloushallinnon" in " ".join(ln.struck) for ln in struck)
    assert not any("raportointijärjestelmän uudistus on hankittu" in ln.text for ln in doc.lines)


def test_a_table_split_by_a_page_break_is_one_table():
    doc = read(str(RENDERED / "000_f8ae5a0080d48314.pdf"))
    t6 = next(t for t in doc.tables if t.number == "6")
    assert t6.header == ["VAIHE", "8-12/ 2020", "1-3/ 2021", "4-6/ 2021", "7-9/ 2021", "10-12/ 2021"]
    assert len(doc.tables) == 25


@pytest.mark.parametrize(
    "content, message",
    [
        (b"%PDF-1.4\n%garbage only", "broken PDF"),
        (b"\x89PNG\r\n\x1a\n not a pdf", "broken PDF"),
    ],
)
def test_unreadable_pdfs_fail_with_a_reason(tmp_path, content, message):
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    with pytest.raises(ReadError, match=message):
        read(str(path))


@pytest.mark.parametrize("stem", ["002_e93039f89c2ced21", "004_72151800bfc5fa4a"])
def test_both_pdf_engines_read_the_same_document(stem):
    """The fast path (PDFium text, pdfplumber tables only where rulings are)
    must not change results: compare with pdfplumber on every page."""
    from extract.assemble import assemble
    from extract.readers.pdf import read_pdf

    data = (RENDERED / f"{stem}.pdf").read_bytes()
    fast, slow = read_pdf(stem, data), read_pdf(stem, data, engine="pdfplumber")
    assert [(ln.page, ln.text) for ln in fast.lines if ln.text] == [(ln.page, ln.text) for ln in slow.lines if ln.text]
    assert [[[c.text for c in row] for row in t.rows] for t in fast.tables] == [
        [[c.text for c in row] for row in t.rows] for t in slow.tables
    ]
    assert assemble(fast).units == assemble(slow).units
