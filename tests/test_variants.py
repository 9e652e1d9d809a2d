"""The variant plans of tests/data/variants/: each outline was written by hand
before the code ran on the plan (see the folder's README)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from extract.assemble import assemble
from extract.checks import run_checks
from extract.readers import read

VARIANTS = Path(__file__).resolve().parent / "data" / "variants"
PLANS = sorted(p for p in VARIANTS.iterdir() if p.suffix in (".txt", ".md", ".docx", ".pdf") and p.name != "README.md")
TYPOGRAPHIC = "väliotsikko"  # a heading without number or section word: its level is its title


def section_paths(plan) -> dict[str, str]:
    """Each section's full path: "4 / investointi 4 / 4.1.5.1", "Toimenpiteet / Kotihoito"."""
    by_key = {s.key: s for s in plan.sections}

    def level(section) -> str:
        if section.kind == TYPOGRAPHIC:
            return section.title
        return section.number if section.kind == "otsikko" else f"{section.kind} {section.number}"

    paths = {}
    for section in plan.sections:
        parts, current = [], section
        while current is not None:
            parts.append(level(current))
            current = by_key.get(current.parent_key)
        paths[section.key] = " / ".join(reversed(parts))
    return paths


def outline(plan) -> dict:
    paths = section_paths(plan)
    return {
        "title": plan.title,
        "sections": [(paths[s.key], s.title) for s in plan.sections],
        "units": [
            (paths.get(u.section_key, ""), u.kind, u.number, u.title, u.cost_eur, u.cost_source)
            for u in plan.units
        ],
        "announced": [(a.kind, a.count, paths.get(a.section_key, "")) for a in plan.announced],
        "flags": [[f.rule, f.where.line if f.where else None] for f in plan.flags if f.severity != "info"],
        "cost_rows": cost_rows(plan, paths),
    }


def cost_rows(plan, paths) -> list[tuple[str, str]]:
    """(row label, path of the section the row names; "" for none) of every
    cost-table row that names no total, state aid or own financing."""
    from extract.recognise.tables import label_role

    rows = []
    for table in plan.tables:
        labels = {c.row: c.row_label for c in table.cost_cells}
        for row, label in sorted(labels.items()):
            if label_role(label) is None:
                rows.append((label, paths.get(table.row_sections.get(row), "")))
    return rows


def expected_outline(path: Path) -> dict:
    data = tomllib.loads(path.with_name(path.stem + ".expected.toml").read_text(encoding="utf-8"))
    return {
        "title": data.get("title"),
        "sections": [(s["path"], s["title"]) for s in data.get("section", [])],
        "units": [
            (u["path"], u["kind"], u["number"], u["title"], u.get("cost"), u.get("cost_source"))
            for u in data.get("unit", [])
        ],
        "announced": [(a["kind"], a["count"], a["path"]) for a in data.get("announced", [])],
        "flags": data.get("flags", []),
        "cost_rows": [(r["label"], r["path"]) for r in data.get("cost_row", [])],
    }


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_variant_outline(path):
    plan = assemble(read(str(path)))
    plan.flags = run_checks(plan)
    assert outline(plan) == expected_outline(path)


def test_every_variant_has_its_expected_outline():
    assert len(PLANS) >= 10
    for path in PLANS:
        assert path.with_name(path.stem + ".expected.toml").exists(), path.name


def test_a_cost_row_joins_its_section_and_the_sections_units_in_sql(tmp_path):
    """The row → section link is stored (cost_cells.section_id), so SQL
    compares a row with the units of the section it names."""
    import sqlite3

    from click.testing import CliRunner

    from extract.cli import cli

    db = tmp_path / "plans.db"
    plan = VARIANTS / "16_cost_rows_and_stray_letters.txt"
    result = CliRunner().invoke(cli, ["ingest", str(plan), "--db", str(db), "--jobs", "0"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        joined = conn.execute("""
            SELECT c.row_label, c.value_eur, s.kind, s.number, sum(w.cost_eur), count(w.id)
            FROM cost_cells c
            JOIN sections s ON s.id = c.section_id
            JOIN work_packages w ON w.section_id = s.id
            GROUP BY c.id ORDER BY c.row""").fetchall()
        unlinked = conn.execute("SELECT row_label FROM cost_cells WHERE section_id IS NULL ORDER BY row").fetchall()
    assert joined == [
        ("Investointi 1 a) Asukasosallisuus", 30000, "osa", "a", 30000, 2),
        ("Investointi 1 b)", 40000, "osa", "b", 40000, 1),
        ("Nuorten osallisuus", 20000, "investointi", "2", 20000, 2),
    ]
    assert unlinked == [("Osa-alue 5",), ("Yhteensä",)]


def test_readers_give_the_typography_the_outline_nests_by():
    """The PDF's font sizes become levels (18 pt 1, 14 pt 2, 12 pt 3, 11 pt
    bold 4, 10 pt bold 5); a short all-bold Word paragraph is a heading
    without a level."""
    pdf = read(str(VARIANTS / "15_pdf_font_size_headings.pdf"))
    headings = [(ln.text, ln.level) for ln in pdf.lines if ln.heading]
    assert headings[:8] == [
        ("Kotona asumisen tuki", 1), ("Tausta", 2), ("Toimenpiteet", 2), ("Kotihoito", 3),
        ("Työpaketti 1: Etähoiva", 4), ("Tavoitteet", 5), ("Kustannusarvio", 5), ("Työpaketti 2: Kotikuntoutus", 4),
    ]
    assert not any(ln.heading for ln in pdf.lines if ln.text in ("60 000 €", "Hanke tukee ikäihmisten kotona asumista."))
    word = read(str(VARIANTS / "14_word_typographic_headings.docx"))
    styled = {ln.text: (ln.heading, ln.level) for ln in word.lines if ln.text}
    assert styled["Toteutus"] == (True, None)
    assert styled["Kotihoito"] == (True, 2)
    assert styled["Valmennus järjestetään pienryhmissä."] == (False, None)


def test_typographic_headings_are_levels_of_the_section_paths_view(tmp_path):
    import sqlite3

    from click.testing import CliRunner

    from extract.cli import cli

    db = tmp_path / "plans.db"
    plan = VARIANTS / "13_markdown_typographic_headings.md"
    result = CliRunner().invoke(cli, ["ingest", str(plan), "--db", str(db), "--jobs", "0"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        units = conn.execute("""
            SELECT p.path, w.number, w.title FROM work_packages w JOIN section_paths p ON p.section_id = w.section_id
            ORDER BY w.line""").fetchall()
    assert units == [
        ("Toimenpiteet / Neuvola", "1", "Neuvolachat"),
        ("Toimenpiteet / Neuvola", "2", "Perhevalmennus verkossa"),
        ("Toimenpiteet / Varhaiskasvatus", "1", "Kiertävä erityisopettaja"),
    ]
