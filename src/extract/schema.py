"""The SQLite corpus schema: every table and column, with what it means.

This is the single source of ``docs/schema.md`` (``python -m extract schema``
prints it; a test fails when the file drifts) and of the ``CREATE TABLE``
statements the store runs. Types are declared, never inferred, so a money
column is always REAL.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    doc: str


@dataclass(frozen=True)
class TableSpec:
    name: str
    doc: str
    columns: tuple[Column, ...]
    pk: str = "id"
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, other table, other column)


def _c(name: str, type_: str, doc: str) -> Column:
    return Column(name, type_, doc)


PROVENANCE = (
    _c("page", "INTEGER", "1-based page; a text or DOCX file is all page 1"),
    _c("line", "INTEGER", "1-based line of a text file; in a PDF the first visual line of the paragraph on its page; in a DOCX the paragraph or table-row number"),
)
SPAN = (
    _c("char_start", "INTEGER", "offset of the first character in the raw line"),
    _c("char_end", "INTEGER", "offset after the last character in the raw line"),
)

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "documents",
        "One row per ingested file, read or failed.",
        (
            _c("id", "TEXT", "sha256 of the file bytes"),
            _c("path", "TEXT", "path as given to ingest, printable: bytes that are not UTF-8 shown as \\xNN, control characters escaped"),
            _c("path_bytes", "BLOB", "the path exactly as the file system gave it (bytes)"),
            _c("filename", "TEXT", "file name without folders"),
            _c("format", "TEXT", "'txt', 'md', 'pdf' or 'docx'"),
            _c("title", "TEXT", "the plan's title, when the document states one"),
            _c("pages", "INTEGER", "number of pages (1 for text files)"),
            _c("status", "TEXT", "'ok' or 'failed'"),
            _c("error", "TEXT", "one-line reason when failed"),
            _c("latest_error", "TEXT", "when the latest attempt to re-extract an 'ok' document failed: why (its good rows are kept); NULL otherwise"),
            _c("latest_attempt_at", "TEXT", "UTC time of that failed attempt (ISO 8601)"),
            _c("warnings", "TEXT", "JSON list of warnings from reading (e.g. guessed encoding, 'text from OCR')"),
            _c("ocr", "INTEGER", "1 when the text was read by OCR from a scan"),
            _c("project_start", "TEXT", "start of the plan's implementation period (ISO)"),
            _c("project_end", "TEXT", "end of the plan's implementation period (ISO)"),
            _c("size_bytes", "INTEGER", "file size"),
            _c("ingested_at", "TEXT", "UTC time of ingest (ISO 8601)"),
            _c("extractor_version", "TEXT", "package version + fingerprint of the code + hash of the rule files (+ocr): a change to any re-extracts"),
        ),
    ),
    TableSpec(
        "sections",
        "Sections of a plan: every level of its heading path (osa-alue, pilari, investointi, lettered parts 'osa', plain numbered headings 'otsikko' and headings known only by their typography 'väliotsikko'); a unit's full path follows parent_id.",
        (
            _c("id", "INTEGER", "row id"),
            _c("document_id", "TEXT", "documents.id"),
            _c("parent_id", "INTEGER", "enclosing section (an investointi's pilari, a part's investointi, a numbered heading's chapter)"),
            _c("kind", "TEXT", "'osa-alue', 'pilari', 'investointi', 'osa' (a lettered part), 'otsikko' (a numbered heading without a section word) or 'väliotsikko' (a heading known only by its typography: a Word heading style, a bold or larger font, Markdown '#'; its number is '')"),
            _c("number", "TEXT", "number or letter as written ('2', 'II', 'a', '4.1.5.1')"),
            _c("heading_number", "TEXT", "the heading number printed before a section word ('4.1.2' of '4.1.2 Investointi 1: …'), NULL when none"),
            _c("title", "TEXT", "title from the section's heading"),
            *PROVENANCE,
        ),
        foreign_keys=(("document_id", "documents", "id"), ("parent_id", "sections", "id")),
    ),
    TableSpec(
        "work_packages",
        "Work units (työpaketti, toimenpide), each once however often the plan mentions it.",
        (
            _c("id", "INTEGER", "row id"),
            _c("document_id", "TEXT", "documents.id"),
            _c("section_id", "INTEGER", "sections.id of the section it belongs to, NULL when none"),
            _c("parent_id", "INTEGER", "the work unit a sub-unit ('1 a1)') belongs to"),
            _c("kind", "TEXT", "'työpaketti', 'toimenpide' (also 'osahanke', 'kokonaisuus'; 'kohta' for a unit described with fields but no unit word)"),
            _c("number", "TEXT", "number as written, normalised ('1', '1.1', '1 a)', '1 a1)', 'A', 'II'; an ordinal '1. työpaketti' is '1')"),
            _c("title", "TEXT", "title from the first body heading"),
            _c("other_titles", "TEXT", "JSON list of other spellings seen (overview, later sections)"),
            _c("cost_eur", "REAL", "stated Kustannusarvio, NULL when the document states none"),
            _c("cost_source", "TEXT", "where the cost was stated: 'field' (Kustannusarvio/Budjetti), 'prose-list' ('- Title: 120 000 euroa'), 'summary-table' (a cost table row naming the unit)"),
            _c("schedule_text", "TEXT", "the unit's Aikataulu field as written"),
            _c("goals", "TEXT", "the Tavoitteet field"),
            _c("measures", "TEXT", "the Toimenpiteet field"),
            _c("outputs", "TEXT", "the Tuotokset field"),
            _c("indicators", "TEXT", "the Mittarit field"),
            _c("mentions", "INTEGER", "how many times the plan names this unit (see work_package_mentions)"),
            *PROVENANCE,
        ),
        foreign_keys=(
            ("document_id", "documents", "id"),
            ("section_id", "sections", "id"),
            ("parent_id", "work_packages", "id"),
        ),
    ),
    TableSpec(
        "amounts",
        "Euro amounts stated in the prose (table cells are in cost_cells).",
        (
            _c("id", "INTEGER", "row id"),
            _c("document_id", "TEXT", "documents.id"),
            _c("work_package_id", "INTEGER", "the work unit whose text states it, NULL when none"),
            _c("value_eur", "REAL", "amount in euros, negative when written with a minus sign ('-5 000 €'); the first end of a range"),
            _c("raw", "TEXT", "the text as written ('noin 1,5 milj. €')"),
            _c("approximate", "INTEGER", "1 for noin / arviolta / enintään / max / yli / alle / lähes / runsaat …"),
            _c("bound", "TEXT", "what the word before the amount says of it: 'about' (noin), 'at_most' (enintään), 'at_least' (vähintään), 'over' (yli), 'under' (alle), 'nearly' (lähes), 'just_over' (runsaat); NULL when none"),
            _c("range_end_eur", "REAL", "the other end of a range ('3 000–5 000 euroa': value_eur 3000, range_end_eur 5000); NULL for a single amount"),
            _c("role", "TEXT", "'total', 'state_aid', 'own_financing', 'estimate' or 'other'"),
            _c("context", "TEXT", "the label or sentence the amount belongs to"),
            *PROVENANCE,
            *SPAN,
        ),
        foreign_keys=(("document_id", "documents", "id"), ("work_package_id", "work_packages", "id")),
    ),
    TableSpec(
        "periods",
        "Dates and periods stated in the prose.",
        (
            _c("id", "INTEGER", "row id"),
            _c("document_id", "TEXT", "documents.id"),
            _c("raw", "TEXT", "the text as written"),
            _c("start", "TEXT", "ISO start: YYYY-MM-DD or YYYY-MM"),
            _c("end", "TEXT", "ISO end; NULL for an open end"),
            _c("precision", "TEXT", "'day', 'month', 'quarter', 'season' or 'year'"),
            _c("valid", "INTEGER", "0 for an impossible date such as 31.2.2021"),
            _c("work_package_id", "INTEGER", "the work unit whose text states it, NULL when none"),
            *PROVENANCE,
            *SPAN,
        ),
        foreign_keys=(("document_id", "documents", "id"), ("work_package_id", "work_packages", "id")),
    ),
    TableSpec(
        "work_package_mentions",
        "Every place a work unit is named: its headings, overview lists, references in prose.",
        (
            _c("id", "INTEGER", "row id"),
            _c("document_id", "TEXT", "documents.id"),
            _c("work_package_id", "INTEGER", "work_packages.id"),
            _c("how", "TEXT", "'heading', 'overview', 'reference' ('työpakettiin 3') or 'table' (a cost-table row)"),
            _c("raw", "TEXT", "the mention as written"),
            *PROVENANCE,
            *SPAN,
        ),
        foreign_keys=(("document_id", "documents", "id"), ("work_package_id", "work_packages", "id")),
    ),
    TableSpec(
        "unit_counts",
        "Unit counts a plan announces ('koostuu neljästä työpaketista').",
        (
            _c("id", "INTEGER", "row id"),
            _c("document_id", "TEXT", "documents.id"),
            _c("section_id", "INTEGER", "the section the count is about, NULL for the whole plan"),
            _c("kind", "TEXT", "unit kind counted ('työpaketti', 'toimenpide', …)"),
            _c("count", "INTEGER", "the announced number"),
            _c("raw", "TEXT", "the words as written"),
            *PROVENANCE,
            *SPAN,
        ),
        foreign_keys=(("document_id", "documents", "id"), ("section_id", "sections", "id")),
    ),
    TableSpec(
        "tables",
        "Tables of a document, classified.",
        (
            _c("id", "INTEGER", "row id"),
            _c("document_id", "TEXT", "documents.id"),
            _c("kind", "TEXT", "'phase', 'cost' or 'other'"),
            _c("number", "TEXT", "the 'Taulukko N' number, NULL when uncaptioned"),
            _c("caption", "TEXT", "caption as written"),
            _c("work_package_id", "INTEGER", "the work unit the table belongs to"),
            _c("section_id", "INTEGER", "the section the table stands in"),
            *PROVENANCE,
        ),
        foreign_keys=(
            ("document_id", "documents", "id"),
            ("work_package_id", "work_packages", "id"),
            ("section_id", "sections", "id"),
        ),
    ),
    TableSpec(
        "cost_cells",
        "Every number of every cost table.",
        (
            _c("id", "INTEGER", "row id"),
            _c("table_id", "INTEGER", "tables.id"),
            _c("document_id", "TEXT", "documents.id"),
            _c("row", "INTEGER", "1-based body row"),
            _c("col", "INTEGER", "0-based column"),
            _c("row_label", "TEXT", "the row's label cells joined with ' / '"),
            _c("column_label", "TEXT", "the column header as written"),
            _c("value_eur", "REAL", "value in euros; NULL for an explicit empty cell ('-')"),
            _c("raw", "TEXT", "the cell as written"),
            _c("section_id", "INTEGER", "the section the row's label names ('Investointi 1 b)', 'Osa-alue 2', the section's title), NULL when it names none or several (a structure flag says so)"),
            _c("work_package_id", "INTEGER", "the work unit the row's label names ('TP1', the unit's title), NULL when none"),
            *PROVENANCE,
        ),
        foreign_keys=(("table_id", "tables", "id"), ("document_id", "documents", "id"),
                      ("section_id", "sections", "id"), ("work_package_id", "work_packages", "id")),
    ),
    TableSpec(
        "phase_marks",
        "Every marked cell of every phase (schedule) table.",
        (
            _c("id", "INTEGER", "row id"),
            _c("table_id", "INTEGER", "tables.id"),
            _c("document_id", "TEXT", "documents.id"),
            _c("step", "TEXT", "the row label, wrapped lines joined"),
            _c("period_raw", "TEXT", "the column label as written"),
            _c("start", "TEXT", "ISO start of the column's period; NULL for a stage column"),
            _c("end", "TEXT", "ISO end; NULL for an open end or a stage column"),
            _c("mark", "TEXT", "the mark as printed (x, X, ✓ …)"),
            *PROVENANCE,
        ),
        foreign_keys=(("table_id", "tables", "id"), ("document_id", "documents", "id")),
    ),
    TableSpec(
        "lines",
        "Every line of every document's text as printed: for showing the source around a value or flag, and for full-text search (lines_fts).",
        (
            _c("id", "INTEGER", "row id"),
            _c("document_id", "TEXT", "documents.id"),
            _c("role", "TEXT", "'text' (prose), 'table' (a table row), 'toc' (table of contents) or 'furniture' (page numbers, running headers)"),
            _c("text", "TEXT", "the line as printed (export artefacts such as [bookmark: …] kept)"),
            *PROVENANCE,
        ),
        foreign_keys=(("document_id", "documents", "id"),),
    ),
    TableSpec(
        "flags",
        "Inconsistencies found by the checks, with the numbers.",
        (
            _c("id", "INTEGER", "row id"),
            _c("document_id", "TEXT", "documents.id"),
            _c("rule", "TEXT", "stable rule id (`extract checks` lists them): 'cost-table-sum', 'unit-sum', 'table-reference', …"),
            _c("severity", "TEXT", "'error', 'warning' or 'info' (e.g. 'rounding': a difference of 1–2 €)"),
            _c("message", "TEXT", "a sentence a Finnish reviewer understands, with the numbers (in Finnish)"),
            _c("message_en", "TEXT", "the same message in English"),
            _c("family", "TEXT", "'arithmetic', 'references', 'schedule' or 'structure'"),
            _c("fingerprint", "TEXT", "rule + what the flag is about, hashed: the same when the document is extracted again"),
            _c("expected", "REAL", "the value the arithmetic gives"),
            _c("actual", "REAL", "the value the document states"),
            *PROVENANCE,
            _c("evidence", "TEXT", "JSON: the cells or amounts compared"),
        ),
        foreign_keys=(("document_id", "documents", "id"),),
    ),
)

CHILD_TABLES = tuple(t.name for t in TABLES if t.name != "documents")


def markdown() -> str:
    """docs/schema.md, generated."""
    out = [
        "# SQLite corpus schema",
        "",
        "Generated from `src/extract/schema.py` by `python -m extract schema`; do not edit by hand.",
        "",
        "Every extracted fact keeps its provenance (`page`, `line`, and for prose values",
        "`char_start`/`char_end` in the raw line). Money is REAL euros; periods are ISO strings.",
        "",
    ]
    for table in TABLES:
        out += [f"## {table.name}", "", table.doc, "", "| column | type | meaning |", "|---|---|---|"]
        out += [f"| `{c.name}` | {c.type} | {c.doc} |" for c in table.columns]
        if table.foreign_keys:
            refs = ", ".join(f"`{col}` → `{other}.{ocol}`" for col, other, ocol in table.foreign_keys)
            out += ["", f"References: {refs}."]
        out.append("")
    from .fts import markdown as fts_markdown  # indexes and views are declared beside their SQL
    from .views import markdown as views_markdown

    return "\n".join(out) + "\n" + views_markdown() + "\n" + fts_markdown()
