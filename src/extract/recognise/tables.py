"""Phase (schedule) tables and cost tables, read cell by cell.

``classify`` decides what a table is from its header and labels (vocabulary
in ``rules/tables.toml``); ``phase_marks`` turns every marked cell of a phase
table into a step/period pair; ``cost_cells`` turns every euro cell of a cost
table into a row-label/column-label/value triple. Works on the reader-neutral
:class:`~extract.model.Table`, so text, PDF and DOCX tables read alike.

A cost table's cells are euros only where the table says so: a share
(``%``, ``Osuus``), person-year (``htv``), count or year column or row is
never stored as euros, so it is never summed by a check. A second header row
under merged header cells ("Kustannukset" over "2024 | 2025") joins the
column labels, and the unit in any header row or the caption (``1 000 €``,
``milj. €``) scales the cells that do not write their own currency.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .. import rules
from ..model import Cell, Table, Where
from .money import find_money, parse_number
from .periods import Period, parse_period

STEP_NUMBER = regex.compile(r"^\d+[.)]?\s")
HYPHENATED = regex.compile(r"\w-$")  # a word broken over two lines of a cell: "kehittämis-"


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
        "not_euros": _words_pattern(cfg["cost"].get("not_euros", [])),
        "euro_words": _words_pattern(cfg["cost"].get("euro_words", [])),
        "stated_rate": rules.compile_pattern(cfg["cost"].get("stated_rate_regex", "(?!)"),
                                             "tables.toml [cost] stated_rate_regex"),
        "total_ends": tuple(w.lower() for w in cfg["cost"].get("total_ends", [])),
    }


def _words_pattern(words: list[str]) -> regex.Pattern:
    """Any of the words as a whole word ("osuus" in "Osuus, %", not in "Omarahoitusosuus")."""
    if not words:
        return regex.compile("(?!)")
    return regex.compile(rf"(?<![\w\d])(?:{rules.alternation(_fold(w) for w in words)})(?!\w)")


SPACES = regex.compile(r"[\s\u00a0\u2009\u202f]+")  # any run of spaces, the narrow and no-break ones too


def _fold(text: str) -> str:
    return SPACES.sub(" ", text.lower()).strip()


@lru_cache(maxsize=None)
def _scale_markers() -> tuple[tuple[regex.Pattern, float], ...]:
    """Each scale marker of the header ("1000 €", "t€") as a whole word, with
    its factor; the longest first, so "milj. euroa" is tried before "m€"."""
    ordered = sorted(_vocabulary()["scale"].items(), key=lambda kv: -len(kv[0]))
    return tuple((regex.compile(rf"(?<![\w\d]){regex.escape(marker)}(?!\w)"), float(factor))
                 for marker, factor in ordered)


def header_scale(table: Table, header_rows: list[list[str]] | None = None) -> float:
    """1000 when a header cell or the caption says the numbers are thousands of euros."""
    rows = header_rows if header_rows is not None else [table.header]
    texts = [_fold(t) for t in [*(text for row in rows for text in row), table.caption or ""]]
    for marker, factor in _scale_markers():
        if any(marker.search(t) for t in texts):
            return factor
    return 1.0


def is_mark(text: str) -> bool:
    return text.strip() in _vocabulary()["marks"]


def header_periods(table: Table) -> list[Period | None]:
    """The period each header cell names (None where it names none): parsed
    once, for classifying the table and reading its columns and marks."""
    return [parse_period(h.strip()) for h in table.header]


def classify(table: Table, periods: list[Period | None] | None = None) -> str:
    """'phase', 'cost' or 'other'. ``periods``: :func:`header_periods`, when
    the caller has them."""
    vocab = _vocabulary()
    header = [h.strip() for h in table.header]
    body_cells = [c.text for row in table.body for c in row[1:]]
    has_marks = any(is_mark(t) for t in body_cells)
    column_periods = (periods if periods is not None else header_periods(table))[1:]
    periods_named = sum(1 for p in column_periods if p)
    if has_marks and header and (header[0].lower() in vocab["first_header"] or periods_named >= max(1, (len(header) - 1) / 2)):
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
    if lowered.endswith(vocab["total_ends"]):
        return "total"  # a subtotal: "Henkilöstökulut yhteensä"
    return None


def is_not_euros(label: str) -> bool:
    """A share, person-years, a count or a year column/row ("Osuus %", "htv",
    "Vuosi"), unless the label also names euros. A rate the label states
    ("Valtionavustus (80 %)") does not make it a share column."""
    vocab = _vocabulary()
    folded = vocab["stated_rate"].sub("", _fold(label))
    return bool(vocab["not_euros"].search(folded)) and not vocab["euro_words"].search(folded)


def phase_marks(table: Table, periods: list[Period | None] | None = None) -> list[PhaseMark]:
    header = [h.strip() for h in table.header]
    periods = periods if periods is not None else header_periods(table)
    marks = []
    for step, row in _joined_steps(table):
        for col, cell in enumerate(row[1:], start=1):
            if not is_mark(cell.text) or col >= len(header):
                continue
            column = header[col]
            period = periods[col]
            marks.append(
                PhaseMark(step, column, period.start if period else None, period.end if period else None, cell.text, cell.where)
            )
    return marks


def phase_columns(table: Table, periods: list[Period | None] | None = None) -> list[PhaseColumn]:
    """Every column after the step column, with its period when it names one."""
    periods = periods if periods is not None else header_periods(table)
    columns = []
    for col, raw in enumerate(table.header[1:], start=1):
        period = periods[col]
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
    if HYPHENATED.search(first):
        return first[:-1] + second
    return f"{first} {second}".strip()


YEAR = regex.compile(r"(?:19|20)\d{2}")
CURRENCY_IN_CELL = regex.compile(r"€|(?<!\w)eur", regex.IGNORECASE)


def _value(text: str, scale: float = 1.0) -> float | None:
    """A cell's euros: a plain number (with its sign, "- 5 000") times the
    header's scale, unless the cell writes its own currency ("15 000 €"),
    which wins over the header; else an amount in words ("noin 1,5 milj. €")."""
    number = parse_number(text)
    if number is not None:
        return round(number if CURRENCY_IN_CELL.search(text) else number * scale, 2)
    money = find_money(text)
    return money[0].value_eur if money else None


def _is_value(text: str, empty: set[str]) -> bool:
    return text in empty or (_value(text) is not None and "%" not in text)


def _header_rows(table: Table) -> list[list[Cell]]:
    """The table's header rows, and the rows right after them that are
    headers too: a second row of column names or years under merged cells
    ("Kustannukset" over "2024 | 2025"). Such a row has words or years, and
    no number or empty mark, in the columns where the rows below hold money."""
    empty = _vocabulary()["empty"]
    rows = list(table.rows[: table.header_rows])
    for index in range(table.header_rows, min(table.header_rows + 2, len(table.rows) - 1)):
        below = table.rows[index + 1 :]
        money_cols = {c for row in below for c, cell in enumerate(row) if c > 0 and cell.text.strip()
                      and not YEAR.fullmatch(cell.text.strip()) and _is_value(cell.text.strip(), empty)}
        texts = [cell.text.strip() for c, cell in enumerate(table.rows[index]) if c in money_cols]
        if not any(texts) or any(t in empty or (_value(t) is not None and not YEAR.fullmatch(t)) for t in texts):
            break
        rows.append(table.rows[index])
    return rows


def _column_labels(header_rows: list[list[Cell]], width: int) -> list[str]:
    """Each column's label as printed; with several header rows, the labels
    above one another joined with " / ", a merged cell's text carried over
    the columns it spans."""
    if len(header_rows) == 1:
        row = header_rows[0]
        return [row[c].text.strip() if c < len(row) else "" for c in range(width)]
    filled = []
    for depth, row in enumerate(header_rows):
        texts, last = [], ""
        for c in range(width):
            text = row[c].text.strip() if c < len(row) else ""
            # a merged cell spans the empty cells to its right, above the last row
            last = text if text or c == 0 or depth == len(header_rows) - 1 else last
            texts.append(last)
        filled.append(texts)
    labels = []
    for c in range(width):
        parts = []
        for texts in filled:
            if texts[c] and texts[c] not in parts:
                parts.append(texts[c])
        labels.append(" / ".join(parts))
    return labels


def _year_columns(body: list[list[Cell]], labels: list[str]) -> set[int]:
    """Columns whose every filled cell is a different year, under a label
    that names no euros or costs: labels of their rows, not euros (a
    "Kustannukset €" column of 2000 and 1950 is money)."""
    vocab = _vocabulary()
    years = set()
    for c in range(1, len(labels)):
        label = _fold(labels[c])
        if vocab["euro_words"].search(label) or label.startswith(tuple(vocab["cost_cues"])):
            continue
        texts = [row[c].text.strip() for row in body if c < len(row) and row[c].text.strip()]
        if texts and all(YEAR.fullmatch(t) for t in texts) and len(set(texts)) == len(texts):
            years.add(c)
    return years


def cost_cells(table: Table) -> list[CostCell]:
    empty = _vocabulary()["empty"]
    header_rows = _header_rows(table)
    body = table.rows[len(header_rows):]
    width = max((len(row) for row in table.rows), default=0)
    labels = _column_labels(header_rows, width) if header_rows else [""] * width
    scale = header_scale(table, [[c.text for c in row] for row in header_rows])
    shares = {c for c, label in enumerate(labels) if c > 0 and is_not_euros(label)}
    skipped = shares | _year_columns(body, labels)
    cells = []
    for row_number, row in enumerate(body, start=1):
        values = [(col, c) for col, c in enumerate(row) if col > 0 and col not in skipped and _is_value(c.text, empty)]
        value_cols = {col for col, _ in values}
        row_label = " / ".join(c.text for col, c in enumerate(row) if c.text and col not in value_cols | shares)
        if is_not_euros(row_label):
            continue
        for col, cell in values:
            value = None if cell.text in empty else _value(cell.text, scale)
            cells.append(CostCell(row_number, col, row_label, labels[col] if col < len(labels) else "", value, cell.text, cell.where))
    return cells
