"""The plan's text lines, lower-cased once for the rules that scan them.

Several rules read every text line with a recogniser (item, chapter and
title references, dependency sentences, section counts and references);
each reads only the lines holding one of its recogniser's pieces, found
once per plan (see ``recognise.lines``).
"""

from __future__ import annotations

from ..plan import Plan
from ..recognise.lines import TextLines

_LAST: list = []  # [(plan, its lines object, how many, TextLines)]: the rules of one plan run one after another


def text_lines(plan: Plan) -> TextLines:
    """The plan's text lines lowered once for the rules that scan them
    (again when the plan's lines have changed since)."""
    if not _LAST or _LAST[0][0] is not plan or _LAST[0][1] is not plan.lines or _LAST[0][2] != len(plan.lines):
        _LAST[:] = [(plan, plan.lines, len(plan.lines), TextLines(plan.lines))]
    return _LAST[0][3]
