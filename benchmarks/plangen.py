"""Generate plan documents for the scale benchmark: text, DOCX and PDF, 5–80
pages, in several structures, written directly (python-docx, a tiny PDF
writer) and never through our own readers.

A plan has sections (osa-alue, pilari/investointi or plain numbered chapters),
work units in the styles plans use (``Työpaketti N:``, ``Toimenpide N.``,
lettered ``A.``), unit fields with costs and periods, a phase table and a
cost table, and filler prose until it reaches its page count. The numbers are
random but consistent; what matters here is shape and volume.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LINES_PER_PAGE = 45
PROSE = [
    "Hankkeen tavoitteena on vahvistaa sosiaali- ja terveyspalvelujen saatavuutta koko alueella.",
    "Toimenpiteet kohdistuvat erityisesti heikossa asemassa oleviin asiakasryhmiin ja perustason palveluihin.",
    "Työ tehdään yhteistyössä kuntien, järjestöjen ja oppilaitosten kanssa, ja tuloksia arvioidaan säännöllisesti.",
    "Digitaalisia palveluja kehitetään asiakkaiden tarpeista lähtien, ja henkilöstö koulutetaan niiden käyttöön.",
    "Hankkeen hallinnosta vastaa hyvinvointialueen kehittämisyksikkö, ja ohjausryhmä kokoontuu neljästi vuodessa.",
]
STRUCTURES = ("osa-alue", "pilari", "numbered")
UNIT_STYLES = ("Työpaketti {n}: {t}", "Toimenpide {n}. {t}", "{letter}. {t}")
TITLES = ["Hankehallinto", "Palvelutarpeen arviointi", "Digitaaliset palvelut", "Osaamisen vahvistaminen",
          "Mielenterveyspalvelut", "Ikäihmisten kotihoito", "Tiedolla johtaminen", "Viestintä ja arviointi"]


@dataclass(frozen=True)
class Generated:
    path: Path
    pages: int  # pages as written (a text or DOCX page is 45 lines)
    hostile: bool = False


def plan_lines(rng: random.Random, pages: int, sections: int | None = None,
               units_per_section: int | None = None) -> list[str]:
    """The plan's lines (tables as tab-separated rows), about ``pages`` pages
    long; 1–4 sections of 2–5 units each unless told (lettered units only up
    to 8 a section)."""
    structure = rng.choice(STRUCTURES)
    style = rng.choice(UNIT_STYLES if (units_per_section or 0) <= 8 else UNIT_STYLES[:2])
    lines = [f"Hankesuunnitelma {rng.randrange(1000, 9999)}", "",
             "Hankkeen toteutusaika on 1.1.2025 – 31.12.2026.", ""]
    sections = sections or rng.randrange(1, 5)
    units_per_section = units_per_section or rng.randrange(2, 6)
    body_lines = pages * LINES_PER_PAGE
    per_unit = max(8, body_lines // (sections * units_per_section) - 4)
    total = 0
    for s in range(1, sections + 1):
        if structure == "osa-alue":
            lines.append(f"{s + 1} Osa-alue {s}: {rng.choice(TITLES)}")
        elif structure == "pilari":
            lines.append(f"4.{s} Investointi {s}: {rng.choice(TITLES)}")
        else:
            lines.append(f"{s + 1}. {rng.choice(TITLES)}")
        lines.append("")
        for u in range(1, units_per_section + 1):
            cost = rng.randrange(10, 900) * 1000
            total += cost
            lines.append(style.format(n=u, t=rng.choice(TITLES), letter="ABCDEFGH"[(u - 1) % 8]))  # lettered only up to 8 (see above)
            lines.append(f"Tavoitteet: {rng.choice(PROSE)}")
            lines.append(f"Aikataulu: {rng.randrange(1, 10)}/2025 – {rng.randrange(1, 13)}/2026")
            lines.append(f"Kustannusarvio: {cost:,} €".replace(",", " "))
            lines += [rng.choice(PROSE) for _ in range(per_unit)]
            lines.append("")
    lines += ["Taulukko 1. Vaiheistus", "Vaihe\t1-6/2025\t7-12/2025\t1-6/2026\t7-12/2026"]
    for step in range(1, 5):
        marks = ["x" if rng.random() < 0.5 else "" for _ in range(4)]
        lines.append(f"{step}. {rng.choice(TITLES)}\t" + "\t".join(marks))
    aid = round(total * 0.8)
    lines += ["", "Taulukko 2. Kustannukset", "\t2025\t2026\tYhteensä",
              f"Kustannukset yhteensä €\t{total // 2}\t{total - total // 2}\t{total}",
              f"Valtionavustus\t{aid // 2}\t{aid - aid // 2}\t{aid}",
              f"Omarahoitus\t{total // 2 - aid // 2}\t{total - total // 2 - (aid - aid // 2)}\t{total - aid}", ""]
    return lines


def write_text(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_docx(path: Path, lines: list[str]) -> None:
    import docx

    document = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
            rows.clear()

    for line in lines:
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush()
        document.add_paragraph(line)
    flush()
    document.save(str(path))


def write_pdf(path: Path, lines: list[str]) -> None:
    from tests.pdfgen import Page, Text, pdf_bytes

    pages, items, y = [], [], 60.0
    for line in lines:
        if y > 780:
            pages.append(Page(items))
            items, y = [], 60.0
        x = 60.0
        for cell in line.split("\t"):
            if cell:
                items.append(Text(x, y, cell[:95], size=10))
            x += 110 if "\t" in line else 0
        y += 16
    pages.append(Page(items))
    path.write_bytes(pdf_bytes(pages))


def hostile_bytes(rng: random.Random, ext: str) -> bytes:
    kind = rng.randrange(4)
    if kind == 0:
        return b""
    if kind == 1:
        return bytes(rng.randrange(256) for _ in range(2048))
    if kind == 2:
        return b"%PDF-1.4\n" + bytes(rng.randrange(256) for _ in range(512)) if ext == ".pdf" else b"PK\x03\x04 rikki"
    return b"Ty\x00\x00opaketti"


def generate(folder: Path, files: int, seed: int = 2026, hostile_share: float = 0.05) -> list[Generated]:
    """Write ``files`` plans into ``folder``: a third each text, DOCX and PDF."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for n in range(files):
        ext = (".txt", ".docx", ".pdf")[n % 3]
        path = folder / f"plan-{n:05}{ext}"
        if rng.random() < hostile_share:
            path.write_bytes(hostile_bytes(rng, ext))
            out.append(Generated(path, 0, hostile=True))
            continue
        pages = rng.randrange(5, 81)
        lines = plan_lines(rng, pages)
        {".txt": write_text, ".docx": write_docx, ".pdf": write_pdf}[ext](path, lines)
        out.append(Generated(path, pages))
    return out


if __name__ == "__main__":
    made = generate(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
    print(f"{len(made)} files, {sum(g.pages for g in made)} pages, {sum(g.hostile for g in made)} hostile")
