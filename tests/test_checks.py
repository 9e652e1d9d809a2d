"""The reviewer's checks: the corpus's real inconsistencies (each verified by
reading the documents and redoing the sums by hand, see the notes below),
one planted error at a time in copies of the corpus, and consistent plans
that must raise nothing above info."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from extract.assemble import assemble
from extract.checks import RULES, markdown_table, run_checks
from extract.cli import cli
from extract.readers import read

from .conftest import CORPUS, KAINUU_2020, KAINUU_II, KANTA_HAME, POP_DIGI, ROOT

CONSISTENT = ROOT / "tests" / "data" / "checks"


def flags_of_text(tmp_path: Path, text: str, name: str = "plan.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    plan = assemble(read(str(path)))
    return run_checks(plan)


def summary(flags) -> set[tuple]:
    return {(f.rule, f.severity, f.where.line if f.where else None, f.expected, f.actual) for f in flags}


# --- the corpus: what a careful reviewer finds ------------------------------


def test_kainuu_2020_flags_are_what_a_reviewer_finds(plans):
    """Kainuu 2020, checked by hand:
    - Taulukko 5 (line 313, 316): 56 688 + 97 433 = 154 121 (table 154 120) and
      11 338 + 19 487 = 30 825 (table 30 824): rounding, 1 € each.
    - 80 % state aid everywhere (Taulukko 5: 45 350 / 56 688, 77 946 / 97 433;
      Taulukko 14, 2020: 351 536 / 439 420) except Taulukko 14, 2021:
      530 300 × 0,8 = 424 240, table 423 440 (line 775), and so its total
      969 720 × 0,8 = 775 776, table 774 976; and the Osa 3 prose (line 1400):
      722 510 × 0,8 = 578 008, text 578 808.
    - "taulukoihin 6 – 14" (573) about phases: 14 is the Osa 2 cost table;
      "taulukoissa 8 – 13" (598) about työpaketti 3: 13 is Työpaketti 4's;
      "taulukossa 15" (768) about costs: 15 is a phase table.
    - Taulukko 9 (611): 10-12/2021 before 1-5/2021; Taulukko 21 (1087):
      11/2020 – 10/2021 and 10-12/2021 share 10/2021; Taulukko 4 (290):
      1-4/2020 before the project's 1.8.2020 start.
    - Step numbers: Taulukko 8 (3 twice), 10 (2 twice), 11 (4 twice).
    - Työpaketti 3's measures are lettered a), b), e), d), e) (lines 438, 446,
      450; again 542): lettered lines off their run (structure, issue 11).
    """
    found = summary(f for f in plans[KAINUU_2020.name].flags if f.severity != "info" or f.rule == "rounding")
    assert found == {
        ("rounding", "info", 313, 154121.0, 154120.0),
        ("rounding", "info", 316, 30825.0, 30824.0),
        ("state-aid-share", "warning", 775, 424240.0, 423440.0),
        ("state-aid-share", "warning", 775, 775776.0, 774976.0),
        ("state-aid-share", "warning", 1400, 578008.0, 578808.0),
        ("table-reference", "error", 573, None, None),
        ("table-reference", "error", 598, None, None),
        ("table-reference", "error", 768, None, None),
        ("period-order", "warning", 611, None, None),
        ("period-order", "warning", 1087, None, None),
        ("outside-project-period", "warning", 290, None, None),
        ("step-numbers", "warning", 602, None, None),
        ("step-numbers", "warning", 618, None, None),
        ("step-numbers", "warning", 628, None, None),
        ("structure", "warning", 438, None, None),
        ("structure", "warning", 446, None, None),
        ("structure", "warning", 450, None, None),
        ("structure", "warning", 542, None, None),
    }


def test_kainuu_ii_investment_1_b_gap_is_an_error(plans):
    """The four units of Investointi 1 b): 65 000 + 462 100 + 213 940 +
    107 350 = 848 390 €; the summary table (line 391) gives 1 088 910 €. Every
    other row of that table matches its units (1 a): 876 660 + 1 182 060 +
    252 450 + 222 460 + 222 460 = 2 756 090 €)."""
    flags = plans[KAINUU_II.name].flags
    errors = [f for f in flags if f.severity == "error"]
    assert summary(errors) == {("unit-sum", "error", 391, 848390.0, 1088910.0)}
    [gap] = errors
    assert "65 000 € + 462 100 € + 213 940 € + 107 350 € = 848 390 €, taulukossa 1 088 910 € (ero 240 520 €)" in gap.message
    assert "the table gives 1 088 910 € (difference 240 520 €)" in gap.message_en
    same = {(f.expected, f.where.line) for f in flags if f.rule == "same-estimate"}
    assert (222460.0, 111) in same or (222460.0, 99) in same


@pytest.mark.parametrize("name", [KANTA_HAME.name, POP_DIGI.name])
def test_plans_without_costs_raise_no_error_or_warning(plans, name):
    """Kanta-Häme and POP-Digi state no project costs and no cost tables;
    their references and announced counts hold (POP-Digi: 8 measures)."""
    assert [f for f in plans[name].flags if f.severity in ("error", "warning")] == []


def test_every_flag_has_both_languages_and_a_fingerprint(plans):
    for plan in plans.values():
        for flag in plan.flags:
            assert flag.message and flag.message_en and flag.message != flag.message_en
            assert flag.fingerprint and len(flag.fingerprint) == 16
            assert flag.family == RULES[flag.rule].family


def test_fingerprints_survive_re_extraction():
    first = assemble(read(str(KAINUU_2020)))
    again = assemble(read(str(KAINUU_2020)))
    assert [f.fingerprint for f in run_checks(first)] == [f.fingerprint for f in run_checks(again)]


# --- one planted error at a time ----------------------------------------------

VARIANTS = ROOT / "tests" / "data" / "variants"

MUTATIONS = [
    # (document, text as printed, changed to, rule that must fire, where)
    (KAINUU_2020, "Valtionavustus\t45 350\t77 946", "Valtionavustus\t45 850\t77 946", "cost-table-sum", 315),
    (KAINUU_II, "Kustannusarvio:  876 660 €", "Kustannusarvio:  876 600 €", "unit-sum", 386),
    (KAINUU_2020, "Taulukossa 5 on esitetty", "Taulukossa 6 on esitetty", "table-reference", 308),
    (KAINUU_2020, "VAIHE\t8-12/ 2020\t1-3/ 2021\t4-6/ 2021\t7-9/ 2021\t10-12/ 2021\n1. JHS179",
     "VAIHE\t8-12/ 2020\t1-3/ 2022\t4-6/ 2021\t7-9/ 2021\t10-12/ 2021\n1. JHS179", "period-order", 579),
    (KAINUU_2020, "2. Järjestäjän tietotarpeisiin", "3. Järjestäjän tietotarpeisiin", "step-numbers", 579),
    (POP_DIGI, "Hanke koostuu kahdeksasta toimenpidekokonaisuudesta",
     "Hanke koostuu yhdeksästä toimenpidekokonaisuudesta", "unit-count", 103),
    # the structure variants (tests/data/variants), consistent as written
    (VARIANTS / "07_costs_everywhere.txt", "Hammashoidon jonot\t150 000", "Hammashoidon jonot\t160 000",
     "cost-table-sum", 41),
    (VARIANTS / "07_costs_everywhere.txt", "koostuu kolmesta työpaketista", "koostuu neljästä työpaketista",
     "unit-count", 4),
]


@pytest.mark.parametrize("document, before, after, rule_id, line", MUTATIONS,
                         ids=[f"{m[3]}-{m[0].name[:3]}" for m in MUTATIONS])
def test_a_planted_error_raises_a_new_flag_at_its_place(tmp_path, plans, document, before, after, rule_id, line):
    text = document.read_text(encoding="utf-8")
    assert text.count(before) == 1, "the mutation must name one place"
    if document.name not in plans:
        plans = {document.name: _checked(document)}
    original = {f.fingerprint for f in plans[document.name].flags}
    mutated = flags_of_text(tmp_path, text.replace(before, after), document.name)
    new = [f for f in mutated if f.fingerprint not in original]
    assert any(f.rule == rule_id and f.where and f.where.line == line for f in new), \
        [(f.rule, f.where.line if f.where else None, f.message) for f in new]
    assert all(f.rule != rule_id for f in plans[document.name].flags if f.where and f.where.line == line)


def _checked(path: Path):
    plan = assemble(read(str(path)))
    plan.flags = run_checks(plan)
    return plan


# --- consistent plans: nothing above info -------------------------------------


@pytest.mark.parametrize("path", sorted(p for p in CONSISTENT.glob("*.*") if p.suffix in (".txt", ".md") and p.name != "README.md"),
                         ids=lambda p: p.name)
def test_consistent_plans_raise_nothing_above_info(path):
    plan = assemble(read(str(path)))
    flags = run_checks(plan)
    assert [(f.rule, f.message) for f in flags if f.severity in ("error", "warning")] == []
    assert plan.tables, "the plan's tables were read"


def test_there_are_consistent_plans_to_check():
    assert len(list(CONSISTENT.glob("*.txt"))) >= 3


def test_a_markdown_cost_table_in_thousands_with_a_share_column():
    """Written by hand: 100 + 120 = 220, 80 + 100 = 180, 180 + 220 = 400 (in
    thousands, the caption says); the Osuus, % column is no money."""
    plan = assemble(read(str(CONSISTENT / "pipe-taulukko-tuhansina.md")))
    [table] = plan.tables
    assert (table.kind, table.number) == ("cost", "1")
    assert {c.column_label for c in table.cost_cells} == {"2025", "2026", "Yhteensä"}
    assert [c.value_eur for c in table.cost_cells if c.row_label == "Yhteensä"] == [180_000, 220_000, 400_000]


# --- small plans, one rule each -----------------------------------------------


def test_subtotal_rows_are_checked_and_the_grand_total_sums_the_subtotals(tmp_path):
    flags = flags_of_text(tmp_path, "Taulukko 1. Kustannukset\n\n"
                          "Kustannuslaji\t2025\t2026\n"
                          "Henkilöstö\t100 000\t120 000\n"
                          "Matkat\t5 000\t5 000\n"
                          "Välisumma yhteensä\t105 000\t125 000\n"
                          "Ostopalvelut\t40 000\t30 000\n"
                          "Kustannukset yhteensä\t145 000\t155 000\n")
    assert [f for f in flags if f.severity != "info"] == []
    wrong = flags_of_text(tmp_path, "Taulukko 1. Kustannukset\n\n"
                          "Kustannuslaji\t2025\t2026\n"
                          "Henkilöstö\t100 000\t120 000\n"
                          "Matkat\t5 000\t5 000\n"
                          "Välisumma yhteensä\t106 000\t125 000\n"
                          "Ostopalvelut\t40 000\t30 000\n"
                          "Kustannukset yhteensä\t146 000\t155 000\n")
    # the subtotal is wrong (100 000 + 5 000 = 105 000); the grand total sums the subtotals
    assert summary(f for f in wrong if f.rule == "cost-table-sum") == {
        ("cost-table-sum", "error", 6, 105000.0, 106000.0)}


def test_prose_split_across_sentences_of_one_paragraph(tmp_path):
    flags = flags_of_text(tmp_path, "Hankkeen kokonaiskustannukset ovat 500 000 euroa.\n"
                          "Haettava valtionavustus on 400 000 euroa ja omarahoitusosuus 90 000 euroa.\n")
    assert summary(f for f in flags if f.rule == "prose-split") == {("prose-split", "error", 1, 490000.0, 500000.0)}


def test_a_reference_to_a_missing_table(tmp_path):
    flags = flags_of_text(tmp_path, "Aikataulu on esitetty taulukossa 4.\n\n"
                          "Taulukko 1. Vaiheistus\n\nVaihe\t1-6/2025\t7-12/2025\n1. Suunnittelu\tx\t\n")
    [flag] = [f for f in flags if f.rule == "table-reference"]
    assert "taulukkoa 4 ei ole (taulukot: 1)" in flag.message and flag.where.line == 1


def test_a_unit_without_a_cost_among_costed_siblings(tmp_path):
    flags = flags_of_text(tmp_path, "Työpaketti 1: Hallinto\nKustannusarvio: 10 000 €\n\n"
                          "Työpaketti 2: Koulutus\nKustannusarvio: 20 000 €\n\n"
                          "Työpaketti 3: Viestintä\nTavoitteet: tiedottaminen\n")
    assert [(f.rule, f.where.line) for f in flags if f.rule == "missing-cost"] == [("missing-cost", 7)]


def test_a_rule_can_be_switched_off_or_made_milder(tmp_path, monkeypatch):
    import shutil

    from extract import rules

    copy = tmp_path / "rules"
    shutil.copytree(rules.default_rules_dir(), copy)
    checks = copy / "checks.toml"
    checks.write_text(checks.read_text(encoding="utf-8")
                      + '\n[rule.missing-cost]\nseverity = "info"\n\n[rule.same-estimate]\nenabled = false\n',
                      encoding="utf-8")
    monkeypatch.setenv(rules.ENV_VAR, str(copy))
    rules.use_rules(None)
    try:
        flags = flags_of_text(tmp_path, "Työpaketti 1: Hallinto\nKustannusarvio: 10 000 €\n\n"
                              "Työpaketti 2: Koulutus\nKustannusarvio: 10 000 €\n\n"
                              "Työpaketti 3: Viestintä\nTavoitteet: tiedottaminen\n")
        assert {(f.rule, f.severity) for f in flags} == {("missing-cost", "info")}
    finally:
        monkeypatch.delenv(rules.ENV_VAR)
        rules.use_rules(None)


def test_flags_command_speaks_finnish_and_english(tmp_path):
    db = str(tmp_path / "plans.db")
    CliRunner().invoke(cli, ["ingest", str(KAINUU_2020), "--db", db, "--jobs", "0"])
    fi = CliRunner().invoke(cli, ["flags", "--db", db]).output
    en = CliRunner().invoke(cli, ["flags", "--db", db, "--lang", "en"]).output
    assert "(rivi 313): info: [rounding] Taulukko 5" in fi and "(ero 1 €)" in fi
    assert "(line 313): info: [rounding] Table 5" in en and "(difference 1 €)" in en


def test_readme_table_of_checks_is_generated_from_the_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    inside = readme.split("<!-- checks:start -->\n")[1].split("\n<!-- checks:end -->")[0]
    assert inside == markdown_table(), "run: extract checks --markdown, and paste it into the README"
    assert CORPUS.exists()
