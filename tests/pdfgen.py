"""A tiny PDF writer for tests: text at positions, in Helvetica, and strokes.

Enough to build the layouts a reader must handle (two columns, running
headers and footers, hyphenation, a struck word, a big heading) without a
PDF library: every byte of the file is visible here.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Text:
    x: float
    y: float  # from the top of the page
    text: str
    size: float = 10
    bold: bool = False


@dataclass
class Stroke:
    x0: float
    y: float  # from the top
    x1: float


@dataclass
class Rule:
    """A straight line from (x0, top) to (x1, bottom): a table ruling drawn as a segment."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class Box:
    """A rectangle: stroked (a table's ruling) or filled grey (shading)."""

    x0: float
    top: float
    x1: float
    bottom: float
    fill: bool = False


@dataclass
class Page:
    items: list = field(default_factory=list)


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def pdf_bytes(pages: list[Page], width: float = 595, height: float = 842) -> bytes:
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    regular = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    bold = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    pages_id = len(objects) + 1 + 2 * len(pages)
    page_ids = []
    for page in pages:
        stream = b""
        for item in page.items:
            if isinstance(item, Text):
                font = b"/F2" if item.bold else b"/F1"
                stream += b"BT %s %.1f Tf %.1f %.1f Td (%s) Tj ET\n" % (
                    font, item.size, item.x, height - item.y, _escape(item.text))
            elif isinstance(item, Box):
                op = b"0.6 g %.1f %.1f %.1f %.1f re f 0 g" if item.fill else b"0.5 w %.1f %.1f %.1f %.1f re S"
                stream += op % (item.x0, height - item.bottom, item.x1 - item.x0, item.bottom - item.top) + b"\n"
            elif isinstance(item, Rule):
                stream += b"0.6 w %.1f %.1f m %.1f %.1f l S\n" % (item.x0, height - item.top, item.x1, height - item.bottom)
            else:
                stream += b"0.8 w %.1f %.1f m %.1f %.1f l S\n" % (item.x0, height - item.y, item.x1, height - item.y)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream")
        page_ids.append(add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>" % (pages_id, width, height, content, regular, bold)
        ))
    kids = b" ".join(b"%d 0 R" % i for i in page_ids)
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages))) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)
