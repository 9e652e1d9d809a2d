"""Generate hostile input files: every kind of bad file a batch may hold.

    python -m tests.hostile DIR      # writes the files into DIR

``make(folder)`` writes each file and returns what ingest must make of it:
(name, status, words the one-line reason must contain). Files are made here
rather than committed, so the suite stays small and shows how each is built.
"""

from __future__ import annotations

import io
import os
import random
import socket
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .conftest import RENDERED

PLAN_TEXT = "Työpaketti 1: Hankehallinto\nKustannusarvio: 15 000 €\nAikataulu: 1/2024-12/2025\n"


@dataclass(frozen=True)
class Case:
    name: str  # as stored and printed (see extract.files.display_path)
    status: str  # ok | failed | skipped (a special file: never opened, no row)
    reason: str = ""  # words the error (or the skip message) must contain ("" for ok)


def _pdf_bytes() -> bytes:
    return (RENDERED / "004_72151800bfc5fa4a.pdf").read_bytes()


def _docx_bytes() -> bytes:
    return (RENDERED / "004_72151800bfc5fa4a.docx").read_bytes()


def _image_pdf(pages: int = 1, text: str | None = None) -> bytes:
    """A PDF of images only (a scan); with ``text`` drawn big enough for OCR."""
    from PIL import Image, ImageDraw, ImageFont

    images = []
    for _ in range(pages):
        image = Image.new("L", (1240, 1754) if text else (50, 50), 255)
        if text:
            draw = ImageDraw.Draw(image)
            try:
                font = ImageFont.truetype("DejaVuSans.ttf", 40)
            except OSError:
                font = ImageFont.load_default(size=40)
            for i, line in enumerate(text.splitlines()):
                draw.text((100, 150 + 70 * i), line, fill=0, font=font)
        images.append(image)
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=150)
    return out.getvalue()


def _text_pdf(pages: int) -> bytes:
    """A PDF of ``pages`` pages, each with a line of text: a long budget book."""
    from .pdfgen import Page, Text, pdf_bytes

    return pdf_bytes([Page([Text(72, 100, f"Talousarvio, luku {n}: määrärahat 1 000 euroa")]) for n in range(1, pages + 1)])


def _encrypted_pdf(user_password: str) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(_pdf_bytes()))
    writer.encrypt(user_password=user_password, owner_password="omistaja", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _zero_page_pdf() -> bytes:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _broken_xref_pdf() -> bytes:
    data = _pdf_bytes()
    start = data.rfind(b"startxref")
    return data[:start] + b"startxref\n999999999\n%%EOF\n"


def _docx_without(part: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_docx_bytes())) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            if item.filename != part:
                dst.writestr(item, src.read(item.filename))
    return out.getvalue()


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("word/media/image.bin", b"\0" * (300 * 1024 * 1024))
    return out.getvalue()


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("muistio.txt", "ei Word-tiedosto")
    return out.getvalue()


def make(folder: Path) -> list[Case]:
    """Write every hostile file into ``folder``; return what ingest must do."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    cases: list[Case] = []

    def write(name: str, data: bytes, status: str, reason: str = "") -> None:
        (folder / name).write_bytes(data)
        cases.append(Case(name, status, reason))

    def plan(name: str) -> str:  # each readable file has bytes of its own
        return PLAN_TEXT + f"Tiedosto: {name}\n"

    # text posing and mis-encoded
    write("empty.txt", b"", "failed", "the file is empty")
    write("whitespace.txt", b"  \n\t\n  \n", "failed", "the file is empty")
    write("nul-bytes.txt", b"Ty\x00\x00opaketti 1", "failed", "NUL bytes")
    write("png-named.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "failed", "NUL bytes")
    write("docx-named.txt", _docx_bytes(), "failed", "NUL bytes")
    write("latin-1.txt", plan("latin-1").encode("cp1252"), "ok")
    write("utf-16.txt", plan("utf-16").encode("utf-16"), "ok")
    # a UTF-16 byte-order mark, then an odd number of bytes: cut short
    write("utf-16-cut.txt", plan("utf-16-cut").encode("utf-16")[:-1], "failed", "not valid UTF-16 text")
    write("utf-8-bom.txt", b"\xef\xbb\xbf" + plan("bom").encode(), "ok")
    write("crlf.txt", plan("crlf").replace("\n", "\r\n").encode(), "ok")
    write("mixed-bytes.md", plan("mixed").encode() + b"\xff\xfe rikki \x81\n", "ok")
    write("one-huge-line.txt", ("sanoja ja lukuja 12 345 € " * 40000).encode(), "ok")
    # 5 MiB on one line, in the shapes that make patterns backtrack: digit
    # groups with no currency, dates and slashes, unit words
    write("five-mib-line.txt", ("123 456 1.2.2020 12/2020- Työpaketti 1 " * 130000).encode(), "ok")
    write("only-contents.txt", "Sisällys\n1.\tJohdanto\t3\n2.\tToteutus\t5\n".encode(), "ok")
    write("Hanke Ääkköset ja välit.md", plan("ääkköset").encode(), "ok")
    write("UPPER.TXT", plan("upper").encode(), "ok")
    # PDFs
    write("empty.pdf", b"", "failed", "the file is empty")
    write("garbage.pdf", bytes(rng.randrange(256) for _ in range(4096)), "failed", "broken PDF")
    write("truncated.pdf", _pdf_bytes()[:5000], "failed", "PDF")
    write("zero-pages.pdf", _zero_page_pdf(), "failed", "no pages")
    write("broken-xref.pdf", _broken_xref_pdf(), "ok")
    write("encrypted-user-password.pdf", _encrypted_pdf("salasana"), "failed", "encrypted PDF")
    write("encrypted-owner-only.pdf", _encrypted_pdf(""), "ok")
    write("image-only.pdf", _image_pdf(), "failed", "no text layer")
    write("thousand-pages.pdf", _text_pdf(1000), "ok")  # a budget book is honest
    write("text-named.pdf", plan("text-named").encode(), "failed", "broken PDF")
    # DOCX
    write("empty.docx", b"", "failed", "the file is empty")
    write("garbage.docx", bytes(rng.randrange(256) for _ in range(2048)), "failed", "not a ZIP archive")
    write("plain-zip.docx", _plain_zip(), "failed", "no word/document.xml")
    write("missing-part.docx", _docx_without("[Content_Types].xml"), "failed", "broken DOCX")
    write("zip-bomb.docx", _zip_bomb(), "failed", "zip bomb")
    write("pdf-named.docx", _pdf_bytes(), "failed", "not a ZIP archive")
    # the file system
    (folder / "a-folder.pdf").mkdir(exist_ok=True)
    cases.append(Case("a-folder.pdf", "failed", "is a directory"))
    with open(folder / "huge.txt", "wb") as f:
        f.truncate(250 * 1024 * 1024)  # sparse: 250 MiB of nothing, instantly
    cases.append(Case("huge.txt", "failed", "over the 200 MiB limit"))
    # a name from an old Windows code page: Latin-1 bytes, not UTF-8
    latin_name = os.fsdecode(b"suunnitelma-\xe4\xf6.txt")
    (folder / latin_name).write_bytes(plan("latin-1 name").encode())
    cases.append(Case("suunnitelma-\\xe4\\xf6.txt", "ok"))
    # control characters in a name must not reach the terminal as they are
    (folder / "rivin\nvaihto\x1b[31m.txt").write_bytes(plan("newline name").encode())
    cases.append(Case("rivin\\nvaihto\\x1b[31m.txt", "ok"))
    # special files: never opened (a pipe would block the batch forever)
    if not (folder / "putki.txt").exists():
        os.mkfifo(folder / "putki.txt")
    cases.append(Case("putki.txt", "skipped", "a named pipe"))
    if not (folder / "pistoke.pdf").exists() and len(str(folder / "pistoke.pdf")) < 100:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(folder / "pistoke.pdf"))
        server.close()  # the socket file stays
    if (folder / "pistoke.pdf").exists():
        cases.append(Case("pistoke.pdf", "skipped", "a socket"))
    for link, target in (("loop-a.txt", "loop-b.txt"), ("loop-b.txt", "loop-a.txt")):
        if not (folder / link).is_symlink():
            os.symlink(target, folder / link)
    cases += [Case("loop-a.txt", "failed", "cannot read"), Case("loop-b.txt", "failed", "cannot read")]
    if not (folder / "dangling.txt").is_symlink():
        os.symlink("nowhere.txt", folder / "dangling.txt")
    cases.append(Case("dangling.txt", "failed", "cannot read"))
    (folder / "sub folder ö").mkdir(exist_ok=True)
    (folder / "sub folder ö" / "työpaketit.txt").write_bytes(plan("alikansio").encode())
    cases.append(Case("työpaketit.txt", "ok"))
    return cases


if __name__ == "__main__":
    for case in make(Path(sys.argv[1])):
        print(f"{case.status:6} {case.name}  {case.reason}")
