"""The outline of a plan: sections, work units, their fields and mentions.

Five parts, each with one job, fed one prose line at a time by :class:`Outline`:

* :class:`HeadingSequence` tells a numbered heading from a numbered list item
  ("1 Rekrytoidaan …", "2024 Valmistelu") by the headings before it;
* :class:`SectionStack` keeps the open sections: every level of the heading
  path (numbered headings, section words, lettered parts, and headings known
  only by their typography) is a section;
* :class:`UnitRegistry` knows a unit by (section, kind, number): units of two
  different sections (osa-alue, investointi, …) are never one unit; a unit
  repeated under the subsections of one section (goals, measures, schedule) is
  one unit when its titles agree;
* :class:`MentionResolver` resolves overview lists and references once the
  whole document is read, so a list before the units' headings finds them;
* :class:`FieldCollector` collects a unit's labelled fields.

:mod:`extract.cost_rows` then joins each cost-table row to the section or unit
its label names.

When the outline had to guess or could not place something, it leaves a
:class:`~extract.plan.StructureNote` (a ``structure`` flag).
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

import regex

from . import rules
from .model import Line, Where
from .plan import AnnouncedCount, Mention, PlanTable, Section, StructureNote, WorkUnit
from .recognise.headings import Heading, emphasised_lead, unit_code
from .recognise.mentions import find_announcements, find_mentions, section_refs_at
from .recognise.money import find_money, parse_number
from .recognise.tables import label_role

PART_KIND = "osa"  # a lettered part "a)" of a section
HEADING_KIND = "otsikko"  # a numbered heading without a section word
TYPOGRAPHIC_KIND = "väliotsikko"  # a heading known only by its typography (style, font, Markdown #)
UNLABELLED_KIND = "kohta"  # a unit described with fields but no unit keyword
TITLE_SIMILARITY = 0.75

Entries = list[tuple[Line, Heading | None]]


# --- vocabulary ------------------------------------------------------------


@lru_cache(maxsize=None)
def field_labels() -> tuple[regex.Pattern, regex.Pattern, dict[str, str]]:
    """Patterns of a field label line ("Kustannusarvio (€): 45 000") and of a
    label alone on its line, and the field each label fills."""
    fields = {label.lower(): name for label, name in rules.load("headings")["fields"].items()}
    labels = "|".join(regex.escape(label).replace("\\ ", r"\s+") for label in sorted(fields, key=len, reverse=True))
    unit = r"(?:\s*\([^)]{1,12}\))?"
    bullet = r"(?:[-–•·*]\s+)?"
    with_value = regex.compile(rf"^\s*{bullet}(?P<label>{labels}){unit}\s*:\s*(?P<value>.*)$", regex.IGNORECASE)
    alone = regex.compile(rf"^\s*{bullet}(?P<label>{labels}){unit}\s*:?\s*$", regex.IGNORECASE)
    return with_value, alone, fields


@lru_cache(maxsize=None)
def section_ranks() -> dict[str, int]:
    kinds = [entry["kind"] for entry in rules.load("headings")["section"]]
    ranks = {kind: rank for rank, kind in enumerate(kinds)}
    ranks[PART_KIND] = len(kinds)
    return ranks


@lru_cache(maxsize=None)
def _limits() -> dict:
    return rules.load("headings")["limits"]


@lru_cache(maxsize=None)
def _cost_list_pattern() -> regex.Pattern:
    return rules.compile_pattern(_limits()["cost_list_regex"], "headings.toml [limits] cost_list_regex")


SPACES = regex.compile(r"\s+")
TRAILING_JOINER = regex.compile(r"[\s,.;:–-]+(ja|sekä)?$")


def normalise_title(title: str) -> str:
    t = SPACES.sub(" ", title.lower().strip())
    t = TRAILING_JOINER.sub("", t)
    return t.strip(" ,.;:–-")


COVER_MAX_LINES = 200  # the title stands on the first page or two


def title_position(title: str | None, lines: list[Line]) -> tuple[int, int] | None:
    """(page, line) of the first line that states the plan's title, alone or
    after a label ("Hankkeen nimi: Title"); None when no line does (a title
    quoted in running text starts no cover)."""
    wanted = normalise_title(title or "")
    if not wanted:
        return None
    for line in lines[:COVER_MAX_LINES]:
        text = normalise_title(line.text)
        if text and (text == wanted or text.endswith(wanted) or wanted.startswith(text) and len(text) > len(wanted) / 2):
            return line.page, line.number
    return None


def ratio_at_least(a: str, b: str, threshold: float) -> bool:
    """difflib's ``ratio()`` of the two titles is at least ``threshold``.
    Its cheap upper bounds (lengths, then letters shared) answer most pairs of
    titles first, so the full comparison runs for few of them."""
    matcher = SequenceMatcher(None, a, b)
    return (matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold
            and matcher.ratio() >= threshold)


def similar_titles(a: str, b: str) -> bool:
    a, b = normalise_title(a), normalise_title(b)
    if not a or not b:
        return False
    if a == b:
        return True
    if a.startswith(b) or b.startswith(a):
        # "Hankehallinto" and "Hankehallinto ja viestintä" are two units in two
        # sections but one unit spelled twice in one: the caller decides
        return True
    return ratio_at_least(a, b, TITLE_SIMILARITY)


def number_parts(number: str) -> tuple[int, ...] | None:
    parts = number.strip(".").split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else None


# --- numbered headings and list items --------------------------------------


class HeadingSequence:
    """Whether a numbered line is the outline's next heading.

    After heading 2 the next heading is 2.1, 3 or (with a skipped number) 4;
    "1 Rekrytoidaan …" or "2024 Valmistelu" is not, so it is a list item, and
    so are the items right after it that continue its count (1, 2, 3 …) even
    when one of them happens to be a possible heading number.
    """

    def __init__(self, gap: int | None = None, first_at_most: int | None = None) -> None:
        self.gap = int(_limits()["heading_number_gap"]) if gap is None else gap
        self.first_at_most = int(_limits()["first_heading_at_most"]) if first_at_most is None else first_at_most
        self.last: tuple[int, ...] | None = None
        self.run: int | None = None  # the last item of the current numbered list
        self.run_index = -10

    def is_next(self, parts: tuple[int, ...]) -> bool:
        if self.last is None:
            # the first heading starts a chapter ("8.3.6" first is a stray contents line)
            return len(parts) == 1 and parts[0] <= self.first_at_most
        last = self.last
        for depth in range(len(last)):
            if len(parts) > depth and parts[:depth] == last[:depth] and 1 <= parts[depth] - last[depth] <= self.gap:
                if all(p == 1 for p in parts[depth + 1:]):
                    return True
        return len(parts) > len(last) and parts[: len(last)] == last and all(p == 1 for p in parts[len(last):])

    def accept(self, number: str) -> None:
        """A heading whose words make it one ("4.1.2 Investointi 1") moves the sequence on."""
        parts = number_parts(number)
        if parts:
            self.last, self.run = parts, None

    def judge(self, number: str, index: int, typographic: bool, list_item: bool) -> bool:
        """True for a heading; False for a list item. ``index`` is the line's
        place among the prose lines, to see whether it follows the last item.
        A heading style does not make "1. Asukkaan …" after heading 8.3 a
        heading (converted documents style list items as headings)."""
        parts = number_parts(number)
        if parts is None:
            return False
        continues_list = (
            self.run is not None and len(parts) == 1 and parts[0] == self.run + 1 and index == self.run_index + 1
        )
        if list_item or continues_list:
            self.run, self.run_index = parts[0], index
            return False
        if self.is_next(parts):
            self.last, self.run = parts, None
            return True
        if len(parts) == 1:
            self.run, self.run_index = parts[0], index
        return False


# --- sections --------------------------------------------------------------


class SectionStack:
    """The open sections, outermost first, and every section seen."""

    def __init__(self) -> None:
        self.sections: dict[str, Section] = {}
        self.open: list[Section] = []
        self.defined: set[str] = set()  # opened by a heading, not only named in a sentence
        self.score: dict[str, tuple[bool, bool]] = {}
        self.chapter_at_open: dict[str, int] = {}
        self.context: dict[str, str | None] = {}  # the heading number in force when a section opened
        self.opened_as: dict[str, str | None] = {}  # the heading number of a section's latest opening
        self.chapter = 0
        self.last_number: str | None = None
        self.part_letter: dict[str, str] = {}

    def innermost(self) -> Section | None:
        return self.open[-1] if self.open else None

    def parent_of(self, section: Section | None) -> Section | None:
        return self.sections.get(section.parent_key) if section and section.parent_key else None

    def chain(self, key: str | None) -> list[Section]:
        """The section and its ancestors, innermost first."""
        out, seen = [], set()
        while key is not None and key in self.sections and key not in seen:
            seen.add(key)
            out.append(self.sections[key])
            key = self.sections[key].parent_key
        return out

    def scope(self, key: str | None) -> str | None:
        """The innermost section named by a section word (or a lettered part)
        around ``key``: units are told apart within it. Headings without a
        section word (numbered or typographic) subdivide a section's text
        (goals, measures, schedule) and do not separate its units."""
        for section in self.chain(key):
            if section.kind not in (HEADING_KIND, TYPOGRAPHIC_KIND):
                return section.key
        return None

    def common(self, keys: list[str | None]) -> str | None:
        """The deepest section enclosing all of ``keys``."""
        chains = [list(reversed(self.chain(k))) for k in keys]
        if not chains or any(not c for c in chains):
            return None
        common = None
        for level in zip(*chains):
            if all(s.key == level[0].key for s in level):
                common = level[0].key
            else:
                break
        return common

    def _encloses(self, open_section: Section, kind: str, number: str | None, level: int | None) -> bool:
        """Whether ``open_section`` stays open around a new heading."""
        ranks = section_ranks()
        if open_section.kind == PART_KIND:
            return False
        if open_section.kind == TYPOGRAPHIC_KIND:
            return self._typographic_encloses(open_section, level)
        if kind in ranks and open_section.kind in ranks and ranks[open_section.kind] >= ranks[kind]:
            return False  # "PILARI 4" ends "PILARI 3" whatever their numbers
        opened_as = self.opened_as.get(open_section.key)
        if number and opened_as:
            return number.startswith(opened_as.rstrip(".") + ".")
        if kind in ranks and open_section.kind in ranks:
            return ranks[open_section.kind] < ranks[kind]
        if number:
            # numbers before typography: converted documents style headings at will
            return self._unnumbered_encloses(open_section, number)
        if level is not None and open_section.level is not None:
            return open_section.level < level
        return True

    @staticmethod
    def _typographic_encloses(open_section: Section, level: int | None) -> bool:
        """A heading known only by its typography stays open until a heading
        of its level or above. Levels decide when both are known; a styled
        heading (Word "Heading 2", a larger font, "##") encloses what has no
        level (a bold line, a plain "Osa-alue 2:"); a heading without a level
        (a bold line) ends at the next heading of any kind."""
        if level is not None and open_section.level is not None:
            return open_section.level < level
        return open_section.level is not None

    def _unnumbered_encloses(self, open_section: Section, number: str) -> bool:
        """A section word without a heading number ("PILARI 4:") opened in the
        text of numbered heading C stays open over C's later siblings and their
        subsections (4.1.1 → PILARI 4 → 4.1.5.1), and ends at C's own first
        subsection (4.2 → Investointi 4: → 4.2.1) or outside C's parent."""
        parts = number_parts(number) or (0,)
        context = number_parts(self.context.get(open_section.key) or "")
        if not context or len(parts) == 1:
            return len(parts) > 1 or parts[0] <= self.chapter_at_open.get(open_section.key, 0)
        return (
            len(parts) >= len(context)
            and parts[: len(context) - 1] == context[:-1]
            and parts[: len(context)] != context
        )

    def close_for(self, kind: str, number: str | None, level: int | None) -> None:
        """Close the sections a new heading ends."""
        still_open = []
        for section in self.open:
            if not self._encloses(section, kind, number, level):
                break
            still_open.append(section)
        self.open = still_open
        parts = number_parts(number) if number else None
        if parts:
            self.chapter = parts[0]
            self.last_number = number

    def _find_or_add(self, key, kind, number, title, where, parent, score, heading_number=None, level=None) -> Section:
        """Find or create a section; its title and place come from the first
        heading of the best form ("4.1 PILARI 3: Title" over "Pilari 3 …")."""
        title = " ".join(title.split())
        parent_key = parent.key if parent is not None else None
        existing = self.sections.get(key)
        if existing is None:
            existing = self.sections[key] = Section(key, kind, number, title, where, parent_key, heading_number, level)
            self.score[key] = score if title else (False, False)
        else:
            if key not in self.defined:  # a placeholder named in a sentence gets its place now
                existing.parent_key = parent_key
            if existing.level is None:
                existing.level = level
            if title and (score > self.score[key] or not existing.title):
                existing.title, existing.where = title, where
                existing.heading_number = heading_number or existing.heading_number
                self.score[key] = score
        return existing

    def open_heading(self, h: Heading, where: Where, level: int | None) -> Section:
        """A section-word heading ("8.2 Osa-alue 2: …") or a numbered heading ("4.1.5.1 …")."""
        kind = h.kind if h.type == "section" else HEADING_KIND
        heading_number = h.heading_number if h.type == "section" else h.number
        self.close_for(kind, heading_number, level)
        parent = self.innermost()
        key = f"{kind}:{h.number}"
        score = (h.colon, heading_number is not None)
        section = self._find_or_add(key, kind, h.number, h.title, where, parent, score, heading_number, level)
        self.open.append(section)
        self.defined.add(key)
        self.chapter_at_open[key] = self.chapter
        self.context[key] = self.last_number
        self.opened_as[key] = heading_number
        if heading_number:
            self.last_number = heading_number
        return section

    def open_typographic(self, title: str, where: Where, level: int | None) -> Section:
        """A heading without number or section word ("Toimenpiteet" in a Word
        heading style, "### Neuvola"): a level of the path, keyed by its place
        (two such headings with one title are two sections)."""
        self.close_for(TYPOGRAPHIC_KIND, None, level)
        parent = self.innermost()
        key = f"{TYPOGRAPHIC_KIND}:{where.page}.{where.line}"
        section = self._find_or_add(key, TYPOGRAPHIC_KIND, "", title, where, parent, (False, False), None, level)
        self.open.append(section)
        self.defined.add(key)
        self.chapter_at_open[key] = self.chapter
        self.context[key] = self.last_number
        return section

    def open_part(self, h: Heading, where: Where, unit_open: bool) -> bool:
        """A lettered line "a) …": a part of the section when it starts or
        continues the section's a), b), … sequence. False when it is not."""
        section = next((s for s in reversed(self.open) if s.kind != PART_KIND), None)
        if section is None:
            return False
        previous = self.part_letter.get(section.key)
        starts = h.number == "a" and not unit_open
        continues = previous is not None and ord(h.number) == ord(previous) + 1
        if not (starts or continues):
            return False
        self.open = [s for s in self.open if s.kind != PART_KIND]
        part = self._find_or_add(f"{section.key}/{h.number}", PART_KIND, h.number, h.title, where, section, (False, False))
        self.open.append(part)
        self.defined.add(part.key)
        self.chapter_at_open[part.key] = self.chapter
        self.part_letter[section.key] = h.number
        return True

    def named(self, kind: str, number: str, where: Where) -> Section:
        """A section a sentence names ("(Osa 2)"): the one with that heading,
        or a placeholder its heading fills in later."""
        return self._find_or_add(f"{kind}:{number}", kind, number, "", where, None, (False, False))


# --- units -----------------------------------------------------------------


class UnitRegistry:
    """Every unit once: found by (section, kind, number), then by title."""

    def __init__(self, stack: SectionStack) -> None:
        self.stack = stack
        self.units: dict[str, WorkUnit] = {}
        self.places: dict[str, list[str | None]] = {}  # sections of a unit's headings
        self.described: set[str] = set()  # units whose body heading was seen
        self.notes: list[StructureNote] = []

    def candidates(self, kind: str, number: str, parent_key: str | None, scope: str | None) -> list[WorkUnit]:
        return [
            u for u in self.units.values()
            if u.kind == kind and u.number == number and u.parent_key == parent_key
            and self.stack.scope(u.section_key) == scope
        ]

    def find(self, kind, number, title, section_key, parent_key) -> WorkUnit | None:
        scope = self.stack.scope(section_key)
        candidates = self.candidates(kind, number, parent_key, scope)
        if not number:
            return next((u for u in candidates if title and self._similar(u, title)), None)
        here = [u for u in candidates if section_key in self.places.get(u.key, [])]
        if here:
            return here[-1]
        alike = [u for u in candidates if title and self._similar(u, title)]
        if alike:
            return alike[0]
        return None

    @staticmethod
    def _similar(unit: WorkUnit, title: str) -> bool:
        return any(similar_titles(title, t) for t in [unit.title, *unit.other_titles])

    def add(self, kind, number, title, where, section_key, parent_key) -> WorkUnit:
        key = f"{section_key or '-'}|{kind}:{number}|{len(self.units)}"
        unit = self.units[key] = WorkUnit(key, kind, number, " ".join(title.split()), where, section_key, parent_key)
        self.places[key] = []
        return unit

    def heading(self, kind, number, title, where, section_key, parent_key) -> WorkUnit:
        """A unit's heading in the body: the first gives its title and place."""
        title = " ".join(title.split())
        unit = self.find(kind, number, title, section_key, parent_key)
        if unit is None:
            unit = self.add(kind, number, title, where, section_key, parent_key)
        elif unit.key not in self.described:
            self.retitle(unit, title, where)
        else:
            known = title in unit.other_titles or title == unit.title
            self.other_title(unit, title)
            if not known and section_key not in self.places[unit.key] and normalise_title(title) != normalise_title(unit.title):
                self.notes.append(StructureNote(
                    f"{kind} {number} '{title}' yhdistettiin yksikköön '{unit.title}' (rivi {unit.where.line}): "
                    "otsikot eroavat",
                    f"{kind} {number} '{title}' was merged with '{unit.title}' (line {unit.where.line}): "
                    "the titles differ",
                    where, {"merged_into_line": unit.where.line, "title": title, "info": True},
                ))
        self.places[unit.key].append(section_key)
        self.described.add(unit.key)
        unit.mentions.append(Mention("heading", where, f"{kind} {number or ''} {title}".strip()))
        return unit

    @staticmethod
    def retitle(unit: WorkUnit, title: str, where: Where) -> None:
        if title and title != unit.title:
            unit.other_titles = [t for t in unit.other_titles if t != title]
            if unit.title:
                unit.other_titles.append(unit.title)
            unit.title = title
        unit.where = where

    @staticmethod
    def other_title(unit: WorkUnit, title: str) -> None:
        if title and title != unit.title and title not in unit.other_titles:
            unit.other_titles.append(title)

    def settle_sections(self) -> None:
        """A unit described under several subsections of one section belongs
        to the deepest section enclosing all of them."""
        for unit in self.units.values():
            places = self.places.get(unit.key) or []
            if len(set(places)) > 1:
                # no section encloses them all (chapters "3 Toimenpiteet", "4 Aikataulu"): the first
                unit.section_key = self.stack.common(places) or places[0]


# --- mentions --------------------------------------------------------------


@dataclass
class Pending:
    """A unit named outside its heading, resolved when the document is read."""

    how: str  # overview | reference
    kind: str
    number: str
    title: str | None
    where: Where
    raw: str
    section_key: str | None  # where it stands
    named_section: str | None  # the section the sentence names, if any
    from_list: bool  # a list entry (may introduce a unit) rather than a sentence


class MentionResolver:
    """Overview lists and references, matched to units after the whole
    document is read: a unit named in a sentence never becomes a unit itself."""

    def __init__(self, stack: SectionStack, registry: UnitRegistry) -> None:
        self.stack = stack
        self.registry = registry
        self.pending: list[Pending] = []

    def add(self, pending: Pending) -> None:
        self.pending.append(pending)

    def _within(self, unit: WorkUnit, section_key: str) -> bool:
        return any(s.key == section_key for s in self.stack.chain(unit.section_key))

    def best(self, p: Pending) -> WorkUnit | None:
        units = [u for u in self.registry.units.values() if u.kind == p.kind and u.number == p.number and u.parent_key is None]
        if p.named_section:
            units = [u for u in units if self._within(u, p.named_section)]
        else:
            scope = self.stack.scope(p.section_key)
            inside = [u for u in units if scope is not None and self._within(u, scope)]
            if inside:
                units = inside
        if p.title:
            alike = [u for u in units if UnitRegistry._similar(u, p.title)]
            if alike:
                units = alike
            elif len(units) > 1:
                return None
        if len(units) > 1:
            # the one described nearest before the mention, else the first
            before = [u for u in units if (u.where.page, u.where.line) <= (p.where.page, p.where.line)]
            return before[-1] if before else units[0]
        return units[0] if units else None

    def _adopt(self, unit: WorkUnit, p: Pending) -> None:
        """A unit described outside any section word but listed in an overview
        under one ("Investointi 1: Toimenpide 1 …, Toimenpide 2 …") belongs to it."""
        listed_in = self.stack.scope(p.section_key)
        if p.how == "overview" and listed_in and self.stack.scope(unit.section_key) is None:
            unit.section_key = listed_in
            self.registry.places[unit.key] = [listed_in]

    def resolve(self) -> None:
        for p in self.pending:
            unit = self.best(p)
            if unit is None and p.from_list and p.title:
                unit = self.registry.add(p.kind, p.number, p.title, p.where, p.section_key, None)
                self.registry.places[unit.key].append(p.section_key)
            if unit is None and not any(u.kind == p.kind for u in self.registry.units.values()):
                continue  # "toimenpiteitä 4 kunnassa": the word used as a common noun
            if unit is None:
                self.registry.notes.append(StructureNote(
                    f"'{p.raw}': tekstissä mainittua yksikköä {p.kind} {p.number} ei ole kuvattu",
                    f"'{p.raw}': {p.kind} {p.number} is named but no such unit is described",
                    p.where, {"kind": p.kind, "number": p.number},
                ))
                continue
            if p.title:
                UnitRegistry.other_title(unit, p.title)
            unit.mentions.append(Mention(p.how, p.where, p.raw))
            self._adopt(unit, p)
        for unit in self.registry.units.values():
            unit.mentions.sort(key=lambda m: (m.where.page, m.where.line, m.where.char_start or 0))


# --- fields ----------------------------------------------------------------


class FieldCollector:
    """A unit's labelled fields: "Tavoitteet: …", a label alone on its line
    with the value below, and the lines that continue a field."""

    def __init__(self) -> None:
        self.open: tuple[WorkUnit, str] | None = None
        self.waiting = False  # a label alone: its value is on the next line

    def close(self) -> None:
        self.open, self.waiting = None, False

    def label(self, text: str) -> tuple[str, str] | None:
        with_value, alone, names = field_labels()
        m = with_value.match(text) or alone.match(text)
        if not m:
            return None
        name = names[regex.sub(r"\s+", " ", m.group("label").lower())]
        value = m.groupdict().get("value") or ""
        return name, " ".join(value.split())

    def feed(self, line: Line, unit: WorkUnit | None, follows_previous: bool) -> None:
        if unit is None:
            self.close()
            return
        labelled = self.label(line.text)
        if labelled:
            name, value = labelled
            if name in unit.fields:  # a later description does not overwrite the first
                self.close()
                return
            unit.fields[name] = value
            self.open, self.waiting = (unit, name), not value
        elif self.open is not None and self.open[0] is unit and (follows_previous or self.waiting):
            owner, name = self.open
            owner.fields[name] = " ".join(f"{owner.fields[name]} {line.text}".split())
            self.waiting = False
        else:
            self.close()


# --- unit costs ------------------------------------------------------------


@dataclass
class ListedCost:
    """"- Hankehallinto: noin 120 000 euroa": one unit's cost in a prose list."""

    label: str
    value: float
    section_key: str | None
    where: Where


def cost_of_field(text: str) -> float | None:
    """The cost a Kustannusarvio field states: its total, else its first
    amount; a bare number under a cost label is euros ("Kustannusarvio (€): 45 000")."""
    amounts = find_money(text)
    totals = [a for a in amounts if a.role == "total"]
    chosen = totals[-1] if totals else (amounts[0] if amounts else None)
    if chosen is not None:
        return chosen.value_eur
    bare = regex.match(r"^\s*(\d{1,3}(?:[\s\u00a0\u202f]\d{3})+|\d+)(?:,\d+)?\s*(?:€|e|eur|euroa)?\s*$", text)
    return parse_number(bare.group(0).rstrip("€eurEURoa ")) if bare else None


def names_unit(label: str, unit: WorkUnit) -> bool:
    """Whether a list or table label names this unit: by its code ("TP1",
    "Työpaketti 1", "A Liikuntaneuvonta") or by its title."""
    pieces = [p.strip() for p in label.split(" / ") if p.strip()]
    codes = [c for c in (unit_code(p) for p in pieces) if c is not None and c[0] is not None]
    if codes:  # "TP2 / Title": the code decides
        return any(kind == unit.kind and number == unit.number for kind, number, _rest in codes)
    for piece in pieces:
        code = unit_code(piece)
        if code is not None and code[1] == unit.number:
            return True
        if unit.title and similar_titles(piece, unit.title) and _close_enough(piece, unit.title):
            return True
    return False


def _close_enough(a: str, b: str) -> bool:
    """Stricter than a prefix: a label names a unit when it is (nearly) its title."""
    a, b = normalise_title(a), normalise_title(b)
    return a == b or ratio_at_least(a, b, 0.85)


# --- the outline -------------------------------------------------------------


class Outline:
    """One pass over a document's prose lines, feeding the parts above.

    ``title`` is the plan's title: a heading that only states it (a Word
    "Title", a Markdown "#") is not a section, and nor is a heading above it
    on the cover (the organisation's name, "HANKESUUNNITELMA" in a large
    font): the outline starts after the title line."""

    def __init__(self, title: str | None = None, lines: list[Line] | None = None) -> None:
        self.title = title
        self.cover_end = title_position(title, lines or [])
        self.sequence = HeadingSequence()
        self.stack = SectionStack()
        self.registry = UnitRegistry(self.stack)
        self.mentions = MentionResolver(self.stack, self.registry)
        self.fields = FieldCollector()
        self.announced: list[AnnouncedCount] = []
        self.listed_costs: list[ListedCost] = []
        self.unit: WorkUnit | None = None
        self.subunit: WorkUnit | None = None
        self.last_letter: str | None = None  # of the last lettered unit, for runs across sections
        self.unit_level: int | None = None  # the typographic level of the open unit's heading
        self.list_letter: str | None = None  # the last "a)", "b)" of a list inside the open unit

    # -- reading -----------------------------------------------------------

    @property
    def sections(self) -> dict[str, Section]:
        return self.stack.sections

    @property
    def units(self) -> dict[str, WorkUnit]:
        return self.registry.units

    def innermost(self) -> Section | None:
        return self.stack.innermost()

    def current_unit(self) -> WorkUnit | None:
        return self.subunit or self.unit

    def close_unit(self) -> None:
        self.unit = None
        self.subunit = None
        self.unit_level = None
        self.list_letter = None
        self.fields.close()

    # -- feeding -------------------------------------------------------------

    def feed(self, entries: Entries, index: int, follows_previous: bool) -> None:
        """Take one non-blank prose line (and its heading, if it is one)."""
        line, h = entries[index]
        where = line.where()
        list_item = False
        if h is not None and h.type == "numbered" and not self._numbered_heading(line, h, index):
            h, list_item = None, True  # a numbered list item: text of whatever it stands in
        if h is None and line.heading and not list_item and self._typographic(line, follows_previous):
            return
        if h is None:
            self.prose(line)
            self.fields.feed(line, self.current_unit(), follows_previous)
            self._listed_cost(line)
            return
        self.fields.close()
        if h.type == "section":
            if h.heading_number:
                self.sequence.accept(h.heading_number)
            self.stack.open_heading(h, where, line.level)
            self.close_unit()
        elif h.type == "numbered":
            if fields_follow(entries, index) and self.stack.open:
                self.stack.close_for(HEADING_KIND, h.number, line.level)
                self.close_unit()
                self._unit_heading(UNLABELLED_KIND, h.number, h.title, where, False)
            else:
                self.stack.open_heading(h, where, line.level)
                self.close_unit()
        elif h.type == "unit":
            if h.heading_number:
                self.sequence.accept(h.heading_number)
                self.stack.close_for(h.kind, h.heading_number, line.level)
            self._unit_heading(h.kind, h.number, h.title, where, is_overview(entries, index), line)
        elif h.type == "subunit":
            self._subunit_heading(h, where)
        elif h.type == "letter":
            if self.stack.open_part(h, where, self.unit is not None):
                self.close_unit()
            elif self.unit is None and fields_follow(entries, index) and self.stack.open:
                self._unit_heading(UNLABELLED_KIND, h.number, h.title, where, False)
            elif not self._letter_in_unit_list(h):
                self._stray_letter(h, line, self.stack.part_letter.get(self._part_owner()))
        elif h.type == "lettered":
            self._lettered(entries, index, h, where, line)

    def _numbered_heading(self, line: Line, h: Heading, index: int) -> bool:
        return self.sequence.judge(h.number, index, line.heading, line.list_item)

    # -- headings known by typography only -------------------------------------

    def _typographic(self, line: Line, follows_previous: bool) -> bool:
        """A heading without number or section word (a Word heading style, a
        short bold paragraph, a larger or bold PDF font, Markdown "#"). Inside
        a unit, a field label ("Tavoitteet", "Kustannusarvio") is the unit's
        field and a heading below the unit's own level is the unit's
        sub-heading; otherwise the heading ends the unit and becomes a level of
        the section path. False for a bold sentence: it is prose."""
        text = " ".join(line.text.split())
        if not self._heading_like(text):
            return False
        unit = self.current_unit()
        label = self.fields.label(text) is not None
        if unit is not None and self._within_unit(line.level, label):
            if label:
                self.fields.feed(line, unit, follows_previous)
            else:
                self.fields.close()
            return True
        self.close_unit()
        if not self._states_the_plan(text) and not self._on_the_cover(line):
            self.stack.open_typographic(text, line.where(), line.level)
        return True

    @staticmethod
    def _heading_like(text: str) -> bool:
        """Short and not a sentence or a lead-in ("Hanke toteutetaan … .", "Tavoitteena on:");
        a label with its colon ("Kustannusarvio:") is read as the unit's field like any line."""
        words = text.split()
        return bool(words) and len(words) <= int(_limits()["typographic_heading_max_words"]) \
            and not text.endswith((".", ",", ";", ":"))

    def _within_unit(self, level: int | None, label: bool) -> bool:
        """Whether a typographic heading stands inside the open unit: below the
        unit heading's level (a label also at it); a line without a level
        under a styled unit heading; a field label when levels are unknown."""
        if self.unit_level is not None and level is not None:
            return level >= self.unit_level if label else level > self.unit_level
        if self.unit_level is not None:
            return True
        return label

    def _on_the_cover(self, line: Line) -> bool:
        return self.cover_end is not None and (line.page, line.number) < self.cover_end

    def _states_the_plan(self, text: str) -> bool:
        """The plan's title (alone, wrapped, or after a label: "Hankesuunnitelma:
        Title"), or a line that is never one (programme name, "Sisällys")."""
        lowered = normalise_title(text)
        never = {normalise_title(w) for w in rules.load("headings")["title"]["not_title"]}
        title = normalise_title(self.title or "")
        return lowered in never or bool(title) and (title.startswith(lowered) or lowered.endswith(title))

    # -- lettered lines outside any run ------------------------------------------

    def _part_owner(self) -> str | None:
        section = next((s for s in reversed(self.stack.open) if s.kind != PART_KIND), None)
        return section.key if section else None

    def _letter_in_unit_list(self, h: Heading) -> bool:
        """"a) …", "b) …" inside a unit's text: a list of the unit (a lower-case
        item, or a run starting at a)), not a unit of its own. Once the list
        has begun, a letter out of turn (a, b, e, d) is still one of its items:
        the checks report the lettering (item-letter-repeats), not the outline."""
        if self.unit is None:
            return False
        if not h.title[:1].isupper():
            return True
        runs_on = h.number == "a" or self.list_letter is not None
        if runs_on:
            self.list_letter = h.number
        return runs_on

    def _stray_letter(self, h: Heading, line: Line, last: str | None) -> None:
        """A lettered line that looks like a unit or part heading but continues
        no letter run ("e) Title" after "b)", "F. Title" after "B."): not read
        as a unit, and said so."""
        text = " ".join(line.text.split())
        if self.innermost() is None:
            why_fi, why_en = "se on kaikkien osien ulkopuolella", "it stands outside any section"
        else:
            why_fi = f"se ei jatka kirjainsarjaa (edellinen: {last or 'ei ole'})"
            why_en = f"it continues no letter run (the last letter: {last or 'none'})"
        self.registry.notes.append(StructureNote(
            f"kirjaimella merkittyä riviä '{text}' ei luettu työkokonaisuudeksi eikä osaksi: {why_fi}",
            f"the lettered line '{text}' was not read as a unit or a part: {why_en}",
            line.where(), {"letter": h.number, "line": text, "last_letter": last},
        ))

    # -- units ---------------------------------------------------------------

    def _unit_heading(self, kind, number, title, where, overview: bool, line: Line | None = None) -> None:
        section = self.innermost()
        section_key = section.key if section else None
        if overview and line is not None and _only_money(title):
            # "- Toimenpide 1.1: 30 000 €": a unit's cost in a list, not its title
            self._listed_cost(line)
            self.mentions.add(Pending("reference", kind, number, None, where, line.text.strip(),
                                      section_key, None, False))
            return
        if overview:
            if line is not None:
                title = emphasised_lead(line.raw, title)
            self.mentions.add(Pending("overview", kind, number, title, where, line.text.strip() if line else title,
                                      section_key, None, True))
            self.close_unit()
            return
        self.unit = self.registry.heading(kind, number, title, where, section_key, None)
        self.subunit = None
        self.unit_level = line.level if line is not None else None
        self.list_letter = None

    def _lettered(self, entries: Entries, index: int, h: Heading, where: Where, line: Line) -> None:
        """"A. Hankehallinto" or "- a) Title": a unit when its letters run
        A, B, … (also on from the list before, in another section) or the next
        line carries the next letter."""
        if h.bullet and (self.current_unit() is not None or not h.title[:1].isupper()):
            if self.unit is not None:
                self.list_letter = h.number  # "- a) …", "- b) …": the unit's list has begun
            return  # "- a) kehittämällä …": a list inside a unit's text
        letter = h.number
        first = letter in ("A", "a")
        continues = self.last_letter is not None and ord(letter) == ord(self.last_letter) + 1
        following = index + 1 < len(entries) and entries[index + 1][1] is not None and \
            entries[index + 1][1].type == "lettered" and entries[index + 1][1].number == chr(ord(letter) + 1)
        if self.innermost() is None or not (first or continues or following):
            self._stray_letter(h, line, self.last_letter)
            return
        self.last_letter = letter
        self._unit_heading(h.kind, letter, h.title, where, is_overview(entries, index), line)

    def _subunit_heading(self, h: Heading, where: Where) -> None:
        if self.unit is None:
            self.registry.notes.append(StructureNote(
                f"alayksikön otsikko '{h.number} {h.title}' ei ole minkään yksikön sisällä",
                f"the sub-unit heading '{h.number} {h.title}' stands outside any unit",
                where, {"number": h.number},
            ))
            return
        number = h.number
        if not number[0].isdigit():  # "e1)" under "1 e)" is "1 e1)"
            number = f"{self.unit.number.split()[0]} {number}"
        self.subunit = self.registry.heading(self.unit.kind, number, h.title, where, self.unit.section_key, self.unit.key)

    # -- prose ---------------------------------------------------------------

    def prose(self, line: Line) -> None:
        """Units and counts named inside a sentence."""
        mentions = find_mentions(line.text)
        announcements = find_announcements(line.text)
        if not mentions and not announcements:
            return
        refs = section_refs_at(line.text)
        named = self.stack.named(refs[0][1], refs[0][2], line.where()) if len(refs) == 1 else None
        here = self.innermost()
        # a sentence that lists several units by name is an overview of them;
        # one unit named in a sentence is a reference to it
        listing = sum(1 for m in mentions if m.title) >= 2
        for mention in mentions:
            where = line.where(mention.start, mention.end)
            how = "overview" if mention.title and listing else "reference"
            title = mention.title if how == "overview" else None
            self.mentions.add(Pending(how, mention.kind, mention.number, title, where, mention.raw,
                                      here.key if here else None, named.key if named else None, False))
        for announcement in announcements:
            where = line.where(announcement.start, announcement.end)
            # "Osa-alue 1 koostuu kolmesta … ja osa-alue 2 kahdesta …": the section named last before the count
            before = [r for r in refs if r[0] < announcement.start]
            about = self.stack.named(before[-1][1], before[-1][2], line.where()) if len(refs) > 1 and before else named
            scope = about.key if about else self.stack.scope(here.key if here else None)
            self.announced.append(AnnouncedCount(announcement.kind, announcement.count, scope, where, announcement.raw))

    def _listed_cost(self, line: Line) -> None:
        m = _cost_list_pattern().match(line.text)
        if not m:
            return
        amounts = find_money(m.group("value"))
        if len(amounts) == 1:
            here = self.innermost()
            self.listed_costs.append(ListedCost(m.group("label").strip(), amounts[0].value_eur,
                                                here.key if here else None, line.where()))

    # -- finishing -----------------------------------------------------------

    def finish(self, tables: list[PlanTable] | None = None) -> list[StructureNote]:
        """Resolve mentions, settle sections, derive costs; the notes for flags."""
        self.mentions.resolve()
        self.registry.settle_sections()
        for unit in self.units.values():
            unit.schedule_text = unit.fields.get("schedule") or None
            cost = unit.fields.get("cost")
            if cost:
                unit.cost_eur = cost_of_field(cost)
                unit.cost_source = "field" if unit.cost_eur is not None else None
        self._costs_from_lists()
        self._costs_from_tables(tables or [])
        notes = list(self.registry.notes)
        for key, section in self.stack.sections.items():
            if key not in self.stack.defined:
                notes.append(StructureNote(
                    f"tekstissä mainittua osaa {section.kind} {section.number} ei ole otsikkona",
                    f"{section.kind} {section.number} is named in the text but has no heading",
                    section.where, {"kind": section.kind, "number": section.number},
                ))
        for key in [k for k in self.stack.sections if k not in self.stack.defined]:
            self._drop_section(key)
        return notes

    def _drop_section(self, key: str) -> None:
        del self.stack.sections[key]
        for unit in self.units.values():
            if unit.section_key == key:
                unit.section_key = None
        for count in self.announced:
            if count.section_key == key:
                count.section_key = None

    def _in_scope(self, unit: WorkUnit, section_key: str | None) -> bool:
        scope = self.stack.scope(section_key)
        return scope is None or any(s.key == scope for s in self.stack.chain(unit.section_key))

    def _costs_from_lists(self) -> None:
        for listed in self.listed_costs:
            matches = [u for u in self.units.values() if u.cost_eur is None and self._in_scope(u, listed.section_key)
                       and names_unit(listed.label, u)]
            if len(matches) == 1:
                matches[0].cost_eur, matches[0].cost_source = listed.value, "prose-list"

    def _costs_from_tables(self, tables: list[PlanTable]) -> None:
        """A cost table with one row per unit: the row's total is the unit's
        cost; a row naming a unit no heading describes ("TP3 | Arviointi") is a unit."""
        for table in tables:
            if table.kind != "cost":
                continue
            for label, value, where in _row_totals(table):
                if label_role(label) is not None:
                    continue
                matches = [u for u in self.units.values() if self._in_scope(u, table.section_key) and names_unit(label, u)]
                if not matches:
                    unit = self._unit_from_row(label, where, table.section_key)
                    matches = [unit] if unit else []
                if len(matches) == 1 and matches[0].cost_eur is None:
                    matches[0].cost_eur, matches[0].cost_source = value, "summary-table"

    def _unit_from_row(self, label: str, where: Where, section_key: str | None) -> WorkUnit | None:
        pieces = [p.strip() for p in label.split(" / ") if p.strip()]
        code = unit_code(pieces[0]) if pieces else None
        if code is None or code[0] is None:
            return None
        kind, number, rest = code
        title = rest or (pieces[1] if len(pieces) > 1 else "")
        unit = self.registry.add(kind, number, title, where, section_key, None)
        self.registry.places[unit.key].append(section_key)
        unit.mentions.append(Mention("table", where, label))
        return unit


def _only_money(text: str) -> bool:
    amounts = find_money(text)
    return bool(amounts) and len(regex.sub(r"\W", "", text[: amounts[0].start] + text[amounts[-1].end:])) <= 3


def _row_totals(table: PlanTable) -> list[tuple[str, float, Where]]:
    """(row label, the row's total, where) of each body row of a cost table:
    its 'Yhteensä' column, else its only or last number."""
    rows: dict[int, list] = {}
    for cell in table.cost_cells:
        if cell.value_eur is not None:
            rows.setdefault(cell.row, []).append(cell)
    out = []
    for cells in rows.values():
        totals = [c for c in cells if label_role(c.column_label) == "total"]
        chosen = totals[-1] if totals else cells[-1]
        out.append((chosen.row_label, chosen.value_eur, chosen.where))
    return out


def fields_follow(entries: Entries, index: int) -> bool:
    """Whether a labelled unit field comes after this heading, before the next."""
    with_value, _alone, _names = field_labels()
    for position in range(index + 1, len(entries)):  # not a slice: that copies the rest of the document per heading
        line, heading = entries[position]
        if heading is not None and heading.type != "numbered":
            return False
        if heading is not None and heading.type == "numbered" and not line.list_item and heading.level and heading.level > 1:
            return False
        if with_value.match(line.text):
            return True
    return False


def is_overview(entries: Entries, index: int) -> bool:
    """A unit heading is an overview-list entry when it is a bullet or the next
    non-blank line is another heading of the outline."""
    heading = entries[index][1]
    if heading.bullet:
        return True
    if index + 1 < len(entries):
        nxt = entries[index + 1][1]
        return nxt is not None and nxt.type in ("unit", "section", "lettered") or (
            nxt is not None and nxt.type == "numbered" and (nxt.level or 0) > 1
        )
    return False
