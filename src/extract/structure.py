"""The outline of a plan: sections, work units, their fields and mentions.

:class:`Outline` is fed the prose lines of a document in order and keeps the
open sections (pilari > investointi > osa-alue > lettered part) and the open
work unit. A unit named again (overview, goals, measures, schedule, results)
is the same unit: it is found by kind, number and a similar title, or by kind
and number inside the same section and sub-heading. The first heading in the
body gives a unit its title and place; other spellings are kept.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache

import regex

from . import rules
from .model import Line, Where
from .plan import AnnouncedCount, Mention, Section, WorkUnit
from .recognise.headings import Heading
from .recognise.mentions import find_announcements, find_mentions, find_section_refs
from .recognise.money import find_money

PART_KIND = "osa"  # a lettered part "a)" of a section
UNLABELLED_KIND = "kohta"  # a unit described with fields but no unit keyword
TITLE_SIMILARITY = 0.75

Entries = list[tuple[Line, Heading | None]]


@lru_cache(maxsize=None)
def field_labels() -> tuple[regex.Pattern, dict[str, str]]:
    """The pattern of a field label line and the field each label fills."""
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
    t = regex.sub(r"\s+", " ", title.lower().strip())
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


def heading_number(text: str) -> str | None:
    m = regex.match(r"^\s*(?:[-–•]\s+)?(\d+(?:\.\d+)*)\.?\s", text)
    return m.group(1) if m else None


def fields_follow(entries: Entries, index: int) -> bool:
    """Whether a labelled unit field comes after this heading, before the next."""
    pattern, _names = field_labels()
    for line, heading in entries[index + 1 :]:
        if heading is not None:
            return False
        if pattern.match(line.text):
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
        return nxt is not None and nxt.type in ("unit", "section", "numbered", "lettered")
    return False


class Outline:
    """The state of one pass over a document's prose lines."""

    def __init__(self) -> None:
        self.sections: dict[str, Section] = {}
        self.units: dict[str, WorkUnit] = {}
        self.announced: list[AnnouncedCount] = []
        self.open: list[Section] = []  # outermost first
        self.outline: dict[str, str | None] = {}  # section key -> heading number
        self.opened_in_chapter: dict[str, int] = {}
        self.chapter = 0
        self.scope = ""  # number of the latest numbered heading
        self.unit: WorkUnit | None = None
        self.subunit: WorkUnit | None = None
        self.unit_scope: dict[str, str] = {}
        self.described: set[str] = set()  # units whose body heading was seen
        self.part_letter: dict[str, str] = {}  # section key -> last part letter
        self.unit_letter: dict[str, str] = {}  # section key -> last lettered unit
        self.section_score: dict[str, tuple[bool, bool]] = {}
        self.open_field: tuple[WorkUnit, str] | None = None

    # -- feeding ----------------------------------------------------------

    def feed(self, entries: Entries, index: int, follows_previous: bool) -> None:
        """Take one non-blank prose line (and its heading, if it is one)."""
        line, h = entries[index]
        where = line.where()
        if h is None and line.heading:
            # a heading by its typography only ("Riskit" in bold): the unit's text ends
            self.close_unit()
            self.open_field = None
            return
        if h is None:
            self.prose(line)
        elif h.type == "section":
            path = heading_number(line.text) if h.level else None
            if path:
                self.chapter = max(self.chapter, _top(path))
            self.open_section(h, where, path)
        elif h.type == "numbered":
            if self.numbered_heading(h.number) and fields_follow(entries, index):
                self.unlabelled_unit(h.number, h.title, where)
        elif h.type == "unit":
            self.unit_heading(h, where, is_overview(entries, index))
        elif h.type == "subunit":
            self.subunit_heading(h, where)
        elif h.type == "letter":
            if not self.letter(h, where) and fields_follow(entries, index):
                self.unlabelled_unit(h.number, h.title, where)
        elif h.type == "lettered":
            self.lettered_unit(h, where, is_overview(entries, index))
        self.field(line, follows_previous, h)

    # -- sections ---------------------------------------------------------

    def innermost(self) -> Section | None:
        return self.open[-1] if self.open else None

    def close_unit(self) -> None:
        self.unit = None
        self.subunit = None

    def open_section(self, h: Heading, where: Where, number_path: str | None) -> None:
        ranks = _section_ranks()
        self.open = [s for s in self.open if ranks[s.kind] < ranks[h.kind]]
        section = self.section(h.kind, h.number, h.title, where, self.innermost(), (h.colon, h.level is not None))
        self.open.append(section)
        self.outline[section.key] = number_path
        self.opened_in_chapter[section.key] = self.chapter
        self.close_unit()

    def section(self, kind, number, title, where, parent, score=(False, False)) -> Section:
        """Find or create a section; its title and place come from the first
        heading of the best form ("4.1 PILARI 3: Title" over "Pilari 3 …")."""
        ranks = _section_ranks()
        title = " ".join(title.split())
        parent_key = parent.key if parent is not None and ranks[parent.kind] < ranks[kind] else None
        key = f"{kind}:{number}" if kind != PART_KIND else f"{parent_key}/{number}"
        existing = self.sections.get(key)
        if existing is None:
            existing = self.sections[key] = Section(key, kind, number, title, where, parent_key)
            self.section_score[key] = score if title else (False, False)
        else:
            existing.parent_key = existing.parent_key or parent_key
            if title and (score > self.section_score[key] or not existing.title):
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
                keep = number.startswith(path + ".") or top < _top(path)
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
        part = self.section(PART_KIND, h.number, h.title, where, section)
        self.open.append(part)
        self.outline[part.key] = None
        self.opened_in_chapter[part.key] = self.chapter
        self.part_letter[section.key] = h.number
        self.close_unit()
        return True

    # -- units ------------------------------------------------------------

    def current_unit(self) -> WorkUnit | None:
        return self.subunit or self.unit

    def unit_heading(self, h: Heading, where: Where, overview: bool) -> None:
        section = self.innermost()
        how = "overview" if overview else "heading"
        self.unit = self._unit(h.kind, h.number, h.title, where, section.key if section else None, None, how)
        self.subunit = None

    def lettered_unit(self, h: Heading, where: Where, overview: bool) -> None:
        """"A. Hankehallinto" under a section: a unit when its letters run A, B, …"""
        section = self.innermost()
        if section is None:
            return
        if h.number != "A" and section.key not in self.unit_letter:
            return  # a list of lettered units starts at A
        self.unit_letter[section.key] = h.number
        self.unit_heading(h, where, overview)

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
        self.subunit = self._unit(self.unit.kind, number, h.title, where, self.unit.section_key, self.unit.key, "heading")

    def _unit(self, kind, number, title, where, section_key, parent_key, how: str) -> WorkUnit:
        title = " ".join(title.split())
        unit = self._find_unit(kind, number, title, section_key, parent_key)
        if unit is None:
            key = f"{section_key or '-'}|{kind}:{number}|{len(self.units)}"
            unit = self.units[key] = WorkUnit(key, kind, number, title, where, section_key, parent_key)
            self.unit_scope[key] = self.scope
        elif how == "heading" and unit.key not in self.described:
            # the first body heading gives the title and the place
            if title and title != unit.title:
                unit.other_titles = [t for t in unit.other_titles if t != title]
                if unit.title:
                    unit.other_titles.append(unit.title)
                unit.title = title
            unit.where = where
        elif title and title != unit.title and title not in unit.other_titles:
            unit.other_titles.append(title)
        if how == "heading":
            self.described.add(unit.key)
        unit.mentions.append(Mention(how, where, f"{kind} {number or ''} {title}".strip()))
        return unit

    def _find_unit(self, kind, number, title, section_key, parent_key) -> WorkUnit | None:
        candidates = [u for u in self.units.values() if u.kind == kind and u.number == number and u.parent_key == parent_key]
        if title:
            for unit in candidates:
                if any(similar_titles(title, t) for t in [unit.title, *unit.other_titles]):
                    if number or unit.section_key == section_key:
                        return unit
        if not number:
            return None
        for unit in candidates:
            if unit.section_key == section_key and (not title or self.unit_scope[unit.key] == self.scope):
                return unit
        return None

    # -- prose ------------------------------------------------------------

    def prose(self, line: Line) -> None:
        """Units and counts named inside a sentence."""
        mentions = find_mentions(line.text)
        announcements = find_announcements(line.text)
        if not mentions and not announcements:
            return
        section = self._referenced_section(find_section_refs(line.text), line.where())
        # a sentence that lists several units by name is an overview of them;
        # one unit named in a sentence is a reference to it
        listing = sum(1 for m in mentions if m.title) >= 2
        for mention in mentions:
            where = line.where(mention.start, mention.end)
            if mention.title and listing:
                self._unit(mention.kind, mention.number, mention.title, where, section.key if section else None, None, "overview")
            else:
                self._reference(mention.kind, mention.number, where, mention.raw, section)
        for announcement in announcements:
            where = line.where(announcement.start, announcement.end)
            key = section.key if section else None
            self.announced.append(AnnouncedCount(announcement.kind, announcement.count, key, where, announcement.raw))

    def _referenced_section(self, refs: list[tuple[str, str]], where: Where) -> Section | None:
        """The section a sentence names ("(Osa 2)"), else the one it stands in."""
        if len(refs) == 1:
            kind, number = refs[0]
            return self.section(kind, number, "", where, None)
        return self.innermost()

    def _reference(self, kind, number, where, raw, section: Section | None) -> None:
        candidates = [u for u in self.units.values() if u.kind == kind and u.number == number and u.parent_key is None]
        here = [u for u in candidates if section is not None and u.section_key == section.key]
        chosen = here[0] if here else (candidates[0] if len(candidates) == 1 else None)
        if chosen is not None:
            chosen.mentions.append(Mention("reference", where, raw))

    # -- fields -----------------------------------------------------------

    def field(self, line: Line, follows_previous: bool, heading: Heading | None) -> None:
        """Collect a labelled field, and the lines that continue it."""
        unit = self.current_unit()
        if heading is not None or unit is None or not follows_previous:
            self.open_field = None
        if unit is None or heading is not None:
            return
        pattern, names = field_labels()
        m = pattern.match(line.text)
        if m:
            name = names[regex.sub(r"\s+", " ", m.group("label").lower())]
            if name in unit.fields:  # a later description does not overwrite the first
                self.open_field = None
                return
            unit.fields[name] = " ".join(m.group("value").split())
            self.open_field = (unit, name)
        elif self.open_field is not None and self.open_field[0] is unit:
            owner, name = self.open_field
            owner.fields[name] = " ".join(f"{owner.fields[name]} {line.text}".split())

    def finish(self) -> None:
        """Derive the contract columns from each unit's fields."""
        for unit in self.units.values():
            unit.schedule_text = unit.fields.get("schedule") or None
            cost = unit.fields.get("cost")
            if cost:
                amounts = find_money(cost)
                totals = [a for a in amounts if a.role == "total"]
                chosen = totals[-1] if totals else (amounts[0] if amounts else None)
                unit.cost_eur = chosen.value_eur if chosen else None
