"""The words and number formats of what reviewers read: Finnish first, English available.

Every label of the report is a key of :data:`LABELS` with both languages, so
a missing translation is a test failure, not a blank on the page. Numbers are
written the Finnish way in both languages (1 182 060 €, decimal comma): the
figures must look like the ones printed in the plan beside it.
"""

from __future__ import annotations

LANGUAGES = ("fi", "en")

LABELS: dict[str, dict[str, str]] = {
    "report": {"fi": "Tarkastusraportti", "en": "Review report"},
    "index_title": {"fi": "Hankesuunnitelmat: tarkastusraportit", "en": "Grant plans: review reports"},
    "untitled": {"fi": "(ei otsikkoa)", "en": "(no title)"},
    "file": {"fi": "Tiedosto", "en": "File"},
    "format": {"fi": "Muoto", "en": "Format"},
    "pages": {"fi": "Sivuja", "en": "Pages"},
    "period": {"fi": "Toteutusaika", "en": "Project period"},
    "no_period": {"fi": "ei löydetty", "en": "not found"},
    "extracted": {"fi": "Poimittu", "en": "Extracted"},
    "version": {"fi": "Versio", "en": "Version"},
    "status": {"fi": "Tila", "en": "Status"},
    "status_ok": {"fi": "luettu", "en": "read"},
    "status_failed": {"fi": "epäonnistui", "en": "failed"},
    "error": {"fi": "Virhe", "en": "Error"},
    "latest_error": {"fi": "Viimeisin uusintayritys epäonnistui (aiempi poiminta näytetään)",
                     "en": "The latest re-extraction failed (the earlier extraction is shown)"},
    "warnings": {"fi": "Huomautukset luennasta", "en": "Reading warnings"},
    "contents": {"fi": "Sisältö", "en": "Contents"},
    "totals": {"fi": "Summat: ilmoitettu ja laskettu", "en": "Totals: stated and computed"},
    "totals_intro": {"fi": "Suunnitelman ilmoittamat summat rinnakkain työkalun laskemien kanssa. Erot on korostettu.",
                     "en": "The totals the plan states beside what the tool computed. Differences are highlighted."},
    "what": {"fi": "Mikä", "en": "What"},
    "stated": {"fi": "Ilmoitettu", "en": "Stated"},
    "computed": {"fi": "Laskettu", "en": "Computed"},
    "difference": {"fi": "Ero", "en": "Difference"},
    "where": {"fi": "Kohta", "en": "Where"},
    "page": {"fi": "s.", "en": "p."},
    "line": {"fi": "r.", "en": "l."},
    "no_totals": {"fi": "Suunnitelmasta ei löytynyt summia.", "en": "No totals were found in the plan."},
    "sum_of_units": {"fi": "Työpakettien kustannusarviot yhteensä", "en": "Sum of the work units' cost estimates"},
    "plan_total": {"fi": "koko suunnitelma", "en": "whole plan"},
    "table_total": {"fi": "yhteensä-solu", "en": "total cell"},
    "axis_row": {"fi": "rivin solujen summa, rivi", "en": "sum of the row's cells, row"},
    "axis_column": {"fi": "sarakkeen osien summa, sarake", "en": "sum of the column's parts, column"},
    "split": {"fi": "valtionavustus + omarahoitus = kokonaiskustannukset",
              "en": "state aid + own financing = total costs"},
    "role_total": {"fi": "kokonaiskustannukset", "en": "total costs"},
    "role_state_aid": {"fi": "valtionavustus", "en": "state aid"},
    "role_own_financing": {"fi": "omarahoitus", "en": "own financing"},
    "outline": {"fi": "Rakenne: osat ja työpaketit", "en": "Outline: sections and work units"},
    "outline_intro": {"fi": "Kunkin osan työpakettien kustannusarvioiden summa verrattuna osan ilmoitettuun summaan.",
                      "en": "Each section's sum of unit cost estimates against the total stated for the section."},
    "no_outline": {"fi": "Osia tai työpaketteja ei löytynyt.", "en": "No sections or work units were found."},
    "cost": {"fi": "Kustannusarvio", "en": "Cost estimate"},
    "schedule": {"fi": "Aikataulu", "en": "Schedule"},
    "units_sum": {"fi": "työpaketit yhteensä", "en": "units together"},
    "section_stated": {"fi": "osalle ilmoitettu", "en": "stated for the section"},
    "cost_tables": {"fi": "Kustannustaulukot", "en": "Cost tables"},
    "cost_tables_intro": {"fi": "Taulukot sellaisina kuin ne poimittiin; lasketut summat (kursiivilla) painettujen rinnalla.",
                          "en": "Tables as extracted; computed totals (in italics) beside the printed ones."},
    "no_cost_tables": {"fi": "Kustannustaulukoita ei löytynyt.", "en": "No cost tables were found."},
    "table": {"fi": "Taulukko", "en": "Table"},
    "uncaptioned": {"fi": "otsikoton taulukko", "en": "uncaptioned table"},
    "computed_sum": {"fi": "laskettu summa", "en": "computed sum"},
    "timeline": {"fi": "Aikajana", "en": "Timeline"},
    "timeline_intro": {"fi": "Vaihetaulukoiden merkinnät ja työpakettien aikataulut; toteutusaika korostettu.",
                       "en": "Phase-table marks and work-unit schedules; the project period is highlighted."},
    "no_timeline": {"fi": "Aikataulutietoja ei löytynyt.", "en": "No schedule information was found."},
    "stage_columns": {"fi": "vaiheita ilman päivämääriä (ei piirretty)", "en": "stages without dates (not drawn)"},
    "project_period": {"fi": "toteutusaika", "en": "project period"},
    "open_end": {"fi": "avoin loppu", "en": "open end"},
    "flags": {"fi": "Havainnot", "en": "Flags"},
    "no_flags": {"fi": "Ei havaintoja.", "en": "No flags."},
    "severity": {"fi": "Vakavuus", "en": "Severity"},
    "rule": {"fi": "Sääntö", "en": "Rule"},
    "message": {"fi": "Viesti", "en": "Message"},
    "source": {"fi": "Lähdeteksti", "en": "Source text"},
    "no_source": {"fi": "lähdetekstiä ei ole tallennettu (poimi asiakirja uudelleen)",
                  "en": "no source text stored (ingest the document again)"},
    "severity_error": {"fi": "virhe", "en": "error"},
    "severity_warning": {"fi": "varoitus", "en": "warning"},
    "severity_info": {"fi": "tieto", "en": "info"},
    "documents": {"fi": "Asiakirjat", "en": "Documents"},
    "title": {"fi": "Otsikko", "en": "Title"},
    "units": {"fi": "Työpaketteja", "en": "Work units"},
    "generated": {"fi": "Luotu tietokannasta", "en": "Generated from the database"},
}


def label(key: str, lang: str) -> str:
    """The label in ``lang``; a check's label ("rule_…") is its description in
    the registry of checks; an unknown key is shown as itself."""
    if key.startswith("rule_"):
        from .checks import RULES

        spec = RULES.get(key[len("rule_"):])
        if spec is not None:
            return spec.en if lang == "en" else spec.fi
    entry = LABELS.get(key)
    return entry[lang] if entry else key.removeprefix("rule_").removeprefix("severity_")


def group_thousands(whole: int) -> str:
    return f"{whole:,}".replace(",", " ")


def eur(value: float | None, signed: bool = False) -> str:
    """1182060 → '1 182 060 €'; 12.5 → '12,50 €'; None → '–'."""
    if value is None:
        return "–"
    sign = "-" if value < 0 else ("+" if signed and value > 0 else "")
    value = abs(value)
    cents = round(value * 100) % 100
    text = group_thousands(int(round(value)) if cents == 0 else int(value))
    if cents:
        text += f",{cents:02d}"
    return f"{sign}{text} €"


def date(iso: str | None, lang: str) -> str:
    """'2020-08-01' → '1.8.2020'; '2020-08' → '8/2020'; None → '–'."""
    if not iso:
        return "–"
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])}.{int(parts[1])}.{parts[0]}"
    if len(parts) == 2:
        return f"{int(parts[1])}/{parts[0]}"
    return iso
