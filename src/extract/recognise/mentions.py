"""Units and sections named inside prose, and announced unit counts.

* ``find_mentions``: "Työpaketti 2 Tietojohtamisen kyvykkyyden kehittäminen, …"
  (a listed unit with its title), "työpakettiin 3", "Työpaketin 2" (references).
* ``find_section_refs``: "(Osa 2)", "Osa-alueessa 3": the section a sentence is about.
* ``find_announcements``: "koostuu neljästä työpaketista" → 4 työpaketti.
* ``find_section_announcements``: "Hanke koostuu kolmesta osa-alueesta" →
  3 osa-alue (the plan as the subject only).

Unit stems are the ``stems`` of ``rules/headings.toml`` [[unit]] (the one
list headings also read); count words and section words are in
[announcement] and [mentions]; section counts in [announcement.sections].
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .. import rules
from .words import holds_any, prefix_alternation


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
    announcement: regex.Pattern
    not_count_endings: tuple[str, ...]
    owner_before: regex.Pattern  # a unit or section word just before a number
    # lowered words a match holds one of: a line without any is not searched
    unit_words: tuple[str, ...]
    section_words: tuple[str, ...]


# A number after white space: every mention and section reference holds one.
SPACE_DIGIT = regex.compile(r"\s\d")
SPACES_DIGIT = regex.compile(r"\s+\d")  # a number right after a count ("kaksi työpakettia 1 ja 2")
NUMBER_AND_LETTER = regex.compile(r"^(\d+)\s?([a-z])")  # "1a" → "1 a"
LISTED_TITLE = regex.compile(r"^[.:]?\s+(?P<title>[A-ZÅÄÖ][^.;:]*)")  # the title after "Työpaketti 2"
TRAILING_JOINER = regex.compile(r"(,|\s+ja|\s+sekä)\s*$")  # a listed title ends before ", ja" or "sekä"


@lru_cache(maxsize=None)
def unit_stems() -> dict[str, str]:
    """Every unit stem of ``rules/headings.toml`` [[unit]] and the kind it names."""
    return {stem.lower(): entry["kind"] for entry in rules.load("headings")["unit"] for stem in entry["stems"]}


@lru_cache(maxsize=None)
def _compiled() -> _Compiled:
    cfg = rules.load("headings")
    stems = unit_stems()
    mention = regex.compile(
        rf"(?i)(?<!\w)(?P<word>(?:{rules.alternation(stems)})\w*)\s+(?P<num>\d+(?:\.\d+)*(?:\s?[a-z]\d?\))?)(?::[a-zäö]{{1,3}})?(?![\d.]\d)"
    )
    section_refs = []
    section_words = []
    for word, kind in cfg["mentions"]["section_references"].items():
        body = regex.escape(word.rstrip("*").lower()) + (r"[\w-]*" if word.endswith("*") else "")
        section_words.append(body)
        section_refs.append((regex.compile(rf"(?i)(?<![\w-])(?:{body})\s+(?P<num>\d+)(?!\d|\.\d)"), kind))
    ann = cfg["announcement"]
    # A count at a word's start ("\b", not after "-"), an optional word
    # between, then a unit word. Each list is written as a prefix
    # alternation (a count ends at "(?!\w)", the others run on with "\w*":
    # the match is the same whichever word is found), twice as quick.
    announcement = regex.compile(
        rf"(?i)\b(?<!-)(?P<count>{_letters_alternation(_count_words())}|\d+)(?!\w)"
        rf"(?:\s+{_letters_alternation(ann['between'])}\w*)?"
        rf"\s+(?P<unit>{_letters_alternation(stems)}\w*)"
    )
    return _Compiled(
        stems=stems,
        nominatives={w.lower() for entry in cfg["unit"] for w in entry["words"]},
        mention=mention,
        section_refs=section_refs,
        announcement=announcement,
        not_count_endings=tuple(e.lower() for e in ann.get("not_count_endings", [])),
        unit_words=tuple(stems),  # already the first letters of the unit words
        section_words=tuple(word.rstrip("*").lower() for word in cfg["mentions"]["section_references"]),
        owner_before=regex.compile(
            rf"(?i)(?<![\w-])(?:(?:{rules.alternation(stems)})\w*|{'|'.join(section_words)})\s*$"
        ),
    )


LETTERS = regex.compile(r"[^\W\d_]+")


def _letters_alternation(words) -> str:
    """The words as a prefix alternation when each is letters only (see
    ``words.prefix_alternation``), else as a flat one, longest first."""
    if all(LETTERS.fullmatch(word) for word in words):
        return f"(?:{prefix_alternation(words)})"
    return f"(?:{rules.alternation(words)})"


@lru_cache(maxsize=None)
def _count_words() -> dict[str, int]:
    """The count words of [announcement] counts ("neljästä" → 4), for units and sections alike."""
    counts = rules.load("headings")["announcement"]["counts"]
    return {word.lower(): int(n) for n, words in counts.items() for word in words}


def _count(word: str) -> int | None:
    """The number a count is written as: digits or a count word."""
    return int(word) if word.isdigit() else _count_words().get(word.lower())


def _lookup(word: str, table: dict):
    lowered = word.lower()
    best = max((k for k in table if lowered.startswith(k)), key=len, default=None)
    return table[best] if best is not None else None


def unit_word_pieces() -> tuple[str, ...]:
    """Lower-cased pieces every unit mention and every count of units holds
    one of: a line holding none of them has neither (a caller may skip it)."""
    return _compiled().unit_words


def find_mentions(text: str) -> list[Mention]:
    c = _compiled()
    if not SPACE_DIGIT.search(text) or not holds_any(text, c.unit_words):
        return []
    matches = list(c.mention.finditer(text))
    found = []
    for i, m in enumerate(matches):
        kind = _lookup(m.group("word"), c.stems)
        if kind is None:
            continue
        number = NUMBER_AND_LETTER.sub(r"\1 \2", m.group("num"))
        title = None
        if m.group("word").lower() in c.nominatives:
            stop = matches[i + 1].start() if i + 1 < len(matches) else len(text)
            tail = text[m.end():stop]
            listed = LISTED_TITLE.match(tail)
            if listed:
                title = TRAILING_JOINER.sub("", listed.group("title").strip()).strip() or None
        found.append(Mention(kind, number, title, m.start(), m.end(), m.group(0)))
    return found


def find_section_refs(text: str) -> list[tuple[str, str]]:
    """(kind, number) of every section the text names, left to right."""
    return [(kind, number) for _start, kind, number in section_refs_at(text)]


def section_reference_pieces() -> tuple[str, ...]:
    """Lower-cased pieces every section reference holds one of: a line
    holding none of them names no section (a caller scanning many lines may
    skip it)."""
    return _compiled().section_words


def section_refs_at(text: str) -> list[tuple[int, str, str]]:
    """(offset, kind, number) of every section the text names, left to right."""
    c = _compiled()
    if not SPACE_DIGIT.search(text) or not holds_any(text, c.section_words):
        return []
    found = []
    for pattern, kind in c.section_refs:
        found += [(m.start(), kind, m.group("num")) for m in pattern.finditer(text)]
    return sorted(found)


def find_announcements(text: str) -> list[Announcement]:
    """Counts of units the text announces: "koostuu neljästä työpaketista",
    "Hanke sisältää 13 eri toimenpidettä", "neljä työpakettia"."""
    c = _compiled()
    if not holds_any(text, c.unit_words):
        return []
    found = []
    for m in c.announcement.finditer(text):
        word = m.group("count")
        count = _count(word)
        kind = _lookup(m.group("unit"), c.stems)
        if text[m.end("unit"):m.end("unit") + 1].isdigit() or SPACES_DIGIT.match(text[m.end():]):
            continue  # "kaksi työpakettia 1 ja 2" names units; "3 työpaketti 4" is not a count
        if m.group("unit").lower().endswith(c.not_count_endings):
            continue  # "4 toimenpiteiden": a genitive plural is never counted
        if word.isdigit() and c.owner_before.search(text[max(0, m.start() - 60): m.start()]):
            continue  # "Työpaketin 2 toimenpiteillä", "pilarin 4 toimenpiteiden": the number names the owner
        if count and kind and 0 < count < 100:
            found.append(Announcement(kind, int(count), m.start(), m.end(), m.group(0)))
    return found


@dataclass(frozen=True)
class _SectionCounts:
    kinds: dict[str, str]  # stem of the section noun → section kind
    pattern: regex.Pattern
    pieces: tuple[str, ...]  # a line without one of these holds no section count
    has_verbs: frozenset[str]  # "on": only after a subject in the inessive or adessive
    place_endings: tuple[str, ...]
    not_count_endings: tuple[str, ...]


@lru_cache(maxsize=None)
def _section_counts() -> _SectionCounts:
    ann = rules.load("headings")["announcement"]
    cfg = ann.get("sections", {"sections": {}, "subjects": [], "verbs": []})

    def words(items) -> str:  # literal words, any white space inside ("on jaettu")
        return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(items, key=len, reverse=True))

    fillers = rf"(?:(?:{words(cfg.get('fillers', []))})\s+)?" if cfg.get("fillers") else ""
    pattern = regex.compile(
        rf"(?i)(?<![\w-])(?:\w+\s?-)?(?P<subject>(?:{rules.alternation(cfg['subjects'])})\w*)\s+{fillers}"
        rf"(?P<verb>{words([*cfg['verbs'], *cfg.get('has_verbs', [])])})\s+{fillers}"
        rf"(?P<count>(?:{rules.alternation(_count_words())})|\d+)(?!\w)"
        rf"(?:\s+(?:{rules.alternation(ann['between'])})\w*)?"
        rf"\s+(?P<section>(?:{rules.alternation(cfg['sections'])})[\w-]*)"
    ) if cfg["sections"] and cfg["subjects"] and cfg["verbs"] else regex.compile(r"(?!)")
    return _SectionCounts({k.lower(): v for k, v in cfg["sections"].items()}, pattern,
                          tuple(k.lower() for k in cfg["sections"]),
                          frozenset(" ".join(v.lower().split()) for v in cfg.get("has_verbs", [])),
                          tuple(e.lower() for e in cfg.get("place_endings", [])),
                          tuple(e.lower() for e in ann.get("not_count_endings", [])))


def section_announcement_pieces() -> tuple[str, ...]:
    """Lower-cased pieces every section count holds one of (as section_reference_pieces)."""
    return _section_counts().pieces


def find_section_announcements(text: str) -> list[Announcement]:
    """Counts of sections the plan announces of itself: "Rakenneuudistus-hanke
    koostuu kolmesta osa-alueesta", "Hankkeessa on neljä investointia". The
    plan must be the subject: "Arviointimalli koostuu 10 osa-alueesta" and
    "Pilari 4 sisältää neljä investointia" are about a model and the national
    programme, not the plan's own sections."""
    c = _section_counts()
    if not holds_any(text, c.pieces):
        return []
    found = []
    for m in c.pattern.finditer(text):
        word = m.group("count")
        count = _count(word)
        kind = _lookup(m.group("section"), c.kinds)
        if m.group("section").lower().endswith(c.not_count_endings):
            continue  # "hankkeessa on 4 osa-alueiden …": a genitive plural is never counted
        if " ".join(m.group("verb").lower().split()) in c.has_verbs and \
                not m.group("subject").lower().endswith(c.place_endings):
            continue  # "Hanke on yhdessä osa-alueen 2 kanssa": what the plan is, not what it has
        if count and kind and 0 < count < 100:
            found.append(Announcement(kind, int(count), m.start(), m.end(), m.group(0)))
    return found
