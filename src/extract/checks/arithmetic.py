"""Arithmetic a reviewer redoes by hand: every cost table's row and column
totals (subtotal rows included), state aid + own financing = total, the
state-aid share, prose totals, and itemised "noin" amounts against their sum.

Only cost cells are summed; the table recogniser keeps percentages, htv,
counts and years out of them. A difference within the rounding tolerance
(rules/checks.toml) is a finding of its own rule, ``rounding``, reported
apart from real errors.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

import regex

from .. import rules
from ..plan import Plan, PlanTable
from ..recognise.tables import CostCell, label_role
from .numbers import eur, pct, plus
from .prose import text_lines
from .registry import Finding, Settings, rule, sibling

sibling("rounding", "arithmetic", "info",
        "summa poikkeaa 1–2 € (pyöristys)", "a sum is off by 1–2 € (rounding)")


def table_name(table: PlanTable) -> tuple[str, str]:
    """How a reviewer names the table, in Finnish and English."""
    if table.number:
        return f"Taulukko {table.number}", f"Table {table.number}"
    return (f"Kustannustaulukko (sivu {table.where.page}, rivi {table.where.line})",
            f"Cost table (page {table.where.page}, line {table.where.line})")


def _compare(table: PlanTable, what: tuple[str, str], parts: list[CostCell], total: CostCell,
             settings: Settings, subject: str) -> Finding | None:
    values = [c.value_eur or 0.0 for c in parts]
    expected = round(sum(values), 2)
    actual = total.value_eur
    diff = round(actual - expected, 2)
    if diff == 0:
        return None
    fi_name, en_name = table_name(table)
    fi = f"{fi_name}, {what[0]}: {plus(values)} = {eur(expected)}, taulukossa {eur(actual)} (ero {eur(abs(diff))})"
    en = (f"{en_name}, {what[1]}: {plus(values)} = {eur(expected)}, the table gives {eur(actual)} "
          f"(difference {eur(abs(diff))})")
    evidence = {
        "table": table.number,
        "parts": [{"row": c.row_label, "column": c.column_label, "value_eur": c.value_eur} for c in parts],
        "total": {"row": total.row_label, "column": total.column_label, "value_eur": actual},
    }
    return Finding(f"{fi_name}|{subject}", fi, en, total.where, expected, actual, evidence,
                   rule="rounding" if abs(diff) <= settings.rounding_eur else None)


def role(label: str) -> str | None:
    """A label's role in the sums: the table vocabulary's, and "total" for a
    subtotal named by its last word ("Henkilöstökulut yhteensä")."""
    found = label_role(label)
    if found:
        return found
    words = label.lower().strip(" €:").split()
    return "total" if words and label_role(words[-1]) == "total" else None


class Grid:
    """A cost table's cells by (row, column), with the role of each label."""

    def __init__(self, table: PlanTable) -> None:
        self.cells = {(c.row, c.col): c for c in table.cost_cells}
        self.rows = sorted({c.row for c in table.cost_cells})
        self.cols = sorted({c.col for c in table.cost_cells})
        self.row_label = {c.row: c.row_label for c in table.cost_cells}
        self.col_label = {c.col: c.column_label for c in table.cost_cells}
        self.row_role = {r: role(self.row_label[r]) for r in self.rows}
        self.col_role = {c: role(self.col_label[c]) for c in self.cols}

    def value(self, row: int, col: int) -> float | None:
        cell = self.cells.get((row, col))
        return None if cell is None else cell.value_eur

    def numbers(self, cells: list[CostCell]) -> bool:
        """At least one of the cells holds a number (the rest are explicit blanks)."""
        return any(c.value_eur is not None for c in cells)


def cost_grids(plan: Plan) -> Iterator[tuple[PlanTable, Grid]]:
    """Each cost table with cells, and its grid; a table holding a number
    that may be thousands or a decimal is left out of every sum (the rule
    ambiguous-number reports it)."""
    for table in plan.tables:
        if table.kind == "cost" and table.cost_cells and not ambiguous_cells(plan, table):
            yield table, Grid(table)


@lru_cache(maxsize=None)
def _dot_patterns() -> tuple[regex.Pattern, regex.Pattern] | None:
    cfg = rules.load("checks")["arithmetic"]
    if "dot_thousands_regex" not in cfg or "ambiguous_number_regex" not in cfg:
        return None
    return (rules.compile_pattern(cfg["dot_thousands_regex"], "checks.toml [arithmetic] dot_thousands_regex"),
            rules.compile_pattern(cfg["ambiguous_number_regex"], "checks.toml [arithmetic] ambiguous_number_regex"))


def _writes_dot_thousands(plan: Plan) -> bool:
    """The document writes thousands with a dot ("5.000 euroa") somewhere."""
    dot_thousands = _dot_patterns()[0]
    raws = [a.money.raw for a in plan.amounts] + [c.raw for t in plan.tables for c in t.cost_cells]
    return any(dot_thousands.search(raw) for raw in raws)


def ambiguous_cells(plan: Plan, table: PlanTable) -> list[CostCell]:
    """Cells such as "2.49" or "4.5" in a document that writes thousands with
    a dot: thousands that lost their trailing zeros, or decimals."""
    patterns = _dot_patterns()
    if patterns is None:
        return []
    found = [c for c in table.cost_cells if patterns[1].match(c.raw)]
    return found if found and _writes_dot_thousands(plan) else []


@rule("ambiguous-number", "arithmetic", "warning",
      "kustannustaulukon luku voi olla tuhansia tai desimaaliluku (2.49): taulukon summia ei tarkisteta",
      "a cost-table number may be thousands or a decimal (2.49): the table's sums are not checked")
def ambiguous_numbers(plan: Plan, settings: Settings) -> Iterator[Finding]:
    for table in plan.tables:
        if table.kind != "cost":
            continue
        cells = ambiguous_cells(plan, table)
        if not cells:
            continue
        fi_name, en_name = table_name(table)
        shown = ", ".join(f"'{c.raw.strip()}'" for c in cells[:5])
        yield Finding(
            f"{fi_name}|ambiguous",
            f"{fi_name}: luvut {shown} voivat olla tuhansia, joista lopun nollat puuttuvat (asiakirjassa piste on "
            "tuhaterotin), tai desimaalilukuja; taulukon summia ei tarkistettu, tarkista luvut asiakirjasta",
            f"{en_name}: the numbers {shown} may be thousands that lost their trailing zeros (the document uses a "
            "dot between thousands) or decimals; the table's sums were not checked, check the numbers in the document",
            cells[0].where, evidence={"table": table.number, "cells": [
                {"row": c.row_label, "column": c.column_label, "raw": c.raw} for c in cells]},
        )


@rule("cost-table-sum", "arithmetic", "error",
      "kustannustaulukon rivien ja sarakkeiden summat (välisummat mukaan lukien)",
      "row and column totals of each cost table, subtotal rows included")
def cost_table_sums(plan: Plan, settings: Settings) -> Iterator[Finding]:
    for table, grid in cost_grids(plan):
        yield from filter(None, _row_sums(table, grid, settings))
        yield from filter(None, _column_sums(table, grid, settings))


def _row_sums(table: PlanTable, grid: Grid, settings: Settings):
    total_cols = [c for c in grid.cols if grid.col_role[c] == "total"]
    part_cols = [c for c in grid.cols if grid.col_role[c] is None]
    if not part_cols:
        return
    for total_col in total_cols:
        for r in grid.rows:
            total = grid.cells.get((r, total_col))
            parts = [grid.cells[(r, c)] for c in part_cols if (r, c) in grid.cells]
            if total is None or total.value_eur is None or len(parts) != len(part_cols) or not grid.numbers(parts):
                continue
            if len(parts) == 1 and parts[0].value_eur is None:
                continue
            label = grid.row_label[r]
            yield _compare(table, (f"rivi '{label}'", f"row '{label}'"), parts, total, settings,
                           f"row|{label}|{grid.col_label[total_col]}")


def _column_sums(table: PlanTable, grid: Grid, settings: Settings):
    """Detail rows against the subtotal row that closes them, and the last
    total row against the subtotals and the detail rows left over."""
    totals = [r for r in grid.rows if grid.row_role[r] == "total"]
    if not totals:
        return
    split = any(grid.row_role[r] in ("state_aid", "own_financing") for r in grid.rows)
    for c in grid.cols:
        pending: list[CostCell] = []
        closed: list[CostCell] = []
        for r in grid.rows:
            cell = grid.cells.get((r, c))
            role = grid.row_role[r]
            if role is None and cell is not None:
                pending.append(cell)
            elif role == "total":
                if cell is None or cell.value_eur is None:
                    pending = []
                    continue
                last = r == totals[-1]
                parts = closed + pending if last else pending
                if len(parts) >= 2 and grid.numbers(parts) and not (split and not pending):
                    kind = ("sarake", "column") if last else ("välisumma", "subtotal")
                    label = grid.col_label[c]
                    yield _compare(table, (f"{kind[0]} '{label}' ({grid.row_label[r]})",
                                           f"{kind[1]} '{label}' ({grid.row_label[r]})"),
                                   parts, cell, settings, f"column|{label}|{grid.row_label[r]}")
                closed.append(cell)
                pending = []


@rule("cost-table-split", "arithmetic", "error",
      "valtionavustus + omarahoitus = kokonaiskustannukset, sarakkeittain tai riveittäin",
      "state aid + own financing = total costs, per column or per row")
def cost_table_split(plan: Plan, settings: Settings) -> Iterator[Finding]:
    for table, grid in cost_grids(plan):
        for total_row, aid_row, own_row in _split_rows(grid):
            for c in grid.cols:
                label = grid.col_label[c]
                yield from _split(table, grid, settings, [(aid_row, c), (own_row, c)], (total_row, c),
                                  (f"sarakkeessa '{label}'", f"in column '{label}'"), f"split|{label}")
        for total_col, aid_col, own_col in _split_columns(grid):
            for r in grid.rows:
                label = grid.row_label[r]
                yield from _split(table, grid, settings, [(r, aid_col), (r, own_col)], (r, total_col),
                                  (f"rivillä '{label}'", f"in row '{label}'"), f"split-row|{label}")


def _split(table: PlanTable, grid: Grid, settings: Settings, part_at: list[tuple[int, int]],
           total_at: tuple[int, int], where: tuple[str, str], subject: str) -> Iterator[Finding]:
    parts = [grid.cells.get(at) for at in part_at]
    total = grid.cells.get(total_at)
    if None in parts or total is None or total.value_eur is None or not grid.numbers(parts):
        return
    finding = _compare(table, (f"valtionavustus + omarahoitus {where[0]}", f"state aid + own financing {where[1]}"),
                       parts, total, settings, subject)
    if finding:
        yield finding


def _split_columns(grid: Grid) -> list[tuple[int, int, int]]:
    """(total, state aid, own financing) columns of a table that gives each
    row's financing side by side ("Valtionavustus | Omarahoitus | Yhteensä"):
    the first of each, the total being the first total column after them."""
    aid = [c for c in grid.cols if grid.col_role[c] == "state_aid"]
    own = [c for c in grid.cols if grid.col_role[c] == "own_financing"]
    if not aid or not own:
        return []
    totals = [c for c in grid.cols if grid.col_role[c] == "total"]
    after = [c for c in totals if c > max(aid[0], own[0])]
    if not (after or totals):
        return []
    return [((after or totals)[0], aid[0], own[0])]


def _split_rows(grid: Grid) -> list[tuple[int, int, int]]:
    """(total, state aid, own financing) rows: the first of each, the total
    being the total row nearest above the state-aid row."""
    aid = [r for r in grid.rows if grid.row_role[r] == "state_aid"]
    own = [r for r in grid.rows if grid.row_role[r] == "own_financing"]
    if not aid or not own:
        return []
    totals = [r for r in grid.rows if grid.row_role[r] == "total" and r < aid[0]] or \
             [r for r in grid.rows if grid.row_role[r] == "total"]
    if not totals:
        return []
    return [(totals[-1] if totals[-1] < aid[0] else totals[0], aid[0], own[0])]


def prose_windows(plan: Plan, gap: int = 2) -> list[list]:
    """Prose amounts outside tables grouped by paragraph: amounts on lines at
    most ``gap`` lines apart (same page) belong together."""
    windows: list[list] = []
    last = None
    for amount in sorted(plan.amounts, key=lambda a: (a.where.page, a.where.line, a.where.char_start or 0)):
        place = (amount.where.page, amount.where.line)
        if last is None or place[0] != last[0] or place[1] - last[1] > gap:
            windows.append([])
        windows[-1].append(amount)
        last = place
    return windows


def _one(amounts: list, role: str):
    found = [a for a in amounts if a.money.role == role and not a.money.approximate]
    return found[0] if len(found) == 1 else None


@rule("state-aid-share", "arithmetic", "warning",
      "valtionavustuksen osuus kustannuksista on sama kuin suunnitelmassa yleensä",
      "the state-aid share of costs agrees with the share most of the plan shows")
def state_aid_share(plan: Plan, settings: Settings) -> Iterator[Finding]:
    """Each (state aid, total) pair of the tables' columns and of the prose
    against the share most pairs show (often 80 %), in euros: 80 % of
    530 300 € is 424 240 €, not 423 440 €."""
    pairs = []  # (share, aid value, total value, where, subject, fi label, en label, evidence)
    for table, grid in cost_grids(plan):
        fi_name, en_name = table_name(table)
        for total_row, aid_row, _own in _split_rows(grid):
            for c in grid.cols:
                total, aid = grid.value(total_row, c), grid.value(aid_row, c)
                if total and aid is not None and total > 0:
                    label = grid.col_label[c]
                    pairs.append((aid / total, aid, total, grid.cells[(aid_row, c)].where, f"{fi_name}|share|{label}",
                                  f"{fi_name}, sarake '{label}'", f"{en_name}, column '{label}'",
                                  {"table": table.number, "column": label}))
    for window in prose_windows(plan):
        total, aid = _one(window, "total"), _one(window, "state_aid")
        if total and aid and total.money.value_eur > 0:
            pairs.append((aid.money.value_eur / total.money.value_eur, aid.money.value_eur, total.money.value_eur,
                          aid.where, f"prose|share|{aid.money.raw}|{total.money.raw}", "Tekstissä", "In the text",
                          {"state_aid": aid.money.raw, "total": total.money.raw}))
    stated = stated_rate(plan)
    if stated is not None:
        common, where_stated = stated
        source_fi = f"suunnitelman ilmoittama osuus on {pct(common)} (rivi {where_stated.line})"
        source_en = f"the share the plan states is {pct(common)} (line {where_stated.line})"
    else:
        if len(pairs) < 3:
            return
        common, seen = Counter(round(p[0], 3) for p in pairs).most_common(1)[0]
        if seen * 2 <= len(pairs) or seen < 2:
            return  # no share most of the plan agrees on: nothing to compare against
        source_fi = f"suunnitelma ei ilmoita osuutta; useimmissa taulukoissa ja tekstin summissa se on {pct(common)}"
        source_en = f"the plan states no share; most of its tables and prose sums show {pct(common)}"
    def agrees(aid: float, total: float) -> bool:
        return abs(aid - round(common * total, 2)) <= max(settings.rounding_eur, 0.0005 * total)

    # A stated rate that no pair meets exactly describes the plan's sums in
    # round figures ("avustus kattaa 89 % kustannuksista" for 70 000 € of
    # 78 600 €): a share that rounds to it agrees.
    described = stated is not None and not any(agrees(p[1], p[2]) for p in pairs)
    half_unit = 0.005 if round(common * 100, 6) == round(common * 100) else 0.0005
    for share, aid, total, where, subject, fi_label, en_label, evidence in pairs:
        expected = round(common * total, 2)
        if agrees(aid, total) or described and abs(share - common) <= half_unit:
            continue
        diff = aid - expected
        yield Finding(
            subject,
            f"{fi_label}: valtionavustus {eur(aid)} on {pct(share)} kustannuksista {eur(total)}; "
            f"{source_fi}, jolloin avustus olisi {eur(expected)} (ero {eur(abs(diff))})",
            f"{en_label}: state aid {eur(aid)} is {pct(share)} of the costs {eur(total)}; {source_en}, "
            f"which gives {eur(expected)} (difference {eur(abs(diff))})",
            where, expected, aid, {**evidence, "share": round(share, 4), "usual_share": common,
                                   "share_source": "stated" if stated is not None else "most tables"},
        )


RATE_PIECES = ("%", "prosent")  # what the rate pattern ends in (lower-cased; no regex syntax)


@lru_cache(maxsize=None)
def _rate_pattern() -> tuple[regex.Pattern, tuple[str, ...], tuple[str, ...], regex.Pattern | None]:
    cfg = rules.load("checks")["state_aid_rate"]
    words = rules.alternation(cfg["aid"] + cfg["own"])
    pattern = regex.compile(
        rf"(?i)(?<!\w)(?P<word>{words})\w*(?P<between>[^.%;]{{0,{int(cfg['within'])}}}?)(?<![\d,])"
        rf"(?P<rate>\d{{1,3}}(?:,\d{{1,2}})?)\s?(?:{'|'.join(RATE_PIECES)})")
    bounds = cfg.get("bounds") or []
    bound = regex.compile(rf"(?i)(?<!\w)(?:{rules.alternation(bounds)})(?!\w)") if bounds else None
    return pattern, tuple(w.lower() for w in cfg["own"]), tuple(w.lower() for w in cfg["cues"]), bound


def stated_rate(plan: Plan) -> tuple[float, object] | None:
    """The state-aid share the plan states in its text ("valtionavustuksen
    osuus on 80 %", "haettava avustus kattaa 75 % kustannuksista",
    "omarahoitusosuus on 20 %" → 80 %), with where it is stated; the share
    stated most often, None when none is stated or two are stated equally often."""
    pattern, own, cues, bound = _rate_pattern()
    found: list[tuple[float, object]] = []
    for _position, line in text_lines(plan).holding(RATE_PIECES):
        for m in pattern.finditer(line.text):
            sentence = _sentence(line.text, m.start(), m.end()).lower()
            if not any(cue in sentence for cue in cues) or (bound and bound.search(m.group("between"))):
                continue  # no share of costs, or a bound ("enintään 50 %") rather than the share
            rate = float(m.group("rate").replace(",", ".")) / 100
            if not 0 < rate <= 1:
                continue
            share = round(1 - rate if m.group("word").lower().startswith(own) else rate, 4)
            found.append((share, line.where(m.start(), m.end())))
    if not found:
        return None
    counts = Counter(share for share, _ in found).most_common()
    if len(counts) > 1 and counts[0][1] == counts[1][1]:
        return None
    return next(item for item in found if item[0] == counts[0][0])


def _sentence(text: str, start: int, end: int) -> str:
    left = text.rfind(". ", 0, start)
    right = text.find(". ", end)
    return text[left + 1 if left != -1 else 0:right if right != -1 else len(text)]


@rule("prose-split", "arithmetic", "error",
      "tekstissä: valtionavustus + omarahoitus = kokonaiskustannukset",
      "in the text: state aid + own financing = total costs")
def prose_split(plan: Plan, settings: Settings) -> Iterator[Finding]:
    """"Kokonaiskustannukset ovat X euroa. Haettava valtionavustus on Y euroa
    ja omarahoitusosuus Z euroa": one paragraph stating all three."""
    for window in prose_windows(plan):
        total, aid, own = _one(window, "total"), _one(window, "state_aid"), _one(window, "own_financing")
        if not (total and aid and own):
            continue
        expected = round(aid.money.value_eur + own.money.value_eur, 2)
        diff = round(total.money.value_eur - expected, 2)
        if diff == 0:
            continue
        yield Finding(
            f"prose-split|{total.money.raw}|{aid.money.raw}|{own.money.raw}",
            f"Tekstissä valtionavustus {eur(aid.money.value_eur)} + omarahoitus {eur(own.money.value_eur)} = "
            f"{eur(expected)}, kokonaiskustannuksiksi sanotaan {eur(total.money.value_eur)} (ero {eur(abs(diff))})",
            f"In the text, state aid {eur(aid.money.value_eur)} + own financing {eur(own.money.value_eur)} = "
            f"{eur(expected)}, but the total is given as {eur(total.money.value_eur)} (difference {eur(abs(diff))})",
            total.where, expected, total.money.value_eur,
            {"total": total.money.raw, "state_aid": aid.money.raw, "own_financing": own.money.raw},
            rule="rounding" if abs(diff) <= settings.rounding_eur else None,
        )


@rule("approximate-sum", "arithmetic", "info",
      "noin-summat vastaavat ilmoitettua yhteissummaa väljästi",
      "itemised approximate amounts add up, loosely, to the total stated with them")
def approximate_sum(plan: Plan, settings: Settings) -> Iterator[Finding]:
    """"Hankehallinto noin 50 000 €, koulutus noin 30 000 €, yhteensä noin
    90 000 €": in one line, two or more approximate items before a total."""
    by_line: dict[tuple[int, int], list] = {}
    for amount in plan.amounts:
        by_line.setdefault((amount.where.page, amount.where.line), []).append(amount)
    for amounts in by_line.values():
        totals = [a for a in amounts if a.money.role == "total"]
        if len(totals) != 1:
            continue
        total = totals[0]
        items = [a for a in amounts if a is not total and a.money.approximate and a.where.char_start < total.where.char_start]
        if len(items) < 2:
            continue
        expected = round(sum(a.money.value_eur for a in items), 2)
        if abs(expected - total.money.value_eur) <= settings.approximate_tolerance * max(expected, total.money.value_eur):
            continue
        yield Finding(
            f"approximate|{total.money.raw}",
            f"Arviot {plus([a.money.value_eur for a in items])} = {eur(expected)}, yhteensä sanotaan "
            f"{eur(total.money.value_eur)}",
            f"The estimates {plus([a.money.value_eur for a in items])} = {eur(expected)}, the total is given as "
            f"{eur(total.money.value_eur)}",
            total.where, expected, total.money.value_eur, {"items": [a.money.raw for a in items], "total": total.money.raw},
        )


def section_name(section) -> str:
    """"investointi 1", or the title of a heading known only by its typography."""
    return f"{section.kind} {section.number}" if section.number else section.title


def section_path(plan: Plan, key: str | None) -> str:
    """"pilari 4 / investointi 1 / osa b": a section with the ones around it."""
    sections = {s.key: s for s in plan.sections}
    names = []
    while key is not None and key in sections:
        names.append(section_name(sections[key]))
        key = sections[key].parent_key
    return " / ".join(reversed(names)) or "suunnitelma"


def unit_costs(plan: Plan, section_key: str) -> list | None:
    """(unit, cost) for each top-level unit of the section and the sections
    below it; a unit without a cost of its own counts its sub-units. None
    when a cost is missing."""
    parents = {s.key: s.parent_key for s in plan.sections}

    def inside(key) -> bool:
        while key is not None:
            if key == section_key:
                return True
            key = parents.get(key)
        return False

    units = [u for u in plan.units if inside(u.section_key)]
    out = []
    for unit in (u for u in units if u.parent_key is None):
        cost = unit.cost_eur
        if cost is None:
            children = [c.cost_eur for c in units if c.parent_key == unit.key]
            cost = sum(children) if children and None not in children else None
        if cost is None:
            return None
        out.append((unit, cost))
    return out


def _total_columns(grid: Grid) -> list[int]:
    """The column holding each row's whole cost: the last total column, or
    the only column when it is not a state-aid or own-financing one."""
    totals = [c for c in grid.cols if grid.col_role[c] == "total"]
    if totals:
        return totals[-1:]
    return grid.cols if len(grid.cols) == 1 and grid.col_role[grid.cols[0]] is None else []


@rule("unit-sum", "arithmetic", "error",
      "työkokonaisuuksien kustannusarvioiden summa vastaa osan kokonaiskustannuksia taulukossa",
      "the cost estimates of a section's units add up to the section's total in a cost table")
def unit_sums(plan: Plan, settings: Settings) -> Iterator[Finding]:
    sections = {s.key: s for s in plan.sections}
    for table, grid in cost_grids(plan):
        value_cols = _total_columns(grid)
        for r in grid.rows:
            if grid.row_role[r] is not None:
                continue
            section = sections.get(table.row_sections.get(r))
            cell = next((grid.cells.get((r, c)) for c in value_cols if grid.value(r, c) is not None), None)
            if section is None or cell is None:
                continue
            costs = unit_costs(plan, section.key)
            if not costs or len(costs) < 2:
                continue
            values = [cost for _unit, cost in costs]
            expected = round(sum(values), 2)
            diff = round(cell.value_eur - expected, 2)
            if diff == 0:
                continue
            fi_name, en_name = table_name(table)
            place = section_path(plan, section.key)
            names = [f"{u.kind} {u.number}" for u, _ in costs]
            yield Finding(
                f"{fi_name}|units|{grid.row_label[r]}",
                f"{fi_name}, rivi '{grid.row_label[r]}': osan {place} työkokonaisuudet ({', '.join(names)}) "
                f"{plus(values)} = {eur(expected)}, taulukossa {eur(cell.value_eur)} (ero {eur(abs(diff))})",
                f"{en_name}, row '{grid.row_label[r]}': the units of {place} ({', '.join(names)}) "
                f"{plus(values)} = {eur(expected)}, the table gives {eur(cell.value_eur)} (difference {eur(abs(diff))})",
                cell.where, expected, cell.value_eur,
                {"table": table.number, "row": grid.row_label[r], "section": place,
                 "units": [{"unit": n, "cost_eur": v} for n, (_, v) in zip(names, costs)]},
                rule="rounding" if abs(diff) <= settings.rounding_eur else None,
            )


@rule("unit-cost-table", "arithmetic", "error",
      "työkokonaisuuden oma kustannusarvio vastaa kustannustaulukon riviä, joka nimeää sen",
      "a unit's own cost estimate matches the cost-table row that names it")
def unit_cost_in_table(plan: Plan, settings: Settings) -> Iterator[Finding]:
    """A unit states its cost in its own text ("Kustannusarvio: 190 000 €")
    and a summary table gives it again on the row naming it (linked in
    assembly, ``PlanTable.row_units``): the two must agree. A unit whose cost
    was taken from a summary table has nothing of its own to compare."""
    units = {u.key: u for u in plan.units}
    for table, grid in cost_grids(plan):
        value_cols = _total_columns(grid)
        for r, unit_key in table.row_units.items():
            unit = units.get(unit_key)
            cell = next((grid.cells[(r, c)] for c in value_cols if grid.value(r, c) is not None), None)
            if unit is None or cell is None or unit.cost_eur is None or unit.cost_source == "summary-table":
                continue
            diff = round(cell.value_eur - unit.cost_eur, 2)
            if diff == 0:
                continue
            fi_name, en_name = table_name(table)
            name = f"{unit.kind} {unit.number}"
            yield Finding(
                f"{fi_name}|unit|{name}|{grid.row_label[r]}",
                f"{fi_name}, rivi '{grid.row_label[r]}': {eur(cell.value_eur)}, mutta {name} "
                f"(rivi {unit.where.line}) ilmoittaa kustannusarvioksi {eur(unit.cost_eur)} (ero {eur(abs(diff))})",
                f"{en_name}, row '{grid.row_label[r]}': {eur(cell.value_eur)}, but {name} "
                f"(line {unit.where.line}) states a cost estimate of {eur(unit.cost_eur)} (difference {eur(abs(diff))})",
                cell.where, unit.cost_eur, cell.value_eur,
                {"table": table.number, "row": grid.row_label[r], "unit": name, "unit_line": unit.where.line,
                 "unit_cost_eur": unit.cost_eur, "cost_source": unit.cost_source},
                rule="rounding" if abs(diff) <= settings.rounding_eur else None,
            )
