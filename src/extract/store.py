"""The SQLite store: the only module that writes the database.

Each document is written in one transaction (:func:`writing`): its old
rows are deleted, then every row is inserted, so after a crash or a failed
document the corpus holds all of a document or none of it. The rows come
ready-made (:mod:`extract.rows`, built where the plan was made); the store
gives them their ids and fills the full-text indexes. Documents are keyed
by the sha256 of their bytes; a file whose bytes changed replaces the rows of
the earlier version at the same path.

A failure never replaces a good extraction: when a document (or a new version
of the file at its path) fails, the good rows stay and the failure is recorded
beside them in ``latest_error``.

The schema version is ``PRAGMA user_version``: a database built by an older
version is upgraded in place (missing tables and columns are added, then the
numbered migrations run); one built by a newer version is refused.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from . import fts, views
from .rows import NUMBERED, PlanRows
from .schema import CHILD_TABLES, TABLES

if TYPE_CHECKING:  # imported where a database is opened: `query`, `flags` and `--help` start without it
    import sqlite_utils

DEFAULT_DB = "plans.db"
# Two ingests may write one corpus at once: a writer waits this long for the
# other's transaction (one document) before it retries.
BUSY_TIMEOUT_MS = 30_000
WRITE_RETRIES = 5

log = logging.getLogger(__name__)
# Bump when the schema changes; add a step to MIGRATIONS when adding tables
# and columns (done for every version) is not enough.
SCHEMA_VERSION = 5
# version → SQL statements that bring a database from version - 1 to it,
# run after missing tables and columns were added.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    # 2: documents.path_bytes, latest_error, latest_attempt_at (added as columns)
    2: (),
    # 3: flags.message_en, family, fingerprint (added as columns); lines (added as a
    # table); views (views.py) and full-text indexes (fts.py) rebuilt
    3: (),
    # 4: cost_cells.section_id, work_package_id (added as columns): a cost-table row's
    # section or unit, filled when the documents are extracted again (the code changed)
    4: (),
    # 5: full-text indexes filled by the store per document, not by an insert trigger
    # per row (fts.py rebuilds the indexes and their triggers on every upgrade)
    5: (),
}


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
    path_bytes: bytes | None = None
    traceback: str | None = None  # of an internal error, for the log only
    seconds: float | None = None  # time spent reading and recognising


def _sqlite_utils():
    """sqlite-utils without pandas: sqlite-utils imports pandas when it is
    installed (a quarter of a second of every ingest's start-up) only to map
    pandas timestamps to TEXT, and the store writes plain Python values. A
    process that imported pandas before keeps it as it is."""
    if "sqlite_utils" not in sys.modules and "pandas" not in sys.modules:
        sys.modules["pandas"] = None  # `import pandas` fails inside sqlite-utils only
        try:
            import sqlite_utils
        finally:
            del sys.modules["pandas"]
    import sqlite_utils

    return sqlite_utils


def open_db(path: str) -> sqlite_utils.Database:
    """Open (creating if needed) the corpus database with its schema."""
    sqlite_utils = _sqlite_utils()
    try:
        db = sqlite_utils.Database(path)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        _prepare(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a usable SQLite database ({exc})") from None
    return db


def _prepare(db: sqlite_utils.Database) -> None:
    """Write-ahead log (readers never block the writer, a crash never leaves
    half a transaction, a second writer waits its turn) and the schema.
    Switching a new file to the log takes a lock SQLite does not wait for, so
    two ingests starting on one new database at once retry here."""
    for attempt in range(WRITE_RETRIES * 4):
        try:
            db.execute("PRAGMA journal_mode = WAL")
            ensure_schema(db)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == WRITE_RETRIES * 4 - 1:
                raise
            time.sleep(0.25 * (attempt + 1))


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Bring the database to :data:`SCHEMA_VERSION`: create missing tables and
    columns exactly as declared in :mod:`extract.schema`, then run the
    migrations the database has not had."""
    if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    with writing(db):  # another process may be upgrading it right now: look again inside
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{db.conn.execute('PRAGMA database_list').fetchone()[2]}: built by a newer hanke-extract "
                             f"(schema {version}, this one knows {SCHEMA_VERSION}): upgrade hanke-extract")
        if version < SCHEMA_VERSION:
            _upgrade(db, version)


@contextmanager
def writing(db: sqlite_utils.Database) -> Iterator[None]:
    """One write transaction, taken at once (``BEGIN IMMEDIATE``): two
    processes writing one corpus queue up document by document instead of
    failing half-way. A database busy past the busy timeout is retried."""
    for attempt in range(WRITE_RETRIES):
        try:
            db.execute("BEGIN IMMEDIATE")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == WRITE_RETRIES - 1:
                raise
            log.info("the database is busy (another ingest?): retrying")
            time.sleep(0.5 * (attempt + 1))
    try:
        yield
    except BaseException:
        db.conn.rollback()
        raise
    db.execute("COMMIT")


def _upgrade(db: sqlite_utils.Database, version: int) -> None:
    """Add missing tables and columns, run the numbered migrations, stamp the version."""
    existing = set(db.table_names())
    for spec in TABLES:
        if spec.name not in existing:
            db.execute(create_table_sql(spec))
            continue
        have = {c.name for c in db.table(spec.name).columns}
        for column in spec.columns:
            if column.name not in have:
                db.execute(f"ALTER TABLE [{spec.name}] ADD COLUMN [{column.name}] {column.type}")
    for step in range(version + 1, SCHEMA_VERSION + 1):
        for sql in MIGRATIONS.get(step, ()):
            db.execute(sql)
    for spec in TABLES:
        if any(c.name == "document_id" for c in spec.columns):
            db.table(spec.name).create_index(["document_id"], if_not_exists=True)
    db.table("documents").create_index(["path"], if_not_exists=True)
    views.create_views(db)  # views and full-text indexes over the tables above
    fts.create_indexes(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def create_table_sql(spec) -> str:
    columns = [f"[{c.name}] {c.type}{' PRIMARY KEY' if c.name == spec.pk else ''}" for c in spec.columns]
    columns += [f"FOREIGN KEY([{col}]) REFERENCES [{other}]([{ocol}])" for col, other, ocol in spec.foreign_keys]
    return f"CREATE TABLE [{spec.name}] (\n   " + ",\n   ".join(columns) + "\n)"


def known_document(db, doc_id: str) -> dict | None:
    """The stored row of a document (status, version, latest error), or None.
    ``db`` may be a writable Database or a read-only connection."""
    cursor = db.execute("select id, status, extractor_version, path, latest_error from documents where id = ?", [doc_id])
    row = cursor.fetchone()
    return None if row is None else dict(zip([d[0] for d in cursor.description], row))


def write_document(
    db: sqlite_utils.Database, record: DocumentRecord, rows: PlanRows | None, extractor_version: str
) -> bool:
    """Store this file's extraction in one transaction.

    An ``ok`` record replaces everything stored for the file: its earlier
    versions at the same path and its rows under the same id. A ``failed``
    record replaces only failures: a good extraction of the same document, or
    of the file's earlier content at the same path, is kept, and the failure
    is recorded on it. Returns True when a good extraction was kept.
    """
    with writing(db):
        db.execute("PRAGMA defer_foreign_keys = ON")  # rows go in table by table
        good = None
        if record.status == "failed":
            good = next(iter(db.query(
                "select id from documents where status = 'ok' and (id = ? or path = ?) order by id = ? desc",
                [record.id, record.path, record.id])), None)
        if good is not None:
            _record_failure(db, good["id"], record)
            if good["id"] == record.id:
                return True
        stale = [r["id"] for r in db.query("select id from documents where (path = ? or id = ?)", [record.path, record.id])
                 if good is None or r["id"] != good["id"]]
        for doc_id in stale:
            delete_document(db, doc_id)
        db.table("documents").insert(_document_row(record, rows, extractor_version))
        if rows is not None:
            _insert_plan(db, rows)
    return good is not None


def delete_document(db: sqlite_utils.Database, doc_id: str) -> None:
    """Every row of one document (inside the caller's transaction)."""
    for name in reversed(CHILD_TABLES):  # children before the rows they point at
        db.execute(f"delete from [{name}] where document_id = ?", [doc_id])
    db.execute("delete from documents where id = ?", [doc_id])


def _record_failure(db: sqlite_utils.Database, good_id: str, record: DocumentRecord) -> None:
    error = record.error if good_id == record.id else f"the file changed and its new content failed: {record.error}"
    db.execute("update documents set latest_error = ?, latest_attempt_at = ? where id = ?",
               [error, _now(), good_id])


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _document_row(record: DocumentRecord, rows: PlanRows | None, version: str) -> dict:
    return {
        "id": record.id,
        "path": record.path,
        "path_bytes": record.path_bytes,
        "filename": record.filename,
        "format": record.format,
        "title": rows.title if rows else None,
        "pages": record.pages,
        "status": record.status,
        "error": record.error,
        "warnings": json.dumps(record.warnings or [], ensure_ascii=False),
        # unknown for a document that was never read
        "ocr": int("text from OCR" in (record.warnings or [])) if rows is not None else None,
        "project_start": rows.project_start if rows else None,
        "project_end": rows.project_end if rows else None,
        "size_bytes": record.size_bytes,
        "ingested_at": _now(),
        "latest_error": None,
        "latest_attempt_at": None,
        "extractor_version": version,
    }


class RowIds:
    """Hands out row ids per table, continuing after the largest one stored."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.next: dict[str, int] = {}

    def take(self, table: str) -> int:
        if table not in self.next:
            self.next[table] = largest_id(self.db, table) + 1
        value = self.next[table]
        self.next[table] += 1
        return value


def largest_id(db: sqlite_utils.Database, table: str) -> int:
    return db.execute(f"select coalesce(max(id), 0) from [{table}]").fetchone()[0]


def _insert_plan(db: sqlite_utils.Database, rows: PlanRows) -> None:
    """Insert a document's rows, shifting its local ids (see :mod:`extract.rows`)
    past the largest ids stored."""
    offsets = {name: largest_id(db, name) for name in NUMBERED}
    for name in CHILD_TABLES:
        table = rows.tables.get(name)
        if table is not None and table.rows:
            shift = {index: offsets[other] for index, other in rows.local_references(name)}
            insert_rows(db, name, table.columns, table.rows, rows.document_id, shift)


def insert_rows(db: sqlite_utils.Database, table: str, columns: tuple[str, ...], rows: list[tuple],
                doc_id: str, shift: dict[int, int] | None = None) -> None:
    """Insert one document's rows of ``table`` (inside the caller's transaction),
    adding ``shift[i]`` to column ``i`` (NULL stays NULL), and add them to the
    table's full-text index (:mod:`extract.fts`)."""
    values = ", ".join(f"? + {int(shift[i])}" if shift and i in shift else "?" for i in range(len(columns)))
    names = ", ".join(f"[{c}]" for c in columns)
    db.conn.executemany(f"insert into [{table}] ({names}) values ({values})", rows)
    for index in fts.INDEXES:
        if index.table == table:
            db.execute(fts.document_sql(index), [doc_id])


def open_read_only(path: str) -> sqlite3.Connection:
    """A connection that cannot write: for ``query``, ``flags`` and browsing."""
    try:
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
        conn.execute("select count(*) from sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open database read-only ({exc})") from None
    conn.row_factory = sqlite3.Row
    return conn


def settle_write_ahead_log(path: str) -> bool:
    """Move committed transactions still in the write-ahead log (``FILE-wal``, left by a running or
    interrupted ingest) into the database file, so a reader that opens the file immutable (``serve``)
    sees them. The contents do not change. Returns False when the log could not be emptied."""
    wal = Path(f"{path}-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        return True
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        conn.close()
    except sqlite3.Error as exc:
        log.warning("%s: cannot checkpoint the write-ahead log (%s)", path, exc)
        return False
    return busy == 0
