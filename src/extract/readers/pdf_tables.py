"""Ruled tables from a page's drawn edges and its words, without re-parsing the page.

The edges come from PDFium's path objects (:mod:`.pdfium_page`). They go
through pdfplumber's own table finder steps (``merge_edges`` →
``edges_to_intersections`` → ``intersections_to_cells`` →
``cells_to_tables``) with its default settings, so a table has the same
cells whichever engine read the page; the cells are then filled with the
words whose middle lies inside them, a line of words per visual line, as
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


def _edge_dict(edge) -> dict:
    """An edge in the form pdfplumber's table functions take."""
    return {
        "x0": edge.x0, "x1": edge.x1, "top": edge.top, "bottom": edge.bottom, "doctop": edge.top,
        "width": edge.x1 - edge.x0, "height": edge.bottom - edge.top, "orientation": edge.orientation,
        "object_type": "line",
    }


def grid_cells(edges: Iterable) -> list[list[Box]]:
    """The cells of each ruled table, tables top to bottom."""
    from pdfplumber import table as finder
    from pdfplumber.utils import filter_edges

    found = filter_edges([_edge_dict(e) for e in edges], min_length=EDGE_MIN_LENGTH_PREFILTER)
    merged = finder.merge_edges(found, SNAP_TOLERANCE, SNAP_TOLERANCE, JOIN_TOLERANCE, JOIN_TOLERANCE)
    merged = filter_edges(merged, min_length=EDGE_MIN_LENGTH)
    points = finder.edges_to_intersections(merged, INTERSECTION_TOLERANCE, INTERSECTION_TOLERANCE)
    return finder.cells_to_tables(finder.intersections_to_cells(points))


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
    """Cells as rows, aligned on the table's column edges (pdfplumber's ``Table.rows``)."""
    from pdfplumber.table import Table

    return [row.cells for row in Table(None, cells).rows]


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
