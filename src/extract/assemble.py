"""Assemble a read document into a plan: sections, work units, amounts,
periods and tables, each attached to where it belongs.

The walk goes through the prose lines once, keeping an outline of open
sections (pilari > investointi > osa-alue > lettered part) and the open work
unit. A unit mentioned again (overview, goals, measures, schedule, results)
is the same row: it is found by kind, number and a similar title, or by kind
and number inside the same section and sub-heading.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache

import regex

from . import rules
from .model import Document, Line, Where
from .plan import Amount, PeriodFound, Plan, PlanTable, Section, WorkUnit
from .recognise import tables as table_recogniser
from .recognise.headings import Heading, classify
from .recognise.money import find_money
from .recognise.periods import find_periods

PART_KIND = "osa"
UNLABELLED_KIND = "kohta"
TITLE_SIMILARITY = 0.75


@lru_cache(maxsize=None)
def _field_labels() -> tuple[regex.Pattern, dict[str, str]]:
    fields = {label.lower(): name for label, name in rules.load("headings")["fields"].items()}
    labels = "|".join(regex.escape(label).replace("\\ ", r"\s+") for label in sorted(fields, key=len, reverse=True))
    pattern = regex.compile(rf"^\s*(?P<label>{labels})\s*:\s*(?P<value>.*)$", regex.IGNORECASE)
    return pattern, fields


@lru_cache(maxsize=None)
def _section_ranks() -> dict[str, int]:
    kinds = [entry["kind"] for entry in rules.load("headings")["section"]]
    ranks = {kind: rank for rank, kind in enumerate(kinds)}
    ranks[PART_KIND] = len(kinds)
    return ranks


def normalise_title(title: str) -> str:
    t = title.lower().strip()
    t = regex.sub(r"\s+", " ", t)
    t = regex.sub(r"[\s,.;:–-]+(ja|sekä)?$", "", t)
    return t.strip(" ,.;:–-")


def similar_titles(a: str, b: str) -> bool:
    a, b = normalise_title(a), normalise_title(b)
    if not a or not b:
        return False
    if a.startswith(b) or b.startswith(a):
        return True
    return SequenceMatcher(None, a, b).ratio() >= TITLE_SIMILARITY


def _top(number: str) -> int:
    return int(number.split(".")[0])


class _Walker:
    """The state of one pass over a document's prose lines."""

    def __init__(self) -> None:
        self.sections: dict[str, Section] = {}
        self.units: dict[str, WorkUnit] = {}
        self.open: list[Section] = []  # outermost first
        self.outline: dict[str, str | None] = {}  # section key -> heading number
        self.opened_in_chapter: dict[str, int] = {}
        self.chapter = 0
        self.scope = ""
        self.unit: WorkUnit | None = None
        self.subunit: WorkUnit | None = None
        self.unit_scope: dict[str, str] = {}
        self.described: set[str] = set()  # units whose body heading was seen
        self.part_letter: dict[str, str] = {}  # section key -> last part letter
        self.section_score: dict[str, tuple[bool, bool]] = {}
        self.open_field: tuple[WorkUnit, str] | None = None

    # -- sections ---------------------------------------------------------

    def innermost(self) -> Section | None:
        return self.open[-1] if self.open else None

    def close_unit(self) -> None:
        self.unit = None
        self.subunit = None

    def open_section(self, h: Heading, where: Where, number_path: str | None) -> None:
        ranks = _section_ranks()
        rank = ranks[h.kind]
        self.open = [s for s in self.open if ranks[s.kind] < rank]
        parent = self.innermost()
        section = self._section(h.kind, h.number, h.title, where, parent, (h.colon, h.level is not None))
        self.open.append(section)
        self.outline[section.key] = number_path
        self.opened_in_chapter[section.key] = self.chapter
        self.close_unit()

    def _section(self, kind, number, title, where, parent, score=(False, False)) -> Section:
        """Find or create a section; its title and place come from the first
        heading of the best form ("4.1 PILARI 3: Title" over "Pilari 3 …")."""
        parent_key = parent.key if parent and kind == PART_KIND else None
        if kind != PART_KIND and parent is not None and _section_ranks()[parent.kind] < _section_ranks()[kind]:
            parent_key = parent.key
        key = f"{kind}:{number}" if kind != PART_KIND else f"{parent_key}/{number}"
        existing = self.sections.get(key)
        if existing is None:
            existing = self.sections[key] = Section(key, kind, number, title, where, parent_key)
            self.section_score[key] = score if title else (False, False)
        elif title and (score > self.section_score[key] or not existing.title):
            existing.title, existing.where = title, where
            self.section_score[key] = score
        return existing

    def numbered_heading(self, number: str) -> bool:
        """Close what a numbered heading ends; False for a numbered list item."""
        top = _top(number)
        if top < self.chapter:
            return False
        still_open = []
        for section in self.open:
            path = self.outline.get(section.key)
            if path:
                keep = number.startswith(path + ".") or _top(number) < _top(path)
            else:
                keep = "." in number.strip(".") or top <= self.opened_in_chapter[section.key]
            if not keep:
                break
            still_open.append(section)
        self.open = still_open
        self.chapter = top
        self.scope = number
        self.close_unit()
        return True

    def letter(self, h: Heading, where: Where) -> bool:
        """A lettered line: a part of the section when it starts or continues
        the section's a), b), … sequence. False when it is not a part."""
        section = next((s for s in reversed(self.open) if s.kind != PART_KIND), None)
        if section is None:
            return False
        previous = self.part_letter.get(section.key)
        starts = h.number == "a" and self.unit is None
        continues = previous is not None and ord(h.number) == ord(previous) + 1
        if not (starts or continues):
            return False
        self.open = [s for s in self.open if s.kind != PART_KIND]
        part = self._section(PART_KIND, h.number, h.title, where, section)
        self.open.append(part)
        self.outline[part.key] = None
        self.opened_in_chapter[part.key] = self.chapter
        self.part_letter[section.key] = h.number
        self.close_unit()
        return True

    # -- units ------------------------------------------------------------

    def unit_heading(self, h: Heading, where: Where, overview: bool) -> None:
        section = self.innermost()
        unit = self._unit(h.kind, h.number, h.title, where, section.key if section else None, None, overview)
        self.unit, self.subunit = unit, None

    def unlabelled_unit(self, number: str, title: str, where: Where) -> None:
        """A heading with no unit keyword whose body has unit fields
        (Tavoitteet, Aikataulu, Kustannusarvio…): a unit of kind 'kohta'."""
        if self.unit is not None or not self.open:
            return
        self.unit_heading(Heading("unit", UNLABELLED_KIND, number, title, None, False), where, False)

    def subunit_heading(self, h: Heading, where: Where) -> None:
        if self.unit is None:
            return
        number = h.number
        if not number[0].isdigit():  # "e1)" under "1 e)" is "1 e1)"
            number = f"{self.unit.number.split()[0]} {number}"
        self.subunit = self._unit(self.unit.kind, number, h.title, where, self.unit.section_key, self.unit.key, False)

    def _unit(self, kind, number, title, where, section_key, parent_key, overview) -> WorkUnit:
        unit = self._find_unit(kind, number, title, section_key, parent_key)
        if unit is None:
            key = f"{section_key or '-'}|{kind}:{number}|{len(self.units)}"
            unit = self.units[key] = WorkUnit(key, kind, number, title, where, section_key, parent_key)
            self.unit_scope[key] = self.scope
        elif not overview and unit.key not in self.described:
            # the first body heading gives the title and the place
            if title and title != unit.title:
                unit.other_titles = [t for t in unit.other_titles if t != title]
                if unit.title:
                    unit.other_titles.append(unit.title)
                unit.title = title
            unit.where = where
        elif title and title != unit.title and title not in unit.other_titles:
            unit.other_titles.append(title)
        if not overview:
            self.described.add(unit.key)
        unit.mentions.append(where)
        return unit

    def _find_unit(self, kind, number, title, section_key, parent_key) -> WorkUnit | None:
        candidates = [u for u in self.units.values() if u.kind == kind and u.number == number and u.parent_key == parent_key]
        if title:
            for unit in candidates:
                if any(similar_titles(title, t) for t in [unit.title, *unit.other_titles]):
                    return unit
        for unit in candidates:
            if unit.section_key == section_key and (not title or self.unit_scope[unit.key] == self.scope):
                return unit
        return None

    def current_unit(self) -> WorkUnit | None:
        return self.subunit or self.unit

    def field(self, line: Line, follows_previous: bool, heading: Heading | None) -> None:
        """Collect a labelled field, and the lines that continue it."""
        unit = self.current_unit()
        if heading is not None or unit is None or not follows_previous:
            self.open_field = None
        if unit is None or heading is not None:
            return
        pattern, names = _field_labels()
        m = pattern.match(line.text)
        if m:
            name = names[regex.sub(r"\s+", " ", m.group("label").lower())]
            if name in unit.fields:  # a later description does not overwrite the first
                self.open_field = None
                return
            unit.fields[name] = m.group("value").strip()
            self.open_field = (unit, name)
        elif self.open_field is not None and self.open_field[0] is unit:
            owner, name = self.open_field
            owner.fields[name] = f"{owner.fields[name]} {line.text.strip()}".strip()


def _finish_unit(unit: WorkUnit) -> None:
    """Derive the contract columns from the unit's fields."""
    unit.schedule_text = unit.fields.get("schedule") or None
    cost = unit.fields.get("cost")
    if cost:
        amounts = find_money(cost)
        totals = [a for a in amounts if a.role == "total"]
        chosen = totals[-1] if totals else (amounts[0] if amounts else None)
        unit.cost_eur = chosen.value_eur if chosen else None


def _fields_follow(entries: list[tuple[Line, Heading | None]], index: int) -> bool:
    """Whether a labelled unit field comes after this heading, before the next."""
    pattern, _names = _field_labels()
    for line, heading in entries[index + 1 :]:
        if heading is not None:
            return False
        if pattern.match(line.text):
            return True
    return False


def _is_overview(entries: list[tuple[Line, Heading | None]], index: int) -> bool:
    """A unit heading is an overview-list entry when it is a bullet or the next
    non-blank line is another heading of the outline."""
    line, heading = entries[index]
    if heading.bullet:
        return True
    if index + 1 < len(entries):
        nxt = entries[index + 1][1]
        return nxt is not None and nxt.type in ("unit", "section", "numbered")
    return False


def assemble(doc: Document) -> Plan:
    walker = _Walker()
    entries = [(ln, classify(ln.text)) for ln in doc.prose_lines() if ln.text.strip()]
    context: dict[tuple[int, int], tuple[str | None, str | None]] = {}
    amounts: list[Amount] = []
    periods: list[PeriodFound] = []

    previous: Line | None = None
    for index, (line, h) in enumerate(entries):
        where = line.where()
        follows = previous is not None and previous.page == line.page and previous.number == line.number - 1
        previous = line
        if h is not None:
            if h.type == "section":
                path = _heading_number(line.text) if h.level else None
                if path:
                    walker.chapter = max(walker.chapter, _top(path))
                walker.open_section(h, where, path)
            elif h.type == "numbered":
                if walker.numbered_heading(h.number) and _fields_follow(entries, index):
                    walker.unlabelled_unit(h.number, h.title, where)
            elif h.type == "unit":
                walker.unit_heading(h, where, _is_overview(entries, index))
            elif h.type == "subunit":
                walker.subunit_heading(h, where)
            elif h.type == "letter":
                if not walker.letter(h, where) and _fields_follow(entries, index):
                    walker.unlabelled_unit(h.number, h.title, where)
        walker.field(line, follows, h)
        section = walker.innermost()
        unit = walker.current_unit()
        context[(line.page, line.number)] = (section.key if section else None, unit.key if unit else None)
        for money in find_money(line.text):
            amounts.append(Amount(money, line.where(money.start, money.end), unit.key if unit else None))
        for period in find_periods(line.text):
            periods.append(PeriodFound(period, line.where(period.char_start, period.char_end)))

    for unit in walker.units.values():
        _finish_unit(unit)
    start, end = project_period(doc)
    return Plan(
        title=find_title(doc),
        project_start=start,
        project_end=end,
        sections=list(walker.sections.values()),
        units=list(walker.units.values()),
        amounts=amounts,
        periods=periods,
        tables=[_plan_table(t, context) for t in doc.tables],
    )


def _heading_number(text: str) -> str | None:
    m = regex.match(r"^\s*(?:[-–•]\s+)?(\d+(?:\.\d+)*)\.?\s", text)
    return m.group(1) if m else None


def _plan_table(table, context) -> PlanTable:
    anchor = (table.where.page, table.where.line)
    before = [k for k in context if k < anchor]
    section_key, unit_key = context[max(before)] if before else (None, None)
    kind = table_recogniser.classify(table)
    result = PlanTable(kind, table.number, table.caption, table.where, unit_key, section_key)
    if kind == "phase":
        result.phase_marks = table_recogniser.phase_marks(table)
    elif kind == "cost":
        result.cost_cells = table_recogniser.cost_cells(table)
    return result


def find_title(doc: Document) -> str | None:
    cfg = rules.load("headings")["title"]
    labels = {w.lower() for w in cfg["label_lines"]}
    skip = {w.lower() for w in cfg["not_title"]}
    lines = [ln for ln in doc.lines[: int(cfg["within_lines"]) * 4] if ln.text.strip() and ln.role == "text"]
    for i, line in enumerate(lines):
        if line.text.strip().lower() in labels and i + 1 < len(lines):
            return lines[i + 1].text.strip()
    for line in lines:
        if line.number > int(cfg["within_lines"]):
            break
        text = line.text.strip()
        if text.lower() in skip or len(text) > int(cfg["max_chars"]) or classify(text) is not None:
            continue
        if find_periods(text) and regex.fullmatch(r"[\d.\s–-]+(päivitetty)?", text):
            continue
        return text
    return None


PRECISION_RANK = {"day": 0, "month": 1, "quarter": 2, "season": 3, "year": 4}


def project_period(doc: Document) -> tuple[str | None, str | None]:
    """The implementation period stated by the plan, most precise statement first."""
    cues = [c.lower() for c in rules.load("periods")["project"]["cues"]]
    best = None
    for line in doc.prose_lines():
        lowered = line.text.lower()
        if not any(cue in lowered for cue in cues):
            continue
        for period in find_periods(line.text):
            if period.valid and period.start and period.end and period.start != period.end:
                rank = PRECISION_RANK[period.precision]
                if best is None or rank < best[0]:
                    best = (rank, period)
                break
    if best is None:
        return None, None
    return best[1].start, best[1].end
