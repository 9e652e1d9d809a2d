"""Views that save researchers the joins they write first.

Each view is declared once here with its SQL and a sentence per column, like
the tables in :mod:`extract.schema`: the same declarations give
``docs/schema.md``, the Datasette metadata of ``extract serve`` and the files
of ``extract export``. The store (re)creates the views whenever it brings a
database to a new schema version (:func:`create_views`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .schema import Column


@dataclass(frozen=True)
class ViewSpec:
    name: str
    doc: str
    columns: tuple[Column, ...]
    sql: str


def _c(name: str, doc: str) -> Column:
    return Column(name, "", doc)


# A section's heading path ("pilari 4 / investointi 1"), built by following parent_id.
SECTION_PATHS = ViewSpec(
    "section_paths",
    "Every section with its full heading path, outermost first.",
    (
        _c("section_id", "sections.id"),
        _c("document_id", "documents.id"),
        _c("path", "kind and number of every enclosing section and of this one, joined with ' / ' ('pilari 4 / investointi 1'); a heading known only by its typography (kind 'väliotsikko') by its title"),
        _c("title", "the section's own title"),
        _c("depth", "0 for a top-level section, 1 for one inside it, …"),
    ),
    """
    WITH RECURSIVE walk(section_id, document_id, path, title, depth) AS (
        SELECT id, document_id, CASE WHEN kind = 'väliotsikko' THEN title ELSE trim(kind || ' ' || coalesce(number, '')) END,
               title, 0
        FROM sections WHERE parent_id IS NULL
        UNION ALL
        SELECT s.id, s.document_id,
               walk.path || ' / ' || CASE WHEN s.kind = 'väliotsikko' THEN s.title ELSE trim(s.kind || ' ' || coalesce(s.number, '')) END,
               s.title,
               walk.depth + 1
        FROM sections s JOIN walk ON s.parent_id = walk.section_id
    )
    SELECT section_id, document_id, path, title, depth FROM walk
    """,
)

UNITS = ViewSpec(
    "units_with_context",
    "Work units with their document's title, their section path and their stated cost.",
    (
        _c("id", "work_packages.id"),
        _c("document_id", "documents.id"),
        _c("document_title", "the plan's title"),
        _c("filename", "the document's file name"),
        _c("section_path", "the enclosing section's path (see section_paths); NULL when the unit stands outside any section"),
        _c("section_title", "the enclosing section's title"),
        _c("kind", "'työpaketti', 'toimenpide', …"),
        _c("number", "the unit's number as written, normalised"),
        _c("parent_number", "the number of the unit a sub-unit belongs to"),
        _c("title", "the unit's title"),
        _c("cost_eur", "stated Kustannusarvio in euros, NULL when none"),
        _c("schedule_text", "the Aikataulu field as written"),
        _c("page", "page of the unit's heading"),
        _c("line", "line of the unit's heading"),
    ),
    """
    SELECT w.id, w.document_id, d.title AS document_title, d.filename, sp.path AS section_path,
           sp.title AS section_title, w.kind, w.number, parent.number AS parent_number, w.title, w.cost_eur,
           w.schedule_text, w.page, w.line
    FROM work_packages w
    JOIN documents d ON d.id = w.document_id
    LEFT JOIN section_paths sp ON sp.section_id = w.section_id
    LEFT JOIN work_packages parent ON parent.id = w.parent_id
    """,
)

FLAGS = ViewSpec(
    "flags_with_document",
    "Flags with their document's title and file, and the source line they point at.",
    (
        _c("id", "flags.id"),
        _c("document_id", "documents.id"),
        _c("document_title", "the plan's title"),
        _c("filename", "the document's file name"),
        _c("format", "the document's format"),
        _c("rule", "the rule that raised the flag"),
        _c("severity", "'error', 'warning' or 'info'"),
        _c("message", "the flag's sentence, with the numbers"),
        _c("expected", "the value the arithmetic gives"),
        _c("actual", "the value the document states"),
        _c("page", "page the flag points at"),
        _c("line", "line the flag points at"),
        _c("source_text", "that line as printed (from lines)"),
    ),
    """
    SELECT f.id, f.document_id, d.title AS document_title, d.filename, d.format, f.rule, f.severity, f.message,
           f.expected, f.actual, f.page, f.line,
           (SELECT l.text FROM lines l WHERE l.document_id = f.document_id AND l.page = f.page AND l.line = f.line
            ORDER BY l.id LIMIT 1) AS source_text
    FROM flags f JOIN documents d ON d.id = f.document_id
    """,
)

AMOUNTS = ViewSpec(
    "amounts_with_context",
    "Euro amounts of the prose with their work unit and section. The section is the unit's; for an amount "
    "outside any unit, the section whose heading last precedes it.",
    (
        _c("id", "amounts.id"),
        _c("document_id", "documents.id"),
        _c("document_title", "the plan's title"),
        _c("value_eur", "amount in euros"),
        _c("raw", "the text as written"),
        _c("approximate", "1 for noin / arviolta / enintään …"),
        _c("role", "'total', 'state_aid', 'own_financing', 'estimate' or 'other'"),
        _c("context", "the label or sentence the amount belongs to"),
        _c("unit_kind", "kind of the work unit whose text states it"),
        _c("unit_number", "its number"),
        _c("unit_title", "its title"),
        _c("section_path", "the section's path (see section_paths)"),
        _c("section_title", "the section's title"),
        _c("page", "page of the amount"),
        _c("line", "line of the amount"),
    ),
    """
    WITH placed AS (
        SELECT a.*, coalesce(
            (SELECT w.section_id FROM work_packages w WHERE w.id = a.work_package_id),
            (SELECT s.id FROM sections s WHERE s.document_id = a.document_id
                 AND (s.page < a.page OR (s.page = a.page AND s.line <= a.line))
             ORDER BY s.page DESC, s.line DESC LIMIT 1)) AS placed_section_id
        FROM amounts a
    )
    SELECT p.id, p.document_id, d.title AS document_title, p.value_eur, p.raw, p.approximate, p.role, p.context,
           w.kind AS unit_kind, w.number AS unit_number, w.title AS unit_title, sp.path AS section_path,
           sp.title AS section_title, p.page, p.line
    FROM placed p
    JOIN documents d ON d.id = p.document_id
    LEFT JOIN work_packages w ON w.id = p.work_package_id
    LEFT JOIN section_paths sp ON sp.section_id = p.placed_section_id
    """,
)

VIEWS: tuple[ViewSpec, ...] = (SECTION_PATHS, UNITS, FLAGS, AMOUNTS)


def create_views(db) -> None:
    """Drop and create every view, in dependency order (a view may use an earlier one)."""
    for view in reversed(VIEWS):
        db.execute(f"DROP VIEW IF EXISTS [{view.name}]")
    for view in VIEWS:
        db.execute(f"CREATE VIEW [{view.name}] AS {view.sql.strip()}")


def markdown() -> str:
    """The views' part of docs/schema.md."""
    out = ["# Views", "", "Joins researchers write first, kept as views (created by the store).", ""]
    for view in VIEWS:
        out += [f"## {view.name}", "", view.doc, "", "| column | meaning |", "|---|---|"]
        out += [f"| `{c.name}` | {c.doc} |" for c in view.columns]
        out.append("")
    return "\n".join(out)
