"""The DOCX reader: Word's own structures, and parity with the text exports."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from extract.readers import ReadError, read

from .conftest import CORPUS, RENDERED
from .formats import comparable


def save(document, tmp_path, name="plan.docx") -> str:
    path = tmp_path / name
    document.save(path)
    return str(path)


def test_struck_runs_are_deleted_text(tmp_path):
    d = docx.Document()
    p = d.add_paragraph("e) ")
    p.add_run("Taloushallinnon uudistaminen").font.strike = True
    p.add_run(" 19.8.2020")
    line = read(save(d, tmp_path)).lines[0]
    assert line.text == "e)  19.8.2020"
    assert line.struck == ["Taloushallinnon uudistaminen"]
    assert line.raw == "e) Taloushallinnon uudistaminen 19.8.2020"


def test_tracked_changes_keep_accepted_text_only(tmp_path):
    d = docx.Document()
    p = d.add_paragraph("Kustannusarvio: ")
    kept = p.add_run("12 000 €")
    removed = p.add_run("10 000 €")
    ins = p._p.makeelement(qn("w:ins"), {qn("w:id"): "1", qn("w:author"): "A"})
    dele = p._p.makeelement(qn("w:del"), {qn("w:id"): "2", qn("w:author"): "A"})
    kept._r.addprevious(ins)
    ins.append(kept._r)
    removed._r.addprevious(dele)
    dele.append(removed._r)
    for t in dele.iter(qn("w:t")):
        t.tag = qn("w:delText")
    assert read(save(d, tmp_path)).lines[0].text == "Kustannusarvio: 12 000 €"


def test_merged_cells_are_not_counted_twice(tmp_path):
    d = docx.Document()
    d.add_paragraph("Taulukko 3. Kustannukset")
    t = d.add_table(rows=3, cols=3)
    for r, row in enumerate([["Rahoitus", "2020", "Yhteensä"], ["Valtionavustus", "100", "100"], ["Omarahoitus", "", ""]]):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    t.cell(0, 1).merge(t.cell(0, 2))  # a header spanning two columns
    t.cell(1, 0).merge(t.cell(2, 0))  # a label spanning two rows
    (table,) = read(save(d, tmp_path)).tables
    assert table.number == "3"
    assert [[c.text for c in row] for row in table.rows] == [
        ["Rahoitus", "2020 Yhteensä", ""],
        ["Valtionavustus Omarahoitus", "100", "100"],
        ["", "", ""],
    ]


def test_list_bullets_read_as_dashes(tmp_path):
    d = docx.Document()
    d.add_paragraph("Työpaketti 1. Hallinto", style="List Bullet")
    assert read(save(d, tmp_path)).lines[0].text == "- Työpaketti 1. Hallinto"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"PK\x03\x04 not really a zip", "not a ZIP archive"),
        (b"%PDF-1.4", "not a ZIP archive"),
    ],
)
def test_broken_docx_fails_with_a_reason(tmp_path, content, message):
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    with pytest.raises(ReadError, match=message):
        read(str(path))


def test_zip_without_a_document_part(tmp_path):
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hei")
    with pytest.raises(ReadError, match="no word/document.xml"):
        read(str(path))


def test_docx_with_a_missing_part(tmp_path):
    good = io.BytesIO()
    docx.Document().save(good)
    path = tmp_path / "missing.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            if item.filename != "word/styles.xml" and item.filename != "[Content_Types].xml":
                dst.writestr(item, src.read(item.filename))
    with pytest.raises(ReadError, match="broken DOCX"):
        read(str(path))


def test_zip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("word/media/huge.bin", b"\0" * (300 * 1024 * 1024))
    with pytest.raises(ReadError, match="zip bomb"):
        read(str(path))


@pytest.mark.parametrize("stem", ["000_f8ae5a0080d48314", "002_e93039f89c2ced21", "003_6c4a6b2977e6c292", "004_72151800bfc5fa4a"])
def test_rendered_docx_gives_what_the_text_export_gives(stem):
    assert comparable(str(RENDERED / f"{stem}.docx")) == comparable(str(CORPUS / f"{stem}.txt"))


def test_shaded_cells_are_marks(tmp_path):
    from extract.recognise.tables import phase_marks

    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    for c, text in enumerate(["Vaihe", "1-6/2024", "7-12/2024"]):
        t.cell(0, c).text = text
    t.cell(1, 0).text = "1. Suunnittelu"
    shading = t.cell(1, 2)._tc.get_or_add_tcPr().makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:fill"): "A6A6A6"})
    t.cell(1, 2)._tc.get_or_add_tcPr().append(shading)
    (table,) = read(save(d, tmp_path)).tables
    assert [(m.step, m.period_raw, m.mark) for m in phase_marks(table)] == [("1. Suunnittelu", "7-12/2024", "■")]
