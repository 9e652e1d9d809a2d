"""Reader for Word documents (.docx), with python-docx.

Every body paragraph is one line and every table row one line, in document
order (page 1; DOCX has no pages of its own), so line numbers are stable and
captions can be found next to tables. Text is read from the XML runs so that:

* tracked insertions count and tracked deletions do not (accepted text only);
* struck-through runs are deleted text: recorded on the line, kept out of ``text``;
* tabs stay tabs, so tables of contents and page furniture read as in text exports;
* a list-bullet paragraph reads "- item", as text exports write it.

Merged table cells are read from the grid: a horizontally merged cell
(``gridSpan``) is followed by empty cells, a vertically continued cell
(``vMerge``) is empty, so no value is counted twice.
"""

from __future__ import annotations

import io
import zipfile

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
    except Exception as exc:  # python-docx raises many kinds for broken parts
        raise ReadError(f"broken DOCX: {type(exc).__name__}: {exc}".splitlines()[0]) from None
    lines: list[Line] = []
    spans: list[tuple[Table, int, int]] = []
    styles = {style.style_id: (style.name or "") for style in document.styles}
    for element in document.element.body.iterchildren():
        if element.tag == W + "p":
            lines.append(_paragraph_line(element, styles, len(lines) + 1))
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


def _paragraph_line(element, styles: dict[str, str], number: int) -> Line:
    raw_parts, text_parts, offsets, struck = [], [], [], []
    position = 0
    style = _style_name(element, styles).lower()
    if "list bullet" in style:
        raw_parts.append("- ")
        text_parts.append("- ")
        offsets += [0, 1]
        position = 2
    for text, is_struck in _runs(element):
        if is_struck:
            if text.strip():
                struck.append(text)
        else:
            text_parts.append(text)
            offsets += range(position, position + len(text))
        raw_parts.append(text)
        position += len(text)
    heading = style.startswith(("heading", "otsikko", "title"))
    return Line(page=1, number=number, raw="".join(raw_parts), text="".join(text_parts), offsets=offsets,
                struck=struck, heading=heading)


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
        lines.append(Line(page=1, number=number, raw=raw, text=raw, offsets=list(range(len(raw))), role="table"))
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
