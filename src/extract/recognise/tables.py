"""Phase (schedule) tables and cost tables, read cell by cell.

``classify`` decides what a table is from its header and labels (vocabulary
in ``rules/tables.toml``); ``phase_marks`` turns every marked cell of a phase
table into a step/period pair; ``cost_cells`` turns every number of a cost
table into a row-label/column-label/value triple. Works on the reader-neutral
:class:`~extract.model.Table`, so text, PDF and DOCX tables read alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .. import rules
from ..model import Cell, Table, Where
from .money import find_money, parse_number
from .periods import parse_period

STEP_NUMBER = regex.compile(r"^\d+[.)]?\s")


@dataclass(frozen=True)
class PhaseMark:
    step: str
    period_raw: str
    start: str | None
    end: str | None
    mark: str
    where: Where


@dataclass(frozen=True)
class PhaseColumn:
    """A phase table's column header and the period it names (None for a stage)."""

    col: int
    raw: str
    start: str | None
    end: str | None


@dataclass(frozen=True)
class CostCell:
    row: int  # 1-based body row
    col: int  # 0-based column
    row_label: str
    column_label: str
    value_eur: float | None  # None for an explicit empty cell ("-")
    raw: str
    where: Where


@lru_cache(maxsize=None)
def _vocabulary() -> dict:
    cfg = rules.load("tables")
    return {
        "first_header": [w.lower() for w in cfg["phase"]["first_header"]],
        "marks": set(cfg["phase"]["marks"]),
        "cost_cues": [w.lower() for w in cfg["cost"]["cues"]],
        "total": [w.lower() for w in cfg["cost"]["total"]],
        "state_aid": [w.lower() for w in cfg["cost"]["state_aid"]],
        "own_financing": [w.lower() for w in cfg["cost"]["own_financing"]],
        "empty": set(cfg["cost"]["empty"]),
        "scale": {_fold(k): v for k, v in cfg["cost"].get("scale_in_header", {}).items()},
    }


def _fold(text: str) -> str:
    return regex.sub(r"[\s\u00a0\u2009\u202f]+", " ", text.lower()).strip()


def header_scale(table: Table) -> float:
    """1000 when a header cell or the caption says the numbers are thousands of euros."""
    texts = [_fold(t) for t in [*table.header, table.caption or ""]]
    for marker, factor in sorted(_vocabulary()["scale"].items(), key=lambda kv: -len(kv[0])):
        if any(regex.search(rf"(?<![\w\d]){regex.escape(marker)}(?!\w)", t) for t in texts):
            return float(factor)
    return 1.0


def is_mark(text: str) -> bool:
    return text.strip() in _vocabulary()["marks"]


def classify(table: Table) -> str:
    """'phase', 'cost' or 'other'."""
    vocab = _vocabulary()
    header = [h.strip() for h in table.header]
    body_cells = [c.text for row in table.body for c in row[1:]]
    has_marks = any(is_mark(t) for t in body_cells)
    periods = sum(1 for h in header[1:] if parse_period(h))
    if has_marks and header and (header[0].lower() in vocab["first_header"] or periods >= max(1, (len(header) - 1) / 2)):
        return "phase"
    labels = header + [row[0].text for row in table.body if row]
    cue = any(label.lower().startswith(tuple(vocab["cost_cues"])) or "€" in label for label in labels)
    numbers = any(_value(t) is not None for t in body_cells)
    if cue and numbers and not has_marks:
        return "cost"
    return "other"


def label_role(label: str) -> str | None:
    """'total', 'state_aid' or 'own_financing' for a cost row/column label."""
    vocab = _vocabulary()
    lowered = label.lower().strip(" €:")
    for role in ("state_aid", "own_financing", "total"):
        if any(lowered.startswith(cue) or lowered == cue for cue in vocab[role]):
            return role
    return None


def phase_marks(table: Table) -> list[PhaseMark]:
    header = table.header
    marks = []
    for step, row in _joined_steps(table):
        for col, cell in enumerate(row[1:], start=1):
            if not is_mark(cell.text) or col >= len(header):
                continue
            column = header[col].strip()
            period = parse_period(column)
            marks.append(
                PhaseMark(step, column, period.start if period else None, period.end if period else None, cell.text, cell.where)
            )
    return marks


def phase_columns(table: Table) -> list[PhaseColumn]:
    """Every column after the step column, with its period when it names one."""
    columns = []
    for col, raw in enumerate(table.header[1:], start=1):
        period = parse_period(raw.strip())
        columns.append(PhaseColumn(col, raw.strip(), period.start if period else None, period.end if period else None))
    return columns


def step_labels(table: Table) -> list[str]:
    """The step of every body row, wrapped labels joined."""
    return [label for label, _cells in _joined_steps(table)]


def _joined_steps(table: Table) -> list[tuple[str, list[Cell]]]:
    """Body rows as (step label, cells), wrapped step labels joined.

    A label wraps when a row without marks is followed by a row whose label
    does not start a new step number: "… käyt-" + "töönottamisesta".
    """
    steps: list[tuple[str, list[Cell]]] = []
    for row in table.body:
        label = row[0].text.strip()
        if steps and not STEP_NUMBER.match(label) and not any(is_mark(c.text) for c in steps[-1][1][1:]):
            previous, _cells = steps[-1]
            steps[-1] = (_join_wrapped(previous, label), row)
        else:
            steps.append((label, row))
    return steps


def _join_wrapped(first: str, second: str) -> str:
    if regex.search(r"\w-$", first):
        return first[:-1] + second
    return f"{first} {second}".strip()


def _value(text: str, scale: float = 1.0) -> float | None:
    """A cell's euros: its own currency wins, else the number times the
    header's scale."""
    money = find_money(text)
    if money:
        return money[0].value_eur
    number = parse_number(text)
    return None if number is None else round(number * scale, 2)


def cost_cells(table: Table) -> list[CostCell]:
    header = table.header
    empty = _vocabulary()["empty"]
    scale = header_scale(table)
    cells = []
    for row_number, row in enumerate(table.body, start=1):
        values = [(col, c) for col, c in enumerate(row) if col > 0 and (c.text in empty or _value(c.text) is not None)]
        value_cols = {col for col, _ in values}
        row_label = " / ".join(c.text for col, c in enumerate(row) if c.text and col not in value_cols)
        for col, cell in values:
            column = header[col].strip() if col < len(header) else ""
            value = None if cell.text in empty else _value(cell.text, scale)
            cells.append(CostCell(row_number, col, row_label, column, value, cell.text, cell.where))
    return cells
