"""Which files a batch holds, and how their names are shown.

Folders hold more than plans: names in an old Windows code page (bytes that
are not UTF-8), named pipes and sockets, links that loop. Every plan file is
collected; a special file is skipped with a reason and never opened (opening
a named pipe blocks until someone writes to it); a name is kept exactly as
the file system gives it and shown in an escaped, printable form.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .readers import special_kind

# Extensions ingest collects from folders.
COLLECTED = (".txt", ".md", ".pdf", ".docx")
# Files in a folder that describe the folder rather than being plans.
NOT_PLANS = {"readme.md", "readme.txt", "changelog.md"}


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


def display_path(path: str) -> str:
    """A printable, lossless-enough form of a file name: bytes that are not
    UTF-8 become ``\\xNN`` and control characters (a newline, an escape
    sequence) become escapes, so a name can never break a line of output or
    drive the terminal. The exact bytes are kept apart (``os.fsencode``)."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def collect(paths: list[str]) -> tuple[list[str], list[Skipped]]:
    """Files named, and plan files found recursively in folders named; and the
    special files (pipes, sockets, devices) left out. A folder named like a
    plan file ("plan.pdf/") is listed too, so it gets a failed row rather
    than vanishing; symbolic links to folders are not followed (no loops)."""
    found: list[str] = []
    skipped: list[Skipped] = []

    def add(path: str) -> None:
        kind = _special(path)
        if kind:
            skipped.append(Skipped(path, f"{kind}, not a file: skipped"))
        else:
            found.append(path)

    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs.sort()
                plan_like = [d for d in dirs if d.lower().endswith(COLLECTED)]
                for name in sorted(files + plan_like):
                    if name.lower().endswith(COLLECTED) and name.lower() not in NOT_PLANS:
                        add(os.path.join(root, name))
        else:
            add(path)
    return found, skipped


def _special(path: str) -> str | None:
    """What kind of special file ``path`` is (following links), or None for a
    regular file, a folder, or a path that cannot be looked at (reading it
    will say why)."""
    try:
        return special_kind(os.stat(path).st_mode)
    except (OSError, ValueError):
        return None
