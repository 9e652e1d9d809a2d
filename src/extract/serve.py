"""``extract serve``: the corpus in Datasette, read-only.

The database is opened in Datasette's immutable mode (read-only, never
locked or written). The metadata (a title and a description for every table,
view and column) is generated from :mod:`extract.schema` and
:mod:`extract.views`, the same declarations that give ``docs/schema.md``; the
canned queries are the questions researchers ask first. Full-text search
uses the FTS5 indexes the store keeps (:mod:`extract.fts`).
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from .fts import INDEXES
from .schema import TABLES
from .views import VIEWS

FACETS = {
    "documents": ["status", "format"],
    "work_packages": ["kind", "document_id"],
    "amounts": ["role", "approximate"],
    "periods": ["precision", "valid"],
    "tables": ["kind"],
    "flags": ["severity", "rule"],
    "lines": ["role"],
    "units_with_context": ["filename", "kind"],
    "flags_with_document": ["severity", "rule", "filename"],
    "amounts_with_context": ["role", "document_title"],
}

# (name, title, description, SQL)
CANNED_QUERIES: tuple[tuple[str, str, str, str], ...] = (
    ("search_text", "Search the documents' text",
     "Every line matching the words (FTS5 syntax: kustann* for every form of a word, \"two words\" for a phrase).",
     """select d.title as document, d.filename, l.page, l.line, l.role,
  snippet(lines_fts, 0, '[', ']', '…', 24) as text
from lines_fts join lines l on l.id = lines_fts.rowid join documents d on d.id = l.document_id
where lines_fts match :words
order by rank"""),
    ("units_by_keyword", "Work units by keyword",
     "Work units whose title or fields (goals, measures, outputs, schedule, indicators) match the words.",
     """select u.document_title, u.section_path, u.kind, u.number, u.title, u.cost_eur, u.page, u.line,
  snippet(work_packages_fts, -1, '[', ']', '…', 16) as matched
from work_packages_fts join units_with_context u on u.id = work_packages_fts.rowid
where work_packages_fts match :words
order by rank"""),
    ("cost_per_unit", "Cost per work unit across plans",
     "Every work unit with a stated cost estimate, largest first, with its plan and section.",
     """select document_title, filename, section_path, kind, number, title, cost_eur, page, line
from units_with_context where cost_eur is not null
order by cost_eur desc"""),
    ("state_aid_by_document", "Total state aid by document",
     "State aid stated in each plan: the sum of the amounts its prose calls state aid, and the state-aid row of "
     "its cost tables in their total column.",
     """select d.title, d.filename, d.project_start, d.project_end,
  (select sum(a.value_eur) from amounts a where a.document_id = d.id and a.role = 'state_aid') as state_aid_prose_eur,
  (select sum(c.value_eur) from cost_cells c
     where c.document_id = d.id and c.row_label like 'valtionavustus%' and c.column_label like 'yhteensä%') as state_aid_tables_eur
from documents d where d.status = 'ok'
order by d.filename"""),
    ("error_flags", "Every error flag with its document",
     "Flags of severity error, with the plan, the page and line, and the source line.",
     """select filename, document_title, rule, message, expected, actual, page, line, source_text
from flags_with_document where severity = 'error'
order by filename, page, line"""),
    ("schedules_by_month", "Schedules by month",
     "What runs in a month (YYYY-MM): phase-table steps and work units whose stated periods cover it.",
     """select d.title as document, 'phase table' as source, t.caption as part, m.step as item, m.period_raw as period,
  m.start, m.end, m.page, m.line
from phase_marks m join tables t on t.id = m.table_id join documents d on d.id = m.document_id
where m.start is not null and substr(m.start, 1, 7) <= :month and substr(coalesce(m.end, '9999-12'), 1, 7) >= :month
union all
select d.title, 'unit schedule', w.kind || ' ' || w.number, w.title, p.raw, p.start, p.end, p.page, p.line
from periods p join work_packages w on w.id = p.work_package_id join documents d on d.id = p.document_id
where p.valid = 1 and p.start is not null
  and substr(p.start, 1, 7) <= :month and substr(coalesce(p.end, '9999-12'), 1, 7) >= :month
order by 1, 6"""),
)


def metadata(database_name: str) -> dict:
    """Datasette metadata: titles, descriptions, column descriptions, facets, search, canned queries."""
    tables = {}
    searchable = {index.table for index in INDEXES}
    for spec in [*TABLES, *VIEWS]:
        entry = {"description": spec.doc, "columns": {c.name: c.doc for c in spec.columns}}
        if spec.name in FACETS:
            entry["facets"] = FACETS[spec.name]
        if spec.name in searchable:
            entry["searchmode"] = "raw"  # so prefix (kustann*) and phrase queries work
        tables[spec.name] = entry
    for index in INDEXES:
        tables[index.name] = {"hidden": True}
    queries = {name: {"title": title, "description": doc, "sql": sql} for name, title, doc, sql in CANNED_QUERIES}
    return {
        "title": "hanke-extract: grant-plan corpus",
        "description": "Finnish grant plans (hankesuunnitelma) extracted into SQLite. Read-only.",
        "databases": {database_name: {"tables": tables, "queries": queries}},
    }


def datasette_command(db_path: str, metadata_path: str, host: str, port: int) -> list[str]:
    return [sys.executable, "-m", "datasette", "serve", "--immutable", str(Path(db_path).resolve()),
            "--metadata", metadata_path, "--host", host, "--port", str(port),
            "--setting", "sql_time_limit_ms", "5000"]


def serve(db_path: str, host: str, port: int) -> int:
    """Run Datasette until interrupted (Ctrl-C or SIGTERM, which also stop Datasette); returns its exit code."""
    with tempfile.TemporaryDirectory(prefix="hanke-serve-") as folder:
        meta = Path(folder) / "metadata.json"
        meta.write_text(json.dumps(metadata(Path(db_path).stem), ensure_ascii=False, indent=1), encoding="utf-8")
        server = subprocess.Popen(datasette_command(db_path, str(meta), host, port))
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            return server.wait()
        except KeyboardInterrupt:
            server.terminate()
            return 0
        finally:
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
