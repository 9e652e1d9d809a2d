"""One unit waits for another: "Työpaketti 4:n aloitus on riippuvainen
siitä, että työpaketissa 3 olevat työvälineet (TIJO ja
asiakaspalautejärjestelmä) on saatu käyttöön", while the phase table of
työpaketti 4 starts it in 1-3/2021 and the deployment of työpaketti 3's
customer-feedback system is dated 4-6/2021.

The sentence is read by ``find_dependencies`` (rules/references.toml
[dependency]); both units are looked up where the sentence stands (the
units of its own section first). Each unit's dates are the marks of the
phase tables linked to it (``PlanTable.unit_key``) and the periods of its
own schedule text. When the sentence names what is awaited and a table of
the awaited unit has it in its caption ("asiakaspalautejärjestelmä"), that
table is compared; otherwise the unit's whole schedule. A deployment awaited
("saatu käyttöön") is compared with the deployment steps
([dependency] deployment_steps), else with the last dated step.

Flagged only when the waiting unit starts before the awaited step's last
period even begins: a waiting unit that starts in the same quarter its
prerequisite is deployed is the plan's own rough planning, not a
contradiction. A warning: the tables are linked to units by where they
stand (the message says so when no caption names the unit), and the
reviewer decides which date is right.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from .. import rules
from ..model import Where
from ..plan import Plan, PlanTable, WorkUnit
from ..recognise.mentions import find_mentions
from ..recognise.references import DependencyStatement, dependency_pieces, find_dependencies
from ..recognise.words import content_words, same_word
from .cross_units import dated_clauses, line_of
from .items import line_spans
from .prose import text_lines
from .registry import Finding, Settings, rule

ENDING = 6  # letters a deployment word may have after its stem ("käyttöönot|toa"); more makes a compound
NAME_WORD = 8  # a word of the awaited thing this long names it ("asiakaspalautejärjestelmä"), or an acronym ("TIJO")
LETTERS = regex.compile(r"[^\W\d_]+")  # a word: letters only
SHORT_WORD = regex.compile(r"[^\W\d_]{2,}")  # a word of two letters or more ("TP", "IT")
PARENTHESISED = regex.compile(r"\([^()]*\)?")  # "(määrittely, toteutus, käyttöönotto)", also unclosed
ACRONYM = regex.compile(r"(?<!\w)[A-ZÅÄÖ]{2,6}(?!\w)")  # "TIJO", "ICT"


@dataclass(frozen=True)
class DatedStep:
    """One dated step of a unit: a phase-table mark or a schedule clause."""

    step: str
    period: str
    start: str  # YYYY-MM
    end: str
    deployment: bool
    table: PlanTable | None
    where: Where

    def source(self, line_word: str) -> str:
        finnish = line_word == "rivi"
        name = f"{'Taulukko' if finnish else 'Table'} {self.table.number}, " \
            if self.table is not None and self.table.number else ""
        return f"{name}{place(self.where, finnish)}: '{self.step[:60]}'"


def place(where: Where, finnish: bool) -> str:
    """"rivi 643", or "sivu 12, rivi 11" where the document has pages."""
    line = f"{'rivi' if finnish else 'line'} {where.line}"
    return f"{'sivu' if finnish else 'page'} {where.page}, {line}" if where.page and where.page > 1 else line


@lru_cache(maxsize=None)
def _deployment_steps() -> tuple[str, ...]:
    return tuple(w.lower() for w in rules.load("references").get("dependency", {}).get("deployment_steps", []))


def _is_deployment(text: str) -> bool:
    """A step named as a deployment ("5. Käyttöönotto, koulutukset",
    "Sovelluksen koulutus ja käyttöönotto"). Not a compound that only starts
    with the word ("Käyttöönottosuunnitelma" plans it), and not a word in
    parentheses ("Pilotti (määrittely, toteutus, käyttöönotto)" lists what
    the step holds).

    A text that holds no deployment stem at all has no word starting with
    one: most step names and caption words are answered by that test."""
    lowered = text.lower()
    stems = [stem for stem in _deployment_steps() if stem in lowered]
    if not stems:
        return False
    words = LETTERS.findall(PARENTHESISED.sub(" ", lowered))
    return any(w.startswith(stem) and len(w) - len(stem) <= ENDING for w in words for stem in stems)


def _family(plan: Plan, unit: WorkUnit) -> set[str]:
    """The unit's key and those of its sub-units."""
    keys = {unit.key}
    grew = True
    while grew:
        more = {u.key for u in plan.units if u.parent_key in keys} - keys
        keys |= more
        grew = bool(more)
    return keys


def _groups(plan: Plan, unit: WorkUnit) -> list[tuple[PlanTable | None, list[DatedStep]]]:
    """The unit's dated steps, one group per phase table and one for its schedule text."""
    keys = _family(plan, unit)
    groups = []
    for table in plan.tables:
        if table.kind == "phase" and table.unit_key in keys:
            steps = [DatedStep(m.step, m.period_raw, m.start[:7], (m.end or m.start)[:7], _is_deployment(m.step),
                               table, m.where) for m in table.phase_marks if m.start]
            if steps:
                groups.append((table, steps))
    for member in (u for u in plan.units if u.key in keys):
        clauses = dated_clauses(member.schedule_text or "")
        if clauses:
            groups.append((None, [DatedStep(c.text, c.period, c.start, c.end, _is_deployment(c.text), None,
                                            line_of(plan, member, c.text) or member.where) for c in clauses]))
    return groups


def _names(awaited: str) -> list[str]:
    """Words that name the awaited thing: long compound nouns and acronyms."""
    acronyms = [w.lower() for w in ACRONYM.findall(awaited)]
    return [w for w in content_words(awaited) if len(w) >= NAME_WORD] + acronyms


def _named_in(caption: str | None, names: list[str]) -> bool:
    words = content_words(caption) + [w.lower() for w in SHORT_WORD.findall(caption or "")]
    kept = [w for w in words if not _is_deployment(w)]
    return any(same_word(n, w) for n in names for w in kept)


def _resolve(plan: Plan, kind: str, number: str, position: int) -> WorkUnit | None:
    """The one unit of that kind and number the sentence at ``position``
    means: the one in the sentence's own section when there are several.
    No number ("tämän työpaketin"): the unit of that kind the sentence
    stands in."""
    layout = line_spans(plan)
    if not number:
        around = [(h, u) for u in plan.units if u.kind == kind
                  for h, e in layout.unit_spans.get(u.key, []) if h <= position < e]
        return max(around, key=lambda pair: pair[0])[1] if around else None
    units = [u for u in plan.units if u.kind == kind and u.number == number and u.parent_key is None]
    home = layout.home(position)
    if home is not None and len(units) > 1:
        start, end = layout.section_spans[home.key]
        units = [u for u in units if any(start <= h < end for h, _e in layout.unit_spans.get(u.key, []))]
    return units[0] if len(units) == 1 else None


def _unit_name(unit: WorkUnit) -> str:
    return f"{unit.kind} {unit.number}"


def _caption_names(table: PlanTable, unit: WorkUnit) -> bool:
    return any((m.kind, m.number) == (unit.kind, unit.number) for m in find_mentions(table.caption or ""))


@rule("dependency-timing", "schedule", "warning",
      "työkokonaisuus, jonka aloitus odottaa toisen tulosta, ei ala aikataulussa ennen sitä",
      "a unit said to start only after another unit's result does not start before it in the schedule")
def dependency_timing(plan: Plan, settings: Settings) -> Iterator[Finding]:
    if not plan.units:
        return
    for position, line in text_lines(plan).holding(dependency_pieces()):
        for statement in find_dependencies(line.text):
            finding = _check(plan, line, position, statement)
            if finding:
                yield finding


def _check(plan: Plan, line, position: int, statement: DependencyStatement) -> Finding | None:
    dependent = _resolve(plan, *statement.dependent, position)
    prerequisite = _resolve(plan, *statement.prerequisite, position)
    if dependent is None or prerequisite is None or _family(plan, dependent) & _family(plan, prerequisite):
        return None  # not found, not told apart, or one inside the other
    own = [s for _t, steps in _groups(plan, dependent) for s in steps]
    groups = _groups(plan, prerequisite)
    if not own or not groups:
        return None
    first = min(own, key=lambda s: (s.start, s.end))
    names = _names(statement.awaited)
    named = [(t, steps) for t, steps in groups if t is not None and names and _named_in(t.caption, names)]
    compared = named or [(None, [s for _t, steps in groups for s in steps])]
    late = []
    for _table, steps in compared:
        relevant = [s for s in steps if s.deployment] if statement.deployment else []
        last = max(relevant or steps, key=lambda s: (s.end, s.start))
        if first.start < last.start:
            late.append(last)
    if not late:
        return None
    return _finding(plan, line, statement, dependent, prerequisite, first, late, bool(named))


def _finding(plan, line, statement, dependent, prerequisite, first, late, by_name) -> Finding:
    what_fi = "käyttöönotto" if statement.deployment else "viimeinen vaihe"
    what_en = "deployment" if statement.deployment else "last step"
    tables = [s.table for s in [first, *late] if s.table is not None]
    by_position = sorted({t.number or "?" for t, unit in zip(tables, [dependent] + [prerequisite] * len(late))
                          if not _caption_names(t, unit)}, key=lambda n: (len(n), n))
    their_fi = "; ".join(f"{s.period} ({s.source('rivi')})" for s in late)
    their_en = "; ".join(f"{s.period} ({s.source('line')})" for s in late)
    dep, pre = _unit_name(dependent), _unit_name(prerequisite)
    guess_fi = guess_en = ""
    if by_position:
        listed = " ja ".join([", ".join(by_position[:-1]), by_position[-1]] if len(by_position) > 1 else by_position)
        many = len(by_position) > 1
        guess_fi = (f" {'Taulukoiden' if many else 'Taulukon'} {listed} kuuluminen "
                    f"{'työkokonaisuuksiin' if many else 'työkokonaisuuteen'} on päätelty paikasta tekstissä, "
                    "ei otsikosta.")
        guess_en = (f" {'Tables' if len(by_position) > 1 else 'Table'} {listed.replace(' ja ', ' and ')} "
                    f"{'are' if many else 'is'} taken to belong to "
                    f"{'their units by where they stand' if many else 'its unit by where it stands'}, not by "
                    f"{'their captions' if many else 'its caption'}.")
    scope_fi = "" if by_name else " (koko aikataulu: lause ei nimeä taulukkoa)"
    scope_en = "" if by_name else " (its whole schedule: the sentence names no table)"
    return Finding(
        f"dependency|{dependent.key}|{prerequisite.key}",
        f"{dep.capitalize()} alkaa aikataulun mukaan jo {first.period} ({first.source('rivi')}), vaikka tekstissä "
        f"({place(line.where(), True)}) sanotaan sen odottavan toista työkokonaisuutta: '{statement.raw[:160]}'; {pre}: {what_fi}"
        f"{scope_fi} alkaa vasta {their_fi}.{guess_fi}",
        f"{dep.capitalize()} starts as early as {first.period} ({first.source('line')}), although the text "
        f"({place(line.where(), False)}) says it waits for another unit: '{statement.raw[:160]}'; {pre}: its {what_en}{scope_en} starts only "
        f"{their_en}.{guess_en}",
        line.where(statement.start, statement.end),
        evidence={
            "dependent": dep, "prerequisite": pre, "deployment": statement.deployment,
            "awaited": statement.awaited,
            "dependent_start": {"period": first.period, "start": first.start, "line": first.where.line,
                                "table": first.table.number if first.table else None, "step": first.step},
            "prerequisite_steps": [{"period": s.period, "start": s.start, "end": s.end, "line": s.where.line,
                                    "table": s.table.number if s.table else None, "step": s.step} for s in late],
            "compared": "named tables" if by_name else "whole schedule",
            "tables_placed_by_position": by_position,
        },
    )
