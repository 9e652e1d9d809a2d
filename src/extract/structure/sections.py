"""The open sections of the heading path."""

from __future__ import annotations

from ..model import Where
from ..plan import Section
from ..recognise.headings import Heading
from .vocabulary import PART_KIND, HEADING_KIND, TYPOGRAPHIC_KIND, section_ranks, number_parts


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
        # "kind:number" → the keys ending in "/kind:number": the sections numbered again under another (see named)
        self.under_others: dict[str, dict[str, None]] = {}

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
            for at, char in enumerate(key):
                if char == "/":
                    self.under_others.setdefault(key[at + 1:], {})[key] = None
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
        key = self._heading_key(kind, h.number, parent)
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

    def _heading_key(self, kind: str, number: str, parent: Section | None) -> str:
        """One key for one section: "Osa-alue 2" in the goals chapter and in
        the body is one osa-alue. But a section numbered again under another
        section of a kind with a word ("Investointi 1" under Pilari 3 and under
        Pilari 4) is another section: its key names the enclosing one."""
        key = f"{kind}:{number}"
        first = self.sections.get(key)
        if first is None or key not in self.defined or parent is None or first.parent_key is None:
            return key
        before = self.sections.get(first.parent_key)
        numbered_again = (before is not None and before.key != parent.key and before.kind == parent.kind
                          and parent.kind not in (HEADING_KIND, TYPOGRAPHIC_KIND, PART_KIND))
        return f"{parent.key}/{key}" if numbered_again else key

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
        or a placeholder its heading fills in later. Where two sections share
        the name ("Investointi 1" of Pilari 3 and of Pilari 4), the one under
        a section the sentence stands in."""
        key = f"{kind}:{number}"
        again = [self.sections[k] for k in self.under_others.get(key, ()) if k in self.sections]
        if again:
            open_keys = {s.key for s in self.open}
            here = next((s for s in [self.sections.get(key), *again] if s is not None and s.parent_key in open_keys), None)
            if here is not None:
                return here
        return self._find_or_add(key, kind, number, "", where, None, (False, False))
