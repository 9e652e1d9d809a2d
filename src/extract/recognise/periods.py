"""Dates and periods in Finnish text: ``1.8.2020 – 31.12.2021``, ``8-12/ 2020``,
``11/2021→``, ``Q4/2023``, ``keväällä 2023``, ``vv. 2020–2021``,
``14. helmikuuta 2024``, ``vuoden 2022 loppuun mennessä``.

Patterns are data in ``rules/periods.toml``; this module only expands their
placeholders (``{dash}``, ``{month}``, ``{season}`` and the rule file's own
fragments such as ``{year}`` and ``{tail}``) and turns the named groups of a
match into ISO start/end strings. Two kinds of wrong number are told apart:
a number that cannot be a date at all (month 13, "13/2025" in a page header)
is dropped, while a day its month does not have (31.2.2021) is returned with
``valid=False`` so a check can flag the typo.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import regex

from .. import rules


@dataclass(frozen=True)
class Period:
    raw: str
    start: str | None
    end: str | None
    precision: str
    char_start: int
    char_end: int
    valid: bool = True


@dataclass(frozen=True)
class _Rule:
    id: str
    precision: str
    pattern: regex.Pattern
    reject: bool
    prose_only: bool
    # `needs`: a line it finds nothing in cannot hold a match (None: no such piece)
    needs: regex.Pattern | None = None
    # `needs` written as plain words ("(?i)q|kvartaali"): the words, searched with `in`
    needs_words: tuple[str, ...] | None = None
    # whether those words are written with "(?i)": searched in the lowercased line
    needs_any_case: bool = False


# ordinal stems of the quarter and half-year patterns ("toisella neljänneksellä")
ORDINALS = {"ensimmäi": 1, "toi": 2, "jälkimmäi": 2, "kolma": 3, "neljä": 4}


class NotADate(ValueError):
    """The number cannot name a date (month 13, day 40): not a period at all."""


# A `needs` that is plain words joined by "|", case-insensitive or not, bare
# or in one group ("(?i)(?:kevä|kesä)", as "{season}" expands): letters,
# digits and escaped dots ("v\."). The regex module tries every alternative at
# every position of the line; Python's `in` finds a fixed word far faster.
PLAIN_WORD = r"(?:[^\W_]|\\\.)+"
PLAIN_WORDS = regex.compile(rf"(?P<flags>\(\?i\))?(?:(?P<words>{PLAIN_WORD}(?:\|{PLAIN_WORD})*)"
                            rf"|\(\?:(?P<grouped>{PLAIN_WORD}(?:\|{PLAIN_WORD})*)\))")

# Letters whose lowercase is not the letter the regex module's "(?i)" takes
# them for ("İ".lower() is "i" and a combining dot; "ſ" is "s" to "(?i)").
# A line holding one is searched with the expression itself: "(?i)" words
# are otherwise looked for in the lowercased line, which gives the same
# answer (tests/test_fast_paths.py checks every letter Unicode has).
LOWER_UNLIKE_IGNORECASE = ("\u0130", "\u017f")

GROUPS = ("d1", "m1", "y1", "d2", "m2", "y2", "mn1", "mn2", "q", "q2", "h", "qword", "hword", "early", "late",
          "season", "season2", "open", "from", "until", "to", "after", "pair")


@dataclass(frozen=True)
class _RuleSet:
    rules: list[_Rule]
    stems: list[str]
    seasons: dict[str, list[int]]
    # [line_filter]: a line it finds nothing in holds no period (None: no filter)
    line_filter: regex.Pattern | None
    # Worked out from `rules` (again by `dataclasses.replace`): the rules a
    # line of prose and a table's label are tried against, in order, each with
    # the number of its `needs` piece (-1: none), so that rules needing the
    # same piece share one search per line.
    prose_plan: tuple[tuple[_Rule, int], ...] = field(init=False, repr=False, compare=False)
    label_plan: tuple[tuple[_Rule, int], ...] = field(init=False, repr=False, compare=False)
    pieces: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        number: dict[int, int] = {}
        plan = tuple((rule, -1 if rule.needs is None else number.setdefault(id(rule.needs), len(number)))
                     for rule in self.rules)
        object.__setattr__(self, "prose_plan", plan)
        object.__setattr__(self, "label_plan", tuple(step for step in plan if not step[0].prose_only))
        object.__setattr__(self, "pieces", len(number))


@lru_cache(maxsize=None)
def _compiled() -> _RuleSet:
    cfg = rules.load("periods")
    stems = cfg["months"]["stems"]
    seasons = cfg["seasons"]
    fills = {
        "{dash}": f"(?:{cfg['dash']['regex']})",
        "{month}": f"(?:{'|'.join(sorted(stems, key=len, reverse=True))})",
        "{season}": f"(?:{'|'.join(sorted(seasons, key=len, reverse=True))})",
    }
    compiled = []
    pieces: dict[str, regex.Pattern] = {}
    for p in cfg["pattern"]:
        source = _expand(p["regex"], fills)
        if p.get("fragment"):
            fills["{" + p["id"] + "}"] = f"(?:{source})"
            continue
        where = f"periods.toml [{p['id']}]"
        pattern = rules.compile_pattern(source, where)
        needs = None
        if p.get("needs"):
            needs_source = _expand(p["needs"], fills)
            needs = pieces.get(needs_source) or rules.compile_pattern(needs_source, f"{where} needs")
            pieces[needs_source] = needs  # rules needing the same piece share one search per line
        words = _plain_words(needs)
        compiled.append(_Rule(p["id"], p.get("precision", ""), pattern, bool(p.get("reject")),
                              bool(p.get("prose_only")), needs, words and words[1], bool(words and words[0])))
    line_filter = cfg.get("line_filter")
    gate = rules.compile_pattern(line_filter["regex"], "periods.toml [line_filter]") if line_filter else None
    return _RuleSet(compiled, stems, seasons, gate)


def _plain_words(needs: regex.Pattern | None) -> tuple[bool, tuple[str, ...]] | None:
    """Whether a `needs` written as plain words is case-insensitive, and its
    words (lowercased if so; None for any other expression). A word holding
    another word is left out: a line holding it holds the other ("alkukevä",
    "kevä"). The line holds one of the words exactly when the whole
    expression finds something."""
    plain = PLAIN_WORDS.fullmatch(needs.pattern) if needs is not None else None
    if plain is None:
        return None
    any_case = bool(plain.group("flags"))
    words = {w.replace("\\.", ".") for w in (plain.group("words") or plain.group("grouped")).split("|")}
    words = {w.lower() for w in words} if any_case else words
    fewest = tuple(sorted(w for w in words if not any(v != w and v in w for v in words)))
    return any_case, fewest


def _lowered(text: str) -> str | None:
    """The line in lowercase, where "(?i)" words can be looked for with `in`
    (None where a letter of it lowercases unlike "(?i)" takes it)."""
    for letter in LOWER_UNLIKE_IGNORECASE:
        if letter in text:
            return None
    return text.lower()


def _holds_needed(rule: _Rule, text: str, lowered: str | None = None) -> bool:
    """Whether the line holds what the rule needs. ``lowered``: the line as
    ``_lowered`` gives it (worked out here when not given)."""
    if rule.needs_words is None:
        return rule.needs.search(text) is not None
    if rule.needs_any_case:
        if lowered is None:
            lowered = _lowered(text)
            if lowered is None:
                return rule.needs.search(text) is not None
        text = lowered
    for word in rule.needs_words:
        if word in text:
            return True
    return False


def _expand(source: str, fills: dict[str, str]) -> str:
    for key, value in fills.items():
        source = source.replace(key, value)
    return source


def _year(text: str | None, other: int | None = None) -> int | None:
    """A four-digit year; a two-digit one in the century of the other end
    ("2025–26"), else in the 2000s."""
    if not text:
        return None
    year = int(text)
    if year >= 100:
        return year
    century = (other // 100) * 100 if other else 2000
    return century + year


def _iso(year: int | None, month: int | None, day: int | None = None) -> str | None:
    """ISO date at day or month precision.

    Raises NotADate when the numbers cannot be a date and ValueError when the
    date does not exist (31.2.2021)."""
    if year is None or month is None:
        return None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        raise NotADate(f"{day}.{month}.{year}")
    if day is None:
        return f"{year:04d}-{month:02d}"
    if day > calendar.monthrange(year, month)[1]:
        raise ValueError(f"day {day}.{month}.{year}")
    return f"{year:04d}-{month:02d}-{day:02d}"


def _next(iso: str) -> str:
    """The day or month after an ISO day or month: where "… jälkeen" starts."""
    if len(iso) == 10:
        return (date.fromisoformat(iso) + timedelta(days=1)).isoformat()
    year, month = int(iso[:4]), int(iso[5:7])
    return f"{year + month // 12:04d}-{month % 12 + 1:02d}"


def _groups(m: regex.Match) -> dict[str, str | None]:
    found = m.groupdict()
    return {k: found.get(k) for k in GROUPS}


def _shape(g: dict, precision: str, stems: list[str], seasons: dict) -> tuple[str | None, str | None]:
    """Start and end of what the text names, before its meaning words."""
    y1 = _year(g["y1"])
    y2 = _year(g["y2"], y1)
    y1 = y1 if y1 is not None else y2
    if precision == "quarter":
        if g["qword"]:
            g["q"] = str(ORDINALS[g["qword"].lower()])
        if g["hword"]:
            g["h"] = str(ORDINALS[g["hword"].lower()])
        if g["h"]:
            h = int(g["h"])
            return _iso(y1, 6 * h - 5), _iso(y1, 6 * h)
        q1, q2 = int(g["q"]), int(g["q2"] or g["q"])
        return _iso(y1, 3 * q1 - 2), _iso(y2 or y1, 3 * q2)
    if precision == "season":
        return _season(g, y1, y2, seasons)
    if precision == "year":
        return _iso(y1, 1), _iso(y2 or y1, 12)
    m1 = int(g["m1"]) if g["m1"] else _month_of(g["mn1"], stems)
    m2 = int(g["m2"]) if g["m2"] else _month_of(g["mn2"], stems)
    d1 = int(g["d1"]) if g["d1"] else None
    d2 = int(g["d2"]) if g["d2"] else None
    m1 = m1 or m2  # "1.–30.9.2024": the start names only its day
    y2 = y2 or y1
    if m2 is None:
        m2, d2 = m1, d1
    if not g["y1"] and y1 is not None and (m1, d1 or 0) > (m2, d2 or 0):
        y1 -= 1  # "23.12.–6.1.2025": the start is in the year before
    return _iso(y1, m1, d1), _iso(y2, m2, d2)


# the seasons a year's start and end stand for ("vuoden 2024 lopulla")
YEAR_PARTS = {"early": "alkuvuo", "late": "loppuvuo"}


def _season(g: dict, y1: int, y2: int | None, seasons: dict) -> tuple[str | None, str | None]:
    part = next((YEAR_PARTS[k] for k in YEAR_PARTS if g[k]), None)
    first, last = seasons[part] if part else seasons[_season_key(g["season"], seasons)]
    end = _iso(y1 + 1 if last < first else y1, last)
    if g["season2"]:
        first2, last2 = seasons[_season_key(g["season2"], seasons)]
        year2 = y2 or y1
        end = _iso(year2 + 1 if last2 < first2 else year2, last2)
    elif y2 and last < first and y2 == y1 + 1 and not g["m2"]:
        pass  # "talvi 2025–2026" is the one winter that spans the turn of the year
    elif y2:  # "Syksy 2023 – 11/2024", "syksy 2024-2025"
        end = _iso(y2, int(g["m2"]) if g["m2"] else 12)
    return _iso(y1, first), end


def _meaning(g: dict, start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """Open ends: "alkaen"/"vuodesta" (no end), "mennessä"/"vuoteen" (no
    start), "jälkeen" (from the next day, month or year on)."""
    if g["after"]:
        return _next(end), None
    if g["until"] or g["to"]:
        return None, end
    if g["open"] or g["from"]:
        return start, None
    return start, end


def _interpret(m: regex.Match, precision: str, stems: list[str], seasons: dict) -> list[tuple[str, str | None, str | None, int, int]]:
    """(raw, start, end, char_start, char_end) of each period a match names."""
    g = _groups(m)
    if g["pair"] and int(g["y2"]) != int(g["y1"]) + 1:
        # "vuosina 2024 ja 2026": two years, not the years between them
        return [
            (m.group("y1"), _iso(int(g["y1"]), 1), _iso(int(g["y1"]), 12), m.start("y1"), m.end("y1")),
            (m.group("y2"), _iso(int(g["y2"]), 1), _iso(int(g["y2"]), 12), m.start("y2"), m.end("y2")),
        ]
    start, end = _shape(g, precision, stems, seasons)
    if precision == "year" and g["y2"] and len(g["y2"]) == 2 and int(end[:4]) - int(start[:4]) > 10:
        raise NotADate(m.group(0))  # "2023-88": a reference number, not "2023–2088"
    if start and end and end < start:
        raise NotADate(m.group(0))  # "2025–2024", "12-3/2024": not a period
    start, end = _meaning(g, start, end)
    return [(m.group(0).strip(), start, end, m.start(), m.end())]


def _month_of(name: str | None, stems: list[str]) -> int | None:
    if not name:
        return None
    lowered = name.lower()
    for number, stem in enumerate(stems, start=1):
        if lowered.startswith(stem):
            return number
    return None


def _season_key(word: str, seasons: dict) -> str:
    lowered = word.lower()
    return max((k for k in seasons if lowered.startswith(k)), key=len)


def find_periods(text: str, label: bool = False) -> list[Period]:
    """Every date or period in one line of text; earlier patterns win overlaps.

    ``label``: the text is a table's column label, not a line of prose."""
    ruleset = _compiled()
    if ruleset.line_filter is not None and not ruleset.line_filter.search(text):
        return []
    taken: list[tuple[int, int]] = []
    found = []
    has: list[bool | None] = [None] * ruleset.pieces  # whether the text holds each `needs` piece
    lowered = _lowered(text)
    for rule, piece in ruleset.label_plan if label else ruleset.prose_plan:
        if piece >= 0:
            holds = has[piece]
            if holds is None:
                holds = has[piece] = _holds_needed(rule, text, lowered)
            if not holds:
                continue
        for m in rule.pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            if rule.reject:
                continue
            try:
                for raw, start, end, s, e in _interpret(m, rule.precision, ruleset.stems, ruleset.seasons):
                    found.append(Period(raw, start, end, rule.precision, s, e))
            except NotADate:
                continue
            except ValueError:
                found.append(Period(m.group(0).strip(), None, None, rule.precision, m.start(), m.end(), valid=False))
    return sorted(found, key=lambda p: p.char_start)


@lru_cache(maxsize=4096)
def parse_period(label: str) -> Period | None:
    """The period a whole label names (a phase-table column), or None.
    Remembered: plans head their phase tables' columns with the same few
    labels ("1-3/2021", "Q1 2024"), table after table."""
    periods = [p for p in find_periods(label, label=True) if p.valid]
    if not periods:
        return None
    first, last = periods[0], periods[-1]
    if len(periods) == 1:
        return first
    return Period(label.strip(), first.start, last.end, first.precision, first.char_start, last.char_end)
