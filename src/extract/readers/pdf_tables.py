"""Ruled tables from a page's drawn edges and its words, without re-parsing the page.

The edges come from PDFium's path objects (:mod:`.pdfium_page`). They go
through pdfplumber's table-finder steps (snap and join the edges, find where
they cross, the smallest cell at each crossing, cells sharing corners as one
table) with its default settings, written here over plain tuples and with
indexes instead of pdfplumber's scans (and without importing pdfminer), so
a table has the same cells whichever engine read the page
(``tests/test_pdf_tables.py``); the cells are then filled with the words
whose middle lies inside them, a line of words per visual line, as
pdfplumber's ``Table.extract`` does with characters.

An empty cell that a coloured fill covers reads as :data:`SHADED`, a mark
(``rules/tables.toml``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# What an empty cell with a fill reads as (a mark in rules/tables.toml).
SHADED = "■"
# pdfplumber's TableSettings defaults.
SNAP_TOLERANCE = 3
JOIN_TOLERANCE = 3
EDGE_MIN_LENGTH = 3
EDGE_MIN_LENGTH_PREFILTER = 1
INTERSECTION_TOLERANCE = 3
# Words closer than this vertically stand on one line of a cell (pdfplumber's y_tolerance).
CELL_LINE_TOLERANCE = 3
# A fill covering this share of a cell shades it.
SHADED_SHARE = 0.6

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass
class FoundTable:
    bbox: Box
    rows: list[list[str | None]]  # None: no cell here (a merged cell's other part)


def has_rulings(edges: Iterable) -> bool:
    """At least two horizontal and two vertical edges: there may be a grid."""
    counts = {"h": 0, "v": 0}
    for edge in edges:
        counts[edge.orientation] += 1
    return counts["h"] >= 2 and counts["v"] >= 2


# --- pdfplumber's table-finder steps, on plain tuples ---------------------------
# (snap_edges → join_edge_group → edges_to_intersections →
# intersections_to_cells → cells_to_tables, with TableSettings' defaults).
# An edge is (position, start, end): the x of a vertical edge and its top and
# bottom, or the top of a horizontal one and its x0 and x1.

Segment = tuple[float, float, float]


def _snap(segments: list[Segment]) -> list[Segment]:
    """Edges whose positions chain within ``SNAP_TOLERANCE`` move to their mean position."""
    out: list[Segment] = []
    cluster: list[Segment] = []
    for segment in sorted(segments) + [None]:
        if cluster and (segment is None or segment[0] > cluster[-1][0] + SNAP_TOLERANCE):
            mean = sum(c[0] for c in cluster) / len(cluster)
            out += [(mean, start, end) for _position, start, end in cluster]
            cluster = []
        if segment is not None:
            cluster.append(segment)
    return out


def _join(segments: list[Segment]) -> list[Segment]:
    """Edges on one line that touch or overlap (within ``JOIN_TOLERANCE``) become one."""
    joined: list[list[float]] = []
    for position, start, end in sorted(segments):
        last = joined[-1] if joined else None
        if last is not None and last[0] == position and start <= last[2] + JOIN_TOLERANCE:
            last[2] = max(last[2], end)
        else:
            joined.append([position, start, end])
    return [tuple(j) for j in joined if j[2] - j[1] >= EDGE_MIN_LENGTH]


def _merged(edges: Iterable) -> tuple[list[Segment], list[Segment]]:
    """Vertical and horizontal rulings, snapped and joined."""
    vertical = [(e.x0, e.top, e.bottom) for e in edges
                if e.orientation == "v" and e.bottom - e.top >= EDGE_MIN_LENGTH_PREFILTER]
    horizontal = [(e.top, e.x0, e.x1) for e in edges
                  if e.orientation == "h" and e.x1 - e.x0 >= EDGE_MIN_LENGTH_PREFILTER]
    return _join(_snap(vertical)), _join(_snap(horizontal))


def _intersections(vertical: list[Segment], horizontal: list[Segment]) -> dict[tuple[float, float], tuple[set, set]]:
    """Each point where a vertical and a horizontal ruling meet (within
    ``INTERSECTION_TOLERANCE``), with the rulings through it."""
    points: dict[tuple[float, float], tuple[set, set]] = {}
    tolerance = INTERSECTION_TOLERANCE
    for v, (x, top, bottom) in enumerate(vertical):
        for h, (y, x0, x1) in enumerate(horizontal):
            if top <= y + tolerance and bottom >= y - tolerance and x0 - tolerance <= x <= x1 + tolerance:
                through = points.setdefault((x, y), (set(), set()))
                through[0].add(v)
                through[1].add(h)
    return points


def _cells(points: dict[tuple[float, float], tuple[set, set]]) -> list[Box]:
    """The smallest cell each point is the top-left corner of: a point below
    and one to the right on shared rulings, and the corner between them."""
    column: dict[float, list[float]] = {}
    row: dict[float, list[float]] = {}
    for x, y in sorted(points):
        column.setdefault(x, []).append(y)
        row.setdefault(y, []).append(x)

    def vertical_link(x: float, y0: float, y1: float) -> bool:
        return bool(points[(x, y0)][0] & points[(x, y1)][0])

    def horizontal_link(y: float, x0: float, x1: float) -> bool:
        return bool(points[(x0, y)][1] & points[(x1, y)][1])

    cells = []
    for x, y in sorted(points):
        found = None
        for below in (b for b in column[x] if b > y):
            if not vertical_link(x, y, below):
                continue
            for right in (r for r in row[y] if r > x):
                if not horizontal_link(y, x, right):
                    continue
                if (right, below) in points and vertical_link(right, y, below) and horizontal_link(below, x, right):
                    found = (x, y, right, below)
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def _tables(cells: list[Box]) -> list[list[Box]]:
    """Cells that share corners, table by table (top to bottom, then left to
    right); a single cell is no table."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    corner_owner: dict[tuple[float, float], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            if corner in corner_owner:
                parent[root(i)] = root(corner_owner[corner])
            else:
                corner_owner[corner] = i
    groups: dict[int, list[Box]] = {}
    for i, cell in enumerate(cells):
        groups.setdefault(root(i), []).append(cell)
    tables = sorted(groups.values(), key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def grid_cells(edges: Iterable) -> list[list[Box]]:
    """The cells of each ruled table, tables top to bottom."""
    vertical, horizontal = _merged(edges)
    return _tables(_cells(_intersections(vertical, horizontal)))


def _middle_inside(word, box: Box) -> bool:
    x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return box[0] <= x < box[2] and box[1] <= y < box[3]


def cell_text(words: list) -> str:
    """Words of one cell: a line per visual line (tops within
    ``CELL_LINE_TOLERANCE``), words joined by a space."""
    lines: list[list] = []
    for word in sorted(words, key=lambda w: w.top):
        if lines and word.top - lines[-1][-1].top <= CELL_LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return "\n".join(" ".join(w.text for w in sorted(line, key=lambda w: w.x0)) for line in lines)


def covered(box: Box, fills: list[Box]) -> bool:
    """Whether a fill covers most of ``box``."""
    x0, top, x1, bottom = box
    area = max((x1 - x0) * (bottom - top), 1e-6)
    for fx0, ftop, fx1, fbottom in fills:
        w = min(x1, fx1) - max(x0, fx0)
        h = min(bottom, fbottom) - max(top, ftop)
        if w > 0 and h > 0 and w * h >= SHADED_SHARE * area:
            return True
    return False


def _rows(cells: list[Box]) -> list[list[Box | None]]:
    """Cells as rows, aligned on the table's column edges (as pdfplumber's
    ``Table.rows``): a row has a place for every column's left edge, None
    where a merged cell covers it."""
    columns = sorted({c[0] for c in cells})
    rows: dict[float, dict[float, Box]] = {}
    for cell in sorted(cells, key=lambda c: (c[1], c[0])):
        rows.setdefault(cell[1], {})[cell[0]] = cell
    return [[row.get(x) for x in columns] for _top, row in sorted(rows.items())]


def ruled_tables(edges: list, words: list, fills: list[Box]) -> tuple[list[FoundTable], list]:
    """The page's ruled tables, and the words outside them."""
    if not has_rulings(edges):
        return [], words
    tables = []
    for cells in grid_cells(edges):
        bbox = (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))
        inside = [w for w in words if _middle_inside(w, bbox)]
        rows = []
        for row in _rows(cells):
            texts: list[str | None] = []
            for cell in row:
                if cell is None:
                    texts.append(None)
                    continue
                text = cell_text([w for w in inside if _middle_inside(w, cell)])
                texts.append(SHADED if not text.strip() and covered(cell, fills) else text)
            rows.append(texts)
        tables.append(FoundTable(bbox, rows))
    return tables, words_outside(words, [t.bbox for t in tables])


def words_outside(words: list, boxes: list[Box]) -> list:
    """Words whose middle is in none of the boxes (edges count as inside)."""
    def inside(word, box: Box) -> bool:
        x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        return box[0] <= x <= box[2] and box[1] <= y <= box[3]

    return [w for w in words if not any(inside(w, b) for b in boxes)]
