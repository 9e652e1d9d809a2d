"""The text-export reader: artefacts, tables of contents, both table styles."""

from __future__ import annotations

import pytest

from extract.readers import ReadError, read

from .conftest import KAINUU_2020, KAINUU_II


def read_string(tmp_path, text: str, name: str = "plan.txt", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return read(str(path))


def test_bookmarks_and_bold_are_stripped_but_raw_offsets_kept(tmp_path):
    doc = read_string(tmp_path, "[bookmark: _Toc1][bookmark: _Toc2]4.1 **PILARI 3**: Työllisyys 15 000 €\n")
    line = doc.lines[0]
    assert line.text == "4.1 PILARI 3: Työllisyys 15 000 €"
    start = line.text.index("15 000")
    where = line.where(start, start + len("15 000 €"))
    assert line.raw[where.char_start : where.char_end] == "15 000 €"


def test_struck_text_is_kept_out_of_the_text_and_recorded(tmp_path):
    doc = read_string(tmp_path, "e) ~~Taloushallinnon raportointijärjestelmän uudistaminen~~ 19.8.2020\n")
    assert "Taloushallinnon" not in doc.lines[0].text
    assert doc.lines[0].struck == ["Taloushallinnon raportointijärjestelmän uudistaminen"]


def test_table_of_contents_lines_are_recognised(tmp_path):
    doc = read_string(
        tmp_path,
        "Sisällys\n\n1.\tKuvaus hankekokonaisuudesta\t1\n8.1\tOsa-alue1: Valmistelu.....\t10\n"
        "4.2\tToimenpiteet.....\t5\n\n1 Kuvaus hankekokonaisuudesta\n",
    )
    assert [ln.role for ln in doc.lines] == ["text", "text", "toc", "toc", "toc", "text", "text"]


def test_page_furniture_is_not_content(tmp_path):
    doc = read_string(tmp_path, "Teksti ennen\n\t\t\t\t2(10)\nSivu 3 / 17\nTeksti jälkeen\n")
    assert [ln.role for ln in doc.lines] == ["text", "furniture", "furniture", "text"]
    assert doc.tables == []


def test_row_per_line_table_with_caption(tmp_path):
    doc = read_string(
        tmp_path,
        "Taulukko 5. Kokonaiskustannukset\n\nRahoitus / vuosi\t2020\t2021\tYhteensä\n"
        "Kustannukset yhteensä €\t56 688\t97 433\t154 120\njosta\t\t\t\nValtionavustus\t45 350\t77 946\t123 296\n\nSeuraava kappale.\n",
    )
    (table,) = doc.tables
    assert table.number == "5"
    assert table.caption == "Taulukko 5. Kokonaiskustannukset"
    assert table.header == ["Rahoitus / vuosi", "2020", "2021", "Yhteensä"]
    assert [c.text for c in table.rows[3]] == ["Valtionavustus", "45 350", "77 946", "123 296"]
    assert table.rows[3][2].where.line == 6
    assert doc.lines[-1].role == "text"


def test_cell_per_line_table_joins_wrapped_cells_and_split_rows(tmp_path):
    text = (
        "Hankkeen kustannukset\n"
        "\tPilari\n\tInvestointi\n\tKustannukset, €\n\n"
        "\tPilari 4\n\tEdistetään hoitotakuun toteutumista\nja ongelmien varhaista tunnistamista\n\t 584 000 €\n\n"
        "\tPilari 4\n\tRakenteellisen sosiaalityön kehittäminen\n\n\t104 500 €\n\n\n"
        "Yhteensä \t688 500 €\n\nLoppu.\n"
    )
    (table,) = read_string(tmp_path, text).tables
    rows = [[c.text for c in row] for row in table.rows]
    assert rows == [
        ["Pilari", "Investointi", "Kustannukset, €"],
        ["Pilari 4", "Edistetään hoitotakuun toteutumista ja ongelmien varhaista tunnistamista", "584 000 €"],
        ["Pilari 4", "Rakenteellisen sosiaalityön kehittäminen", "104 500 €"],
        ["Yhteensä", "", "688 500 €"],
    ]
    assert table.number is None


def test_wrapped_row_continues_the_row_above(tmp_path):
    text = "Riski\tToimenpiteet\nSitoutuminen\tJohdon tuki.\n\n\tProjektiryhmät sidotaan.\nTalous\tBudjetti.\n"
    (table,) = read_string(tmp_path, text).tables
    assert [c.text for c in table.rows[1]] == ["Sitoutuminen", "Johdon tuki. Projektiryhmät sidotaan."]
    assert len(table.rows) == 3


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"abc\x00def", "NUL"),
    ],
)
def test_bad_text_files_fail_with_a_reason(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ReadError, match=message):
        read(str(path))


def test_latin1_text_is_read_with_a_warning(tmp_path):
    doc = read_string(tmp_path, "Kustannusarvio: 5 000 €\nHämeenlinna\n", encoding="cp1252")
    assert doc.lines[1].text == "Hämeenlinna"
    assert doc.warnings == ["not UTF-8: read as Windows-1252"]


def test_utf16_with_bom_is_read(tmp_path):
    doc = read_string(tmp_path, "Työpaketti 1: Testi\n", encoding="utf-16")
    assert doc.lines[0].text == "Työpaketti 1: Testi"


def test_unsupported_extension(tmp_path):
    path = tmp_path / "plan.odt"
    path.write_text("x")
    with pytest.raises(ReadError, match="unsupported file type .odt"):
        read(str(path))


def test_kainuu_2020_reads_25_captioned_tables():
    doc = read(str(KAINUU_2020))
    assert [t.number for t in doc.tables] == [str(n) for n in range(1, 26)]
    assert sum(1 for ln in doc.lines if ln.role == "toc") == 38


def test_kainuu_ii_reads_its_three_cell_per_line_tables():
    doc = read(str(KAINUU_II))
    assert [t.header[0] for t in doc.tables] == ["Päätavoitteet", "Pilari", "Riskin kuvaus"]
    cost = doc.tables[1]
    assert len(cost.rows) == 16  # header, 14 lines of pillars and investments, Yhteensä
    assert [c.text for c in cost.rows[-1]] == ["Yhteensä", "", "", "6 465 000 €"]
