"""References in prose to the plan's own tables ("taulukossa 15",
"taulukoihin 6 – 14", "taulukoissa 3 ja 4"), with the kind of table the
sentence expects: a sentence about costs points at a cost table, one about
phases and schedules at a phase table; and to its lettered items ("(ks.
kohta f)", "(Työpaketti 3, kohta a)", "kohdan 1b"), with the unit or
section the reference names.

A caption line ("Taulukko 14. …") names its own table and is not a
reference. Vocabulary in ``rules/references.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .. import rules
from .words import first_letters, holds_any

MAX_RANGE = 40  # "taulukot 6–14" lists at most this many tables
ROMAN = ("I", "V", "X")  # capital letters that number sections as Roman numerals
TABLE_NUMBER = regex.compile(r"\d{1,3}[a-z]?")  # "14", "3b"
SPACE_OR_PARENTHESIS = regex.compile(r"[\s)]")  # dropped from an item id: "1 b)" → "1b"
ITEM_ID = regex.compile(r"(?i)(?<![\w])\d{0,2}\s?[a-z]\d?(?=\)|\W|$)")  # "a", "1b", "a5" in a list of items
WORD_OR_SECTION_SIGN = regex.compile(r"[\w§]+")  # the words before a reference ("lain § 3")
CONTENT_WORD = regex.compile(r"[^\W\d_]{4,}")  # a word of four letters or more: a title, not a letter or numeral
LETTERS = regex.compile(r"[^\W\d_]+")  # a word: letters only
CLAUSE_MARK = regex.compile(r"[,;:()]")  # punctuation that ends the clause of a postposition
WORD_OR_COMMA = regex.compile(r"[^\W\d_]+|[,;]")  # words and the commas between them


@dataclass(frozen=True)
class TableReference:
    numbers: tuple[str, ...]  # every table named, ranges expanded ("6"…"14")
    raw: str
    start: int
    end: int
    expects: str | None  # "cost", "phase" or None when the sentence does not tell
    sentence: str


@lru_cache(maxsize=None)
def _patterns() -> tuple[regex.Pattern, regex.Pattern, dict[str, list[str]]]:
    cfg = rules.load("references")
    stems = rules.alternation(cfg["table"]["stems"])
    joiners = rules.alternation(cfg["table"]["joiners"])
    dash = rules.load("periods")["dash"]["regex"]
    number = r"\d{1,3}[a-z]?"
    reference = regex.compile(
        rf"(?i)(?<!\w)(?:{stems})\w*\s+(?P<first>{number})(?!\w|[.,]\d)"
        rf"(?:(?P<dash>{dash})(?P<last>{number})(?!\w)|(?P<more>(?:\s*,\s*{number}(?!\w))*\s+(?:{joiners})\s+{number}(?!\w)))?")
    caption = rules.compile_pattern(rules.load("tables")["caption"]["regex"], "tables.toml [caption]")
    expects = {kind: [w.lower() for w in words] for kind, words in cfg["expects"].items()}
    return reference, caption, expects


@lru_cache(maxsize=None)
def table_reference_pieces() -> tuple[str, ...]:
    """Lower-cased pieces every table reference holds one of (see
    words.first_letters): a line holding none of them has none (a caller
    scanning many lines may skip it)."""
    return first_letters(rules.load("references")["table"]["stems"])


def find_table_references(text: str) -> list[TableReference]:
    if not holds_any(text, table_reference_pieces()):
        return []
    reference, caption, expects = _patterns()
    if caption.match(text):
        return []
    found = []
    for m in reference.finditer(text):
        numbers = _numbers(m)
        if not numbers:
            continue
        sentence = _clause(text, m.start(), m.end())
        lowered = sentence.lower()
        kinds = [kind for kind, words in expects.items() if any(w in lowered for w in words)]
        found.append(TableReference(tuple(numbers), m.group(0), m.start(), m.end(),
                                    kinds[0] if len(kinds) == 1 else None, sentence))
    return found


def _numbers(m: regex.Match) -> list[str]:
    first = m.group("first")
    if m.group("last"):
        if not (first.isdigit() and m.group("last").isdigit()):
            return [first, m.group("last")]
        low, high = int(first), int(m.group("last"))
        if not 0 < high - low <= MAX_RANGE:
            return []
        return [str(n) for n in range(low, high + 1)]
    if m.group("more"):
        return [first, *TABLE_NUMBER.findall(m.group("more"))]
    return [first]


def _clause(text: str, start: int, end: int) -> str:
    """The part of the sentence the reference stands in: up to the sentence
    ends and the commas around it (a comma often starts the next claim)."""
    left = max(text.rfind(". ", 0, start), text.rfind(", ", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find(", ", end)) if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left + 1 if left != -1 else 0:right]


# --- references to lettered items: "(ks. kohta f)", "kohdan 1b" ---------------


@dataclass(frozen=True)
class ItemReference:
    """A sentence that sends the reader to a lettered item: "(ks. kohta f)",
    "(Työpaketti 3, kohta a)", "kohdan 1b", "kohdissa a ja c".

    ``items`` are normalised ("1 b)" → "1b"); ``scope`` is the unit or
    section the reference names before the item word, as (kind, number);
    ``context_start`` is where the words the reference explains end (the
    opening parenthesis, or the reference itself)."""

    items: tuple[str, ...]
    raw: str
    start: int
    end: int
    scope: tuple[str, str] | None
    context_start: int
    external: bool = False  # an item of another document: "hakuilmoituksen kohdassa 4 b", "(ks. liite 2, kohta c)"


def normalise_item(text: str) -> str:
    """"1 b)", "B", "a1)" → "1b", "b", "a1": how items are compared."""
    return SPACE_OR_PARENTHESIS.sub("", text).lower()


@lru_cache(maxsize=None)
def _item_pattern() -> tuple[regex.Pattern, dict[str, str]]:
    cfg = rules.load("references")["item"]
    headings = rules.load("headings")
    scopes: dict[str, str] = {}
    bodies = []
    for unit in headings["unit"]:
        for stem in unit["stems"]:
            scopes[stem.lower()] = unit["kind"]
            bodies.append(regex.escape(stem.lower()) + r"\w*")
    for word, kind in headings["mentions"]["section_references"].items():
        scopes[word.rstrip("*").lower()] = kind
        bodies.append(regex.escape(word.rstrip("*").lower()) + (r"[\w-]*" if word.endswith("*") else ""))
    single = r"\d{0,2}\s?[a-z]\d?\)?(?![\w-]\w)"
    item = rf"(?:\d{{0,2}}\s?[a-z]\)?\s*{RANGE_DASH}\s*{single}|{single})"  # "a–c" or "a"
    joiners = rules.alternation(rules.load("references")["table"]["joiners"])
    pattern = regex.compile(
        rf"(?i)(?<![\w-])(?:(?P<see>{rules.alternation(cfg['see'])})\s+)?"
        rf"(?:(?P<scope>{'|'.join(sorted(bodies, key=len, reverse=True))})\s*(?P<number>\d+)(?::\w+)?\s*,?\s+)?"
        rf"(?:(?:{rules.alternation(cfg['between'])})\s+)?"
        rf"(?:{rules.alternation(cfg['words'])})\s+"
        rf"(?P<items>{item}(?:\s*(?:,|{joiners})\s*{item})*)(?!\w)")
    return pattern, scopes


def _scope_kind(word: str, scopes: dict[str, str]) -> str | None:
    word = word.lower()
    for stem in sorted(scopes, key=len, reverse=True):
        if word.startswith(stem):
            return scopes[stem]
    return None


RANGE_DASH = r"[–—-]"
ITEM_RANGE = regex.compile(rf"(?i)(?<![\w])(\d{{0,2}})\s?([a-z])\)?\s*{RANGE_DASH}\s*(\d{{0,2}})\s?([a-z])(?![\w])")
MAX_RANGE = 12  # "a–z" is not a list of items


def expand_ranges(text: str) -> str:
    """"a–c" → "a, b, c", "1a–1c" → "1a, 1b, 1c": a range names every item in it."""
    def expand(m: regex.Match) -> str:
        prefix, first, other, last = m.group(1), m.group(2).lower(), m.group(3), m.group(4).lower()
        if (other and other != prefix) or not 0 < ord(last) - ord(first) <= MAX_RANGE:
            return m.group(0)
        return ", ".join(prefix + chr(code) for code in range(ord(first), ord(last) + 1))
    return ITEM_RANGE.sub(expand, text)


@lru_cache(maxsize=None)
def item_reference_pieces() -> tuple[str, ...]:
    """Lower-cased pieces every item reference holds one of: a line holding
    none of them has none (a caller scanning many lines may skip it)."""
    return first_letters(rules.load("references")["item"]["words"])


def find_item_references(text: str) -> list[ItemReference]:
    """Every reference to a lettered item in ``text``, left to right."""
    if not holds_any(text, item_reference_pieces()):
        return []
    pattern, scopes = _item_pattern()
    found = []
    for m in pattern.finditer(text):
        written = ITEM_ID.findall(expand_ranges(m.group("items")))
        if any(w in ROMAN for w in written):
            continue  # "kohdassa I mainittuun osoitteeseen": a Roman numeral, not a lettered item
        items = tuple(normalise_item(i) for i in written)
        scope = (_scope_kind(m.group("scope"), scopes), m.group("number")) if m.group("scope") else None
        opened = text.rfind("(", 0, m.start())
        context_start = opened if opened != -1 and ")" not in text[opened:m.start()] else m.start()
        raw = m.group(0).rstrip()
        if context_start < m.start() and raw.endswith(")"):
            raw = raw[:-1]  # "(ks. kohta a)": the parenthesis closes, not the item
        found.append(ItemReference(items, raw, m.start(), m.start() + len(raw), scope, context_start,
                                   _external(text, m.start())))
    return found


@lru_cache(maxsize=None)
def _external_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    cfg = rules.load("references")["item"]
    return tuple(w.lower() for w in cfg["external"]), tuple(w.lower() for w in cfg.get("external_endings", []))


def _external(text: str, start: int) -> bool:
    """The words just before the reference name another document (an
    appendix, a law, the call for applications) whose items these are."""
    stems, endings = _external_words()
    before = WORD_OR_SECTION_SIGN.findall(text[max(0, start - 60):start].lower())[-3:]
    return any(word.startswith(stems) or word.endswith(endings) for word in before)


@dataclass(frozen=True)
class ChapterReference:
    """A sentence that sends the reader to a numbered chapter of the plan:
    "luvussa 3", "(ks. luku 4.2)", "kohdassa 5.1"."""

    number: str
    raw: str
    start: int
    end: int
    external: bool = False  # "hallintolain luvussa 3": a chapter of another document


@lru_cache(maxsize=None)
def _chapter_pattern() -> regex.Pattern | None:
    cfg = rules.load("references")
    if "chapter" not in cfg:
        return None
    chapter, see = cfg["chapter"], cfg.get("item", {}).get("see", [])
    opener = rf"(?:(?:{rules.alternation(see)})\s+)?" if see else ""
    return regex.compile(
        rf"(?i)(?<![\w-]){opener}(?:(?:{rules.alternation(chapter['chapter_words'])})\s+(?P<number>\d{{1,2}}(?:\.\d{{1,2}})*)"
        rf"|(?:{rules.alternation(chapter['point_words'])})\s+(?P<number>\d{{1,2}}(?:\.\d{{1,2}})+))"
        rf"(?![\d,]|\.\d|\s?[a-zåäö]\d?\)?(?![\w-]))")


@lru_cache(maxsize=None)
def chapter_reference_pieces() -> tuple[str, ...]:
    """Lower-cased pieces every chapter reference holds one of (as item_reference_pieces)."""
    chapter = rules.load("references").get("chapter", {})
    return first_letters(chapter.get("chapter_words", []) + chapter.get("point_words", []))


def find_chapter_references(text: str) -> list[ChapterReference]:
    """Every reference to a numbered chapter in ``text``, left to right."""
    pattern = _chapter_pattern()
    if pattern is None or not holds_any(text, chapter_reference_pieces()):
        return []
    return [ChapterReference(m.group("number"), m.group(0), m.start(), m.end(), _external(text, m.start()))
            for m in pattern.finditer(text)]


def find_references(text: str) -> list:
    """Table, item, chapter, title and dependency references of ``text``, left to right
    (the examples in rules/examples/references.toml run through this)."""
    return sorted([*find_table_references(text), *find_item_references(text), *find_chapter_references(text),
                   *find_title_references(text), *find_dependencies(text)], key=lambda r: r.start)


# --- references to a unit or section by its title: "(ks. kohta Riskienhallinta)" ---


@dataclass(frozen=True)
class TitleReference:
    """A sentence that sends the reader to a part of the plan by its title:
    "(ks. kohta Tiedolla johtamisen välineet, kohta e)", "ks. luku
    "Viestintä"". ``item`` is the lettered item named after the title."""

    title: str
    raw: str
    start: int
    end: int
    item: str | None = None
    external: bool = False


@lru_cache(maxsize=None)
def _title_pattern() -> regex.Pattern | None:
    cfg = rules.load("references")
    if "title" not in cfg:
        return None
    item = cfg["item"]
    words = rules.alternation(item["words"] + cfg.get("chapter", {}).get("chapter_words", []))
    return regex.compile(
        rf"(?<![\w-])(?i:{rules.alternation(item['see'])})\s+(?i:{words})\s+{cfg['title']['regex']}"
        rf"(?:\s*,\s*(?i:{rules.alternation(item['words'])})\s+(?P<item>[a-z]\d?)\)?)?(?=\s*[),;.]|\s*$)")


@lru_cache(maxsize=None)
def title_reference_pieces() -> tuple[str, ...]:
    """Lower-cased pieces every title reference holds one of (as item_reference_pieces)."""
    return item_reference_pieces() + chapter_reference_pieces()


def find_title_references(text: str) -> list[TitleReference]:
    """Every reference by title in ``text``, left to right."""
    pattern = _title_pattern()
    if pattern is None or not holds_any(text, title_reference_pieces()):
        return []
    found = []
    for m in pattern.finditer(text):
        title = m.group("title").strip()
        if not CONTENT_WORD.search(title) or title.split()[0].upper() == title.split()[0] and len(title.split()) == 1:
            continue  # "ks. kohta B", "ks. luku IV": a letter or a numeral, not a title
        raw = m.group(0)
        if raw.endswith(")") and "(" not in raw:
            raw = raw[:-1]  # "(ks. kohta X, kohta e)": the parenthesis closes, not the item
        found.append(TitleReference(title, raw, m.start(), m.start() + len(raw),
                                    normalise_item(m.group("item")) if m.group("item") else None,
                                    _external(text, m.start("title") + 1) or _external(title, len(title))))
    return found


# --- one unit waits for another: "Työpaketti 4:n aloitus on riippuvainen siitä, että työpaketissa 3 …" ---


@dataclass(frozen=True)
class DependencyStatement:
    """A sentence saying the unit ``dependent`` starts only when the unit
    ``prerequisite`` has delivered (rules/references.toml [dependency]).
    ``awaited`` is what the sentence says is awaited, after the awaited unit
    ("olevat työvälineet (TIJO ja asiakaspalautejärjestelmä) on saatu
    käyttöön"); ``deployment`` whether that is a deployment."""

    dependent: tuple[str, str]  # (kind, number)
    prerequisite: tuple[str, str]
    awaited: str
    deployment: bool
    raw: str
    start: int
    end: int


@dataclass(frozen=True)
class _DependencyRules:
    cue: regex.Pattern
    weak: regex.Pattern | None
    postposition: regex.Pattern | None
    start: tuple[str, ...]
    done: tuple[str, ...]
    deployment: tuple[str, ...]
    words: tuple[str, ...]  # what a sentence with a cue holds one of


@lru_cache(maxsize=None)
def _dependency_rules() -> _DependencyRules | None:
    cfg = rules.load("references").get("dependency")
    if not cfg:
        return None

    def either(sources: list[str], name: str) -> regex.Pattern | None:
        if not sources:
            return None
        return rules.compile_pattern(rf"(?i)(?<!\w)(?:{'|'.join(sources)})(?!\w)", f"references.toml [dependency] {name}")

    lowered = lambda key: tuple(w.lower() for w in cfg.get(key, []))  # noqa: E731
    return _DependencyRules(
        either(cfg.get("cues", []), "cues"), either(cfg.get("weak_cues", []), "weak_cues"),
        either([regex.escape(w) for w in cfg.get("postpositions", [])], "postpositions"),
        lowered("start"), lowered("done"), lowered("deployment"),
        first_letters(cfg.get("start", []), 4),
    )


def _holds_stem(text: str, stems: tuple[str, ...]) -> bool:
    """A word of ``text`` starts with one of the stems. A text that does not
    hold a stem anywhere has no word starting with it: most sentences are
    answered by that test, before their words are split."""
    lowered = text.lower()
    present = tuple(stem for stem in stems if stem in lowered)
    return bool(present) and any(w.startswith(present) for w in LETTERS.findall(lowered))


SENTENCE_END = regex.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")


def dependency_pieces() -> tuple[str, ...]:
    """Lower-cased pieces every dependency statement holds one of (its start
    words; none without a [dependency] table), as item_reference_pieces."""
    cfg = _dependency_rules()
    return cfg.words if cfg is not None else ()


def find_dependencies(text: str) -> list[DependencyStatement]:
    """Every sentence of ``text`` saying that one unit starts only after
    another has delivered, left to right. A waiting unit written "tämän
    työpaketin" has the number "": the unit the sentence stands in."""
    cfg = _dependency_rules()
    if cfg is None or not holds_any(text, cfg.words):
        return []
    found = []
    offset = 0
    for sentence in SENTENCE_END.split(text):
        begin = text.find(sentence, offset)
        offset = begin + len(sentence)
        if not _holds_stem(sentence, cfg.start):
            continue
        named = _named_units(sentence)
        if len(named) < 2 and not (named and _this_unit(sentence)):
            continue
        statement = _dependency(sentence, named, cfg)
        if statement:
            dependent, prerequisite, awaited_from, awaited_to = statement
            awaited = sentence[awaited_from:awaited_to].strip().rstrip(".!?,").strip()
            first = min(dependent.start, prerequisite.start)
            found.append(DependencyStatement(
                (dependent.kind, dependent.number), (prerequisite.kind, prerequisite.number), awaited,
                _holds_stem(awaited, cfg.deployment), sentence[first:].strip(),
                begin + first, begin + len(sentence.rstrip())))
    return found


@dataclass(frozen=True)
class _Named:
    """A unit a sentence names: "työpaketin 3", or "tämän työpaketin" (number "")."""

    kind: str
    number: str
    start: int
    end: int


def _named_units(sentence: str) -> list[_Named]:
    from .mentions import find_mentions  # the unit words of rules/headings.toml

    named = [_Named(m.kind, m.number, m.start, m.end) for m in find_mentions(sentence)]
    return sorted(named + _this_unit(sentence), key=lambda n: n.start)


@lru_cache(maxsize=None)
def _this_unit_pattern() -> regex.Pattern | None:
    from .mentions import unit_stems

    words = rules.load("references")["dependency"].get("this", [])
    if not words:
        return None
    this = rules.alternation(words)
    return regex.compile(rf"(?i)(?<!\w)(?:{this})\s+(?P<word>(?:{rules.alternation(unit_stems())})\w*)(?!\s*\d)")


def _this_unit(sentence: str) -> list[_Named]:
    """"tämän työpaketin", "Tässä toimenpiteessä": the unit the sentence stands in."""
    from .mentions import unit_stems

    stems = unit_stems()
    found = []
    pattern = _this_unit_pattern()
    if pattern is None:
        return found
    for m in pattern.finditer(sentence):
        word = m.group("word").lower()
        best = max((k for k in stems if word.startswith(k)), key=len)
        found.append(_Named(stems[best], "", m.start(), m.end()))
    return found


def _dependency(sentence: str, named: list[_Named], cfg: _DependencyRules):
    """(waiting unit, awaited unit, where the awaited thing is named: from, to) or None."""
    for pattern, weak in ((cfg.cue, False), (cfg.weak, True)):
        for cue in (pattern.finditer(sentence) if pattern else ()):
            found = _around(sentence, named, cue.start(), cue.end(), cfg) or _leading(sentence, named, cue, cfg)
            if found and (not weak or _holds_stem(sentence[found[2]:found[3]], cfg.done)):
                return found
    for post in (cfg.postposition.finditer(sentence) if cfg.postposition else ()):
        before = [n for n in named if n.end <= post.start()]
        if len(before) < 2 or not _governed(sentence, before[-1], post.start()):
            continue
        dependent, prerequisite = before[-2], before[-1]
        if _holds_stem(sentence[dependent.end:prerequisite.start], cfg.start):
            return dependent, prerequisite, prerequisite.end, post.end()
    return None


def _governed(sentence: str, unit: _Named, post_start: int) -> bool:
    """The postposition is about this unit: the unit is in the genitive
    ("työpaketin 2", "Työpaketti 2:n") and at most a few words of what it
    delivers stand between ("työpaketin 1 kartoituksen valmistuttua"), no
    clause break or second subject ("työpaketti 3 sen jälkeen")."""
    word = sentence[unit.start:unit.end].split()[0].lower()
    genitive = word.endswith("n") or sentence[unit.start:unit.end].lower().endswith(":n") or unit.number == ""
    gap = sentence[unit.end:post_start]
    words = LETTERS.findall(gap.lower())
    return genitive and not CLAUSE_MARK.search(gap) and len(words) <= 3 and \
        not set(words) & {"ja", "sekä", "tai", "sen", "jonka", "joiden"}


def _around(sentence: str, named: list[_Named], cue_start: int, cue_end: int, cfg: _DependencyRules):
    """The waiting unit before the cue, the awaited one after it."""
    before = [n for n in named if n.end <= cue_start]
    after = [n for n in named if n.start >= cue_end and n.number]
    if not before or not after:
        return None
    dependent, prerequisite = before[-1], after[0]
    if (dependent.kind, dependent.number) == (prerequisite.kind, prerequisite.number):
        return None
    if not _starts_into(sentence[dependent.start:cue_start], cfg.start):
        return None
    return dependent, prerequisite, prerequisite.end, len(sentence)


def _starts_into(text: str, stems: tuple[str, ...]) -> bool:
    """A start word leads into the cue: no "ja", "sekä", "mutta" or comma
    between its last start word and the cue (the comma that opens the
    cue's own clause aside) ("Työpaketti 3 alkaa syksyllä
    ja edellyttää …" dates the start and then says something else)."""
    words = list(WORD_OR_COMMA.finditer(text.lower().rstrip().rstrip(",")))  # "aloitetaan, kun"
    starts = [i for i, w in enumerate(words) if w.group().startswith(stems)] if stems else []
    if not starts:
        return False
    return not any(w.group() in {",", ";", "ja", "sekä", "mutta", "ja/tai"} for w in words[starts[-1] + 1:])


def _leading(sentence: str, named: list[_Named], cue, cfg: _DependencyRules):
    """"Kun työpaketin 1 kartoitus on valmis, aloitetaan työpaketti 2": the
    cue opens the sentence, the awaited unit follows it, and the waiting
    unit stands in the clause after the comma, with a start word there."""
    if sentence[:cue.start()].strip() or any(n.end <= cue.start() for n in named):
        return None
    after = [n for n in named if n.start >= cue.end()]
    if not after or not after[0].number:
        return None
    prerequisite = after[0]
    comma = sentence.find(",", prerequisite.end)
    if comma < 0:
        return None
    later = [n for n in after[1:] if n.start > comma and (n.kind, n.number) != (prerequisite.kind, prerequisite.number)]
    if not later or not _holds_stem(sentence[comma:], cfg.start):
        return None
    return later[0], prerequisite, prerequisite.end, comma
