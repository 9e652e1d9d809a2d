"""What a PDF page holds, from one of two engines: words with their boxes,
strokes (thin horizontal lines: strike-through marks), and ruled tables.

* ``pdfium`` (default): text from PDFium through pypdfium2, fast; pdfplumber's
  ``find_tables`` runs only on pages whose drawing has table rulings.
* ``pdfplumber``: everything from pdfplumber, slower; kept so the tests can
  show both engines give the same document.

Coordinates are PDF points from the top-left corner of the page. Words split
at white space and at gaps wider than ``X_TOLERANCE``, as pdfplumber does.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

X_TOLERANCE = 1.5
BOLD_WEIGHT = 600


class PdfOpenError(Exception):
    """The PDF cannot be opened; ``str`` is the one-line reason."""


@dataclass
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


@dataclass
class FoundTable:
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    rows: list[list[str | None]]


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
    except Exception as exc:
        raise PdfOpenError(describe(exc)) from None
    _refuse(count, max_pages)

    def pages() -> Iterator[PageContent]:
        with pdf:
            for page in pdf.pages:
                yield _plumber_page(page)
                page.close()

    return count, pages()


# What an empty cell with a fill reads as (a mark in rules/tables.toml).
SHADED = "■"


def _plumber_tables(page) -> list[FoundTable]:
    """Ruled tables; an empty cell that a filled shape covers is a mark."""
    fills = [r for r in page.rects if r.get("fill") and not _white(r.get("non_stroking_color"))]
    found = []
    for table in page.find_tables():
        rows = table.extract()
        for r, row in enumerate(table.rows):
            for c, box in enumerate(row.cells):
                if box is not None and not (rows[r][c] or "").strip() and _covered(box, fills):
                    rows[r][c] = SHADED
        found.append(FoundTable(table.bbox, rows))
    return found


def _white(color) -> bool:
    if color is None:
        return False
    values = color if isinstance(color, (tuple, list)) else (color,)
    return all(isinstance(v, (int, float)) and v >= 0.95 for v in values) and len(values) in (1, 3)


def _covered(box, fills) -> bool:
    x0, top, x1, bottom = box
    area = max((x1 - x0) * (bottom - top), 1e-6)
    for rect in fills:
        w = min(x1, rect["x1"]) - max(x0, rect["x0"])
        h = min(bottom, rect["bottom"]) - max(top, rect["top"])
        if w > 0 and h > 0 and w * h >= 0.6 * area:
            return True
    return False


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
    except Exception as exc:
        raise PdfOpenError(describe(exc)) from None
    _refuse(count, max_pages)

    def pages() -> Iterator[PageContent]:
        plumber = None
        try:
            for index in range(count):
                page = pdf[index]
                content, ruled = _pdfium_page(page, index + 1)
                page.close()
                if ruled:  # only pages with table rulings pay for pdfplumber
                    if plumber is None:
                        import pdfplumber

                        plumber = pdfplumber.open(io.BytesIO(data))
                    plumber_page = plumber.pages[index]
                    content.tables = _plumber_tables(plumber_page)
                    plumber_page.close()
                    boxes = [t.bbox for t in content.tables]
                    content.words = [w for w in content.words if not _inside((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2, boxes)]
                yield content
        finally:
            if plumber is not None:
                plumber.close()
            pdf.close()

    return count, pages()


def _pdfium_bold(textpage, index: int) -> bool:
    import ctypes

    import pypdfium2.raw as pdfium

    name = ctypes.create_string_buffer(128)
    pdfium.FPDFText_GetFontInfo(textpage.raw, index, name, len(name), None)
    weight = pdfium.FPDFText_GetFontWeight(textpage.raw, index)
    return "bold" in name.value.decode("latin-1").lower() or weight >= BOLD_WEIGHT


def _pdfium_origin_y(textpage, index: int) -> float:
    import ctypes

    import pypdfium2.raw as pdfium

    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium.FPDFText_GetCharOrigin(textpage.raw, index, ctypes.byref(x), ctypes.byref(y))
    return y.value


def _pdfium_page(page, number: int) -> tuple[PageContent, bool]:
    import pypdfium2.raw as pdfium

    height = page.get_size()[1]
    textpage = page.get_textpage()
    words: list[Word] = []
    current: list[tuple[str, tuple, float, int]] = []
    pending_space = " "

    def finish() -> None:
        nonlocal current
        if current:
            boxes = [c[1] for c in current]
            size = Counter(c[2] for c in current).most_common(1)[0][0]
            words.append(Word(
                "".join(c[0] for c in current), min(b[0] for b in boxes), max(b[2] for b in boxes),
                height - max(b[3] for b in boxes), height - min(b[1] for b in boxes), size,
                _pdfium_bold(textpage, current[0][3]), space_before=pending_space,
                baseline=height - _pdfium_origin_y(textpage, current[0][3]),
            ))
            current = []

    count = textpage.count_chars()
    for i in range(count):
        char = chr(pdfium.FPDFText_GetUnicode(textpage.raw, i))
        if char.isspace() or char in "\x00\ufffe\uffff":
            finish()
            pending_space = "\u00a0" if char == "\u00a0" else " "
            continue
        box = textpage.get_charbox(i, loose=True)
        if char == "\x02":  # PDFium's mark for a hyphen that ends a line
            char = "-"
            if current and box[2] - box[0] <= 0:
                box = current[-1][1]
        if current:
            last = current[-1][1]
            gap = box[0] - last[2]
            new_line = abs(box[3] - last[3]) > 3 or box[0] < last[0] - 1
            if gap > X_TOLERANCE or new_line:  # a gap, or the text went on to the next line
                finish()
                pending_space = " "
        size = round(pdfium.FPDFText_GetFontSize(textpage.raw, i), 1)
        current.append((char, box, size, i))
    finish()
    textpage.close()

    strokes, horizontal, vertical = [], 0, 0
    for obj in page.get_objects(filter=[pdfium.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        # bounds include the line width: a stroke up to 3 pt thick is a line
        if top - bottom < 3 and right - left > 5:
            middle = height - (top + bottom) / 2
            strokes.append((left, middle, right, middle))
            horizontal += 1
        elif right - left < 3 and top - bottom > 5:
            vertical += 1
        elif right - left > 5 and top - bottom > 5:  # a rectangle: four edges a table may be ruled with
            horizontal += 2
            vertical += 2
    return PageContent(number, page.get_size()[0], words, strokes, chars=count), horizontal >= 2 and vertical >= 2
