"""References by title: "(ks. kohta Tiedolla johtamisen välineet, kohta e)"
sends the reader to the unit titled "Tietojohtamista tukevat työvälineet".
A title written as the plan writes it (or shortened) is fine; one that no
unit, section or item bears is looked up by its words, compounds included
("välineet" in "työvälineet"), and the closest title is named, so a reviewer
sees where the reader will end up. Info only: a paraphrase is no error, and
a title found nowhere may be another document's heading."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from ..plan import Plan
from ..recognise.references import find_title_references, title_reference_pieces
from ..recognise.words import PREFIX, content_words, same_word
from .items import line_spans
from .prose import text_lines
from .registry import Finding, Settings, rule

AND = regex.compile(r"\s+(?:ja|sekä)\s+")  # "kohdat Hallinnointi ja Viestintä" names two parts


@dataclass(frozen=True)
class Titled:
    """A part of the plan a title can name: its name, title, line and lines."""

    name: str  # "työpaketti 3"
    title: str
    line: int  # line number as printed
    spans: tuple[tuple[int, int], ...]  # indexes in plan.lines


def _titled(plan: Plan) -> list[Titled]:
    layout = line_spans(plan)
    found = []
    for unit in plan.units:
        for title in [unit.title, *unit.other_titles]:
            found.append(Titled(f"{unit.kind} {unit.number}", title, unit.where.line,
                                tuple(layout.unit_spans.get(unit.key, []))))
    for section in plan.sections:
        name = f"{section.kind} {section.number}" if section.kind != "otsikko" else section.number
        found.append(Titled(name, section.title, section.where.line,
                            (layout.section_spans.get(section.key, (0, 0)),)))
    for item in layout.items:
        found.append(Titled(f"kohta {item.label})", item.title, plan.lines[item.line].number,
                            ((item.line, item.line + 1),)))
    return [t for t in found if t.title]


def _covers(words: list[str], title: str) -> bool:
    """Every word of the reference is a word of the title: the title as written, or shortened."""
    title_words = content_words(title)
    return bool(words) and all(any(same_word(w, t) for t in title_words) for w in words)


def _shared(word: str, title_words: list[str]) -> bool:
    """A word of the title, also as part of a compound: "välineet" in "työvälineet"."""
    stem = word[:PREFIX]
    return any(same_word(word, t) or (len(word) >= PREFIX and stem in t) or (len(t) >= PREFIX and t[:PREFIX] in word)
               for t in title_words)


@rule("title-reference", "references", "info",
      "otsikolla viitattu kohta on olemassa samalla otsikolla (ei mukaeltuna)",
      "a part referred to by its title exists under that title (not paraphrased)")
def title_references(plan: Plan, settings: Settings) -> Iterator[Finding]:
    titled = None
    for _position, line in text_lines(plan).holding(title_reference_pieces()):
        for ref in find_title_references(line.text):
            if ref.external:
                continue
            titled = titled if titled is not None else _titled(plan)
            words = content_words(ref.title)
            parts = [content_words(p) for p in AND.split(ref.title)]
            if any(_covers(words, t.title) for t in titled) or \
                    (len(parts) > 1 and all(any(_covers(p, t.title) for t in titled) for p in parts)):
                continue  # as written, or shortened; "kohdat Hallinnointi ja Viestintä" names two
            yield _paraphrased(plan, line, ref, words, titled)


def _closest(plan: Plan, ref, words: list[str], titled: list[Titled]) -> list[Titled]:
    """The parts whose titles share the most of the reference's words (at
    least two, and half), narrowed to those holding the item named after the
    title ("…, kohta e")."""
    scored = [(sum(_shared(w, content_words(t.title)) for w in words), t) for t in titled if not t.name.startswith("kohta")]
    best = max((s for s, _ in scored), default=0)
    if best < max(2, (len(words) + 1) // 2):
        return []
    closest = [t for s, t in scored if s == best]
    if ref.item:
        layout = line_spans(plan)
        holding = [t for t in closest if any(ref.item in i.forms and any(a <= i.line < b for a, b in t.spans)
                                             for i in layout.items)]
        closest = holding or closest
    unique = {}
    for t in closest:
        unique.setdefault(t.name, t)
    return list(unique.values())


def _paraphrased(plan: Plan, line, ref, words: list[str], titled: list[Titled]) -> Finding:
    closest = _closest(plan, ref, words, titled)
    where = line.where(ref.start, ref.end)
    evidence = {"reference": ref.raw, "title": ref.title, "item": ref.item,
                "closest": [{"name": t.name, "title": t.title, "line": t.line} for t in closest]}
    if closest:
        fi = "; ".join(f"{t.name} '{t.title[:60]}' (rivi {t.line})" for t in closest)
        en = "; ".join(f"{t.name} '{t.title[:60]}' (line {t.line})" for t in closest)
        return Finding(
            f"title|{ref.title}|{ref.item}|{closest[0].name}",
            f"Viittaus '{ref.raw}': otsikkoa '{ref.title}' ei ole sellaisenaan; lähin on {fi}",
            f"Reference '{ref.raw}': no part is titled '{ref.title}'; the closest is {en}",
            where, evidence=evidence,
        )
    return Finding(
        f"title|{ref.title}|{ref.item}|",
        f"Viittaus '{ref.raw}': suunnitelmassa ei ole otsikkoa '{ref.title}' eikä sitä lähellä olevaa",
        f"Reference '{ref.raw}': the plan has no part titled '{ref.title}' or close to it",
        where, evidence=evidence,
    )
