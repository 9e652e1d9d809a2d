"""Schedules: phase-table columns in time order, phases and unit schedules
inside the plan's own period, no phase after the one that ends the project,
no period that ends before it starts, no date that does not exist."""

from __future__ import annotations

from collections.abc import Iterator

from ..plan import Plan
from ..recognise.periods import find_periods
from .arithmetic import table_name
from .numbers import fi_date
from .registry import Finding, Settings, rule


def _month(iso: str | None) -> str | None:
    return iso[:7] if iso else None


@rule("period-order", "schedule", "warning",
      "vaiheistustaulukon sarakkeet ovat aikajärjestyksessä",
      "a phase table's period columns run in time order")
def period_order(plan: Plan, settings: Settings) -> Iterator[Finding]:
    for table in plan.tables:
        dated = [c for c in table.columns if c.start]
        fi_name, en_name = table_name(table)
        for before, after in zip(dated, dated[1:]):
            if before.end and after.start >= before.start and after.start[:7] <= before.end[:7]:
                yield Finding(
                    f"{fi_name}|overlap|{after.raw}",
                    f"{fi_name}: sarakkeet '{before.raw}' ja '{after.raw}' menevät päällekkäin "
                    f"({fi_date(before.end[:7])} on molemmissa)" if after.start[:7] == before.end[:7] else
                    f"{fi_name}: sarakkeet '{before.raw}' ja '{after.raw}' menevät päällekkäin",
                    f"{en_name}: columns '{before.raw}' and '{after.raw}' overlap",
                    table.where, evidence={"table": table.number, "columns": [before.raw, after.raw]},
                )
            if after.start < before.start:
                yield Finding(
                    f"{fi_name}|order|{after.raw}",
                    f"{fi_name}: sarake '{after.raw}' ({fi_date(after.start)}) on sarakkeen '{before.raw}' "
                    f"({fi_date(before.start)}) jälkeen, vaikka alkaa aiemmin",
                    f"{en_name}: column '{after.raw}' ({fi_date(after.start)}) comes after column '{before.raw}' "
                    f"({fi_date(before.start)}) but starts earlier",
                    table.where, evidence={"table": table.number, "columns": [before.raw, after.raw]},
                )


@rule("outside-project-period", "schedule", "warning",
      "vaiheet ja työkokonaisuuksien aikataulut ovat hankkeen toteutusajan sisällä",
      "phases and unit schedules fall inside the plan's own period")
def outside_project_period(plan: Plan, settings: Settings) -> Iterator[Finding]:
    first, last = _month(plan.project_start), _month(plan.project_end)
    if not first and not last:
        return
    span_fi = f"{fi_date(plan.project_start)} – {fi_date(plan.project_end)}"
    for table in plan.tables:
        marked = {m.period_raw for m in table.phase_marks}
        for column in table.columns:
            if column.raw in marked and _outside(column.start, column.end, first, last):
                fi_name, en_name = table_name(table)
                steps = sorted({m.step for m in table.phase_marks if m.period_raw == column.raw})
                yield Finding(
                    f"{fi_name}|outside|{column.raw}",
                    f"{fi_name}: vaiheita sarakkeessa '{column.raw}' hankkeen toteutusajan {span_fi} ulkopuolella "
                    f"({'; '.join(steps)})",
                    f"{en_name}: phases in column '{column.raw}' outside the project period {span_fi} "
                    f"({'; '.join(steps)})",
                    table.where, evidence={"table": table.number, "column": column.raw, "steps": steps,
                                           "project": [plan.project_start, plan.project_end]},
                )
    beyond = {id(found) for found, _closing in _after_closing(plan)}  # phase-after-closing says those
    for found in plan.phases:
        phase = found.phase
        if id(found) not in beyond and _outside(phase.start, phase.end, first, last):
            yield Finding(
                f"phase|{phase.period_raw}|{phase.name}",
                f"Vaihe '{phase.period_raw}: {phase.name}' on hankkeen toteutusajan {span_fi} ulkopuolella",
                f"Phase '{phase.period_raw}: {phase.name}' lies outside the project period {span_fi}",
                found.where, evidence={"phase": phase.name, "period": phase.period_raw,
                                       "project": [plan.project_start, plan.project_end]},
            )
    for unit in plan.units:
        for period in find_periods(unit.schedule_text or ""):
            if period.valid and _outside(period.start, period.end, first, last):
                yield Finding(
                    f"unit|{unit.kind}|{unit.number}|{period.raw}",
                    f"{unit.kind.capitalize()} {unit.number}: aikataulu '{period.raw}' hankkeen toteutusajan "
                    f"{span_fi} ulkopuolella",
                    f"{unit.kind.capitalize()} {unit.number}: schedule '{period.raw}' outside the project period "
                    f"{span_fi}",
                    unit.where, evidence={"unit": unit.number, "period": period.raw,
                                          "project": [plan.project_start, plan.project_end]},
                )


@rule("open-end-past-project", "schedule", "info",
      "avoimeksi jätetty vaihe (\"11/2021→\") jatkuu hankkeen päättymisen jälkeen",
      "an open-ended phase (\"11/2021→\") runs on past the project's end")
def open_end_past_project(plan: Plan, settings: Settings) -> Iterator[Finding]:
    """A phase-table column "11/2021→" or a phase "3/2025 alkaen: …" has a
    start and no end: the work goes on after the project, which the plan
    may mean (a rollout the grant starts) but a reviewer notes. Inside the
    period a column is otherwise taken for its first month, so
    outside-project-period says nothing of it; one starting after the end
    is that rule's. Unit schedule texts are not read: "1/2024 alkaen" in
    prose usually means "from January on", within the project."""
    last = _month(plan.project_end)
    if not last:
        return
    end_fi = fi_date(plan.project_end)
    for table in plan.tables:
        fi_name, en_name = table_name(table)
        for column in table.columns:
            steps = sorted({m.step for m in table.phase_marks if m.period_raw == column.raw})
            if steps and column.start and column.end is None and _month(column.start) <= last:
                yield Finding(
                    f"{fi_name}|open|{column.raw}",
                    f"{fi_name}: sarake '{column.raw}' jää avoimeksi, joten sen vaiheet ({'; '.join(steps)}) "
                    f"jatkuvat hankkeen päättymisen {end_fi} jälkeen",
                    f"{en_name}: column '{column.raw}' is open-ended, so its phases ({'; '.join(steps)}) run on "
                    f"past the project's end {end_fi}",
                    table.where, evidence={"table": table.number, "column": column.raw, "start": column.start,
                                           "steps": steps, "project_end": plan.project_end},
                )
    for found in plan.phases:
        phase = found.phase
        if phase.start and phase.end is None and _month(phase.start) <= last:
            yield Finding(
                f"open-phase|{phase.period_raw}|{phase.name}",
                f"Vaihe '{phase.period_raw}: {phase.name}' jää avoimeksi ja jatkuu hankkeen päättymisen "
                f"{end_fi} jälkeen",
                f"Phase '{phase.period_raw}: {phase.name}' is open-ended and runs on past the project's end {end_fi}",
                found.where, evidence={"phase": phase.name, "period": phase.period_raw, "start": phase.start,
                                       "project_end": plan.project_end},
            )


def _after_closing(plan: Plan) -> list[tuple]:
    """(phase, the closing phase) for each phase of the plan's phase list that
    starts after the phase that ends the project has ended, wherever it is
    listed."""
    closing = next((p for p in plan.phases if p.phase.closing and p.phase.end), None)
    if closing is None:
        return []
    end = _month(closing.phase.end)
    return [(p, closing) for p in plan.phases if p.phase.start and _month(p.phase.start) > end]


@rule("phase-after-closing", "schedule", "warning",
      "aikataulun vaiheluettelossa ei ole vaihetta hankkeen päättävän vaiheen jälkeen",
      "a phase list has no phase after the phase that ends the project")
def phase_after_closing(plan: Plan, settings: Settings) -> Iterator[Finding]:
    """"12/2022: Hankkeen päättäminen" followed by "01/2023–12/2025:
    Kehittämistyön jatkaminen": the later phase lies beyond the project's own
    end. Often a follow-on the plan describes but this grant does not fund;
    the reviewer decides, so a warning."""
    for found, closing in _after_closing(plan):
        phase, end = found.phase, closing.phase
        yield Finding(
            f"after-closing|{phase.period_raw}|{phase.name}",
            f"Vaihe '{phase.period_raw}: {phase.name}' alkaa vasta hankkeen päättävän vaiheen "
            f"'{end.period_raw}: {end.name}' (rivi {closing.where.line}) jälkeen: se on hankkeen toteutusajan ulkopuolella",
            f"Phase '{phase.period_raw}: {phase.name}' starts after the phase that ends the project, "
            f"'{end.period_raw}: {end.name}' (line {closing.where.line}): it lies outside the project period",
            found.where,
            evidence={"phase": phase.name, "period": phase.period_raw, "start": phase.start,
                      "closing_phase": end.name, "closing_period": end.period_raw, "closing_end": end.end,
                      "closing_line": closing.where.line},
        )


def _outside(start: str | None, end: str | None, first: str | None, last: str | None) -> bool:
    start, end = _month(start), _month(end)
    return bool((first and start and start < first) or (last and end and end > last)
                or (first and end and end < first) or (last and start and start > last))


@rule("end-before-start", "schedule", "error",
      "ajanjakso ei pääty ennen alkuaan", "no period ends before it starts")
def end_before_start(plan: Plan, settings: Settings) -> Iterator[Finding]:
    for found in plan.periods:
        p = found.period
        if p.valid and p.start and p.end and p.end[: len(p.start)] < p.start[: len(p.end)]:
            yield Finding(
                f"period|{p.raw}|{found.where.line}",
                f"Ajanjakso '{p.raw}' päättyy ({fi_date(p.end)}) ennen kuin alkaa ({fi_date(p.start)})",
                f"Period '{p.raw}' ends ({fi_date(p.end)}) before it starts ({fi_date(p.start)})",
                found.where, evidence={"raw": p.raw, "start": p.start, "end": p.end},
            )


@rule("invalid-date", "schedule", "warning",
      "päivämäärä on olemassa (ei 31.2.2021)", "a date exists (not 31.2.2021)")
def impossible_dates(plan: Plan, settings: Settings) -> Iterator[Finding]:
    for found in plan.periods:
        if not found.period.valid:
            raw = found.period.raw
            yield Finding(f"date|{raw}|{found.where.line}", f"'{raw}' ei ole oikea päivämäärä",
                          f"'{raw}' is not a real date", found.where, evidence={"raw": raw})
