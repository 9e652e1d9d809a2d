"""Speed and peak memory: plain libraries against our ingest, per input format.

    python benchmarks/bench_pdf.py [--repeat N] [--text-repeat M] [--formats pdf,docx,txt]

Three batches of the same plans: the bundled corpus once (its text
exports, and the DOCX and PDF renderings in tests/data/rendered/), the
corpus repeated N times (default 8) so that start-up (Python, spaCy, SQLite)
does not dominate, and the text exports alone repeated M times (default
128: 512 plans, 44 MB, a funding round's worth): they are quick, so that
batch can be larger (its × column compares with ``extract_text`` on the
N-times batch). Every copy has bytes of its own
(a comment appended after the PDF's end, the DOCX archive's end, the text's
last line), so ingest reads each one rather than skipping it as unchanged.

Each contender runs in a fresh process on the same files; the time includes
its imports. Pages are the PDF renderings' pages, so a DOCX or text row
reads the same documents as the PDF rows; "× text" divides a row's pages/s
by pdfplumber ``extract_text``'s on the same PDFs in the same run. Peak
memory is the largest process: the contender's or one of its workers. CPU
seconds (the process and its workers) show what a busy machine hides.
Under each table, the start-up of one ingest process (imports, rules, spaCy,
the database: one plan of two lines ingested) and the text exports' rate
once it is paid. Last, generated text plans of 80 to 1 280 pages, one at a
time, with the usual few units and with hundreds of units: the rate must
not fall as a plan grows. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


# --- contenders (each runs in a fresh process) -----------------------------------


def pdfplumber_extract_text(paths):
    import pdfplumber

    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()


def pdfplumber_extract_tables(paths):
    import pdfplumber

    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                page.close()


def pypdfium2_text(paths):
    import pypdfium2

    for path in paths:
        pdf = pypdfium2.PdfDocument(path)
        for page in pdf:
            page.get_textpage().get_text_range()
        pdf.close()


def python_docx_text(paths):
    import docx

    for path in paths:
        document = docx.Document(path)
        for paragraph in document.paragraphs:
            paragraph.text
        for table in document.tables:
            for row in table.rows:
                for cell in row.cells:
                    cell.text


def read_text_files(paths):
    for path in paths:
        Path(path).read_bytes().decode("utf-8")


def _ingest(paths, jobs):
    from extract.pipeline import Batch, extractor_version, ingest_batch
    from extract.store import open_db

    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(str(Path(tmp) / "bench.db"))
        for outcome in ingest_batch(db, [str(p) for p in paths], Batch(extractor_version(), jobs=jobs)):
            assert outcome.status == "ok", (outcome.path, outcome.status, outcome.error)


def ingest_one_process(paths):
    _ingest(paths, jobs=0)


def ingest_all_cores(paths):
    _ingest(paths, jobs=os.cpu_count() or 1)


CONTENDERS = {
    "pdf": ["pdfplumber_extract_text", "pdfplumber_extract_tables", "pypdfium2_text", "ingest_one_process",
            "ingest_all_cores"],
    "docx": ["python_docx_text", "ingest_one_process", "ingest_all_cores"],
    "txt": ["read_text_files", "ingest_one_process", "ingest_all_cores"],
}
LABELS = {
    "pdfplumber_extract_text": "pdfplumber `extract_text`",
    "pdfplumber_extract_tables": "pdfplumber `extract_tables`",
    "pypdfium2_text": "pypdfium2 text only",
    "python_docx_text": "python-docx paragraph and cell text only",
    "read_text_files": "read and decode only",
    "ingest_one_process": "**our full ingest**, one process",
    "ingest_all_cores": "**our full ingest**, a worker per core",
}


def _cpu() -> float:
    """CPU seconds of this process and its finished workers."""
    return sum(u.ru_utime + u.ru_stime for u in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))


def _child(name, paths, queue):
    start, cpu = time.perf_counter(), _cpu()
    globals()[name](paths)
    elapsed, cpu = time.perf_counter() - start, _cpu() - cpu
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    queue.put((elapsed, cpu, peak / 1024))


def measure(name, paths):
    context = mp.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(name, paths, queue))
    process.start()
    process.join()
    if process.exitcode != 0:
        raise SystemExit(f"{name} failed (exit {process.exitcode})")
    return queue.get()


# --- batches ---------------------------------------------------------------------

SOURCES = {
    "pdf": sorted((ROOT / "tests" / "data" / "rendered").glob("*.pdf")),
    "docx": sorted((ROOT / "tests" / "data" / "rendered").glob("*.docx")),
    "txt": sorted((ROOT / "corpus").glob("0*.txt")),
}


def _copy_bytes(data: bytes, fmt: str, copy: int) -> bytes:
    """The same document with bytes of its own (content unchanged)."""
    if copy == 0:
        return data
    if fmt == "txt":
        return data + b"\n" * copy
    return data + f"\n% copy {copy}\n".encode()  # after the PDF's %%EOF / the ZIP's end record: ignored


def make_batch(folder: Path, repeat: int, formats=tuple(SOURCES)) -> dict[str, list[Path]]:
    batch = {}
    for fmt, sources in SOURCES.items():
        if fmt not in formats:
            continue
        batch[fmt] = []
        for copy in range(repeat):
            for source in sources:
                target = folder / f"{source.stem}.{copy}.{fmt}"
                target.write_bytes(_copy_bytes(source.read_bytes(), fmt, copy))
                batch[fmt].append(target)
    return batch


def pdf_pages(paths) -> int:
    import pypdfium2

    total = 0
    for path in paths:
        pdf = pypdfium2.PdfDocument(str(path))
        total += len(pdf)
        pdf.close()
    return total


TINY_PLAN = "Työpaketti 1: Hallinto\nKustannusarvio: 10 000 €\n"


def startup(folder: Path) -> tuple[float, float, float]:
    """Seconds (wall, CPU) and peak MB of an ingest process that reads one
    plan of two lines: what every ingest pays before its first document."""
    tiny = folder / "tiny-plan.txt"
    tiny.write_text(TINY_PLAN, encoding="utf-8")
    return measure("ingest_one_process", [tiny])


TABLE_HEAD = ("| format | contender | seconds | CPU s | pages/s | MB/s | × pdfplumber `extract_text` | peak MB per process |\n"
              "|---|---|---:|---:|---:|---:|---:|---:|")


def run_batch(title: str, batch: dict[str, list[Path]], folder: Path, formats: list[str],
              baseline: float | None = None) -> float | None:
    """Print one table; returns pdfplumber ``extract_text``'s pages/s (the
    baseline of the × column), or the baseline given when the batch has no PDF rows."""
    pages = pdf_pages(batch["pdf"])
    print(f"\n### {title}: {len(batch['pdf'])} plans, {pages} PDF pages\n")
    print(TABLE_HEAD)
    text_ingest = None
    for fmt, names in CONTENDERS.items():
        if fmt not in formats:
            continue
        megabytes = sum(p.stat().st_size for p in batch[fmt]) / 1e6
        for name in names:
            seconds, cpu, peak = measure(name, batch[fmt])
            rate = pages / seconds
            if name == "pdfplumber_extract_text":
                baseline = rate
            times = f"{rate / baseline:.1f}×" if baseline else "–"
            print(f"| {fmt} | {LABELS[name]} | {seconds:.2f} | {cpu:.2f} | {rate:.1f} | {megabytes / seconds:.2f} | "
                  f"{times} | {peak:.0f} |", flush=True)
            if fmt == "txt" and name == "ingest_one_process":
                text_ingest = (seconds, cpu, megabytes)
    _print_startup(folder, text_ingest)
    return baseline


def _print_startup(folder: Path, text_ingest: tuple[float, float, float] | None) -> None:
    seconds, cpu, peak = startup(folder)
    print(f"\nStart-up of one ingest process (a plan of two lines): {seconds:.2f} s, {cpu:.2f} CPU s, {peak:.0f} MB.")
    total, total_cpu, megabytes = text_ingest or (0, 0, 0)
    if total > seconds and total_cpu > cpu:
        print(f"Text exports once it is paid: {megabytes / (total - seconds):.2f} MB/s "
              f"({megabytes / (total_cpu - cpu):.2f} MB/s of CPU).", flush=True)


def run_text_batch(repeat: int, folder: Path, baseline: float | None) -> None:
    """Text exports alone in a batch large enough that start-up is a small
    share: the rows are fast, so the batch can be larger than one the PDF
    baseline must read. × compares with ``extract_text``'s pages/s above."""
    batch = make_batch(folder, repeat, formats=("txt", "pdf"))
    run_batch(f"Text exports, the corpus {repeat} times", {"pdf": batch["pdf"], "txt": batch["txt"]}, folder,
              ["txt"], baseline)


# (pages, sections, units in each): the generator's usual 1–4 sections of 2–5
# units, then plans of many units (a national programme's measures)
LONG_PLANS = ((80, None, None), (320, None, None), (1280, None, None), (320, 1, 400), (1280, 1, 1600))


def _ingest_long(path: str, queue) -> None:
    """One long plan in this (fresh) process, once start-up is paid: CPU
    seconds, and the units found (a plan read wrong would be quick)."""
    from extract.pipeline import process

    process("warm-up.txt", TINY_PLAN.encode())
    data = Path(path).read_bytes()
    started = time.process_time()
    rows, record = process(path, data, as_rows=True)
    assert record.status == "ok", record.error
    queue.put((time.process_time() - started, len(rows.tables["work_packages"].rows)))


def run_long_plans(folder: Path) -> None:
    """Generated text plans of growing length, one at a time: a step whose
    work grows faster than the document shows as a falling MB/s."""
    import random

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from plangen import plan_lines, write_text

    print("\n### Long plans (generated text, one plan a process, start-up not counted)\n")
    print("| pages | units found | MB | CPU s | MB/s |\n|---:|---:|---:|---:|---:|")
    for pages, sections, units in LONG_PLANS:
        path = folder / f"long-{pages}-{sections}.txt"
        write_text(path, plan_lines(random.Random(pages), pages, sections, units))
        context = mp.get_context("spawn")
        queue = context.Queue()
        child = context.Process(target=_ingest_long, args=(str(path), queue))
        child.start()
        seconds, count = queue.get()
        child.join()
        megabytes = path.stat().st_size / 1e6
        print(f"| {pages} | {count} | {megabytes:.1f} | {seconds:.2f} | {megabytes / seconds:.2f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=8, help="copies of the corpus in the larger batch")
    parser.add_argument("--text-repeat", type=int, default=128,
                        help="copies of the corpus in a batch of text exports alone (0: none)")
    parser.add_argument("--formats", default="pdf,docx,txt",
                        help="comma-separated formats to run (without pdf there is no × column)")
    args = parser.parse_args()
    formats = args.formats.split(",")
    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} cores, load average {load:.1f} at the start; Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        once, repeated, text = Path(tmp) / "once", Path(tmp) / "repeated", Path(tmp) / "text"
        for folder in (once, repeated, text):
            folder.mkdir()
        run_batch("The corpus once", make_batch(once, 1), once, formats)
        baseline = run_batch(f"The corpus {args.repeat} times", make_batch(repeated, args.repeat), repeated, formats)
        if args.text_repeat and "txt" in formats:
            run_text_batch(args.text_repeat, text, baseline)
        if "txt" in formats:
            run_long_plans(text)


if __name__ == "__main__":
    main()
