"""One PDF page read through PDFium (pypdfium2), in bulk.

Words: the page's text comes out of PDFium in one call, and is split into
words at white space (PDFium already inserts a space wherever the printed
text has a gap). A word then costs a few calls (the boxes of its first and
last character, its text object) instead of several calls per character;
font size, weight and baseline are read once per text object. A word whose
characters span text objects (a font change inside it, a hyphen PDFium
marks at a line's end) is read character by character, as pdfplumber would
split it: at gaps wider than ``X_TOLERANCE`` and where the text moves to
another line.

Drawing: every path (also inside form XObjects) becomes the straight,
axis-parallel edges it draws — the table rulings — and, when filled with a
colour, a filled box (a shaded cell). Coordinates are PDF points from the
page's top-left corner, as pdfplumber gives them.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass

import pypdfium2.raw as pdfium

from .pdf_pages import X_TOLERANCE, Word

BOLD_WEIGHT = 600
# Runs of characters between white space (and PDFium's NUL and non-character marks).
TOKEN = re.compile(r"[^\s\x00\ufffe\uffff]+")
HYPHEN_MARK = "\x02"  # PDFium's character for a hyphen that ends a line
# A drawn segment this close to horizontal or vertical is a ruling.
AXIS_SLACK = 0.5
# Fill colours this light (0–255 per channel) are paper, not shading.
WHITE_LEVEL = 242

# The two calls made for every word, declared with plain addresses: ctypes then
# converts nothing and a text object compares as an integer.
_VOID = ctypes.c_void_p
_text_object = ctypes.cast(pdfium.FPDFText_GetTextObject, ctypes.CFUNCTYPE(_VOID, _VOID, ctypes.c_int))
_loose_box = ctypes.cast(pdfium.FPDFText_GetLooseCharBox, ctypes.CFUNCTYPE(ctypes.c_int, _VOID, ctypes.c_int, _VOID))
_generated = ctypes.cast(pdfium.FPDFText_IsGenerated, ctypes.CFUNCTYPE(ctypes.c_int, _VOID, ctypes.c_int))
_font_of = ctypes.cast(pdfium.FPDFTextObj_GetFont, ctypes.CFUNCTYPE(_VOID, _VOID))
_descent = ctypes.cast(pdfium.FPDFFont_GetDescent,
                       ctypes.CFUNCTYPE(ctypes.c_int, _VOID, ctypes.c_float, ctypes.POINTER(ctypes.c_float)))


@dataclass(frozen=True)
class Edge:
    """A horizontal or vertical line segment the page draws."""

    orientation: str  # "h" or "v"
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class Drawing:
    """A page's drawing, as far as reading needs it."""

    edges: list[Edge]
    fills: list[tuple[float, float, float, float]]  # x0, top, x1, bottom of coloured fills
    strokes: list[tuple[float, float, float, float]]  # thin horizontal lines (strike-through marks)


# --- words ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    """What all characters of one text object share: one font at one size on
    one baseline. The box is the font's: from its descent to one em above
    (as pdfminer sets it), so every word of a line has the same top and bottom
    whatever its letters."""

    size: float
    bold: bool
    baseline: float  # from the page's top
    top: float
    bottom: float


class _TextObjects:
    """The :class:`_Style` of each text object of a page, read once; what
    depends on the font alone (weight, descent) once per document."""

    def __init__(self, textpage, height: float, fonts: dict) -> None:
        self.raw, self.height, self.fonts = textpage, height, fonts
        self.address = ctypes.cast(textpage, _VOID).value
        self.cache: dict[int, _Style] = {}
        self.name = ctypes.create_string_buffer(128)
        self.x, self.y = ctypes.c_double(), ctypes.c_double()
        self.matrix = pdfium.FS_MATRIX()
        self.descent = ctypes.c_float()

    def key(self, index: int) -> int | None:
        return _text_object(self.address, index)

    def style(self, key: int | None, index: int) -> _Style:
        """The style of the object ``key`` that character ``index`` belongs to."""
        found = self.cache.get(key) if key is not None else None
        if found is None:
            found = self._read(index)
            if key is not None:
                self.cache[key] = found
        return found

    def _read(self, index: int) -> _Style:
        raw = self.raw
        size = pdfium.FPDFText_GetFontSize(raw, index)
        if pdfium.FPDFText_GetMatrix(raw, index, self.matrix):  # text drawn at "1 Tf" and scaled by a matrix
            size *= (self.matrix.c ** 2 + self.matrix.d ** 2) ** 0.5 or 1.0
        pdfium.FPDFText_GetCharOrigin(raw, index, ctypes.byref(self.x), ctypes.byref(self.y))
        bold, descent = self._font(index)
        bottom = self.height - (self.y.value + descent * size)
        return _Style(round(size, 1), bold, self.height - self.y.value, bottom - size, bottom)

    def _font(self, index: int) -> tuple[bool, float]:
        """(bold, descent in ems) of the font of character ``index``."""
        obj = _text_object(self.address, index)
        key = _font_of(obj) if obj else None
        found = self.fonts.get(key) if key is not None else None
        if found is None:
            pdfium.FPDFText_GetFontInfo(self.raw, index, self.name, len(self.name), None)
            weight = pdfium.FPDFText_GetFontWeight(self.raw, index)
            bold = "bold" in self.name.value.decode("latin-1").lower() or weight >= BOLD_WEIGHT
            descent = -0.2  # of an em, when the font does not say
            if key and _descent(key, 1.0, ctypes.byref(self.descent)):
                descent = max(min(self.descent.value, 0.0), -0.5)
            found = (bold, descent)
            if key is not None:
                self.fonts[key] = found
        return found


def _page_text(textpage, count: int) -> str | None:
    """All characters of the page in one call, one Python character per PDFium
    character; None when PDFium's text does not line up with its characters."""
    if count <= 0:
        return ""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium.FPDFText_GetText(textpage, 0, count, buffer)
    if written - 1 != count:
        return None
    text = bytes(memoryview(buffer)[:count]).decode("utf-16-le", "replace")
    return text if len(text) == count else None  # a surrogate pair would shift the indices


def read_words(textpage, height: float, fonts: dict | None = None) -> tuple[list[Word], int]:
    """The page's words and its number of characters. ``fonts`` keeps what
    was learnt about each font for the document's next pages."""
    raw = textpage.raw
    count = pdfium.FPDFText_CountChars(raw)
    objects = _TextObjects(raw, height, {} if fonts is None else fonts)
    text = _page_text(raw, count)
    if text is None:
        return _words_by_character(raw, objects, 0, count, " "), count
    text = _mark_hyphens(raw, text)
    words: list[Word] = []
    box = pdfium.FS_RECTF()
    box_address, page, styles = ctypes.addressof(box), objects.address, objects.cache
    for match in TOKEN.finditer(text):
        start, end = match.span()
        space = "\u00a0" if text[start - 1] == "\u00a0" and start else " "
        first, last = _text_object(page, start), _text_object(page, end - 1)
        token = text[start:end]
        if first != last or first is None or HYPHEN_MARK in token:
            words += _words_by_character(raw, objects, start, end, space)
            continue
        _loose_box(page, start, box_address)
        x0 = box.left
        if end - start > 1:
            _loose_box(page, end - 1, box_address)
        style = styles.get(first) or objects.style(first, start)
        jumped = start > 0 and _generated(page, start - 1) == 1
        words.append(Word(token, x0, box.right, style.top, style.bottom, style.size, style.bold, False, space,
                          style.baseline, jumped))
    return words, count


def _mark_hyphens(raw, text: str) -> str:
    """PDFium's text has U+FFFE where its character list has the line-end
    hyphen \\x02; put the hyphen mark back."""
    position = text.find("\ufffe")
    while position >= 0:
        if pdfium.FPDFText_GetUnicode(raw, position) == 2:
            text = text[:position] + HYPHEN_MARK + text[position + 1:]
        position = text.find("\ufffe", position + 1)
    return text


def _words_by_character(raw, objects: _TextObjects, start: int, end: int, space: str) -> list[Word]:
    """Words of characters ``start``..``end``, split at white space, at gaps
    wider than ``X_TOLERANCE`` and where the text goes on to another line."""
    words: list[Word] = []
    current: list[tuple[str, float, float, _Style]] = []  # (char, x0, x1, style)
    rect = pdfium.FS_RECTF()
    jumped = start > 0 and pdfium.FPDFText_IsGenerated(raw, start - 1) == 1

    def finish() -> None:
        if current:
            styles = [c[3] for c in current]
            size = Counter(s.size for s in styles).most_common(1)[0][0]
            words.append(Word(
                "".join(c[0] for c in current), min(c[1] for c in current), max(c[2] for c in current),
                min(s.top for s in styles), max(s.bottom for s in styles), size, styles[0].bold,
                space_before=space, baseline=styles[0].baseline, jumped=jumped,
            ))
            current.clear()

    for i in range(start, end):
        char = chr(pdfium.FPDFText_GetUnicode(raw, i))
        if char.isspace() or char in "\x00\ufffe\uffff":
            finish()
            space = "\u00a0" if char == "\u00a0" else " "
            jumped = pdfium.FPDFText_IsGenerated(raw, i) == 1
            continue
        pdfium.FPDFText_GetLooseCharBox(raw, i, rect)
        x0, x1 = rect.left, rect.right
        style = objects.style(objects.key(i), i)
        if char == HYPHEN_MARK:
            char = "-"
            if current and x1 - x0 <= 0:
                x0, x1, style = current[-1][1], current[-1][2], current[-1][3]
        if current:
            _c, last_x0, last_x1, last = current[-1]
            new_line = abs(style.baseline - last.baseline) > 3 or x0 < last_x0 - 1
            if x0 - last_x1 > X_TOLERANCE or new_line:
                finish()
                space, jumped = " ", True
        current.append((char, x0, x1, style))
    finish()
    return words


# --- drawing ---------------------------------------------------------------------

_Matrix = tuple[float, float, float, float, float, float]
IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _times(m: _Matrix, n: _Matrix) -> _Matrix:
    """``m`` then ``n`` (PDF's row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _object_matrix(obj) -> _Matrix:
    m = pdfium.FS_MATRIX()
    if not pdfium.FPDFPageObj_GetMatrix(obj, m):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _path_points(obj, matrix: _Matrix) -> list[list[tuple[float, float]]]:
    """The path's sub-paths as page points; a curve counts as its end point
    (rulings are straight), a closed sub-path returns to its start."""
    subpaths: list[list[tuple[float, float]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    a, b, c, d, e, f = matrix
    for k in range(pdfium.FPDFPath_CountSegments(obj)):
        segment = pdfium.FPDFPath_GetPathSegment(obj, k)
        pdfium.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if pdfium.FPDFPathSegment_GetType(segment) == pdfium.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([point])
        else:
            subpaths[-1].append(point)
        if pdfium.FPDFPathSegment_GetClose(segment) and subpaths[-1][0] != point:
            subpaths[-1].append(subpaths[-1][0])
    return subpaths


def _edges(subpaths: list[list[tuple[float, float]]], height: float) -> list[Edge]:
    edges = []
    for points in subpaths:
        for (xa, ya), (xb, yb) in zip(points, points[1:]):
            if abs(ya - yb) <= AXIS_SLACK and abs(xa - xb) > AXIS_SLACK:
                y = height - (ya + yb) / 2
                edges.append(Edge("h", min(xa, xb), y, max(xa, xb), y))
            elif abs(xa - xb) <= AXIS_SLACK and abs(ya - yb) > AXIS_SLACK:
                x = (xa + xb) / 2
                edges.append(Edge("v", x, height - max(ya, yb), x, height - min(ya, yb)))
    return edges


def _filled(obj) -> bool:
    """Filled with a colour darker than paper."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
    if not fill.value:
        return False
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not pdfium.FPDFPageObj_GetFillColor(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return False
    return a.value > 0 and min(r.value, g.value, b.value) < WHITE_LEVEL


def _paths(page_raw, max_depth: int = 4):
    """(path object, matrix to page space) for every path, also in forms."""

    def walk(count, get, matrix: _Matrix, depth: int):
        for i in range(count):
            obj = get(i)
            kind = pdfium.FPDFPageObj_GetType(obj)
            if kind == pdfium.FPDF_PAGEOBJ_PATH:
                yield obj, _times(_object_matrix(obj), matrix)
            elif kind == pdfium.FPDF_PAGEOBJ_FORM and depth < max_depth:
                inner = _times(_object_matrix(obj), matrix)
                yield from walk(pdfium.FPDFFormObj_CountObjects(obj),
                                lambda k, form=obj: pdfium.FPDFFormObj_GetObject(form, k), inner, depth + 1)

    yield from walk(pdfium.FPDFPage_CountObjects(page_raw), lambda k: pdfium.FPDFPage_GetObject(page_raw, k),
                    IDENTITY, 0)


def read_drawing(page, height: float) -> Drawing:
    """The page's rulings, coloured fills and thin horizontal strokes."""
    edges: list[Edge] = []
    fills, strokes = [], []
    for obj, matrix in _paths(page.raw):
        subpaths = _path_points(obj, matrix)
        points = [p for sub in subpaths for p in sub]
        if not points:
            continue
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        x0, x1, top, bottom = min(xs), max(xs), height - max(ys), height - min(ys)
        if _filled(obj) and x1 - x0 > 1 and bottom - top > 1:
            fills.append((x0, top, x1, bottom))
        if bottom - top < 3 and x1 - x0 > 5:  # a thin horizontal line, or a bar: may strike a word through
            middle = (top + bottom) / 2
            strokes.append((x0, middle, x1, middle))
        edges += _edges(subpaths, height)
    return Drawing(edges, fills, strokes)
