"""References to lettered items: "(ks. kohta f)", "(Työpaketti 3, kohta a)",
"kohdan 1b mukaisesti", each looked up among the items that exist where it
points, and (when the item exists) whether the words just before it are
about that item or clearly about another one.

Where a reference points: the unit or section it names ("Työpaketti 3, kohta
f"), else the section it stands in (the nearest osa-alue, investointi or
pilari: items are often referred to across the units of one section). An
item is a line "a) Title" or "- b) title" (the letter forms of
rules/headings.toml [limits]), a unit numbered with a letter ("1 a)",
"1 a5)") or a lettered part of a section ("b) …" under Investointi 1, also
reached as "1b").
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from .. import rules
from ..model import Line
from ..plan import Plan
from ..recognise.words import content_words, same_word
from ..recognise.headings import any_letter_form, letter_form_sources
from ..recognise.references import ItemReference, find_item_references, item_reference_pieces, normalise_item
from .prose import text_lines
from .registry import Finding, Settings, rule

WINDOW = 3  # words just before a reference that say what it is about
SECTION_WORDS_SKIPPED = ("otsikko", "osa")  # numbered headings and lettered parts are not a reference's home


@dataclass(frozen=True)
class Item:
    """One place a lettered item is written: its id as written, the ids it
    can be reached by, its title, and where."""

    label: str  # "e", "1 a5", "1 b" as the plan writes it
    forms: frozenset[str]  # normalised ids: "1a5" and "a5"; "b" and "1b" for part b of investointi 1
    title: str
    line: int  # index in plan.lines


@lru_cache(maxsize=None)
def _letter_patterns() -> tuple[regex.Pattern, ...]:
    """The letter forms of rules/headings.toml: "a) Title", "1 a1) Title", "A. Title"."""
    return tuple(rules.compile_pattern(s, "headings.toml [limits]") for s in letter_form_sources())


BULLET = regex.compile(r"^\s*[-–•*]\s+")
LEADING_DIGITS = regex.compile(r"^\d+")  # "1" of item "1a5"
ASCII_LETTER = regex.compile(r"[a-z]")  # an item id has a letter ("a5"); "3" alone is no lettered item
LATIN_LETTER = regex.compile(r"[a-zA-Z]")  # a unit numbered with a letter: "1 a)", "B"


def _lettered_line(text: str) -> tuple[str, str] | None:
    """(letter, title) of a line written as a lettered item, bullet or not."""
    text = BULLET.sub("", text.strip())
    joined = any_letter_form()  # every line is read for an item, few are one: the joined forms decide first
    if joined is not None and not joined.match(text):
        return None
    for pattern in _letter_patterns():
        m = pattern.match(text)
        if m:
            label = m.groupdict().get("letter") or m.groupdict().get("number")
            return label, m.group("title")
    return None


def _forms(label: str, prefix: str | None = None) -> frozenset[str]:
    """"1 a5" → {"1a5", "a5"}; "b" under section 1 → {"b", "1b"}."""
    own = normalise_item(label)
    forms = {own, LEADING_DIGITS.sub("", own)}
    if prefix and not own[:1].isdigit():
        forms.add(normalise_item(prefix) + own)
    return frozenset(f for f in forms if f and ASCII_LETTER.search(f))


class LineSpans:
    """Where each section and unit runs in the document's lines, and the
    lettered items written inside a run of lines."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.index = {(line.page, line.number): i for i, line in enumerate(plan.lines)}
        self.sections = {s.key: s for s in plan.sections}
        self.units = {u.key: u for u in plan.units}
        self.section_spans = self._section_spans()
        # the sections a line can stand in (see home), by where they start; ties in the order of section_spans
        self._homes = sorted((start, order, key, end) for order, (key, (start, end)) in enumerate(self.section_spans.items())
                             if self.sections[key].kind not in SECTION_WORDS_SKIPPED)
        self._home_starts = [start for start, _order, _key, _end in self._homes]
        self.unit_spans = self._unit_spans()
        self.items = self._items()
        self._item_references: list[tuple[Line, int, ItemReference]] | None = None

    def item_references(self) -> list[tuple[Line, int, ItemReference]]:
        """(line, its index, reference) of every reference to a lettered
        item of this plan in its prose, found once for the rules that read them."""
        if self._item_references is None:
            self._item_references = [
                (line, position, ref) for position, line in text_lines(self.plan).holding(item_reference_pieces())
                for ref in find_item_references(line.text) if not ref.external
            ]
        return self._item_references

    def at(self, where) -> int:
        return self.index.get((where.page, where.line), -1)

    def _ancestors(self, key, parents) -> list:
        chain = []
        while key is not None and key not in chain:
            chain.append(key)
            key = parents(key)
        return chain

    def _section_spans(self) -> dict[str, tuple[int, int]]:
        ordered = sorted(self.plan.sections, key=lambda s: self.at(s.where))
        spans = {}
        for i, section in enumerate(ordered):
            start = self.at(section.where)
            end = len(self.plan.lines)
            for later in ordered[i + 1:]:
                if section.key not in self._ancestors(later.key, lambda k: self.sections[k].parent_key):
                    end = self.at(later.where)
                    break
            spans[section.key] = (start, end)
        return spans

    def _headings(self, unit) -> list[int]:
        lines = [self.at(m.where) for m in unit.mentions if m.how == "heading"] or [self.at(unit.where)]
        return sorted(i for i in lines if i >= 0)

    def _unit_spans(self) -> dict[str, list[tuple[int, int]]]:
        """Each heading of a unit runs to the next section start or heading of
        a unit that is not the unit itself or one under it."""
        headings = {unit.key: self._headings(unit) for unit in self.plan.units}
        marks = sorted([(start, None) for start, _ in self.section_spans.values()] +
                       [(i, key) for key, lines in headings.items() for i in lines], key=lambda mark: mark[0])
        positions = [position for position, _owner in marks]
        own = self._units_within()
        spans: dict[str, list[tuple[int, int]]] = {}
        for unit in self.plan.units:
            spans[unit.key] = [(h, self._next_boundary(marks, positions, h, own[unit.key])) for h in headings[unit.key]]
        return spans

    def _units_within(self) -> dict[str, set[str]]:
        """unit key → the unit and every unit under it (its sub-units, theirs …)."""
        within = {key: {key} for key in self.units}
        for key in self.units:
            for ancestor in self._ancestors(key, lambda k: self.units[k].parent_key)[1:]:
                within[ancestor].add(key)
        return within

    def _next_boundary(self, marks, positions, heading: int, own: set[str]) -> int:
        """The first section start or other unit's heading after ``heading``
        (a walk past the unit's own sub-units' headings), else the end."""
        for at in range(bisect_right(positions, heading), len(marks)):
            owner = marks[at][1]
            if owner is None or owner not in own:
                return marks[at][0]
        return len(self.plan.lines)

    def _items(self) -> list[Item]:
        """Every lettered item of the plan, wherever it is written."""
        found = []
        for i, line in enumerate(self.plan.lines):
            if line.role not in ("text", "table"):
                continue
            lettered = _lettered_line(line.text)
            if lettered:
                found.append(Item(lettered[0], _forms(lettered[0]), lettered[1], i))
        for unit in self.plan.units:
            if LATIN_LETTER.search(unit.number or ""):
                for heading in self._headings(unit):
                    found.append(Item(unit.number.rstrip(")"), _forms(unit.number), unit.title, heading))
        for section in self.plan.sections:
            if section.kind == "osa":
                parent = self.sections.get(section.parent_key)
                found.append(Item(section.number, _forms(section.number, parent.number if parent else None),
                                  section.title, self.at(section.where)))
        return found

    def inside(self, spans: list[tuple[int, int]]) -> list[Item]:
        return [item for item in self.items if any(start <= item.line < end for start, end in spans)]

    def home(self, position: int):
        """The innermost section word (osa-alue, investointi, pilari …) the line
        stands in: of the sections whose lines hold it, the one starting last
        (the first of those starting there). Found by walking back from the
        last section starting at or before the line, so a line costs the
        sections it is nested in, not every section of the plan."""
        found = None
        for at in range(bisect_right(self._home_starts, position) - 1, -1, -1):
            start, _order, key, end = self._homes[at]
            if found is not None and start < found[0]:
                break
            if position < end:
                found = (start, key)
        return self.sections[found[1]] if found else None

    def named_scope(self, ref: ItemReference, home) -> tuple[str, list[tuple[int, int]]] | None:
        """The unit or section a reference names: (its name, its lines)."""
        kind, number = ref.scope
        units = [u for u in self.plan.units if u.kind == kind and u.number == number and u.parent_key is None]
        if units:
            if home is not None:
                start, end = self.section_spans[home.key]
                nearby = [u for u in units if any(start <= h < end for h in self._headings(u))]
                units = nearby or units
            return f"{kind} {number}", [span for u in units for span in self.unit_spans[u.key]]
        sections = [s for s in self.plan.sections if s.kind == kind and s.number == number]
        if sections:
            return f"{kind} {number}", [self.section_spans[s.key] for s in sections]
        return None


_LAST: list = []  # [(plan, what it held, its line spans)]: the rules of one plan run one after another


def line_spans(plan: Plan) -> LineSpans:
    """Where the plan's sections, units and items run, built once for the rules that read it
    (again when the plan has changed since)."""
    held = (len(plan.lines), len(plan.sections), len(plan.units),
            tuple((u.key, len(u.mentions)) for u in plan.units))
    if not _LAST or _LAST[0][0] is not plan or _LAST[0][1] != held:
        _LAST[:] = [(plan, held, LineSpans(plan))]
    return _LAST[0][2]


def _matching(window: list[str], titles: list[str]) -> frozenset[str]:
    title_words = [w for t in titles for w in content_words(t)]
    return frozenset(w for w in window if any(same_word(w, t) for t in title_words))


@lru_cache(maxsize=None)
def _see_words() -> frozenset[str]:
    cfg = rules.load("references")["item"]
    return frozenset(w.lower().strip(".") for w in cfg["see"] + cfg["between"] + cfg["words"])


def _window(text: str, end: int) -> list[str]:
    """The last words of the sentence before ``end``: what the reference explains."""
    before = text[:end]
    cut = max(before.rfind(". "), before.rfind("; "), before.rfind(": "))
    words = [w for w in content_words(before[cut + 1:]) if w not in _see_words()]
    return words[-WINDOW:]


def _listing(items: list[Item]) -> str:
    labels = sorted({normalise_item(i.label) for i in items}, key=lambda s: (len(s), s))
    return ", ".join(labels) or "ei yhtään"


def _where_found(plan: Plan, layout: LineSpans, item: Item, line_word: str) -> str:
    home = layout.home(item.line)
    line = plan.lines[item.line]
    place = f"{home.kind} {home.number}, " if home else ""
    return f"{place}{line_word} {line.number}: {item.label}) '{item.title[:60]}'"


def _located(plan: Plan, layout: LineSpans, position: int, ref: ItemReference):
    """(scope name, the items there) for a reference, or None when the unit
    or section it names does not exist (the outline reports those)."""
    home = layout.home(position)
    if ref.scope:
        named = layout.named_scope(ref, home)
        if named is None:
            return None
        name, spans = named
    elif home is not None:
        name, spans = f"{home.kind} {home.number}", [layout.section_spans[home.key]]
    else:
        name, spans = "suunnitelma", [(0, len(plan.lines))]
    return name, layout.inside(spans)


def _references(plan: Plan) -> list[tuple[Line, int, ItemReference]]:
    return line_spans(plan).item_references()


@rule("item-reference", "references", "error",
      "viittaus kirjaimella numeroituun kohtaan ('ks. kohta f') osuu olemassa olevaan kohtaan",
      "a reference to a lettered item ('ks. kohta f') points at an item that exists")
def item_references(plan: Plan, settings: Settings) -> Iterator[Finding]:
    """An item that exists nowhere in the plan is an error (the reader cannot
    follow the reference); one that exists only outside the unit or section
    the reference names or stands in is a warning (the reader can guess, the
    reference lacks its section: "kohdan 1b" in Investointi 4 meaning
    Investointi 1 b)."""
    layout = None
    for line, position, ref in _references(plan):
        layout = layout or line_spans(plan)
        located = _located(plan, layout, position, ref)
        if located is None:
            continue
        name, items = located
        window = _window(line.text, ref.context_start)
        others = [i for i in items if i.line != position]  # an item's own line fits its own words
        for wanted in ref.items:
            if any(wanted in i.forms for i in items):
                continue
            elsewhere = [i for i in layout.items if wanted in i.forms]
            yield _missing(plan, layout, line, ref, wanted, name, items, others, elsewhere, window)


def _closest(items: list[Item], window: list[str]) -> list[Item]:
    """The items whose titles share the most words with the window (none when no word is shared)."""
    scored = [(len(_matching(window, [i.title])), i) for i in items]
    best = max((s for s, _ in scored), default=0)
    return [i for s, i in scored if s == best] if best else []


def _missing(plan, layout, line, ref, wanted, name, items, others, elsewhere, window) -> Finding:
    where = line.where(ref.start, ref.end)
    listing = _listing(items)
    closest = {i.label: i for i in _closest(others, window)}
    hint_fi = hint_en = ""
    if len(closest) == 1:
        [item] = closest.values()
        hint_fi = f"; lauseen sanoja vastaa kohta {item.label}) '{item.title[:60]}'"
        hint_en = f"; the words of the sentence fit item {item.label}) '{item.title[:60]}'"
    evidence = {"reference": ref.raw, "item": wanted, "scope": name, "items": listing.split(", ") if items else [],
                "words": window}
    name_en = "the plan" if name == "suunnitelma" else name
    listing_en = listing if items else "none"
    if elsewhere:
        found_fi = "; ".join(_where_found(plan, layout, i, "rivi") for i in elsewhere[:3])
        found_en = "; ".join(_where_found(plan, layout, i, "line") for i in elsewhere[:3])
        return Finding(
            f"elsewhere|{ref.raw}|{name}|{' '.join(window)}",
            f"Viittaus '{ref.raw}': kohtaa {wanted} ei ole ({name}: kohdat {listing}); "
            f"muualla suunnitelmassa: {found_fi}{hint_fi}",
            f"Reference '{ref.raw}': there is no item {wanted} ({name_en}: items {listing_en}); "
            f"elsewhere in the plan: {found_en}{hint_en}",
            where, evidence={**evidence, "elsewhere": [plan.lines[i.line].number for i in elsewhere]},
            severity="warning",
        )
    return Finding(
        f"missing|{ref.raw}|{name}|{' '.join(window)}",
        f"Viittaus '{ref.raw}': kohtaa {wanted} ei ole ({name}: kohdat {listing}){hint_fi}",
        f"Reference '{ref.raw}': there is no item {wanted} ({name_en}: items {listing_en}){hint_en}",
        where, evidence=evidence,
        # a plan with no lettered items at all may mean another document's item
        severity=None if layout.items else "warning",
    )


@rule("item-reference-subject", "references", "error",
      "kohtaviittaus osoittaa kohtaan, josta lause puhuu: ei kohtaan, jossa se itse on ('edellinen kohta e' "
      "kohdassa e), eivätkä edeltävät sanat sovi selvästi paremmin toiseen kohtaan (varoitus, kun sanat sopivat "
      "myös viitattuun)",
      "a reference to an item points at what the sentence is about: not at the item it stands in ('edellinen "
      "kohta e' inside e), and not where its words clearly fit another item (a warning when they fit the named one too)")
def item_reference_subjects(plan: Plan, settings: Settings) -> Iterator[Finding]:
    """"hankittavaa raportointijärjestelmää (ks. kohta a)" where a) is the
    TIJO model and b) the reporting system. Only when the words just before
    the reference that fit the named item all fit another item too, and that
    one fits two words more, or its own long noun ("raportointijärjestelmää"
    for "Raportointijärjestelmän käyttöönotto"; "raporttien" shares only a
    stem): a word shared by both titles says nothing.

    An error where the evidence is strong: the words fit no word of the named
    item's title and one is another item's own long noun (the same first ten
    letters, not just a stem), or the reference says "edellinen" / "seuraava" and names
    the item the sentence stands in. Otherwise a warning: titles are
    paraphrased, so a better fit is a question to the reviewer. A reference
    "edellinen kohta e" inside e), with no other e) before it, is an error on
    its own."""
    layout = None
    for line, position, ref in _references(plan):
        if len(ref.items) != 1:
            continue
        layout = layout or line_spans(plan)
        located = _located(plan, layout, position, ref)
        if located is None:
            continue
        name, items = located
        [wanted] = ref.items
        direction = _direction(ref.raw)
        own = _own_item(plan, layout, items, position) if direction else None
        itself = own is not None and wanted in own.forms
        if itself and not _other_in_direction(items, own, wanted, direction):
            yield _points_at_itself(plan, line, ref, wanted, name, own, direction)
            continue
        titles: dict[str, list[Item]] = defaultdict(list)
        for item in (i for i in items if i.line != position):
            titles[min(item.forms, key=len) if wanted not in item.forms else wanted].append(item)
        if wanted not in titles or len(titles) < 2:
            continue
        window = _window(line.text, ref.context_start)
        fits = {label: _matching(window, [i.title for i in group]) for label, group in titles.items()}
        mine = fits[wanted]
        better = [label for label, words in fits.items() if label != wanted and words > mine
                  and _clearly(words - mine, [i.title for i in titles[label]])]
        if not better:
            continue
        most = max(len(fits[label]) for label in better)
        better = [label for label in better if len(fits[label]) == most]
        # strong: the words fit nothing of the named item, and the other's own noun is there
        strong = itself or (not mine and any(_names_noun(window, [i.title for i in titles[b]]) for b in better))
        yield _wrong_subject(line, ref, wanted, name, titles, fits, better, window, itself, strong)


@lru_cache(maxsize=None)
def _direction_patterns() -> tuple[regex.Pattern | None, regex.Pattern | None]:
    """One pattern for the words that point back and one for those that
    point forward, each a whole word (None when the rules list none)."""
    cfg = rules.load("references")["item"]

    def whole_word(words: list[str]) -> regex.Pattern | None:
        lowered = [w.lower() for w in words]
        return regex.compile(rf"(?<!\w)(?:{rules.alternation(lowered)})(?!\w)") if lowered else None

    return whole_word(cfg.get("backward", [])), whole_word(cfg.get("forward", []))


def _direction(raw: str) -> str | None:
    """"ks. edellinen kohta e" points back, "seuraavassa kohdassa c" forward."""
    backward, forward = _direction_patterns()
    words = raw.lower()
    if backward is not None and backward.search(words):
        return "backward"
    if forward is not None and forward.search(words):
        return "forward"
    return None


def _own_item(plan: Plan, layout: LineSpans, items: list[Item], position: int) -> Item | None:
    """The lettered item whose text the line stands in: the last item heading
    (not a list entry) above it, inside the same unit's lines."""
    above = [i for i in items if i.line < position and not BULLET.match(plan.lines[i.line].text)]
    if not above:
        return None
    own = max(above, key=lambda i: i.line)
    same_unit = any(start <= own.line and position < end
                    for spans in layout.unit_spans.values() for start, end in spans)
    return own if same_unit else None


def _other_in_direction(items: list[Item], own: Item, wanted: str, direction: str) -> bool:
    """Another item with the named letter on the side the reference points to."""
    return any(wanted in i.forms and i.line != own.line and (i.line < own.line if direction == "backward"
                                                             else i.line > own.line) for i in items)


def _points_at_itself(plan: Plan, line, ref, wanted, name, own: Item, direction: str) -> Finding:
    own_line = plan.lines[own.line].number
    side_fi, side_en = ("edellinen", "previous") if direction == "backward" else ("seuraava", "next")
    return Finding(
        f"itself|{ref.raw}|{name}|{own.title}",
        f"Viittaus '{ref.raw}' on itse kohdassa {own.label}) '{own.title[:60]}' (rivi {own_line}): "
        f"{side_fi} kohta ei voi olla se, eikä {side_fi}ä kohtaa {wanted}) ole ({name})",
        f"Reference '{ref.raw}' stands in item {own.label}) '{own.title[:60]}' itself (line {own_line}): "
        f"the {side_en} item cannot be that one, and there is no {side_en} item {wanted}) ({name})",
        line.where(ref.start, ref.end),
        evidence={"reference": ref.raw, "item": wanted, "scope": name, "own_item": own.label,
                  "own_line": own_line, "direction": direction},
    )


LONG_WORD = 10  # a compound noun ("raportointijärjestelmä"): an item's own name, not a common word


def _names_noun(window: list[str], titles: list[str]) -> bool:
    """A word of the window is a long word of a title in another form: the
    two share their first LONG_WORD letters ("raportointijärjestelmää" and
    "Raportointijärjestelmän"), not just a stem ("raporttien")."""
    title_words = [w for t in titles for w in content_words(t) if len(w) >= LONG_WORD]
    return any(w[:LONG_WORD] == t[:LONG_WORD] for w in window if len(w) >= LONG_WORD for t in title_words)


def _clearly(extra: frozenset[str], titles: list[str]) -> bool:
    """Two more words, or one that is the other item's own long noun."""
    return len(extra) >= 2 or _names_noun(sorted(extra), titles)


def _wrong_subject(line, ref, wanted, name, titles, fits, better, window, itself, strong) -> Finding:
    def title(label):
        """The spelling that fits the words best, the last (a heading after its list) on a tie."""
        return max(reversed(titles[label]), key=lambda i: len(_matching(window, [i.title]))).title[:60]

    others_fi = " tai ".join(f"kohdan {b}) '{title(b)}'" for b in better)
    others_en = " or ".join(f"item {b}) '{title(b)}'" for b in better)
    words = " ".join(window)
    also_fi = f"; viittaus on itse kohdassa {wanted})" if itself else ""
    also_en = f"; the reference stands in item {wanted}) itself" if itself else ""
    why = "itself" if itself else ("no word fits" if strong else "fits better")
    return Finding(
        f"subject|{ref.raw}|{name}|{words}",
        f"Viittaus '{ref.raw}': edeltävät sanat '{words}' eivät sovi kohdan {wanted}) otsikkoon '{title(wanted)}', "
        f"vaan {others_fi} ({name}){also_fi}" + ("" if strong else " — tarkista, mitä kohtaa tarkoitetaan"),
        f"Reference '{ref.raw}': the words before it, '{words}', do not fit the title of item {wanted}) "
        f"'{title(wanted)}' but that of {others_en} ({name}){also_en}" + ("" if strong else " — check which is meant"),
        line.where(ref.start, ref.end),
        evidence={"reference": ref.raw, "item": wanted, "scope": name, "words": window,
                  "fits": {label: sorted(words) for label, words in fits.items() if words}, "better": better,
                  "evidence": why},
        severity=None if strong else "warning",
    )
