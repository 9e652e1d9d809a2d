"""References: every "taulukossa N" and "taulukoihin N – M" of the prose
checked against the tables that exist, their kind (a sentence about costs
pointing at a phase table is wrong) and the unit their caption names (the
phases of työpaketti 3 are not in the table captioned "Työpaketti 4")."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import regex

from .. import rules
from ..plan import Plan, PlanTable, TableReferenceFound
from ..recognise.mentions import section_reference_pieces, section_refs_at, unit_stems
from ..recognise.references import chapter_reference_pieces, find_chapter_references
from .prose import text_lines
from .registry import Finding, Settings, rule

KIND_FI = {"cost": "kustannustaulukko", "phase": "vaiheistustaulukko", "other": "muu taulukko"}
KINDS_FI = {"cost": "kustannustaulukot", "phase": "vaiheistustaulukot"}
KIND_EN = {"cost": "a cost table", "phase": "a phase table", "other": "another kind of table"}
KINDS_EN = {"cost": "cost tables", "phase": "phase tables"}
ABOUT_FI = {"cost": "kustannuksista", "phase": "vaiheista tai aikataulusta"}
ABOUT_EN = {"cost": "costs", "phase": "phases or the schedule"}
LEADING_DIGITS = regex.compile(r"\d+")  # "14" of table "14b"


@rule("table-reference", "references", "error",
      "tekstin viittaus osuu olemassa olevaan, oikeanlaiseen taulukkoon",
      "a reference in the text points at a table that exists, of the right kind")
def table_references(plan: Plan, settings: Settings) -> Iterator[Finding]:
    tables = {t.number: t for t in plan.tables if t.number}
    if not tables:
        return  # captions not read (or none printed): nothing to check against
    for found in plan.references:
        ref = found.reference
        missing = [n for n in ref.numbers if n not in tables]
        wrong = [n for n in ref.numbers if n in tables and ref.expects and tables[n].kind in ("cost", "phase")
                 and tables[n].kind != ref.expects]
        strangers = _other_units(ref.sentence, [tables[n] for n in ref.numbers if n in tables])
        if missing:
            yield _missing(found, missing, tables)
        if wrong:
            yield _wrong_kind(found, wrong, tables)
        if strangers:
            yield _wrong_unit(found, strangers)


def _listing(tables: dict[str, PlanTable], kind: str | None = None) -> str:
    numbers = sorted((n for n, t in tables.items() if kind is None or t.kind == kind), key=_sort_key)
    return ", ".join(numbers)


def _sort_key(number: str) -> tuple[int, str]:
    digits = LEADING_DIGITS.match(number)
    return (int(digits.group()) if digits else 0, number)


def _missing(found: TableReferenceFound, missing: list[str], tables: dict[str, PlanTable]) -> Finding:
    raw = found.reference.raw
    return Finding(
        f"missing|{raw}",
        f"Viittaus '{raw}': taulukkoa {', '.join(missing)} ei ole (taulukot: {_listing(tables)})",
        f"Reference '{raw}': there is no table {', '.join(missing)} (tables: {_listing(tables)})",
        found.where, evidence={"reference": raw, "missing": missing, "tables": sorted(tables, key=_sort_key)},
    )


def _wrong_kind(found: TableReferenceFound, wrong: list[str], tables: dict[str, PlanTable]) -> Finding:
    ref = found.reference
    expects = ref.expects
    fi_kinds = "; ".join(f"taulukko {n} on {KIND_FI[tables[n].kind]}" for n in wrong)
    en_kinds = "; ".join(f"table {n} is {KIND_EN[tables[n].kind]}" for n in wrong)
    return Finding(
        f"kind|{ref.raw}",
        f"Viittaus '{ref.raw}' kertoo {ABOUT_FI[expects]}, mutta {fi_kinds} "
        f"({KINDS_FI[expects]}: {_listing(tables, expects) or 'ei yhtään'})",
        f"Reference '{ref.raw}' is about {ABOUT_EN[expects]}, but {en_kinds} "
        f"({KINDS_EN[expects]}: {_listing(tables, expects) or 'none'})",
        found.where, evidence={"reference": ref.raw, "expects": expects,
                               "wrong": {n: tables[n].kind for n in wrong}},
    )


@lru_cache(maxsize=None)
def _unit_pattern() -> regex.Pattern:
    """"työpakettiin 3", "Työpaketti 4." … any case of a unit word and a number."""
    return regex.compile(rf"(?i)(?<!\w)(?P<stem>{rules.alternation(unit_stems())})\w*\s+(?P<number>\d+)(?![\d.,]\d)")


def _units_named(text: str) -> set[tuple[str, str]]:
    stems = unit_stems()
    return {(stems[m.group("stem").lower()], m.group("number")) for m in _unit_pattern().finditer(text or "")}


def _other_units(sentence: str, tables: list[PlanTable]) -> list[tuple[PlanTable, tuple[str, str]]]:
    """Tables whose caption names a different unit of the kind the sentence names."""
    named = _units_named(sentence)
    kinds = {kind for kind, _ in named}
    if len(named) != 1:
        return []
    strangers = []
    for table in tables:
        caption = _units_named(table.caption or "")
        same_kind = {u for u in caption if u[0] in kinds}
        if len(same_kind) == 1 and same_kind != named:
            strangers.append((table, next(iter(same_kind))))
    return strangers


def _wrong_unit(found: TableReferenceFound, strangers) -> Finding:
    ref = found.reference
    kind, number = next(iter(_units_named(ref.sentence)))
    fi = "; ".join(f"taulukon {t.number} otsikko koskee: {k} {n} ('{t.caption}')" for t, (k, n) in strangers)
    en = "; ".join(f"the caption of table {t.number} is about {k} {n} ('{t.caption}')" for t, (k, n) in strangers)
    return Finding(
        f"unit|{ref.raw}",
        f"Viittaus '{ref.raw}' koskee kohdetta {kind} {number}, mutta {fi}",
        f"Reference '{ref.raw}' is about {kind} {number}, but {en}",
        found.where, evidence={"reference": ref.raw, "unit": [kind, number],
                               "tables": {t.number: t.caption for t, _ in strangers}},
    )


SECTION_WORD = regex.compile(r"[\w-]+\s+\d+(?::\w+)?")


@rule("section-reference", "references", "warning",
      "tekstissä mainittu osa-alue, investointi tai pilari on suunnitelmassa",
      "a section named in the text (osa-alue, investointi, pilari) exists in the plan")
def section_references(plan: Plan, settings: Settings) -> Iterator[Finding]:
    """"osa-alueessa 5" where the plan's osa-alueet are 1–4. Only kinds the
    plan has at all: a plan without osa-alue headings that names "osa-alue 2"
    speaks of the programme's numbering, not of its own parts. A warning, as
    a plan may name a part it does not apply for ("osa-alueeseen 5 ei haeta
    avustusta"). A section the outline already reported as named but never
    headed (rule ``structure``) is not repeated."""
    have: dict[str, set[str]] = {}
    for section in plan.sections:
        have.setdefault(section.kind, set()).add(section.number)
    reported = {(n.where.page, n.where.line, n.evidence.get("kind"), n.evidence.get("number"))
                for n in plan.structure_notes if n.where}
    for _position, line in text_lines(plan).holding(section_reference_pieces()):
        for start, kind, number in section_refs_at(line.text):
            if kind not in have or number in have[kind] or (line.page, line.number, kind, number) in reported:
                continue
            m = SECTION_WORD.match(line.text, start)
            raw = m.group(0) if m else f"{kind} {number}"
            numbers = ", ".join(sorted(have[kind], key=_sort_key))
            yield Finding(
                f"section|{raw}|{kind}|{number}",
                f"Viittaus '{raw}': suunnitelmassa ei ole osaa {kind} {number} ({kind}: {numbers})",
                f"Reference '{raw}': the plan has no {kind} {number} ({kind}: {numbers})",
                line.where(start, m.end() if m else None),
                evidence={"reference": raw, "kind": kind, "number": number, "sections": sorted(have[kind], key=_sort_key)},
            )


@rule("chapter-reference", "references", "warning",
      "tekstin viittaus lukuun ('luvussa 3', 'kohdassa 4.2') osuu suunnitelman numeroituun otsikkoon",
      "a reference to a chapter ('luvussa 3', 'kohdassa 4.2') points at a numbered heading of the plan")
def chapter_references(plan: Plan, settings: Settings) -> Iterator[Finding]:
    """Checked only in a plan that numbers its headings (two or more), and
    never for a chapter of another document ("hallintolain luvussa 3")."""
    numbers = {s.heading_number.rstrip(".") for s in plan.sections if s.heading_number}
    if len(numbers) < 2:
        return
    listing = ", ".join(sorted(numbers, key=lambda n: [int(p) for p in n.split(".") if p.isdigit()]))
    for _position, line in text_lines(plan).holding(chapter_reference_pieces()):
        for ref in find_chapter_references(line.text):
            if ref.external or ref.number in numbers:
                continue
            yield Finding(
                f"chapter|{ref.raw}|{ref.number}",
                f"Viittaus '{ref.raw}': suunnitelmassa ei ole lukua {ref.number} (numeroidut otsikot: {listing})",
                f"Reference '{ref.raw}': the plan has no chapter {ref.number} (numbered headings: {listing})",
                line.where(ref.start, ref.end), evidence={"reference": ref.raw, "number": ref.number,
                                                          "headings": sorted(numbers)},
            )
