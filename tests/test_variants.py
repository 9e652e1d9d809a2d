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
# Variants whose forms are not read yet (each one is listed in the issue note).
def section_paths(plan) -> dict[str, str]:
    """Each section's full path: "4 / investointi 4 / 4.1.5.1"."""
    by_key = {s.key: s for s in plan.sections}

    def level(section) -> str:
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
    }


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
