"""Cut over-long lines into segments the recognisers can read in linear time.

A paragraph of a real plan is a few hundred characters, rarely a few
thousand; a "line" of megabytes is a broken export or a hostile file. Rule
patterns run per line, and some backtrack over a long run of digit groups or
dashes, so their cost grows with the square of the line. Cutting every line
into segments of at most ``MAX_SEGMENT_CHARS`` keeps the whole document
linear. A segment keeps its line number and the shared raw line, and its
offsets point into that raw line, so provenance is exact. Cuts fall after a
sentence end where one is near, else at white space that is not between two
digits (so "1 182 060 €" is never cut in two).
"""

from __future__ import annotations

import regex

from ..model import Line

MAX_SEGMENT_CHARS = 4000
# How far back from the limit a better cut (a sentence end) is looked for.
LOOK_BACK = 1000

_SENTENCE_END = regex.compile(r"[.!?;:]\s+(?=\S)")
_SAFE_SPACE = regex.compile(r"(?<!\d)\s+|\s+(?!\d)")


def split_long_lines(lines: list[Line], limit: int = MAX_SEGMENT_CHARS) -> list[Line]:
    """``lines`` with every line over ``limit`` characters cut into segments."""
    if all(len(line.text) <= limit for line in lines):
        return lines
    out: list[Line] = []
    for line in lines:
        out.extend(_segments(line, limit) if len(line.text) > limit else [line])
    return out


def _segments(line: Line, limit: int) -> list[Line]:
    pieces = []
    start = 0
    text = line.text
    while len(text) - start > limit:
        cut = _cut(text, start, start + limit)
        pieces.append(_piece(line, start, cut))
        start = cut
    pieces.append(_piece(line, start, len(text)))
    return pieces


def _cut(text: str, start: int, end: int) -> int:
    """Where to end the segment ``text[start:end]``: after the last sentence
    end in its final stretch, else at the last safe white space, else hard."""
    window_start = max(start + 1, end - LOOK_BACK)
    for pattern in (_SENTENCE_END, _SAFE_SPACE):
        last = None
        for last in pattern.finditer(text, window_start, end):
            pass
        if last is not None:
            return last.end()
    return end


def _piece(line: Line, start: int, end: int) -> Line:
    return Line(page=line.page, number=line.number, raw=line.raw, text=line.text[start:end],
                offsets=list(line.raw_offsets()[start:end]), struck=line.struck if start == 0 else [],
                role=line.role, heading=line.heading)
