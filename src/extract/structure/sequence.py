"""Numbered headings against numbered list items."""

from __future__ import annotations

from .vocabulary import heading_limits, number_parts


class HeadingSequence:
    """Whether a numbered line is the outline's next heading.

    After heading 2 the next heading is 2.1, 3 or (with a skipped number) 4;
    "1 Rekrytoidaan …" or "2024 Valmistelu" is not, so it is a list item, and
    so are the items right after it that continue its count (1, 2, 3 …) even
    when one of them happens to be a possible heading number.
    """

    def __init__(self, gap: int | None = None, first_at_most: int | None = None) -> None:
        self.gap = int(heading_limits()["heading_number_gap"]) if gap is None else gap
        self.first_at_most = int(heading_limits()["first_heading_at_most"]) if first_at_most is None else first_at_most
        self.last: tuple[int, ...] | None = None
        self.run: int | None = None  # the last item of the current numbered list
        self.run_index = -10

    def is_next(self, parts: tuple[int, ...]) -> bool:
        if self.last is None:
            # the first heading starts a chapter ("8.3.6" first is a stray contents line)
            return len(parts) == 1 and parts[0] <= self.first_at_most
        last = self.last
        for depth in range(len(last)):
            if len(parts) > depth and parts[:depth] == last[:depth] and 1 <= parts[depth] - last[depth] <= self.gap:
                if all(p == 1 for p in parts[depth + 1:]):
                    return True
        return len(parts) > len(last) and parts[: len(last)] == last and all(p == 1 for p in parts[len(last):])

    def accept(self, number: str) -> None:
        """A heading whose words make it one ("4.1.2 Investointi 1") moves the sequence on."""
        parts = number_parts(number)
        if parts:
            self.last, self.run = parts, None

    def judge(self, number: str, index: int, typographic: bool, list_item: bool) -> bool:
        """True for a heading; False for a list item. ``index`` is the line's
        place among the prose lines, to see whether it follows the last item.
        A heading style does not make "1. Asukkaan …" after heading 8.3 a
        heading (converted documents style list items as headings)."""
        parts = number_parts(number)
        if parts is None:
            return False
        continues_list = (
            self.run is not None and len(parts) == 1 and parts[0] == self.run + 1 and index == self.run_index + 1
        )
        if list_item or continues_list:
            self.run, self.run_index = parts[0], index
            return False
        if self.is_next(parts):
            self.last, self.run = parts, None
            return True
        if len(parts) == 1:
            self.run, self.run_index = parts[0], index
        return False
