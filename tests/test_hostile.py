"""Hostile input: every bad file ends as a row with a one-line reason, the
batch goes on, and the terminal shows no traceback."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from .hostile import _image_pdf, make


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    cases = make(folder / "batch")
    db = folder / "plans.db"
    run = subprocess.run(
        [sys.executable, "-m", "extract", "ingest", str(folder / "batch"), "--db", str(db)],
        capture_output=True, text=True, timeout=600,
    )
    with sqlite3.connect(db) as conn:
        rows = {r[0]: r[1:] for r in conn.execute("select filename, status, error, warnings from documents")}
    return cases, run, rows


def test_there_are_at_least_thirty_kinds(ingested):
    cases, _run, _rows = ingested
    assert len(cases) >= 30


def test_the_batch_runs_to_the_end_without_a_traceback(ingested):
    cases, run, rows = ingested
    files = [c for c in cases if c.status != "skipped"]
    assert run.returncode == 0
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout
    assert f"{len(files)} documents:" in run.stderr
    assert set(rows) == {c.name for c in files}


def test_special_files_are_skipped_with_a_message_and_never_stored(ingested):
    cases, run, rows = ingested
    special = [c for c in cases if c.status == "skipped"]
    assert special
    for case in special:
        assert case.name not in rows
        assert f"{case.name}: {case.reason}, not a file: skipped" in run.stderr


def test_names_print_escaped_and_keep_their_bytes(ingested, tmp_path):
    _cases, run, _rows = ingested
    assert "\x1b" not in run.stderr  # no raw escape sequence reaches the terminal
    db = sorted(tmp_path.parent.glob("hostile*/plans.db"))[0]
    with sqlite3.connect(db) as conn:
        path, path_bytes = conn.execute(
            "select path, path_bytes from documents where filename = 'suunnitelma-\\xe4\\xf6.txt'").fetchone()
    assert path.endswith("suunnitelma-\\xe4\\xf6.txt")
    assert path_bytes.endswith(b"suunnitelma-\xe4\xf6.txt")  # exactly as on disk


def test_each_file_ends_as_expected_with_a_one_line_reason(ingested):
    cases, run, rows = ingested
    for case in cases:
        if case.status == "skipped":
            continue
        status, error, _warnings = rows[case.name]
        assert status == case.status, (case.name, error)
        if case.status == "failed":
            assert case.reason in error, (case.name, error)
            assert "\n" not in error and len(error) < 300
            assert f"{case.name}: {error}" in run.stderr
        else:
            assert error is None


def test_each_file_alone_ends_as_in_the_batch(ingested, tmp_path):
    """The same files ingested one at a time, in this process: the same ending."""
    from extract.files import collect
    from extract.pipeline import ingest_file
    from extract.store import open_db

    cases, _run, rows = ingested
    folder = sorted(tmp_path.parent.glob("hostile*/batch"))[0]
    db = open_db(str(tmp_path / "alone.db"))
    for path in sorted(folder.rglob("*"), key=str):
        if path.is_dir():  # a folder named ingests what it holds; the batch covers "a-folder.pdf"
            continue
        files, skipped = collect([str(path)])
        if skipped:
            assert skipped[0].reason.endswith("not a file: skipped")
            continue
        outcome = ingest_file(db, files[0])
        stored = {r[0]: r[1:] for r in db.execute("select filename, status, error from documents")}
        name = next(c.name for c in cases if c.name == stored_name(outcome.path))
        assert (outcome.status if outcome.status != "unchanged" else stored[name][0]) == rows[name][0], name


def stored_name(printed_path: str) -> str:
    return printed_path.rsplit("/", 1)[-1]


def test_readable_odd_files_keep_their_warnings_and_plans(ingested, tmp_path):
    _cases, _run, rows = ingested
    assert json.loads(rows["latin-1.txt"][2]) == ["not UTF-8: read as Windows-1252"]
    assert rows["encrypted-owner-only.pdf"][0] == "ok"


def _ingest_scan(tmp_path, path_env: str) -> sqlite3.Connection:
    scan = tmp_path / "skannattu.pdf"
    scan.write_bytes(_image_pdf(text="Työpaketti 1: Hankehallinto\nKustannusarvio: 15 000 euroa"))
    db = tmp_path / "plans.db"
    run = subprocess.run(
        [sys.executable, "-m", "extract", "ingest", str(scan), "--db", str(db), "--ocr"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "PATH": path_env},
    )
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    return sqlite3.connect(db)


def test_without_tesseract_ocr_tells_what_to_install(tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    with _ingest_scan(tmp_path, str(empty)) as conn:
        status, error, ocr = conn.execute("select status, error, ocr from documents").fetchone()
    assert (status, ocr) == ("failed", None) and "OCR needs tesseract" in error


def test_a_scan_is_read_by_ocr_when_asked(tmp_path):
    """A stub ``tesseract`` answers as the real one would, so the path from
    page image to stored units is tested on any machine."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stub = bin_dir / "tesseract"
    stub.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        "assert sys.argv[2:] == ['-', '-l', 'fin'], sys.argv\n"
        "print('Työpaketti 1: Hankehallinto')\n"
        "print('Kustannusarvio: 15 000 euroa')\n",
        encoding="utf-8",
    )
    stub.chmod(0o755)
    with _ingest_scan(tmp_path, str(bin_dir)) as conn:
        assert conn.execute("select status, error, ocr from documents").fetchone() == ("ok", None, 1)
        assert conn.execute("select value_eur from amounts").fetchall() == [(15000.0,)]
        assert conn.execute("select kind, number from work_packages").fetchall() == [("työpaketti", "1")]


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_real_tesseract_reads_a_scan(tmp_path):
    with _ingest_scan(tmp_path, os.environ["PATH"]) as conn:
        assert conn.execute("select status, error, ocr from documents").fetchone() == ("ok", None, 1)
        assert conn.execute("select value_eur from amounts").fetchall() == [(15000.0,)]
