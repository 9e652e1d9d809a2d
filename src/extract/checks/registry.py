"""The registry of checks: each rule one small function with a stable id.

A rule is registered with its id, family, default severity and a one-line
description in Finnish and English; ``rules/checks.toml`` may switch it off or
change its severity. A rule yields :class:`Finding` objects (what it found,
in both languages, with the numbers); the runner turns them into flags with
the configured severity and a fingerprint (rule + what the finding is about)
that stays the same when the document is extracted again, so a reviewer's
"accepted" mark can follow it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .. import rules
from ..model import Where
from ..plan import Flag, Plan

FAMILIES = ("arithmetic", "references", "schedule", "structure")
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One inconsistency, before the runner gives it its rule and severity."""

    subject: str  # what it is about, stable across re-extraction ("Taulukko 5 / rivi Yhteensä")
    fi: str  # the message in Finnish
    en: str  # the same in English
    where: Where | None
    expected: float | None = None
    actual: float | None = None
    evidence: dict = field(default_factory=dict)
    rule: str | None = None  # a finding of a rule's sibling (a rounding difference)
    severity: str | None = None  # milder than the rule's own, for this finding only


@dataclass(frozen=True)
class Settings:
    """What the checks read from rules/checks.toml."""

    rounding_eur: float
    rate_tolerance: float  # percentage points a state-aid share may differ
    approximate_tolerance: float  # share an itemised "noin" sum may differ from its total
    round_estimate_eur: float = 10000.0  # identical estimates that are multiples of this are round figures
    item_title_share: float = 0.6  # words two headings of one letter share to be one item written two ways


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    severity: str
    fi: str
    en: str
    check: Callable[[Plan, Settings], Iterable[Finding]]


RULES: dict[str, Rule] = {}


def rule(rule_id: str, family: str, severity: str, fi: str, en: str):
    """Register the decorated function as the check ``rule_id``."""
    assert family in FAMILIES and severity in SEVERITIES

    def register(check):
        RULES[rule_id] = Rule(rule_id, family, severity, fi, en, check)
        return check

    return register


def sibling(rule_id: str, family: str, severity: str, fi: str, en: str) -> None:
    """Register a rule that has no function of its own: another rule's
    findings name it (the rounding differences of the arithmetic rules)."""
    RULES[rule_id] = Rule(rule_id, family, severity, fi, en, lambda plan, settings: ())


def settings() -> Settings:
    cfg = rules.load("checks")
    return Settings(
        rounding_eur=float(cfg["arithmetic"]["rounding_eur"]),
        rate_tolerance=float(cfg["arithmetic"]["rate_tolerance_pp"]),
        approximate_tolerance=float(cfg["arithmetic"]["approximate_tolerance"]),
        round_estimate_eur=float(cfg.get("structure", {}).get("round_estimate_eur", 10000)),
        item_title_share=float(cfg.get("structure", {}).get("item_title_share", 0.6)),
    )


def configured() -> dict[str, tuple[bool, str]]:
    """rule id → (enabled, severity), defaults overridden by rules/checks.toml."""
    overrides = rules.load("checks").get("rule", {})
    unknown = set(overrides) - set(RULES)
    if unknown:
        raise rules.RuleError(f"{rules.rules_dir() / 'checks.toml'}: unknown check(s) {', '.join(sorted(unknown))}")
    out = {}
    for rule_id, spec in RULES.items():
        override = overrides.get(rule_id, {})
        out[rule_id] = (override.get("enabled", True), override.get("severity", spec.severity))
    return out


def fingerprint(rule_id: str, subject: str) -> str:
    return hashlib.sha256(f"{rule_id}|{subject}".encode()).hexdigest()[:16]


def run_checks(plan: Plan) -> list[Flag]:
    """Every enabled rule on the plan, in registry order."""
    config, values = configured(), settings()
    flags: list[Flag] = []
    seen: set[str] = set()
    for spec in RULES.values():
        if not config[spec.id][0]:
            continue
        for finding in spec.check(plan, values):
            rule_id = finding.rule or spec.id
            enabled, severity = config[rule_id]
            if finding.severity and SEVERITIES.index(finding.severity) > SEVERITIES.index(severity):
                severity = finding.severity
            mark = fingerprint(rule_id, finding.subject)
            if not enabled or mark in seen:
                continue
            seen.add(mark)
            flags.append(Flag(rule_id, severity, finding.fi, finding.where, finding.expected, finding.actual,
                              finding.evidence, message_en=finding.en, fingerprint=mark,
                              family=RULES[rule_id].family))
    return flags


def markdown_table() -> str:
    """The README's table of checks, generated from the registry."""
    lines = ["| rule | family | severity | tarkistaa | checks |", "|---|---|---|---|---|"]
    by_family = sorted(RULES.values(), key=lambda r: FAMILIES.index(r.family))  # registry order within a family
    lines += [f"| `{r.id}` | {r.family} | {r.severity} | {r.fi} | {r.en} |" for r in by_family]
    return "\n".join(lines)
