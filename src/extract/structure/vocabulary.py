"""The outline's vocabulary: section kinds, field labels and limits read
from rules/headings.toml, and how titles and heading numbers compare."""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache

import regex

from .. import rules
from ..model import Line
from ..recognise.headings import Heading



PART_KIND = "osa"  # a lettered part "a)" of a section
HEADING_KIND = "otsikko"  # a numbered heading without a section word
TYPOGRAPHIC_KIND = "väliotsikko"  # a heading known only by its typography (style, font, Markdown #)
UNLABELLED_KIND = "kohta"  # a unit described with fields but no unit keyword
TITLE_SIMILARITY = 0.75

Entries = list[tuple[Line, Heading | None]]


# --- vocabulary ------------------------------------------------------------


@lru_cache(maxsize=None)
def field_labels() -> tuple[regex.Pattern, regex.Pattern, dict[str, str]]:
    """Patterns of a field label line ("Kustannusarvio (€): 45 000") and of a
    label alone on its line, and the field each label fills."""
    fields = {label.lower(): name for label, name in rules.load("headings")["fields"].items()}
    labels = "|".join(regex.escape(label).replace("\\ ", r"\s+") for label in sorted(fields, key=len, reverse=True))
    unit = r"(?:\s*\([^)]{1,12}\))?"
    bullet = r"(?:[-–•·*]\s+)?"
    with_value = regex.compile(rf"^\s*{bullet}(?P<label>{labels}){unit}\s*:\s*(?P<value>.*)$", regex.IGNORECASE)
    alone = regex.compile(rf"^\s*{bullet}(?P<label>{labels}){unit}\s*:?\s*$", regex.IGNORECASE)
    return with_value, alone, fields


@lru_cache(maxsize=None)
def section_ranks() -> dict[str, int]:
    kinds = [entry["kind"] for entry in rules.load("headings")["section"]]
    ranks = {kind: rank for rank, kind in enumerate(kinds)}
    ranks[PART_KIND] = len(kinds)
    return ranks


@lru_cache(maxsize=None)
def heading_limits() -> dict:
    return rules.load("headings")["limits"]


@lru_cache(maxsize=None)
def cost_list_pattern() -> regex.Pattern:
    return rules.compile_pattern(heading_limits()["cost_list_regex"], "headings.toml [limits] cost_list_regex")


SPACES = regex.compile(r"\s+")
TRAILING_JOINER = regex.compile(r"[\s,.;:–-]+(ja|sekä)?$")


def normalise_title(title: str) -> str:
    t = SPACES.sub(" ", title.lower().strip())
    t = TRAILING_JOINER.sub("", t)
    return t.strip(" ,.;:–-")


COVER_MAX_LINES = 200  # the title stands on the first page or two


def title_position(title: str | None, lines: list[Line]) -> tuple[int, int] | None:
    """(page, line) of the first line that states the plan's title, alone or
    after a label ("Hankkeen nimi: Title"); None when no line does (a title
    quoted in running text starts no cover)."""
    wanted = normalise_title(title or "")
    if not wanted:
        return None
    for line in lines[:COVER_MAX_LINES]:
        text = normalise_title(line.text)
        if text and (text == wanted or text.endswith(wanted) or wanted.startswith(text) and len(text) > len(wanted) / 2):
            return line.page, line.number
    return None


def ratio_at_least(a: str, b: str, threshold: float) -> bool:
    """difflib's ``ratio()`` of the two titles is at least ``threshold``.
    Its cheap upper bounds (lengths, then letters shared) answer most pairs of
    titles first, so the full comparison runs for few of them."""
    length = len(a) + len(b)
    if not length:
        return threshold <= 1.0  # difflib: two empty strings are identical
    if 2.0 * min(len(a), len(b)) / length < threshold:  # real_quick_ratio, without building a matcher
        return False
    if 2.0 * sum((Counter(a) & Counter(b)).values()) / length < threshold:  # quick_ratio
        return False
    return SequenceMatcher(None, a, b).ratio() >= threshold


def similar_titles(a: str, b: str) -> bool:
    return similar_normalised(normalise_title(a), normalise_title(b))


def similar_normalised(a: str, b: str) -> bool:
    """``similar_titles`` of two titles already normalised (a caller comparing
    one title with many normalises it once)."""
    if not a or not b:
        return False
    if a == b:
        return True
    if a.startswith(b) or b.startswith(a):
        # "Hankehallinto" and "Hankehallinto ja viestintä" are two units in two
        # sections but one unit spelled twice in one: the caller decides
        return True
    return ratio_at_least(a, b, TITLE_SIMILARITY)


def number_parts(number: str) -> tuple[int, ...] | None:
    parts = number.strip(".").split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else None
