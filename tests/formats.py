"""What must be the same whichever format a plan is read from."""

from __future__ import annotations

from extract.assemble import assemble
from extract.checks import run_checks
from extract.readers import read


def comparable(path: str) -> dict:
    """Units, amounts, periods, tables and flags, without line numbers (a PDF
    page and a text file count lines differently)."""
    plan = assemble(read(path))
    plan.flags = run_checks(plan)
    sections = {s.key: (s.kind, s.number, s.title) for s in plan.sections}
    return {
        "title": plan.title,
        "period": (plan.project_start, plan.project_end),
        "sections": sorted(sections.values()),
        "units": [(sections.get(u.section_key), u.kind, u.number, u.title, u.cost_eur, u.schedule_text) for u in plan.units],
        "amounts": [(a.money.value_eur, a.money.raw, a.money.role) for a in plan.amounts],
        "periods": [(p.period.raw, p.period.start, p.period.end) for p in plan.periods],
        "tables": [
            (t.number, t.kind, [(c.row_label, c.column_label, c.value_eur) for c in t.cost_cells],
             [(m.step, m.period_raw, m.start, m.end) for m in t.phase_marks])
            for t in plan.tables
        ],
        "flags": [(f.rule, f.severity, f.expected, f.actual) for f in plan.flags],
    }
