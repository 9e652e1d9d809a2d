"""Dates and periods in Finnish text: ``1.8.2020 – 31.12.2021``, ``8-12/ 2020``,
``11/2021→``, ``Q4/2023``, ``keväällä 2023``, ``vv. 2020–2021``.

Patterns are data in ``rules/periods.toml``; this module only expands their
placeholders (``{dash}``, ``{month}``, ``{season}``) and turns the named groups
of a match into ISO start/end strings. A match naming an impossible date
(31.2.2021, month 13) is returned with ``valid=False`` so a check can flag it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
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


@lru_cache(maxsize=None)
def _compiled() -> tuple[list[tuple[str, str, regex.Pattern]], list[str], dict[str, list[int]]]:
    cfg = rules.load("periods")
    stems = cfg["months"]["stems"]
    seasons = cfg["seasons"]
    fills = {
        "{dash}": cfg["dash"]["regex"],
        "{month}": "|".join(sorted(stems, key=len, reverse=True)),
        "{season}": "|".join(sorted(seasons, key=len, reverse=True)),
    }
    patterns = []
    for p in cfg["pattern"]:
        source = p["regex"]
        for key, value in fills.items():
            source = source.replace(key, f"(?:{value})")
        patterns.append((p["id"], p["precision"], rules.compile_pattern(source, f"periods.toml [{p['id']}]")))
    return patterns, stems, seasons


def _year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return 2000 + year if year < 100 else year


def _iso(year: int | None, month: int | None, day: int | None = None, last: bool = False) -> str | None:
    """ISO date at day or month precision; raises ValueError if impossible."""
    if year is None or month is None:
        return None
    if not 1 <= month <= 12:
        raise ValueError(f"month {month}")
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"day {day}.{month}.{year}")
    return f"{year:04d}-{month:02d}-{day:02d}"


def _group(m: regex.Match, name: str) -> str | None:
    """A named group; alternatives in one pattern may name it x, x_ or x__."""
    groups = m.groupdict()
    return groups.get(name) or groups.get(name + "_") or groups.get(name + "__")


def _interpret(m: regex.Match, precision: str, stems: list[str], seasons: dict) -> tuple[str | None, str | None]:
    g = {k: _group(m, k) for k in ("d1", "m1", "y1", "d2", "m2", "y2", "mn1", "mn2", "q", "season", "season2", "open")}
    y1, y2 = _year(g["y1"]), _year(g["y2"])
    if precision == "quarter":
        q = int(g["q"])
        return _iso(y1, 3 * q - 2), _iso(y1, 3 * q)
    if precision == "season":
        first, last = seasons[_season_key(g["season"], seasons)]
        end = _iso(y1 + 1 if last < first else y1, last)
        if g["season2"]:
            first2, last2 = seasons[_season_key(g["season2"], seasons)]
            end = _iso(y2 + 1 if last2 < first2 else y2, last2)
        elif y2:  # "Syksy 2023 – 11/2024", "syksy 2024-2025"
            end = _iso(y2, int(g["m2"]) if g["m2"] else 12)
        return _iso(y1, first), end
    if precision == "year":
        return _iso(y1, 1), None if g["open"] else _iso(y2 or y1, 12)
    m1 = int(g["m1"]) if g["m1"] else _month_of(g["mn1"], stems)
    m2 = int(g["m2"]) if g["m2"] else _month_of(g["mn2"], stems)
    d1 = int(g["d1"]) if g["d1"] else None
    d2 = int(g["d2"]) if g["d2"] else None
    y1 = y1 or y2
    y2 = y2 or y1
    start = _iso(y1, m1, d1)
    if g["open"]:
        return start, None
    if m2 is None:
        m2, d2 = m1, (d1 if d1 is not None else None)
    return start, _iso(y2, m2, d2)


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


def find_periods(text: str) -> list[Period]:
    """Every date or period in one line of text; earlier patterns win overlaps."""
    patterns, stems, seasons = _compiled()
    taken: list[tuple[int, int]] = []
    found = []
    for _id, precision, pattern in patterns:
        for m in list(pattern.finditer(text, timeout=rules.REGEX_TIMEOUT)):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            try:
                start, end = _interpret(m, precision, stems, seasons)
                found.append(Period(m.group(0).strip(), start, end, precision, m.start(), m.end()))
            except ValueError:
                found.append(Period(m.group(0).strip(), None, None, precision, m.start(), m.end(), valid=False))
    return sorted(found, key=lambda p: p.char_start)


def parse_period(label: str) -> Period | None:
    """The period a whole label names (a phase-table column), or None."""
    periods = [p for p in find_periods(label) if p.valid]
    if not periods:
        return None
    first, last = periods[0], periods[-1]
    if len(periods) == 1:
        return first
    return Period(label.strip(), first.start, last.end, first.precision, first.char_start, last.char_end)
