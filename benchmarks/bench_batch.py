"""The cost of a large batch, before someone runs one on ten thousand files.

    python benchmarks/bench_batch.py [--files 1000] [--jobs 1 2] [--keep DIR]

Generates a batch (benchmarks/plangen.py: text, DOCX and PDF mixed, 5–80
pages, varied structures, 5 % hostile), then runs ``extract ingest`` on it
once per ``--jobs`` value into a fresh database, and reports for each: pages
per second, the speed-up over one worker, peak memory (RSS) of the main
process and of the busiest worker, database size per page, and seconds per
page by document size (flat when time grows linearly with pages). Every file
must be accounted for (stored ok, or failed with a reason). Not a test:
numbers depend on the machine and on what else it is doing.
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections import Counter
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from plangen import generate  # noqa: E402


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (Linux /proc)."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.append(int(entry.name))
    return children + [d for c in children for d in descendants(c)]


def high_water(pid: int) -> int:
    """Peak resident memory of a process so far (kB), 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_ingest(folder: Path, db: Path, jobs: int, report: Path) -> dict:
    command = [sys.executable, "-m", "extract", "ingest", str(folder), "--db", str(db), "--jobs", str(jobs),
               "--report", str(report)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peaks: dict[int, int] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for pid in [process.pid, *descendants(process.pid)]:
                peaks[pid] = max(peaks.get(pid, 0), high_water(pid))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _out, err = process.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"ingest failed: {err[-2000:]}")
    workers = [kb for pid, kb in peaks.items() if pid != process.pid]
    return {"seconds": seconds, "main_mb": peaks.get(process.pid, 0) / 1024,
            "worker_mb": max(workers, default=0) / 1024, "summary": err.strip().splitlines()[-3:]}


def by_size(report: Path, pages_of: dict[str, int]) -> dict[str, float]:
    """Seconds per page for small, middle and large documents."""
    buckets: dict[str, list[float]] = {"5–29 pages": [], "30–54 pages": [], "55–80 pages": []}
    for entry in json.loads(report.read_text(encoding="utf-8"))["documents"]:
        pages = pages_of.get(Path(entry["path"]).name, 0)
        if entry["status"] != "ok" or not pages or not entry["seconds"]:
            continue
        key = "5–29 pages" if pages < 30 else "30–54 pages" if pages < 55 else "55–80 pages"
        buckets[key].append(entry["seconds"] / pages)
    return {k: statistics.median(v) * 1000 for k, v in buckets.items() if v}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--keep", type=Path, help="generate into (and keep) this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp) / "batch"
        started = time.perf_counter()
        made = generate(folder, args.files)
        pages = sum(g.pages for g in made)
        pages_of = {g.path.name: g.pages for g in made}
        print(f"generated {len(made)} files ({sum(g.hostile for g in made)} hostile), {pages} pages "
              f"in {time.perf_counter() - started:.0f} s", flush=True)
        results = {}
        for jobs in args.jobs:
            db, report = Path(tmp) / f"jobs{jobs}.db", Path(tmp) / f"jobs{jobs}.json"
            result = run_ingest(folder, db, jobs, report)
            entries = json.loads(report.read_text(encoding="utf-8"))["documents"]
            statuses = dict(Counter(e["status"] for e in entries))
            assert len(entries) == len(made), f"{len(entries)} of {len(made)} files accounted for"
            # every plan is stored; a hostile file fails, or is one already seen
            # (the same bad bytes twice), or happens to be readable text
            hostile = {g.path.name for g in made if g.hostile}
            wrong = [e for e in entries if e["status"] == "failed" and Path(e["path"]).name not in hostile]
            assert not wrong, f"plans that failed: {wrong[:3]}"
            result.update(pages_per_s=pages / result["seconds"], db_kb_per_page=db.stat().st_size / 1024 / pages,
                          per_page_ms=by_size(report, pages_of), statuses=statuses)
            results[jobs] = result
            print(f"--jobs {jobs}: {result['seconds']:.0f} s, {result['pages_per_s']:.1f} pages/s, "
                  f"main {result['main_mb']:.0f} MB, busiest worker {result['worker_mb']:.0f} MB, "
                  f"{result['db_kb_per_page']:.1f} kB of database per page, {statuses}", flush=True)
            print("   ms per page by document size: "
                  + ", ".join(f"{k}: {v:.1f}" for k, v in result["per_page_ms"].items()), flush=True)
        if 1 in results:
            for jobs, result in results.items():
                print(f"--jobs {jobs}: {result['pages_per_s'] / results[1]['pages_per_s']:.2f}× --jobs 1")


if __name__ == "__main__":
    main()
