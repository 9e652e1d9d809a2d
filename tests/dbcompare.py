"""Compare two corpus databases row by row, ids aside.

Row ids depend on the order documents were written (one process or two,
one shard or a merge), so a row is compared by what it says: every column
but its id and the times of ingest, with each reference to another row
replaced by that row's own content (recursively), so a unit's section or a
cell's table is still compared.
"""

from __future__ import annotations

import sqlite3

from extract.schema import TABLES

VOLATILE = {"id", "ingested_at", "latest_attempt_at"}


def content(db_path) -> dict[str, list[tuple]]:
    """Every table as a sorted list of rows, ids replaced by what they point at."""
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    rows = {spec.name: {r["id"]: dict(r) for r in conn.execute(f"select * from [{spec.name}]")}
            for spec in TABLES}
    conn.close()
    specs = {spec.name: spec for spec in TABLES}

    def natural(table: str, row: dict) -> tuple:
        refs = {col: other for col, other, _ in specs[table].foreign_keys if other != "documents"}
        out = []
        for key in sorted(row):
            if key in VOLATILE:
                continue
            value = row[key]
            if key in refs and value is not None:
                value = natural(refs[key], rows[refs[key]][value])
            out.append((key, value))
        return tuple(out)

    return {name: sorted((natural(name, r) for r in table.values()), key=repr) for name, table in rows.items()}


def per_document_counts(db_path) -> dict[str, dict[str, int]]:
    """For each stored document, how many rows each table holds for it."""
    conn = sqlite3.connect(db_path)
    out: dict[str, dict[str, int]] = {}
    for (doc_id,) in conn.execute("select id from documents"):
        out[doc_id] = {spec.name: conn.execute(f"select count(*) from [{spec.name}] where document_id = ?",
                                               [doc_id]).fetchone()[0]
                       for spec in TABLES if spec.name != "documents"}
    conn.close()
    return out
