"""A unit's labelled fields and the costs it states."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..model import Line, Where
from ..plan import WorkUnit
from ..recognise.headings import unit_code
from ..recognise.money import find_money, parse_number
from .vocabulary import field_labels, normalise_title, ratio_at_least, similar_normalised

SPACES = regex.compile(r"\s+")
# a field value that is a number alone, with or without a currency: "45 000", "45 000 €"
BARE_NUMBER = regex.compile(r"^\s*(\d{1,3}(?:[\s\u00a0\u202f]\d{3})+|\d+)(?:,\d+)?\s*(?:€|e|eur|euroa)?\s*$")


class FieldCollector:
    """A unit's labelled fields: "Tavoitteet: …", a label alone on its line
    with the value below, and the lines that continue a field.

    The open field's lines are kept in a list and written to the unit, one
    space between words, when the field closes: a field that runs on for
    hundreds of lines (nothing ends it but the next heading or label) would
    otherwise be copied whole at every line. The outline closes the last one
    before it reads the fields."""

    def __init__(self) -> None:
        self.open: tuple[WorkUnit, str] | None = None
        self.waiting = False  # a label alone: its value is on the next line
        self.pieces: list[str] = []  # the open field's text so far, a line's words each

    def close(self) -> None:
        if self.open is not None and self.pieces:
            owner, name = self.open
            owner.fields[name] = " ".join(self.pieces)
        self.open, self.waiting, self.pieces = None, False, []

    def label(self, text: str) -> tuple[str, str] | None:
        with_value, alone, names = field_labels()
        m = with_value.match(text) or alone.match(text)
        if not m:
            return None
        name = names[SPACES.sub(" ", m.group("label").lower())]
        value = m.groupdict().get("value") or ""
        return name, " ".join(value.split())

    def feed(self, line: Line, unit: WorkUnit | None, follows_previous: bool) -> None:
        if unit is None:
            self.close()
            return
        labelled = self.label(line.text)
        if labelled:
            name, value = labelled
            self.close()
            if name in unit.fields:  # a later description does not overwrite the first
                return
            unit.fields[name] = value
            self.open, self.waiting, self.pieces = (unit, name), not value, [value] if value else []
        elif self.open is not None and self.open[0] is unit and (follows_previous or self.waiting):
            words = " ".join(line.text.split())
            if words:
                self.pieces.append(words)
            self.waiting = False
        else:
            self.close()


# --- unit costs ------------------------------------------------------------


@dataclass
class ListedCost:
    """"- Hankehallinto: noin 120 000 euroa": one unit's cost in a prose list."""

    label: str
    value: float
    section_key: str | None
    where: Where


def cost_of_field(text: str) -> float | None:
    """The cost a Kustannusarvio field states: its total, else its first
    amount; a bare number under a cost label is euros ("Kustannusarvio (€): 45 000")."""
    amounts = find_money(text)
    totals = [a for a in amounts if a.role == "total"]
    chosen = totals[-1] if totals else (amounts[0] if amounts else None)
    if chosen is not None:
        return chosen.value_eur
    bare = BARE_NUMBER.match(text)
    return parse_number(bare.group(0).rstrip("€eurEURoa ")) if bare else None


CLOSE_TITLE = 0.85  # difflib ratio from which a label is (nearly) a unit's title


@dataclass(frozen=True)
class UnitLabel:
    """A list or table label read once, to be compared with every unit in
    scope: its pieces ("TP2 / Title"), the unit code of each piece, and each
    piece as a normalised title."""

    codes: tuple[tuple[str | None, str, str] | None, ...]  # unit_code of each piece
    titles: tuple[str, ...]  # normalise_title of each piece

    @classmethod
    def read(cls, label: str) -> "UnitLabel":
        pieces = [p.strip() for p in label.split(" / ") if p.strip()]
        return cls(tuple(unit_code(p) for p in pieces), tuple(normalise_title(p) for p in pieces))

    def names(self, unit: WorkUnit) -> bool:
        """Whether the label names this unit: by its code ("TP1", "Työpaketti
        1", "A Liikuntaneuvonta") or by its title."""
        codes = [c for c in self.codes if c is not None and c[0] is not None]
        if codes:  # "TP2 / Title": the code decides
            return any(kind == unit.kind and number == unit.number for kind, number, _rest in codes)
        wanted = normalise_title(unit.title) if unit.title else ""
        for code, title in zip(self.codes, self.titles):
            if code is not None and code[1] == unit.number:
                return True
            if unit.title and similar_normalised(title, wanted) and _close_enough(title, wanted):
                return True
        return False


def names_unit(label: str, unit: WorkUnit) -> bool:
    """Whether a list or table label names this unit (see UnitLabel.names)."""
    return UnitLabel.read(label).names(unit)


def _close_enough(a: str, b: str) -> bool:
    """Stricter than a prefix: a label names a unit when it is (nearly) its
    title. Both titles are normalised."""
    return a == b or ratio_at_least(a, b, CLOSE_TITLE)
