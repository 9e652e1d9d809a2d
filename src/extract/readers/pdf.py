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

from collections import Counter
from functools import lru_cache
from dataclasses import dataclass, field

import regex

from .. import rules
from ..model import Cell, Document, Line, Table, Where
from .captions import attach_caption
from .page_breaks import continuing_rows
from .pdf_columns import reading_groups
from .pdf_pages import PageContent, PdfOpenError, Word, describe, open_pages
from .pdf_tabs import DEFAULT_TAB_STOPS, MIN_TYPED_TAB_LINES, fill_typed_rows, lead_tabs, typed_tabs
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
    bold_label: bool = False  # it opens with a bold label ("Kustannukset yhteensä: 140 000 €")


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
        fill_typed_rows(lines, typed)
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
    except MemoryError:
        raise  # the per-document memory limit, not a broken file
    except Exception as exc:  # the engines raise many kinds for broken files
        raise ReadError(describe(exc)) from None


# --- one page -----------------------------------------------------------------


def _page_lines(content: PageContent) -> list[_Visual]:
    """The page's visual lines top to bottom, each table as one entry."""
    for word in content.words:
        word.struck = _is_struck(word, content.strokes)
    groups = reading_groups(content.words, content.width)
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
        typed = typed_tabs(kept, left, space) if left is not None else None
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
        lead = [w for w in line if w.text not in BULLETS]
        bold_lead = next((i for i, w in enumerate(lead) if not w.bold), len(lead))
        bold_label = 0 < bold_lead < len(lead) and lead[bold_lead - 1].text.endswith(":")
        out.append(_Visual(line[0].top, max(w.bottom for w in line), line[0].x0, line[-1].x1, size, bold,
                           "".join(parts), line[0].x1 - line[0].x0, struck=struck,
                           baseline=max(w.baseline for w in line), segments=[tuple(x) for x in segments],
                           typed_text="".join(typed_parts) if typed else None, clear_tabs=bool(typed and typed[1]),
                           lead_tabs=lead_tabs(line[0].x0, left) if left is not None else 0,
                           bold_label=bold_label))
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
    if line.bold_label:
        return False  # "Kustannukset yhteensä: …" with its label in bold opens a paragraph
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
        line = _paragraph_line(paragraph, page, number, body_size, levels)
        if any(v.tab_stops for v in paragraph):
            typed.add(id(line))
        return line

    spans: list[tuple[Table, int]] = []
    spacing = _spacing(visual_pages)
    sizes = Counter(v.size for visual in visual_pages for v in visual if v.table is None)
    body_size = sizes.most_common(1)[0][0] if sizes else 10
    levels = _heading_levels([v for visual in visual_pages for v in visual if v.table is None], body_size)
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
                lines.append(Line(page_number, index, "", "", None))  # an empty line between blocks
            previous = v
            if v.table is not None:
                v.table.where = Where(page_number, index)
                v.table.rows = [[Cell(c.text, Where(page_number, index)) for c in row] for row in v.table.rows]
                raw = "\t".join(c.text for c in v.table.rows[0])
                lines.append(Line(page_number, index, raw, raw, None, role="table"))
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


def _heading_levels(visual: list[_Visual], body_size: float) -> dict[float, int]:
    """Heading level by font size, as a reader sees it: the largest size of a
    heading (a larger font, or bold and larger than the body) is level 1, the
    next 2, …; a bold line in the body size comes after them all."""
    larger = sorted({round(v.size * 2) / 2 for v in visual
                     if v.size >= body_size + 1.5 or (v.bold and v.size >= body_size + 0.5)}, reverse=True)
    return {size: rank for rank, size in enumerate(larger, start=1)}


def _paragraph_line(paragraph: list[_Visual], page: int, number: int, body_size: float,
                    levels: dict[float, int] | None = None) -> Line:
    text = _paragraph_text(paragraph)
    struck = [" ".join(w for v in paragraph for w in v.struck)] if any(v.struck for v in paragraph) else []
    first = paragraph[0]
    heading = bool(text) and (first.size >= body_size + 1.5 or (first.bold and len(text) < 150))
    levels = levels or {}
    level = levels.get(round(first.size * 2) / 2, len(levels) + 1) if heading else None
    if any(p.search(text) for p in _export_artefacts()):
        # a PDF printed from a text export prints its artefacts too: cleaned as the export's lines are
        line = clean_line(text, number, page)
        line.struck += struck
        line.heading, line.level = heading, level
        return line
    return Line(page, number, text, text, None, struck=struck, heading=heading, level=level)


@lru_cache(maxsize=None)
def _export_artefacts() -> tuple[regex.Pattern, ...]:
    """The text-export artefacts and struck-text marks of ``rules/text_export.toml``:
    a line holding none of them needs no cleaning."""
    cfg = rules.load("text_export")
    sources = [(a["regex"], f"text_export.toml [{a['id']}]") for a in cfg["artefact"]]
    sources.append((cfg["struck"]["regex"], "text_export.toml [struck]"))
    return tuple(rules.compile_pattern(source, where) for source, where in sources)


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
            rows = continuing_rows(prev, table)
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
