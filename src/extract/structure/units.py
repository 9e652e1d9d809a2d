"""Work units known by (section, kind, number)."""

from __future__ import annotations

from ..model import Where
from ..plan import Mention, StructureNote, WorkUnit
from .vocabulary import normalise_title, similar_titles
from .sections import SectionStack


class UnitRegistry:
    """Every unit once: found by (section, kind, number), then by title."""

    def __init__(self, stack: SectionStack) -> None:
        self.stack = stack
        self.units: dict[str, WorkUnit] = {}
        self.places: dict[str, list[str | None]] = {}  # sections of a unit's headings
        self.described: set[str] = set()  # units whose body heading was seen
        self.notes: list[StructureNote] = []
        # (kind, number, parent key) → its units in the order added: a unit's kind, number
        # and parent never change, so a heading or mention need not look through every unit
        self._named: dict[tuple[str, str, str | None], list[WorkUnit]] = {}

    def named(self, kind: str, number: str, parent_key: str | None) -> list[WorkUnit]:
        """The units of this kind and number under ``parent_key`` (None: not sub-units), in the order added."""
        return self._named.get((kind, number, parent_key), [])

    def candidates(self, kind: str, number: str, parent_key: str | None, scope: str | None) -> list[WorkUnit]:
        return [u for u in self.named(kind, number, parent_key) if self.stack.scope(u.section_key) == scope]

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
        self._named.setdefault((kind, number, parent_key), []).append(unit)
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
