"""Numbers as a Finnish reviewer reads them: "1 182 060 €", "12,50 €", "80 %"."""

from __future__ import annotations

from .. import i18n


def eur(value: float) -> str:
    """12345.5 → '12 345,50 €'; whole euros without decimals."""
    whole = abs(value - round(value)) < 0.005
    text = f"{abs(value):,.0f}" if whole else f"{abs(value):,.2f}"
    return ("-" if value < 0 else "") + text.replace(",", " ").replace(".", ",") + " €"


def pct(share: float) -> str:
    """0.8 → '80 %', 0.755 → '75,5 %'."""
    value = round(share * 100, 1)
    text = f"{value:.0f}" if value == int(value) else f"{value:.1f}".replace(".", ",")
    return f"{text} %"


def plus(values: list[float]) -> str:
    return " + ".join(eur(v) for v in values)


def fi_date(iso: str | None) -> str:
    """'2021-12-31' → '31.12.2021', '2021-12' → '12/2021', '2021' → '2021'; None
    → '?' (in a sentence, where the report's '–' would read as a dash)."""
    return i18n.date(iso, "fi") if iso else "?"


def places(spots: list[tuple[int, int]], finnish: bool = True) -> str:
    """Where a reviewer finds something: [(1, 911), (1, 1002)] → 'rivit 911,
    1002' ('lines 911, 1002'); with pages, 'sivu 3 rivi 12, sivu 4 rivi 2'."""
    one, many, page = ("rivi", "rivit", "sivu") if finnish else ("line", "lines", "page")
    if all(not p or p <= 1 for p, _ in spots):
        return f"{one if len(spots) == 1 else many} {', '.join(str(n) for _, n in spots)}"
    return ", ".join(f"{page} {p} {one} {n}" for p, n in spots)
