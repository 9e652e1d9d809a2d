"""The report and `serve` in a real headless browser (Debian's chromium, driven by Playwright).

Without Chromium these tests are skipped with a message saying what to
install; with REQUIRE_BROWSER=1 (set by .ci/run) a missing browser fails them
instead. Screenshots are saved in each test's tmp folder as artefacts.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urljoin
from pathlib import Path

import pytest
from click.testing import CliRunner

from extract.cli import cli

from .conftest import CORPUS
from .reviewer_plan import PLAN

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="module")
def browser():
    why = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        why = "the playwright package is missing: pip install -e '.[test]'"
    path = chromium_path()
    if why is None and path is None:
        why = "Chromium is not installed: apt-get install chromium (or set CHROMIUM=/path/to/chromium)"
    if why:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests are required here (REQUIRE_BROWSER=1): {why}")
        pytest.skip(why)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def run(*args):
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_report_in_a_browser_shows_totals_flags_timeline_and_markup_as_text(browser, tmp_path):
    plan = tmp_path / "itasavo.txt"
    plan.write_text(PLAN, encoding="utf-8")
    db = str(tmp_path / "plans.db")
    run("ingest", str(plan), "--db", db, "--jobs", "0")
    report = tmp_path / "report.html"
    run("report", "itasavo.txt", "--db", db, "-o", str(report))

    page = browser.new_page(viewport={"width": 1100, "height": 1400})
    dialogs, requests = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(report.as_uri())
    page.screenshot(path=str(tmp_path / "report-top.png"))
    page.screenshot(path=str(tmp_path / "report-full.png"), full_page=True)

    assert dialogs == [] and page.locator("script").count() == 0
    assert page.locator("#title").inner_text() == 'Itä-Savon <script>alert("x")</script> palvelumuotoilu'
    assert all(url.startswith("file://") for url in requests), requests  # nothing fetched from a network
    totals = page.locator("#totals")
    assert totals.is_visible()
    text = totals.inner_text()
    assert "200 500 €" in text and "210 500 €" in text and "+10 000 €" in text
    differs = page.locator("#totals tr.differs")
    assert differs.count() >= 1 and differs.first.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    flags = page.locator("#flags .flag.error")
    # the two errors of Taulukko 1 and the same split repeated in the closing prose
    assert flags.count() == 3 and flags.first.is_visible()
    assert "Omarahoitus" in page.locator("#flags pre.source").first.inner_text()
    bars = page.locator("#timeline svg rect")
    assert bars.count() >= 3  # the project period and the two units' schedules
    assert page.locator("#timeline svg").bounding_box()["height"] > 40
    assert page.locator("#timeline rect.project-period").is_visible()
    page.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(browser, tmp_path_factory):
    folder = tmp_path_factory.mktemp("served")
    db = folder / "plans.db"
    run("ingest", str(CORPUS), "--db", str(db))
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "extract", "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"serve did not start: {server.stdout.read().decode(errors='replace')[-2000:]}")
            time.sleep(0.3)
    before = hashlib.sha256(db.read_bytes()).hexdigest()  # as served (serve first settles the write-ahead log)
    yield base, db, before, folder
    server.terminate()
    server.wait(timeout=20)


def test_serve_searches_finnish_text(browser, served):
    base, _, _, folder = served
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    page.goto(f"{base}/plans/lines")
    page.fill("input[name=_search]", "työpaket*")
    page.locator("input[name=_search]").press("Enter")
    page.wait_for_load_state()
    assert "_search=" in page.url
    body = page.locator("table.rows-and-columns").inner_text()
    assert "Työpaketti" in body or "työpaketti" in body
    page.screenshot(path=str(folder / "serve-search.png"))
    page.close()


def test_serve_canned_query_and_its_csv(browser, served):
    base, _, _, folder = served
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    page.goto(f"{base}/plans")
    page.get_by_role("link", name="Cost per work unit across plans").click()
    page.wait_for_load_state()
    assert "/plans/cost_per_unit" in page.url
    assert "1182060" in page.locator("table.rows-and-columns").inner_text().replace(",", "").replace(" ", "")
    page.screenshot(path=str(folder / "serve-canned.png"))
    link = page.locator("a[href*='.csv']").first  # Datasette's "CSV" link of the query
    assert link.is_visible()
    response = page.request.get(urljoin(page.url, link.get_attribute("href")))
    assert response.ok and response.headers["content-type"].startswith("text/")
    csv_path = folder / "cost_per_unit.csv"
    csv_path.write_bytes(response.body())
    text = csv_path.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("document_title,filename,section_path")
    assert "1182060.0" in text
    page.close()


def test_serve_refuses_a_write(browser, served):
    base, db, before, _ = served
    page = browser.new_page()
    page.goto(f"{base}/plans?sql=delete+from+flags")
    assert "Statement must be a SELECT" in page.content()
    response = page.request.post(f"{base}/plans/flags/-/insert", data={"row": {"rule": "x"}},
                                 headers={"Content-Type": "application/json"}, fail_on_status_code=False)
    assert not response.ok  # refused (no actor may write; the database is immutable)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    page.close()
