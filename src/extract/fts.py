"""Full-text indexes (SQLite FTS5) over the document text and the work units.

The indexes live in the corpus file and are kept current in the same
transaction as the rows they index: every ingest deletes a document's rows
and inserts the new ones. The store indexes a document's new rows in one
statement after inserting them (:func:`document_sql`), two to three times
faster than a trigger per row; triggers remove deleted rows and reindex
updated ones. That is what an immutable ``serve``
needs: Datasette opens the file read-only and cannot build an index itself,
and a separate indexing step would be one more thing to forget after an
ingest.

Tokenizer: ``unicode61 remove_diacritics 0`` keeps ä, ö and å distinct from
a, o (``säästö`` is not ``saasto``); ``prefix='2 3'`` makes prefix queries
(``kustannu*`` finds every inflection: kustannukset, kustannusarvio) fast,
which matters in Finnish where one word has dozens of forms.
"""

from __future__ import annotations

from dataclasses import dataclass

TOKENIZE = "unicode61 remove_diacritics 0"
PREFIX = "2 3"


@dataclass(frozen=True)
class FtsIndex:
    table: str  # the content table, with an INTEGER id and a document_id
    columns: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.table}_fts"


INDEXES: tuple[FtsIndex, ...] = (
    FtsIndex("lines", ("text",)),
    FtsIndex("work_packages", ("title", "other_titles", "goals", "measures", "outputs", "schedule_text", "indicators")),
)


def create_indexes(db) -> None:
    """Create every index with its triggers (replacing older ones, and the insert
    trigger of schema 4 and before) and fill it from its table."""
    for index in INDEXES:
        for sql in index_sql(index):
            db.execute(sql)


def index_sql(index: FtsIndex) -> list[str]:
    cols = ", ".join(f"[{c}]" for c in index.columns)
    new = ", ".join(f"new.[{c}]" for c in index.columns)
    old = ", ".join(f"old.[{c}]" for c in index.columns)
    name, table = index.name, index.table
    return [
        *(f"DROP TRIGGER IF EXISTS [{name}_{suffix}]" for suffix in ("ai", "ad", "au")),
        f"DROP TABLE IF EXISTS [{name}]",
        f"CREATE VIRTUAL TABLE [{name}] USING FTS5 ({cols}, content=[{table}], content_rowid='id', "
        f"tokenize='{TOKENIZE}', prefix='{PREFIX}')",
        f"CREATE TRIGGER [{name}_ad] AFTER DELETE ON [{table}] BEGIN "
        f"INSERT INTO [{name}] ([{name}], rowid, {cols}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER [{name}_au] AFTER UPDATE ON [{table}] BEGIN "
        f"INSERT INTO [{name}] ([{name}], rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO [{name}] (rowid, {cols}) VALUES (new.id, {new}); END",
        f"INSERT INTO [{name}] ([{name}]) VALUES ('rebuild')",
    ]


def document_sql(index: FtsIndex) -> str:
    """Index the rows of one document (parameter: its id), just inserted."""
    cols = ", ".join(f"[{c}]" for c in index.columns)
    return f"INSERT INTO [{index.name}] (rowid, {cols}) SELECT id, {cols} FROM [{index.table}] WHERE document_id = ?"


def markdown() -> str:
    """The full-text indexes' part of docs/schema.md."""
    out = ["# Full-text indexes", "",
           "SQLite FTS5 tables over the text columns below, filled by the store in the transaction that",
           f"writes each document (tokenizer `{TOKENIZE}`: ä and ö are not a and o; prefix indexes",
           f"'{PREFIX}': `kustannu*` finds every form). Search with `MATCH` and join on `rowid`:",
           "", "```sql",
           "select l.document_id, l.line, l.text from lines_fts join lines l on l.id = lines_fts.rowid",
           "where lines_fts match 'kustannu*'", "```", "",
           "| index | table | columns |", "|---|---|---|"]
    out += [f"| `{index.name}` | `{index.table}` | {', '.join(f'`{c}`' for c in index.columns)} |" for index in INDEXES]
    return "\n".join(out) + "\n"
