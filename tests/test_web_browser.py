"""The pages in a real headless Chromium against a real `datasette serve` of the demo database.

Screenshots go to test-output/screenshots/ (their paths are printed). axe-core
(`npm install axe-core`, done by `make test`) checks accessibility; Debian's chromium
(`make chromium`) is the browser.
"""

import shutil
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from web_demo import datasette_server, demo_database

from conftest import ROOT, TEXTS

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PAGES = {
    "home": "/",
    "bill": "/bill/ca/2017-2018/SB54",
    "compare": "/compare?a=md/2025/HB1222@enrolled&b=md/2025/HB1222@chaptered",
    "matrix": "/matrix",
    "search": "/search?q=%22judicial+warrant%22",
    "draft": "/draft",
}
EVIL = "SECTION 1. Agencies shall not share data. <script>window.__pwned=1</script> <b>bold?</b>"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with datasette_server(demo_database(tmp_path_factory)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    executable = CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")
    if not executable:
        pytest.fail("chromium is missing: run `make chromium` (apt-get install chromium)")
    profile = tempfile.mkdtemp(prefix="billtracker-chromium-")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=str(executable), args=CHROMIUM_ARGS
        )
        context.set_default_timeout(20_000)
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser):
    tab = browser.new_page()
    tab.set_viewport_size({"width": 1280, "height": 900})
    yield tab
    tab.close()


def shoot(tab, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    tab.screenshot(path=str(path))
    print(f"screenshot: {path}")
    return path


def serious_violations(tab) -> list:
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `make test` (npm install axe-core)")
    tab.add_script_tag(content=AXE.read_text())
    violations = tab.evaluate(
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
        "v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target)})))"
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_renders_with_screenshot(server, page, name):
    response = page.goto(server + PAGES[name])
    assert response.status == 200
    assert page.locator("h1").first.is_visible()
    assert shoot(page, name).stat().st_size > 1000


def test_bill_page_evidence_links_scroll_to_the_text(server, page):
    page.goto(server + PAGES["bill"])
    link = page.locator(".bt-card td small a").first
    anchor = link.get_attribute("href")
    link.click()
    target = page.locator(anchor)
    assert target.is_visible()
    assert target.locator("mark").count() >= 1
    assert page.evaluate("location.hash") == anchor


@pytest.mark.parametrize("name", ["bill", "compare", "draft"])
def test_no_serious_accessibility_violations(server, page, name):
    page.goto(server + PAGES[name])
    assert serious_violations(page) == []


def test_draft_result_has_no_serious_accessibility_violations(server, page):
    page.goto(server + PAGES["draft"])
    page.set_input_files("#bt-file", str(TEXTS / "CA_2017-2018_SB54_chaptered-ch495.txt"))
    page.click("button[type=submit]")
    page.wait_for_selector("#result")
    assert serious_violations(page) == []


@pytest.mark.parametrize("name", ["home", "bill", "compare", "matrix", "draft"])
def test_phone_viewport_has_no_horizontal_overflow(server, page, name):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(server + PAGES[name])
    width = page.evaluate("document.scrollingElement.scrollWidth")
    shoot(page, f"{name}-phone")
    assert width <= 375 + 2


def test_draft_upload_real_file(server, page):
    page.goto(server + PAGES["draft"])
    page.set_input_files("#bt-file", str(TEXTS / "CA_2017-2018_SB54_chaptered-ch495.txt"))
    page.click("button[type=submit]")
    heading = page.locator("#result")
    assert heading.inner_text().startswith("Score ")
    assert float(heading.inner_text().split()[1]) > 0
    nearest = page.locator("ol li a").first.inner_text()
    assert nearest == "SB54"
    shoot(page, "draft-result")


@pytest.mark.parametrize("how", ["paste", "upload"])
def test_draft_script_is_inert(server, page, how, tmp_path):
    page.goto(server + PAGES["draft"])
    if how == "paste":
        page.fill("#bt-text", EVIL)
    else:
        path = tmp_path / "evil.txt"
        path.write_text(EVIL)
        page.set_input_files("#bt-file", str(path))
    page.click("button[type=submit]")
    page.wait_for_selector("#result")
    assert page.evaluate("window.__pwned") is None
    assert "<script>window.__pwned=1</script>" in page.locator("#draft-text").inner_text()
    assert page.locator("#draft-text b").count() == 0
    shoot(page, f"draft-escaped-{how}")


def test_non_pdf_named_pdf_shows_a_clear_error(server, page, tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"just some words, not a PDF")
    page.goto(server + PAGES["draft"])
    page.set_input_files("#bt-file", str(path))
    with page.expect_response(lambda r: r.url.endswith("/draft")) as info:
        page.click("button[type=submit]")
    assert info.value.status == 400
    alert = page.locator("[role=alert]")
    assert "fake.pdf" in alert.inner_text()
    shoot(page, "draft-error")


def test_unknown_bill_is_a_404_page(server, page):
    response = page.goto(server + "/bill/zz/1999/NOPE")
    assert response.status == 404
    assert "No bill with id" in page.content()
