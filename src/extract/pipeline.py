"""One file through every stage: read → assemble → check → store.

Whatever goes wrong with one file ends as a ``failed`` row with a one-line
reason; the batch goes on. A failure never replaces a good extraction: the
store keeps the earlier rows and records the failure beside them. Only
``process`` knows the order of stages.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
import traceback
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

from . import __version__, rules
from .assemble import assemble
from .checks import run_checks
from .files import collect, display_path  # noqa: F401 - collect is part of this module's interface
from .limits import DEFAULT, Limits
from .plan import Plan
from .readers import FORMATS, ReadError, read, read_bytes
from .rows import PlanRows, plan_rows
from .store import DocumentRecord, known_document, write_document
from .workers import DocumentTimeout, Pool, time_limit

log = logging.getLogger(__name__)

INTERNAL_ERROR = "internal error in hanke-extract, not a fault of the file (run with --log FILE for the details)"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of this package's source files: any change to the code changes
    the extractor version, so the next ingest re-extracts."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def extractor_version(ocr: bool = False) -> str:
    """Package version, code fingerprint and rules hash; reading with OCR is
    another extraction."""
    return f"{__version__}+code.{code_fingerprint()}+rules.{rules.rules_hash()}" + ("+ocr" if ocr else "")


@dataclass
class Outcome:
    path: str  # as printed (see files.display_path)
    status: str  # ok | failed | unchanged
    document_id: str
    error: str | None = None
    kept: bool = False  # failed, but an earlier good extraction is kept
    seconds: float | None = None  # reading, recognition and checks
    pages: int | None = None


def _record(path: str, doc_id: str, size: int | None, status: str, error: str | None = None) -> DocumentRecord:
    ext = os.path.splitext(path)[1].lower()
    return DocumentRecord(doc_id, display_path(path), display_path(os.path.basename(path)),
                          FORMATS.get(ext, ext.lstrip(".") or None) if size is not None else None,
                          size, status, error, path_bytes=os.fsencode(path))


def process(path: str, data: bytes, ocr: bool = False, limits: Limits = DEFAULT,
            as_rows: bool = False) -> tuple[Plan | PlanRows | None, DocumentRecord]:
    """Read, assemble and check one file's bytes; pure apart from the reader.
    ``as_rows``: the plan as the rows the store writes (what a worker sends)."""
    started = time.perf_counter()
    record = _record(path, hashlib.sha256(data).hexdigest(), len(data), "ok")
    try:
        return _process(path, data, ocr, limits, record, as_rows)
    finally:
        record.seconds = round(time.perf_counter() - started, 3)


def _process(path: str, data: bytes, ocr: bool, limits: Limits, record: DocumentRecord, as_rows: bool):
    try:
        with time_limit(limits.timeout_s):
            doc = read(path, data, ocr=ocr, limits=limits)
            plan = assemble(doc)
            plan.flags = run_checks(plan)
            if as_rows:
                plan = plan_rows(plan, record.id)
    except ReadError as exc:
        record.status, record.error = "failed", str(exc)
        return None, record
    except DocumentTimeout:
        record.status, record.error = "failed", f"took over {limits.timeout_s:g} s, the time limit per document (--timeout)"
        return None, record
    except MemoryError:
        record.status, record.error = "failed", f"needed over {limits.memory_mib} MiB, the memory limit per document (--memory-mib)"
        return None, record
    except rules.RuleError:
        raise
    except Exception as exc:  # noqa: BLE001 - our bug must cost one document, never the batch
        record.status = "failed"
        record.error = f"{INTERNAL_ERROR}: {type(exc).__name__}: {exc}".splitlines()[0][:300]
        record.traceback = traceback.format_exc()
        return None, record
    record.pages, record.warnings = doc.pages, doc.warnings
    return plan, record


def process_file(path: str, ocr: bool = False, limits: Limits = DEFAULT,
                 as_rows: bool = False) -> tuple[Plan | PlanRows | None, DocumentRecord]:
    """Read and process one file (in a worker process when ingesting in parallel)."""
    try:
        data = read_bytes(path, limits)
    except ReadError as exc:
        return _unreadable(path, str(exc))
    return process(path, data, ocr, limits, as_rows)


def _unreadable(path: str, reason: str) -> tuple[None, DocumentRecord]:
    """A file with no content to key it by: its row is keyed by its path."""
    doc_id = hashlib.sha256(b"unreadable:" + os.fsencode(os.path.abspath(path))).hexdigest()
    return None, _record(path, doc_id, None, "failed", reason)


def _crashed(path: str, why: str) -> tuple[None, DocumentRecord]:
    try:
        data = read_bytes(path)
    except ReadError:
        return _unreadable(path, why)
    return None, _record(path, hashlib.sha256(data).hexdigest(), len(data), "failed", why)


@dataclass(frozen=True)
class Batch:
    """How a batch runs: the extraction it asks for and the limits per document."""

    version: str
    ocr: bool = False
    jobs: int = 1
    force: bool = False  # re-extract documents already stored with this version
    limits: Limits = DEFAULT


def action(known: dict | None, batch: Batch) -> str:
    """What a batch does with a document, given its stored row (or None):
    "new", "unchanged" (stored whole by this extractor version), "retry" (it
    failed, or its latest attempt did), "re-extract" (another version) or
    "force"."""
    if known is None:
        return "new"
    if known["status"] != "ok" or known["latest_error"]:
        return "retry"
    if known["extractor_version"] != batch.version:
        return "re-extract"
    return "force" if batch.force else "unchanged"


def _file_bytes(path: str, batch: Batch) -> bytes:
    data = read_bytes(path, batch.limits)
    if not data:
        raise ReadError("the file is empty")
    return data


def _triage(db, path: str, batch: Batch, seen: set[str]) -> Outcome | tuple[str, bytes]:
    """What ingest must do with a file: an Outcome when nothing is left to do
    (unreadable: its failed row is written; unchanged), else its document id
    and bytes."""
    try:
        data = _file_bytes(path, batch)
    except ReadError as exc:
        _plan, record = _unreadable(path, str(exc))
        kept = write_document(db, record, None, batch.version)
        return Outcome(record.path, "failed", record.id, record.error, kept)
    doc_id = hashlib.sha256(data).hexdigest()
    if doc_id in seen or action(known_document(db, doc_id), batch) == "unchanged":
        return Outcome(display_path(path), "unchanged", doc_id)
    seen.add(doc_id)
    return doc_id, data


def dry_run(db, paths: list[str], batch: Batch) -> Iterator[tuple[str, str]]:
    """(printed path, what ingest would do) for each file, writing nothing;
    ``db`` may be None (no corpus yet)."""
    seen: set[str] = set()
    for path in paths:
        try:
            doc_id = hashlib.sha256(_file_bytes(path, batch)).hexdigest()
        except ReadError as exc:
            yield display_path(path), f"fail: {exc}"
            continue
        if doc_id in seen:
            yield display_path(path), "unchanged (the same content as a file before it)"
            continue
        seen.add(doc_id)
        yield display_path(path), action(known_document(db, doc_id) if db is not None else None, batch)


def ingest_file(db, path: str, version: str | None = None, ocr: bool = False, limits: Limits = DEFAULT) -> Outcome:
    """Read, check and store one file, in this process."""
    batch = Batch(version or extractor_version(ocr), ocr=ocr, jobs=0, limits=limits)
    return next(ingest_batch(db, [path], batch))


def ingest_batch(db, paths: list[str], batch: Batch) -> Iterator[Outcome]:
    """Ingest files in order, yielding each outcome as it is stored.

    Reading and recognition run in ``batch.jobs`` worker processes (0: in
    this process) while this process writes, so a reader that crashes, hangs
    or runs out of memory on a hostile file costs that file a failed row,
    not the batch.
    """
    seen: set[str] = set()
    pending: deque = deque()  # (path, doc_id or None, handle or Outcome)
    pool = Pool(batch.jobs, batch.limits,
                work=partial(process_file, ocr=batch.ocr, limits=batch.limits, as_rows=True),
                local=partial(process, ocr=batch.ocr, limits=batch.limits, as_rows=True),
                failed=_crashed)
    finished = False
    try:
        for path in paths:
            triaged = _triage(db, path, batch, seen)
            if isinstance(triaged, Outcome):
                pending.append((path, triaged))
            else:
                _doc_id, data = triaged
                pending.append((path, pool.submit(path, data)))
            while len(pending) > max(2 * batch.jobs, 0) or (batch.jobs == 0 and pending):
                yield _store(db, batch.version, pool, *pending.popleft())
        while pending:
            yield _store(db, batch.version, pool, *pending.popleft())
        finished = True
    finally:
        # interrupted (Ctrl-C, a closed generator): stop the workers now
        # rather than finishing work nobody will store
        pool.shutdown(kill=not finished)


def _store(db, version: str, pool: Pool, path: str, work) -> Outcome:
    if isinstance(work, Outcome):
        return work
    rows, record = pool.result(path, work)
    if record.traceback:
        log.debug("traceback for %s:\n%s", record.path, record.traceback.rstrip())
    kept = write_document(db, record, rows, version)
    return Outcome(record.path, record.status, record.id, record.error, kept, record.seconds, record.pages)
