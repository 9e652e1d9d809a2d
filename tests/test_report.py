"""The reviewer's report (HTML and Markdown) and its labels and number formats."""

from __future__ import annotations

import sqlite3

from click.testing import CliRunner

from extract import i18n
from extract.cli import cli

from .reviewer_plan import TITLE


def run(*args):
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result



def test_euros_are_written_the_finnish_way():
    assert i18n.eur(1182060) == "1 182 060 €"
    assert i18n.eur(12.5) == "12,50 €"
    assert i18n.eur(-100) == "-100 €"
    assert i18n.eur(10000, signed=True) == "+10 000 €"
    assert i18n.eur(0.999) == "1 €"
    assert i18n.eur(None) == "–"


def test_dates_are_written_the_finnish_way():
    assert i18n.date("2024-03-01", "fi") == "1.3.2024"
    assert i18n.date("2025-02", "en") == "2/2025"
    assert i18n.date(None, "fi") == "–"


def test_every_label_has_both_languages():
    for key, entry in i18n.LABELS.items():
        assert set(entry) == set(i18n.LANGUAGES) and all(entry.values()), key


def test_report_shows_totals_flags_and_escapes_document_text(reviewer_db, tmp_path):
    out = tmp_path / "r.html"
    assert run("report", "itasavo.txt", "--db", reviewer_db, "-o", str(out)).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html
    assert "1.3.2024 – 28.2.2025" in html
    # units 120 500 + 80 000 against the section table's 210 500
    assert "200 500 €" in html and "210 500 €" in html and "+10 000 €" in html
    # the two errors of Taulukko 1 and the split repeated in the prose, with the source lines around them
    assert html.count('class="flag error"') == 3
    assert "42 100 €" in html and "210 400 €" in html
    assert "Omarahoitus\t30 000\t12 100\t42 000" in html
    assert "Tarkastusraportti" in html and "Havainnot (3)" in html
    assert html.count('class="bar"') >= 2  # the two units' schedules on the timeline


def test_report_in_english_and_markdown(reviewer_db):
    english = run("report", "itasavo.txt", "--db", reviewer_db, "--lang", "en").output
    assert "Review report" in english and "Flags (3)" in english and "Tarkastusraportti" not in english
    markdown = run("report", "itasavo.txt", "--db", reviewer_db, "--format", "md").output
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    assert "| Omarahoitus | 30 000 € | 12 100 € | 42 000 € |" in markdown
    assert "**+10 000 €**" in markdown
    split = [ln for ln in markdown.splitlines() if ln.startswith("| valtionavustus + omarahoitus")]
    assert len(split) == 1 and "| 210 500 € | 210 400 € | **+100 €** | s. 1, r. 24 |" in split[0]


def test_report_all_writes_a_page_per_document_and_an_index(reviewer_db, tmp_path):
    folder = tmp_path / "reports"
    assert run("report", "--all", "-o", str(folder), "--db", reviewer_db).exit_code == 0
    pages = sorted(p.name for p in folder.iterdir())
    assert len(pages) == 2 and "index.html" in pages
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert [p for p in pages if p != "index.html"][0] in index and "&lt;script&gt;" in index


def test_report_of_an_unknown_document_is_a_one_line_error(reviewer_db):
    result = run("report", "ei-ole.txt", "--db", reviewer_db)
    assert result.exit_code == 1 and "no document 'ei-ole.txt'" in result.output
    assert run("report", "--db", reviewer_db).exit_code == 2


def test_title_with_markup_is_stored_as_text(reviewer_db):
    with sqlite3.connect(reviewer_db) as conn:
        assert conn.execute("select title from documents").fetchone() == (TITLE,)


def test_months_on_the_timeline():
    from extract.report import month_index

    august_2020 = 2020 * 12 + 7
    assert month_index("2020-08") == august_2020
    assert month_index("2020-08", end=True) == august_2020 + 1
    assert month_index("2020-08-01") == august_2020
    assert month_index("2020-08-31", end=True) == august_2020 + 1
    assert month_index(None) is None


def test_markdown_escapes_document_text():
    from extract.report import md_escape

    assert md_escape("a|b <x> *y* [z]") == "a\\|b &lt;x&gt; \\*y\\* \\[z\\]"
    assert md_escape("rivi\nja\tsarake") == "rivi ja sarake"


def test_every_rule_the_checks_raise_has_a_label_in_both_languages():
    from extract.checks import RULES

    assert {"cost-table-sum", "unit-sum", "table-reference", "structure"} <= set(RULES)
    for rule_id, spec in RULES.items():
        fi, en = i18n.label(f"rule_{rule_id}", "fi"), i18n.label(f"rule_{rule_id}", "en")
        assert (fi, en) == (spec.fi, spec.en) and fi != en, rule_id


