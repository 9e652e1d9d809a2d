"""A plan as the rows of the corpus tables, built where the plan was made.

When a batch runs in worker processes, each worker turns its plan into
these rows and sends only them to the process that writes: tuples of
strings and numbers unpickle many times faster than the plan's objects, and
the writer, which every worker waits for, does nothing but insert them.

Row ids: the rows of the tables other rows point at (sections, work
packages, tables) are numbered 1, 2, … within the document, and every
reference to them uses those numbers; the store shifts both past the ids
already in the database (:func:`extract.store.write_document`). Rows that
nothing points at (lines, amounts, flags …) get their ids from SQLite.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .plan import Plan
from .readers.segments import MAX_SEGMENT_CHARS
from .schema import TABLES

# The tables other rows refer to: their ids are local to the document here.
NUMBERED = tuple(sorted({other for t in TABLES for _col, other, _ in t.foreign_keys if other != "documents"}))


@dataclass
class TableRows:
    columns: tuple[str, ...]
    rows: list[tuple] = field(default_factory=list)


@dataclass
class PlanRows:
    """Everything the store writes for one document."""

    document_id: str
    title: str | None
    project_start: str | None
    project_end: str | None
    tables: dict[str, TableRows]

    def local_references(self, table: str) -> list[tuple[int, str]]:
        """(column index, referred table) of each column of ``table`` that holds
        a document-local id: its own id when the table is numbered, and its
        references to numbered tables."""
        spec = next(t for t in TABLES if t.name == table)
        refers = {col: other for col, other, _ in spec.foreign_keys if other in NUMBERED}
        if table in NUMBERED:
            refers["id"] = table
        return [(i, refers[c]) for i, c in enumerate(self.tables[table].columns) if c in refers]


def _table(dicts: list[dict]) -> TableRows:
    """Rows written as dicts (one literal per table, so every dict has the
    same keys in the same order) as a column list and tuples."""
    return TableRows(tuple(dicts[0]) if dicts else (), [tuple(d.values()) for d in dicts])


def _where(where) -> dict:
    return {"page": where.page, "line": where.line} if where else {"page": None, "line": None}


def _span(where) -> dict:
    return {"char_start": where.char_start, "char_end": where.char_end}


def plan_rows(plan: Plan, doc_id: str) -> PlanRows:
    """The rows of every child table for ``plan`` stored as document ``doc_id``."""
    section_ids = {s.key: n for n, s in enumerate(plan.sections, start=1)}
    unit_ids = {u.key: n for n, u in enumerate(plan.units, start=1)}
    tables: dict[str, TableRows] = {}
    tables["sections"] = _table(
        [{"id": section_ids[s.key], "document_id": doc_id, "parent_id": section_ids.get(s.parent_key),
          "kind": s.kind, "number": s.number, "heading_number": s.heading_number, "title": s.title, **_where(s.where)}
         for s in plan.sections])
    tables["work_packages"] = _table(
        [{"id": unit_ids[u.key], "document_id": doc_id, "section_id": section_ids.get(u.section_key),
          "parent_id": unit_ids.get(u.parent_key), "kind": u.kind, "number": u.number, "title": u.title,
          "other_titles": json.dumps(u.other_titles, ensure_ascii=False), "cost_eur": u.cost_eur,
          "cost_source": u.cost_source, "schedule_text": u.schedule_text, "goals": u.fields.get("goals"),
          "measures": u.fields.get("measures"), "outputs": u.fields.get("outputs"),
          "indicators": u.fields.get("indicators"), "mentions": len(u.mentions), **_where(u.where)}
         for u in plan.units])
    tables["work_package_mentions"] = _table(
        [{"document_id": doc_id, "work_package_id": unit_ids[u.key], "how": m.how, "raw": m.raw,
          **_where(m.where), **_span(m.where)}
         for u in plan.units for m in u.mentions])
    tables["unit_counts"] = _table(
        [{"document_id": doc_id, "section_id": section_ids.get(c.section_key), "kind": c.kind, "count": c.count,
          "raw": c.raw, **_where(c.where), **_span(c.where)}
         for c in plan.announced])
    tables["amounts"] = _table(
        [{"document_id": doc_id, "work_package_id": unit_ids.get(a.unit_key), "value_eur": a.money.value_eur,
          "raw": a.money.raw, "approximate": int(a.money.approximate), "role": a.money.role,
          "bound": a.money.bound, "range_end_eur": a.money.range_end_eur, "context": a.money.context,
          **_where(a.where), **_span(a.where)}
         for a in plan.amounts])
    tables["periods"] = _table(
        [{"document_id": doc_id, "raw": p.period.raw, "start": p.period.start, "end": p.period.end,
          "precision": p.period.precision, "valid": int(p.period.valid),
          "work_package_id": unit_ids.get(p.unit_key), **_where(p.where), **_span(p.where)}
         for p in plan.periods])
    tables["tables"] = _table(
        [{"id": n, "document_id": doc_id, "kind": t.kind, "number": t.number, "caption": t.caption,
          "work_package_id": unit_ids.get(t.unit_key), "section_id": section_ids.get(t.section_key), **_where(t.where)}
         for n, t in enumerate(plan.tables, start=1)])
    tables["cost_cells"] = _table(
        [{"table_id": n, "document_id": doc_id, "row": c.row, "col": c.col, "row_label": c.row_label,
          "column_label": c.column_label, "value_eur": c.value_eur, "raw": c.raw,
          "section_id": section_ids.get(t.row_sections.get(c.row)),
          "work_package_id": unit_ids.get(t.row_units.get(c.row)), **_where(c.where)}
         for n, t in enumerate(plan.tables, start=1) for c in t.cost_cells])
    tables["phase_marks"] = _table(
        [{"table_id": n, "document_id": doc_id, "step": mark.step, "period_raw": mark.period_raw,
          "start": mark.start, "end": mark.end, "mark": mark.mark, **_where(mark.where)}
         for n, t in enumerate(plan.tables, start=1) for mark in t.phase_marks])
    tables["flags"] = _table(
        [{"document_id": doc_id, "rule": f.rule, "severity": f.severity, "message": f.message,
          "message_en": f.message_en, "family": f.family, "fingerprint": f.fingerprint, "expected": f.expected,
          "actual": f.actual, **_where(f.where), "evidence": json.dumps(f.evidence, ensure_ascii=False)}
         for f in plan.flags])
    # the bulk of every document: tuples straight away
    tables["lines"] = TableRows(("document_id", "role", "text", "page", "line"),
                                [(doc_id, ln.role, printed(ln), ln.page, ln.number) for ln in plan.lines])
    return PlanRows(doc_id, plan.title, plan.project_start, plan.project_end, tables)


def printed(line) -> str:
    """The line as printed. A segment of an over-long line (the reader cuts those, and every segment
    keeps the whole raw line for its offsets) stores only its own part of it."""
    if len(line.raw) <= MAX_SEGMENT_CHARS or not line.offsets:
        return line.raw
    return line.raw[line.offsets[0]: line.offsets[-1] + 1]
