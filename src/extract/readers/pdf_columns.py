"""Two-column bands of a PDF page, and the page's words in reading order.

A page may mix full-width text (a title, a running header, a table's
caption) with bands set in two columns. For every candidate gutter in the
middle of the page, each row of words is checked for a word crossing it
(one bit per gutter, so a page costs a few integer operations per row); runs
of rows no word crosses, with running text on both sides, are two-column
bands. A band is read left column first.
"""

from __future__ import annotations

import math

from .pdf_pages import Word

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


def reading_groups(words: list[Word], width: float) -> list[tuple[list[Word], bool]]:
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
