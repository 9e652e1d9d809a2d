"""Render each text document of the corpus as DOCX and PDF, for the tests.

DOCX: every line of the text export becomes a paragraph (blank lines too, so
line numbers match), headings get heading styles, "- " lines list-bullet
style, struck text struck-through runs, and tab-separated tables real Word
tables (ruled, so the PDF has real table lines). PDF: LibreOffice headless
converts the DOCX. Output: tests/data/rendered/<name>.docx and .pdf.

    python scripts/render_corpus.py            # needs Debian's libreoffice-writer
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import docx
import regex
from docx.shared import Pt

from extract.readers import read
from extract.recognise.headings import classify

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "rendered"
STRUCK = regex.compile(r"~~(.+?)~~")
ARTEFACTS = regex.compile(r"\[bookmark: [^\]]*\]|\*\*")


def heading_level(text: str) -> int | None:
    heading = classify(text)
    if heading is None or heading.type not in ("section", "numbered", "unit"):
        return None
    if heading.level:
        return min(heading.level, 4)
    return 2 if heading.type == "section" else 3


def add_runs(paragraph, raw: str) -> None:
    """The line's text, struck parts as struck-through runs."""
    text = ARTEFACTS.sub("", raw)
    position = 0
    for m in STRUCK.finditer(text):
        if m.start() > position:
            paragraph.add_run(text[position:m.start()])
        paragraph.add_run(m.group(1)).font.strike = True
        position = m.end()
    if position < len(text):
        paragraph.add_run(text[position:])


def render_docx(source: Path, target: Path) -> None:
    doc = read(str(source))
    out = docx.Document()
    out.styles["Normal"].font.size = Pt(10)
    tables = {t.where.line: t for t in doc.tables}
    table_lines = {ln.number for ln in doc.lines if ln.role == "table"}
    for line in doc.lines:
        if line.number in tables:
            table = tables[line.number]
            grid = out.add_table(rows=len(table.rows), cols=len(table.rows[0]))
            grid.style = "Table Grid"
            for r, row in enumerate(table.rows):
                for c, cell in enumerate(row):
                    grid.cell(r, c).text = cell.text
            continue
        if line.number in table_lines:
            continue
        level = heading_level(line.text) if line.role == "text" and line.text.strip() else None
        stripped = ARTEFACTS.sub("", line.raw)
        if level:
            paragraph = out.add_heading("", level=level)
            add_runs(paragraph, stripped.strip())
        elif stripped.startswith("- "):
            paragraph = out.add_paragraph(style="List Bullet")
            add_runs(paragraph, stripped[2:])
        else:
            add_runs(out.add_paragraph(), stripped)
    out.save(target)


def render_pdf(source: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice is needed for PDF: apt-get install libreoffice-writer-nogui")
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(source.parent), str(source)],
        check=True, capture_output=True, timeout=300,
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for source in sorted((ROOT / "corpus").glob("*.txt")):
        target = OUT / f"{source.stem}.docx"
        render_docx(source, target)
        render_pdf(target)
        print(f"{source.name} → {target.name}, {target.with_suffix('.pdf').name}")


if __name__ == "__main__":
    main()
