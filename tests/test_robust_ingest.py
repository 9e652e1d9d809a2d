"""Re-runs that never lose a good extraction, rules that stop a batch before it
starts, limits that fail one document and spare the batch, schema upgrades."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from extract import pipeline, rules
from extract.cli import cli
from extract.limits import Limits
from extract.store import SCHEMA_VERSION, open_db

from .conftest import CORPUS, ROOT, append_to_rules

PLAN = "Työpaketti 1: Hankehallinto\nKustannusarvio: 15 000 €\nAikataulu: 1/2024-12/2025\n"


def run(*args, env=None):
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def table(db_path, sql):
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


pytestmark = pytest.mark.usefixtures("default_rules")  # each test starts and ends with the default rules


# --- rules ---------------------------------------------------------------


def test_rules_check_passes_on_the_default_rules():
    result = run("rules", "check")
    assert result.exit_code == 0, result.output
    assert f"{len(rules.RULE_FILES)} rule files valid" in result.output and "examples pass" in result.output


def test_a_typo_in_a_nested_key_names_file_line_and_key(rules_copy):
    money = rules_copy / "money.toml"
    text = money.read_text(encoding="utf-8")
    assert text.count('words = ["noin"') == 1
    money.write_text(text.replace('words = ["noin"', 'wrods = ["noin"'), encoding="utf-8")
    line = next(n for n, ln in enumerate(text.splitlines(), start=1) if ln.startswith('words = ["noin"'))
    result = run("rules", "check", str(rules_copy))
    assert result.exit_code == 1
    assert f"money.toml:{line}: approximate.wrods: unknown key 'wrods'" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_bad_pattern_in_an_array_of_tables_is_found(rules_copy):
    periods = rules_copy / "periods.toml"
    periods.write_text(periods.read_text(encoding="utf-8").replace("(?P<q>[1-4])", "(?P<q>[1-4]"), encoding="utf-8")
    result = run("rules", "check", str(rules_copy))
    assert result.exit_code == 1 and "periods.toml:" in result.output and "bad pattern" in result.output


def test_a_wrong_type_is_an_error(rules_copy):
    checks = rules_copy / "checks.toml"
    checks.write_text(checks.read_text(encoding="utf-8").replace("rounding_eur = 2.0", 'rounding_eur = "kaksi"'),
                      encoding="utf-8")
    result = run("rules", "check", str(rules_copy))
    assert result.exit_code == 1 and "arithmetic.rounding_eur: should be a number" in result.output


def test_a_failing_example_fails_the_check(rules_copy):
    examples = rules_copy / "examples" / "money.toml"
    examples.write_text(examples.read_text(encoding="utf-8")
                        + '\n[[example]]\ntext = "Hinta on 5 000 €."\nexpect = [{ value = 6000 }]\n', encoding="utf-8")
    result = run("rules", "check", str(rules_copy))
    assert result.exit_code == 1
    assert "Hinta on 5 000 €." in result.output and "value: expected 6000" in result.output


def test_a_rule_typo_stops_ingest_before_any_document_is_touched(tmp_path, rules_copy, db_path):
    assert run("ingest", str(CORPUS), "--db", db_path).exit_code == 0
    before = table(db_path, "select id, extractor_version, ingested_at from documents order by id")
    headings = rules_copy / "headings.toml"
    headings.write_text(headings.read_text(encoding="utf-8").replace("max_heading_chars", "max_heading_chrs"),
                        encoding="utf-8")
    result = run("ingest", str(CORPUS), "--db", db_path, "--rules", str(rules_copy))
    assert result.exit_code == 1
    assert "headings.toml:" in result.output and "max_heading_chrs" in result.output
    assert table(db_path, "select id, extractor_version, ingested_at from documents order by id") == before


def test_changed_rules_re_extract_with_the_new_rules(tmp_path, rules_copy, db_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("Työpaketti 1: Eka\nKustannusarvio: 15 000 smurffia\n", encoding="utf-8")
    run("ingest", str(plan), "--db", db_path)
    assert table(db_path, "select value_eur from amounts") == []
    money = rules_copy / "money.toml"
    money.write_text(money.read_text(encoding="utf-8").replace('words = ["€",', 'words = ["smurffia", "€",'),
                     encoding="utf-8")
    result = run("ingest", str(plan), "--db", db_path, "--rules", str(rules_copy))
    assert "1 ingested" in result.output
    assert table(db_path, "select value_eur from amounts") == [(15000.0,)]


# --- re-extraction -------------------------------------------------------


def test_the_version_is_a_fingerprint_of_code_and_rules(monkeypatch):
    version = pipeline.extractor_version()
    assert f"+code.{pipeline.code_fingerprint()}+rules.{rules.rules_hash()}" in version
    monkeypatch.setattr(pipeline, "code_fingerprint", lambda: "0123456789ab")
    assert pipeline.extractor_version() != version


def test_a_code_change_re_extracts(tmp_path, db_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    db = open_db(db_path)
    first = pipeline.ingest_file(db, str(plan), version="0.1.0+code.aaaa+rules.bbbb")
    same = pipeline.ingest_file(db, str(plan), version="0.1.0+code.aaaa+rules.bbbb")
    changed = pipeline.ingest_file(db, str(plan), version="0.1.0+code.cccc+rules.bbbb")
    assert (first.status, same.status, changed.status) == ("ok", "unchanged", "ok")


def test_force_re_extracts_an_unchanged_document(tmp_path, db_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    run("ingest", str(plan), "--db", db_path, "--jobs", "0")
    assert "1 unchanged" in run("ingest", str(plan), "--db", db_path, "--jobs", "0").output
    assert "1 ingested" in run("ingest", str(plan), "--db", db_path, "--jobs", "0", "--force").output


def test_a_failed_document_is_retried_on_the_next_run(tmp_path, db_path, monkeypatch):
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    db = open_db(db_path)
    real = pipeline.assemble
    monkeypatch.setattr(pipeline, "assemble", lambda doc: 1 / 0)
    assert pipeline.ingest_file(db, str(plan)).status == "failed"
    monkeypatch.setattr(pipeline, "assemble", real)
    assert pipeline.ingest_file(db, str(plan)).status == "ok"
    assert table(db_path, "select status, error from documents") == [("ok", None)]


def test_a_failed_re_extraction_keeps_the_good_rows(tmp_path, db_path, monkeypatch):
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    db = open_db(db_path)
    pipeline.ingest_file(db, str(plan), version="old")
    good = table(db_path, "select number, cost_eur from work_packages")
    assert good == [("1", 15000.0)]
    monkeypatch.setattr(pipeline, "assemble", lambda doc: 1 / 0)
    outcome = pipeline.ingest_file(db, str(plan), version="new")
    assert (outcome.status, outcome.kept) == ("failed", True)
    assert table(db_path, "select number, cost_eur from work_packages") == good
    [(status, version, latest)] = table(db_path, "select status, extractor_version, latest_error from documents")
    assert (status, version) == ("ok", "old")
    assert "internal error in hanke-extract" in latest and "ZeroDivisionError" in latest
    # the next run tries again, and a success clears the error
    monkeypatch.undo()
    assert pipeline.ingest_file(db, str(plan), version="new").status == "ok"
    assert table(db_path, "select extractor_version, latest_error from documents") == [("new", None)]


def test_a_changed_file_that_fails_keeps_the_good_extraction_of_its_path(tmp_path, db_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    db = open_db(db_path)
    pipeline.ingest_file(db, str(plan))
    plan.write_bytes(b"\x00\x01 rikki")
    outcome = pipeline.ingest_file(db, str(plan))
    assert (outcome.status, outcome.kept) == ("failed", True)
    rows = table(db_path, "select status, latest_error from documents order by status desc")
    assert rows[0][0] == "ok" and "the file changed and its new content failed: binary data" in rows[0][1]
    assert rows[1] == ("failed", None)
    assert table(db_path, "select cost_eur from work_packages") == [(15000.0,)]


# --- our own errors ------------------------------------------------------


def test_an_internal_error_is_ours_and_its_traceback_goes_to_the_log(tmp_path, db_path, monkeypatch):
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    log = tmp_path / "extract.log"

    def broken(doc):
        raise KeyError("bug in assemble")

    monkeypatch.setattr(pipeline, "assemble", broken)
    result = run("--log", str(log), "ingest", str(plan), "--db", db_path, "--jobs", "0")
    assert result.exit_code == 0
    assert "internal error in hanke-extract, not a fault of the file" in result.output
    assert "Traceback" not in result.output
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "bug in assemble" in text and "def broken" not in text


def test_a_layout_bug_in_the_pdf_reader_is_not_a_broken_pdf(monkeypatch):
    from extract.readers import pdf

    from .conftest import RENDERED

    def broken(content):
        raise IndexError("layout bug")

    monkeypatch.setattr(pdf, "_page_lines", broken)
    data = (RENDERED / "004_72151800bfc5fa4a.pdf").read_bytes()
    _plan, record = pipeline.process("plan.pdf", data)
    assert record.status == "failed"
    assert record.error.startswith("internal error in hanke-extract") and "broken PDF" not in record.error


# --- limits --------------------------------------------------------------


def test_a_document_over_the_time_limit_fails_alone(tmp_path, db_path, monkeypatch):
    slow, quick = tmp_path / "hidas.txt", tmp_path / "nopea.txt"
    slow.write_text(PLAN + "hidas\n", encoding="utf-8")
    quick.write_text(PLAN + "nopea\n", encoding="utf-8")
    pipeline.process("lämmittely.txt", PLAN.encode())  # spaCy loads once, outside the limit
    real = pipeline.assemble

    def assemble(doc):
        while "hidas" in doc.path:
            pass  # a reader stuck in a loop
        return real(doc)

    monkeypatch.setattr(pipeline, "assemble", assemble)
    db = open_db(db_path)
    batch = pipeline.Batch("v", jobs=0, limits=Limits(timeout_s=0.5))
    outcomes = list(pipeline.ingest_batch(db, [str(slow), str(quick)], batch))
    assert [o.status for o in outcomes] == ["failed", "ok"]
    assert "took over 0.5 s, the time limit per document" in outcomes[0].error


def test_a_rule_pattern_that_backtracks_for_ever_costs_one_document(tmp_path, db_path, rules_copy):
    """A reviewer's pattern with overlapping repeats ("(?:x|xx)+y") backtracks for
    longer than the universe on a line of x's: the document's time limit stops
    it inside the regex engine, the document fails alone and the next is stored."""
    append_to_rules(rules_copy, "periods", '[[pattern]]\nid = "runaway"\nprecision = "year"\nregex = \'(?:x|xx)+y(?P<y1>2020)\'')
    rules.use_rules(rules_copy)
    slow, quick = tmp_path / "hidas.txt", tmp_path / "nopea.txt"
    slow.write_text(PLAN + "vuonna 2020 " + "x" * 40 + "\n", encoding="utf-8")
    quick.write_text(PLAN + "nopea\n", encoding="utf-8")
    pipeline.process("lämmittely.txt", PLAN.encode())  # spaCy loads once, outside the limit
    batch = pipeline.Batch("v", jobs=0, limits=Limits(timeout_s=1.0))
    outcomes = list(pipeline.ingest_batch(open_db(db_path), [str(slow), str(quick)], batch))
    assert [o.status for o in outcomes] == ["failed", "ok"]
    assert "took over 1 s, the time limit per document" in outcomes[0].error


def test_a_worker_stuck_in_code_the_alarm_cannot_stop_is_killed(tmp_path, db_path):
    """A worker that ignores its alarm (stuck in C code) is killed by the
    parent; the file fails, the other files of the batch are stored."""
    from extract import workers

    stuck = tmp_path / "jumissa.txt"
    stuck.write_text(PLAN, encoding="utf-8")
    pool = workers.Pool(1, Limits(timeout_s=0.2), work=_hang, local=None, failed=lambda p, why: why)
    original = workers.GRACE_S
    workers.GRACE_S = 1.0
    try:
        handle = pool.submit(str(stuck), b"")
        assert "took over 0.2 s" in pool.result(str(stuck), handle)
        handle = pool.submit(str(stuck) + "-ok", b"")
        assert pool.result(str(stuck) + "-ok", handle) == "done"
    finally:
        workers.GRACE_S = original
        pool.shutdown()


def _hang(path: str):
    import signal
    import time

    if path.endswith("-ok"):
        return "done"
    signal.signal(signal.SIGALRM, signal.SIG_IGN)
    time.sleep(60)


def test_a_document_over_the_memory_limit_fails_alone(tmp_path, db_path):
    """A worker caps its address space: a document whose reading needs more
    fails with the limit named."""
    from extract import workers

    pool = workers.Pool(1, Limits(memory_mib=1024), work=_allocate, local=None, failed=lambda p, why: why)
    try:
        assert pool.result("big", pool.submit("big", b"")) == "MemoryError"
        assert pool.result("small", pool.submit("small", b"")) == "fine"
    finally:
        pool.shutdown()


def _allocate(path: str):
    try:
        data = bytearray(3 * 1024**3) if path == "big" else bytearray(10)
    except MemoryError:
        return "MemoryError"
    return "fine" if len(data) == 10 else "allocated"


def test_page_and_size_limits_are_configurable(tmp_path, db_path):
    from .hostile import _text_pdf

    book = tmp_path / "talousarvio.pdf"
    book.write_bytes(_text_pdf(30))
    result = run("ingest", str(book), "--db", db_path, "--max-pages", "20", "--jobs", "0")
    assert "the PDF has 30 pages, over the 20-page limit" in result.output
    big = tmp_path / "iso.txt"
    big.write_text(PLAN * 40000, encoding="utf-8")  # about 2 MiB
    result = run("ingest", str(big), "--db", db_path, "--max-mib", "1", "--jobs", "0")
    assert "over the 1 MiB limit (--max-mib)" in result.output


# --- schema --------------------------------------------------------------


def test_an_older_database_is_upgraded_not_broken(tmp_path):
    """A database as the first release wrote it (no user_version, documents
    without the newer columns) is upgraded in place; its rows survive."""
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table documents (id TEXT PRIMARY KEY, path TEXT, filename TEXT, format TEXT, title TEXT, "
                     "pages INTEGER, status TEXT, error TEXT, warnings TEXT, ocr INTEGER, project_start TEXT, "
                     "project_end TEXT, size_bytes INTEGER, ingested_at TEXT, extractor_version TEXT)")
        conn.execute("insert into documents (id, path, filename, status, extractor_version) "
                     "values ('abc', 'vanha.txt', 'vanha.txt', 'ok', '0.1.0+rules.x')")
    db = open_db(str(path))
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert {"path_bytes", "latest_error"} <= {c.name for c in db["documents"].columns}
    assert "work_packages" in db.table_names()
    assert db.execute("select id, path, status from documents").fetchall() == [("abc", "vanha.txt", "ok")]
    assert db.execute("PRAGMA foreign_keys").fetchone() == (1,)


def test_a_schema_4_database_loses_its_insert_triggers_and_keeps_its_search(tmp_path):
    """Up to schema 4, triggers indexed every inserted row; now the store
    indexes each document's rows itself. An upgraded database must not index
    them twice, and what it held stays searchable."""
    path = str(tmp_path / "v4.db")
    db = open_db(path)
    run("ingest", str(CORPUS / "000_f8ae5a0080d48314.txt"), "--db", path, "--jobs", "0")
    for index in ("lines", "work_packages"):  # as schema 4 had them
        db.execute(f"CREATE TRIGGER [{index}_fts_ai] AFTER INSERT ON [{index}] BEGIN SELECT 1; END")
    db.execute("PRAGMA user_version = 4")
    db.conn.close()

    db = open_db(path)
    assert db.execute("select name from sqlite_master where name like '%_fts_ai'").fetchall() == []
    run("ingest", str(CORPUS / "004_72151800bfc5fa4a.txt"), "--db", path, "--jobs", "0")
    db.execute("insert into lines_fts(lines_fts) values ('integrity-check')")
    db.execute("insert into work_packages_fts(work_packages_fts) values ('integrity-check')")
    by_document = db.execute("select l.document_id, count(*) from lines_fts join lines l on l.id = lines_fts.rowid "
                             "where lines_fts match 'hank*' group by l.document_id").fetchall()
    assert len(by_document) == 2


def test_a_database_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "newer.db"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    result = run("ingest", str(CORPUS), "--db", str(path))
    assert result.exit_code == 1 and "built by a newer hanke-extract" in result.output


def test_foreign_keys_hold_in_a_stored_corpus(db_path):
    run("ingest", str(CORPUS), "--db", db_path)
    assert table(db_path, "PRAGMA foreign_key_check") == []


# --- packaging -----------------------------------------------------------


def test_a_wheel_in_a_clean_venv_runs_the_readme_command_outside_the_checkout(tmp_path):
    """`pip install .` must give a tool that runs: the rules ship inside it."""
    wheels, venv, work = tmp_path / "wheels", tmp_path / "venv", tmp_path / "work"
    pip_quiet = ["-q", "--disable-pip-version-check"]
    subprocess.run([sys.executable, "-m", "pip", "wheel", *pip_quiet, "--no-deps", "-w", str(wheels), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    [wheel] = wheels.glob("hanke_extract-*.whl")
    subprocess.run([str(venv / "bin" / "pip"), "install", *pip_quiet, str(wheel)],
                   check=True, capture_output=True, timeout=600)
    shutil.copytree(CORPUS, work / "corpus")
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run("extract ingest corpus && extract flags && extract rules check", shell=True, cwd=work,
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "4 documents: 4 ingested, 0 unchanged, 0 failed" in done.stderr
    assert f"default_rules: {len(rules.RULE_FILES)} rule files valid" in done.stdout
    assert (work / "plans.db").exists() and not Path(work / "rules").exists()


@pytest.mark.parametrize("name, library, opener", [
    ("000_f8ae5a0080d48314.docx", "docx", "Document"),
    ("000_f8ae5a0080d48314.pdf", "pypdfium2", "PdfDocument"),
])
def test_running_out_of_memory_in_a_reader_names_the_limit_not_a_broken_file(monkeypatch, name, library, opener):
    """The readers turn a library's many exceptions into "broken file"; the
    memory limit must pass through them and be named as the reason."""
    import importlib

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(importlib.import_module(library), opener, exhausted)
    path = ROOT / "tests" / "data" / "rendered" / name
    _plan, record = pipeline.process(str(path), path.read_bytes(), limits=Limits(memory_mib=300))
    assert record.status == "failed"
    assert record.error == "needed over 300 MiB, the memory limit per document (--memory-mib)"
