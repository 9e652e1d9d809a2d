"""What must be the same whichever format a plan is read from."""

from __future__ import annotations

import regex

from extract.assemble import assemble
from extract.checks import run_checks
from extract.readers import read


def comparable(path: str) -> dict:
    """Units, amounts, periods, tables and flags, without line numbers (a PDF
    page and a text file count lines differently) and without the raw text of
    amounts and periods (a PDF line may wrap inside "9/2024- 6/2025")."""
    plan = assemble(read(path))
    plan.flags = run_checks(plan)
    sections = {s.key: (s.kind, s.number, s.title) for s in plan.sections}
    return {
        "title": plan.title,
        "period": (plan.project_start, plan.project_end),
        "sections": sorted(sections.values()),
        "units": [
            (sections.get(u.section_key), u.kind, u.number, u.title, u.cost_eur, _letters(u.schedule_text))
            for u in plan.units
        ],
        "amounts": [(a.money.value_eur, a.money.approximate, a.money.role) for a in plan.amounts],
        "periods": [(p.period.start, p.period.end, p.period.precision) for p in plan.periods],
        "tables": [
            (t.number, t.kind, [(c.row_label, c.column_label, c.value_eur) for c in t.cost_cells],
             [(m.step, _letters(m.period_raw), m.start, m.end) for m in t.phase_marks])
            for t in plan.tables
        ],
        "flags": [(f.rule, f.severity, f.expected, f.actual) for f in plan.flags],
    }


def _letters(text: str | None) -> str | None:
    """Text without white space: "9/2024- 6/2025" wraps in a PDF (or in a
    narrow table cell) as "9/2024-" + "6/2025", and whether a space followed
    the hyphen is printed nowhere."""
    return None if text is None else regex.sub(r"\s+", "", text)
