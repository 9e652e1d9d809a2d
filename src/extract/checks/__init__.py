"""Consistency checks a reviewer would do by hand, on the assembled plan.

Four families, one module each: arithmetic, references, schedule,
structure. Every rule is registered in :mod:`.registry` with a stable id,
its family, default severity and a one-line description; ``run_checks``
runs them all. ``extract checks`` lists them (the README's table is
generated from the same registry).
"""

from __future__ import annotations

from . import arithmetic, items, item_headings, references, captions, schedule, cross_units, dependencies, structure, titles, totals  # noqa: F401, I001 - importing registers the rules, in this order
from .numbers import eur
from .registry import RULES, Finding, markdown_table, run_checks

__all__ = ["RULES", "Finding", "eur", "markdown_table", "run_checks"]
