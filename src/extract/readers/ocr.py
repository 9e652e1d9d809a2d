"""OCR for PDFs without a text layer: Debian's tesseract with Finnish.

Each page is rendered at 300 dpi and read by ``tesseract -l fin``; the text
then goes through the text-export reader, so the recognisers see it like any
other text. The document records that its text came from OCR.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..model import Document
from .text import ReadError, read_text

OCR_TIMEOUT_PER_PAGE = 120


def read_by_ocr(path: str, data: bytes) -> Document:
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        raise ReadError("OCR needs tesseract: apt-get install tesseract-ocr tesseract-ocr-fin")
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    pages_text = []
    with tempfile.TemporaryDirectory() as tmp:
        for number, page in enumerate(pdf, start=1):
            image = Path(tmp) / f"page{number}.png"
            page.render(scale=300 / 72).to_pil().save(image)
            try:
                done = subprocess.run(
                    [tesseract, str(image), "-", "-l", "fin"],
                    capture_output=True, timeout=OCR_TIMEOUT_PER_PAGE, check=True,
                )
            except subprocess.CalledProcessError as exc:
                message = exc.stderr.decode("utf-8", "replace").strip().splitlines()
                raise ReadError(f"OCR failed: {message[-1] if message else exc}") from None
            except subprocess.TimeoutExpired:
                raise ReadError(f"OCR took over {OCR_TIMEOUT_PER_PAGE} s on page {number}") from None
            pages_text.append(done.stdout.decode("utf-8", "replace"))
    doc = read_text(path, "\n".join(pages_text).encode("utf-8"), "pdf")
    doc.pages = len(pdf)
    pdf.close()
    doc.warnings.append("text from OCR")
    return doc
