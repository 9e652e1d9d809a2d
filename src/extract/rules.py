"""Load the rule files in ``rules/``: patterns and vocabularies are data.

Each file is TOML. Loading validates the keys each file may have, so a typo
in a rule file is a one-line error naming the file, instead of a rule that
silently never fires. The hash of all rule files is part of the extractor
version stored with every document: changing a rule re-extracts.
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex

RULE_FILES = ("text_export", "money", "periods", "headings", "tables", "checks")

# Top-level keys each rule file may have: anything else is a typo.
ALLOWED_KEYS = {
    "text_export": {"artefact", "struck", "toc", "page_furniture"},
    "money": {"number", "currency", "scale", "approximate", "role"},
    "periods": {"dash", "months", "seasons", "pattern", "project"},
    "headings": {"section", "unit", "limits", "title", "fields", "lettered_units", "mentions", "announcement"},
    "tables": {"caption", "phase", "cost"},
    "checks": {"arithmetic"},
}

# Regular expressions from rule files run with this timeout (seconds) per call,
# so a pathological pattern cannot hang a batch.
REGEX_TIMEOUT = 2.0


class RuleError(ValueError):
    """A rule file is missing, malformed or has an unknown key or bad pattern."""


def rules_dir() -> Path:
    """``$EXTRACT_RULES`` if set, else ``rules/`` at the project root."""
    env = os.environ.get("EXTRACT_RULES")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "rules"


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """The parsed rule file ``rules/<name>.toml``, validated."""
    path = rules_dir() / f"{name}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuleError(f"{path}: rule file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{path}: {exc}") from None
    unknown = set(data) - ALLOWED_KEYS.get(name, set(data))
    if unknown:
        raise RuleError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}")
    return data


def alternation(words) -> str:
    """A regex alternative of literal words, longest first (so "milj." wins over "milj")."""
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


def compile_pattern(source: str, where: str, flags: int = 0) -> regex.Pattern:
    """Compile a rule's regex, naming the rule in the error if it is bad."""
    try:
        return regex.compile(source, flags)
    except regex.error as exc:
        raise RuleError(f"{rules_dir()}/{where}: bad pattern: {exc}") from None


@lru_cache(maxsize=None)
def rules_hash() -> str:
    """A short hash of every rule file, for ``extractor_version``."""
    digest = hashlib.sha256()
    for name in RULE_FILES:
        path = rules_dir() / f"{name}.toml"
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
