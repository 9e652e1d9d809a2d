"""The lettered item headings of a unit ("a) Title" on its own line): one
letter used for two different items (``item-letter-repeats``), and one item
whose heading is written two ways where the plan repeats it
(``item-title-differs``).

Plans repeat a unit's lettered items in every chapter (goals, measures,
schedule, results): "a) Maakunnallisen sote-digipalvelualustan kehittäminen
…" in six chapters and "a) Maakunnallisen sote-digipalvelualueen kehittäminen
…" in two. A letter may also name two different items (an item deleted and
its letter reused), so two headings of one letter are taken for one item
written two ways only when

* their titles share most of their words, in any form (``[structure]
  item_title_share`` of rules/checks.toml), and each has a word the other
  lacks: a word was replaced, not just left out (a heading shortened or
  lengthened is no second spelling);
* they stand in the same chapter, or in chapters whose lists were copied: a
  sibling item of another letter is written word for word the same in both.
  A list rewritten as a whole (results: "a) Digitukipisteet on perustettu")
  is another text, not a second spelling of each title.

Each pair of headings is reported by one of the two rules: the same item
written two ways by ``item-title-differs``, two different items by
``item-letter-repeats``.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Iterator

import regex

from ..plan import Plan, WorkUnit
from ..recognise.words import content_words, same_word
from .items import BULLET, Item, LineSpans, line_spans
from .numbers import places
from .registry import Finding, Settings, rule

NOT_LETTER = regex.compile(r"[^\p{L}]+")
WAYS_FI = {2: "kahdella", 3: "kolmella", 4: "neljällä"}
WAYS_EN = {2: "two", 3: "three", 4: "four"}


def letters(title: str) -> str:
    """A title as compared: its letters only, lower-cased. Case, spaces,
    dashes and dates do not make another title ("Ostopalvelu -järjestelmä",
    "Ostopalvelujärjestelmä")."""
    return NOT_LETTER.sub("", (title or "").lower())


def written_two_ways(a: str, b: str, share: float) -> bool:
    """Two titles of one item, written differently: most words shared (in
    any form), and each with a word of its own ("… johtamista ja
    uudistamista" and "… johtamista ja ohjausta")."""
    if letters(a) == letters(b):
        return False
    words_a, words_b = content_words(a), content_words(b)
    if not words_a or not words_b or not (set(words_a) - set(words_b)) or not (set(words_b) - set(words_a)):
        return False
    shared_a = sum(any(same_word(w, v) for v in words_b) for w in words_a)
    shared_b = sum(any(same_word(w, v) for v in words_a) for w in words_b)
    return min(shared_a, shared_b) >= max(1.0, share * max(len(words_a), len(words_b)))


def _item_headings(plan: Plan, layout: LineSpans) -> dict[str, list[list[Item]]]:
    """unit key → the item headings of each of its runs of lines, in order.
    Only lines "e) Title" (no list entry "- e) …", no "1 a5)" sub-unit),
    each given to the innermost unit whose lines hold it."""
    runs = [(start, end, unit.key, n) for unit in plan.units
            for n, (start, end) in enumerate(layout.unit_spans[unit.key])]
    found: dict[str, list[list[Item]]] = {u.key: [[] for _ in layout.unit_spans[u.key]] for u in plan.units}
    for item in layout.items:
        if BULLET.match(plan.lines[item.line].text) or item.label[:1].isdigit() or len(item.label) != 1:
            continue
        holding = [r for r in runs if r[0] < item.line < r[1]]
        if holding:
            _start, _end, key, n = max(holding, key=lambda r: r[0])
            found[key][n].append(item)
    return found


@rule("item-letter-repeats", "structure", "warning",
      "työkokonaisuuden kirjaimin numeroidut kohdat eivät toistu (kaksi eri e-kohtaa)",
      "a unit's lettered items do not repeat a letter (two different items e)")
def item_letters_repeat(plan: Plan, settings: Settings) -> Iterator[Finding]:
    """"a) … b) … e) Taloushallinnon … d) … e) Asiakaspalaute …" in one unit:
    a reference to "kohta e" cannot say which is meant. Only the item
    headings inside a unit's text ("e) Title" on its own line): a list
    ("- a) …") often repeats the headings that follow it, and a gap in the
    letters (1 a), 1 c), 1 e)) is common in templates, so neither is flagged.
    One heading written two ways is one item (rule item-title-differs)."""
    layout = line_spans(plan)
    headings = _item_headings(plan, layout) if layout.items else {}
    for unit in plan.units:
        for items in headings.get(unit.key, []):
            seen: dict[str, Item] = {}
            for item in items:
                letter = item.label.lower()
                first = seen.setdefault(letter, item)
                if first is item or _comparable(first.title) == _comparable(item.title) or \
                        written_two_ways(first.title, item.title, settings.item_title_share):
                    continue
                yield _repeated(plan, unit, letter, first, item)


def _comparable(title: str) -> str:
    return " ".join(content_words(title))


def _shown(plan: Plan, item: Item) -> str:
    """The item's title as printed, struck-out words included ("~~…~~")."""
    struck = plan.lines[item.line].struck
    return (f"~~{' '.join(struck)}~~ " if struck else "") + item.title[:60]


def _repeated(plan: Plan, unit, letter: str, first: Item, again: Item) -> Finding:
    name = f"{unit.kind} {unit.number}"
    first_line, again_line = plan.lines[first.line].number, plan.lines[again.line].number
    return Finding(
        f"letter|{unit.section_key}|{name}|{letter}|{again.title}",
        f"{name}: kohta {letter}) on kahdesti: '{_shown(plan, first)}' (rivi {first_line}) ja "
        f"'{_shown(plan, again)}' (rivi {again_line})",
        f"{name}: item {letter}) occurs twice: '{_shown(plan, first)}' (line {first_line}) and "
        f"'{_shown(plan, again)}' (line {again_line})",
        plan.lines[again.line].where(),
        evidence={"unit": name, "letter": letter, "lines": [first_line, again_line],
                  "titles": [first.title, again.title]},
    )


@rule("item-title-differs", "structure", "info",
      "kirjaimella numeroitu kohta on kirjoitettu samoin kaikkialla, missä suunnitelma sen toistaa",
      "a lettered item is titled the same wherever the plan repeats it")
def item_titles_differ(plan: Plan, settings: Settings) -> Iterator[Finding]:
    """One flag per item, listing each way its heading is written and the
    lines; placed where the first spelling other than the usual one stands."""
    layout = line_spans(plan)
    headings = _item_headings(plan, layout) if layout.items else {}
    for unit in plan.units:
        runs = headings.get(unit.key, [])
        placed: dict[str, list[tuple[int, Item]]] = defaultdict(list)
        for n, items in enumerate(runs):
            for item in items:
                placed[item.label.lower()].append((n, item))
        for letter, occurrences in placed.items():
            for group in _one_item(occurrences, runs, letter, settings.item_title_share):
                yield _differs(plan, layout, unit, letter, group)


def _copied(first: list[Item], second: list[Item], letter: str) -> bool:
    """Two runs of a unit's item headings are copies of one list: an item of
    another letter is written alike in both."""
    return any(x.label.lower() != letter and x.label.lower() == y.label.lower() and letters(x.title)
               and letters(x.title) == letters(y.title) for x in first for y in second)


def _one_item(occurrences: list[tuple[int, Item]], runs: list[list[Item]], letter: str,
              share: float) -> list[list[Item]]:
    """The headings of one letter grouped into items (written alike, or two
    ways in one run or in copied runs); the groups written more than one way."""
    parent = list(range(len(occurrences)))
    forms = [letters(item.title) for _run, item in occurrences]  # each title as compared, once

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (run_i, item_i) in enumerate(occurrences):
        for j in range(i + 1, len(occurrences)):
            run_j, item_j = occurrences[j]
            alike = forms[i] and forms[i] == forms[j]
            if alike or (written_two_ways(item_i.title, item_j.title, share)
                         and (run_i == run_j or _copied(runs[run_i], runs[run_j], letter))):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(occurrences)):
        groups[root(i)].append(i)
    return [[occurrences[i][1] for i in group] for group in groups.values() if len({forms[i] for i in group}) > 1]


def _changed(usual: str, other: str) -> tuple[str, str]:
    """The words ``other`` writes differently from ``usual`` (each side's
    changed words, runs joined by " … ")."""
    a, b = usual.split(), other.split()
    matcher = difflib.SequenceMatcher(a=[letters(w) for w in a], b=[letters(w) for w in b], autojunk=False)
    mine, theirs = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            mine.append(" ".join(a[i1:i2]))
            theirs.append(" ".join(b[j1:j2]))
    return " … ".join(w for w in mine if w), " … ".join(w for w in theirs if w)


def _at(plan: Plan, items: list[Item], finnish: bool = True) -> str:
    return places([(plan.lines[i.line].page, plan.lines[i.line].number) for i in items], finnish)


def _differs(plan: Plan, layout: LineSpans, unit: WorkUnit, letter: str, group: list[Item]) -> Finding:
    by_form: dict[str, list[Item]] = defaultdict(list)
    for item in sorted(group, key=lambda i: i.line):
        by_form[letters(item.title)].append(item)
    counts = Counter({form: len(items) for form, items in by_form.items()})
    usual = max(by_form, key=lambda f: (counts[f], -by_form[f][0].line))
    others = sorted((f for f in by_form if f != usual), key=lambda f: by_form[f][0].line)
    main = by_form[usual][0].title
    home = layout.home(by_form[usual][0].line)
    name = f"{unit.kind} {unit.number}" + (f" ({home.kind} {home.number})" if home else "")
    fi_parts, en_parts = [], []
    for form in others:
        items = by_form[form]
        was, now = _changed(main, items[0].title)
        fi_parts.append(f"{_at(plan, items)}: '{now}' (muualla '{was}')")
        en_parts.append(f"{_at(plan, items, False)}: '{now}' (elsewhere '{was}')")
    shown = main if len(main) <= 90 else main[:89] + "…"
    variants = [{"title": by_form[f][0].title, "lines": [plan.lines[i.line].number for i in by_form[f]],
                 "pages": [plan.lines[i.line].page for i in by_form[f]]} for f in [usual, *others]]
    return Finding(
        f"item-title|{unit.section_key}|{unit.kind} {unit.number}|{letter}|" + "|".join(sorted(by_form)),
        f"{name}: kohta {letter}) on kirjoitettu {WAYS_FI.get(len(by_form), len(by_form))} tavalla: '{shown}' "
        f"({_at(plan, by_form[usual])}); " + "; ".join(fi_parts),
        f"{name}: item {letter}) is written {WAYS_EN.get(len(by_form), len(by_form))} ways: '{shown}' "
        f"({_at(plan, by_form[usual], False)}); " + "; ".join(en_parts),
        plan.lines[by_form[others[0]][0].line].where(),
        evidence={"unit": f"{unit.kind} {unit.number}", "section": f"{home.kind} {home.number}" if home else None,
                  "letter": letter, "variants": variants},
    )
