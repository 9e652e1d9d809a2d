"""Tables split by a page break in a text export.

A converter that turns a PDF or Word file into Markdown or plain text prints
a long table as one table per page, with only page furniture between the
pieces: a page number, an ``<!-- image -->`` placeholder, blank lines. The
piece on the next page has no header of its own (the converter promotes its
first data row to a header) or repeats the first piece's header. Read as
separate tables, the first piece has no total and the second has a total
that its own rows do not add up to — a false alarm for the reviewer. This
module joins such pieces back into one table, the way the PDF reader joins
a table that continues at the top of the next page.

Two tables are joined only when everything between them is non-content
(blank or page furniture, at least one line of furniture: the sign of a page
break), they have the same number of columns, the second has no caption of
its own, and the first does not already end in a total row.
"""

from __future__ import annotations

from functools import lru_cache

from .. import rules
from ..model import Cell, Line, Table


@lru_cache(maxsize=None)
def _total_words() -> tuple[str, ...]:
    cfg = rules.load("tables")
    return tuple(word.casefold() for word in cfg["cost"]["total_ends"])


def _ends_with_total(table: Table) -> bool:
    label = next((c.text for c in table.rows[-1] if c.text), "").casefold().rstrip(":")
    return label.endswith(_total_words())


def _last_line(table: Table) -> int:
    return max(c.where.line for row in table.rows for c in row)


def _only_a_page_break_between(lines_by_number: dict[int, Line], first: Table, second: Table) -> bool:
    between = [lines_by_number[n] for n in range(_last_line(first) + 1, second.where.line)
               if n in lines_by_number]
    return all(line.blank for line in between) and any(line.role == "furniture" for line in between)


def joins(lines_by_number: dict[int, Line], first: Table, second: Table) -> bool:
    """Whether ``second`` is the rest of ``first`` after a page break."""
    return (
        second.caption is None
        and len(second.rows[0]) == len(first.rows[0])
        and not _ends_with_total(first)
        and _only_a_page_break_between(lines_by_number, first, second)
    )


def continuing_rows(first: Table, second: Table) -> list[list[Cell]]:
    """The rows ``second`` adds to ``first``: all of them, less a header the
    page repeats."""
    return second.rows[1:] if [c.text for c in second.rows[0]] == first.header else second.rows


def join_split_tables(tables: list[Table], lines: list[Line]) -> list[Table]:
    """The tables with each piece that continues the one before joined to it.
    The second piece's first row is data, unless it repeats the header."""
    lines_by_number = {line.number: line for line in lines}
    joined: list[Table] = []
    for table in tables:
        first = joined[-1] if joined else None
        if first is not None and joins(lines_by_number, first, table):
            first.rows.extend(continuing_rows(first, table))
            continue
        joined.append(table)
    return joined
