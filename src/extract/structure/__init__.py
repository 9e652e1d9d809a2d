"""The outline of a plan: sections, work units, their fields and mentions.

Five parts, each with one job and a module of its own, fed one prose line at
a time by :class:`Outline` (``outline.py``):

* :class:`HeadingSequence` tells a numbered heading from a numbered list item
  ("1 Rekrytoidaan …", "2024 Valmistelu") by the headings before it;
* :class:`SectionStack` keeps the open sections: every level of the heading
  path (numbered headings, section words, lettered parts, and headings known
  only by their typography) is a section;
* :class:`UnitRegistry` knows a unit by (section, kind, number): units of two
  different sections (osa-alue, investointi, …) are never one unit; a unit
  repeated under the subsections of one section (goals, measures, schedule) is
  one unit when its titles agree;
* :class:`MentionResolver` resolves overview lists and references once the
  whole document is read, so a list before the units' headings finds them;
* :class:`FieldCollector` collects a unit's labelled fields.

:mod:`extract.cost_rows` then joins each cost-table row to the section or unit
its label names.

When the outline had to guess or could not place something, it leaves a
:class:`~extract.plan.StructureNote` (a ``structure`` flag).
"""

from .fields import FieldCollector, ListedCost, cost_of_field, names_unit
from .mentions import MentionResolver, Pending
from .outline import Outline, fields_follow, is_overview
from .sections import SectionStack
from .sequence import HeadingSequence
from .units import UnitRegistry
from .vocabulary import (
    HEADING_KIND, PART_KIND, TYPOGRAPHIC_KIND, UNLABELLED_KIND, normalise_title, similar_titles, title_position,
)

__all__ = [
    "HEADING_KIND", "PART_KIND", "TYPOGRAPHIC_KIND", "UNLABELLED_KIND", "FieldCollector", "HeadingSequence",
    "ListedCost", "MentionResolver", "Outline", "Pending", "SectionStack", "UnitRegistry", "cost_of_field",
    "fields_follow", "is_overview", "names_unit", "normalise_title", "similar_titles", "title_position",
]
