"""Readers: the only code that opens input files.

``read(path)`` picks a reader by file extension and returns a
:class:`~extract.model.Document`, or raises :class:`ReadError` with a one-line
reason a user can act on.
"""

from __future__ import annotations

import os
import stat

from ..limits import DEFAULT, Limits
from ..model import Document
from .segments import split_long_lines
from .text import ReadError, read_text

# Formats read by this version, by file extension.
FORMATS = {".txt": "txt", ".md": "md", ".docx": "docx", ".pdf": "pdf"}

__all__ = ["FORMATS", "ReadError", "read", "read_bytes", "special_kind"]

# What a file that is not a regular file is, for the message that skips it.
SPECIAL_KINDS = {stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device",
                 stat.S_IFBLK: "a block device"}


def special_kind(mode: int) -> str | None:
    """"a named pipe", "a socket", … for a special file's mode; None otherwise."""
    return SPECIAL_KINDS.get(stat.S_IFMT(mode))


def read_bytes(path: str, limits: Limits = DEFAULT) -> bytes:
    """The file's bytes. The file is opened without blocking and checked to be
    a regular file before anything is read, so a named pipe or a device that
    slipped into a batch can never hang it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except IsADirectoryError:
        raise ReadError("is a directory, not a file") from None
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ReadError("is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(f"not a regular file ({special_kind(info.st_mode) or 'a special file'})")
        if info.st_size > limits.max_bytes:
            raise ReadError(f"file is {info.st_size // (1024 * 1024)} MiB, over the {limits.max_mib} MiB limit "
                            "(--max-mib)")
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read()
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def read(path: str, data: bytes | None = None, ocr: bool = False, limits: Limits = DEFAULT) -> Document:
    """Read one file into the document model; ``ocr`` reads scanned PDFs by OCR."""
    fmt = FORMATS.get(os.path.splitext(path)[1].lower())
    if fmt is None:
        raise ReadError(f"unsupported file type {os.path.splitext(path)[1] or '(none)'}")
    if data is None:
        data = read_bytes(path, limits)
    if not data:
        raise ReadError("the file is empty")
    if fmt == "docx":
        from .docx import read_docx

        doc = read_docx(path, data)
    elif fmt == "pdf":
        from .pdf import read_pdf

        doc = read_pdf(path, data, ocr=ocr, max_pages=limits.max_pages)
    else:
        doc = read_text(path, data, fmt)
    doc.lines = split_long_lines(doc.lines)
    return doc
