"""Assemble a read document into a plan.

One pass over the prose lines feeds the :class:`~extract.structure.Outline`
(sections, units, fields, mentions) and attaches every amount and period to
the unit whose text states it; tables are classified and linked to the unit or
section they stand in; the title and the plan's own period are looked up.
"""

from __future__ import annotations

from bisect import bisect_left

import regex

from . import rules
from .model import Document
from .plan import Amount, PeriodFound, Plan, PlanTable, TableReferenceFound
from .recognise import tables as table_recogniser
from .recognise.headings import classify
from .recognise.money import find_money
from .recognise.periods import find_periods
from .recognise.references import find_table_references
from .structure import Outline


def assemble(doc: Document) -> Plan:
    outline = Outline()
    positions = {id(line): i for i, line in enumerate(doc.lines)}
    entries = [(ln, classify(ln.text)) for ln in doc.prose_lines() if ln.text.strip()]
    context: dict[tuple[int, int], tuple[str | None, str | None]] = {}
    amounts: list[Amount] = []
    periods: list[PeriodFound] = []
    references: list[TableReferenceFound] = []

    previous = -2
    for index, (line, _heading) in enumerate(entries):
        # a line follows the one before when nothing (no blank line, no table) stands between
        position = positions[id(line)]
        follows, previous = position == previous + 1, position
        outline.feed(entries, index, follows)
        section = outline.innermost()
        unit = outline.current_unit()
        unit_key = unit.key if unit else None
        context[(line.page, line.number)] = (section.key if section else None, unit_key)
        for money in find_money(line.text):
            amounts.append(Amount(money, line.where(money.start, money.end), unit_key))
        for period in find_periods(line.text):
            periods.append(PeriodFound(period, line.where(period.char_start, period.char_end), unit_key))
        for ref in find_table_references(line.text):
            references.append(TableReferenceFound(ref, line.where(ref.start, ref.end), unit_key))

    outline.finish()
    places = sorted(context)  # (page, line) of every prose line, for finding what stands before a table
    start, end = project_period(doc)
    return Plan(
        title=find_title(doc),
        project_start=start,
        project_end=end,
        sections=sorted(outline.sections.values(), key=lambda s: (s.where.page, s.where.line)),
        units=sorted(outline.units.values(), key=lambda u: (u.where.page, u.where.line)),
        amounts=amounts,
        periods=periods,
        tables=[_plan_table(t, context, places) for t in doc.tables],
        announced=outline.announced,
        references=references,
    )


def _plan_table(table, context, places) -> PlanTable:
    """Classify a table, read its cells, and link it to the section and unit
    of the last prose line before it."""
    before = bisect_left(places, (table.where.page, table.where.line))
    section_key, unit_key = context[places[before - 1]] if before else (None, None)
    kind = table_recogniser.classify(table)
    result = PlanTable(kind, table.number, table.caption, table.where, unit_key, section_key)
    if kind == "phase":
        result.phase_marks = table_recogniser.phase_marks(table)
        result.columns = table_recogniser.phase_columns(table)
        result.steps = table_recogniser.step_labels(table)
    elif kind == "cost":
        result.cost_cells = table_recogniser.cost_cells(table)
    return result


def find_title(doc: Document) -> str | None:
    """The line after a "Hankkeen nimi" label, else the first short line that
    is not a heading, a date or a programme name."""
    cfg = rules.load("headings")["title"]
    within = int(cfg["within_lines"])
    labels = {w.lower() for w in cfg["label_lines"]}
    skip = {w.lower() for w in cfg["not_title"]}
    lines = [ln for ln in doc.lines[: within * 4] if ln.text.strip() and ln.role == "text"]
    for i, line in enumerate(lines):
        if line.text.strip().lower() in labels and i + 1 < len(lines):
            return lines[i + 1].text.strip()
    for line in lines:
        if line.number > within:
            break
        text = line.text.strip()
        if text.lower() in skip or len(text) > int(cfg["max_chars"]) or classify(text) is not None:
            continue
        if find_periods(text) and regex.fullmatch(r"[\d.\s–-]+(päivitetty)?", text):
            continue
        return text
    return None


PRECISION_RANK = {"day": 0, "month": 1, "quarter": 2, "season": 3, "year": 4}


def project_period(doc: Document) -> tuple[str | None, str | None]:
    """The implementation period stated by the plan, the most precise statement first."""
    cues = [c.lower() for c in rules.load("periods")["project"]["cues"]]
    best = None
    for line in doc.prose_lines():
        lowered = line.text.lower()
        if not any(cue in lowered for cue in cues):
            continue
        for period in find_periods(line.text):
            if period.valid and period.start and period.end and period.start != period.end:
                rank = PRECISION_RANK[period.precision]
                if best is None or rank < best[0]:
                    best = (rank, period)
                break
    if best is None:
        return None, None
    return best[1].start, best[1].end
