"""Headings that give a plan its structure.

A line is classified as one of:

* ``section``  – "8.2 Osa-alue 2: Johtamisen…", "PILARI 4: …", "Investointi 1:"
* ``unit``     – "Työpaketti 1. Title", "Työpaketti 1 a): Title", "Toimenpide 3: Title"
* ``subunit``  – "1 a1) Title" (a part of the work unit above it)
* ``letter``   – "a) Title" (a lettered part of a section or of a unit)
* ``lettered`` – "A. Hankehallinto", a unit in a lettered list under a section
* ``numbered`` – any other numbered heading ("4.1.5.1 Kansalaisten …")

The keywords come from ``rules/headings.toml`` and are matched with a spaCy
``Matcher`` on the first tokens of the line, so inflection and case are handled
by token attributes rather than by growing regular expressions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .. import rules

BULLET = regex.compile(r"^\s*[-–•·*]\s+")
# After the keyword: the number, an optional letter part "a)", a case ending
# ":n", punctuation, then the title.
NUMBER_AND_TITLE = regex.compile(
    r"^\s*(?P<num>\d*)(?:\s?(?P<letter>[a-z]\d?)\))?(?::[a-zäö]{1,3}(?=\s))?\s*(?P<punct>[.:)]|\s?[–—-](?=\s))?\s*(?P<title>.*?)\s*$"
)
NUMBERED_HEADING = regex.compile(r"^(?P<num>\d+(?:\.\d+)+\.?|\d+\.?)\s+(?P<title>[A-ZÅÄÖ].{2,150})$")


@dataclass(frozen=True)
class Heading:
    type: str  # section | unit | subunit | letter | lettered | numbered
    kind: str | None  # osa-alue, pilari, investointi, työpaketti, toimenpide
    number: str | None
    title: str
    level: int | None  # depth of a heading number "4.1.2" → 3, None without one
    bullet: bool  # written as a list item ("- Työpaketti 1. …")
    colon: bool = False  # "Osa-alue 2: Title" rather than "Osa-alue 2 Title"


@lru_cache(maxsize=None)
def _matcher():
    import spacy
    from spacy.matcher import Matcher

    cfg = rules.load("headings")
    nlp = spacy.blank("fi")
    matcher = Matcher(nlp.vocab)
    kinds: dict[str, tuple[str, str]] = {}
    for group in ("section", "unit"):
        for entry in cfg[group]:
            key = f"{group}:{entry['kind']}"
            kinds[key] = (group, entry["kind"])
            words = [w.lower() for w in entry["words"]]
            patterns = [
                [{"LOWER": {"IN": words}}, {"TEXT": {"REGEX": r"^\d"}}],
                [{"LOWER": {"IN": words}}, {"ORTH": ":"}],  # a unit without a number
            ]
            if entry.get("glued"):
                alternatives = "|".join(regex.escape(w) for w in words)
                patterns.append([{"LOWER": {"REGEX": rf"^(?:{alternatives})\d+:?$"}}])
            matcher.add(key, patterns)
    return nlp, matcher, kinds, cfg["limits"]


@lru_cache(maxsize=None)
def _keywords() -> tuple[str, ...]:
    """Every section and unit word, lower-cased. A line whose text (after a
    heading number) starts with none of them cannot match the Matcher's
    patterns, so spaCy is loaded and run only for lines that can."""
    cfg = rules.load("headings")
    return tuple(w.lower() for group in ("section", "unit") for entry in cfg[group] for w in entry["words"])


@lru_cache(maxsize=None)
def _limit_patterns():
    limits = rules.load("headings")["limits"]
    return (
        rules.compile_pattern(limits["letter_regex"], "headings.toml [limits] letter_regex"),
        rules.compile_pattern(limits["subunit_regex"], "headings.toml [limits] subunit_regex"),
        rules.compile_pattern(limits["heading_number_regex"], "headings.toml [limits] heading_number_regex"),
    )


@lru_cache(maxsize=None)
def _lettered_pattern() -> regex.Pattern:
    source = rules.load("headings")["lettered_units"]["regex"]
    return rules.compile_pattern(source, "headings.toml [lettered_units]")


def classify(text: str) -> Heading | None:
    """The heading a line is, or None for prose."""
    limits = rules.load("headings")["limits"]
    letter_re, subunit_re, number_re = _limit_patterns()
    stripped = text.strip()
    if not stripped or len(stripped) > int(limits["max_heading_chars"]):
        return None
    bullet = bool(BULLET.match(stripped))
    body = BULLET.sub("", stripped)
    level = None
    numbered = number_re.match(body)
    rest = body
    if numbered:
        level = len([p for p in numbered.group("num").strip(".").split(".") if p])
        rest = body[numbered.end():]

    matches = []
    if rest.lower().startswith(_keywords()):
        nlp, matcher, kinds, _limits = _matcher()
        doc = nlp.make_doc(rest)
        matches = [m for m in matcher(doc) if m[1] == 0]
    if matches:
        match_id, _start, end = max(matches, key=lambda m: m[2])
        group, kind = kinds[nlp.vocab.strings[match_id]]
        after = rest[doc[end - 1].idx:]
        if end == 1:  # "Osa-alue1:", keyword and number in one token
            after = regex.sub(r"^\D+", "", after)
        parsed = NUMBER_AND_TITLE.match(after)
        colon = bool(parsed) and parsed.group("punct") == ":"
        # "Osa-alue 2 Johtamisen … on esitetty taulukossa 15." is a sentence
        sentence = group == "section" and not level and not colon and stripped.endswith(".")
        if parsed and not sentence and (parsed.group("num") or group == "unit"):
            number = parsed.group("num")
            if parsed.group("letter"):
                number = f"{number} {parsed.group('letter')})"
            return Heading(group, kind, number, parsed.group("title"), level, bullet, colon)

    lettered = _lettered_pattern().match(body)
    if lettered and not bullet:
        kind = rules.load("headings")["lettered_units"]["kind"]
        return Heading("lettered", kind, lettered.group("letter"), lettered.group("title").strip(), None, bullet)
    sub = subunit_re.match(body)
    if sub:
        number = regex.sub(r"^(\d+)\s?", r"\1 ", sub.group("number").strip()) + ")"
        return Heading("subunit", None, number, sub.group("title").strip(), None, bullet)
    letter = letter_re.match(body)
    if letter and not bullet:
        return Heading("letter", None, letter.group("letter"), letter.group("title").strip(), level, bullet)
    plain = NUMBERED_HEADING.match(body)
    # "1. Something." or "- 1. Something" is a list item; "4.1.5 Something" is a heading
    if plain and (level or 0) > 1 or (plain and not bullet and not stripped.endswith((".", ",", ":", ";"))):
        return Heading("numbered", None, plain.group("num").strip("."), plain.group("title").strip(), level, bullet)
    return None
