"""Reading the stored corpus back: one document's rows as plain data.

``documents``, ``show`` and ``report`` read only the SQLite database (never
the original files), through these functions. They take an open read-only
connection (:func:`extract.store.open_read_only`) and return dicts and small
dataclasses, so the report and the command line are built from plain data.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field


class NotFound(Exception):
    """No document (or more than one) answers to the reference given."""


def find_document(conn: sqlite3.Connection, ref: str) -> dict:
    """The document whose id starts with ``ref``, or whose file name or path is ``ref``."""
    rows = conn.execute(
        "select * from documents where id = ? or filename = ? or path = ? or id like ? order by id",
        [ref, ref, ref, ref.replace("%", "").replace("_", "") + "%"],
    ).fetchall()
    exact = [r for r in rows if ref in (r["id"], r["filename"], r["path"])]
    rows = exact or rows
    if not rows:
        raise NotFound(f"no document '{ref}' in the database (see: extract documents)")
    if len({r["id"] for r in rows}) > 1:
        names = ", ".join(f"{r['id'][:12]} {r['filename']}" for r in rows[:5])
        raise NotFound(f"'{ref}' names {len(rows)} documents ({names}): give more of the id")
    return dict(rows[0])


COUNTED = ("sections", "work_packages", "amounts", "periods", "tables", "cost_cells", "phase_marks", "flags")


def document_summaries(conn: sqlite3.Connection) -> list[dict]:
    """Every document with its status, error, title and how many rows of each kind it has."""
    counts = ", ".join(f"(select count(*) from [{t}] x where x.document_id = d.id) as [{t}]" for t in COUNTED)
    errors = "(select count(*) from flags f where f.document_id = d.id and f.severity = 'error') as error_flags"
    sql = (f"select d.id, d.filename, d.format, d.status, coalesce(d.error, d.latest_error) as error, d.title, "
           f"d.pages, {counts}, {errors} from documents d order by d.filename, d.id")
    return [dict(r) for r in conn.execute(sql)]


@dataclass
class OutlineNode:
    """A section or work unit in the plan's outline, with where it stands."""

    what: str  # 'section' or 'unit'
    kind: str
    number: str | None
    title: str | None
    page: int | None
    line: int | None
    id: int
    cost_eur: float | None = None
    schedule_text: str | None = None
    children: list[OutlineNode] = field(default_factory=list)

    def units_below(self) -> list[OutlineNode]:
        """Top-level units anywhere under this node (a sub-unit's cost is part of its parent's)."""
        found = []
        for child in self.children:
            if child.what == "unit":
                found.append(child)
            else:
                found.extend(child.units_below())
        return found


def outline(conn: sqlite3.Connection, doc_id: str) -> list[OutlineNode]:
    """Sections nested by parent, units under their section (sub-units under their unit), in document order."""
    sections = {
        r["id"]: (r["parent_id"], OutlineNode("section", r["kind"], r["number"], r["title"], r["page"], r["line"], r["id"]))
        for r in conn.execute("select * from sections where document_id = ? order by page, line, id", [doc_id])
    }
    units = {
        r["id"]: (r["section_id"], r["parent_id"],
                  OutlineNode("unit", r["kind"], r["number"], r["title"], r["page"], r["line"], r["id"],
                              r["cost_eur"], r["schedule_text"]))
        for r in conn.execute("select * from work_packages where document_id = ? order by page, line, id", [doc_id])
    }
    roots: list[OutlineNode] = []
    for parent_id, node in sections.values():
        (sections[parent_id][1].children if parent_id in sections else roots).append(node)
    for section_id, parent_id, node in units.values():
        if parent_id in units:
            units[parent_id][2].children.append(node)
        elif section_id in sections:
            sections[section_id][1].children.append(node)
        else:
            roots.append(node)
    _sort(roots)
    return roots


def _sort(nodes: list[OutlineNode]) -> None:
    nodes.sort(key=lambda n: (n.page or 0, n.line or 0, n.id))
    for node in nodes:
        _sort(node.children)


def rows(conn: sqlite3.Connection, sql: str, params=()) -> list[dict]:
    return [dict(r) for r in conn.execute(sql, params)]


def flags(conn: sqlite3.Connection, doc_id: str) -> list[dict]:
    order = "case severity when 'error' then 0 when 'warning' then 1 else 2 end"
    found = rows(conn, f"select * from flags where document_id = ? order by {order}, page, line, id", [doc_id])
    for flag in found:
        flag["evidence"] = json.loads(flag["evidence"] or "{}")
    return found


def source_lines(conn: sqlite3.Connection, doc_id: str, page: int | None, line: int | None, around: int = 2) -> list[dict]:
    """The stored lines of the same page from ``around`` before to ``around`` after ``line``, blank ones left out
    (a PDF's blank separator lines share the number of the paragraph they follow)."""
    if page is None or line is None:
        return []
    return rows(conn, "select page, line, role, text from lines where document_id = ? and page = ? "
                      "and line between ? and ? and trim(text) != '' order by line, id",
                [doc_id, page, line - around, line + around])


def has_lines_table(conn: sqlite3.Connection) -> bool:
    return conn.execute("select 1 from sqlite_master where type = 'table' and name = 'lines'").fetchone() is not None
