"""The plan's text lines, lower-cased once for the rules that scan them.

Several rules read every text line with a recogniser (item, chapter and
title references, dependency sentences, section counts and references).
Each recogniser returns nothing for a line that holds none of its pieces
(lower-cased first letters of its words, see ``recognise.words.first_letters``),
and only a few lines in a hundred hold one. Testing that per line and per
rule costs more than the recognisers themselves, so the lines are lowered
and joined once per plan, and the lines holding a piece are found with one
substring search per piece over the whole text. The recogniser still runs
on each line found, pieces test included: what a rule finds is unchanged.
"""

from __future__ import annotations

from bisect import bisect_right

from ..model import Line
from ..plan import Plan

SEPARATOR = "\n"  # between the lowered lines in the joined text


class TextLines:
    """The text lines (role "text") of one plan, lowered and joined."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.positions = [i for i, line in enumerate(lines) if line.role == "text"]
        self.lowered = [lines[i].text.lower() for i in self.positions]
        self.text = SEPARATOR.join(self.lowered)
        self.starts = []  # where each lowered line starts in the joined text
        self._found: dict[str, list[int]] = {}  # piece → the lowered lines holding it (rules share pieces)
        at = 0
        for lowered in self.lowered:
            self.starts.append(at)
            at += len(lowered) + len(SEPARATOR)

    def holding(self, pieces: tuple[str, ...]) -> list[tuple[int, Line]]:
        """(index in the plan's lines, line) of every text line whose lowered
        text holds one of ``pieces``, in document order: the lines
        ``words.holds_any(line.text, pieces)`` is true for."""
        if any(not piece or SEPARATOR in piece for piece in pieces):
            # an empty piece is in every line, and one with a line break could
            # be found across two lines: test such pieces line by line
            found = [k for k, lowered in enumerate(self.lowered) if any(p in lowered for p in pieces)]
        else:
            for piece in pieces:
                if piece not in self._found:
                    self._found[piece] = self._lines_with(piece)
            found = sorted({k for piece in pieces for k in self._found[piece]})
        return [(self.positions[k], self.lines[self.positions[k]]) for k in found]

    def _lines_with(self, piece: str) -> list[int]:
        """The lowered lines ``piece`` is in (numbered from 0). A piece
        without a line break found at an offset lies wholly in the line
        starting at or before it; the search goes on at the next line."""
        found = []
        at = self.text.find(piece)
        while at != -1:
            k = bisect_right(self.starts, at) - 1
            found.append(k)
            at = self.text.find(piece, self.starts[k + 1]) if k + 1 < len(self.starts) else -1
        return found


_LAST: list = []  # [(plan, its lines object, how many, TextLines)]: the rules of one plan run one after another


def text_lines(plan: Plan) -> TextLines:
    """The plan's text lines lowered once for the rules that scan them
    (again when the plan's lines have changed since)."""
    if not _LAST or _LAST[0][0] is not plan or _LAST[0][1] is not plan.lines or _LAST[0][2] != len(plan.lines):
        _LAST[:] = [(plan, plan.lines, len(plan.lines), TextLines(plan.lines))]
    return _LAST[0][3]
