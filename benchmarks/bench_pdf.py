"""Pages per second and peak memory: plain PDF libraries against our ingest.

    python benchmarks/bench_pdf.py [PDF ...]     # default: tests/data/rendered/*.pdf

Each contender runs in a fresh process on the same pages, so its peak memory
(max RSS) is its own. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def plain_extract_text(paths):
    import pdfplumber

    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()


def plain_extract_tables(paths):
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


def _ingest(paths, jobs):
    from extract.pipeline import extractor_version, ingest_batch
    from extract.store import open_db

    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(str(Path(tmp) / "bench.db"))
        for _outcome in ingest_batch(db, [str(p) for p in paths], extractor_version(), jobs=jobs):
            pass


def our_ingest_one_process(paths):
    _ingest(paths, jobs=0)


def our_ingest_all_cores(paths):
    import os

    _ingest(paths, jobs=os.cpu_count() or 1)


def _child(name, paths, queue):
    start = time.perf_counter()
    globals()[name](paths)
    elapsed = time.perf_counter() - start
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    queue.put((elapsed, peak / 1024))  # the largest process: this one or a worker


def measure(name, paths):
    queue = mp.get_context("spawn").Queue()
    process = mp.get_context("spawn").Process(target=_child, args=(name, paths, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or sorted((ROOT / "tests" / "data" / "rendered").glob("*.pdf"))
    import pypdfium2

    pages = sum(len(pypdfium2.PdfDocument(p)) for p in paths)
    print(f"{len(paths)} PDFs, {pages} pages\n")
    print("| contender | seconds | pages/s | peak MB per process |")
    print("|---|---:|---:|---:|")
    for name in ("plain_extract_text", "plain_extract_tables", "pypdfium2_text", "our_ingest_one_process",
                 "our_ingest_all_cores"):
        seconds, peak = measure(name, paths)
        print(f"| {name.replace('_', ' ')} | {seconds:.2f} | {pages / seconds:.1f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
