"""Tabs typed into a text and printed by a word processor (a text export
opened in LibreOffice or Word and saved as PDF).

Such a tab jumps to the next default tab stop, so its width tells nothing,
but the stop the text lands on does: the number of stops a jump crosses is
the number of tabs typed, empty cells included. PDFium marks the jump (the
space before the word is one it generated). Rows then read as the export's
lines, with the tabs a PDF cannot show (trailing ones, rows of empty cells)
given back, and the text export's table finder reads them.
"""

from __future__ import annotations

import math

from ..model import Line
from .captions import caption_pattern
from .pdf_pages import Word

# Default tab stops of word processors (LibreOffice 1.25 cm, Word 1.27 cm), in
# points, and how near a stop text must start to stand at it.
DEFAULT_TAB_STOPS = (35.43, 36.0)
TAB_STOP_SLACK = 0.75
# Lines of a page that must show typed tabs on their own before the page's
# other lines landing on the stops are read as typed too.
MIN_TYPED_TAB_LINES = 2


def stop_index(x: float, left: float, interval: float) -> int | None:
    """The default tab stop ``x`` stands at (1, 2, …), or None."""
    k = round((x - left) / interval)
    return k if k >= 1 and abs(x - left - k * interval) <= TAB_STOP_SLACK else None


def typed_tabs(line: list[Word], left: float, space: float) -> tuple[list[int], bool] | None:
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
        stops = [stop_index(line[i].x0, left, interval) for i in jumps]
        if all(stops):
            tabs = [0] * len(line)
            for i, stop in zip(jumps, stops):
                passed = math.floor((line[i - 1].x1 - left + 0.01) / interval)
                tabs[i] = max(stop - passed, 1)
            clear = len(jumps) >= 2 or any(line[i].x0 - line[i - 1].x1 > 3 * space for i in jumps)
            return tabs, clear
    return None


def lead_tabs(x0: float, left: float) -> int:
    for interval in DEFAULT_TAB_STOPS:
        stop = stop_index(x0, left, interval)
        if stop:
            return stop
    return 0


def fill_typed_rows(lines: list[Line], typed: set[int]) -> None:
    """Give rows of typed tabs back the tabs a PDF cannot show: the trailing
    ones (empty cells at a row's end) and all of a row whose cells are all
    empty (a line without tabs between two rows of tabs, not a caption or a
    heading). Each run of rows gets the tab count of its longest row."""
    content = [ln for ln in lines if not ln.blank]
    caption = caption_pattern()
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
                row.offsets = None  # the text is the raw line
        run = []
