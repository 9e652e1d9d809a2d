"""PDFs our render script did not make read like their source.

The plan of tests/plan_documents.py — running header and footer, work
packages in two columns, a phase table marked partly by shading and partly
by "X", a cost table — built three ways: as a DOCX (python-docx), as a PDF
by reportlab, and as a PDF by LibreOffice from that DOCX. Each must give the
hand-written ``EXPECTED`` values.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from extract.pipeline import process

from .plan_documents import EXPECTED, HEADER, pdf_by_reportlab, write_docx


@pytest.fixture(scope="module")
def renderings(tmp_path_factory) -> dict[str, tuple[str, bytes]]:
    folder = tmp_path_factory.mktemp("plan")
    docx_path = folder / "plan.docx"
    write_docx(str(docx_path))
    found = {"docx": (str(docx_path), docx_path.read_bytes()),
             "reportlab": (str(folder / "reportlab.pdf"), pdf_by_reportlab())}
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        profile = folder / "lo-profile"  # a profile of its own: other LibreOffice instances may run
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(folder), str(docx_path)], capture_output=True, timeout=180, check=True)
        pdf = folder / "plan.pdf"
        found["libreoffice"] = (str(pdf), pdf.read_bytes())
    return found


RENDERINGS = ["docx", "reportlab", "libreoffice"]


def plan_of(renderings, name):
    if name not in renderings:
        pytest.skip("LibreOffice (soffice) is not installed")
    path, data = renderings[name]
    plan, record = process(path, data)
    assert record.status == "ok", record.error
    return plan


@pytest.mark.parametrize("name", RENDERINGS)
def test_units_in_two_columns_keep_their_titles_and_costs(renderings, name):
    plan = plan_of(renderings, name)
    assert [(u.number, u.title, u.cost_eur) for u in plan.units] == EXPECTED["units"]
    assert not [f for f in plan.flags if f.rule == "unit-count"]  # "koostuu kolmesta työpaketista": three found


@pytest.mark.parametrize("name", RENDERINGS)
def test_shaded_and_x_marks_of_the_phase_table_are_all_read(renderings, name):
    plan = plan_of(renderings, name)
    assert [t.kind for t in plan.tables] == ["phase", "cost"]
    marks = [(m.step, m.start, m.end) for t in plan.tables for m in t.phase_marks]
    assert marks == EXPECTED["phase_marks"]


@pytest.mark.parametrize("name", RENDERINGS)
def test_amounts_periods_and_cost_cells(renderings, name):
    plan = plan_of(renderings, name)
    assert (plan.project_start, plan.project_end) == EXPECTED["project"]
    assert sorted(a.money.value_eur for a in plan.amounts) == sorted(EXPECTED["prose_amounts"])
    cells = {(c.row_label, c.column_label): c.value_eur for t in plan.tables for c in t.cost_cells}
    for row, column, value in EXPECTED["cost_totals"]:
        assert cells[(row, column)] == value
    assert len(cells) == 12


@pytest.mark.parametrize("name", ["reportlab", "libreoffice"])
def test_running_header_and_page_numbers_are_furniture(renderings, name):
    from extract.readers import read

    if name not in renderings:
        pytest.skip("LibreOffice (soffice) is not installed")
    path, data = renderings[name]
    doc = read(path, data)
    assert doc.pages >= 2
    prose = [ln.text for ln in doc.prose_lines()]
    assert not [t for t in prose if HEADER in t or t.startswith("Sivu ")]
    # the units' text is read whole, left column before right
    headings = [t for t in prose if t.startswith("Työpaketti ")]
    assert headings == ["Työpaketti 1: Etähoidon käyttöönotto", "Työpaketti 2: Laitteet ja yhteydet",
                        "Työpaketti 3: Henkilöstön koulutus"]
