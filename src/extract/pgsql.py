"""Part of the store: the corpus as a PostgreSQL script, for when one SQLite
file is no longer enough (a national corpus queried by many at once).

The script creates every table with the types of :mod:`extract.schema`
(TEXT → text, INTEGER → bigint, REAL → double precision, BLOB → bytea),
loads the rows with ``COPY … FROM stdin`` (fast, and no quoting of document
text in SQL), then adds the foreign keys and the indexes. Load it with
``psql -v ON_ERROR_STOP=1 -f corpus.sql``, in one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from .schema import TABLES

PG_TYPES = {"TEXT": "text", "INTEGER": "bigint", "REAL": "double precision", "BLOB": "bytea"}


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _copy_value(value) -> str:
    """One field of COPY's text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bytes):
        return r"\\x" + value.hex()
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r"))


def script(conn: sqlite3.Connection) -> Iterator[str]:
    """The PostgreSQL script for the corpus in ``conn``, piece by piece."""
    yield "-- hanke-extract corpus for PostgreSQL: psql -v ON_ERROR_STOP=1 -f THIS_FILE\n"
    yield "BEGIN;\n"
    for spec in TABLES:
        columns = ",\n  ".join(
            f"{_ident(c.name)} {PG_TYPES[c.type]}{' PRIMARY KEY' if c.name == spec.pk else ''}" for c in spec.columns)
        yield f"CREATE TABLE {_ident(spec.name)} (\n  {columns}\n);\n"
    for spec in TABLES:
        have = {r[1] for r in conn.execute(f"PRAGMA table_info([{spec.name}])")}
        names = [c.name for c in spec.columns if c.name in have]
        if not names:
            continue
        yield f"COPY {_ident(spec.name)} ({', '.join(_ident(n) for n in names)}) FROM stdin;\n"
        cursor = conn.execute(f"select {', '.join(f'[{n}]' for n in names)} from [{spec.name}] order by rowid")
        for row in cursor:
            yield "\t".join(_copy_value(v) for v in row) + "\n"
        yield "\\.\n"
    for spec in TABLES:
        for column, other, other_column in spec.foreign_keys:
            yield (f"ALTER TABLE {_ident(spec.name)} ADD FOREIGN KEY ({_ident(column)}) "
                   f"REFERENCES {_ident(other)} ({_ident(other_column)});\n")
        if any(c.name == "document_id" for c in spec.columns):
            yield f"CREATE INDEX ON {_ident(spec.name)} ({_ident('document_id')});\n"
    yield "COMMIT;\n"
