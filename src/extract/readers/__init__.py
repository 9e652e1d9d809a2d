"""Readers: the only code that opens input files.

``read(path)`` picks a reader by file extension and returns a
:class:`~extract.model.Document`, or raises :class:`ReadError` with a one-line
reason a user can act on.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..model import Document
from .text import ReadError, read_text

# Formats read by this version, by file extension.
FORMATS = {".txt": "txt", ".md": "md", ".docx": "docx", ".pdf": "pdf"}
# A document larger than this is refused before it is read into memory.
MAX_BYTES = 50 * 1024 * 1024

__all__ = ["FORMATS", "MAX_BYTES", "ReadError", "read", "read_bytes"]


def read_bytes(path: str) -> bytes:
    p = Path(path)
    if p.is_dir():
        raise ReadError("is a directory, not a file")
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from None
    if size > MAX_BYTES:
        raise ReadError(f"file is {size // (1024 * 1024)} MiB, over the {MAX_BYTES // (1024 * 1024)} MiB limit")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from None


def read(path: str, data: bytes | None = None, ocr: bool = False) -> Document:
    """Read one file into the document model; ``ocr`` reads scanned PDFs by OCR."""
    fmt = FORMATS.get(os.path.splitext(path)[1].lower())
    if fmt is None:
        raise ReadError(f"unsupported file type {os.path.splitext(path)[1] or '(none)'}")
    if data is None:
        data = read_bytes(path)
    if not data:
        raise ReadError("the file is empty")
    if fmt == "docx":
        from .docx import read_docx

        return read_docx(path, data)
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf(path, data, ocr=ocr)
    return read_text(path, data, fmt)
