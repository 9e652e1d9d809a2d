"""The assembled plan: what the store writes and the checks read.

Keys (``Section.key``, ``WorkUnit.key``) are stable within one document so the
parts can refer to each other before the store gives them database ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Line, Where
from .recognise.money import Money
from .recognise.periods import Period
from .recognise.phases import DatedPhase
from .recognise.references import TableReference
from .recognise.tables import CostCell, PhaseColumn, PhaseMark


@dataclass
class Section:
    key: str
    kind: str  # a section word's kind, "osa" (a lettered part) or "otsikko" (a numbered heading)
    number: str
    title: str
    where: Where
    parent_key: str | None = None
    heading_number: str | None = None  # "4.1.2" of "4.1.2 Investointi 1: …"
    level: int | None = None  # typographic level (Word "Heading 2", Markdown "##")


@dataclass
class WorkUnit:
    key: str
    kind: str
    number: str
    title: str
    where: Where
    section_key: str | None
    parent_key: str | None = None
    cost_eur: float | None = None
    cost_source: str | None = None  # field | prose-list | summary-table
    schedule_text: str | None = None
    # labelled fields of the unit's first description: goals, measures,
    # outputs, schedule, cost, indicators (see rules/headings.toml [fields])
    fields: dict[str, str] = field(default_factory=dict)
    other_titles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Mention:
    """One place the plan names a unit: its heading, an overview list entry,
    or a reference in prose ("työpakettiin 3")."""

    how: str  # heading | overview | reference
    where: Where
    raw: str


@dataclass
class AnnouncedCount:
    """"koostuu neljästä työpaketista": how many units the plan says a section has."""

    kind: str
    count: int
    section_key: str | None
    where: Where
    raw: str


@dataclass
class StructureNote:
    """Something the outline had to guess or could not place: a `structure` flag."""

    message: str  # Finnish
    message_en: str
    where: Where | None
    evidence: dict = field(default_factory=dict)


@dataclass
class Amount:
    money: Money
    where: Where
    unit_key: str | None


@dataclass
class PeriodFound:
    period: Period
    where: Where
    unit_key: str | None = None


@dataclass
class PhaseFound:
    """A line of a dated phase list ("12/2022: Hankkeen päättäminen")."""

    phase: DatedPhase
    where: Where
    unit_key: str | None = None


@dataclass
class TableReferenceFound:
    """A sentence that sends the reader to one or more tables ("taulukossa 15")."""

    reference: TableReference
    where: Where
    unit_key: str | None = None


@dataclass
class PlanTable:
    kind: str
    number: str | None
    caption: str | None
    where: Where
    unit_key: str | None
    section_key: str | None
    cost_cells: list[CostCell] = field(default_factory=list)
    phase_marks: list[PhaseMark] = field(default_factory=list)
    columns: list[PhaseColumn] = field(default_factory=list)  # a phase table's period columns, in order
    steps: list[str] = field(default_factory=list)  # a phase table's step labels, in order
    # a cost table's body row → the key of the section (or unit) its label names
    # ("Investointi 1 b)", "Osa-alue 2", a section's title, "TP1"); a row
    # naming none, or several, has no entry (and a structure flag)
    row_sections: dict[int, str] = field(default_factory=dict)
    row_units: dict[int, str] = field(default_factory=dict)


@dataclass
class Flag:
    rule: str
    severity: str  # error | warning | info
    message: str
    where: Where | None
    expected: float | None = None
    actual: float | None = None
    evidence: dict = field(default_factory=dict)
    message_en: str | None = None
    fingerprint: str | None = None  # rule + what it is about: the same after re-extraction
    family: str | None = None


@dataclass
class Plan:
    title: str | None
    project_start: str | None
    project_end: str | None
    sections: list[Section]
    units: list[WorkUnit]
    amounts: list[Amount]
    periods: list[PeriodFound]
    tables: list[PlanTable]
    announced: list[AnnouncedCount] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    structure_notes: list[StructureNote] = field(default_factory=list)
    references: list[TableReferenceFound] = field(default_factory=list)
    phases: list[PhaseFound] = field(default_factory=list)  # the plan's own schedule as a list of dated phases
    # the document's lines as read, stored for the report's source excerpts and full-text search
    lines: list[Line] = field(default_factory=list)
