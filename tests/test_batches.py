"""Batches at scale: interrupted, run twice at once, merged, scripted; the
same corpus whatever the number of workers."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from .conftest import CORPUS, RENDERED
from .dbcompare import content, per_document_counts


def ingest(*args, db, timeout=300, check=True):
    done = subprocess.run([sys.executable, "-m", "extract", "ingest", *map(str, args), "--db", str(db)],
                          capture_output=True, text=True, timeout=timeout)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def small_plans(folder, count: int, seed: int = 3) -> None:
    """Short plans, each with units, costs and a period of its own."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        units = "\n".join(
            f"Työpaketti {u}: Tehtävä {n}-{u}\nKustannusarvio: {rng.randrange(5, 900) * 1000:,} €\n"
            f"Aikataulu: {rng.randrange(1, 12)}/2025-12/2026\n".replace(",", " ")
            for u in range(1, rng.randrange(2, 6)))
        (folder / f"suunnitelma-{n:03}.txt").write_text(f"Hanke {n}\n\nToteutusaika 1.1.2025–31.12.2026.\n\n{units}",
                                                          encoding="utf-8")


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """A batch of the corpus (text, DOCX, PDF) and small plans, and its clean ingest."""
    root = tmp_path_factory.mktemp("batch")
    folder = root / "batch"
    small_plans(folder / "pienet", 24)
    shutil.copytree(CORPUS, folder / "corpus")
    shutil.copytree(RENDERED, folder / "rendered")
    clean = root / "clean.db"
    ingest(folder, db=clean)
    return folder, clean


def integrity(db) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def test_kill_9_at_any_moment_leaves_whole_documents_and_the_next_run_completes(batch, tmp_path):
    folder, clean = batch
    reference = per_document_counts(clean)
    db = tmp_path / "killed.db"
    rng = random.Random(11)
    started = time.monotonic()
    kills = 0
    while kills < 20 and time.monotonic() - started < 90:
        run = subprocess.Popen([sys.executable, "-m", "extract", "ingest", str(folder), "--db", str(db), "--force"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(0.3, 4.0))
        os.killpg(run.pid, signal.SIGKILL)  # the batch and its workers, as a power cut would
        run.wait()
        kills += 1
        if not db.exists():
            continue
        assert integrity(db) == "ok"
        for doc_id, counts in per_document_counts(db).items():
            assert counts == reference[doc_id], f"document {doc_id[:12]} stored in part after kill {kills}"
    assert kills >= 10
    ingest(folder, db=db)
    assert content(db) == content(clean)


def test_ctrl_c_stops_cleanly_and_says_how_to_continue(batch, tmp_path):
    folder, clean = batch
    db = tmp_path / "interrupted.db"
    run = subprocess.Popen([sys.executable, "-m", "extract", "ingest", str(folder), "--db", str(db)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and run.poll() is None and not _stored(db):
        time.sleep(0.1)  # interrupt once the batch is under way, not while Python starts
    run.send_signal(signal.SIGINT)
    _out, err = run.communicate(timeout=60)
    if run.returncode == 0:
        pytest.skip("the batch finished before the interrupt")
    assert run.returncode == 130 and "Traceback" not in err
    assert "interrupted:" in err and "run the same command again to continue" in err
    assert integrity(db) == "ok"
    ingest(folder, db=db)
    assert content(db) == content(clean)


def _stored(db) -> bool:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("select count(*) from documents").fetchone()[0] > 0
    except sqlite3.Error:
        return False


def test_two_ingests_at_once_with_overlapping_files_lose_and_duplicate_nothing(batch, tmp_path):
    folder, clean = batch
    db = tmp_path / "shared.db"
    first = [folder / "corpus", folder / "pienet", folder / "rendered" / "000_f8ae5a0080d48314.pdf"]
    second = [folder / "rendered", folder / "corpus" / "002_e93039f89c2ced21.txt"]
    runs = [subprocess.Popen([sys.executable, "-m", "extract", "ingest", *map(str, paths), "--db", str(db)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for paths in (first, second)]
    for run in runs:
        _out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    assert integrity(db) == "ok"
    assert content(db) == content(clean)


def test_merge_of_two_shards_equals_one_ingest_of_the_union(batch, tmp_path):
    folder, clean = batch
    one, two, merged = tmp_path / "one.db", tmp_path / "two.db", tmp_path / "merged.db"
    ingest(folder / "corpus", folder / "pienet", db=one)
    ingest(folder / "rendered", folder / "corpus" / "002_e93039f89c2ced21.txt", db=two)  # 002 in both
    done = subprocess.run([sys.executable, "-m", "extract", "merge", str(one), str(two), "-o", str(merged)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "documents added" in done.stderr and "1 replaced by a newer extraction" in done.stderr
    assert content(merged) == content(clean)
    with sqlite3.connect(merged) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_merge_keeps_the_newer_extraction(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("Työpaketti 1: Eka\nKustannusarvio: 10 000 €\n", encoding="utf-8")
    old, new, out = tmp_path / "old.db", tmp_path / "new.db", tmp_path / "out.db"
    ingest(plan, db=old)
    ingest(plan, db=new)
    with sqlite3.connect(new) as conn:
        conn.execute("update documents set extractor_version = 'uusin', ingested_at = '2999-01-01T00:00:00+00:00'")
    subprocess.run([sys.executable, "-m", "extract", "merge", str(new), str(old), "-o", str(out)], check=True,
                   capture_output=True, timeout=120)
    with sqlite3.connect(out) as conn:
        assert conn.execute("select extractor_version from documents").fetchall() == [("uusin",)]
        assert conn.execute("select count(*) from work_packages").fetchone() == (1,)


def test_two_workers_store_exactly_what_one_stores(batch, tmp_path):
    folder, _clean = batch
    one, two = tmp_path / "jobs1.db", tmp_path / "jobs2.db"
    ingest(folder, "--jobs", "1", db=one)
    ingest(folder, "--jobs", "2", db=two)
    assert content(one) == content(two)


def test_report_dry_run_fail_on_and_forget(batch, tmp_path):
    folder, _clean = batch
    db, report = tmp_path / "scripted.db", tmp_path / "report.json"
    broken = tmp_path / "extra" / "rikki.pdf"
    broken.parent.mkdir()
    broken.write_bytes(b"%PDF-1.4 ei oikea")
    empty = broken.parent / "tyhjä.txt"
    empty.write_bytes(b"")
    dry = ingest(folder / "corpus", broken, empty, "--dry-run", db=db)
    assert dry.stdout.count("new\t") == 5 and "fail: the file is empty\t" in dry.stdout and not db.exists()

    done = ingest(folder / "corpus", broken, "--report", report, "--fail-on", "failed", db=db, check=False)
    assert done.returncode == 3
    entries = {e["path"].rsplit("/", 1)[-1]: e for e in json.loads(report.read_text(encoding="utf-8"))["documents"]}
    kainuu = entries["000_f8ae5a0080d48314.txt"]
    assert kainuu["status"] == "ok" and kainuu["pages"] == 1 and kainuu["seconds"] > 0
    assert kainuu["counts"]["work_packages"] == 8 and set(kainuu["flags"]) == {"error", "warning", "info"}
    assert entries["rikki.pdf"]["status"] == "failed" and "PDF" in entries["rikki.pdf"]["error"]

    again = ingest(folder / "corpus", "--dry-run", db=db)
    assert again.stdout.count("unchanged\t") == 4
    assert ingest(folder / "corpus", "--fail-on", "failed", db=db, check=False).returncode == 0

    gone = subprocess.run([sys.executable, "-m", "extract", "forget", str(broken.parent), "--db", str(db)],
                          capture_output=True, text=True, timeout=60)
    assert gone.returncode == 0 and "1 documents forgotten" in gone.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*), sum(status = 'ok') from documents").fetchone() == (4, 4)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
