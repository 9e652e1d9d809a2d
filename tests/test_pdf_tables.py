"""Ruled tables from PDFium's drawing are the tables pdfplumber finds.

The fast engine takes a page's rulings from PDFium's path objects and runs
pdfplumber's table-finder steps on them; the slow engine lets pdfplumber
(pdfminer) parse the page itself. Page by page, both must find the same
tables with the same cells: on the rendered corpus, on PDFs drawn here
(rectangles, line segments, a merged cell, shading) and on the reportlab
plan of tests/plan_documents.py.
"""

from __future__ import annotations

import pytest

from extract.readers.pdf_pages import open_pages

from .conftest import RENDERED
from .pdfgen import Box, Page, Rule, Text, pdf_bytes
from .plan_documents import pdf_by_reportlab


def tables_per_page(data: bytes, engine: str) -> list[list[tuple]]:
    _count, pages = open_pages(data, engine, 500)
    return [[(t.bbox, t.rows) for t in page.tables] for page in pages]


def assert_same_tables(data: bytes) -> int:
    fast, slow = tables_per_page(data, "pdfium"), tables_per_page(data, "pdfplumber")
    assert len(fast) == len(slow)
    for number, (mine, theirs) in enumerate(zip(fast, slow), start=1):
        assert [rows for _box, rows in mine] == [rows for _box, rows in theirs], f"page {number}"
        for (box, _), (other, _) in zip(mine, theirs):
            assert box == pytest.approx(other, abs=1.5), f"page {number}"
    return sum(len(page) for page in fast)


def test_rendered_corpus_tables_are_pdfplumbers():
    counts = {pdf.stem: assert_same_tables(pdf.read_bytes()) for pdf in sorted(RENDERED.glob("*.pdf"))}
    assert counts["000_f8ae5a0080d48314"] >= 25  # its 25 tables, some split over two pages
    assert counts["003_6c4a6b2977e6c292"] == 0  # a plan without tables


def grid(columns: list[float], top: float, rows: list[list[str]], height: float = 20, rects: bool = True) -> list:
    """A table ruled by rectangles (one per cell) or by line segments."""
    items = []
    bottom = top + height * len(rows)
    for r, row in enumerate(rows):
        y = top + height * r
        for c, label in enumerate(row):
            if rects:
                items.append(Box(columns[c], y, columns[c + 1], y + height))
            if label:
                items.append(Text(columns[c] + 3, y + 14, label))
    if not rects:
        items += [Rule(columns[0], top + height * r, columns[-1], top + height * r) for r in range(len(rows) + 1)]
        items += [Rule(x, top, x, bottom) for x in columns]
    return items


PHASES = [["Työvaihe", "Q1/2025", "Q2/2025", "Q3/2025"], ["Kartoitus", "x", "", ""], ["Kokeilu", "", "x", "x"]]
COSTS = [["Menolaji", "Euroa"], ["Palkat", "52 000"], ["Matkat", "3 500"], ["Yhteensä", "55 500"]]


def test_tables_ruled_by_rectangles_and_by_segments():
    page = Page([Text(60, 60, "Taulukko 3. Aikataulu"), *grid([60, 200, 280, 360, 440], 80, PHASES),
                 Text(60, 180, "Taulukko 4. Menot"), *grid([60, 250, 380], 200, COSTS, rects=False)])
    assert assert_same_tables(pdf_bytes([page])) == 2


def test_shaded_cells_and_a_merged_cell():
    items = grid([60, 200, 280, 360], 80, [["Vaihe", "2025", "2026"], ["Valmistelu", "", ""], ["Toteutus", "", ""]])
    items += [Box(201, 101, 279, 119, fill=True), Box(281, 121, 359, 139, fill=True)]
    # a title row over two columns: ruled around, no line between its cells
    items += [Rule(60, 160, 360, 160), Rule(60, 180, 360, 180), Rule(60, 160, 60, 220), Rule(360, 160, 360, 220),
              Rule(200, 180, 200, 220), Rule(60, 200, 360, 200), Rule(60, 220, 360, 220),
              Text(63, 174, "Rahoitus yhteensä"), Text(63, 194, "Valtionavustus"), Text(203, 194, "80 000"),
              Text(63, 214, "Omarahoitus"), Text(203, 214, "20 000")]
    data = pdf_bytes([Page(items)])
    assert assert_same_tables(data) == 2
    (_count, pages) = open_pages(data, "pdfium", 500)
    first, second = next(iter(pages)).tables
    assert first.rows[1:] == [["Valmistelu", "■", ""], ["Toteutus", "", "■"]]
    assert second.rows[0] == ["Rahoitus yhteensä", None]


def test_reportlab_plan_tables():
    assert assert_same_tables(pdf_by_reportlab()) == 2
