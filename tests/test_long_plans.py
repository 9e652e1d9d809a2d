"""Work that grows with a plan, not faster: the shortcuts that keep a long
plan (hundreds of sections, references and pages) linear give what the
plain definitions give. How fast they are is measured by
benchmarks/bench_pdf.py ("Long plans"), never here."""

from __future__ import annotations

from extract.assemble import assemble
from extract.checks.items import SECTION_WORDS_SKIPPED, LineSpans
from extract.readers import read


def slow_home(layout: LineSpans, position: int):
    """The definition: of the sections (section words only) whose lines hold
    the line, the one starting last; the first of those in order of spans."""
    around = [layout.sections[k] for k, (start, end) in layout.section_spans.items()
              if start <= position < end and layout.sections[k].kind not in SECTION_WORDS_SKIPPED]
    return max(around, key=lambda s: layout.section_spans[s.key][0], default=None)


def homes_agree(plan) -> int:
    layout = LineSpans(plan)
    for position in range(-1, len(plan.lines) + 1):
        assert layout.home(position) is slow_home(layout, position), position
    return sum(1 for position in range(len(plan.lines)) if layout.home(position) is not None)


def test_the_section_a_line_stands_in_is_the_innermost_on_every_corpus_line(plans):
    placed = {name: homes_agree(plan) for name, plan in plans.items()}
    assert all(placed.values()), placed  # every plan has lines inside sections


NESTED = """Hankesuunnitelma

Pilari 1: Palvelut
Johdanto pilariin.
Investointi 1: Asiakasohjaus
Työpaketti 1: Kartoitus
Kartoitetaan palvelutarve.
Investointi 2: Sähköiset palvelut
Rakennetaan palvelu.
Pilarin 1 yhteenveto jatkuu investointien jälkeen.
Pilari 2: Tiedolla johtaminen
Investointi 1: Tietoaltaat
Hankitaan tietoallas.
Pilari 3: Hallinto
Hallinnoidaan hanketta.
"""


def test_a_line_stands_in_the_innermost_section_word_until_the_next_section_starts():
    plan = assemble(read("sisakkain.txt", NESTED.encode()))
    layout = LineSpans(plan)
    homes_agree(plan)
    by_text = {line.text: i for i, line in enumerate(plan.lines)}
    home = {text: layout.home(by_text[text]) for text in
            ("Kartoitetaan palvelutarve.", "Pilarin 1 yhteenveto jatkuu investointien jälkeen.",
             "Hankitaan tietoallas.", "Hallinnoidaan hanketta.", "Hankesuunnitelma")}
    assert home["Hankitaan tietoallas."] is not home["Kartoitetaan palvelutarve."]
    assert {text: (s.kind, s.number) if s else None for text, s in home.items()} == {
        "Kartoitetaan palvelutarve.": ("investointi", "1"),
        "Pilarin 1 yhteenveto jatkuu investointien jälkeen.": ("investointi", "2"),
        "Hankitaan tietoallas.": ("investointi", "1"),  # Pilari 2's, not Pilari 1's
        "Hallinnoidaan hanketta.": ("pilari", "3"),
        "Hankesuunnitelma": None,
    }


def slow_unit_spans(layout: LineSpans) -> dict:
    """The definition: each heading of a unit runs to the first section start
    or heading of another unit, its own sub-units' headings aside."""
    plan = layout.plan
    starts = [start for start, _ in layout.section_spans.values()]
    spans = {}
    for unit in plan.units:
        others = [i for other in plan.units if other.key != unit.key and
                  unit.key not in layout._ancestors(other.key, lambda k: layout.units[k].parent_key)
                  for i in layout._headings(other)]
        boundaries = sorted(others + starts)
        spans[unit.key] = [(h, next((b for b in boundaries if b > h), len(plan.lines))) for h in layout._headings(unit)]
    return spans


SUB_UNITS = """Työpaketti 1: Asiakasohjaus
Työpaketissa kehitetään asiakasohjausta kahdessa osassa.
1 a1) Neuvonta
Neuvontaa kehitetään.
1 a2) Ohjaus
Ohjausta kehitetään.
Työpaketti 2: Hallinto
Hallinnoidaan.
Työpaketti 1: Asiakasohjaus
Työpakettiin 1 palataan arvioinnissa.
"""


def test_a_unit_runs_to_the_next_unit_not_its_own_on_every_corpus_plan(plans):
    for name, plan in plans.items():
        layout = LineSpans(plan)
        assert layout.unit_spans == slow_unit_spans(layout), name


def test_a_unit_s_span_steps_over_its_sub_units_and_comes_back_at_its_second_heading():
    plan = assemble(read("alatoimenpiteet.txt", SUB_UNITS.encode()))
    layout = LineSpans(plan)
    assert layout.unit_spans == slow_unit_spans(layout)
    numbered = {u.number: layout.unit_spans[u.key] for u in plan.units}
    assert {u.number: u.parent_key is not None for u in plan.units} == {"1": False, "1 a1)": True, "1 a2)": True, "2": False}
    assert numbered == {
        "1": [(0, 6), (8, 10)],  # over its sub-units' headings to Työpaketti 2; again from its second heading
        "1 a1)": [(2, 4)],
        "1 a2)": [(4, 6)],
        "2": [(6, 8)],
    }
