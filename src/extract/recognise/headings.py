"""Headings that give a plan its structure.

A line is classified as one of:

* ``section``  – "8.2 Osa-alue 2: Johtamisen…", "PILARI 4: …", "Investointi 1:"
* ``unit``     – "Työpaketti 1. Title", "Työpaketti 1 a): Title", "Toimenpide 3: Title"
* ``subunit``  – "1 a1) Title" (a part of the work unit above it)
* ``letter``   – "a) Title" (a lettered part of a section or of a unit)
* ``lettered`` – "A. Hankehallinto", a unit in a lettered list under a section;
  also a list item "- A. Title" or "- a) Title"
* ``numbered`` – any other numbered line ("4.1.5.1 Kansalaisten …"); whether it
  is a heading or a list item ("1 Rekrytoidaan …") depends on the headings
  before it, which :mod:`extract.structure` knows

Unit numbers as written: "1", "1.1", "1 a)" (also "1a"), "A", "II", "nro 1",
and an ordinal before the word ("1. työpaketti: Title").

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
LEADING_WORD = regex.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)?")  # "Työpaketti", "Osa-alue"
SUBUNIT_NUMBER = regex.compile(r"^(\d+)\s?")  # "1a1" → "1 a1": the unit's number, a space, the part
NUMBER_AND_LETTER = regex.compile(r"^(\d+)\s?([a-z])\)?$")  # "1a", "1 a)" → "1 a)"


@dataclass(frozen=True)
class Heading:
    type: str  # section | unit | subunit | letter | lettered | numbered
    kind: str | None  # osa-alue, pilari, investointi, työpaketti, toimenpide
    number: str | None
    title: str
    level: int | None  # depth of a heading number "4.1.2" → 3, None without one
    bullet: bool  # written as a list item ("- Työpaketti 1. …")
    colon: bool = False  # "Osa-alue 2: Title" rather than "Osa-alue 2 Title"
    heading_number: str | None = None  # "4.1.2" of "4.1.2 Investointi 1: …"


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
            # the word starts the line; what follows is read by unit_number_regex
            patterns = [[{"LOWER": {"IN": words}}]]
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
        rules.compile_pattern(limits["unit_number_regex"], "headings.toml [limits] unit_number_regex"),
    )


@lru_cache(maxsize=None)
def _lettered_pattern() -> regex.Pattern:
    source = rules.load("headings")["lettered_units"]["regex"]
    return rules.compile_pattern(source, "headings.toml [lettered_units]")


def letter_form_sources() -> list[str]:
    """The letter forms of rules/headings.toml: "a) Title", "1 a1) Title", "A. Title"."""
    cfg = rules.load("headings")
    return [cfg["limits"]["letter_regex"], cfg["limits"]["subunit_regex"], cfg["lettered_units"]["regex"]]


@lru_cache(maxsize=None)
def any_letter_form() -> regex.Pattern | None:
    """The letter forms joined into one pattern (None when they cannot be
    joined): most lines are none of them, and such a line then costs one
    match instead of three."""
    return rules.any_of(letter_form_sources(), "headings.toml [limits] letter forms")


DASHES = ("–", "—", "-")
FIRST_CHUNK = regex.compile(r"\s*\S*")


@lru_cache(maxsize=None)
def _unit_word_then_number() -> regex.Pattern:
    _worded, words, _bare = _code_patterns()
    return regex.compile(rf"(?i)(?<!\w)(?:{rules.alternation(words)})\s+\d")


def _names_another_unit(title: str) -> bool:
    return bool(_unit_word_then_number().search(title))


def _keyword_heading(body: str, rest: str, level, heading_number, bullet, stripped) -> Heading | None:
    """A section or unit heading when ``rest`` starts with a section or unit word."""
    if not rest.lower().startswith(_keywords()):
        return None  # spaCy is loaded and run only for lines that can match
    nlp, matcher, kinds, _limits = _matcher()
    number_re = _limit_patterns()[3]
    # Every pattern is one token at the start, and the tokenizer splits at
    # white space first: the first word decides, so only it is tokenized
    # (a prose line opening with "Toimenpide" is not tokenized whole).
    doc = nlp.make_doc(FIRST_CHUNK.match(rest).group(0))
    matches = [m for m in matcher(doc) if m[1] == 0]
    if not matches:
        return None
    match_id, _start, end = max(matches, key=lambda m: m[2])
    group, kind = kinds[nlp.vocab.strings[match_id]]
    after = rest[doc[end - 1].idx:]
    after = LEADING_WORD.sub("", after, count=1)  # drop the word itself
    parsed = number_re.match(after)
    if not parsed:
        return None
    punct = (parsed.group("punct") or "").strip()
    number = parsed.group("num") or ""
    if parsed.group("letter"):
        number = f"{number} {parsed.group('letter')})".strip()
    title = parsed.group("title")
    colon = punct == ":"
    # "Osa-alue 2 Johtamisen … on esitetty taulukossa 15." is a sentence
    sentence = not colon and not punct.startswith(DASHES) and stripped.endswith(".") and not level
    if group == "section":
        if not number or sentence:
            return None
        return Heading(group, kind, number, title, level, bullet, colon, heading_number)
    if not number and heading_number:
        # "1. työpaketti: Title" is unit 1; "2.3.1 Toimenpide: Title" is unit 2.3.1
        # whose heading number also places it in the outline
        number = heading_number.strip(".")
        if level == 1:
            heading_number, level = None, None
    if not number and punct not in (":",) and not punct.startswith(DASHES):
        return None  # "Toimenpide toteutetaan yhteistyössä …"
    if sentence and parsed.group("num") and title[:1].islower() and punct != ".":
        return None  # "Työpaketti 3 koostuu …."
    if sentence and _names_another_unit(title):
        return None  # "Työpaketti 1 X ja Työpaketti 4 Y arvioidaan ulkoisesti."
    return Heading(group, kind, number, title, level, bullet, colon, heading_number)


def classify(text: str) -> Heading | None:
    """The heading a line is, or None for prose."""
    limits = rules.load("headings")["limits"]
    letter_re, subunit_re, number_re, _unit_number_re = _limit_patterns()
    stripped = text.strip()
    if not stripped or len(stripped) > int(limits["max_heading_chars"]):
        return None
    bulleted = BULLET.match(stripped)
    bullet = bulleted is not None
    body = stripped[bulleted.end():] if bulleted else stripped
    level = None
    heading_number = None
    numbered = number_re.match(body)
    rest = body
    if numbered:
        heading_number = numbered.group("num").strip()
        level = len([p for p in heading_number.strip(".").split(".") if p])
        rest = body[numbered.end():]

    keyword = _keyword_heading(body, rest, level, heading_number, bullet, stripped)
    if keyword is not None:
        return keyword

    joined = any_letter_form()
    if joined is not None and not joined.match(body):
        return _numbered(body, stripped, level, bullet)  # no letter form: only a numbered heading is left
    lettered_kind = rules.load("headings")["lettered_units"]["kind"]
    lettered = _lettered_pattern().match(body)
    if lettered:
        return Heading("lettered", lettered_kind, lettered.group("letter"), lettered.group("title").strip(), None, bullet)
    sub = subunit_re.match(body)
    if sub:
        number = SUBUNIT_NUMBER.sub(r"\1 ", sub.group("number").strip()) + ")"
        return Heading("subunit", None, number, sub.group("title").strip(), None, bullet)
    letter = letter_re.match(body)
    if letter and bullet:
        # "- a) Title": a lettered unit written as a list item
        return Heading("lettered", lettered_kind, letter.group("letter"), letter.group("title").strip(), None, bullet)
    if letter:
        return Heading("letter", None, letter.group("letter"), letter.group("title").strip(), level, bullet)
    return _numbered(body, stripped, level, bullet)


def _numbered(body: str, stripped: str, level: int | None, bullet: bool) -> Heading | None:
    """Any other numbered line: a heading, or None for a list item."""
    plain = NUMBERED_HEADING.match(body)
    # "1. Something." or "- 1. Something" is a list item; "4.1.5 Something" is a heading
    if plain and (level or 0) > 1 or (plain and not bullet and not stripped.endswith((".", ",", ":", ";"))):
        return Heading("numbered", None, plain.group("num").strip("."), plain.group("title").strip(), level, bullet)
    return None


LEAD_EMPHASIS = regex.compile(r"^\s*(?:[-–•·*]\s+)?\*\*(?P<lead>[^*]+?)\*\*")
LEAD_CODE = regex.compile(r"^(?:[A-Za-z][.)]|\d+(?:\.\d+)*[.):]?)\s+")


def emphasised_lead(raw: str, title: str) -> str:
    """The title of a list entry whose bold start is its name ("- **A.
    Kotiutustiimi** perustetaan …" → "Kotiutustiimi"); else ``title``."""
    m = LEAD_EMPHASIS.match(raw)
    if not m:
        return title
    lead = LEAD_CODE.sub("", m.group("lead").strip()).strip(" .:–-")
    return lead if lead and title.startswith(lead) else title


@lru_cache(maxsize=None)
def _code_patterns() -> tuple[regex.Pattern, dict[str, str], regex.Pattern]:
    words = {w.lower(): entry["kind"] for entry in rules.load("headings")["unit"] for w in entry["words"]}
    worded = regex.compile(
        rf"(?i)^(?P<word>{rules.alternation(words)})\s*(?:nro\s*)?(?P<num>\d+(?:\.\d+)*(?:\s?[a-z]\)?)?|[A-Z]|[IVX]{{1,5}})(?![\w])[.:)]?\s*(?P<rest>.*)$"
    )
    bare = regex.compile(r"^(?P<num>[A-Z]|[IVX]{1,5}|\d+(?:\.\d+)*)(?![\w])[.:)]?\s+(?P<rest>\S.*)$")
    return worded, words, bare


def unit_code(text: str) -> tuple[str | None, str, str] | None:
    """(kind, number, rest) of a label naming a unit by its code: "TP1",
    "Työpaketti 2 Digituki" → kind and number; "A Liikuntaneuvonta",
    "II Koulujen …" → no kind (None) and the letter or numeral."""
    worded, words, bare = _code_patterns()
    text = text.strip()
    m = worded.match(text)
    if m:
        number = NUMBER_AND_LETTER.sub(r"\1 \2)", m.group("num"))
        return words[m.group("word").lower()], number, m.group("rest").strip()
    m = bare.match(text)
    if m:
        return None, m.group("num"), m.group("rest").strip()
    return None
