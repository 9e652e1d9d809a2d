"""Overview lists and references to units, resolved after the whole document."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Where
from ..plan import Mention, StructureNote, WorkUnit
from .sections import SectionStack
from .units import UnitRegistry


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
        units = list(self.registry.named(p.kind, p.number, None))
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
