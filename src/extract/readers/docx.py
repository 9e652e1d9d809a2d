"""Reader for Word documents (.docx), with python-docx.

Every body paragraph is one line and every table row one line, in document
order (page 1; DOCX has no pages of its own), so line numbers are stable and
captions can be found next to tables. Text is read from the XML runs so that:

* tracked insertions count and tracked deletions do not (accepted text only);
* struck-through runs are deleted text: recorded on the line, kept out of ``text``;
* tabs stay tabs, so tables of contents and page furniture read as in text exports;
* a list-bullet paragraph reads "- item", as text exports write it;
* automatic numbering (``w:numPr``, on the paragraph or its style) is printed
  as Word prints it ("2 Toimenpiteet", "1. Hankitaan …", "- " for a bullet),
  and a numbered paragraph that is not a heading is marked a list item;
* content controls (``w:sdt``, form fields) are read like the rest of the body;
* a heading style gives the heading's level ("Heading 2" → 2).

Merged table cells are read from the grid: a horizontally merged cell
(``gridSpan``) is followed by empty cells, a vertically continued cell
(``vMerge``) is empty, so no value is counted twice.
"""

from __future__ import annotations

import io
import zipfile

import regex

from ..model import Cell, Document, Line, Table, Where
from .captions import attach_caption
from .text import ReadError, mark_toc_and_furniture

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# What an empty cell with a fill colour reads as (a mark in rules/tables.toml).
SHADED = "■"
# Refuse archives that would unpack to more than this (zip bombs).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200


def check_archive(data: bytes) -> None:
    """A clear error for what is not a DOCX, before python-docx sees it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ReadError("not a DOCX file (not a ZIP archive)") from None
    with archive:
        infos = archive.infolist()
        names = {i.filename for i in infos}
        if "word/document.xml" not in names:
            raise ReadError("not a DOCX file (no word/document.xml)")
        unpacked = sum(i.file_size for i in infos)
        if unpacked > MAX_UNPACKED_BYTES:
            raise ReadError(f"DOCX unpacks to {unpacked // (1024 * 1024)} MiB, over the limit (zip bomb?)")
        for info in infos:
            if info.compress_size and info.file_size > 1024 * 1024 and info.file_size / info.compress_size > MAX_RATIO:
                raise ReadError(f"DOCX part {info.filename} is compressed {info.file_size // info.compress_size}:1 (zip bomb?)")


def read_docx(path: str, data: bytes) -> Document:
    check_archive(data)
    import docx  # python-docx; imported here so the CLI starts fast

    try:
        document = docx.Document(io.BytesIO(data))
    except MemoryError:
        raise  # the per-document memory limit, not a broken file
    except Exception as exc:  # python-docx raises many kinds for broken parts
        raise ReadError(f"broken DOCX: {type(exc).__name__}: {exc}".splitlines()[0]) from None
    lines: list[Line] = []
    spans: list[tuple[Table, int, int]] = []
    styles = {style.style_id: (style.name or "") for style in document.styles}
    numbering = Numbering(document)
    for element in _blocks(document.element.body):
        if element.tag == W + "p":
            lines.append(_paragraph_line(element, styles, len(lines) + 1, numbering))
        elif element.tag == W + "tbl":
            first = len(lines)
            table = _table(element, lines)
            if table is not None:
                spans.append((table, first, len(lines) - 1))
    if not any(line.text.strip() for line in lines):
        raise ReadError("the document has no text")
    mark_toc_and_furniture(lines)
    tables = []
    for table, first, last in spans:
        attach_caption(table, lines, first, last)
        tables.append(table)
    return Document(path=path, format="docx", pages=1, lines=lines, tables=tables)


def _blocks(parent):
    """Paragraphs and tables in document order, also inside content controls."""
    for element in parent.iterchildren():
        if element.tag == W + "sdt":
            content = element.find(W + "sdtContent")
            if content is not None:
                yield from _blocks(content)
        elif element.tag in (W + "p", W + "tbl"):
            yield element


ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
         (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _format(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    return str(n)


class Numbering:
    """Word's automatic numbering: the text Word prints before a numbered
    paragraph, counted as Word counts (per list, deeper levels restart)."""

    def __init__(self, document) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) -> (fmt, lvlText, start)
        self.style_num: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except Exception:  # no numbering part
            root = None
        if root is not None:
            abstract = {}
            for a in root.iterchildren(W + "abstractNum"):
                abstract[a.get(W + "abstractNumId")] = {
                    int(lvl.get(W + "ilvl", "0")): (
                        _val(lvl.find(W + "numFmt"), "decimal"), _val(lvl.find(W + "lvlText"), ""),
                        int(_val(lvl.find(W + "start"), "1")),
                    )
                    for lvl in a.iterchildren(W + "lvl")
                }
            for num in root.iterchildren(W + "num"):
                for ilvl, spec in abstract.get(_val(num.find(W + "abstractNumId"), ""), {}).items():
                    self.levels[(num.get(W + "numId"), ilvl)] = spec
        for style in document.styles.element.iterchildren(W + "style"):
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                self.style_num[style.get(W + "styleId")] = (
                    _val(num_pr.find(W + "numId"), ""), int(_val(num_pr.find(W + "ilvl"), "0")))

    def prefix(self, element) -> str | None:
        """The printed number of a paragraph ("2", "1.", "- "), None when unnumbered."""
        num_pr = element.find(f"{W}pPr/{W}numPr")
        style = element.find(f"{W}pPr/{W}pStyle")
        if num_pr is not None:
            num_id, ilvl = _val(num_pr.find(W + "numId"), ""), int(_val(num_pr.find(W + "ilvl"), "0"))
        elif style is not None and style.get(W + "val") in self.style_num:
            num_id, ilvl = self.style_num[style.get(W + "val")]
        else:
            return None
        spec = self.levels.get((num_id, ilvl))
        if spec is None or num_id == "0":
            return None
        fmt, text, start = spec
        counters = self.counters.setdefault(num_id, [])
        while len(counters) <= ilvl:
            counters.append(self.levels.get((num_id, len(counters)), ("decimal", "", 1))[2] - 1)
        counters[ilvl] += 1
        del counters[ilvl + 1:]
        if fmt == "bullet":
            return "- "
        printed = regex.sub(
            r"%(\d)",
            lambda m: _format(counters[int(m.group(1)) - 1], self.levels.get((num_id, int(m.group(1)) - 1), spec)[0])
            if int(m.group(1)) - 1 < len(counters) else "",
            text,
        )
        return f"{printed} " if printed else None


def _val(element, default: str) -> str:
    return element.get(W + "val", default) if element is not None else default


def _is_on(prop) -> bool:
    return prop is not None and prop.get(W + "val") not in ("0", "false", "off")


def _runs(paragraph) -> list[tuple[str, bool]]:
    """(text, struck) of each run, tracked deletions left out."""
    out = []
    for run in paragraph.iter(W + "r"):
        if any(a.tag in (W + "del", W + "moveFrom") for a in run.iterancestors()):
            continue
        props = run.find(W + "rPr")
        struck = props is not None and (_is_on(props.find(W + "strike")) or _is_on(props.find(W + "dstrike")))
        parts = []
        for child in run:
            if child.tag == W + "t":
                parts.append(child.text or "")
            elif child.tag == W + "tab":
                parts.append("\t")
            elif child.tag in (W + "br", W + "cr"):
                parts.append(" ")
            elif child.tag == W + "noBreakHyphen":
                parts.append("-")
        out.append(("".join(parts), struck))
    return out


def _style_name(element, styles: dict[str, str]) -> str:
    style = element.find(f"{W}pPr/{W}pStyle")
    style_id = style.get(W + "val", "") if style is not None else ""
    return styles.get(style_id, style_id)


def _paragraph_line(element, styles: dict[str, str], number: int, numbering: Numbering | None = None) -> Line:
    raw_parts, text_parts, offsets, struck = [], [], [], []
    position = 0
    style = _style_name(element, styles).lower()
    heading = style.startswith(("heading", "otsikko", "title"))
    prefix = numbering.prefix(element) if numbering is not None else None
    if prefix is None and "list bullet" in style:
        prefix = "- "
    if prefix:
        raw_parts.append(prefix)
        text_parts.append(prefix)
        offsets += list(range(len(prefix)))
        position = len(prefix)
    for text, is_struck in _runs(element):
        if is_struck:
            if text.strip():
                struck.append(text)
        else:
            text_parts.append(text)
            offsets += range(position, position + len(text))
        raw_parts.append(text)
        position += len(text)
    level = regex.search(r"(?:heading|otsikko)\s*(\d)", style)
    if not heading and not prefix and _short_and_bold(element, "".join(text_parts)):
        heading = True  # a heading typed as a bold paragraph: a heading without a level
    raw, text = "".join(raw_parts), "".join(text_parts)
    return Line(page=1, number=number, raw=raw, text=text, offsets=None if text == raw else offsets,
                struck=struck, heading=heading, level=int(level.group(1)) if level else None,
                list_item=bool(prefix) and not heading and prefix != "- ")


def _short_and_bold(element, text: str) -> bool:
    """A short paragraph whose every run with text is bold (as the PDF reader
    takes a short bold line for a heading)."""
    if not text.strip() or len(text) >= 150:
        return False
    runs = [r for r in element.iter(W + "r") if "".join(t.text or "" for t in r.iter(W + "t")).strip()]
    return bool(runs) and all(_is_on(r.find(f"{W}rPr/{W}b")) for r in runs)


def _cell_text(tc) -> str:
    paragraphs = []
    for p in tc.iter(W + "p"):
        paragraphs.append("".join(t for t, struck in _runs(p) if not struck).strip())
    return " ".join(p for p in paragraphs if p)


def _table(element, lines: list[Line]) -> Table | None:
    """Read a table's grid into cells; one line per row, marked 'table'."""
    rows: list[list[Cell]] = []
    for tr in element.iterchildren(W + "tr"):
        number = len(lines) + 1
        texts: list[str] = []
        for tc in tr.iterchildren(W + "tc"):
            props = tc.find(W + "tcPr")
            span = props.find(W + "gridSpan") if props is not None else None
            merge = props.find(W + "vMerge") if props is not None else None
            continued = merge is not None and merge.get(W + "val") in (None, "continue")
            text = "" if continued else _cell_text(tc)
            shading = props.find(W + "shd") if props is not None else None
            fill = (shading.get(W + "fill") or "auto").lower() if shading is not None else "auto"
            if not text and not continued and fill not in ("auto", "ffffff", "none"):
                text = SHADED  # a filled cell is a mark in a phase table
            texts.append(text)
            texts += [""] * (int(span.get(W + "val", "1")) - 1 if span is not None else 0)
        raw = "\t".join(texts)
        lines.append(Line(page=1, number=number, raw=raw, text=raw, offsets=None, role="table"))
        cells, position = [], 0
        for text in texts:
            cells.append(Cell(text, Where(1, number, position, position + len(text)) if text else Where(1, number)))
            position += len(text) + 1
        rows.append(cells)
    if len(rows) < 2:
        return None
    width = max(len(r) for r in rows)
    rows = [r + [Cell("", r[-1].where)] * (width - len(r)) for r in rows]
    return Table(rows=rows, where=Where(1, rows[0][0].where.line))
