"""Reader for PDF files, with pdfplumber.

A page's words are grouped into visual lines, and visual lines into
paragraphs, so that one line of the document model is one paragraph, as in
a text export (a heading or a sentence is never cut in two by a line wrap).
A paragraph keeps the page and the number of its first visual line.

* Ruled tables are found from the page's drawn rulings (pdfplumber's table
  finder steps, fed PDFium's edges); their words are not prose. A
  table that continues at the top of the next page, with or without a
  repeated header row, is joined to the one before.
* Running headers and footers (the same text at the top or bottom of most
  pages) and page numbers ("Sivu 3 / 17", "2(10)") are page furniture.
* Big gaps inside a line become tabs, so tables of contents and tab-aligned
  text read as in text exports; a vertical gap of an empty line becomes a
  blank line, so blocks stay apart.
* A line that ends in a hyphen continues without a space ("sote-" +
  "keskus"), except before a conjunction ("sosiaali- ja terveys…").
* A PDF without a text layer (a scan) is refused with a clear message, or
  read by OCR (tesseract, Finnish) when asked for.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import regex

from .. import rules
from ..model import Cell, Document, Line, Table, Where
from .captions import attach_caption
from .pdf_pages import PageContent, PdfOpenError, Word, describe, open_pages
from .text import ReadError, clean_line, find_tables, mark_toc_and_furniture

MAX_PAGES = 5000
CONJUNCTIONS = {"ja", "tai", "sekä", "eli", "ynnä", "ja/tai"}
# List bullets as PDF fonts print them (Symbol's private-use bullet among them).
BULLETS = {"\uf0b7", "\uf0a7", "•", "▪", "◦", "·", "‣", "\u2043"}
# A page with fewer characters than this has no usable text layer.
MIN_CHARS_PER_PAGE = 20
DOT_LEADER = regex.compile(r"\.{4,}")  # a table of contents' dots
LIST_ITEM = regex.compile(r"^([-–•·]|\d+[.)]|[a-z]\d?\)|[A-ZÅÄÖ]\.)\s")
WORD_HYPHEN = regex.compile(r"\w-$")
DIGITS = regex.compile(r"\d+")


@dataclass
class _Visual:
    """One visual line of a page."""

    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    bold: bool
    text: str
    first_word_width: float
    table: Table | None = None  # set for the line that stands for a table
    struck: tuple[str, ...] = ()
    baseline: float = 0.0
    column_right: float = 0.0  # the right edge of its column's text
    segments: list = field(default_factory=list)  # (text, x0, x1) between tab gaps
    tab_stops: bool = False  # its tabs were typed: text jumps to the page's default tab stops
    typed_text: str | None = None  # its text with the typed tabs, if the page has them
    clear_tabs: bool = False  # the line alone shows typed tabs
    lead_tabs: int = 0  # default tab stops before its first word (a wrapped row goes on after tabs)


def read_pdf(path: str, data: bytes, ocr: bool = False, engine: str = "pdfium", max_pages: int = MAX_PAGES) -> Document:
    visual_pages, chars = [], 0
    for content in _engine_pages(data, engine, max_pages):
        chars += content.chars
        visual_pages.append(_page_lines(content))  # our own code: its errors are ours, not the file's
    count = len(visual_pages)
    if chars < MIN_CHARS_PER_PAGE * count:
        if not ocr:
            raise ReadError("no text layer (a scanned PDF?): ingest with --ocr to read it by OCR")
        from .ocr import read_by_ocr

        return read_by_ocr(path, data)
    lines, spans, typed = _document_lines(visual_pages)
    mark_toc_and_furniture(lines)
    _mark_running_furniture(lines, visual_pages)
    tables = []
    for table, index in spans:
        attach_caption(table, lines, index, index)
        tables.append(table)
    if typed:
        # rows of typed tabs read as a text export's tables (its wrapped rows and empty cells too)
        _fill_typed_rows(lines, typed)
        tabbed = [ln for ln in lines if ln.role != "table" and ("\t" not in ln.text or id(ln) in typed)]
        tables = sorted(tables + find_tables(tabbed), key=lambda t: (t.where.page, t.where.line))
    tables = _join_continued(tables, lines)
    return Document(path=path, format="pdf", pages=count, lines=lines, tables=tables)


def _engine_pages(data: bytes, engine: str, max_pages: int):
    """The engine's pages one by one; what the engines raise on a broken file
    becomes a :class:`ReadError` naming it."""
    try:
        _count, pages = open_pages(data, engine, max_pages)
        yield from pages
    except PdfOpenError as exc:
        raise ReadError(str(exc)) from None
    except Exception as exc:  # the engines raise many kinds for broken files
        raise ReadError(describe(exc)) from None


# --- one page -----------------------------------------------------------------


def _page_lines(content: PageContent) -> list[_Visual]:
    """The page's visual lines top to bottom, each table as one entry."""
    for word in content.words:
        word.struck = _is_struck(word, content.strokes)
    groups = _columns(content.words, content.width)
    # full-width text wraps at the right edge of all of it; a column at its own
    full_right = max((w.x1 for words, full in groups if full for w in words), default=0)
    grouped = []
    for words, full in groups:  # in reading order: left column first
        lines = _group_lines(words, min((w.x0 for w in words), default=0.0))
        right = full_right if full else max((v.x1 for v in lines), default=0)
        for v in lines:
            v.column_right = right
        grouped.append(lines)
    if sum(v.clear_tabs for lines in grouped for v in lines) >= MIN_TYPED_TAB_LINES:  # typed with tabs
        for v in (v for lines in grouped for v in lines if v.typed_text is not None):
            v.text, v.tab_stops = v.typed_text, True
    visual = [v for lines in grouped for v in _unruled_tables(lines, content.number)]
    tables = []
    for t in content.tables:
        rows = [[_cell_text(c) for c in row] for row in t.rows]
        rows = [r for r in rows if any(r)]
        if rows:
            where = Where(content.number, 0)
            table = Table(rows=[[Cell(c, where) for c in r] for r in rows], where=where)
            tables.append(_Visual(t.bbox[1], t.bbox[3], t.bbox[0], t.bbox[2], 0, False, "", 0, table=table))
    return _place_tables(visual, tables)


def _place_tables(visual: list[_Visual], tables: list[_Visual]) -> list[_Visual]:
    """Put each table before the first text line below it (reading order of
    one column is kept as it is)."""
    for table in sorted(tables, key=lambda t: t.top, reverse=True):
        index = next((i for i, v in enumerate(visual) if v.table is None and v.top > table.top and v.x0 < table.x1), len(visual))
        visual.insert(index, table)
    return visual


# Where a gutter between two columns may stand (share of the page width), in steps of points.
GUTTER_ZONE = (0.35, 0.65)
GUTTER_STEP = 2
# A band of two columns has at least this many rows of text in each column,
# and this many words a row on average (a table's labels and values have fewer).
MIN_COLUMN_ROWS = 3
MIN_COLUMN_WORDS_PER_ROW = 3.5
# The shorter column holds at least this share of the band's words (the last
# page of a two-column part may leave the right column short).
MIN_COLUMN_SHARE = 0.1


def _rows(words: list[Word]) -> list[list[Word]]:
    """Words in horizontal rows, top to bottom (tops within 2.5 pt share a row)."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.top):
        if rows and word.top - rows[-1][0].top <= 2.5:
            rows[-1].append(word)
        else:
            rows.append([word])
    return rows


def _free_gutters(row: list[Word], start: int, count: int) -> int:
    """Bit k set when the gutter at ``start + GUTTER_STEP * k`` crosses no word of the row."""
    mask = (1 << count) - 1
    for w in row:
        low = max(0, math.floor((w.x0 - start) / GUTTER_STEP) + 1)
        high = min(count - 1, math.ceil((w.x1 - start) / GUTTER_STEP) - 1)
        if low <= high:
            mask &= ~(((1 << (high - low + 1)) - 1) << low)
    return mask


def _two_columns(rows: list[list[Word]], gutter: float) -> bool:
    """Whether these rows are running text in two columns split at ``gutter``:
    each side has several rows of several words, and the sides stand side by side."""
    left = [w for row in rows for w in row if w.x1 <= gutter]
    right = [w for row in rows for w in row if w.x0 >= gutter]
    if min(len(left), len(right)) < MIN_COLUMN_SHARE * (len(left) + len(right)):
        return False
    rows_left = sum(1 for row in rows if any(w.x1 <= gutter for w in row))
    rows_right = sum(1 for row in rows if any(w.x0 >= gutter for w in row))
    if min(rows_left, rows_right) < MIN_COLUMN_ROWS:
        return False
    if len(left) / rows_left < MIN_COLUMN_WORDS_PER_ROW or len(right) / rows_right < MIN_COLUMN_WORDS_PER_ROW:
        return False
    top_l, bottom_l = min(w.top for w in left), max(w.bottom for w in left)
    top_r, bottom_r = min(w.top for w in right), max(w.bottom for w in right)
    overlap = min(bottom_l, bottom_r) - max(top_l, top_r)
    return overlap >= 0.5 * min(bottom_l - top_l, bottom_r - top_r)


def _bands(rows: list[list[Word]], free: list[int], k: int, max_gap: float) -> list[tuple[int, int]]:
    """Runs of consecutive rows (first, last + 1) that the gutter ``k`` crosses
    nowhere; a row at either end of a run that stands apart from it (more than
    ``max_gap`` away: a running header, a page number) is left out."""
    runs, first = [], None
    for i in range(len(rows) + 1):
        if i < len(rows) and free[i] >> k & 1:
            if first is None:
                first = i
        elif first is not None:
            runs.append([first, i])
            first = None

    def apart(upper: list[Word], lower: list[Word]) -> bool:
        return lower[0].top - max(w.bottom for w in upper) > max_gap

    for run in runs:
        while run[1] - run[0] > 1 and apart(rows[run[0]], rows[run[0] + 1]):
            run[0] += 1
        while run[1] - run[0] > 1 and apart(rows[run[1] - 2], rows[run[1] - 1]):
            run[1] -= 1
    return [(a, b) for a, b in runs if b - a >= 2 * MIN_COLUMN_ROWS]


def _columns(words: list[Word], width: float) -> list[tuple[list[Word], bool]]:
    """The page's words in reading order, as (words, full width) groups.

    A band of the page set in two columns (a gutter in the middle third that
    no word of the band crosses, running text on both sides) gives its left
    column, then its right one; the text above, between and below such bands
    (a title, a running header, a table's caption) stays in full-width groups.
    """
    if len(words) < 20:
        return [(words, True)]
    rows = _rows(words)
    start = int(width * GUTTER_ZONE[0])
    count = len(range(start, int(width * GUTTER_ZONE[1]), GUTTER_STEP))
    free = [_free_gutters(row, start, count) for row in rows]
    window = 2 * MIN_COLUMN_ROWS
    candidates = 0
    for i in range(len(rows) - window + 1):
        common = free[i]
        for mask in free[i + 1:i + window]:
            common &= mask
        candidates |= common
    if not candidates:
        return [(words, True)]
    heights = sorted(w.bottom - w.top for w in words)
    max_gap = 2 * heights[len(heights) // 2]
    best: tuple[int, float, list[tuple[int, int]]] = (0, 0.0, [])
    for k in range(count):
        if candidates >> k & 1:
            gutter = start + GUTTER_STEP * k
            runs = [r for r in _bands(rows, free, k, max_gap) if _two_columns(rows[r[0]:r[1]], gutter)]
            covered = sum(len(row) for a, b in runs for row in rows[a:b])
            if covered > best[0]:
                best = (covered, gutter, runs)
    covered, gutter, runs = best
    if not covered:
        return [(words, True)]
    groups: list[tuple[list[Word], bool]] = []
    full: list[Word] = []
    position = 0
    for a, b in runs:
        full += [w for row in rows[position:a] for w in row]
        if full:
            groups.append((full, True))
            full = []
        band = [w for row in rows[a:b] for w in row]
        groups += [([w for w in band if w.x1 <= gutter], False), ([w for w in band if w.x0 >= gutter], False)]
        position = b
    full += [w for row in rows[position:] for w in row]
    if full:
        groups.append((full, True))
    return groups


def _is_struck(word: Word, strokes: list[tuple[float, float, float, float]]) -> bool:
    """A horizontal stroke through the middle of a word (not under it) strikes it out."""
    height = word.bottom - word.top
    low, high = word.top + 0.3 * height, word.bottom - 0.2 * height
    width = word.x1 - word.x0
    for x0, top, x1, _bottom in strokes:
        covered = min(x1, word.x1) - max(x0, word.x0)
        if low <= top <= high and covered >= 0.8 * width:
            return True
    return False


def _cell_text(text: str | None) -> str:
    return _join_wrapped((text or "").split("\n")).strip()


# Default tab stops of word processors (LibreOffice 1.25 cm, Word 1.27 cm), in
# points, and how near a stop text must start to stand at it.
DEFAULT_TAB_STOPS = (35.43, 36.0)
TAB_STOP_SLACK = 0.75
# Lines of a page that must show typed tabs on their own before the page's
# other lines landing on the stops are read as typed too.
MIN_TYPED_TAB_LINES = 2


def _stop_index(x: float, left: float, interval: float) -> int | None:
    """The default tab stop ``x`` stands at (1, 2, …), or None."""
    k = round((x - left) / interval)
    return k if k >= 1 and abs(x - left - k * interval) <= TAB_STOP_SLACK else None


def _typed_tabs(line: list[Word], left: float, space: float) -> tuple[list[int], bool] | None:
    """For each word of a line, the tabs typed before it, when every jump in
    the line lands on one grid of default tab stops; else None. The flag says
    whether the line alone shows it (two or more such jumps, or one wider
    than a few spaces): one short jump may land on a stop by chance.

    A text export opened in a word processor prints its tabs this way: the
    text jumps to the next stop (PDFium then generates the space), so the
    number of stops crossed is the number of tabs, and empty cells count.
    """
    jumps = [i for i, w in enumerate(line) if i and w.jumped]
    if not jumps:
        return None
    for interval in DEFAULT_TAB_STOPS:
        stops = [_stop_index(line[i].x0, left, interval) for i in jumps]
        if all(stops):
            tabs = [0] * len(line)
            for i, stop in zip(jumps, stops):
                passed = math.floor((line[i - 1].x1 - left + 0.01) / interval)
                tabs[i] = max(stop - passed, 1)
            clear = len(jumps) >= 2 or any(line[i].x0 - line[i - 1].x1 > 3 * space for i in jumps)
            return tabs, clear
    return None


def _lead_tabs(x0: float, left: float) -> int:
    for interval in DEFAULT_TAB_STOPS:
        stop = _stop_index(x0, left, interval)
        if stop:
            return stop
    return 0


def _group_lines(words: list[Word], left: float | None = None) -> list[_Visual]:
    """Visual lines of words; ``left`` (the text's left edge) places default
    tab stops."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (round(w.top), w.x0)):
        if lines and abs(lines[-1][0].top - word.top) <= 2.5:
            lines[-1].append(word)
        else:
            lines.append([word])
    out = []
    for line in lines:
        line.sort(key=lambda w: w.x0)
        size = Counter(w.size for w in line).most_common(1)[0][0]
        space = size * 0.33
        kept = [w for w in line if not w.struck]
        typed = _typed_tabs(kept, left, space) if left is not None else None
        parts: list[str] = []
        typed_parts: list[str] = []  # the same with the typed tabs, if the page has them
        segments: list[list] = []  # [text, x0, x1] of the runs of words between tab gaps
        for index, (prev, word) in enumerate(zip([None, *kept], kept)):
            tab = prev is not None and word.x0 - prev.x1 > 3 * space
            if prev is not None:
                parts.append("\t" if tab else word.space_before)
                typed_parts.append("\t" * typed[0][index] if typed and typed[0][index] else parts[-1])
            if prev is None or tab:
                segments.append([word.text, word.x0, word.x1])
            else:
                segments[-1][0] += word.space_before + word.text
                segments[-1][2] = word.x1
            parts.append(word.text)
            typed_parts.append(word.text)
        if kept and kept[0].text in BULLETS and len(parts) > 2:
            parts[:2] = ["-", " "]  # a list bullet reads "- item", as text exports write it
        bold = all(w.bold for w in line if w.text not in BULLETS)
        struck = tuple(w.text for w in line if w.struck)
        out.append(_Visual(line[0].top, max(w.bottom for w in line), line[0].x0, line[-1].x1, size, bold,
                           "".join(parts), line[0].x1 - line[0].x0, struck=struck,
                           baseline=max(w.baseline for w in line), segments=[tuple(x) for x in segments],
                           typed_text="".join(typed_parts) if typed else None, clear_tabs=bool(typed and typed[1]),
                           lead_tabs=_lead_tabs(line[0].x0, left) if left is not None else 0))
    return out


# --- tables without rulings -------------------------------------------------------

MIN_UNRULED_ROWS = 3


def _unruled_tables(visual: list[_Visual], page_number: int) -> list[_Visual]:
    """Runs of lines whose words stand in aligned columns (tab gaps on every
    line) become tables; the columns come from the first row's positions."""
    out: list[_Visual] = []
    run: list[_Visual] = []

    def flush() -> None:
        if len(run) >= MIN_UNRULED_ROWS:
            out.append(_aligned_table(run, page_number))
        else:
            out.extend(run)
        run.clear()

    for v in visual:
        # a bullet and its text are a list item, not two cells; dot leaders are a table of contents
        cells = v.segments[1:] if v.segments and v.segments[0][0] in BULLETS else v.segments
        tabular = v.table is None and not v.tab_stops and len(cells) >= 2 and not DOT_LEADER.search(v.text)
        if tabular and (not run or len(cells) <= len(run[0].segments)):
            run.append(v)
        else:
            flush()
            if tabular:
                run.append(v)
            else:
                out.append(v)
    flush()
    return out


def _aligned_table(run: list[_Visual], page_number: int) -> _Visual:
    anchors = [(x0 + x1) / 2 for _text, x0, x1 in run[0].segments]
    rows = []
    for v in run:
        cells = [""] * len(anchors)
        for text, x0, x1 in v.segments:
            column = min(range(len(anchors)), key=lambda c: abs(anchors[c] - (x0 + x1) / 2))
            cells[column] = f"{cells[column]} {text}".strip()
        rows.append([Cell(c, Where(page_number, 0)) for c in cells])
    first, last = run[0], run[-1]
    table = Table(rows=rows, where=Where(page_number, 0))
    return _Visual(first.top, last.bottom, min(v.x0 for v in run), max(v.x1 for v in run), first.size, False, "", 0,
                   table=table)


# --- paragraphs ----------------------------------------------------------------


@dataclass(frozen=True)
class _Spacing:
    """How a document sets its lines: the distance from one baseline to the
    next inside a paragraph (in font sizes), and whether paragraphs have
    extra space between them."""

    pitch: float
    paragraph_spacing: bool


def _pitch(prev: _Visual, line: _Visual) -> float:
    return (line.baseline - prev.baseline) / (prev.size or 10)


def _spacing(visual_pages: list[list[_Visual]]) -> _Spacing:
    """Baseline distances in font sizes, so headings and body text compare
    and glyph shapes do not matter."""
    pitches = Counter()
    for visual in visual_pages:
        for prev, line in zip(visual, visual[1:]):
            if prev.table is None and line.table is None and abs(prev.size - line.size) < 0.5:
                pitches[round(_pitch(prev, line), 1)] += 1
    if not pitches:
        return _Spacing(0.0, False)
    pitch = pitches.most_common(1)[0][0]
    spaced = sum(n for p, n in pitches.items() if pitch + 0.15 < p < pitch + 0.8)
    return _Spacing(pitch, spaced >= 3)


def _continues(prev: _Visual, line: _Visual, right_edge: float, spacing: _Spacing) -> bool:
    """Whether ``line`` is the wrapped continuation of ``prev``'s paragraph."""
    if prev.table is not None or line.table is not None:
        return False
    if abs(prev.size - line.size) > 0.5 or prev.bold != line.bold:
        return False
    if _pitch(prev, line) > spacing.pitch + 0.12:  # paragraph spacing or an empty line between them
        return False
    if LIST_ITEM.match(line.text):
        return False  # a new list item
    if spacing.paragraph_spacing:
        return True  # paragraphs are spaced apart, and these lines are not
    # wrapped when the next line's first word would not have fitted on this one
    room = (prev.column_right or right_edge) - prev.x1
    if prev.tab_stops and line.lead_tabs:  # a row of typed tabs: the next tab stop did not fit
        return min(DEFAULT_TAB_STOPS) + line.first_word_width > room
    return line.first_word_width + prev.size * 0.33 > room


def _blank_between(prev: _Visual, line: _Visual, spacing: _Spacing) -> bool:
    """Whether an empty line's height separates two blocks."""
    if prev.table is None and line.table is None:
        return _pitch(prev, line) > spacing.pitch + 0.9
    return line.top - prev.bottom > (line.size or prev.size or 10) * 1.4


def _join_wrapped(parts: list[str]) -> str:
    """Join the visual lines of a paragraph or cell: a hyphen at a line's end
    joins the next word ("sote-" "keskus"; "1/20 -" "4/20"), except before a
    conjunction ("sosiaali-" "ja terveys")."""
    text = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not text:
            text = part
        elif text.endswith("-") and part.split(" ")[0].lower() not in CONJUNCTIONS and (
            WORD_HYPHEN.search(text) or part[:1].isdigit()
        ):
            text += part
        else:
            text += " " + part
    return text


def _document_lines(visual_pages: list[list[_Visual]]) -> tuple[list[Line], list[tuple[Table, int]], set[int]]:
    """Paragraph lines, empty lines between blocks, and a line for each table
    (with the table and its index), page by page; and the ids of the lines
    with typed tabs."""
    lines: list[Line] = []
    typed: set[int] = set()

    def paragraph_line(paragraph: list[_Visual], page: int, number: int) -> Line:
        line = _paragraph_line(paragraph, page, number, body_size)
        if any(v.tab_stops for v in paragraph):
            typed.add(id(line))
        return line

    spans: list[tuple[Table, int]] = []
    spacing = _spacing(visual_pages)
    sizes = Counter(v.size for visual in visual_pages for v in visual if v.table is None)
    body_size = sizes.most_common(1)[0][0] if sizes else 10
    for page_number, visual in enumerate(visual_pages, start=1):
        right_edge = max((v.x1 for v in visual if v.table is None), default=0)
        paragraph: list[_Visual] = []
        first_line = 0
        previous: _Visual | None = None
        for index, v in enumerate(visual, start=1):
            if paragraph and _continues(paragraph[-1], v, right_edge, spacing):
                paragraph.append(v)
                previous = v
                continue
            if paragraph:
                lines.append(paragraph_line(paragraph, page_number, first_line))
            paragraph = []
            if previous is not None and _blank_between(previous, v, spacing):
                lines.append(Line(page_number, index, "", "", []))  # an empty line between blocks
            previous = v
            if v.table is not None:
                v.table.where = Where(page_number, index)
                v.table.rows = [[Cell(c.text, Where(page_number, index)) for c in row] for row in v.table.rows]
                raw = "\t".join(c.text for c in v.table.rows[0])
                lines.append(Line(page_number, index, raw, raw, list(range(len(raw))), role="table"))
                spans.append((v.table, len(lines) - 1))
            else:
                paragraph, first_line = [v], index
        if paragraph:
            lines.append(paragraph_line(paragraph, page_number, first_line))
    return lines, spans, typed


def _paragraph_text(paragraph: list[_Visual]) -> str:
    """The paragraph's lines joined; a row of typed tabs that wrapped goes on
    with the tabs before its next line's first word (a text export's row)."""
    if not any(v.tab_stops for v in paragraph):
        return _join_wrapped([v.text for v in paragraph if v.text])
    text, typed = "", False
    for v in paragraph:
        if typed and v.lead_tabs:
            text = text.rstrip(" ") + "\t" * v.lead_tabs + v.text.strip()
        else:
            text = _join_wrapped([text, v.text])
        typed = typed or v.tab_stops
    return text


def _paragraph_line(paragraph: list[_Visual], page: int, number: int, body_size: float) -> Line:
    text = _paragraph_text(paragraph)
    struck = [" ".join(w for v in paragraph for w in v.struck)] if any(v.struck for v in paragraph) else []
    first = paragraph[0]
    heading = bool(text) and (first.size >= body_size + 1.5 or (first.bold and len(text) < 150))
    # a PDF printed from a text export prints its artefacts too: cleaned as the export's lines are
    line = clean_line(text, number, page)
    line.struck += struck
    line.heading = heading
    return line


def _fill_typed_rows(lines: list[Line], typed: set[int]) -> None:
    """Give rows of typed tabs back the tabs a PDF cannot show: the trailing
    ones (empty cells at a row's end) and all of a row whose cells are all
    empty (a line without tabs between two rows of tabs, not a caption or a
    heading). Each run of rows gets the tab count of its longest row."""
    content = [ln for ln in lines if not ln.blank]
    caption = rules.compile_pattern(rules.load("tables")["caption"]["regex"], "tables.toml [caption]")
    for before, line, after in zip(content, content[1:], content[2:]):
        if (id(before) in typed and id(after) in typed and id(line) not in typed and line.role == "text"
                and "\t" not in line.text and not line.heading and not caption.match(line.text)):
            typed.add(id(line))
    run: list[Line] = []
    for line in [*content, None]:
        if line is not None and id(line) in typed:
            run.append(line)
            continue
        width = max((ln.text.count("\t") for ln in run), default=0)
        for row in run:
            missing = width - row.text.count("\t")
            if missing > 0:
                row.text = row.raw = row.text + "\t" * missing
                row.offsets = list(range(len(row.text)))
        run = []


# --- furniture and continued tables ---------------------------------------------


def _mark_running_furniture(lines: list[Line], visual_pages: list[list[_Visual]]) -> None:
    """Text that stands first or last on most pages (on both, of two) is a
    running header or footer."""
    if len(visual_pages) < 2:
        return
    edges = Counter()
    for visual in visual_pages:
        texts = [v.text for v in visual if v.table is None]
        for text in {texts[0], texts[-1]} if texts else set():
            edges[DIGITS.sub("#", text)] += 1
    running = {text for text, n in edges.items() if n >= max(2, len(visual_pages) / 2)}
    for line in lines:
        if line.role == "text" and DIGITS.sub("#", line.text) in running:
            line.role = "furniture"


def _join_continued(tables: list[Table], lines: list[Line]) -> list[Table]:
    """A table at the top of a page that continues the last one of the previous
    page (same width, no caption of its own) becomes part of it."""
    joined: list[Table] = []
    firsts = _first_lines(lines)
    for table in tables:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and table.caption is None
            and table.where.page == _last_page(prev) + 1
            and firsts.get(table.where.page) == ("table", table.where.line)
            and len(table.rows[0]) == len(prev.rows[0])
        ):
            rows = table.rows[1:] if [c.text for c in table.rows[0]] == prev.header else table.rows
            if rows and not rows[0][0].text and any(c.text for c in rows[0]):
                # a row split by the page break: its rest has an empty first cell
                last = prev.rows[-1]
                prev.rows[-1] = [Cell(_join_wrapped([a.text, b.text]), a.where) for a, b in zip(last, rows[0])]
                rows = rows[1:]
            prev.rows.extend(rows)
            continue
        joined.append(table)
    return joined


def _last_page(table: Table) -> int:
    return max(c.where.page for row in table.rows for c in row)


def _first_lines(lines: list[Line]) -> dict[int, tuple[str, int]]:
    """(role, line number) of each page's first line with content, in one pass."""
    firsts: dict[int, tuple[str, int]] = {}
    for line in lines:
        if line.page not in firsts and line.text.strip() and line.role != "furniture":
            firsts[line.page] = (line.role, line.number)
    return firsts
