"""References in prose to the plan's own tables ("taulukossa 15",
"taulukoihin 6 – 14", "taulukoissa 3 ja 4"), with the kind of table the
sentence expects: a sentence about costs points at a cost table, one about
phases and schedules at a phase table.

A caption line ("Taulukko 14. …") names its own table and is not a
reference. Vocabulary in ``rules/references.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .. import rules

MAX_RANGE = 40  # "taulukot 6–14" lists at most this many tables


@dataclass(frozen=True)
class TableReference:
    numbers: tuple[str, ...]  # every table named, ranges expanded ("6"…"14")
    raw: str
    start: int
    end: int
    expects: str | None  # "cost", "phase" or None when the sentence does not tell
    sentence: str


@lru_cache(maxsize=None)
def _patterns() -> tuple[regex.Pattern, regex.Pattern, dict[str, list[str]]]:
    cfg = rules.load("references")
    stems = rules.alternation(cfg["table"]["stems"])
    joiners = rules.alternation(cfg["table"]["joiners"])
    dash = rules.load("periods")["dash"]["regex"]
    number = r"\d{1,3}[a-z]?"
    reference = regex.compile(
        rf"(?i)(?<!\w)(?:{stems})\w*\s+(?P<first>{number})(?!\w|[.,]\d)"
        rf"(?:(?P<dash>{dash})(?P<last>{number})(?!\w)|(?P<more>(?:\s*,\s*{number}(?!\w))*\s+(?:{joiners})\s+{number}(?!\w)))?")
    caption = rules.compile_pattern(rules.load("tables")["caption"]["regex"], "tables.toml [caption]")
    expects = {kind: [w.lower() for w in words] for kind, words in cfg["expects"].items()}
    return reference, caption, expects


def find_table_references(text: str) -> list[TableReference]:
    reference, caption, expects = _patterns()
    if caption.match(text):
        return []
    found = []
    for m in reference.finditer(text, timeout=rules.REGEX_TIMEOUT):
        numbers = _numbers(m)
        if not numbers:
            continue
        sentence = _clause(text, m.start(), m.end())
        lowered = sentence.lower()
        kinds = [kind for kind, words in expects.items() if any(w in lowered for w in words)]
        found.append(TableReference(tuple(numbers), m.group(0), m.start(), m.end(),
                                    kinds[0] if len(kinds) == 1 else None, sentence))
    return found


def _numbers(m: regex.Match) -> list[str]:
    first = m.group("first")
    if m.group("last"):
        if not (first.isdigit() and m.group("last").isdigit()):
            return [first, m.group("last")]
        low, high = int(first), int(m.group("last"))
        if not 0 < high - low <= MAX_RANGE:
            return []
        return [str(n) for n in range(low, high + 1)]
    if m.group("more"):
        return [first, *regex.findall(r"\d{1,3}[a-z]?", m.group("more"))]
    return [first]


def _clause(text: str, start: int, end: int) -> str:
    """The part of the sentence the reference stands in: up to the sentence
    ends and the commas around it (a comma often starts the next claim)."""
    left = max(text.rfind(". ", 0, start), text.rfind(", ", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find(", ", end)) if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left + 1 if left != -1 else 0:right]
