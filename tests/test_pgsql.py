"""The corpus loads into a real PostgreSQL server, every row and reference intact.

Needs PostgreSQL's server programs (Debian: postgresql) and root (the server
runs as the ``postgres`` user in a throw-away cluster); skipped otherwise.
"""

from __future__ import annotations

import os
import pwd
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from extract.cli import cli
from extract.schema import TABLES

from .conftest import CORPUS, RENDERED

INITDB = shutil.which("initdb") or next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))), None)


def _usable() -> str | None:
    if INITDB is None:
        return "PostgreSQL is not installed (apt-get install postgresql)"
    if os.geteuid() != 0:
        return "needs root to run a throw-away PostgreSQL cluster as the postgres user"
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return "no postgres user"
    return None


@pytest.fixture(scope="module")
def server():
    reason = _usable()
    if reason:
        pytest.skip(reason)
    bin_dir = Path(INITDB).resolve().parent
    home = Path(tempfile.mkdtemp(prefix="pg-"))
    user = pwd.getpwnam("postgres")
    os.chown(home, user.pw_uid, user.pw_gid)
    as_postgres = ["runuser", "-u", "postgres", "--"]
    subprocess.run([*as_postgres, str(bin_dir / "initdb"), "-D", str(home / "data"), "-A", "trust", "-U", "postgres",
                    "--no-sync"], check=True, capture_output=True, timeout=120)
    subprocess.run([*as_postgres, str(bin_dir / "pg_ctl"), "-D", str(home / "data"), "-w", "-l", str(home / "log"),
                    "-o", f"-k {home} -c listen_addresses='' -F", "start"], check=True, capture_output=True, timeout=120)
    try:
        yield home
    finally:
        subprocess.run([*as_postgres, str(bin_dir / "pg_ctl"), "-D", str(home / "data"), "-m", "immediate", "stop"],
                       capture_output=True, timeout=120)
        shutil.rmtree(home, ignore_errors=True)


def psql(server: Path, *args: str) -> str:
    done = subprocess.run(["psql", "-h", str(server), "-U", "postgres", "-X", "-v", "ON_ERROR_STOP=1", "-At", *args],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_corpus_loads_into_postgresql_with_every_row(server, tmp_path):
    db = tmp_path / "plans.db"
    result = CliRunner().invoke(cli, ["ingest", str(CORPUS), str(RENDERED), "--db", str(db)])
    assert result.exit_code == 0, result.output
    exported = CliRunner().invoke(cli, ["export", "--db", str(db), "--format", "sql", "-o", str(tmp_path / "pg")])
    assert exported.exit_code == 0, exported.output
    sql = tmp_path / "pg" / "corpus.sql"
    with sqlite3.connect(db) as conn:
        counts = {spec.name: conn.execute(f"select count(*) from [{spec.name}]").fetchone()[0] for spec in TABLES}
        money = conn.execute("select sum(value_eur) from cost_cells").fetchone()[0]
        paths = conn.execute("select path_bytes from documents order by id").fetchall()
    psql(server, "-c", "CREATE DATABASE corpus")
    psql(server, "-d", "corpus", "-f", str(sql))
    for name, count in counts.items():
        assert int(psql(server, "-d", "corpus", "-c", f'select count(*) from "{name}"')) == count, name
    assert counts["work_packages"] > 0 and counts["cost_cells"] > 0
    assert float(psql(server, "-d", "corpus", "-c", "select sum(value_eur) from cost_cells")) == pytest.approx(money)
    stored = psql(server, "-d", "corpus", "-c", "select encode(path_bytes, 'hex') from documents order by id").split()
    assert stored == [p[0].hex() for p in paths]
    # references survived: every unit's section is in the same document
    assert psql(server, "-d", "corpus", "-c",
                "select count(*) from work_packages w join sections s on s.id = w.section_id "
                "where s.document_id <> w.document_id").strip() == "0"


def test_copy_escapes_tabs_newlines_and_backslashes():
    from extract.pgsql import _copy_value

    assert _copy_value("a\tb\nc\\d\re") == "a\\tb\\nc\\\\d\\re"
    assert _copy_value(None) == "\\N"
    assert _copy_value(b"\xe4") == "\\\\xe4"
    assert _copy_value(1.5) == "1.5"
