"""Limits that protect a batch from one document, with defaults that accept
honest documents (a 1 000-page state budget book, a 100 MiB scanned annex).

Every limit can be changed on the command line; a document over one gets a
``failed`` row naming the limit, and the batch goes on.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_mib: int = 200  # file size, checked before the file is read
    max_pages: int = 5000  # PDF pages
    timeout_s: float = 600.0  # wall-clock seconds to read and recognise one document
    memory_mib: int = 4096  # address space of a worker process reading one document

    @property
    def max_bytes(self) -> int:
        return self.max_mib * 1024 * 1024


DEFAULT = Limits()
