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
