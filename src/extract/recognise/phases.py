"""Schedules written as a list of dated phases: "05-06/2022: Valmisteluvaihe",
"06–12/2022: Aktiivisen työskentelyn vaihe", "12/2022: Hankkeen päättäminen".

Plans without a phase table often give their schedule this way, one phase a
line (a heading or a bullet). A line is a phase when it starts with a period
and holds nothing but the phase's name after it; a sentence that merely
starts with a date is not. A phase whose name ends the project ("Hankkeen
päättäminen", "Loppuraportointi") marks the end of the plan's own period.
Forms and cue words are in ``rules/periods.toml [phases]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .. import rules
from .periods import Period, find_periods


@dataclass(frozen=True)
class DatedPhase:
    name: str
    period_raw: str
    start: str | None
    end: str | None
    closing: bool  # the phase ends the project ("Hankkeen päättäminen")
    raw: str  # the line as written


@lru_cache(maxsize=None)
def _config() -> tuple[regex.Pattern, regex.Pattern, tuple[str, ...]] | None:
    cfg = rules.load("periods").get("phases")
    if not cfg:
        return None
    lead = rules.compile_pattern(cfg["lead_regex"], "periods.toml [phases] lead_regex")
    after = rules.compile_pattern(cfg["after_regex"], "periods.toml [phases] after_regex")
    return lead, after, tuple(w.lower() for w in cfg["closing"])


def find_dated_phase(text: str, line_periods: list[Period] | None = None) -> list[DatedPhase]:
    """The phase a line names, as a list of one (empty when the line is none).

    ``line_periods``: ``find_periods(text)`` when the caller has read them
    already; they are the periods after the lead when the line has no lead."""
    config = _config()
    if config is None or len(text) > 160:
        return []
    lead, after, closing = config
    start = lead.match(text).end()
    found = line_periods if line_periods is not None and start == 0 else find_periods(text[start:])
    periods = [p for p in found if p.valid and (p.start or p.end)]
    if not periods or periods[0].char_start != 0:
        return []
    period = periods[0]
    named = after.match(text[start + period.char_end:])
    if not named or any(find_periods(named.group("name"))):
        return []
    name = named.group("name").strip()
    lowered = name.lower()
    return [DatedPhase(name, period.raw, period.start, period.end, any(c in lowered for c in closing), text.strip())]
