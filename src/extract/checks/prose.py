"""The plan's text lines, lower-cased once for the rules that scan them.

Several rules read every text line with a recogniser (item, chapter and
title references, dependency sentences, section counts and references);
each reads only the lines holding one of its recogniser's pieces, found
once per document (see ``recognise.lines``).
"""

from __future__ import annotations

from ..plan import Plan
from ..recognise.lines import TextLines, text_lines_of


def text_lines(plan: Plan) -> TextLines:
    """The plan's text lines lowered once for the rules that scan them (the
    same as assembling its document used)."""
    return text_lines_of(plan.lines)
