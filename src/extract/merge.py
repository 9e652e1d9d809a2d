"""Part of the store: combine corpora built on several machines, and forget
documents whose files were removed.

A national corpus is built shard by shard; each shard numbers its rows from
1, so rows cannot be copied as they are. A document is copied with every row
that belongs to it, each row given the next free id of its table in the
output and every reference (``section_id``, ``parent_id``, ``table_id`` …)
translated through the ids just given, as the schema's foreign keys declare.
The same document in two shards is kept once: the newer extraction wins. Each
document is copied in one transaction, like an ingest.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass, field

import sqlite_utils

from .schema import CHILD_TABLES, TABLES
from .store import StoreError, RowIds, delete_document, insert_rows, open_read_only, writing

log = logging.getLogger(__name__)

SPECS = {spec.name: spec for spec in TABLES}


@dataclass
class MergeCount:
    added: int = 0
    replaced: int = 0  # an older extraction in the output was replaced
    kept: int = 0  # the output already held this extraction or a newer one
    sources: list[str] = field(default_factory=list)


def merge(output: sqlite_utils.Database, sources: list[str]) -> MergeCount:
    """Copy every document of each source database into ``output``."""
    count = MergeCount()
    for source in sources:
        conn = open_read_only(source)
        try:
            for (doc_id, ingested_at) in conn.execute("select id, ingested_at from documents order by rowid"):
                mine = output.execute("select ingested_at from documents where id = ?", [doc_id]).fetchone()
                if mine is not None and (mine[0] or "") >= (ingested_at or ""):
                    count.kept += 1
                    continue
                _copy_document(conn, output, doc_id)
                if mine is None:
                    count.added += 1
                else:
                    count.replaced += 1
        except sqlite3.Error as exc:
            raise StoreError(f"{source}: cannot read ({exc})") from None
        finally:
            conn.close()
        count.sources.append(source)
    return count


def _copy_document(source: sqlite3.Connection, output: sqlite_utils.Database, doc_id: str) -> None:
    with writing(output):
        output.execute("PRAGMA defer_foreign_keys = ON")
        delete_document(output, doc_id)
        ids = RowIds(output)
        new_ids: dict[str, dict[int, int]] = {}
        for name in ("documents", *CHILD_TABLES):
            rows = _rows(source, name, doc_id)
            if not rows:
                continue
            spec = SPECS[name]
            if name != "documents" and spec.pk == "id":
                new_ids[name] = {row["id"]: ids.take(name) for row in rows}
            out = []
            for row in rows:
                row = dict(row)
                if name in new_ids:
                    row["id"] = new_ids[name][row["id"]]
                for column, other, _ in spec.foreign_keys:
                    if other != "documents" and row.get(column) is not None:
                        row[column] = new_ids.get(other, {}).get(row[column])
                out.append(row)
            kept = _known_columns(output, name, out)
            insert_rows(output, name, tuple(kept[0]), [tuple(r.values()) for r in kept], doc_id)


def _known_columns(output: sqlite_utils.Database, table: str, rows: list[dict]) -> list[dict]:
    """The rows without columns the output's schema does not have."""
    columns = {c.name for c in output.table(table).columns}
    return [{k: v for k, v in r.items() if k in columns} for r in rows]


def _rows(source: sqlite3.Connection, table: str, doc_id: str) -> list[dict]:
    have = {r[1] for r in source.execute(f"PRAGMA table_info([{table}])")}
    if not have:
        return []  # a source from an older version without this table
    key = "id" if table == "documents" else "document_id"
    cursor = source.execute(f"select * from [{table}] where [{key}] = ? order by rowid", [doc_id])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def forget(db: sqlite_utils.Database, paths: list[str]) -> list[str]:
    """Delete the documents stored under ``paths`` (a file, or every document
    below a folder); return the paths of those deleted."""
    gone: list[str] = []
    stored = db.execute("select id, path from documents").fetchall()
    for given in paths:
        target = os.path.normpath(given)
        for doc_id, path in stored:
            normal = os.path.normpath(path)
            if normal == target or normal.startswith(target.rstrip(os.sep) + os.sep):
                with writing(db):
                    db.execute("PRAGMA defer_foreign_keys = ON")
                    delete_document(db, doc_id)
                gone.append(path)
    return gone
