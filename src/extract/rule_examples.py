"""Run the examples in ``rules/examples/*.toml`` against their recognisers.

A reviewer who adds a pattern adds an example beside it; ``extract rules
check`` and the test suite both run every example through this module, so a
rule set is checked the same way with or without pytest. An example gives a
text and what must be found in it; only the fields it names are compared,
each against the attribute of the same name (``value`` is ``value_eur``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import rules

# Attribute names that differ from the example's field name.
ALIASES = {"value": "value_eur"}


@dataclass(frozen=True)
class Example:
    file: str  # "money", "periods", "headings"
    index: int  # 0-based position in the file
    line: int | None
    data: dict

    @property
    def text(self) -> str:
        return self.data["text"]


def _finders() -> dict[str, Callable[[str], list]]:
    from .recognise.headings import classify
    from .recognise.mentions import find_announcements, find_section_announcements
    from .recognise.money import find_money
    from .recognise.periods import find_periods
    from .recognise.phases import find_dated_phase
    from .recognise.references import find_references

    def heading(text: str) -> list:
        found = classify(text)
        return [] if found is None else [found]

    def announcements(text: str) -> list:
        """Unit counts, then section counts, each left to right."""
        return [*find_announcements(text), *find_section_announcements(text)]

    return {"money": find_money, "periods": find_periods, "headings": heading, "references": find_references,
            "phases": find_dated_phase, "announcements": announcements}


def load_examples(directory: Path | None = None) -> list[Example]:
    """Every example of every examples file in ``directory`` (default: the
    rules in use), in file order."""
    directory = directory or rules.rules_dir() / "examples"
    found = []
    for path in sorted(directory.glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise rules.RuleError(f"{path}: {exc}") from None
        starts = [n for n, line in enumerate(text.splitlines(), start=1) if line.strip() == "[[example]]"]
        for index, item in enumerate(data.get("example", [])):
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise rules.RuleError(f"{path}: example {index + 1} has no text")
            line = starts[index] if index < len(starts) else None
            found.append(Example(path.stem, index, line, item))
    return found


def failure(example: Example) -> str | None:
    """Why the example fails, or None when the recogniser finds exactly what
    it expects."""
    finder = _finders().get(example.file)
    if finder is None:
        return f"no recogniser for examples/{example.file}.toml"
    found = finder(example.text)
    if example.file == "headings":
        return _heading_failure(example.data, found)
    return _compare(found, example.data.get("expect", []))


def _heading_failure(data: dict, found: list) -> str | None:
    if data.get("none"):
        return None if not found else f"expected no heading, found {found[0]}"
    if not found:
        return "expected a heading, found none"
    return _compare(found, [data.get("expect", {})])


def _compare(found: list, expect: list[dict]) -> str | None:
    if len(found) != len(expect):
        return f"expected {len(expect)} match(es), found {len(found)}: {[_show(f) for f in found]}"
    for got, want in zip(found, expect):
        for key, value in want.items():
            actual = getattr(got, ALIASES.get(key, key), None)
            if not _same(value, actual):
                return f"{key}: expected {value!r}, got {actual!r} in {_show(got)}"
    return None


def _same(expected, actual) -> bool:
    if expected == "" and actual is None:
        return True
    if isinstance(expected, list) and isinstance(actual, tuple):
        actual = list(actual)
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return isinstance(actual, (int, float)) and abs(expected - actual) < 0.005
    return expected == actual


def _show(found) -> str:
    return getattr(found, "raw", None) or repr(found)


def failures(directory: Path | None = None) -> Iterator[tuple[Example, str]]:
    """Each failing example with its reason."""
    for example in load_examples(directory):
        reason = failure(example)
        if reason:
            yield example, reason
