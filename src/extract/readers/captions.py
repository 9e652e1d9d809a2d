"""Table captions ("Taulukko 14. …"), found above or below a table.

Shared by every reader: a caption is a text line near the table's first or
last line that matches ``rules/tables.toml [caption]``.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from .. import rules
from ..model import Line, Table


@lru_cache(maxsize=None)
def caption_pattern() -> regex.Pattern:
    """``rules/tables.toml [caption]``, compiled once (a compile, even one the
    regex module has cached, costs more than matching a line)."""
    return rules.compile_pattern(rules.load("tables")["caption"]["regex"], "tables.toml [caption]")


def _table_follows(lines: list[Line], index: int) -> bool:
    for line in lines[index:]:
        if not line.blank:
            return line.role == "table" or "\t" in line.text
    return False


def attach_caption(table: Table, lines: list[Line], first: int, last: int) -> None:
    """Set the table's caption and number from a caption line near
    ``lines[first]`` (above) or ``lines[last]`` (below)."""
    cfg = rules.load("tables")["caption"]
    pattern = caption_pattern()
    distance = int(cfg.get("max_distance", 1))

    def near(indices) -> int | None:
        seen = 0
        for k in indices:
            line = lines[k]
            if line.blank:
                continue
            if line.role != "text":
                return None
            if pattern.match(line.text):
                return k
            seen += 1
            if seen >= distance:
                return None
        return None

    index = near(range(first - 1, -1, -1))
    if index is None:
        below = near(range(last + 1, len(lines)))
        # a caption below belongs to this table only if no table follows it
        if below is not None and not _table_follows(lines, below + 1):
            index = below
    if index is not None:
        caption = lines[index]
        m = pattern.match(caption.text)
        table.caption = caption.text.strip()
        table.number = m.group("number")
