"""``extract export``: every table and view of the corpus as files, one per table.

CSV (UTF-8, a header row), JSON (a list of objects) or Parquet (through
pyarrow, with the column types SQLite declares, so money stays a float).
Full-text index tables are left out: they are derived from ``lines`` and
``work_packages``, which are exported.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

from .schema import TABLES
from .views import VIEWS

log = logging.getLogger(__name__)


def exported_names() -> list[str]:
    """Tables in schema order, then views."""
    return [t.name for t in TABLES] + [v.name for v in VIEWS]


def export_all(conn: sqlite3.Connection, folder: str, fmt: str) -> list[Path]:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    present = {r[0] for r in conn.execute("select name from sqlite_master where type in ('table', 'view')")}
    written = []
    for name in exported_names():
        if name not in present:
            log.warning("%s: not in this database (built by an older version?); not exported", name)
            continue
        cursor = conn.execute(f"select * from [{name}]")
        columns = [d[0] for d in cursor.description]
        rows = [tuple(_plain(v) for v in row) for row in cursor]
        path = out / f"{name}.{fmt}"
        WRITERS[fmt](path, columns, rows)
        written.append(path)
    return written


def _plain(value):
    """A BLOB (documents.path_bytes) as text, undecodable bytes shown as \\xNN, for CSV and JSON."""
    return value.decode("utf-8", "backslashreplace") if isinstance(value, bytes) else value


def write_csv(path: Path, columns: list[str], rows: list[tuple]) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)


def write_json(path: Path, columns: list[str], rows: list[tuple]) -> None:
    path.write_text(json.dumps([dict(zip(columns, r)) for r in rows], ensure_ascii=False, indent=1), encoding="utf-8")


def write_parquet(path: Path, columns: list[str], rows: list[tuple]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrays = {}
    for i, column in enumerate(columns):
        values = [r[i] for r in rows]
        kind = _arrow_type(values)
        if kind == pa.string():
            values = [None if v is None else str(v) for v in values]
        arrays[column] = pa.array(values, type=kind)
    pq.write_table(pa.table(arrays), path)


def _arrow_type(values: list):
    """The column's type from its values; an all-NULL column is text (not pyarrow's null type,
    which pandas readers mishandle), and a column mixing integers and floats is float."""
    import pyarrow as pa

    kinds = {type(v) for v in values if v is not None}
    if not kinds or kinds == {str}:
        return pa.string()
    if kinds <= {int, bool}:
        return pa.int64()
    if kinds <= {int, float}:
        return pa.float64()
    return pa.string()


WRITERS = {"csv": write_csv, "json": write_json, "parquet": write_parquet}
