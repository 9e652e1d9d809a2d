"""Units and sections named inside prose, and announced unit counts.

* ``find_mentions``: "Työpaketti 2 Tietojohtamisen kyvykkyyden kehittäminen, …"
  (a listed unit with its title), "työpakettiin 3", "Työpaketin 2" (references).
* ``find_section_refs``: "(Osa 2)", "Osa-alueessa 3": the section a sentence is about.
* ``find_announcements``: "koostuu neljästä työpaketista" → 4 työpaketti.

Stems and number words are in ``rules/headings.toml`` ([mentions],
[announcement]); every inflected form starts with its stem.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .. import rules


@dataclass(frozen=True)
class Mention:
    kind: str
    number: str
    title: str | None  # set when the unit is listed by name ("Työpaketti 2 Title, …")
    start: int
    end: int
    raw: str


@dataclass(frozen=True)
class Announcement:
    kind: str
    count: int
    start: int
    end: int
    raw: str


@dataclass(frozen=True)
class _Compiled:
    stems: dict[str, str]
    nominatives: set[str]
    mention: regex.Pattern
    section_refs: list[tuple[regex.Pattern, str]]
    numbers: dict[str, int]
    units: dict[str, str]
    announcement: regex.Pattern
    verbs: regex.Pattern


@lru_cache(maxsize=None)
def _compiled() -> _Compiled:
    cfg = rules.load("headings")
    stems = {k.lower(): v for k, v in cfg["mentions"].items() if isinstance(v, str)}
    mention = regex.compile(
        rf"(?i)(?<!\w)(?P<word>(?:{rules.alternation(stems)})\w*)\s+(?P<num>\d+(?:\s?[a-z]\d?\))?)(?::[a-zäö]{{1,3}})?(?!\d)"
    )
    section_refs = []
    for word, kind in cfg["mentions"]["section_references"].items():
        body = regex.escape(word.rstrip("*").lower()) + (r"[\w-]*" if word.endswith("*") else "")
        section_refs.append((regex.compile(rf"(?i)(?<![\w-])(?:{body})\s+(?P<num>\d+)(?![\d.])"), kind))
    ann = rules.load("headings")["announcement"]
    numbers = {k.lower(): v for k, v in ann["numbers"].items()}
    units = {k.lower(): v for k, v in ann["units"].items()}
    announcement = regex.compile(
        rf"(?i)(?<!\w)(?P<count>(?:{rules.alternation(numbers)})\w*|\d+)\s+(?P<unit>(?:{rules.alternation(units)})\w*)"
    )
    return _Compiled(
        stems=stems,
        nominatives={w.lower() for entry in cfg["unit"] for w in entry["words"]},
        mention=mention,
        section_refs=section_refs,
        numbers=numbers,
        units=units,
        announcement=announcement,
        verbs=regex.compile(rf"(?i)(?<!\w)(?:{rules.alternation(ann['verbs'])})"),
    )


def _lookup(word: str, table: dict):
    lowered = word.lower()
    best = max((k for k in table if lowered.startswith(k)), key=len, default=None)
    return table[best] if best is not None else None


def find_mentions(text: str) -> list[Mention]:
    c = _compiled()
    matches = list(c.mention.finditer(text, timeout=rules.REGEX_TIMEOUT))
    found = []
    for i, m in enumerate(matches):
        kind = _lookup(m.group("word"), c.stems)
        if kind is None:
            continue
        number = regex.sub(r"^(\d+)\s?([a-z])", r"\1 \2", m.group("num"))
        title = None
        if m.group("word").lower() in c.nominatives:
            stop = matches[i + 1].start() if i + 1 < len(matches) else len(text)
            tail = text[m.end():stop]
            listed = regex.match(r"^[.:]?\s+(?P<title>[A-ZÅÄÖ][^.;:]*)", tail)
            if listed:
                title = regex.sub(r"(,|\s+ja|\s+sekä)\s*$", "", listed.group("title").strip()).strip() or None
        found.append(Mention(kind, number, title, m.start(), m.end(), m.group(0)))
    return found


def find_section_refs(text: str) -> list[tuple[str, str]]:
    """(kind, number) of every section the text names, left to right."""
    found = []
    for pattern, kind in _compiled().section_refs:
        found += [(m.start(), kind, m.group("num")) for m in pattern.finditer(text, timeout=rules.REGEX_TIMEOUT)]
    return [(kind, number) for _start, kind, number in sorted(found)]


def find_announcements(text: str) -> list[Announcement]:
    c = _compiled()
    found = []
    for m in c.announcement.finditer(text, timeout=rules.REGEX_TIMEOUT):
        if not c.verbs.search(text[: m.start()], timeout=rules.REGEX_TIMEOUT):
            continue
        count_word = m.group("count")
        count = int(count_word) if count_word.isdigit() else _lookup(count_word, c.numbers)
        kind = _lookup(m.group("unit"), c.units)
        if count and kind:
            found.append(Announcement(kind, int(count), m.start(), m.end(), m.group(0)))
    return found
