"""Reader for the plain-text exports of plan documents (.txt, .md).

The exports come from Word and PDF converters and carry their artefacts:
``[bookmark: _Toc…]`` anchors, ``**bold**`` markers, ``~~struck~~`` text,
tables of contents with page numbers, and page furniture such as ``2(10)``.
Tables are tab-separated, in two styles:

* one row per line, cells separated by tabs;
* one cell per tab-indented line, rows separated by blank lines (a cell may
  wrap onto a following line without a tab).

The whole text file is page 1; line numbers are the file's own.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from .. import rules
from ..model import Cell, Document, Line, Table, Where
from .captions import attach_caption
from .page_breaks import join_split_tables

# Up to this many blank lines may stand inside one table.
MAX_BLANKS_IN_TABLE = 3


class ReadError(Exception):
    """The file cannot be read as a plan document; the message says why."""


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes to text, with a warning when the encoding had to be guessed."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").lstrip("\ufeff"), []
        except UnicodeDecodeError as exc:
            raise ReadError(f"not valid UTF-16 text, though it starts as UTF-16 ({exc.reason} at byte {exc.start})") from None
    if b"\x00" in data:
        raise ReadError("binary data (NUL bytes) in a text file")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), ["not UTF-8: read as Windows-1252"]


def read_text(path: str, data: bytes, fmt: str) -> Document:
    text, warnings = decode(data)
    if not text.strip():
        raise ReadError("the file is empty")
    lines = [clean_line(raw, number) for number, raw in enumerate(text.splitlines(), start=1)]
    read_markdown(lines)
    split_aligned_tables(lines)
    mark_toc_and_furniture(lines)
    tables = join_split_tables(find_tables(lines), lines)
    return Document(path=path, format=fmt, pages=1, lines=lines, tables=tables, warnings=warnings)


# --- cleaning -------------------------------------------------------------


@lru_cache(maxsize=None)
def _cleaning_rules() -> tuple[tuple[regex.Pattern, ...], regex.Pattern, regex.Pattern | None]:
    """Artefact patterns, the struck-text pattern, and one pattern finding
    either (most lines hold neither and cost that one search)."""
    cfg = rules.load("text_export")
    sources = [a["regex"] for a in cfg["artefact"]] + [cfg["struck"]["regex"]]
    artefacts = tuple(rules.compile_pattern(a["regex"], f"text_export.toml [{a['id']}]") for a in cfg["artefact"])
    struck = rules.compile_pattern(cfg["struck"]["regex"], "text_export.toml [struck]")
    return artefacts, struck, rules.any_of(sources, "text_export.toml [artefact] and [struck]")


def clean_line(raw: str, number: int, page: int = 1) -> Line:
    """Strip export artefacts and struck text, keeping a map back to ``raw``."""
    artefacts, struck, either = _cleaning_rules()
    if either is not None and not either.search(raw):
        text = raw.rstrip("\r")
        return Line(page=page, number=number, raw=raw, text=text, offsets=None)
    gone: list[tuple[int, int]] = []
    struck_texts: list[str] = []
    for m in struck.finditer(raw):
        struck_texts.append(m.group(1))
        gone.append(m.span())
    for pattern in artefacts:
        gone.extend(m.span() for m in pattern.finditer(raw))
    kept = _kept_spans(len(raw), gone)
    text = "".join(raw[start:end] for start, end in kept).rstrip("\r")
    offsets = [i for start, end in kept for i in range(start, end)][: len(text)]
    return Line(page=page, number=number, raw=raw, text=text, offsets=offsets, struck=struck_texts)


def _kept_spans(length: int, gone: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of ``range(length)`` outside every span in ``gone``
    (spans may overlap): whole slices are copied rather than one character
    at a time."""
    kept = []
    at = 0
    for start, end in sorted(gone):
        if start > at:
            kept.append((at, start))
        at = max(at, end)
    if at < length:
        kept.append((at, length))
    return kept


def _drop(line: Line, keep: list[bool], tab_at: set[int] = frozenset()) -> None:
    """Remove characters of ``line.text`` (keeping the map to the raw line);
    characters at ``tab_at`` become tabs."""
    chars = ["\t" if i in tab_at else c for i, c in enumerate(line.text)]
    line.offsets = [o for o, k in zip(line.raw_offsets(), keep) if k]
    line.text = "".join(c for c, k in zip(chars, keep) if k)


@lru_cache(maxsize=None)
def _markdown_rules() -> tuple[regex.Pattern, ...]:
    cfg = rules.load("text_export")["markdown"]
    return tuple(
        rules.compile_pattern(cfg[key], f"text_export.toml [markdown] {key}")
        for key in ("heading_regex", "emphasis_regex", "table_row_regex", "table_separator_regex")
    )


def read_markdown(lines: list[Line]) -> None:
    """Markdown markup: "## Title" is a heading of level 2; *emphasis* and
    _emphasis_ markers are not text; a pipe-table row becomes tab-separated
    cells (its separator row "|---|" is blank), as the table finder reads."""
    heading, emphasis, table_row, separator = _markdown_rules()
    for line in lines:
        m = heading.match(line.text)
        if m:
            line.heading, line.level = True, len(m.group("marks"))
            _drop(line, [i >= m.end() for i in range(len(line.text))])
        drops = {i for m in emphasis.finditer(line.text) for i in range(m.start(), m.end())}
        if drops:
            _drop(line, [i not in drops for i in range(len(line.text))])
        if separator.match(line.text) and "|" in line.text:
            _drop(line, [False] * len(line.text))
        elif table_row.match(line.text):
            bars = [i for i, c in enumerate(line.text) if c == "|"]
            keep = [i not in (bars[0], bars[-1]) for i in range(len(line.text))]
            _drop(line, keep, set(bars[1:-1]))


def split_aligned_tables(lines: list[Line]) -> None:
    """A table typed with spaces ("TP1      Hankehallinto      50 000"):
    in a run of such lines the wide gaps become tabs."""
    cfg = rules.load("text_export")["aligned_table"]
    gap = regex.compile(rf"(?<=\S)( {{{int(cfg['min_gap'])},}})(?=\S)")
    run: list[Line] = []
    for line in [*lines, None]:
        if line is not None and "\t" not in line.text and gap.search(line.text.strip()):
            run.append(line)
            continue
        if len(run) >= int(cfg["min_lines"]) and _columns_align(run, gap):
            for member in run:
                at = {i for m in gap.finditer(member.text) for i in range(m.start(), m.end())}
                first = {m.start() for m in gap.finditer(member.text)}
                _drop(member, [i not in at or i in first for i in range(len(member.text))], first)
        run = []


def _columns_align(run: list[Line], gap: regex.Pattern) -> bool:
    starts = [tuple(m.end() for m in gap.finditer(line.text)) for line in run]
    seconds = [s[0] for s in starts if s]
    return len(seconds) > len(set(seconds))


@lru_cache(maxsize=None)
def _role_rules() -> tuple[list[regex.Pattern], list[regex.Pattern]]:
    """Page furniture and table-of-contents patterns, each list joined into
    one pattern where it can be (see rules.any_of)."""
    cfg = rules.load("text_export")
    joined = []
    for key in ("page_furniture", "toc"):
        entries = cfg[key]
        one = rules.any_of([e["regex"] for e in entries], f"text_export.toml [{key}]")
        joined.append([one] if one is not None else
                      [rules.compile_pattern(e["regex"], f"text_export.toml [{e['id']}]") for e in entries])
    return joined[0], joined[1]


def mark_toc_and_furniture(lines: list[Line]) -> None:
    furniture, toc = _role_rules()
    for line in lines:
        if any(p.search(line.text) for p in furniture):
            line.role = "furniture"
        elif any(p.search(line.text) for p in toc):
            line.role = "toc"


# --- tables ---------------------------------------------------------------


def _has_tab(line: Line) -> bool:
    return "\t" in line.text and not line.blank and line.role != "toc"


def _is_cell_line(line: Line) -> bool:
    """A style-B line: tab-indented, exactly one cell."""
    return line.text.startswith("\t") and len([c for c in line.text.split("\t") if c.strip()]) == 1


def find_tables(lines: list[Line]) -> list[Table]:
    """Find every tab-separated table and mark its lines as ``table``."""
    tables = []
    i = 0
    while i < len(lines):
        if not _has_tab(lines[i]):
            i += 1
            continue
        run = _table_run(lines, i)
        rows = _rows(run)
        if len(rows) >= 2:
            for line in run:
                if line.role == "text":
                    line.role = "table"
            table = Table(rows=rows, where=Where(run[0].page, run[0].number))
            attach_caption(table, lines, i, i + len(run) - 1)
            tables.append(table)
        i += len(run)
    return tables


def _table_run(lines: list[Line], start: int) -> list[Line]:
    """The lines of the table starting at ``start``: tab lines, blank lines
    between them, and wrapped continuations of one-cell lines."""
    run = [lines[start]]
    j = start + 1
    while j < len(lines):
        line = lines[j]
        if _has_tab(line):
            run.append(line)
            j += 1
        elif line.blank:
            k = j
            while k < len(lines) and lines[k].blank and k - j < MAX_BLANKS_IN_TABLE:
                k += 1
            if k < len(lines) and _has_tab(lines[k]):
                run.extend(lines[j:k])
                j = k
            else:
                break
        elif _is_cell_line(run[-1]):
            run.append(line)  # a cell wrapped onto a line of its own
            j += 1
        else:
            break
    while run and run[-1].blank:
        run.pop()
    return run


def _cells(line: Line) -> list[Cell]:
    """Split a line on tabs into cells with provenance."""
    cells = []
    pos = 0
    for part in line.text.split("\t"):
        stripped = part.strip()
        lead = len(part) - len(part.lstrip())
        start = pos + lead
        end = start + len(stripped)
        cells.append(Cell(stripped, line.where(start, end) if stripped else Where(line.page, line.number)))
        pos += len(part) + 1
    return cells


def _rows(run: list[Line]) -> list[list[Cell]]:
    tab_lines = [ln for ln in run if _has_tab(ln)]
    one_cell = sum(1 for ln in tab_lines if _is_cell_line(ln))
    if tab_lines and one_cell / len(tab_lines) >= 0.6:
        rows = _rows_cell_per_line(run)
    else:
        rows = _rows_row_per_line(run)
    return [row for row in rows if any(c.text for c in row)]


def _rows_row_per_line(run: list[Line]) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for line in run:
        if line.blank:
            continue
        cells = _cells(line)
        if rows and not cells[0].text and any(c.text for c in cells):
            _continue_row(rows[-1], cells)  # wrapped text of the row above
        else:
            rows.append(cells)
    return _fit_to_header(rows)


def _rows_cell_per_line(run: list[Line]) -> list[list[Cell]]:
    groups: list[list[Cell]] = []
    current: list[Cell] = []
    for line in run:
        if current and line.text.startswith("\t") and not line.text.strip():
            current.append(Cell("", Where(line.page, line.number)))  # an empty cell
        elif line.blank:
            if current:
                groups.append(current)
                current = []
        elif line.text.startswith("\t"):
            current.append(_cells(line)[-1] if _is_cell_line(line) else _first_text_cell(line))
        elif "\t" in line.text:
            if current:
                groups.append(current)
                current = []
            groups.append([c for c in _cells(line) if c.text])
        elif current:
            last = current[-1]
            current[-1] = Cell(f"{last.text} {line.text.strip()}".strip(), last.where)
    if current:
        groups.append(current)
    if not groups:
        return []
    width = len(groups[0])
    rows: list[list[Cell]] = []
    for group in groups:
        # A blank line inside a row splits it in the export: join the pieces.
        if rows and len(rows[-1]) < width and len(rows[-1]) + len(group) <= width and rows[-1] is not groups[0]:
            rows[-1] = rows[-1] + group
        else:
            rows.append(list(group))
    return _fit_to_header(rows)


def _first_text_cell(line: Line) -> Cell:
    cells = [c for c in _cells(line) if c.text]
    return cells[0] if cells else Cell("", Where(line.page, line.number))


def _continue_row(row: list[Cell], cells: list[Cell]) -> None:
    for k, cell in enumerate(cells):
        if not cell.text:
            continue
        if k < len(row):
            row[k] = Cell(f"{row[k].text} {cell.text}".strip(), row[k].where if row[k].text else cell.where)
        else:
            row.append(cell)


def _fit_to_header(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Give every row the header's width: short rows are right-aligned when
    they carry only a label and values (a final "Yhteensä" row), long rows
    lose trailing empty cells."""
    if not rows:
        return rows
    width = len(rows[0])
    fitted = [rows[0]]
    for row in rows[1:]:
        while len(row) > width and not row[-1].text:
            row = row[:-1]
        if len(row) < width:
            where = row[-1].where if row else rows[0][0].where
            pad = [Cell("", where) for _ in range(width - len(row))]
            row = row[:1] + pad + row[1:] if len(row) >= 2 else row + pad
        fitted.append(row)
    return fitted
