"""A table caption that names a lettered item by the wrong letter:
"Taulukko 10. c) Raportointijärjestelmän käyttöönotto -vaiheistus" where the
text's own "b) Raportointijärjestelmän käyttöönotto" is b), and c) is an
item with other words.

The caption's title decides, not its letter: the check runs only when every
content word of exactly one other letter's item title (two words at least)
is in the caption, and no item of the caption's letter is so named, inside
the unit (else the section) the table stands in. A warning: the schedule is
about one item and labelled as another, and the reviewer decides which.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ..plan import Plan, PlanTable
from ..recognise.words import content_words, same_word
from .arithmetic import table_name
from .items import BULLET, Item, LineSpans, line_spans
from .registry import Finding, Settings, rule

# "Taulukko 10. c) Title": the letter of an item and the words after it
CAPTION_ITEM = regex.compile(r"(?i)^\s*(?:taulukko\s+\d+[a-z]?\s*[.:]?\s*)?(?P<letter>[a-z]\d?)\)\s+(?P<title>\S.*)$")


def named_by(item: Item, caption_words: list[str]) -> bool:
    """Every content word of the item's title (two at least) is in the caption."""
    words = content_words(item.title)
    return len(words) >= 2 and all(any(same_word(w, c) for c in caption_words) for w in words)


def _weight(plan: Plan, item: Item) -> tuple[int, bool]:
    """The more words, and a heading rather than a list entry."""
    return len(content_words(item.title)), not BULLET.match(plan.lines[item.line].text)


def _named_letter(plan: Plan, named: list[Item], letter: str) -> tuple[str, str]:
    """What the text calls the caption's letter, for the message (Finnish, English)."""
    titled = [i for i in named if content_words(i.title)]
    if not titled:
        return f"; kohdalla {letter}) ei tekstissä ole otsikkoa", f"; the text gives item {letter}) no title"
    best = max(titled, key=lambda i: _weight(plan, i))
    line = plan.lines[best.line].number
    return f", ei {letter}) ('{best.title[:60]}', rivi {line})", f", not {letter}) ('{best.title[:60]}', line {line})"


def _items_around(layout: LineSpans, table: PlanTable) -> list[Item]:
    spans = layout.unit_spans.get(table.unit_key, []) if table.unit_key else []
    if not spans and table.section_key in layout.section_spans:
        spans = [layout.section_spans[table.section_key]]
    return layout.inside(spans)


@rule("table-item-letter", "references", "warning",
      "taulukon otsikossa kohdan kirjain vastaa tekstin kohtaa, jonka otsikko siinä on",
      "a table caption's item letter is the letter of the item its title names")
def table_item_letters(plan: Plan, settings: Settings) -> Iterator[Finding]:
    layout = None
    for table in plan.tables:
        m = CAPTION_ITEM.match(table.caption or "")
        if not m:
            continue
        layout = layout or line_spans(plan)
        letter, caption_words = m.group("letter").lower(), content_words(m.group("title"))
        items = _items_around(layout, table)
        named = [i for i in items if letter in i.forms]
        if any(named_by(i, caption_words) for i in named):
            continue
        fitting = [i for i in items if letter not in i.forms and named_by(i, caption_words)]
        labels = {min(i.forms, key=len) for i in fitting}
        if len(labels) != 1:
            continue  # none, or no telling which
        [other] = labels
        item = max(fitting, key=lambda i: _weight(plan, i))  # a heading over a list entry
        item_line = plan.lines[item.line].number
        fi_name, en_name = table_name(table)
        own_fi, own_en = _named_letter(plan, named, letter)
        yield Finding(
            f"caption-letter|{table.number or table.where.line}|{letter}",
            f"{fi_name}: otsikon kohta {letter}) '{item.title[:60]}' on tekstissä kohta {other}) (rivi {item_line}){own_fi}",
            f"{en_name}: the caption's item {letter}) '{item.title[:60]}' is item {other}) in the text "
            f"(line {item_line}){own_en}",
            table.where,
            evidence={"table": table.number, "caption": table.caption, "caption_letter": letter,
                      "item_letter": other, "item_line": item_line,
                      "named_items": [{"title": i.title, "line": plan.lines[i.line].number} for i in named]},
        )
