"""Euro amounts in Finnish text: ``1 182 060 €``, ``29,1 miljoonaa euroa``.

The expression is built from the word lists in ``rules/money.toml``. A number
is money only when a currency word (or a fused scale-currency like ``M€``)
follows it, so counts, percentages, years and page numbers are never euros.
Cells of cost tables, whose currency sits in a header, are parsed with
:func:`parse_number` by the table recogniser instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .. import rules


@dataclass(frozen=True)
class Money:
    value_eur: float
    raw: str
    start: int
    end: int
    approximate: bool
    role: str
    context: str


@lru_cache(maxsize=None)
def _compiled() -> tuple[regex.Pattern, dict, dict, list[tuple[str, list[str]]]]:
    cfg = rules.load("money")
    scale = {k.lower(): v for k, v in cfg["scale"]["words"].items()}
    fused = {k.lower(): v for k, v in cfg["scale"].get("fused", {}).items()}
    approx = rules.alternation(cfg["approximate"]["words"])
    currency = rules.alternation(cfg["currency"]["words"])
    source = (
        rf"(?:(?P<approx>{approx})\s+)?"
        rf"(?P<number>{cfg['number']['regex']})"
        rf"(?:\s?(?P<fused>{rules.alternation(fused)})(?!\w)"
        rf"|(?:\s+(?P<scale>{rules.alternation(scale)}))?\s?(?P<currency>{currency})(?!\w))"
    )
    pattern = rules.compile_pattern(source, "money.toml", regex.IGNORECASE)
    roles = [(r["role"], [c.lower() for c in r["cues"]]) for r in cfg["role"]]
    return pattern, scale, fused, roles


SPACES = regex.compile(r"[\s\u00a0\u2009\u202f]")
DOT_GROUPS = regex.compile(r"\d{1,3}(?:\.\d{3})+")
PLAIN_NUMBER = regex.compile(r"-?\d+(?:\.\d+)?")
LABEL = regex.compile(r"^\s*([^:\t]{2,60}):")
SENTENCE = regex.compile(r"[^.!?]*(?:[.!?](?=\s|$)|$)")
CLAUSE_BREAK = regex.compile(r"[.;]\s|\t")


def parse_number(text: str) -> float | None:
    """``"1 182 060"`` → 1182060.0, ``"12,50"`` → 12.5; None if not a number."""
    cleaned = SPACES.sub("", text.strip()).rstrip("€").strip()
    if DOT_GROUPS.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "")
    cleaned = cleaned.replace(",", ".")
    if not PLAIN_NUMBER.fullmatch(cleaned):
        return None
    return float(cleaned)


def find_money(text: str) -> list[Money]:
    """Every euro amount in one line of text, left to right."""
    pattern, scale, fused, roles = _compiled()
    found = []
    label = LABEL.match(text)
    for m in list(pattern.finditer(text, timeout=rules.REGEX_TIMEOUT)):
        value = parse_number(m.group("number"))
        if value is None:
            continue
        if m.group("fused"):
            value *= fused[m.group("fused").lower()]
        elif m.group("scale"):
            value *= scale[m.group("scale").lower()]
        start = m.start("approx") if m.group("approx") else m.start("number")
        found.append(
            Money(
                value_eur=round(value, 2),
                raw=text[start : m.end()],
                start=start,
                end=m.end(),
                approximate=bool(m.group("approx")),
                role=_role(text, m.start("number"), roles),
                context=context_of(text, m.start("number"), label),
            )
        )
    return found


# How far before an amount its label or role cue may stand.
WINDOW = 300


def _role(text: str, start: int, roles: list[tuple[str, list[str]]]) -> str:
    before = text[max(0, start - WINDOW):start].rstrip()
    if before.endswith("="):
        return "total"
    clause = CLAUSE_BREAK.split(before)[-1].lower()
    # the cue ending nearest the amount wins; of cues ending at the same
    # place the longer one ("kokonaiskustannukset" over "kustannukset")
    best, best_key = "other", (-1, 0)
    for role, cues in roles:
        for cue in cues:
            pos = clause.rfind(cue)
            key = (pos + len(cue), len(cue))
            if pos >= 0 and key > best_key:
                best, best_key = role, key
    return best


def context_of(text: str, start: int, label: regex.Match | None = None) -> str:
    """The label an amount belongs to ("Kustannusarvio") or its sentence."""
    if label and label.end() <= start:
        return label.group(1).strip()
    offset = max(0, start - WINDOW)
    window = text[offset:start + WINDOW]
    for s in SENTENCE.finditer(window):
        if s.start() <= start - offset < max(s.end(), s.start() + 1):
            return s.group(0).strip()[:300]
    return window.strip()[:300]
