"""The SQLite store: the only module that writes the database.

Each document is written in one transaction (``Database.atomic``): its old
rows are deleted, then every row is inserted, so after a crash or a failed
document the corpus holds all of a document or none of it. Documents are keyed
by the sha256 of their bytes; a file whose bytes changed replaces the rows of
the earlier version at the same path.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from .plan import Plan
from .schema import CHILD_TABLES, TABLES

DEFAULT_DB = "plans.db"


class StoreError(Exception):
    """The database cannot be opened or written."""


@dataclass
class DocumentRecord:
    """What the pipeline knows about one file, read or not."""

    id: str
    path: str
    filename: str
    format: str | None
    size_bytes: int | None
    status: str
    error: str | None = None
    pages: int | None = None
    warnings: list[str] | None = None


def open_db(path: str) -> sqlite_utils.Database:
    """Open (creating if needed) the corpus database with its schema."""
    try:
        db = sqlite_utils.Database(path)
        db.execute("PRAGMA foreign_keys = OFF")
        ensure_schema(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a usable SQLite database ({exc})") from None
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create missing tables exactly as declared in :mod:`extract.schema`."""
    existing = set(db.table_names())
    with db.atomic():
        for spec in TABLES:
            if spec.name not in existing:
                db.execute(create_table_sql(spec))
            if any(c.name == "document_id" for c in spec.columns):
                db.table(spec.name).create_index(["document_id"], if_not_exists=True)
        db.table("documents").create_index(["path"], if_not_exists=True)


def create_table_sql(spec) -> str:
    columns = [f"[{c.name}] {c.type}{' PRIMARY KEY' if c.name == spec.pk else ''}" for c in spec.columns]
    columns += [f"FOREIGN KEY([{col}]) REFERENCES [{other}]([{ocol}])" for col, other, ocol in spec.foreign_keys]
    return f"CREATE TABLE [{spec.name}] (\n   " + ",\n   ".join(columns) + "\n)"


def known_document(db: sqlite_utils.Database, doc_id: str) -> dict | None:
    rows = list(db.query("select id, status, extractor_version, path from documents where id = ?", [doc_id]))
    return rows[0] if rows else None


def write_document(
    db: sqlite_utils.Database, record: DocumentRecord, plan: Plan | None, extractor_version: str
) -> None:
    """Replace everything stored for this file: its earlier versions at the
    same path, and its rows under the same id."""
    with db.atomic():
        stale = [r["id"] for r in db.query("select id from documents where path = ? or id = ?", [record.path, record.id])]
        for doc_id in stale:
            for name in CHILD_TABLES:
                db.execute(f"delete from [{name}] where document_id = ?", [doc_id])
            db.execute("delete from documents where id = ?", [doc_id])
        db.table("documents").insert(_document_row(record, plan, extractor_version))
        if plan is not None:
            _insert_plan(db, record.id, plan)


def _document_row(record: DocumentRecord, plan: Plan | None, version: str) -> dict:
    return {
        "id": record.id,
        "path": record.path,
        "filename": record.filename,
        "format": record.format,
        "title": plan.title if plan else None,
        "pages": record.pages,
        "status": record.status,
        "error": record.error,
        "warnings": json.dumps(record.warnings or [], ensure_ascii=False),
        # unknown for a document that was never read
        "ocr": int("text from OCR" in (record.warnings or [])) if plan is not None else None,
        "project_start": plan.project_start if plan else None,
        "project_end": plan.project_end if plan else None,
        "size_bytes": record.size_bytes,
        "ingested_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "extractor_version": version,
    }


class _Ids:
    """Hands out row ids per table, continuing after the largest one stored."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.next: dict[str, int] = {}

    def take(self, table: str) -> int:
        if table not in self.next:
            self.next[table] = self.db.execute(f"select coalesce(max(id), 0) + 1 from [{table}]").fetchone()[0]
        value = self.next[table]
        self.next[table] += 1
        return value


def _where(where) -> dict:
    return {"page": where.page, "line": where.line} if where else {"page": None, "line": None}


def _span(where) -> dict:
    return {"char_start": where.char_start, "char_end": where.char_end}


def _insert_plan(db: sqlite_utils.Database, doc_id: str, plan: Plan) -> None:
    ids = _Ids(db)
    section_ids = {s.key: ids.take("sections") for s in plan.sections}
    unit_ids = {u.key: ids.take("work_packages") for u in plan.units}
    rows: dict[str, list[dict]] = {name: [] for name in CHILD_TABLES}

    for s in plan.sections:
        rows["sections"].append(
            {"id": section_ids[s.key], "document_id": doc_id, "parent_id": section_ids.get(s.parent_key),
             "kind": s.kind, "number": s.number, "title": s.title, **_where(s.where)}
        )
    for u in plan.units:
        rows["work_packages"].append(
            {"id": unit_ids[u.key], "document_id": doc_id, "section_id": section_ids.get(u.section_key),
             "parent_id": unit_ids.get(u.parent_key), "kind": u.kind, "number": u.number, "title": u.title,
             "other_titles": json.dumps(u.other_titles, ensure_ascii=False), "cost_eur": u.cost_eur,
             "schedule_text": u.schedule_text, "goals": u.fields.get("goals"), "measures": u.fields.get("measures"),
             "outputs": u.fields.get("outputs"), "indicators": u.fields.get("indicators"),
             "mentions": len(u.mentions), **_where(u.where)}
        )
    for u in plan.units:
        for m in u.mentions:
            rows["work_package_mentions"].append(
                {"id": ids.take("work_package_mentions"), "document_id": doc_id, "work_package_id": unit_ids[u.key],
                 "how": m.how, "raw": m.raw, **_where(m.where), **_span(m.where)}
            )
    for c in plan.announced:
        rows["unit_counts"].append(
            {"id": ids.take("unit_counts"), "document_id": doc_id, "section_id": section_ids.get(c.section_key),
             "kind": c.kind, "count": c.count, "raw": c.raw, **_where(c.where), **_span(c.where)}
        )
    for a in plan.amounts:
        m = a.money
        rows["amounts"].append(
            {"id": ids.take("amounts"), "document_id": doc_id, "work_package_id": unit_ids.get(a.unit_key),
             "value_eur": m.value_eur, "raw": m.raw, "approximate": int(m.approximate), "role": m.role,
             "context": m.context, **_where(a.where), **_span(a.where)}
        )
    for p in plan.periods:
        rows["periods"].append(
            {"id": ids.take("periods"), "document_id": doc_id, "raw": p.period.raw, "start": p.period.start,
             "end": p.period.end, "precision": p.period.precision, "valid": int(p.period.valid),
             "work_package_id": unit_ids.get(p.unit_key), **_where(p.where), **_span(p.where)}
        )
    for t in plan.tables:
        table_id = ids.take("tables")
        rows["tables"].append(
            {"id": table_id, "document_id": doc_id, "kind": t.kind, "number": t.number, "caption": t.caption,
             "work_package_id": unit_ids.get(t.unit_key), "section_id": section_ids.get(t.section_key),
             **_where(t.where)}
        )
        for c in t.cost_cells:
            rows["cost_cells"].append(
                {"id": ids.take("cost_cells"), "table_id": table_id, "document_id": doc_id, "row": c.row,
                 "col": c.col, "row_label": c.row_label, "column_label": c.column_label,
                 "value_eur": c.value_eur, "raw": c.raw, **_where(c.where)}
            )
        for mark in t.phase_marks:
            rows["phase_marks"].append(
                {"id": ids.take("phase_marks"), "table_id": table_id, "document_id": doc_id, "step": mark.step,
                 "period_raw": mark.period_raw, "start": mark.start, "end": mark.end, "mark": mark.mark,
                 **_where(mark.where)}
            )
    for f in plan.flags:
        rows["flags"].append(
            {"id": ids.take("flags"), "document_id": doc_id, "rule": f.rule, "severity": f.severity,
             "message": f.message, "expected": f.expected, "actual": f.actual, **_where(f.where),
             "evidence": json.dumps(f.evidence, ensure_ascii=False)}
        )
    for name, table_rows in rows.items():
        if table_rows:
            db.table(name).insert_all(table_rows)


def open_read_only(path: str) -> sqlite3.Connection:
    """A connection that cannot write: for ``query``, ``flags`` and browsing."""
    try:
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
        conn.execute("select count(*) from sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open database read-only ({exc})") from None
    conn.row_factory = sqlite3.Row
    return conn
