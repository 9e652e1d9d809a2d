"""Ingest end to end: the store's transactions, re-ingest, failed documents, CLI."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from extract.cli import cli
from extract.schema import TABLES

from .conftest import CORPUS, KAINUU_2020

CHILD_COUNTS = "select (select count(*) from sections), (select count(*) from work_packages), " \
    "(select count(*) from amounts), (select count(*) from periods), (select count(*) from tables), " \
    "(select count(*) from cost_cells), (select count(*) from phase_marks), (select count(*) from flags)"


def run(*args):
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def counts(db_path):
    with sqlite3.connect(db_path) as conn:
        return conn.execute(CHILD_COUNTS).fetchone()


def test_ingest_corpus_all_ok_and_reingest_adds_nothing(db_path):
    first = run("ingest", str(CORPUS), "--db", db_path)
    assert first.exit_code == 0
    assert "4 documents: 4 ingested, 0 unchanged, 0 failed" in first.output
    with sqlite3.connect(db_path) as conn:
        statuses = conn.execute("select filename, status from documents order by filename").fetchall()
    assert statuses == [
        ("000_f8ae5a0080d48314.txt", "ok"),
        ("002_e93039f89c2ced21.txt", "ok"),
        ("003_6c4a6b2977e6c292.txt", "ok"),
        ("004_72151800bfc5fa4a.txt", "ok"),
    ]
    before = counts(db_path)
    again = run("ingest", str(CORPUS), "--db", db_path)
    assert "0 ingested, 4 unchanged" in again.output
    assert counts(db_path) == before


def test_changed_file_replaces_its_rows(tmp_path, db_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("Työpaketti 1: Eka\nKustannusarvio: 10 000 €\n", encoding="utf-8")
    run("ingest", str(plan), "--db", db_path)
    plan.write_text("Työpaketti 1: Eka\nKustannusarvio: 12 000 €\nTyöpaketti 2: Toka\n", encoding="utf-8")
    run("ingest", str(plan), "--db", db_path)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select count(*) from documents").fetchone() == (1,)
        assert conn.execute("select number, cost_eur from work_packages order by number").fetchall() == [
            ("1", 12000.0),
            ("2", None),
        ]
        assert conn.execute("select value_eur from amounts").fetchall() == [(12000.0,)]


def test_bad_files_get_failed_rows_and_the_batch_goes_on(tmp_path, db_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(KAINUU_2020, batch / "good.txt")
    (batch / "empty.txt").write_bytes(b"")
    (batch / "binary.txt").write_bytes(b"\x00\x01\x02garbage")
    (batch / "scan.pdf").write_bytes(b"%PDF-1.4 not really")
    (batch / "sub dir ä").mkdir()
    (batch / "sub dir ä" / "Työpaketit ö.md").write_text("Työpaketti 1: Testi\n", encoding="utf-8")
    result = run("ingest", str(batch), "--db", db_path)
    assert result.exit_code == 0
    assert "Traceback" not in result.output
    with sqlite3.connect(db_path) as conn:
        rows = dict(conn.execute("select filename, status || ': ' || coalesce(error, '') from documents").fetchall())
    assert rows["good.txt"] == "ok: "
    assert rows["Työpaketit ö.md"] == "ok: "
    assert rows["empty.txt"] == "failed: the file is empty"
    assert rows["binary.txt"] == "failed: binary data (NUL bytes) in a text file"
    assert rows["scan.pdf"].startswith("failed: broken PDF")
    assert "failed: " in result.output and "empty.txt: the file is empty" in result.output


def test_a_missing_file_is_a_failed_row(tmp_path, db_path):
    result = run("ingest", str(tmp_path / "missing.txt"), "--db", db_path)
    assert result.exit_code == 0
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select status, error from documents").fetchone() == (
            "failed",
            "cannot read: No such file or directory",
        )


def test_unusable_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    result = run("ingest", str(KAINUU_2020), "--db", str(bad))
    assert result.exit_code == 1
    assert "not a usable SQLite database" in result.output


def test_a_failure_inside_the_transaction_leaves_nothing_half_written(db_path, monkeypatch):
    from extract import store
    from extract.pipeline import ingest_file

    db = store.open_db(db_path)
    original = store._insert_plan

    def explode(db, rows):
        original(db, rows)
        raise sqlite3.OperationalError("disk full")

    monkeypatch.setattr(store, "_insert_plan", explode)
    with pytest.raises(sqlite3.OperationalError):
        ingest_file(db, str(KAINUU_2020))
    assert db.execute("select count(*) from documents").fetchone() == (0,)
    assert counts(db_path) == (0, 0, 0, 0, 0, 0, 0, 0)


def test_flags_command_filters_and_json(db_path):
    run("ingest", str(CORPUS), "--db", db_path)
    text = run("flags", "--db", db_path).output.splitlines()
    assert any(line.startswith("000_f8ae5a0080d48314.txt (rivi 313): info: [rounding] Taulukko 5, rivi 'Kustannukset yhteensä €'") for line in text)
    errors = run("flags", "--db", db_path, "--severity", "error").output.splitlines()
    assert errors and all(": error: [" in line for line in errors)
    lines = run("flags", "--db", db_path, "--document", "000_f8ae5a0080d48314.txt", "--json").output.splitlines()
    rounding = [json.loads(line) for line in lines if '"rounding"' in line][0]
    assert rounding["expected"] == 154121.0 and rounding["actual"] == 154120.0
    assert rounding["evidence"]["total"]["column"] == "Yhteensä" and len(rounding["fingerprint"]) == 16


def test_query_is_read_only_and_formats(db_path):
    run("ingest", str(CORPUS), "--db", db_path)
    csv_out = run("query", "select count(*) as n from documents", "--db", db_path, "--format", "csv").output
    assert csv_out.splitlines() == ["n", "4"]
    as_json = json.loads(run("query", "select filename from documents order by 1 limit 1", "--db", db_path, "--format", "json").output)
    assert as_json == [{"filename": "000_f8ae5a0080d48314.txt"}]
    refused = run("query", "delete from documents", "--db", db_path)
    assert refused.exit_code == 1 and "readonly" in refused.output
    assert counts(db_path)[1] > 0


def test_query_on_missing_database_is_an_error(tmp_path):
    result = run("query", "select 1", "--db", str(tmp_path / "nope.db"))
    assert result.exit_code == 1 and "cannot open database" in result.output


def test_database_has_every_contract_column(db_path):
    run("ingest", str(KAINUU_2020), "--db", db_path)
    with sqlite3.connect(db_path) as conn:
        for spec in TABLES:
            columns = [r[1] for r in conn.execute(f"pragma table_info([{spec.name}])")]
            assert columns == [c.name for c in spec.columns]
        money_type = [r[2] for r in conn.execute("pragma table_info(amounts)") if r[1] == "value_eur"]
        assert money_type == ["REAL"]


def test_a_plan_s_rows_fill_every_column_but_the_ids_sqlite_gives():
    """What a worker sends covers the schema: a column added to the schema
    but not to :mod:`extract.rows` would stay NULL in every database."""
    from extract.pipeline import process
    from extract.rows import NUMBERED

    rows, _record = process(str(KAINUU_2020), KAINUU_2020.read_bytes(), as_rows=True)
    for spec in TABLES[1:]:
        declared = [c.name for c in spec.columns]
        sent = rows.tables[spec.name].columns
        assert rows.tables[spec.name].rows, f"{spec.name}: no rows to test with"
        assert set(declared) - set(sent) == (set() if spec.name in NUMBERED else {"id"}), spec.name


def test_every_reference_points_into_its_own_document(db_path):
    """Row ids are numbered per document by the worker and shifted by the
    store: with four documents stored, a section, unit or table id read from
    any row is a row of that row's own document."""
    run("ingest", str(CORPUS), "--db", db_path, "--jobs", "2")
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select count(distinct document_id) from sections").fetchone() == (4,)
        for spec in TABLES[1:]:
            for column, other, other_column in spec.foreign_keys:
                if other == "documents":
                    continue
                linked, strays = conn.execute(
                    f"select count(r.[{column}]), count(r.[{column}]) - count(o.[{other_column}]) "
                    f"from [{spec.name}] r left join [{other}] o "
                    f"on o.[{other_column}] = r.[{column}] and o.document_id = r.document_id").fetchone()
                assert strays == 0, (spec.name, column)
                if (spec.name, column) in {("work_packages", "section_id"), ("cost_cells", "table_id"),
                                           ("sections", "parent_id"), ("amounts", "work_package_id")}:
                    assert linked > 0, (spec.name, column)


def test_every_command_has_help():
    for command in ("ingest", "flags", "query", "schema"):
        assert run(command, "--help").exit_code == 0


def test_docs_schema_is_generated_from_the_code():
    from pathlib import Path

    from extract.schema import markdown

    docs = Path(__file__).resolve().parents[1] / "docs" / "schema.md"
    assert docs.read_text(encoding="utf-8") == markdown(), "run: python -m extract schema > docs/schema.md"


def test_parallel_ingest_stores_what_one_process_stores(tmp_path):
    rows = {}
    for jobs in ("0", "2"):
        db = str(tmp_path / f"plans-{jobs}.db")
        assert run("ingest", str(CORPUS), "--db", db, "--jobs", jobs).exit_code == 0
        with sqlite3.connect(db) as conn:
            rows[jobs] = (
                conn.execute("select filename, status, title from documents order by filename").fetchall(),
                conn.execute("select kind, number, title, cost_eur from work_packages order by id").fetchall(),
                conn.execute("select value_eur, raw, line from amounts order by id").fetchall(),
                conn.execute("select rule, expected, actual from flags order by id").fetchall(),
            )
    assert rows["0"] == rows["2"]


def test_a_reader_crash_costs_one_failed_row_not_the_batch(tmp_path, monkeypatch):
    import os

    from extract import pipeline
    from extract.store import open_db

    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(KAINUU_2020, batch / "a.txt")
    (batch / "crash.txt").write_text("Työpaketti 1: Kaatuu\n", encoding="utf-8")
    shutil.copy(CORPUS / "004_72151800bfc5fa4a.txt", batch / "c.txt")
    real = pipeline.process

    def crashing(path, data, *args, **kwargs):
        if path.endswith("crash.txt"):
            os._exit(1)  # what a segfault in a PDF library does to a worker
        return real(path, data, *args, **kwargs)

    monkeypatch.setattr(pipeline, "process", crashing)  # worker processes are forked with it
    db = open_db(str(tmp_path / "plans.db"))
    files, _skipped = pipeline.collect([str(batch)])
    outcomes = list(pipeline.ingest_batch(db, files, pipeline.Batch(pipeline.extractor_version(), jobs=2)))
    assert [(o.path.split("/")[-1], o.status, o.error) for o in outcomes] == [
        ("a.txt", "ok", None),
        ("c.txt", "ok", None),
        ("crash.txt", "failed", "the reader process crashed on this file"),
    ]
    assert db.execute("select count(*) from documents where status = 'ok'").fetchone() == (2,)
