"""What a PDF page holds, from one of two engines: words with their boxes,
strokes (thin horizontal lines: strike-through marks), and ruled tables.

* ``pdfium`` (default): everything from PDFium through pypdfium2, read in
  bulk (:mod:`.pdfium_page`); ruled tables from PDFium's path objects,
  through pdfplumber's table-finder steps (:mod:`.pdf_tables`), so no page
  is parsed twice. pdfplumber opens the file only when PDFium cannot.
* ``pdfplumber``: everything from pdfplumber (pdfminer), several times
  slower; kept so the tests can show both engines give the same document.

Coordinates are PDF points from the top-left corner of the page. Words split
at white space and at gaps wider than ``X_TOLERANCE``, as pdfplumber does.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from .pdf_tables import SHADED, FoundTable, covered

X_TOLERANCE = 1.5


class PdfOpenError(Exception):
    """The PDF cannot be opened; ``str`` is the one-line reason."""


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    struck: bool = False
    space_before: str = " "  # the white-space character printed before it
    baseline: float = 0.0  # where the letters stand; lines are spaced by it
    # the page jumps to it (PDFium generated the space before it): a tab may stand there
    jumped: bool = False


@dataclass
class PageContent:
    number: int
    width: float
    words: list[Word]
    strokes: list[tuple[float, float, float, float]]  # x0, top, x1, bottom
    tables: list[FoundTable] = field(default_factory=list)
    chars: int = 0


def open_pages(data: bytes, engine: str, max_pages: int) -> tuple[int, Iterator[PageContent]]:
    """The page count, and the pages one at a time (memory stays bounded).
    A file PDFium refuses is tried with pdfplumber, which is more lenient
    with some damage and names the problem more precisely."""
    if engine == "pdfplumber":
        return _plumber_pages(data, max_pages)
    try:
        return _pdfium_pages(data, max_pages)
    except PdfOpenError as exc:
        if "pages" in str(exc):
            raise
        return _plumber_pages(data, max_pages)


def _refuse(count: int, max_pages: int) -> None:
    if count == 0:
        raise PdfOpenError("the PDF has no pages")
    if count > max_pages:
        raise PdfOpenError(f"the PDF has {count} pages, over the {max_pages}-page limit")


def describe(exc: Exception) -> str:
    """A one-line reason for an exception from either engine."""
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc  # pdfplumber wraps pdfminer's
    name, detail = type(inner).__name__, str(inner) or type(inner).__name__
    if "password" in (name + detail).lower() or "encrypt" in name.lower():
        return "encrypted PDF: it needs a password to open"
    return f"broken PDF: {name}: {detail}".splitlines()[0][:200]


def _inside(x: float, y: float, boxes) -> bool:
    return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)


# --- pdfplumber -------------------------------------------------------------


def _plumber_pages(data: bytes, max_pages: int):
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        count = len(pdf.pages)
    except MemoryError:
        raise
    except Exception as exc:
        raise PdfOpenError(describe(exc)) from None
    _refuse(count, max_pages)

    def pages() -> Iterator[PageContent]:
        with pdf:
            for page in pdf.pages:
                yield _plumber_page(page)
                page.close()

    return count, pages()


def _plumber_tables(page) -> list[FoundTable]:
    """Ruled tables; an empty cell that a filled shape covers is a mark."""
    fills = [(r["x0"], r["top"], r["x1"], r["bottom"]) for r in page.rects
             if r.get("fill") and not _white(r.get("non_stroking_color"))]
    found = []
    for table in page.find_tables():
        rows = table.extract()
        for r, row in enumerate(table.rows):
            for c, box in enumerate(row.cells):
                if box is not None and not (rows[r][c] or "").strip() and covered(box, fills):
                    rows[r][c] = SHADED
        found.append(FoundTable(table.bbox, rows))
    return found


def _white(color) -> bool:
    if color is None:
        return False
    values = color if isinstance(color, (tuple, list)) else (color,)
    return all(isinstance(v, (int, float)) and v >= 0.95 for v in values) and len(values) in (1, 3)


def _plumber_page(page) -> PageContent:
    tables = _plumber_tables(page)
    boxes = [t.bbox for t in tables]
    words = [
        Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], round(w["size"], 1), "bold" in w["fontname"].lower(),
             baseline=w["bottom"])  # a glyph box's bottom is the baseline plus the font's descent
        for w in page.extract_words(x_tolerance=X_TOLERANCE, y_tolerance=2, extra_attrs=["size", "fontname"])
        if not _inside((w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2, boxes)
    ]
    strokes = [(o["x0"], o["top"], o["x1"], o["bottom"]) for o in page.lines + page.rects if abs(o["bottom"] - o["top"]) < 3]
    return PageContent(page.page_number, page.width, words, strokes, tables, len(page.chars))


# --- pdfium -----------------------------------------------------------------


def _pdfium_pages(data: bytes, max_pages: int):
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
        count = len(pdf)
    except MemoryError:
        raise
    except Exception as exc:
        raise PdfOpenError(describe(exc)) from None
    _refuse(count, max_pages)

    def pages() -> Iterator[PageContent]:
        fonts: dict = {}  # what each font is (weight, descent), learnt once per document
        try:
            for index in range(count):
                yield _pdfium_page(pdf[index], index + 1, fonts)
        finally:
            pdf.close()

    return count, pages()


def _pdfium_page(page, number: int, fonts: dict) -> PageContent:
    """Words, strokes and ruled tables of one page, all from PDFium."""
    from .pdf_tables import ruled_tables
    from .pdfium_page import read_drawing, read_words

    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        words, chars = read_words(textpage, height, fonts)
    finally:
        textpage.close()
    drawing = read_drawing(page, height)
    page.close()
    tables, words = ruled_tables(drawing.edges, words, drawing.fills)
    return PageContent(number, width, words, drawing.strokes, tables, chars)
