"""A purchase one unit makes for another: "Aikataulu: 8-12/2023 järjestelmän
määrittely ja kilpailutus (hankinta inv. 4), 1-8/2024 järjestelmän
käyttöönotto" in one unit, while the unit of Investointi 4 that buys the
system dates "1-3/2024 järjestelmän kilpailutus, järjestelmän hankinta
4/2024". The two schedules give the same tendering two timings, and the
system is put to use before it is bought.

Only where the link is written out: a sentence of unit X names a purchase
(rules/checks.toml [cross_unit] purchase) and another section ("hankinta
investointi 4:ssä", "(hankinta inv. 4)"); exactly one unit of that section
dates a purchase and names X's title in its text (the system it buys). A
warning: plans revise one unit's schedule and not the other's, and the
reviewer decides which is right.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from .. import rules
from ..plan import Plan, WorkUnit
from ..recognise.mentions import section_refs_at
from ..recognise.periods import find_periods
from ..recognise.words import content_words, same_word
from .items import LONG_WORD, LineSpans, line_spans
from .registry import Finding, Settings, rule

CLAUSE_END = regex.compile(r"[,;]\s+|\.\s+(?=[A-ZÅÄÖ])|\.\s*$")  # "inv. 4" is no sentence end
LETTERS = regex.compile(r"[^\W\d_]+")  # a word: letters only
# a sentence end or a parenthesis: a purchase named in parentheses is its own statement
SENTENCE_OR_PARENTHESIS = regex.compile(r"(?<=[.!?])\s+|\(|\)")


@dataclass(frozen=True)
class Dated:
    """One clause of a unit's schedule with one period: "1-3/2024 järjestelmän kilpailutus"."""

    text: str
    period: str
    start: str
    end: str
    purchase: frozenset[str]  # purchase stems in it
    use: bool


@lru_cache(maxsize=None)
def _words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    cfg = rules.load("checks").get("cross_unit", {})
    return tuple(w.lower() for w in cfg.get("purchase", [])), tuple(w.lower() for w in cfg.get("use", []))


def _stems_in(text: str, stems: tuple[str, ...]) -> frozenset[str]:
    lowered = text.lower()
    present = [s for s in stems if s in lowered]  # a word starting with a stem holds it
    if not present:
        return frozenset()
    words = [w.lower() for w in LETTERS.findall(text)]
    return frozenset(s for s in present if any(w.startswith(s) for w in words))


def dated_clauses(schedule: str) -> list[Dated]:
    """The clauses of a schedule that hold exactly one period, with the activities they name."""
    purchase, use = _words()
    found = []
    for clause in CLAUSE_END.split(schedule or ""):
        periods = [p for p in find_periods(clause) if p.valid and p.start and p.end]
        if len(periods) != 1:
            continue
        p = periods[0]
        bought = _stems_in(clause, purchase)
        found.append(Dated(clause.strip(), p.raw, p.start[:7], p.end[:7], bought,
                           not bought and bool(_stems_in(clause, use))))
    return found


def _unit_text(plan: Plan, layout: LineSpans, unit: WorkUnit) -> str:
    return " ".join(plan.lines[i].text for start, end in layout.unit_spans.get(unit.key, []) for i in range(start, end))


def _ancestors(plan: Plan, key: str | None) -> list[str]:
    parents = {s.key: s.parent_key for s in plan.sections}
    chain = []
    while key is not None and key not in chain:
        chain.append(key)
        key = parents.get(key)
    return chain


def _purchase_targets(plan: Plan, unit: WorkUnit, text: str) -> set[str]:
    """Keys of the other sections a sentence of the unit says a purchase is made in."""
    purchase, _use = _words()
    own = set(_ancestors(plan, unit.section_key))
    targets = set()
    for sentence in SENTENCE_OR_PARENTHESIS.split(text):
        if not _stems_in(sentence, purchase):
            continue
        for _at, kind, number in section_refs_at(sentence):
            named = [s.key for s in plan.sections if s.kind == kind and s.number == number]
            if len(named) == 1 and named[0] not in own:
                targets.add(named[0])
    return targets


def _names_title(title: str, text: str) -> bool:
    """Every word of the title is in the text, a long one at least as itself ("palvelutarjotin")."""
    words = content_words(title)
    found = content_words(text)
    long_words = [w for w in words if len(w) >= LONG_WORD]
    return bool(long_words) and all(any(same_word(w, t) for t in found) for w in words) and \
        all(any(w[:LONG_WORD] == t[:LONG_WORD] for t in found) for w in long_words)


@rule("cross-unit-timing", "schedule", "warning",
      "toisen työkokonaisuuden hankinta on ajoitettu molemmissa samoin, eikä käyttöönotto ala ennen hankintaa",
      "a purchase made in another unit has the same timing in both, and use does not start before it")
def cross_unit_timing(plan: Plan, settings: Settings) -> Iterator[Finding]:
    if not any(_words()):
        return
    layout = line_spans(plan)
    schedules = {u.key: dated_clauses(u.schedule_text or "") for u in plan.units}
    for unit in plan.units:
        mine = schedules[unit.key]
        if not mine:
            continue
        for target in sorted(_purchase_targets(plan, unit, _unit_text(plan, layout, unit))):
            inside = [u for u in plan.units if target in _ancestors(plan, u.section_key) and u.key != unit.key]
            buyers = [u for u in inside if any(d.purchase for d in schedules[u.key])
                      and _names_title(unit.title, _unit_text(plan, layout, u))]
            if len(buyers) != 1:
                continue  # none, or no telling which
            finding = _compare(plan, unit, mine, buyers[0], schedules[buyers[0].key], target)
            if finding:
                yield finding


def _compare(plan: Plan, unit: WorkUnit, mine: list[Dated], buyer: WorkUnit, theirs: list[Dated], target: str):
    differ = []
    for stem in sorted({s for d in mine for s in d.purchase} & {s for d in theirs for s in d.purchase}):
        here = [d for d in mine if stem in d.purchase]
        there = [d for d in theirs if stem in d.purchase]
        if not any(a.start <= b.end and b.start <= a.end for a in here for b in there):
            differ.append((stem, here[0], there[0]))
    bought = max((d for d in theirs if d.purchase), key=lambda d: d.start)
    early = [d for d in mine if d.use and d.start < bought.start]
    if not differ and not early:
        return None
    section = next(s for s in plan.sections if s.key == target)
    name, other = f"{unit.kind} {unit.number}", f"{buyer.kind} {buyer.number}"
    parts_fi, parts_en = [], []
    for clause in dict.fromkeys(a for _s, a, _b in differ):
        there = " ja ".join(f"'{b.text}'" for _s, a, b in differ if a is clause)
        there_en = " and ".join(f"'{b.text}'" for _s, a, b in differ if a is clause)
        parts_fi.append(f"täällä '{clause.text}', siellä {there}")
        parts_en.append(f"here '{clause.text}', there {there_en}")
    if early:
        parts_fi.append(f"käyttöönotto '{early[0].text}' alkaa ennen hankintaa '{bought.text}'")
        parts_en.append(f"use '{early[0].text}' starts before the purchase '{bought.text}'")
    where_fi = f"{section.kind} {section.number}"
    return Finding(
        f"cross|{unit.key}|{buyer.key}",
        f"{name.capitalize()}: hankinta tehdään muualla ({where_fi}), ja siellä {other} '{buyer.title[:60]}' "
        f"(rivi {buyer.where.line}) ajoittaa sen toisin: {'; '.join(parts_fi)}",
        f"{name.capitalize()}: the purchase is made elsewhere ({where_fi}), where {other} '{buyer.title[:60]}' "
        f"(line {buyer.where.line}) dates it differently: {'; '.join(parts_en)}",
        line_of(plan, unit, differ[0][1].text if differ else early[0].text) or unit.where,
        evidence={"unit": name, "buyer": other, "buyer_line": buyer.where.line, "section": target,
                  "differ": [{"activity": s, "here": a.period, "there": b.period} for s, a, b in differ],
                  "use_before_purchase": [{"use": d.period, "purchase": bought.period} for d in early]},
    )


def line_of(plan: Plan, unit: WorkUnit, clause: str):
    """Where the unit's schedule states the clause."""
    layout = line_spans(plan)
    for start, end in layout.unit_spans.get(unit.key, []):
        for i in range(start, end):
            if clause in plan.lines[i].text:
                return plan.lines[i].where()
    return None
