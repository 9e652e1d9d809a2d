"""Shared fixtures: the bundled corpus, fresh databases, the CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
# The corpus rendered as DOCX and PDF by scripts/render_corpus.py
RENDERED = ROOT / "tests" / "data" / "rendered"

KAINUU_2020 = CORPUS / "000_f8ae5a0080d48314.txt"
KAINUU_II = CORPUS / "002_e93039f89c2ced21.txt"
KANTA_HAME = CORPUS / "003_6c4a6b2977e6c292.txt"
POP_DIGI = CORPUS / "004_72151800bfc5fa4a.txt"


@pytest.fixture
def default_rules():
    """The test starts and ends with the default rules (a test may switch to a
    copy; the CLI's --rules sets the environment of this process, as it must
    for its workers)."""
    from extract import rules

    os.environ.pop(rules.ENV_VAR, None)
    rules.use_rules(None)
    yield
    os.environ.pop(rules.ENV_VAR, None)
    rules.use_rules(None)


@pytest.fixture
def db_path(tmp_path) -> str:
    return str(tmp_path / "plans.db")


@pytest.fixture(scope="session")
def plans():
    """Every corpus document read and assembled once per test session."""
    from extract.assemble import assemble
    from extract.checks import run_checks
    from extract.readers import read

    result = {}
    for path in (KAINUU_2020, KAINUU_II, KANTA_HAME, POP_DIGI):
        plan = assemble(read(str(path)))
        plan.flags = run_checks(plan)
        result[path.name] = plan
    return result


@pytest.fixture
def reviewer_db(tmp_path) -> str:
    """tests/reviewer_plan.py ingested into a fresh database (report, browser
    and corpus-access tests)."""
    from click.testing import CliRunner

    from extract.cli import cli

    from .reviewer_plan import PLAN

    plan = tmp_path / "itasavo.txt"
    plan.write_text(PLAN, encoding="utf-8")
    db = str(tmp_path / "plans.db")
    result = CliRunner().invoke(cli, ["ingest", str(plan), "--db", db, "--jobs", "0"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def rules_copy(tmp_path, default_rules):
    """A reviewer's own copy of the rules, to edit (the test ends with the defaults)."""
    import shutil

    from extract import rules

    copy = tmp_path / "rules"
    shutil.copytree(rules.default_rules_dir(), copy)
    return copy


def append_to_rules(copy: Path, name: str, toml: str) -> None:
    """Add ``toml`` at the end of the copy's ``rules/<name>.toml``."""
    path = copy / f"{name}.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + toml + "\n", encoding="utf-8")

