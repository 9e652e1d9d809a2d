"""Researchers' surfaces without a browser: views, full-text search, query,
documents, show, export, and the Datasette metadata."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from extract.cli import cli
from extract.export import exported_names
from extract.schema import TABLES
from extract.serve import CANNED_QUERIES, metadata
from extract.views import VIEWS

from .reviewer_plan import PLAN


def run(*args):
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.fixture
def db(reviewer_db):
    return reviewer_db


def test_views_have_the_declared_columns(db):
    with sqlite3.connect(db) as conn:
        for view in VIEWS:
            assert [r[1] for r in conn.execute(f"pragma table_info([{view.name}])")] == [c.name for c in view.columns]


def test_units_view_joins_document_section_and_cost(db):
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select section_path, kind, number, cost_eur from units_with_context order by number").fetchall()
    assert rows == [("osa-alue 1", "toimenpide", "1", 120500.0), ("osa-alue 1", "toimenpide", "2", 80000.0)]


def test_flags_view_carries_the_source_line(db):
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select severity, source_text from flags_with_document order by line").fetchall()
    assert ("error", "Omarahoitus\t30 000\t12 100\t42 000") in rows


def test_lines_are_stored_as_printed(db):
    with sqlite3.connect(db) as conn:
        lines = conn.execute("select line, text from lines order by line").fetchall()
    assert len(lines) == len(PLAN.splitlines())
    assert lines[0] == (1, "Hankkeen nimi")


def test_full_text_search_keeps_a_and_a_umlaut_apart_and_finds_prefixes(db):
    with sqlite3.connect(db) as conn:
        def hits(words):
            return [r[0] for r in conn.execute(
                "select l.line from lines_fts join lines l on l.id = lines_fts.rowid where lines_fts match ? order by l.line",
                [words])]
        assert hits("säästöjä") == [7]
        assert hits("saasto") == [22]  # the line without umlauts only
        assert hits("kustannu*") == [9, 13, 15, 17]  # Kustannusarvio twice, the caption, the total row
        units = conn.execute("select rowid from work_packages_fts where work_packages_fts match 'asiakaspalaute'").fetchall()
    assert len(units) == 1


def test_search_index_follows_a_reingest(db, tmp_path):
    plan = tmp_path / "itasavo.txt"
    plan.write_text(PLAN.replace("Palautteen seuranta", "Palautekyselyt"), encoding="utf-8")
    run("ingest", str(plan), "--db", db, "--jobs", "0")
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from lines_fts where lines_fts match 'palautteen'").fetchone() == (0,)
        assert conn.execute("select count(*) from lines_fts where lines_fts match 'palautekyselyt'").fetchone() == (1,)
        assert conn.execute("insert into lines_fts(lines_fts) values ('integrity-check')") is not None


def test_query_binds_parameters_and_never_cuts_cells(db):
    long_title = "x" * 150
    result = run("query", "select :a as a, :b || 'y' as b", "-p", "a", long_title, "-p", "b", "z", "--db", db)
    assert long_title in result.output and "zy" in result.output
    tsv = run("query", "select number, cost_eur from work_packages order by number", "--format", "tsv", "--db", db)
    assert tsv.output.splitlines() == ["number\tcost_eur", "1\t120500.0", "2\t80000.0"]


def test_documents_lists_status_title_and_counts(db):
    rows = json.loads(run("documents", "--format", "json", "--db", db).output)
    assert len(rows) == 1
    assert rows[0]["status"] == "ok" and rows[0]["work_packages"] == 2 and rows[0]["error_flags"] == 3


def test_show_prints_the_outline_with_provenance(db):
    output = run("show", "itasavo.txt", "--db", db).output.splitlines()
    assert output[2].startswith("osa-alue 1: Asiakaspolut  [page 1, line 5]")
    assert output[3] == "  toimenpide 1: Ajanvarauksen uudistus  120 500 €  [page 1, line 6]"
    assert output[4] == "  toimenpide 2: Palautteen seuranta  80 000 €  [page 1, line 10]"


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_export_writes_every_table_and_view_and_pandas_reads_it(db, tmp_path, fmt):
    import pandas as pd

    out = tmp_path / "out"
    assert run("export", "--format", fmt, "-o", str(out), "--db", db).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.{fmt}" for n in exported_names())
    read = {"csv": pd.read_csv, "json": pd.read_json, "parquet": pd.read_parquet}[fmt]
    units = read(out / f"work_packages.{fmt}")
    assert sorted(units["cost_eur"]) == [80000.0, 120500.0]
    flags = read(out / f"flags_with_document.{fmt}")
    assert list(flags["severity"]) == ["error", "error", "error"]  # Taulukko 1 twice, the prose once


def test_serve_metadata_describes_every_table_view_and_column():
    meta = metadata("plans")["databases"]["plans"]
    for spec in [*TABLES, *VIEWS]:
        entry = meta["tables"][spec.name]
        assert entry["description"] and set(entry["columns"]) == {c.name for c in spec.columns}
    assert set(meta["queries"]) == {name for name, *_ in CANNED_QUERIES}


def test_every_canned_query_runs(db):
    params = {"words": "kustannu*", "month": "2024-05"}
    with sqlite3.connect(db) as conn:
        results = {name: conn.execute(sql, params).fetchall() for name, _, _, sql in CANNED_QUERIES}
    assert len(results["cost_per_unit"]) == 2 and len(results["error_flags"]) == 3
    assert [r[3] for r in results["schedules_by_month"]] == ["Ajanvarauksen uudistus"]
    assert results["state_aid_by_document"][0][-1] == 168400.0


def test_every_new_command_has_help():
    for command in ("documents", "show", "report", "export", "serve", "query"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output


def test_a_write_ahead_log_left_behind_is_settled_before_serving(tmp_path):
    """An ingest killed after committing leaves its rows in FILE-wal; an immutable
    reader ignores that file, so serve first moves them into the database."""
    import subprocess
    import sys

    from extract.store import settle_write_ahead_log

    path = tmp_path / "plans.db"
    script = ("import sqlite3, os; c = sqlite3.connect(%r); c.execute('pragma journal_mode=wal'); "
              "c.execute('pragma wal_autocheckpoint=0'); c.execute('create table t (x)'); "
              "c.execute('insert into t values (1)'); c.commit(); os._exit(0)") % str(path)
    subprocess.run([sys.executable, "-c", script], check=True)
    assert (tmp_path / "plans.db-wal").stat().st_size > 0
    immutable = f"{path.as_uri()}?immutable=1"
    with sqlite3.connect(immutable, uri=True) as conn:
        assert "t" not in {r[0] for r in conn.execute("select name from sqlite_master")}
    assert settle_write_ahead_log(str(path))
    with sqlite3.connect(immutable, uri=True) as conn:
        assert conn.execute("select x from t").fetchall() == [(1,)]
