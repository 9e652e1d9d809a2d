"""Consistency checks a reviewer would do by hand, on the assembled plan.

Each check returns :class:`~extract.plan.Flag` rows naming the table or line
and showing the numbers. Differences within the rounding tolerance of
``rules/checks.toml`` are reported with severity ``info``, apart from errors.
"""

from __future__ import annotations

from . import rules
from .plan import Flag, Plan, PlanTable
from .recognise.tables import CostCell, label_role


def euros(value: float) -> str:
    """12345.5 → '12 345,50 €'; whole euros without decimals."""
    whole = abs(value - round(value)) < 0.005
    text = f"{value:,.0f}" if whole else f"{value:,.2f}"
    return text.replace(",", " ").replace(".", ",") + " €"


def run_checks(plan: Plan) -> list[Flag]:
    tolerance = float(rules.load("checks")["arithmetic"]["rounding_eur"])
    flags: list[Flag] = []
    for table in plan.tables:
        if table.kind == "cost":
            flags.extend(check_cost_table(table, tolerance))
    flags.extend(check_announced_counts(plan))
    flags.extend(check_impossible_dates(plan))
    flags.extend(check_structure(plan))
    return flags


def check_structure(plan: Plan) -> list[Flag]:
    """What the outline had to guess or could not place (a unit named but never
    described, a section named without a heading, units merged whose titles
    differ): a warning, or info for a merge of one unit's spellings."""
    return [
        Flag("structure", "info" if note.evidence.get("info") else "warning", note.message, note.where,
             evidence={**{k: v for k, v in note.evidence.items() if k != "info"}, "message_en": note.message_en})
        for note in plan.structure_notes
    ]


def check_impossible_dates(plan: Plan) -> list[Flag]:
    """A date that does not exist (31.2.2021, month 13) is a typo to fix."""
    return [
        Flag("invalid-date", "warning", f"'{p.period.raw}' is not a real date", p.where, evidence={"raw": p.period.raw})
        for p in plan.periods
        if not p.period.valid
    ]


def check_announced_counts(plan: Plan) -> list[Flag]:
    """"koostuu neljästä työpaketista" against the units found there."""
    parents = {s.key: s.parent_key for s in plan.sections}
    names = {s.key: f"{s.kind} {s.number}" for s in plan.sections}

    def within(section_key, announced_key) -> bool:
        while section_key is not None:
            if section_key == announced_key:
                return True
            section_key = parents.get(section_key)
        return False

    flags = []
    for announced in plan.announced:
        found = [
            u for u in plan.units
            if u.kind == announced.kind and u.parent_key is None
            and (announced.section_key is None or within(u.section_key, announced.section_key))
        ]
        if len(found) == announced.count:
            continue
        place = names.get(announced.section_key, "the plan")
        numbers = ", ".join(u.number for u in found) or "none"
        flags.append(Flag(
            "unit-count", "warning",
            f"'{announced.raw}': {place} announces {announced.count} × {announced.kind}, "
            f"but {len(found)} were found ({numbers})",
            announced.where, float(announced.count), float(len(found)),
            {"announced": announced.count, "found": [u.number for u in found], "section": place},
        ))
    return flags


def _name(table: PlanTable) -> str:
    return f"Taulukko {table.number}" if table.number else f"Cost table at line {table.where.line}"


def _compare(table, rule, what, parts: list[CostCell], total: CostCell, tolerance) -> Flag | None:
    expected = round(sum(c.value_eur for c in parts), 2)
    actual = total.value_eur
    diff = round(actual - expected, 2)
    if diff == 0:
        return None
    rounding = abs(diff) <= tolerance
    shown = " + ".join(euros(c.value_eur) for c in parts)
    message = (
        f"{_name(table)}: {what}: {shown} = {euros(expected)}, but the table gives "
        f"{euros(actual)} (difference {euros(diff)}{', rounding' if rounding else ''})"
    )
    evidence = {
        "table": table.number,
        "parts": [{"row": c.row_label, "column": c.column_label, "value_eur": c.value_eur} for c in parts],
        "total": {"row": total.row_label, "column": total.column_label, "value_eur": actual},
    }
    return Flag(rule, "info" if rounding else "error", message, total.where, expected, actual, evidence)


def check_cost_table(table: PlanTable, tolerance: float) -> list[Flag]:
    """Row sums against a total column, column sums against a total row,
    and state aid + own financing against total costs."""
    grid = {(c.row, c.col): c for c in table.cost_cells if c.value_eur is not None}
    rows = sorted({c.row for c in grid.values()})
    cols = sorted({c.col for c in grid.values()})
    col_label = {c.col: c.column_label for c in grid.values()}
    row_label = {c.row: c.row_label for c in grid.values()}
    row_role = {r: label_role(row_label[r]) for r in rows}
    total_cols = [c for c in cols if label_role(col_label[c]) == "total"]
    part_cols = [c for c in cols if c not in total_cols]
    results = []

    for total_col in total_cols:
        for r in rows:
            parts = [grid[(r, c)] for c in part_cols if (r, c) in grid]
            if (r, total_col) in grid and len(parts) >= 2 and len(parts) == len(part_cols):
                what = f"row '{row_label[r]}'"
                results.append(_compare(table, "cost-table-sum", what, parts, grid[(r, total_col)], tolerance))

    total_rows = [r for r in rows if row_role[r] == "total"]
    aid_rows = [r for r in rows if row_role[r] == "state_aid"]
    own_rows = [r for r in rows if row_role[r] == "own_financing"]
    for c in cols:
        if len(total_rows) == 1 and aid_rows and own_rows:
            parts = [grid[(r, c)] for r in aid_rows[:1] + own_rows[:1] if (r, c) in grid]
            if len(parts) == 2 and (total_rows[0], c) in grid:
                what = f"state aid + own financing in column '{col_label[c]}'"
                results.append(_compare(table, "cost-table-split", what, parts, grid[(total_rows[0], c)], tolerance))
        elif len(total_rows) == 1 and not aid_rows and not own_rows:
            parts = [grid[(r, c)] for r in rows if r != total_rows[0] and (r, c) in grid]
            if len(parts) >= 2 and (total_rows[0], c) in grid:
                what = f"column '{col_label[c]}'"
                results.append(_compare(table, "cost-table-sum", what, parts, grid[(total_rows[0], c)], tolerance))
    return [f for f in results if f is not None]
