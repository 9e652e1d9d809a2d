"""The document model every reader produces and every recogniser consumes.

Readers turn a file into a :class:`Document`: numbered lines (with the
raw text as printed and the cleaned text the recognisers read) and tables
(rows of cells, each cell knowing its line). Everything downstream works on
this plain data, so it can be tested without files.

Character offsets in ``Span`` refer to the *raw* line, so a reviewer can find
exactly what was printed even after export artefacts were stripped.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Where:
    """Provenance of one extracted fact: page and line (1-based), raw span."""

    page: int
    line: int
    char_start: int | None = None
    char_end: int | None = None


@dataclass
class Line:
    """One line of extracted text.

    ``text`` is what recognisers read (artefacts and struck text removed);
    ``offsets[i]`` is the index in ``raw`` of ``text[i]``, or ``offsets`` is
    None when ``text`` is ``raw`` itself, character for character (most
    lines: nothing was stripped; a worker sends no list of a number per
    character back to the process that stores).
    """

    page: int
    number: int
    raw: str
    text: str
    offsets: list[int] | None
    struck: list[str] = field(default_factory=list)
    # "text", "toc" (table of contents), "furniture" (page numbers) or "table"
    role: str = "text"
    # set by readers that see typography: a heading style (DOCX) or a larger
    # or bold font (PDF), whatever its words say
    heading: bool = False
    # the heading's level when the source says it (Word "Heading 2", Markdown "##")
    level: int | None = None
    # a list item by the source's own markup (Word automatic numbering)
    list_item: bool = False

    @property
    def blank(self) -> bool:
        """No content: empty, white space only, or page furniture."""
        return not self.text.strip() or self.role == "furniture"

    def where(self, start: int | None = None, end: int | None = None) -> Where:
        """Provenance of ``text[start:end]`` expressed in raw-line offsets."""
        if start is None or end is None:
            return Where(self.page, self.number)
        offsets = self.raw_offsets()
        raw_start = offsets[start] if start < len(offsets) else len(self.raw)
        raw_end = offsets[end - 1] + 1 if end > 0 and end - 1 < len(offsets) else len(self.raw)
        return Where(self.page, self.number, raw_start, raw_end)

    def raw_offsets(self) -> list[int] | range:
        """The index in ``raw`` of each character of ``text``."""
        return range(len(self.text)) if self.offsets is None else self.offsets


@dataclass
class Cell:
    text: str
    where: Where


@dataclass
class Table:
    """A table as printed: rows of cells, first row(s) being the header.

    ``caption_line`` is the line of a "Taulukko N." caption when there is one.
    """

    rows: list[list[Cell]]
    where: Where
    caption: str | None = None
    number: str | None = None
    header_rows: int = 1

    @property
    def header(self) -> list[str]:
        return [c.text for c in self.rows[0]] if self.rows else []

    @property
    def body(self) -> list[list[Cell]]:
        return self.rows[self.header_rows:]


@dataclass
class Document:
    """A read document: its lines and tables, before any recognition."""

    path: str
    format: str
    pages: int
    lines: list[Line]
    tables: list[Table]
    warnings: list[str] = field(default_factory=list)

    def prose_lines(self) -> list[Line]:
        """Lines outside tables and tables of contents: where prose facts live."""
        return [ln for ln in self.lines if ln.role == "text"]
