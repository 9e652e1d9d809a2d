"""Euro amounts in Finnish text: ``1 182 060 €``, ``29,1 miljoonaa euroa``,
``-5 000 €``, ``€ 150 000``, ``3 000–5 000 euroa``, ``puoli miljoonaa euroa``.

The expression is built from the word lists in ``rules/money.toml``. A number
is money only when a currency word (or a fused scale-currency like ``M€``)
stands next to it, so counts, percentages, years and page numbers are never
euros. A sign is kept wherever it is written against the number; a
parenthesised amount is an aside, not a negative. A unit caption such as
``(1 000 euroa)`` names the unit of a table and is not an amount. Cells of
cost tables, whose currency sits in a header, are parsed with
:func:`parse_number` by the table recogniser instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .. import rules
from .words import prefix_alternation


@dataclass(frozen=True)
class Money:
    value_eur: float
    raw: str
    start: int
    end: int
    approximate: bool
    role: str
    context: str
    # the other end of a range "3 000–5 000 euroa" (value_eur is the first)
    range_end_eur: float | None = None
    # what a word before the amount says of it: about, at_most, at_least,
    # over, under, nearly, just_over (rules/money.toml [approximate] bounds)
    bound: str | None = None


@dataclass(frozen=True)
class _Grammar:
    after: regex.Pattern  # number then currency: "1 000 €"
    before: regex.Pattern  # currency then number: "€ 1 000"
    weak: regex.Pattern  # number then a rare currency letter: "150 000 e"
    # words a match of `after` / `before` holds (plain substrings, found fast)
    after_hint: tuple[tuple[str, ...], tuple[str, ...]]
    before_hint: tuple[tuple[str, ...], tuple[str, ...]]
    # a piece each of the three must contain: a line without it is not searched
    # (`after`: a currency word, or a fused scale-currency: None if none is listed)
    after_gate: regex.Pattern
    fused_gate: regex.Pattern | None
    before_gate: regex.Pattern
    weak_gate: regex.Pattern
    caption_before: regex.Pattern
    caption_after: regex.Pattern
    scale: dict[str, float]
    fused: dict[str, float]
    words: dict[str, float]
    bounds: dict[str, str]
    caption_values: frozenset[float]
    roles: list[tuple[str, list[str]]]


def _fold(word: str) -> str:
    return " ".join(word.lower().split())


@lru_cache(maxsize=None)
def _grammar() -> _Grammar:
    cfg = rules.load("money")
    number_cfg = cfg["number"]
    scale = {_fold(k): float(v) for k, v in cfg["scale"]["words"].items()}
    fused = {k: float(v) for k, v in cfg["scale"].get("fused", {}).items()}
    words = {_fold(k): float(v) for k, v in number_cfg.get("words", {}).items()}
    alone = cfg["scale"].get("alone", [])
    approx = rules.alternation(cfg["approximate"]["words"])
    currency = rules.alternation(cfg["currency"]["words"])
    sign = number_cfg.get("sign", "(?!)")
    digits = number_cfg["regex"]
    scales = rules.alternation(scale)
    # a number: digits with an optional sign, a range of them, or a number
    # word before a scale word ("puoli miljoonaa")
    amount = (
        rf"(?:(?P<sign>{sign}))?(?P<number>{digits})"
        rf"(?:{number_cfg.get('range', '(?!)')}(?:(?P<sign2>{sign}))?(?P<number2>{digits}))?"
    )
    worded = rf"(?P<word>{rules.alternation(words)})(?=\s+(?:{scales})(?!\w))" if words else "(?!)"
    counting = rules.alternation([*words, *number_cfg.get("not_alone_after", [])])
    lone = (
        rf"(?<!\d[\s\u00a0]?)(?<!(?<!\w)(?:{counting})\s)(?P<alone>{rules.alternation(alone)})(?=\s?(?:{currency})(?!\w))"
        if alone else "(?!)"
    )
    bound = rf"(?:(?<!\w)(?P<approx>{approx})\s+)?"
    fused_alt = "|".join(f"(?-i:{regex.escape(k)})" for k in sorted(fused, key=len, reverse=True))
    after = (
        rf"{bound}(?:{amount}|{worded}|{lone})"
        rf"(?:\s?(?P<fused>{fused_alt})(?!\w)"
        rf"|(?:\s+(?P<scale>{scales}))?\s?(?P<currency>{currency})(?!\w))"
    )
    before_words = rules.alternation(cfg["currency"].get("before", []))
    context = cfg["currency"].get("before_context", "")
    before = (
        rf"{bound}(?<={context})(?<![\w€])(?P<currency>{before_words})[^\S\t]?{amount}"
        rf"(?:\s+(?P<scale>{scales})(?!\w))?(?!\s?(?:{currency}|%)(?!\w))"
    ) if before_words else "(?!)"
    weak_words = cfg["currency"].get("weak", [])
    weak = (
        rf"{bound}(?<![\d.,])(?P<number>\d{{1,3}}(?:[ \u00a0\u2009\u202f]\d{{3}})+|\d{{1,3}}(?:\.\d{{3}})+|\d{{3,}})"
        rf"(?:,\d{{1,2}})?\s?(?P<currency>(?-i:{rules.alternation(weak_words)}))(?![\w)\-])"
    ) if weak_words else "(?!)"
    roles = [(r["role"], [c.lower() for c in r["cues"]]) for r in cfg["role"]]
    flags = regex.IGNORECASE
    # Each gate is the piece its expression ends in or cannot do without,
    # compiled with the same flags, so a line it does not find is a line the
    # expression cannot match: `after` ends in a currency word or a fused
    # scale-currency standing alone, `before` holds a currency written before
    # a digit, `weak` a digit right before its currency letter. Most lines of
    # a plan name no euros; they cost a quick search or three instead of
    # three slow ones ("Euroopan" does not open the gate of "euro"). The
    # hints go first: a substring test is cheaper still than a gate. The
    # gate of `after` is two: currency words in any case, then fused
    # scale-currencies as written, each as a prefix alternation.
    after_gate = rf"{prefix_alternation(cfg['currency']['words'])}(?!\w)"
    fused_gate = rf"{prefix_alternation(fused)}(?!\w)" if fused else None
    before_gate = rf"(?:{before_words})[^\S\t]?(?:{sign})?\d" if before_words else "(?!)"
    weak_gate = rf"\d\s?(?-i:{rules.alternation(weak_words)})(?![\w)\-])" if weak_words else "(?!)"
    return _Grammar(
        after_hint=_fewest(cfg["currency"]["words"], list(fused)),
        before_hint=_fewest(cfg["currency"].get("before", []), []),
        after=rules.compile_pattern(after, "money.toml", flags),
        before=rules.compile_pattern(before, "money.toml [currency] before", flags),
        weak=rules.compile_pattern(weak, "money.toml [currency] weak", flags),
        after_gate=rules.compile_pattern(after_gate, "money.toml [currency] words", flags),
        fused_gate=rules.compile_pattern(fused_gate, "money.toml [scale] fused") if fused_gate else None,
        before_gate=rules.compile_pattern(before_gate, "money.toml [currency] before", flags),
        weak_gate=rules.compile_pattern(weak_gate, "money.toml [currency] weak", flags),
        caption_before=rules.compile_pattern(cfg["scale"].get("caption_before", "(?!)"), "money.toml [scale] caption_before"),
        caption_after=rules.compile_pattern(cfg["scale"].get("caption_after", "(?!)"), "money.toml [scale] caption_after"),
        scale=scale,
        fused={k.lower(): v for k, v in fused.items()} | fused,
        words=words,
        bounds={_fold(k): v for k, v in cfg["approximate"].get("bounds", {}).items()},
        caption_values=frozenset(float(v) for v in cfg["scale"].get("caption_values", [])),
        roles=roles,
    )


def _fewest(any_case: list[str], as_written: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words a line must hold one of, fewest first: a word that holds
    another whole ("euroa" holds "eur", "M€" holds "€") is found wherever it
    stands by the other, so it is left out, unless the other is matched as
    written and the word in any case. Returns (any case, lowered; as written)."""
    kept: list[tuple[str, bool]] = []  # (word, matched in any case)
    for word, in_any_case in sorted([(w.lower(), True) for w in any_case] + [(w, False) for w in as_written],
                                    key=lambda pair: len(pair[0])):
        if not any(other in word and (other_any or not in_any_case) for other, other_any in kept):
            kept.append((word, in_any_case))
    return tuple(w for w, a in kept if a), tuple(w for w, a in kept if not a)


def _holds(text: str, lowered: str, hint: tuple[tuple[str, ...], tuple[str, ...]]) -> bool:
    any_case, as_written = hint
    for word in any_case:  # loops, not any(): called for every line of a document
        if word in lowered:
            return True
    for word in as_written:
        if word in text:
            return True
    return False


SPACES = regex.compile(r"[\s\u00a0\u2009\u202f]")
DOT_GROUPS = regex.compile(r"-?\d{1,3}(?:\.\d{3})+")
PLAIN_NUMBER = regex.compile(r"-?\d+(?:\.\d+)?")
MINUS = regex.compile(r"^[-−‐‑–]")
BROKEN_BEFORE = regex.compile(r"\d[.,]?\d*\s$")
LABEL = regex.compile(r"^\s*([^:\t]{2,60}):")
SENTENCE = regex.compile(r"[^.!?]*(?:[.!?](?=\s|$)|$)")
CLAUSE_BREAK = regex.compile(r"[.;]\s|\t")


def parse_number(text: str) -> float | None:
    """``"1 182 060"`` → 1182060.0, ``"12,50"`` → 12.5, ``"- 5 000"`` →
    -5000.0, ``"12.345,67"`` → 12345.67, ``"150 000,-"`` → 150000.0;
    None if not a number."""
    cleaned = SPACES.sub("", text.strip()).rstrip("€").strip()
    cleaned = MINUS.sub("-", cleaned)
    if cleaned.endswith(",-"):
        cleaned = cleaned[:-2]
    whole, comma, decimals = cleaned.partition(",")
    if DOT_GROUPS.fullmatch(whole):
        whole = whole.replace(".", "")
    cleaned = whole + ("." + decimals if comma else "")
    if not PLAIN_NUMBER.fullmatch(cleaned):
        return None
    return float(cleaned)


def find_money(text: str) -> list[Money]:
    """Every euro amount in one line of text, left to right."""
    grammar = _grammar()
    searched = _worth_searching(text, grammar)
    if not searched:
        return []
    label = LABEL.match(text)
    found: list[Money] = []
    taken: list[tuple[int, int]] = []
    for pattern in searched:
        for m in list(pattern.finditer(text)):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            money = _money(m, text, label, grammar)
            if money is not None:
                found.append(money)
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda money: money.start)


def _worth_searching(text: str, grammar: _Grammar) -> list[regex.Pattern]:
    """The expressions that can match the line, in the order they are tried:
    each whose hint (a substring test) and gate let the line through."""
    lowered = text.lower()
    searched = []
    if _holds(text, lowered, grammar.after_hint) and (
            grammar.after_gate.search(text) or grammar.fused_gate is not None and grammar.fused_gate.search(text)):
        searched.append(grammar.after)
    if _holds(text, lowered, grammar.before_hint) and grammar.before_gate.search(text):
        searched.append(grammar.before)
    if grammar.weak_gate.search(text):
        searched.append(grammar.weak)
    return searched


def _value(m: regex.Match, number: str, sign: str, grammar: _Grammar) -> float | None:
    """The euros one end of a match names, scaled, with its sign."""
    value = parse_number(number)
    if value is None:
        return None
    decimals = number.partition(",")[2]
    scaled = bool(m.groupdict().get("scale") or m.groupdict().get("fused"))
    if len(decimals) > 2 and decimals != "-" and not scaled:
        return None  # "12,345 €": three decimals only make sense before a scale word
    if sign:
        value = -abs(value)
    return value * _factor(m, grammar)


def _factor(m: regex.Match, grammar: _Grammar) -> float:
    fused = m.groupdict().get("fused")
    if fused:
        return grammar.fused.get(fused, grammar.fused.get(fused.lower(), 1.0))
    scale = m.groupdict().get("scale")
    if scale:
        return grammar.scale[_fold(scale)]
    return 1.0


def _money(m: regex.Match, text: str, label: regex.Match | None, grammar: _Grammar) -> Money | None:
    groups = m.groupdict()
    if groups.get("word"):
        value = grammar.words[_fold(groups["word"])] * _factor(m, grammar)
        anchor = m.start("word")
    elif groups.get("alone"):
        value = grammar.scale[_fold(groups["alone"])]
        anchor = m.start("alone")
    else:
        value = _value(m, groups["number"], groups.get("sign"), grammar)
        anchor = m.start("sign") if groups.get("sign") else m.start("number")
        if value == 0 and BROKEN_BEFORE.search(text[: m.start("number")]):
            return None  # "85.80 0 €": the tail of a number broken by extraction
    if value is None:
        return None
    range_end = None
    if groups.get("number2"):
        range_end = _value(m, groups["number2"], groups.get("sign2"), grammar)
        if range_end is None:
            return None
    approx = groups.get("approx")
    if approx is None and range_end is None and _is_caption(m, text, value, grammar):
        return None
    start = m.start()
    return Money(
        value_eur=round(value, 2),
        raw=text[start : m.end()],
        start=start,
        end=m.end(),
        approximate=bool(approx),
        role=_role(text, anchor, grammar.roles),
        context=context_of(text, anchor, label),
        range_end_eur=None if range_end is None else round(range_end, 2),
        bound=grammar.bounds.get(_fold(approx)) if approx else None,
    )


def _is_caption(m: regex.Match, text: str, value: float, grammar: _Grammar) -> bool:
    """"(1 000 euroa)", "Menot, 1000 €": the unit of a table's numbers."""
    return (
        value in grammar.caption_values
        and bool(grammar.caption_before.search(text[: m.start()]))
        and bool(grammar.caption_after.search(text[m.end():]))
    )


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
