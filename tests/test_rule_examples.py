"""Every example in rules/examples/*.toml, run against its recogniser.

A reviewer who adds a pattern to rules/ adds an example next to it; this one
parametrised test runs it through the same code as `extract rules check`
(extract.rule_examples). Only the fields an example gives are compared.
"""

from __future__ import annotations

import pytest

from extract import rule_examples

EXAMPLES = rule_examples.load_examples()


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.file}:{e.line}:{e.text[:50]}" for e in EXAMPLES])
def test_example(example):
    assert rule_examples.failure(example) is None, rule_examples.failure(example)


def test_there_are_enough_examples():
    by_file = {name: sum(e.file == name for e in EXAMPLES) for name in ("money", "periods", "headings", "references")}
    assert by_file["money"] >= 60 and by_file["periods"] >= 60 and by_file["headings"] >= 20, by_file
    assert by_file["references"] >= 8, by_file


def test_a_wrong_expectation_fails():
    """The runner is not a rubber stamp: a changed value is reported."""
    example = next(e for e in EXAMPLES if e.file == "money" and e.data.get("expect"))
    wrong = rule_examples.Example(example.file, example.index, example.line,
                                  {**example.data, "expect": [{**example.data["expect"][0], "value": -1}]
                                   + example.data["expect"][1:]})
    assert "value: expected -1" in rule_examples.failure(wrong)
