"""Cost-table rows joined to the section or unit their label names.

A summary table lists the plan's parts ("Pilari 4 / Investointi 1 b)",
"Osa-alue 2", a section's title) with their costs. Joining each row to its
section once, in assembly, lets SQL go row → section → units and gives the
``unit-sum`` check the same answer (``PlanTable.row_sections``). A row the
outline cannot place is a ``structure`` note rather than a silent guess.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from . import rules
from .model import Where
from .plan import PlanTable, StructureNote, WorkUnit
from .recognise.headings import classify
from .recognise.tables import label_role
from .recognise.words import content_words
from .structure import TYPOGRAPHIC_KIND, SectionStack, UnitRegistry, names_unit, normalise_title

ROW_PIECE_LEAD = regex.compile(r"^\s*(?:[-–•·*]\s*|\d{1,2}[.)]\s+)")
ROW_SECTION_NUMBER = regex.compile(r"^(?P<number>\S+?)\s?(?P<letter>[a-z])\)$")


@dataclass
class RowLink:
    """What a cost-table row's label names: a section, a unit, or a problem
    ("missing": a section word and number without a heading; "several":
    more than one section or unit fits; "unknown": nothing fits, with the
    section reached before, if any)."""

    section_key: str | None = None
    unit_key: str | None = None
    problem: str | None = None
    detail: str = ""
    reached: str | None = None


class CostRowLinker:
    """Joins each cost-table row to the section or unit its label names, so a
    row's total can be compared with that section's units and SQL can join
    row → section → units. A label is read as a path ("Pilari 4 /
    Investointi 1 / 2. Title"): each piece names a section by its word and
    number ("Investointi 1 b)", "Osa-alue 2") or by its title, inside the
    section the pieces before it named; a piece that names a unit ends the
    path. A row whose label fits no section or several is left unlinked, with
    a note."""

    def __init__(self, stack: SectionStack, registry: UnitRegistry) -> None:
        self.stack = stack
        self.registry = registry

    def link(self, table: PlanTable) -> list[StructureNote]:
        rows: dict[int, list] = {}
        for cell in table.cost_cells:
            rows.setdefault(cell.row, []).append(cell)
        found: dict[int, RowLink] = {}
        for row, cells in sorted(rows.items()):
            label = cells[0].row_label
            if label_role(label) is not None or not label.strip():
                continue
            found[row] = self.resolve(label, self.stack.scope(table.section_key))
            if found[row].section_key:
                table.row_sections[row] = found[row].section_key
            if found[row].unit_key:
                table.row_units[row] = found[row].unit_key
        lists_sections = bool(table.row_sections)
        notes = []
        for row, result in found.items():
            valued = any(c.value_eur is not None for c in rows[row])
            if result.problem is None or not valued:
                continue
            if result.problem == "unknown" and not (lists_sections or result.reached):
                continue  # a table of cost kinds ("Henkilöstökulut") names no section at all
            notes.append(self._note(table, rows[row], result))
        return notes

    def resolve(self, label: str, table_scope: str | None = None) -> RowLink:
        """What ``label`` names. ``table_scope`` is the section the table
        stands in: of several units with one code ("TP1" in two osa-alue), the
        one in that section."""
        pieces = [ROW_PIECE_LEAD.sub("", p).strip() for p in label.split(" / ")]
        pieces = [p for p in pieces if p]
        scope: str | None = None
        for piece in pieces:
            by_word = self._by_section_word(piece, scope)
            if by_word is not None:
                if by_word.problem:
                    return by_word
                scope = by_word.section_key
                continue
            sections = self._by_title(piece, scope)
            if len(sections) == 1:
                scope = sections[0]
                continue
            if len(sections) > 1:
                return RowLink(problem="several", detail=", ".join(self.name(k) for k in sections), reached=scope)
            units = self._units(piece, scope)
            if len(units) > 1 and table_scope is not None:
                units = [u for u in units if self._inside(u.section_key, table_scope)] or units
            if len(units) == 1:
                return RowLink(section_key=None, unit_key=units[0].key)
            if len(units) > 1:
                return RowLink(problem="several", detail=", ".join(f"{u.kind} {u.number}" for u in units),
                               reached=scope)
            return RowLink(problem="unknown", detail=piece, reached=scope)
        return RowLink(section_key=scope)

    def _by_section_word(self, piece: str, scope: str | None) -> RowLink | None:
        """"Investointi 1 b) …", "Osa-alue 2": the section with that word and number."""
        heading = classify(piece)
        if heading is None or heading.type != "section":
            return None
        m = ROW_SECTION_NUMBER.match(heading.number)
        key = f"{heading.kind}:{m.group('number') if m else heading.number}"
        if m:
            key += f"/{m.group('letter')}"
        if key in self.stack.sections and (scope is None or self._inside(key, scope)):
            return RowLink(section_key=key)
        return RowLink(problem="missing", detail=f"{heading.kind} {heading.number}", reached=scope)

    def _inside(self, key: str | None, scope: str | None) -> bool:
        return scope is None or any(s.key == scope for s in self.stack.chain(key))

    def _by_title(self, piece: str, scope: str | None) -> list[str]:
        """The sections (the scope itself or inside it) whose title the piece
        names best; several when they tie."""
        scored = [(title_share(piece, s.title), s.key) for s in self.stack.sections.values()
                  if self._inside(s.key, scope)]
        scored = [(score, key) for score, key in scored if score > 0]
        if not scored:
            return []
        best = max(score for score, _key in scored)
        return [key for score, key in scored if score == best]

    def _units(self, piece: str, scope: str | None) -> list[WorkUnit]:
        return [u for u in self.registry.units.values() if self._inside(u.section_key, scope)
                and (names_unit(piece, u) or any(title_share(piece, t) > 0 for t in [u.title, *u.other_titles]))]

    def name(self, key: str | None) -> str:
        """"investointi 1 / osa b", "Toimenpiteet / Neuvola": a section's path."""
        levels = []
        for section in reversed(self.stack.chain(key)):
            levels.append(section.title if section.kind == TYPOGRAPHIC_KIND else f"{section.kind} {section.number}")
        return " / ".join(levels)

    def _note(self, table: PlanTable, cells: list, result: RowLink) -> StructureNote:
        label = cells[0].row_label
        first = min(cells, key=lambda c: c.col)
        where = Where(first.where.page, first.where.line)
        reached_fi = f" (tunnistettu {self.name(result.reached)} asti)" if result.reached else ""
        reached_en = f" (read as far as {self.name(result.reached)})" if result.reached else ""
        if result.problem == "missing":
            fi = f"kustannustaulukon rivi '{label}' nimeää osan {result.detail}, jota ei ole otsikkona: riviä ei liitetty osaan"
            en = f"the cost-table row '{label}' names {result.detail}, which has no heading: the row is joined to no section"
        elif result.problem == "several":
            fi = f"kustannustaulukon rivi '{label}' sopii usealle: {result.detail}: riviä ei liitetty"
            en = f"the cost-table row '{label}' fits several: {result.detail}: the row is joined to none"
        else:
            fi = f"kustannustaulukon rivi '{label}' ei nimeä mitään löydettyä osaa tai työkokonaisuutta{reached_fi}"
            en = f"the cost-table row '{label}' names no section or unit that was found{reached_en}"
        return StructureNote(fi, en, where, {"table": table.number, "row": label, "reason": result.problem,
                                             "detail": result.detail})


def title_share(piece: str, title: str) -> float:
    """How well a label piece names a title: 1 when equal; else the share of
    the title's words in the piece, or of the piece's words in the title (two
    words at least), when it reaches headings.toml [limits] row_title_share."""
    a, b = normalise_title(piece), normalise_title(title)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    words_a, words_b = set(content_words(a)), set(content_words(b))
    shared = len(words_a & words_b)
    share = float(rules.load("headings")["limits"]["row_title_share"])
    best = 0.0
    if len(words_b) >= 2 and shared / len(words_b) >= share:
        best = shared / len(words_b)
    if len(words_a) >= 2 and shared / len(words_a) >= share:
        best = max(best, shared / len(words_a) * 0.99)  # a label naming the title in part ranks below one naming all of it
    return best


def link_cost_rows(tables: list[PlanTable], stack: SectionStack, registry: UnitRegistry) -> list[StructureNote]:
    """Link the rows of every cost table; the notes of rows that could not be placed."""
    linker = CostRowLinker(stack, registry)
    notes: list[StructureNote] = []
    for table in tables:
        if table.kind == "cost":
            notes += linker.link(table)
    return notes
