"""Every example in rules/examples/*.toml, run against its recogniser.

A reviewer who adds a pattern to rules/ adds an example next to it; this one
parametrised test runs it. Only the fields an example gives are compared.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from extract.recognise.headings import classify
from extract.recognise.money import find_money
from extract.recognise.periods import find_periods

EXAMPLES = Path(__file__).resolve().parents[1] / "rules" / "examples"


def examples(name: str):
    data = tomllib.loads((EXAMPLES / f"{name}.toml").read_text(encoding="utf-8"))
    return [pytest.param(e, id=e["text"][:60]) for e in data["example"]]


def _same(expected, actual) -> bool:
    if expected == "" and actual is None:
        return True
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return actual is not None and abs(expected - actual) < 0.005
    return expected == actual


def _check(found: list[dict], expect: list[dict]) -> None:
    assert len(found) == len(expect), f"found {found}"
    for got, want in zip(found, expect):
        for key, value in want.items():
            assert _same(value, got[key]), f"{key}: expected {value!r}, got {got[key]!r} in {got}"


@pytest.mark.parametrize("example", examples("money"))
def test_money(example):
    found = [
        {"value": m.value_eur, "raw": m.raw, "approximate": m.approximate, "role": m.role,
         "range_end_eur": m.range_end_eur, "bound": m.bound}
        for m in find_money(example["text"])
    ]
    _check(found, example["expect"])


@pytest.mark.parametrize("example", examples("periods"))
def test_periods(example):
    found = [
        {"raw": p.raw, "start": p.start, "end": p.end, "precision": p.precision, "valid": p.valid}
        for p in find_periods(example["text"])
    ]
    _check(found, example["expect"])


@pytest.mark.parametrize("example", examples("headings"))
def test_headings(example):
    heading = classify(example["text"])
    if example.get("none"):
        assert heading is None, heading
        return
    assert heading is not None
    _check([heading.__dict__], [example["expect"]])


def test_there_are_enough_examples():
    assert len(examples("money")) >= 60
    assert len(examples("periods")) >= 60
