"""Load the rule files in ``rules/``: patterns and vocabularies are data.

Each file is TOML. Loading validates every key at every depth against
:mod:`extract.rule_schema`, so a typo in a rule file is a one-line error
naming the file and line, instead of a rule that silently never fires. The
hash of all rule files is part of the extractor version stored with every
document: changing a rule re-extracts.

The rules come from ``--rules DIR`` / ``$EXTRACT_RULES`` when given, else
from ``rules/`` of a source checkout, else from the copy installed inside the
package (``extract/default_rules``, built from ``rules/``).
"""

from __future__ import annotations

import hashlib
import os
import sys
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex

from .rule_schema import SCHEMA, line_of, problems

RULE_FILES = tuple(SCHEMA)
ENV_VAR = "EXTRACT_RULES"

class RuleError(ValueError):
    """A rule file is missing, malformed or has an unknown key or bad pattern."""


def default_rules_dir() -> Path:
    """``rules/`` of a source checkout (an editable install), else the copy
    shipped inside the package."""
    here = Path(__file__).resolve().parent
    checkout = here.parents[1] / "rules"
    if (checkout / "money.toml").is_file() and (here.parents[1] / "pyproject.toml").is_file():
        return checkout
    return here / "default_rules"


def rules_dir() -> Path:
    """``$EXTRACT_RULES`` if set, else the default rules."""
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else default_rules_dir()


def use_rules(directory: str | os.PathLike | None) -> None:
    """Read rules from ``directory`` from now on, in this process and in the
    worker processes it starts (they inherit the environment and the caches).

    The recognisers cache what they build from the rules (compiled patterns,
    spaCy matchers) with ``functools.lru_cache``; every such cache in the
    package is emptied here, so nothing built from the old rules survives."""
    if directory is not None:
        os.environ[ENV_VAR] = str(Path(directory).resolve())
    for name, module in list(sys.modules.items()):
        if name == "extract" or name.startswith("extract."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", None) == name:
                    value.cache_clear()


# an inline flag for the whole pattern ("(?i)"), a numbered or named back-reference
GLOBAL_FLAG = regex.compile(r"\(\?[aiLmsuxVw0-9]+\)")
BACK_REFERENCE = regex.compile(r"\\[1-9]|\(\?P=|\\g<")


def any_of(sources: list[str], where: str) -> regex.Pattern | None:
    """One pattern that finds something in a text where one of ``sources``
    does (an alternation tries every source at every position), so a text
    none of them can match costs one search. None when the sources cannot be
    joined without changing one of them: an inline flag would apply to all,
    a back-reference would count the others' groups."""
    if not sources or any(GLOBAL_FLAG.search(s) or BACK_REFERENCE.search(s) for s in sources):
        return None
    return compile_pattern("|".join(f"(?:{s})" for s in sources), where)


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """The parsed rule file ``rules/<name>.toml``, validated."""
    path = rules_dir() / f"{name}.toml"
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (FileNotFoundError, NotADirectoryError):
        raise RuleError(f"{path}: rule file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{path}: {exc}") from None
    found = problems(name, data)
    if found:
        first = found[0]
        line = line_of(text, first.path)
        where = f"{path}:{line}" if line else str(path)
        key = ".".join(str(p) for p in first.path)
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise RuleError(f"{where}: {key + ': ' if key else ''}{first.message}{more}")
    return data


def validate() -> None:
    """Load every rule file, raising :class:`RuleError` for the first bad one."""
    for name in RULE_FILES:
        load(name)


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
