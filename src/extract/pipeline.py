"""One file through every stage: read → assemble → check → store.

Whatever goes wrong with one file ends as a ``failed`` row with a one-line
reason; the batch goes on. Only ``process`` knows the order of stages.
"""

from __future__ import annotations

import hashlib
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from . import __version__, rules
from .assemble import assemble
from .checks import run_checks
from .plan import Plan
from .readers import FORMATS, ReadError, read, read_bytes
from .store import DocumentRecord, known_document, write_document

# Extensions ingest collects from folders.
COLLECTED = (".txt", ".md", ".pdf", ".docx")
# Files in a folder that describe the folder rather than being plans.
NOT_PLANS = {"readme.md", "readme.txt", "changelog.md"}


def extractor_version(ocr: bool = False) -> str:
    """Package version and rules hash; reading with OCR is another extraction."""
    return f"{__version__}+rules.{rules.rules_hash()}" + ("+ocr" if ocr else "")


def collect(paths: list[str]) -> list[str]:
    """Files named, and plan files found recursively in folders named. A
    folder named like a plan file ("plan.pdf/") is listed too, so it gets a
    failed row rather than vanishing; symbolic links to folders are not
    followed (no loops)."""
    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs.sort()
                plan_like = [d for d in dirs if d.lower().endswith(COLLECTED)]
                for name in sorted(files + plan_like):
                    if name.lower().endswith(COLLECTED) and name.lower() not in NOT_PLANS:
                        found.append(os.path.join(root, name))
        else:
            found.append(path)
    return found


@dataclass
class Outcome:
    path: str
    status: str  # ok | failed | unchanged
    document_id: str
    error: str | None = None


def process(path: str, data: bytes, ocr: bool = False) -> tuple[Plan | None, DocumentRecord]:
    """Read, assemble and check one file's bytes; pure apart from the reader."""
    doc_id = hashlib.sha256(data).hexdigest()
    ext = os.path.splitext(path)[1].lower()
    record = DocumentRecord(doc_id, path, os.path.basename(path), FORMATS.get(ext, ext.lstrip(".") or None),
                            len(data), "ok")
    try:
        doc = read(path, data, ocr=ocr)
        plan = assemble(doc)
        plan.flags = run_checks(plan)
    except ReadError as exc:
        record.status, record.error = "failed", str(exc)
        return None, record
    except rules.RuleError:
        raise
    except Exception as exc:  # noqa: BLE001 - a bad document must never stop the batch
        record.status, record.error = "failed", f"internal error: {type(exc).__name__}: {exc}".splitlines()[0]
        return None, record
    record.pages, record.warnings = doc.pages, doc.warnings
    return plan, record


def process_file(path: str, ocr: bool = False) -> tuple[Plan | None, DocumentRecord]:
    """Read and process one file (in a worker process when ingesting in parallel)."""
    return process(path, read_bytes(path), ocr)


def _triage(db, path: str, version: str, seen: set[str]) -> Outcome | tuple[str, bytes]:
    """What ingest must do with a file: an Outcome when nothing is left to do
    (unreadable: its failed row is written; unchanged), else its document id
    and bytes."""
    try:
        data = read_bytes(path)
        if not data:
            raise ReadError("the file is empty")
    except ReadError as exc:
        # no content to key it by: the row is keyed by the path
        doc_id = hashlib.sha256(f"unreadable:{Path(path).absolute()}".encode()).hexdigest()
        record = DocumentRecord(doc_id, path, os.path.basename(path), None, None, "failed", str(exc))
        write_document(db, record, None, version)
        return Outcome(path, "failed", doc_id, str(exc))
    doc_id = hashlib.sha256(data).hexdigest()
    known = known_document(db, doc_id)
    if doc_id in seen or (known and known["extractor_version"] == version):
        return Outcome(path, "unchanged", doc_id)
    seen.add(doc_id)
    return doc_id, data


def ingest_file(db, path: str, version: str | None = None, ocr: bool = False) -> Outcome:
    """Read, check and store one file, in this process."""
    return next(ingest_batch(db, [path], version or extractor_version(ocr), ocr, jobs=0))


def ingest_batch(db, paths: list[str], version: str, ocr: bool = False, jobs: int = 1) -> Iterator[Outcome]:
    """Ingest files in order, yielding each outcome as it is stored.

    Reading and recognition run in ``jobs`` worker processes (0: in this
    process) while this process writes, so a reader that crashes on a hostile
    file costs that file a failed row, not the batch. A file whose bytes are
    already stored with this extractor version is left as it is.
    """
    seen: set[str] = set()
    pending: deque = deque()  # (path, doc_id or None, future or Outcome)
    pool = _Pool(jobs, ocr)
    try:
        for path in paths:
            triaged = _triage(db, path, version, seen)
            if isinstance(triaged, Outcome):
                pending.append((path, None, triaged))
            else:
                doc_id, data = triaged
                pending.append((path, doc_id, pool.submit(path, data)))
            while len(pending) > max(2 * jobs, 0) or (jobs == 0 and pending):
                yield _store(db, version, pool, *pending.popleft())
        while pending:
            yield _store(db, version, pool, *pending.popleft())
    finally:
        pool.shutdown()


def _store(db, version: str, pool: _Pool, path: str, doc_id: str | None, work) -> Outcome:
    if isinstance(work, Outcome):
        return work
    plan, record = pool.result(path, work)
    write_document(db, record, plan, version)
    return Outcome(path, record.status, doc_id, record.error)


class _Pool:
    """Worker processes, or this process when jobs is 0. A worker that dies
    (a reader crashing on a hostile file) fails that file; the pool is renewed."""

    def __init__(self, jobs: int, ocr: bool) -> None:
        self.jobs, self.ocr = jobs, ocr
        self.executor = ProcessPoolExecutor(jobs) if jobs > 0 else None

    def submit(self, path: str, data: bytes):
        """In this process the bytes already read are used; a worker reads the
        file itself (cheaper than sending the bytes over)."""
        if self.executor is None:
            return data
        return self.executor, self.executor.submit(process_file, path, self.ocr)

    def result(self, path: str, work) -> tuple[Plan | None, DocumentRecord]:
        if self.executor is None:
            return process(path, work, self.ocr)
        executor, future = work
        try:
            return future.result()
        except BrokenProcessPool:
            # a worker died: any file in flight may be the cause, so each one
            # whose work was lost is read again alone, in a fresh process
            if executor is self.executor:
                self.executor.shutdown(cancel_futures=True)
                self.executor = ProcessPoolExecutor(self.jobs)
            return self._alone(path)
        except rules.RuleError:
            raise  # broken rules stop the batch: every document would be wrong
        except Exception as exc:  # a reader error that escaped process(): still one failed file
            return _crashed(path, f"{type(exc).__name__}: {exc}")

    def _alone(self, path: str) -> tuple[Plan | None, DocumentRecord]:
        with ProcessPoolExecutor(1) as alone:
            try:
                return alone.submit(process_file, path, self.ocr).result()
            except BrokenProcessPool:
                return _crashed(path)

    def shutdown(self) -> None:
        if self.executor is not None:
            self.executor.shutdown()


def _crashed(path: str, why: str = "the reader process crashed on this file") -> tuple[None, DocumentRecord]:
    try:
        data = read_bytes(path)
    except ReadError:
        data = b""
    record = DocumentRecord(hashlib.sha256(data).hexdigest(), path, os.path.basename(path),
                            FORMATS.get(os.path.splitext(path)[1].lower()), len(data), "failed", why.splitlines()[0])
    return None, record
