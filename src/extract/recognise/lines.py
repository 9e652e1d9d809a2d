"""Which lines of a document hold a recogniser's pieces, found for all the
lines at once.

A recogniser returns nothing for a line that holds none of its pieces
(lower-cased first letters of its words, see ``words.first_letters`` and
``words.holds_any``), and only a few lines in a hundred hold one. Testing
that line by line, for each recogniser, costs more than the recognisers
themselves; so the text lines are lowered and joined once, and the lines
holding a piece are found with one substring search per piece over the whole
text. The caller still runs the recogniser on each line found (its own test
included): what is found is unchanged.
"""

from __future__ import annotations

from bisect import bisect_right

from ..model import Line

SEPARATOR = "\n"  # between the lowered lines in the joined text


class TextLines:
    """The text lines (role "text") of one document, lowered and joined."""

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

    def answers(self, pieces: tuple[str, ...]) -> dict[int, bool]:
        """For each text line, by ``id(line)``: whether it holds one of
        ``pieces`` (for a caller that meets the lines one by one)."""
        holding = {id(line) for _position, line in self.holding(pieces)}
        return {id(self.lines[i]): id(self.lines[i]) in holding for i in self.positions}

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


_LAST: list = []  # [(lines, how many, TextLines)]: a document is assembled, then checked, before the next


def text_lines_of(lines: list[Line]) -> TextLines:
    """The TextLines of a document's lines, built once for assembling the
    document and for the checks of its plan (again for other lines, or when
    lines were added since)."""
    if not _LAST or _LAST[0][0] is not lines or _LAST[0][1] != len(lines):
        _LAST[:] = [(lines, len(lines), TextLines(lines))]
    return _LAST[0][2]
