"""A table split by a page break in a Markdown/text export is read as one
table; tables that only happen to stand near each other stay apart.

The documents are written here by hand in the style a PDF-to-Markdown
converter prints: each page's piece of a table is a table of its own, the
next page's first row promoted to a header, ``<!-- image -->`` placeholders
and blank lines between."""

from __future__ import annotations

from extract.assemble import assemble
from extract.checks import run_checks
from extract.readers import read

SPLIT_COST_TABLE = """\
## 5 Kustannusarvio

Taulukko 4. Hankkeen kustannukset työpaketeittain

| Työpaketti                    | Kustannukset (euroa)   |
|-------------------------------|------------------------|
| TP1 Hankehallinto             | 120 000                |
| TP2 Asiakasohjauksen malli    | 85 000                 |

<!-- image -->

<!-- image -->

| TP3 Sähköinen asiointi        | 210 000                |
|-------------------------------|------------------------|
| TP4 Osaamisen vahvistaminen   | 45 000                 |
| Yhteensä                      | 460 000                |

Hankkeen kustannukset katetaan valtionavustuksella ja omarahoituksella.
"""


def read_markdown(tmp_path, text: str):
    path = tmp_path / "suunnitelma.md"
    path.write_text(text, encoding="utf-8")
    return read(str(path))


def body_labels(table) -> list[str]:
    return [row[0].text for row in table.body]


def test_a_table_split_by_a_page_break_is_one_table(tmp_path):
    doc = read_markdown(tmp_path, SPLIT_COST_TABLE)
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert table.header == ["Työpaketti", "Kustannukset (euroa)"]
    assert body_labels(table) == ["TP1 Hankehallinto", "TP2 Asiakasohjauksen malli", "TP3 Sähköinen asiointi",
                                  "TP4 Osaamisen vahvistaminen", "Yhteensä"]
    assert table.number == "4"
    # provenance: the rows of the second piece keep their own lines
    assert table.body[2][1].where.line == 14


def test_the_joined_table_adds_up_so_no_sum_is_flagged(tmp_path):
    """120 000 + 85 000 + 210 000 + 45 000 = 460 000: the total is right."""
    plan = assemble(read_markdown(tmp_path, SPLIT_COST_TABLE))
    assert [t.kind for t in plan.tables] == ["cost"]
    assert [f for f in run_checks(plan) if f.rule == "cost-table-sum"] == []


def test_a_repeated_header_on_the_next_page_is_not_a_row(tmp_path):
    text = SPLIT_COST_TABLE.replace("| TP3 Sähköinen asiointi        | 210 000                |\n|---",
                                    "| Työpaketti | Kustannukset (euroa) |\n|---|---|\n"
                                    "| TP3 Sähköinen asiointi        | 210 000                |\n|---")
    table = read_markdown(tmp_path, text).tables[0]
    assert body_labels(table).count("Työpaketti") == 0
    assert len(table.body) == 5


def test_a_caption_between_tables_keeps_them_apart(tmp_path):
    text = SPLIT_COST_TABLE.replace("<!-- image -->\n\n| TP3", "<!-- image -->\n\nTaulukko 5. Muut kulut\n\n| TP3")
    doc = read_markdown(tmp_path, text)
    assert [t.number for t in doc.tables] == ["4", "5"]


def test_blank_lines_alone_are_not_a_page_break(tmp_path):
    text = SPLIT_COST_TABLE.replace("<!-- image -->", "")
    assert len(read_markdown(tmp_path, text).tables) == 2


def test_a_table_that_ends_in_its_total_is_complete(tmp_path):
    text = SPLIT_COST_TABLE.replace("| TP2 Asiakasohjauksen malli    | 85 000                 |\n",
                                    "| TP2 Asiakasohjauksen malli    | 85 000                 |\n"
                                    "| Yhteensä | 205 000 |\n")
    assert len(read_markdown(tmp_path, text).tables) == 2


def test_tables_of_different_widths_stay_apart(tmp_path):
    text = SPLIT_COST_TABLE.replace("| TP3 Sähköinen asiointi        | 210 000                |\n|---"
                                    "----------------------------|------------------------|",
                                    "| Vaihe | Aika | Vastuu |\n|---|---|---|")
    assert len(read_markdown(tmp_path, text).tables) == 2
