"""The reviewer's report of one document, built from the database alone.

:func:`build` reads one document's rows (:mod:`extract.corpus`) and computes
what a reviewer checks by hand: each cost table's row and column sums beside
the printed totals, the sum of the work units' cost estimates against the
totals the plan states, and the timeline of phases and schedules.
:func:`render` turns that plain data into one self-contained page (HTML with
inline CSS and SVG, no scripts, nothing fetched) or Markdown, through Jinja2
templates with autoescaping, so no document text can become markup.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path

from . import corpus, i18n
from .recognise.tables import label_role

TEMPLATES = Path(__file__).parent / "templates"
ROUNDING_EUR = 2.0  # differences up to this are shown as rounding, as the checks do


@dataclass
class Comparison:
    """A stated total beside a computed one."""

    what: str
    stated: float | None
    computed: float | None
    page: int | None = None
    line: int | None = None
    raw: str | None = None
    axis: str | None = None  # for a cost-table check: 'row' (a row's cells against its total) or 'column'

    @property
    def difference(self) -> float | None:
        if self.stated is None or self.computed is None:
            return None
        return round(self.stated - self.computed, 2)

    @property
    def state(self) -> str:
        """'same', 'rounding', 'differs' or 'alone' (nothing to compare with): the CSS class."""
        diff = self.difference
        if diff is None:
            return "alone"
        return "same" if diff == 0 else ("rounding" if abs(diff) <= ROUNDING_EUR else "differs")


@dataclass
class CostGrid:
    """A cost table as rows of cells, with computed sums beside the printed totals."""

    title: str
    page: int | None
    line: int | None
    columns: list[str]
    rows: list[dict]  # {"label", "cells": [value|None], "computed": float|None, "printed": float|None}
    computed_row: list[float | None]  # column sums of the part rows
    total_row_index: int | None
    total_col: int | None  # index into columns of the printed total column
    section_id: int | None = None
    comparisons: list[Comparison] = field(default_factory=list)


@dataclass
class Bar:
    label: str
    group: str
    start: float  # months since year 0 (fractional)
    end: float
    open_end: bool
    page: int | None
    line: int | None
    text: str  # the period as written


def build(conn: sqlite3.Connection, doc_id: str) -> dict:
    """Everything the report shows, as plain data."""
    doc = dict(conn.execute("select * from documents where id = ?", [doc_id]).fetchone())
    nodes = corpus.outline(conn, doc_id)
    grids = cost_grids(conn, doc_id)
    flags = corpus.flags(conn, doc_id)
    has_lines = corpus.has_lines_table(conn)
    for flag in flags:
        flag["source"] = corpus.source_lines(conn, doc_id, flag["page"], flag["line"]) if has_lines else []
    amounts = corpus.rows(conn, "select * from amounts where document_id = ? and role in ('total', 'state_aid', "
                                "'own_financing') order by page, line, char_start", [doc_id])
    sections = [n for n in _walk(nodes) if n.what == "section"]
    stated_by_section = _stated_section_totals(sections, amounts, grids)
    return {
        "doc": doc,
        "outline": nodes,
        "section_sums": {s.id: (_sum_costs(s.units_below()), stated_by_section.get(s.id)) for s in sections},
        "totals": totals(nodes, amounts, grids, [(g, g.section_id) for g in grids], sections, stated_by_section),
        "grids": grids,
        "timeline": timeline(conn, doc_id, doc),
        "flags": flags,
    }


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _sum_costs(units) -> float | None:
    """Sum of the units' estimates; a unit without one counts its sub-units'."""
    total, any_cost = 0.0, False
    for unit in units:
        cost = unit.cost_eur if unit.cost_eur is not None else _sum_costs([c for c in unit.children if c.what == "unit"])
        if cost is not None:
            total, any_cost = total + cost, True
    return round(total, 2) if any_cost else None


# --- cost tables -----------------------------------------------------------


def cost_grids(conn: sqlite3.Connection, doc_id: str) -> list[CostGrid]:
    tables = corpus.rows(conn, "select * from tables where document_id = ? and kind = 'cost' order by page, line, id", [doc_id])
    return [_grid(t, corpus.rows(conn, "select * from cost_cells where table_id = ? order by row, col", [t["id"]]))
            for t in tables]


def _grid(table: dict, cells: list[dict]) -> CostGrid:
    cols = sorted({c["col"] for c in cells})
    col_label = {c["col"]: c["column_label"] or "" for c in cells}
    row_ids = sorted({c["row"] for c in cells})
    row_label = {c["row"]: c["row_label"] or "" for c in cells}
    value = {(c["row"], c["col"]): c["value_eur"] for c in cells}
    where = {(c["row"], c["col"]): (c["page"], c["line"]) for c in cells}
    total_cols = [c for c in cols if label_role(col_label[c]) == "total"]
    total_col = total_cols[-1] if total_cols and len(cols) > 1 else None
    part_cols = [c for c in cols if c != total_col]
    roles = {r: label_role(row_label[r]) for r in row_ids}
    total_rows = [r for r in row_ids if roles[r] == "total"]
    # the rows a total row adds up: state aid + own financing when the table splits the total, else every other row
    split = [r for r in row_ids if roles[r] in ("state_aid", "own_financing")]
    part_rows = split if split else [r for r in row_ids if r not in total_rows]
    name = f"{i18n.label('table', 'fi')} {table['number']}" if table["number"] else None
    grid = CostGrid(
        title=table["caption"] or name or "",
        page=table["page"], line=table["line"],
        columns=[col_label[c] for c in cols],
        rows=[], computed_row=[],
        total_row_index=row_ids.index(total_rows[0]) if len(total_rows) == 1 else None,
        total_col=cols.index(total_col) if total_col is not None else None,
        section_id=table["section_id"],
    )
    for r in row_ids:
        parts = [value.get((r, c)) for c in part_cols]
        known = [v for v in parts if v is not None]
        computed = round(sum(known), 2) if total_col is not None and len(known) >= 2 else None
        printed = value.get((r, total_col)) if total_col is not None else None
        grid.rows.append({"label": row_label[r], "cells": [value.get((r, c)) for c in cols],
                          "computed": computed, "printed": printed})
        if computed is not None and printed is not None:
            grid.comparisons.append(Comparison(row_label[r], printed, computed, *where[(r, total_col)], axis="row"))
    if grid.total_row_index is not None:
        total_r = total_rows[0]
        for c in cols:
            known = [value.get((r, c)) for r in part_rows if value.get((r, c)) is not None]
            computed = round(sum(known), 2) if len(known) >= 2 else None
            grid.computed_row.append(computed)
            printed = value.get((total_r, c))
            if computed is not None and printed is not None:
                grid.comparisons.append(Comparison(col_label[c], printed, computed, *where[(total_r, c)], axis="column"))
    return grid


def _grand_total(grid: CostGrid) -> float | None:
    """The printed figure that totals the whole table: the total row in the total column, else either alone."""
    if grid.total_row_index is not None:
        row = grid.rows[grid.total_row_index]
        if grid.total_col is not None:
            return row["cells"][grid.total_col]
        values = [v for v in row["cells"] if v is not None]
        return values[-1] if len(values) == 1 else None
    return None


# --- totals ----------------------------------------------------------------


def _stated_section_totals(sections, amounts, grids) -> dict[int, Comparison]:
    """The total the plan states for each section: a 'total' amount in its prose
    (outside any unit) or the grand total of a cost table standing in it."""
    found: dict[int, Comparison] = {}
    for grid in grids:
        total = _grand_total(grid)
        if grid.section_id is not None and total is not None and grid.section_id not in found:
            found[grid.section_id] = Comparison(grid.title, total, None, grid.page, grid.line)
    for amount in amounts:
        if amount["role"] != "total" or amount["work_package_id"] is not None:
            continue
        section = _section_at(sections, amount["page"], amount["line"])
        if section is not None and section.id not in found:
            found[section.id] = Comparison(amount["context"] or "", amount["value_eur"], None,
                                           amount["page"], amount["line"], amount["raw"])
    return found


def _section_at(sections, page, line):
    """The section whose heading last precedes (page, line): the innermost open one."""
    before = [s for s in sections if (s.page or 0, s.line or 0) <= (page or 0, line or 0)]
    return max(before, key=lambda s: (s.page or 0, s.line or 0), default=None)


def totals(nodes, amounts, grids, grids_with_sections, sections, stated_by_section) -> list[dict]:
    """Rows of the totals table: each stated total beside what the tool computed."""
    rows = []
    top_units = [u for n in nodes for u in ([n] if n.what == "unit" else n.units_below())]
    plan_sum = _sum_costs(top_units)
    # the plan's stated grand total: a cost table standing outside every section (a summary table)
    summary = [(g, _grand_total(g)) for g, section_id in grids_with_sections if section_id is None]
    source, plan_stated = next(((g, t) for g, t in summary if t is not None), (None, None))
    if plan_sum is not None:
        rows.append({"scope": "plan", "comparison": Comparison(
            "sum_of_units", plan_stated, plan_sum, source.page if source else None, source.line if source else None)})
    for section in sections:
        computed = _sum_costs(section.units_below())
        stated = stated_by_section.get(section.id)
        if computed is None:
            continue  # a stated section total without unit costs is listed with the amounts or its table
        rows.append({"scope": "section", "section": section, "comparison": Comparison(
            "sum_of_units", stated.stated if stated else None, computed,
            stated.page if stated else None, stated.line if stated else None, stated.raw if stated else None)})
    rows += _split_checks(amounts, sections)
    for amount in amounts:
        rows.append({"scope": "amount", "role": amount["role"], "context": amount["context"], "comparison": Comparison(
            amount["role"], amount["value_eur"], None, amount["page"], amount["line"], amount["raw"])})
    for grid in grids:
        rows += [{"scope": "table", "table": grid.title, "comparison": c} for c in grid.comparisons]
    return rows


def _split_checks(amounts, sections) -> list[dict]:
    """State aid + own financing against the total costs, where the prose of one work unit, or of one
    section outside its units, states all three once each ("valtionavustus on 578 808 euroa ja
    omarahoitusosuus 143 702 euroa", "kokonaiskustannukset ovat 722 510 euroa")."""
    groups: dict[tuple, list[dict]] = {}
    for amount in amounts:
        if amount["work_package_id"] is not None:
            key = ("unit", amount["work_package_id"])
        else:
            section = _section_at(sections, amount["page"], amount["line"])
            key = ("section", section.id if section else None)
        groups.setdefault(key, []).append(amount)
    rows = []
    for group in groups.values():
        aid, own, total = ([a for a in group if a["role"] == role] for role in ("state_aid", "own_financing", "total"))
        if len(aid) == 1 and len(own) == 1 and len(total) == 1:
            t = total[0]
            rows.append({"scope": "split", "context": t["context"], "comparison": Comparison(
                "split", t["value_eur"], round(aid[0]["value_eur"] + own[0]["value_eur"], 2), t["page"], t["line"], t["raw"])})
    return rows


# --- timeline --------------------------------------------------------------


def month_index(iso: str | None, end: bool = False) -> float | None:
    """'2020-08' → months since year 0 at the start of August 2020 (its end with ``end``);
    a day date falls within its month."""
    if not iso:
        return None
    parts = iso.split("-")
    try:
        year, month = int(parts[0]), int(parts[1]) if len(parts) > 1 else (12 if end else 1)
    except ValueError:
        return None
    base = year * 12 + month - 1
    if len(parts) == 3:
        day = int(parts[2])
        return base + (day / 31 if end else (day - 1) / 31)
    return base + 1 if end else base


def timeline(conn, doc_id: str, doc: dict) -> dict:
    """Bars for every phase-table step (one per marked period) and every unit's schedule."""
    bars: list[Bar] = []
    stages = 0
    for mark in corpus.rows(conn, "select m.*, t.number as table_number, t.caption from phase_marks m join tables t "
                                  "on t.id = m.table_id where m.document_id = ? order by t.page, t.line, m.id", [doc_id]):
        start = month_index(mark["start"])
        if start is None:
            stages += 1
            continue
        end = month_index(mark["end"], end=True)
        group = f"{i18n.label('table', 'fi')} {mark['table_number']}" if mark["table_number"] else (mark["caption"] or "")
        bars.append(Bar(mark["step"] or "", group, start, end if end is not None else start + 1, mark["end"] is None,
                        mark["page"], mark["line"], mark["period_raw"] or ""))
    for unit in corpus.rows(conn, "select w.kind, w.number, w.title, min(p.start) as start, max(p.end) as end, "
                                  "sum(p.end is null) as open_ends, min(p.page) as page, min(p.line) as line, "
                                  "group_concat(p.raw, '; ') as raw from periods p join work_packages w "
                                  "on w.id = p.work_package_id where p.document_id = ? and p.valid = 1 and p.start is not null "
                                  # background years a unit's text mentions ("vuodesta 2015") end before the project
                                  "and (? is null or coalesce(p.end, p.start) >= ?) "
                                  "group by w.id order by w.page, w.line",
                                  [doc_id, doc.get("project_start"), doc.get("project_start")]):
        start, end = month_index(unit["start"]), month_index(unit["end"], end=True)
        label = f"{unit['kind']} {unit['number']}: {unit['title'] or ''}".strip()
        bars.append(Bar(label, "schedule", start, end if end is not None else start + 1, bool(unit["open_ends"]),
                        unit["page"], unit["line"], unit["raw"] or ""))
    project = (month_index(doc.get("project_start")), month_index(doc.get("project_end"), end=True))
    return _layout(bars, project, stages)


def _layout(bars: list[Bar], project, stages: int) -> dict:
    """Positions in an SVG of fixed width: a label column, then one column per month."""
    if not bars:
        return {"bars": [], "stages": stages}
    points = [b.start for b in bars] + [b.end for b in bars] + [p for p in project if p is not None]
    first, last = int(min(points)) // 12 * 12, (int(max(points) - 1e-9) // 12 + 1) * 12
    label_w, width, row_h, top = 330, 1000, 18, 26
    scale = (width - label_w - 10) / max(last - first, 1)
    x = lambda months: label_w + (months - first) * scale  # noqa: E731
    placed, groups, y = [], [], top
    rows: dict[str, float] = {}  # one row per step of a group: a step marked in several columns gets several bars
    for bar in bars:
        if not groups or groups[-1]["name"] != bar.group:
            groups.append({"name": bar.group, "y": y})
            rows = {}
            y += row_h
        new_row = bar.label not in rows
        if new_row:
            rows[bar.label] = y
            y += row_h
        placed.append({"bar": bar, "x": x(bar.start), "w": max(x(bar.end) - x(bar.start), 2), "y": rows[bar.label],
                       "first": new_row, "label": bar.label if len(bar.label) <= 48 else bar.label[:47] + "…"})
    years = [{"x": x(m), "year": m // 12} for m in range(first, last + 1, 12)]
    band = None
    if project[0] is not None and project[1] is not None:
        band = {"x": x(project[0]), "w": x(project[1]) - x(project[0])}
    return {"bars": placed, "groups": groups, "years": years, "band": band, "height": y + 8, "width": width,
            "label_w": label_w, "row_h": row_h, "top": top, "stages": stages}


# --- rendering -------------------------------------------------------------


def _environment(fmt: str):
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html", "html.j2"], default_for_string=True, default=fmt == "html"),
        trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )
    env.filters["eur"] = i18n.eur
    env.filters["md"] = md_escape
    return env


def md_escape(text) -> str:
    """Document text inside Markdown: table pipes, markup characters and HTML neutralised."""
    if text is None:
        return ""
    text = str(text).replace("\n", " ").replace("\t", " ").replace("\\", "\\\\")
    for char in "`*_[]#":
        text = text.replace(char, "\\" + char)
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|")):
        text = text.replace(char, entity)
    return text


def render(data: dict, fmt: str = "html", lang: str = "fi") -> str:
    env = _environment(fmt)
    template = env.get_template("report.html.j2" if fmt == "html" else "report.md.j2")
    return template.render(**data, lang=lang, t=lambda key: i18n.label(key, lang),
                           date=lambda iso: i18n.date(iso, lang), today=Date.today().isoformat())


def render_index(documents: list[dict], files: dict[str, str], lang: str = "fi") -> str:
    env = _environment("html")
    return env.get_template("index.html.j2").render(documents=documents, files=files, lang=lang,
                                                    t=lambda key: i18n.label(key, lang))


def report(conn: sqlite3.Connection, doc_id: str, fmt: str = "html", lang: str = "fi") -> str:
    return render(build(conn, doc_id), fmt, lang)
