"""A small plan written for the report, browser and export tests, with its
values worked out by hand (not by running the code):

- title: 'Itä-Savon <script>alert("x")</script> palvelumuotoilu' (markup in
  document text must be shown as text);
- project period 1.3.2024 – 28.2.2025;
- osa-alue 1 with toimenpide 1 (120 500 €, 3/2024 – 8/2024) and toimenpide 2
  (80 000 €, 9/2024 – 2/2025): units together 200 500 €, while the section's
  table states 210 500 €: a difference of +10 000 €;
- Taulukko 1: rows 150 000 + 60 500 = 210 500 (right), 120 000 + 48 400 =
  168 400 (right), 30 000 + 12 100 = 42 100 against a printed 42 000 (an
  error, -100 €); in the Yhteensä column state aid + own financing
  168 400 + 42 000 = 210 400 against 210 500 (an error, +100 €);
- the closing prose (lines 23–24, in one unit or section: no heading stands
  between them) repeats the split: state aid 168 400 € + own financing
  42 000 € = 210 400 € against total costs of 210 500 €: +100 €.
"""

TITLE = 'Itä-Savon <script>alert("x")</script> palvelumuotoilu'

PLAN = f"""Hankkeen nimi
{TITLE}
Hankkeen toteutusaika on 1.3.2024 – 28.2.2025.

1 Osa-alue 1: Asiakaspolut
Toimenpide 1: Ajanvarauksen uudistus
Tavoitteet: Jonot lyhenevät ja säästöjä syntyy.
Aikataulu: 3/2024 – 8/2024
Kustannusarvio: 120 500 €
Toimenpide 2: Palautteen seuranta
Tavoitteet: Asiakaspalaute kerätään kuukausittain.
Aikataulu: 9/2024 – 2/2025
Kustannusarvio: 80 000 €

Taulukko 1. Osa-alue 1 kustannukset
Rahoitus\t2024\t2025\tYhteensä
Kustannukset yhteensä €\t150 000\t60 500\t210 500
Valtionavustus\t120 000\t48 400\t168 400
Omarahoitus\t30 000\t12 100\t42 000

Lopuksi
Tämä rivi mainitsee <b>lihavoinnin</b> ja saasto-sanan ilman ääkkösiä.
Haettava valtionavustus on 168 400 euroa ja omarahoitusosuus on 42 000 euroa.
Kokonaiskustannukset ovat 210 500 euroa.
"""
