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
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Cm, Pt

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


def column_widths(table, page_cm: float = 16.0) -> list:
    """Widths that fit each column's longest word (so no word breaks inside
    a cell), the rest shared by how much text each column holds."""
    columns = len(table.rows[0])
    texts = [[row[c].text for row in table.rows] for c in range(columns)]
    need = [max([len(w) for t in col for w in t.split()] + [3]) * 0.17 + 0.5 for col in texts]
    volume = [sum(len(t) for t in col) + 1 for col in texts]
    spare = max(page_cm - sum(need), 0)
    widths = [n + spare * v / sum(volume) for n, v in zip(need, volume)]
    scale = min(1.0, page_cm / sum(widths))
    return [Cm(w * scale) for w in widths]


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
    out.styles["Normal"].paragraph_format.space_after = Pt(3)
    tables = {t.where.line: t for t in doc.tables}
    table_lines = {ln.number for ln in doc.lines if ln.role == "table"}
    for line in doc.lines:
        if line.number in tables:
            table = tables[line.number]
            columns = len(table.rows[0])
            grid = out.add_table(rows=len(table.rows), cols=columns)
            grid.style = "Table Grid"
            grid.autofit = False
            widths = column_widths(table)
            for c, width in enumerate(widths):
                grid.columns[c].width = width
            for r, row in enumerate(table.rows):
                for c, cell in enumerate(row):
                    slot = grid.cell(r, c)
                    slot.width = widths[c]
                    slot.text = cell.text
                    for run in slot.paragraphs[0].runs:
                        run.font.size = Pt(8)
            continue
        if line.number in table_lines:
            continue
        level = heading_level(line.text) if line.role == "text" and line.text.strip() else None
        stripped = ARTEFACTS.sub("", line.raw)
        if line.role == "toc":
            # a real table of contents: page numbers at a right tab with dot leaders
            paragraph = out.add_paragraph()
            paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(1.5))
            paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
            add_runs(paragraph, regex.sub(r"\.{3,}", "", stripped))
        elif level:
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
