"""What each rule file may hold: every key at every depth, with its type.

A typo in a rule file ("wrods" for "words", a pattern that does not compile,
a list where a table belongs) must stop a batch before any document is read,
with one line naming the file, the line and the key; a rule that silently
never fires is worse than an error. The schema is plain data: a dict is a
TOML table with exactly these keys, ``[spec]`` an array of such tables,
``MapOf(spec)`` a table with free keys (a vocabulary), and the leaf markers
below a value's type. Keys wrapped in ``Optional`` may be left out.

When code starts reading a new key, it is declared here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex


@dataclass(frozen=True)
class Leaf:
    name: str


STR = Leaf("a string")
INT = Leaf("an integer")
NUMBER = Leaf("a number")
BOOL = Leaf("true or false")
WORDS = Leaf("a list of strings")
REGEX = Leaf("a regular expression")
MONTH_PAIR = Leaf("a list of two month numbers [start, end]")
NUMBERS = Leaf("a list of numbers")

SEVERITY = Leaf('"error", "warning" or "info"')


@dataclass(frozen=True)
class MapOf:
    """A table whose keys are free (words, labels) and whose values share a type."""

    value: Any
    fixed: tuple[tuple[str, Any], ...] = ()  # keys with a type of their own

    def spec_for(self, key: str):
        return dict(self.fixed).get(key, self.value)


@dataclass(frozen=True)
class Optional:
    key: str

    def __hash__(self) -> int:
        return hash(self.key)


SCHEMA: dict[str, dict] = {
    "text_export": {
        "artefact": [{"id": STR, "regex": REGEX}],
        "struck": {"regex": REGEX},
        "toc": [{"id": STR, "regex": REGEX}],
        "page_furniture": [{"id": STR, "regex": REGEX}],
        "markdown": {"heading_regex": REGEX, "emphasis_regex": REGEX, "table_row_regex": REGEX,
                     "table_separator_regex": REGEX},
        "aligned_table": {"min_gap": INT, "min_lines": INT},
    },
    "money": {
        "number": {"regex": REGEX, Optional("sign"): REGEX, Optional("words"): MapOf(NUMBER),
                   Optional("not_alone_after"): WORDS, Optional("range"): REGEX},
        "currency": {"words": WORDS, Optional("before"): WORDS, Optional("before_context"): REGEX,
                     Optional("weak"): WORDS},
        "scale": {"words": MapOf(NUMBER), Optional("fused"): MapOf(NUMBER), Optional("alone"): WORDS,
                  Optional("caption_values"): NUMBERS, Optional("caption_before"): REGEX,
                  Optional("caption_after"): REGEX},
        "approximate": {"words": WORDS, Optional("bounds"): MapOf(STR)},
        "role": [{"role": STR, "cues": WORDS}],
    },
    "periods": {
        Optional("line_filter"): {"regex": REGEX},
        "dash": {"regex": REGEX},
        "months": {"stems": WORDS},
        "seasons": MapOf(MONTH_PAIR),
        "pattern": [{"id": STR, Optional("precision"): STR, "regex": REGEX, Optional("reject"): BOOL,
                     Optional("fragment"): BOOL, Optional("prose_only"): BOOL,
                     Optional("needs"): REGEX}],
        "project": {"cues": WORDS},
        Optional("phases"): {"lead_regex": REGEX, "after_regex": REGEX, "closing": WORDS},
    },
    "headings": {
        "section": [{"kind": STR, "words": WORDS, Optional("glued"): BOOL}],
        "unit": [{"kind": STR, "words": WORDS, "stems": WORDS, Optional("glued"): BOOL}],
        "lettered_units": {"kind": STR, "regex": REGEX},
        "mentions": {"section_references": MapOf(STR)},
        "announcement": {"counts": MapOf(WORDS), "between": WORDS, Optional("not_count_endings"): WORDS,
                         Optional("sections"): {"sections": MapOf(STR), "subjects": WORDS, "verbs": WORDS,
                                                Optional("has_verbs"): WORDS, Optional("place_endings"): WORDS,
                                                Optional("fillers"): WORDS}},
        "limits": {"max_heading_chars": INT, "letter_regex": REGEX, "subunit_regex": REGEX,
                   "heading_number_regex": REGEX, "unit_number_regex": REGEX, "cost_list_regex": REGEX,
                   "heading_number_gap": INT, "first_heading_at_most": INT,
                   "typographic_heading_max_words": INT, "row_title_share": NUMBER},
        "title": {"label_lines": WORDS, "label_prefixes": WORDS, "not_title": WORDS, "within_lines": INT,
                  "max_chars": INT, "quoted_name_regex": REGEX, Optional("organisation_endings"): WORDS},
        "plan_period": {"duration_regex": REGEX, "subject_regex": REGEX, "start_cues": WORDS, "end_cues": WORDS},
        "fields": MapOf(STR),
    },
    "tables": {
        "caption": {"regex": REGEX, "max_distance": INT},
        "phase": {"first_header": WORDS, "marks": WORDS},
        "cost": {"cues": WORDS, "total": WORDS, "state_aid": WORDS, "own_financing": WORDS,
                 Optional("scale_in_header"): MapOf(NUMBER), "empty": WORDS, Optional("not_euros"): WORDS,
                 Optional("euro_words"): WORDS, Optional("total_ends"): WORDS,
                 Optional("stated_rate_regex"): REGEX},
    },
    "checks": {
        "arithmetic": {"rounding_eur": NUMBER, "rate_tolerance_pp": NUMBER, "approximate_tolerance": NUMBER,
                       Optional("dot_thousands_regex"): REGEX, Optional("ambiguous_number_regex"): REGEX},
        Optional("structure"): {"round_estimate_eur": NUMBER, Optional("item_title_share"): NUMBER},
        Optional("state_aid_rate"): {"aid": WORDS, "own": WORDS, "within": INT, "cues": WORDS,
                                     Optional("bounds"): WORDS},
        Optional("cross_unit"): {"purchase": WORDS, "use": WORDS},
        Optional("rule"): MapOf({Optional("enabled"): BOOL, Optional("severity"): SEVERITY}),
    },
    "references": {
        "table": {"stems": WORDS, "joiners": WORDS},
        "expects": MapOf(WORDS),
        Optional("item"): {"words": WORDS, "see": WORDS, "between": WORDS, "external": WORDS,
                           Optional("external_endings"): WORDS, Optional("backward"): WORDS,
                           Optional("forward"): WORDS},
        Optional("chapter"): {"chapter_words": WORDS, "point_words": WORDS},
        Optional("title"): {"regex": REGEX},
        Optional("dependency"): {"cues": WORDS, Optional("weak_cues"): WORDS, Optional("postpositions"): WORDS,
                                 "start": WORDS, "done": WORDS, "deployment": WORDS, "deployment_steps": WORDS,
                                 Optional("this"): WORDS},
    },
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a rule file: where (a key path) and what."""

    path: tuple[str | int, ...]
    message: str


def problems(name: str, data: dict) -> list[Problem]:
    """Every key and value of ``data`` (the parsed ``name.toml``) that the
    schema does not allow, in file order."""
    spec = SCHEMA.get(name)
    if spec is None:
        return [Problem((), f"no rule file called {name!r} is read")]
    return list(_check(spec, data, ()))


def _check(spec, value, path):
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            yield Problem(path, f"should be a table of {', '.join(_key_names(spec))}")
            return
        keys = {(k.key if isinstance(k, Optional) else k): k for k in spec}
        for key, item in value.items():
            if key not in keys:
                yield Problem(path + (key,), f"unknown key {key!r} (allowed here: {', '.join(sorted(keys))})")
            else:
                yield from _check(spec[keys[key]], item, path + (key,))
        for key, declared in keys.items():
            if not isinstance(declared, Optional) and key not in value:
                yield Problem(path, f"missing key {key!r}")
    elif isinstance(spec, list):
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            yield Problem(path, "should be an array of tables ([[...]])")
            return
        for index, item in enumerate(value):
            yield from _check(spec[0], item, path + (index,))
    elif isinstance(spec, MapOf):
        if not isinstance(value, dict):
            yield Problem(path, "should be a table")
            return
        for key, item in value.items():
            yield from _check(spec.spec_for(key), item, path + (key,))
    else:
        message = _leaf_problem(spec, value)
        if message:
            yield Problem(path, message)


def _leaf_problem(leaf: Leaf, value) -> str | None:
    ok = {
        STR: isinstance(value, str),
        INT: isinstance(value, int) and not isinstance(value, bool),
        NUMBER: isinstance(value, (int, float)) and not isinstance(value, bool),
        BOOL: isinstance(value, bool),
        WORDS: isinstance(value, list) and all(isinstance(v, str) and v for v in value),
        REGEX: isinstance(value, str),
        NUMBERS: isinstance(value, list) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value),
        MONTH_PAIR: isinstance(value, list) and len(value) == 2
        and all(isinstance(v, int) and 1 <= v <= 12 for v in value),
        SEVERITY: value in ("error", "warning", "info"),
    }[leaf]
    if not ok:
        return f"should be {leaf.name}, not {value!r}"[:200]
    if leaf is REGEX:
        return _regex_problem(value)
    return None


def _regex_problem(source: str) -> str | None:
    """Rule patterns may hold placeholders such as ``{dash}`` or ``{month}``
    that the recogniser fills in; each is tried as a plain group here."""
    filled = regex.sub(r"\{([a-z_]+)\}", "(?:x)", source)
    try:
        regex.compile(filled)
    except regex.error as exc:
        return f"bad pattern: {exc}"
    return None


def _key_names(spec: dict) -> list[str]:
    return [k.key if isinstance(k, Optional) else k for k in spec]


def line_of(text: str, path: tuple[str | int, ...]) -> int | None:
    """The 1-based line of ``text`` (a TOML file) where ``path`` is written:
    its table header, then the key below it. Good enough to send a reviewer
    to the right place; None when it cannot be told."""
    lines = text.splitlines()
    start, line = 0, None  # start: index of the line after the last match
    prefix: list[str] = []
    for depth, part in enumerate(path):
        if isinstance(part, int):
            # the array's first header was the previous match: count from it
            header = regex.compile(r"^\s*\[\[\s*" + regex.escape(".".join(prefix)) + r"\s*\]\]")
            headers = [n for n in range(max(start - 1, 0), len(lines)) if header.match(lines[n])]
            if part < len(headers):
                start, line = headers[part] + 1, headers[part] + 1
            continue
        prefix.append(part)
        header = regex.compile(r"^\s*\[\[?\s*" + regex.escape(".".join(prefix)) + r"\s*\]\]?\s*(#.*)?$")
        key = regex.compile(r'^\s*(?:"' + regex.escape(part) + r'"|' + regex.escape(part) + r")\s*=")
        for number in range(start, len(lines)):
            if header.match(lines[number]) or key.match(lines[number]):
                start, line = number + 1, number + 1
                break
    return line
