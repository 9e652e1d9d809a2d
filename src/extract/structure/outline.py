"""One pass over a document's prose lines, feeding the parts of the outline."""

from __future__ import annotations

import regex

from .. import rules
from ..model import Line, Where
from ..plan import AnnouncedCount, Mention, PlanTable, Section, StructureNote, WorkUnit
from ..recognise.headings import Heading, emphasised_lead, unit_code
from ..recognise.lines import TextLines
from ..recognise.mentions import find_announcements, find_mentions, section_refs_at, unit_word_pieces
from ..recognise.money import find_money
from ..recognise.tables import label_role
from ..recognise.words import holds_any
from .vocabulary import (
    PART_KIND, HEADING_KIND, UNLABELLED_KIND, Entries, field_labels, heading_limits, cost_list_pattern,
    normalise_title, title_position,
)
from .sequence import HeadingSequence
from .sections import SectionStack
from .units import UnitRegistry
from .mentions import Pending, MentionResolver
from .fields import FieldCollector, ListedCost, UnitLabel, cost_of_field


class Outline:
    """One pass over a document's prose lines, feeding the parts above.

    ``title`` is the plan's title: a heading that only states it (a Word
    "Title", a Markdown "#") is not a section, and nor is a heading above it
    on the cover (the organisation's name, "HANKESUUNNITELMA" in a large
    font): the outline starts after the title line."""

    def __init__(self, title: str | None = None, lines: list[Line] | None = None,
                 scanned: TextLines | None = None) -> None:
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
        # whether each text line holds a unit word, found for the whole document at once
        # (``scanned``: the same lines already lowered, see recognise.lines)
        self._unit_words = (scanned or TextLines(lines or [])).answers(unit_word_pieces())

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
        where = line.where()
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
        return bool(words) and len(words) <= int(heading_limits()["typographic_heading_max_words"]) \
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
        if not self._holds_unit_word(line):
            return  # no unit word: the line names no unit and counts none (most lines)
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

    def _holds_unit_word(self, line: Line) -> bool:
        known = self._unit_words.get(id(line))
        return known if known is not None else holds_any(line.text, unit_word_pieces())

    def _listed_cost(self, line: Line) -> None:
        m = cost_list_pattern().match(line.text)
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
        self.fields.close()
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
            label = UnitLabel.read(listed.label)
            matches = [u for u in self.units.values() if u.cost_eur is None and self._in_scope(u, listed.section_key)
                       and label.names(u)]
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
                read = UnitLabel.read(label)
                matches = [u for u in self.units.values() if self._in_scope(u, table.section_key) and read.names(u)]
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


NON_WORD = regex.compile(r"\W")


def _only_money(text: str) -> bool:
    amounts = find_money(text)
    return bool(amounts) and len(NON_WORD.sub("", text[: amounts[0].start] + text[amounts[-1].end:])) <= 3


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
