"""Structure: what the plan announces against what it holds; step numbers of
phase tables; unit numbers, titles and estimates that do not fit together."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import regex

from ..plan import Plan, WorkUnit
from ..recognise.mentions import find_section_announcements, section_announcement_pieces
from ..recognise.words import stems
from .arithmetic import section_name, table_name
from .numbers import eur, places
from .prose import text_lines
from .registry import Finding, Settings, rule

STEP_NUMBER = regex.compile(r"^\s*(\d{1,2})\s*[.)]\s")


def _unit_name(unit: WorkUnit) -> str:
    return f"{unit.kind} {unit.number}".strip()


def _section_names(plan: Plan) -> dict[str | None, str]:
    names: dict[str | None, str] = {None: "suunnitelma"}
    names.update({s.key: section_name(s) for s in plan.sections})
    return names


def _within(plan: Plan):
    parents = {s.key: s.parent_key for s in plan.sections}

    def within(section_key, ancestor) -> bool:
        while section_key is not None:
            if section_key == ancestor:
                return True
            section_key = parents.get(section_key)
        return False

    return within


@rule("structure", "structure", "warning",
      "rakenteen tulkinta: mitä jäsennys joutui arvaamaan tai ei osannut sijoittaa",
      "what the outline had to guess or could not place (a unit named but never described, a merge)")
def outline_guesses(plan: Plan, settings: Settings) -> Iterator[Finding]:
    """The outline's own notes; a merge of one unit's spellings is info."""
    for note in plan.structure_notes:
        evidence = {k: v for k, v in note.evidence.items() if k != "info"}
        yield Finding(f"structure|{note.message}", note.message, note.message_en, note.where, evidence=evidence,
                      severity="info" if note.evidence.get("info") else None)


@rule("unit-count", "structure", "warning",
      "ilmoitettu työkokonaisuuksien määrä vastaa löydettyjä",
      "the number of units a plan announces matches the units found")
def announced_counts(plan: Plan, settings: Settings) -> Iterator[Finding]:
    within = _within(plan)
    names = _section_names(plan)
    for announced in plan.announced:
        found = [u for u in plan.units if u.kind == announced.kind and u.parent_key is None
                 and (announced.section_key is None or within(u.section_key, announced.section_key))]
        if len(found) == announced.count:
            continue
        place = names.get(announced.section_key, "suunnitelma")
        numbers = ", ".join(u.number for u in found) or "ei yhtään"
        yield Finding(
            f"count|{place}|{announced.kind}",
            f"'{announced.raw}': {place} ilmoittaa {announced.count} × {announced.kind}, löytyi {len(found)} ({numbers})",
            f"'{announced.raw}': {place} announces {announced.count} × {announced.kind}, but {len(found)} were found "
            f"({', '.join(u.number for u in found) or 'none'})",
            announced.where, float(announced.count), float(len(found)),
            {"announced": announced.count, "found": [u.number for u in found], "section": place},
        )


@rule("section-count", "structure", "info",
      "ilmoitettu osa-alueiden, pilarien tai investointien määrä vastaa otsikoituja",
      "the number of osa-alueet, pilarit or investoinnit a plan says it has matches the sections headed")
def announced_section_counts(plan: Plan, settings: Settings) -> Iterator[Finding]:
    """"Rakenneuudistus-hanke koostuu kolmesta osa-alueesta" where the plan
    heads Osa-alue 1–4. Only counts with the plan as the subject
    (rules/headings.toml [announcement.sections]); only kinds the plan heads
    at least once (without any, the count cannot be compared). Info: a plan
    often heads a section it does not apply for or only takes part in
    ("Maakunta on osallistujana", "Ei koske tätä hakua"), so a different
    number is worth a look, not an error."""
    headed: dict[str, list] = defaultdict(list)
    for section in plan.sections:
        headed[section.kind].append(section)
    for _position, line in text_lines(plan).holding(section_announcement_pieces()):
        for announced in find_section_announcements(line.text):
            sections = headed.get(announced.kind)
            if not sections:
                continue
            numbers = sorted({s.number for s in sections}, key=_number_order)
            if len(numbers) == announced.count:
                continue
            first = {n: min((s.where.page, s.where.line) for s in sections if s.number == n) for n in numbers}
            shown = ", ".join(f"{announced.kind} {n} ({places([first[n]])})" for n in numbers)
            shown_en = ", ".join(f"{announced.kind} {n} ({places([first[n]], False)})" for n in numbers)
            yield Finding(
                f"sections|{announced.kind}|{announced.count}",
                f"'{announced.raw}': suunnitelma ilmoittaa {announced.count} × {announced.kind}, "
                f"otsikoissa {len(numbers)}: {shown}",
                f"'{announced.raw}': the plan announces {announced.count} × {announced.kind}, "
                f"its headings have {len(numbers)}: {shown_en}",
                line.where(announced.start, announced.end), float(announced.count), float(len(numbers)),
                {"announced": announced.count, "kind": announced.kind, "found": numbers,
                 "lines": [first[n][1] for n in numbers], "pages": [first[n][0] for n in numbers]},
            )


def _number_order(number: str) -> tuple:
    return (0, int(number), "") if number.isdigit() else (1, 0, number)


@rule("step-numbers", "structure", "warning",
      "vaiheistustaulukon vaiheiden numerot eivät toistu eivätkä hyppää",
      "a phase table's step numbers neither repeat nor skip")
def step_numbers(plan: Plan, settings: Settings) -> Iterator[Finding]:
    for table in plan.tables:
        numbers = [int(m.group(1)) for step in table.steps if (m := STEP_NUMBER.match(step))]
        if len(numbers) < 2 or len(numbers) < len(table.steps) / 2:
            continue  # steps are not numbered (or only a few are)
        repeated = sorted({n for n in numbers if numbers.count(n) > 1})
        expected = list(range(numbers[0], numbers[0] + len(set(numbers))))
        skipped = sorted(set(expected) - set(numbers)) if sorted(set(numbers)) != expected else []
        if not repeated and not skipped:
            continue
        fi_name, en_name = table_name(table)
        shown = ", ".join(map(str, numbers))
        fi_parts = ([f"numero {', '.join(map(str, repeated))} toistuu"] if repeated else []) + \
                   ([f"numero {', '.join(map(str, skipped))} puuttuu"] if skipped else [])
        en_parts = ([f"number {', '.join(map(str, repeated))} repeats"] if repeated else []) + \
                   ([f"number {', '.join(map(str, skipped))} is missing"] if skipped else [])
        yield Finding(
            f"{fi_name}|steps",
            f"{fi_name}: vaiheet {shown}: {'; '.join(fi_parts)}",
            f"{en_name}: steps {shown}: {'; '.join(en_parts)}",
            table.where, evidence={"table": table.number, "steps": numbers, "repeated": repeated, "missing": skipped},
        )


@rule("duplicate-unit-number", "structure", "warning",
      "samassa osassa ei ole kahta samannumeroista työkokonaisuutta",
      "no two units of one section share a number")
def duplicate_unit_numbers(plan: Plan, settings: Settings) -> Iterator[Finding]:
    groups: dict[tuple, list[WorkUnit]] = defaultdict(list)
    for unit in plan.units:
        if unit.number:
            groups[(unit.section_key, unit.parent_key, unit.kind, unit.number)].append(unit)
    names = _section_names(plan)
    for (section_key, _parent, kind, number), units in groups.items():
        if len(units) < 2:
            continue
        titles = [u.title for u in units]
        place = names.get(section_key, "suunnitelma")
        yield Finding(
            f"duplicate|{place}|{kind}|{number}",
            f"{place}: {len(units)} kohdetta numerolla {kind} {number}: " + "; ".join(f"'{t}'" for t in titles),
            f"{place}: {len(units)} units numbered {kind} {number}: " + "; ".join(f"'{t}'" for t in titles),
            units[1].where, evidence={"section": place, "number": number, "titles": titles},
        )


@rule("title-differs", "structure", "info",
      "työkokonaisuuden nimi on sama yleiskuvauksessa ja tekstissä",
      "a unit has the same title in the overview and in the body")
def title_differs(plan: Plan, settings: Settings) -> Iterator[Finding]:
    """Overview spellings against the body's; spellings the outline already
    reported when it merged two descriptions (rule ``structure``) are not
    repeated."""
    reported = {(n.evidence.get("merged_into_line"), _comparable(n.evidence.get("title", "")))
                for n in plan.structure_notes}
    for unit in plan.units:
        mine = _comparable(unit.title)
        seen, different = {mine}, []
        for title in unit.other_titles:
            form = _comparable(title)
            if form not in seen and (unit.where.line, form) not in reported:
                seen.add(form)
                different.append(title)
        if different:
            others = "; ".join(f"'{t}'" for t in different)
            yield Finding(
                f"title|{unit.section_key}|{unit.kind}|{unit.number}",
                f"{_unit_name(unit)}: nimi '{unit.title}', muualla {others}",
                f"{_unit_name(unit)}: titled '{unit.title}', elsewhere {others}",
                unit.where, evidence={"unit": unit.number, "title": unit.title, "other_titles": different},
            )


TRAILING = regex.compile(r"(?:[\s,.;:–-]+|\s+(?:ja|sekä|tai))+$")
DASH = regex.compile(r"\s*[-–—‐‑]\s*")


def _comparable(title: str) -> str:
    """A title as compared: case, white space, the dash and the spaces around
    it ("SBM -järjestelmän", "SBM–järjestelmän") and what an overview list
    leaves at its end (a comma, "ja") do not make it another title."""
    return TRAILING.sub("", DASH.sub("-", " ".join((title or "").lower().split())))


def _siblings(plan: Plan) -> dict[tuple, list[WorkUnit]]:
    groups: dict[tuple, list[WorkUnit]] = defaultdict(list)
    for unit in plan.units:
        groups[(unit.section_key, unit.parent_key, unit.kind)].append(unit)
    return groups


@rule("missing-cost", "structure", "warning",
      "työkokonaisuudella on kustannusarvio, kun sen rinnakkaisilla on",
      "a unit states a cost where its sibling units do")
def missing_cost(plan: Plan, settings: Settings) -> Iterator[Finding]:
    has_children = {u.parent_key for u in plan.units if u.parent_key}
    for siblings in _siblings(plan).values():
        costed = [u for u in siblings if u.cost_eur is not None]
        if len(costed) < 2 or len(costed) * 2 < len(siblings):
            continue
        for unit in siblings:
            if unit.cost_eur is None and unit.key not in has_children:
                yield Finding(
                    f"cost|{unit.section_key}|{unit.kind}|{unit.number}|{unit.title}",
                    f"{_unit_name(unit)} '{unit.title}': ei kustannusarviota, vaikka {len(costed)} rinnakkaisella on",
                    f"{_unit_name(unit)} '{unit.title}': no cost estimate, though {len(costed)} of its siblings have one",
                    unit.where, evidence={"unit": unit.number, "siblings_with_cost": [u.number for u in costed]},
                )


@rule("same-estimate", "structure", "info",
      "eri työkokonaisuuksilla on sama kustannusarvio (tarkista, onko kopioitu)",
      "different units have the same cost estimate (check it was not copied)")
def same_estimate(plan: Plan, settings: Settings) -> Iterator[Finding]:
    """222 460 € twice may be a copied estimate; 100 000 € twice is two round
    budget figures (multiples of rules/checks.toml round_estimate_eur) and says nothing."""
    by_cost: dict[float, list[WorkUnit]] = defaultdict(list)
    for unit in plan.units:
        if unit.cost_eur and unit.cost_eur % settings.round_estimate_eur:
            by_cost[unit.cost_eur].append(unit)
    for cost, units in by_cost.items():
        if len(units) < 2:
            continue
        names = [f"{_unit_name(u)} '{u.title}'" for u in units]
        yield Finding(
            f"same|{cost}|" + "|".join(u.number for u in units),
            f"Sama kustannusarvio {eur(cost)}: " + "; ".join(names),
            f"The same cost estimate {eur(cost)}: " + "; ".join(names),
            units[1].where, cost, cost, {"units": [u.number for u in units], "value_eur": cost},
        )


STRUCK_MIN_WORDS = 2  # "~~Hankinta~~" alone is a struck step, not a struck item


@rule("struck-item-in-table", "structure", "warning",
      "taulukko ei koske kohtaa, joka on tekstissä yliviivattu (poistettu)",
      "a table is not about an item the text strikes through (deletes)")
def struck_items_in_tables(plan: Plan, settings: Settings) -> Iterator[Finding]:
    """A plan revised by striking an item through ("e) ~~Taloushallinnon
    raportointijärjestelmän uudistaminen~~ 19.8.2020") still schedules or
    budgets it when a table's caption or a cost row names the same item: the
    reader cannot tell whether the deleted work is in the plan. Words are
    compared by their stems, so inflected forms match."""
    struck = [(line, text, stems(text)) for line in plan.lines for text in line.struck]
    struck = [entry for entry in struck if len(entry[2]) >= STRUCK_MIN_WORDS]
    if not struck:
        return
    for table in plan.tables:
        names = [(name, stems(name)) for name in [table.caption or "", *sorted({c.row_label for c in table.cost_cells})]
                 if name]
        for line, text, struck_stems in struck:
            named = next((name for name, name_stems in names if struck_stems <= name_stems), None)
            if named is None:
                continue
            fi_name, en_name = table_name(table)
            fi_at = f"sivun {line.page} rivillä {line.number}" if line.page > 1 else f"rivillä {line.number}"
            en_at = f"on page {line.page}, line {line.number}" if line.page > 1 else f"on line {line.number}"
            yield Finding(
                f"struck|{fi_name}|{text}",
                f"{fi_name} ('{named}') koskee kohtaa, joka on yliviivattu (poistettu) {fi_at}: "
                f"'{text}' — onko poistettu työ yhä suunnitelmassa?",
                f"{en_name} ('{named}') is about an item struck through (deleted) {en_at}: "
                f"'{text}' — is the deleted work still in the plan?",
                table.where, evidence={"table": table.number, "named": named, "struck": text,
                                       "struck_page": line.page, "struck_line": line.number},
            )
            break  # one flag per table
