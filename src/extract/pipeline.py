"""One file through every stage: read → assemble → check → store.

Whatever goes wrong with one file ends as a ``failed`` row with a one-line
reason; the batch goes on. Only ``ingest_file`` knows the order of stages.
"""

from __future__ import annotations

import hashlib
import os
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
    plan: Plan | None = None


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


def ingest_file(db, path: str, version: str | None = None, ocr: bool = False) -> Outcome:
    """Read, check and store one file. A file whose bytes are already stored
    with this extractor version (here or at another path) is left as it is."""
    version = version or extractor_version(ocr)
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
    if known and known["extractor_version"] == version:
        return Outcome(path, "unchanged", doc_id)
    plan, record = process(path, data, ocr)
    write_document(db, record, plan, version)
    return Outcome(path, record.status, doc_id, record.error, plan)
