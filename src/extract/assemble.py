"""Assemble a read document into a plan.

One pass over the prose lines feeds the :class:`~extract.structure.Outline`
(sections, units, fields, mentions; resolved once the tables are read, as a
cost table may state the units' costs) and attaches every amount and period to
the unit whose text states it; tables are classified and linked to the unit or
section they stand in, and each cost-table row to the section or unit it
names; the title and the plan's own period are looked up.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left

import regex

from . import rules
from .model import Document
from .plan import Amount, PeriodFound, PhaseFound, Plan, PlanTable, TableReferenceFound
from .recognise import tables as table_recogniser
from .recognise.headings import classify
from .recognise.lines import TextLines, text_lines_of
from .recognise.money import find_money
from .recognise.periods import find_periods
from .recognise.phases import find_dated_phase
from .recognise.references import find_table_references, table_reference_pieces
from .cost_rows import link_cost_rows
from .structure import Outline

# "Hankkeen nimi: Title": a label and its value on one line
LABELLED = regex.compile(r"^\s*(?P<label>[^:]{3,40}?)\s*:\s*(?P<value>\S.*?)\s*$")
# a cover line that is only a date ("30.4.2020", "19.8.2020 päivitetty")
DATE_LINE = regex.compile(r"[\d.\s–-]+(päivitetty)?")
# a title line ending in a dash, a comma or "ja"/"sekä" goes on on the next line
OPEN_END = regex.compile(r"(?:[-–,]|\sja|\ssekä)$")


def assemble(doc: Document) -> Plan:
    title = find_title(doc)
    scanned = text_lines_of(doc.lines)  # the prose lines lowered once, for the recognisers' pieces
    outline = Outline(title, doc.lines, scanned)
    positions = {id(line): i for i, line in enumerate(doc.lines)}
    entries = [(ln, classify(ln.text)) for ln in doc.prose_lines() if ln.text.strip()]
    naming_tables = {position for position, _line in scanned.holding(table_reference_pieces())}
    context: dict[tuple[int, int], tuple[str | None, str | None]] = {}
    amounts: list[Amount] = []
    periods: list[PeriodFound] = []
    references: list[TableReferenceFound] = []
    phases: list[PhaseFound] = []

    previous = -2
    for index, (line, _heading) in enumerate(entries):
        # a line follows the one before when nothing (no blank line, no table) stands between
        position = positions[id(line)]
        follows, previous = position == previous + 1, position
        outline.feed(entries, index, follows)
        section = outline.innermost()
        unit = outline.current_unit()
        unit_key = unit.key if unit else None
        context[(line.page, line.number)] = (section.key if section else None, unit_key)
        for money in find_money(line.text):
            amounts.append(Amount(money, line.where(money.start, money.end), unit_key))
        line_periods = find_periods(line.text)
        for period in line_periods:
            periods.append(PeriodFound(period, line.where(period.char_start, period.char_end), unit_key))
        for ref in find_table_references(line.text) if position in naming_tables else ():
            references.append(TableReferenceFound(ref, line.where(ref.start, ref.end), unit_key))
        for phase in find_dated_phase(line.text, line_periods) if line_periods else ():  # a phase line names a period
            phases.append(PhaseFound(phase, line.where(), unit_key))

    places = sorted(context)  # (page, line) of every prose line, for finding what stands before a table
    tables = [_plan_table(t, context, places) for t in doc.tables]
    notes = outline.finish(tables)
    notes += link_cost_rows(tables, outline.stack, outline.registry)
    phases = schedule_phases(phases)
    start, end = project_period(doc, scanned)
    if not (start or end):
        start, end = phase_list_period(phases)
    return Plan(
        title=title,
        project_start=start,
        project_end=end,
        sections=sorted(outline.sections.values(), key=lambda s: (s.where.page, s.where.line)),
        units=sorted(outline.units.values(), key=lambda u: (u.where.page, u.where.line)),
        amounts=amounts,
        periods=periods,
        tables=tables,
        announced=outline.announced,
        structure_notes=notes,
        references=references,
        phases=phases,
        lines=doc.lines,
    )


def schedule_phases(found: list[PhaseFound]) -> list[PhaseFound]:
    """The plan's own schedule as dated phases: phase lines outside any work
    unit (a unit's own dated steps are its schedule, not the plan's), two or
    more of them (one dated line is no list)."""
    outside_units = [p for p in found if p.unit_key is None]
    return outside_units if len(outside_units) >= 2 else []


def phase_list_period(phases: list[PhaseFound]) -> tuple[str | None, str | None]:
    """The plan's period read from its phase list: from the first phase to the
    end of the phase that ends the project ("12/2022: Hankkeen päättäminen"),
    else to the end of the last phase. A phase after the closing one is not
    the project's (the check phase-after-closing says so)."""
    closing = next((p.phase for p in phases if p.phase.closing and p.phase.end), None)
    within = [p.phase for p in phases if closing is None or not (p.phase.start and p.phase.start[:7] > closing.end[:7])]
    starts = [p.start for p in within if p.start]
    ends = [p.end for p in within if p.end]
    return (min(starts) if starts else None), (closing.end if closing else (max(ends) if ends else None))


def _plan_table(table, context, places) -> PlanTable:
    """Classify a table, read its cells, and link it to the section and unit
    of the last prose line before it."""
    before = bisect_left(places, (table.where.page, table.where.line))
    section_key, unit_key = context[places[before - 1]] if before else (None, None)
    periods = table_recogniser.header_periods(table)
    kind = table_recogniser.classify(table, periods)
    result = PlanTable(kind, table.number, table.caption, table.where, unit_key, section_key)
    if kind == "phase":
        result.phase_marks = table_recogniser.phase_marks(table, periods)
        result.columns = table_recogniser.phase_columns(table, periods)
        result.steps = table_recogniser.step_labels(table)
    elif kind == "cost":
        result.cost_cells = table_recogniser.cost_cells(table)
    return result


def find_title(doc: Document) -> str | None:
    """The plan's title: after a "Hankkeen nimi" label (on its line or the
    next), else the first short line that is not a heading, a date or a
    programme name, else a name quoted in the opening text ("hanke "X"")."""
    cfg = rules.load("headings")["title"]
    within = int(cfg["within_lines"])
    lines = [ln for ln in doc.lines[: within * 4] if ln.text.strip() and ln.role == "text"]
    return _labelled_title(lines, cfg) or _first_title_line(lines, cfg) or _quoted_name(lines, cfg)


def _labelled_title(lines, cfg) -> str | None:
    labels = {w.lower() for w in cfg["label_lines"]}
    prefixes = {w.lower() for w in cfg["label_prefixes"]}
    for i, line in enumerate(lines):
        if line.text.strip().lower() in labels and i + 1 < len(lines):
            return _with_wrapped_lines(lines, i + 1)
        # "Hankkeen nimi: Title", "Hankesuunnitelma: Title"
        labelled = LABELLED.match(line.text)
        if labelled and labelled.group("label").lower() in prefixes and line.number <= int(cfg["within_lines"]):
            return _with_wrapped_lines(lines, i, labelled.group("value"))
    return None


def _first_title_line(lines, cfg) -> str | None:
    skip = {w.lower() for w in cfg["not_title"]}
    organisation = cfg.get("organisation_endings", [])
    for i, line in enumerate(lines):
        if line.number > int(cfg["within_lines"]):
            break
        text = line.text.strip()
        if text.lower() in skip or len(text) > int(cfg["max_chars"]) or classify(text) is not None:
            continue
        if _names_an_organisation(text, organisation):
            continue  # the applicant's name on the cover
        if find_periods(text) and DATE_LINE.fullmatch(text):
            continue
        if text.endswith((".", "?", "!")) and len(text.split()) > 8:
            break  # running text: the plan states no title line
        return _with_wrapped_lines(lines, i)
    return None


def _names_an_organisation(text: str, endings: list[str]) -> bool:
    """"Itä-Suomen hyvinvointialue", "Peruspalvelukuntayhtymä Kallio": the
    first or the last word is an organisation word."""
    words = [w.lower().rstrip(".,:") for w in text.split()]
    if not words:
        return False
    compounds = tuple(e[1:].lower() for e in endings if e.startswith("*"))
    plain = {e.lower() for e in endings if not e.startswith("*")}
    return words[-1] in plain or bool(compounds) and (words[0].endswith(compounds) or words[-1].endswith(compounds))


def _with_wrapped_lines(lines, i: int, first: str | None = None) -> str:
    """A title wrapped over several lines: the next line continues it when it
    follows directly and starts in lower case, or this one ends in "-", "–",
    "," or "ja"."""
    text = (first if first is not None else lines[i].text).strip()
    while i + 1 < len(lines) and lines[i + 1].number == lines[i].number + 1:
        nxt = lines[i + 1].text.strip()
        continues = nxt[:1].islower() or OPEN_END.search(text)
        if not continues or classify(nxt) is not None or len(text) + len(nxt) > 2 * int(rules.load("headings")["title"]["max_chars"]):
            break
        text = f"{text} {nxt}" if not text.endswith("-") or text.endswith(" -") else f"{text}{nxt}"
        i += 1
    return text


def _quoted_name(lines, cfg) -> str | None:
    pattern = rules.compile_pattern(cfg["quoted_name_regex"], "headings.toml [title] quoted_name_regex")
    for line in lines:
        m = pattern.search(line.text)
        if m:
            return m.group("title").strip()
    return None


PRECISION_RANK = {"day": 0, "month": 1, "quarter": 2, "season": 3, "year": 4}


def project_period(doc: Document, scanned: TextLines | None = None) -> tuple[str | None, str | None]:
    """The implementation period stated by the plan: a period after a cue
    ("toteutusaika on 1.8.2020 – 31.12.2021"; the most precise statement
    first), else a duration ("24 kuukautta alkaen 1.1.2025"), else a start
    and an end stated apart ("käynnistyy elo-syyskuussa 2020 … päättyy
    vuoden 2021 lopussa"). A period that ends before the document's own date
    sets the scene (an earlier project) and is not the plan's.

    ``scanned``: the document's lines already lowered (see recognise.lines)."""
    cfg = rules.load("headings")["plan_period"]
    lines = doc.prose_lines()
    dated = document_date(doc)
    stated = _cued_period(scanned or TextLines(doc.lines), dated)
    if stated:
        return stated
    return _duration_period(lines, cfg) or _start_and_end(lines, cfg, dated) or (None, None)


def document_date(doc: Document) -> str | None:
    """The latest date printed alone on a line at the top ("30.4.2020",
    "19.8.2020 päivitetty"): when the document was written."""
    within = int(rules.load("headings")["title"]["within_lines"])
    dates = [
        p.end for line in doc.lines[: within * 2] if line.text.strip() and len(line.text.strip()) <= 40
        for p in find_periods(line.text) if p.valid and p.precision == "day" and p.start == p.end
    ]
    return max(dates) if dates else None


def _cued_period(scanned: TextLines, dated: str | None) -> tuple[str, str] | None:
    cues = [c.lower() for c in rules.load("periods")["project"]["cues"]]
    best = None
    for _position, line in scanned.holding(tuple(cues)):  # the prose lines holding a cue
        lowered = line.text.lower()
        at = [lowered.find(cue) for cue in cues if cue in lowered]
        if not at:
            continue
        periods = [p for p in find_periods(line.text) if p.valid and p.start and p.end and p.start != p.end
                   and not (dated and p.end < dated[: len(p.end)])]
        # the period the cue introduces: the first after it, else the last before it
        after = [p for p in periods if p.char_start >= min(at)]
        chosen = after[0] if after else (periods[-1] if periods else None)
        if chosen is not None:
            rank = PRECISION_RANK[chosen.precision]
            if best is None or rank < best[0]:
                best = (rank, chosen)
    return (best[1].start, best[1].end) if best else None


def _duration_period(lines, cfg) -> tuple[str, str] | None:
    duration = rules.compile_pattern(cfg["duration_regex"], "headings.toml [plan_period] duration_regex")
    for line in lines:
        m = duration.search(line.text)
        if not m:
            continue
        starts = [p for p in find_periods(line.text[m.end():]) if p.valid and p.start]
        if starts:
            return starts[0].start, _add_months(starts[0].start, int(m.group("months")))
    return None


def _add_months(start: str, months: int) -> str:
    """The last day (or month) of a span of ``months`` from ``start``."""
    year, month = int(start[:4]), int(start[5:7])
    total = year * 12 + month - 1 + months
    if len(start) == 7:
        total -= 1
        return f"{total // 12:04d}-{total % 12 + 1:02d}"
    day = int(start[8:10])
    end_year, end_month = total // 12, total % 12 + 1
    if day == 1:  # 1.1.2025 + 24 months ends 31.12.2026
        last_total = total - 1
        end_year, end_month = last_total // 12, last_total % 12 + 1
        return f"{end_year:04d}-{end_month:02d}-{calendar.monthrange(end_year, end_month)[1]:02d}"
    return f"{end_year:04d}-{end_month:02d}-{day - 1:02d}"


def _start_and_end(lines, cfg, dated: str | None) -> tuple[str, str] | None:
    subject = rules.compile_pattern(cfg["subject_regex"], "headings.toml [plan_period] subject_regex")
    starts = [c.lower() for c in cfg["start_cues"]]
    ends = [c.lower() for c in cfg["end_cues"]]
    for i, line in enumerate(lines):
        if not subject.search(line.text):
            continue
        window = " ".join(ln.text for ln in lines[i: i + 3])
        start = _after_cue(window, starts, "start")
        if not start:
            continue  # no start stated here: its end is not looked for
        end = _after_cue(window, ends, "end")
        if end and start <= end and not (dated and end < dated[: len(end)]):
            return start, end
    return None


def _after_cue(text: str, cues: list[str], which: str) -> str | None:
    lowered = text.lower()
    for cue in cues:
        at = lowered.find(cue)
        if at < 0:
            continue
        periods = [p for p in find_periods(text[at:]) if p.valid and getattr(p, which)]
        if periods:
            return getattr(periods[0], which)
    return None
