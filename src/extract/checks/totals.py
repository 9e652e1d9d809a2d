"""Totals stated in prose for a section ("Osa-alueen 2 kokonaiskustannukset
ovat 722 510 euroa", "Investoinnin 1 kustannukset yhteensä 3 845 000 €")
against the cost estimates of the section's units, and the sections' totals
against the plan's grand total ("Hankkeen kokonaiskustannukset ovat …").

A total with "noin" is compared loosely (rules/checks.toml
approximate_tolerance); a difference of 1–2 € is the rule ``rounding``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..plan import Amount, Plan, Section
from ..recognise.mentions import section_refs_at
from .arithmetic import section_path, unit_costs
from .items import line_spans
from .numbers import eur, plus
from .registry import Finding, Settings, rule

SKIPPED = ("otsikko", "osa")  # numbered headings and lettered parts are not what a total names


@dataclass(frozen=True)
class StatedTotal:
    amount: Amount
    section: Section | None  # None: the plan's grand total


def _named_section(plan: Plan, text: str, amount: Amount) -> tuple[Section | None, bool]:
    """The section the sentence of ``amount`` names before it ("Osa-alueen 2
    kokonaiskustannukset …"), and whether it names one at all."""
    offset = _offset(text, amount)
    sentence_start = text.rfind(". ", 0, offset) + 1
    named = [(kind, number) for start, kind, number in section_refs_at(text) if sentence_start <= start < offset]
    if not named:
        return None, False
    kind, number = named[-1]
    sections = [s for s in plan.sections if s.kind == kind and s.number == number]
    return (sections[0] if len(sections) == 1 else None), True


def _offset(text: str, amount: Amount) -> int:
    raw = amount.money.raw
    found = text.find(raw)
    return found if found != -1 else len(text)


def stated_totals(plan: Plan) -> list[StatedTotal]:
    """Prose totals of a named section, and of the whole plan (a total that
    stands outside every osa-alue, investointi or pilari and names none)."""
    layout = line_spans(plan)
    found = []
    for amount in plan.amounts:
        if amount.money.role != "total":
            continue
        position = layout.at(amount.where)
        text = plan.lines[position].text if position >= 0 else ""
        section, names_one = _named_section(plan, text, amount)
        if section is not None and section.kind not in SKIPPED:
            # named: wherever it stands (a closing paragraph after the last unit)
            found.append(StatedTotal(amount, section))
        elif not names_one and amount.unit_key is None and layout.home(position) is None:
            found.append(StatedTotal(amount, None))
    return found


def _tolerance(settings: Settings, *amounts: Amount, value: float) -> float:
    if any(a.money.approximate for a in amounts):
        return settings.approximate_tolerance * value
    return 0.0


def _finding(subject, fi_what, en_what, values, expected, stated: Amount, settings, tolerance, evidence):
    actual = stated.money.value_eur
    diff = round(actual - expected, 2)
    if abs(diff) <= tolerance or diff == 0:
        return None
    loose_fi = " (noin-summa, sallittu ero " + eur(tolerance) + ")" if tolerance else ""
    loose_en = " (an approximate amount, allowed difference " + eur(tolerance) + ")" if tolerance else ""
    return Finding(
        subject,
        f"{fi_what}: {plus(values)} = {eur(expected)}, tekstissä {eur(actual)} (ero {eur(abs(diff))}){loose_fi}",
        f"{en_what}: {plus(values)} = {eur(expected)}, the text gives {eur(actual)} "
        f"(difference {eur(abs(diff))}){loose_en}",
        stated.where, expected, actual, evidence,
        rule="rounding" if abs(diff) <= settings.rounding_eur and not tolerance else None,
    )


@rule("section-total", "arithmetic", "error",
      "tekstissä ilmoitettu osan kokonaissumma vastaa sen työkokonaisuuksien kustannusarvioita",
      "a section's total stated in the text agrees with its units' cost estimates")
def section_totals(plan: Plan, settings: Settings) -> Iterator[Finding]:
    for stated in stated_totals(plan):
        if stated.section is None:
            continue
        costs = unit_costs(plan, stated.section.key)
        if not costs or len(costs) < 2:
            continue  # no units with estimates, or one: nothing to add up
        values = [cost for _unit, cost in costs]
        expected = round(sum(values), 2)
        place = section_path(plan, stated.section.key)
        names = [f"{u.kind} {u.number}" for u, _ in costs]
        finding = _finding(
            f"section|{place}|{stated.amount.money.raw}",
            f"'{stated.amount.money.raw}' ({place}): työkokonaisuudet ({', '.join(names)})",
            f"'{stated.amount.money.raw}' ({place}): the units ({', '.join(names)})",
            values, expected, stated.amount, settings, _tolerance(settings, stated.amount, value=expected),
            {"section": place, "stated": stated.amount.money.raw,
             "units": [{"unit": n, "cost_eur": v} for n, v in zip(names, values)]})
        if finding:
            yield finding


@rule("grand-total", "arithmetic", "error",
      "osien tekstissä ilmoitetut kokonaissummat vastaavat hankkeen kokonaiskustannuksia",
      "the sections' totals stated in the text add up to the plan's grand total")
def grand_total(plan: Plan, settings: Settings) -> Iterator[Finding]:
    """Only when every section of one kind and level states a total (a
    section without one would make any sum short)."""
    totals = stated_totals(plan)
    grand = [t for t in totals if t.section is None]
    if len(grand) != 1:
        return  # none, or several candidates: no single grand total to compare with
    by_section = {}
    for stated in totals:
        if stated.section is not None:
            by_section.setdefault(stated.section.key, stated)
    if len(by_section) < 2:
        return
    first = plan.sections[[s.key for s in plan.sections].index(next(iter(by_section)))]
    siblings = [s for s in plan.sections if s.kind == first.kind and s.parent_key == first.parent_key]
    if any(s.key not in by_section for s in siblings):
        return
    parts = [by_section[s.key] for s in siblings]
    values = [p.amount.money.value_eur for p in parts]
    expected = round(sum(values), 2)
    [total] = grand
    tolerance = _tolerance(settings, total.amount, *[p.amount for p in parts], value=expected)
    names = [f"{s.kind} {s.number}" for s in siblings]
    finding = _finding(
        f"grand|{total.amount.money.raw}",
        f"Osien kokonaiskustannukset ({', '.join(names)})",
        f"The sections' totals ({', '.join(names)})",
        values, expected, total.amount, settings, tolerance,
        {"total": total.amount.money.raw,
         "sections": [{"section": n, "stated": p.amount.money.raw} for n, p in zip(names, parts)]})
    if finding:
        yield finding
