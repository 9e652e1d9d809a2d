"""Heavy libraries are imported only by the code that uses them: the commands
that only look at a database start at once, and a batch of text exports does
not pay for PDF start-up (each check runs in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys

from .conftest import CORPUS

HEAVY = ("spacy", "pdfplumber", "pdfminer", "pypdfium2", "sqlite_utils", "pandas", "docx")


def modules_after(code: str) -> set[str]:
    """Top-level packages imported after running ``code`` in a new interpreter."""
    script = code + "\nimport sys\nprint(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_the_command_line_starts_without_heavy_libraries():
    loaded = modules_after("import extract.cli")
    assert not loaded & set(HEAVY)


def test_help_query_and_flags_do_not_load_them(tmp_path):
    from extract.store import open_db

    db = str(tmp_path / "plans.db")
    open_db(db).conn.close()
    code = (
        "from click.testing import CliRunner\nfrom extract.cli import cli\n"
        f"db = {db!r}\n"
        "for args in (['--help'], ['query', 'select count(*) from documents', '--db', db], ['flags', '--db', db]):\n"
        "    assert CliRunner().invoke(cli, args).exit_code == 0, args\n"
    )
    assert not modules_after(code) & set(HEAVY)


def test_a_text_batch_does_not_load_the_pdf_libraries():
    path = CORPUS / "003_6c4a6b2977e6c292.txt"
    code = f"from extract.pipeline import process_file\nplan, record = process_file({str(path)!r})\nassert record.status == 'ok'"
    loaded = modules_after(code)
    assert not loaded & {"pdfplumber", "pdfminer", "pypdfium2", "docx"}
    assert "spacy" in loaded  # the plan has unit headings: the Matcher ran on them


def test_prose_lines_are_classified_without_spacy():
    code = (
        "from extract.recognise.headings import classify\n"
        "assert classify('Hankkeen tavoitteena on kehittää palveluja.') is None\n"
        "assert classify('4.1.2 Kansalaisten osallisuus').type == 'numbered'\n"
        "assert classify('A. Hankehallinto').type == 'lettered'\n"
    )
    assert "spacy" not in modules_after(code)


def test_a_heading_keyword_still_goes_through_the_matcher():
    code = (
        "from extract.recognise.headings import classify\n"
        "h = classify('8.2 Osa-alue 2: Johtamisen tuki')\n"
        "assert (h.type, h.kind, h.number, h.title) == ('section', 'osa-alue', '2', 'Johtamisen tuki'), h\n"
        "h = classify('TYÖPAKETTI 3. Digitaaliset palvelut')\n"
        "assert (h.type, h.kind, h.number) == ('unit', 'työpaketti', '3'), h\n"
    )
    assert "spacy" in modules_after(code)


def test_a_pdf_is_read_without_pdfminer():
    """PDFium answers everything for a sound PDF, its ruled tables included."""
    from .conftest import RENDERED

    path = RENDERED / "000_f8ae5a0080d48314.pdf"
    code = f"from extract.readers import read\ndoc = read({str(path)!r})\nassert len(doc.tables) == 25"
    loaded = modules_after(code)
    assert "pypdfium2" in loaded
    assert not loaded & {"pdfplumber", "pdfminer"}
