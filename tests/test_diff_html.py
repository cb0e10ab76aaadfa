"""The HTML diff, rendered in a real headless Chromium: marks show, bill text never runs."""

import shutil
from pathlib import Path

import pytest

from billtracker.analysis.redline import render_html
from billtracker.config import load_checklist
from compare.diff import diff_texts
from conftest import TEXTS

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
INJECTION = (
    "Section 1. The agency shall not share data. <script>window.__pwned = 1; alert(1)</script>\n"
    'Section 2. Records <img src=x onerror="window.__pwned = 2"> are kept "safe" & sound.\n'
)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail("chromium is not installed: apt-get install -y chromium")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def checklist():
    return load_checklist()


def open_page(browser, tmp_path, name, html):
    path = tmp_path / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    return page, dialogs


def test_wa_diff_page_shows_insertions_deletions_and_item_changes(browser, checklist, tmp_path):
    a = (TEXTS / "WA_2025-26_SB5906_original.txt").read_text(encoding="utf-8")
    b = (TEXTS / "WA_2025-26_SB5906_engrossed-substitute.txt").read_text(encoding="utf-8")
    result = diff_texts(a, b, checklist, a_label="SB 5906", b_label="ESSB 5906")
    page, _ = open_page(browser, tmp_path, "wa", render_html(result))
    assert page.locator("ins").count() > 10
    assert page.locator("del").count() > 10
    assert (
        page.locator("del").first.evaluate("e => getComputedStyle(e).textDecorationLine")
        == "line-through"
    )
    assert page.locator("ins").first.is_visible()
    # item changes come before the text, and their section links point at rows of the table
    assert page.locator("table.items tr").count() == len(result["item_changes"]) + 1
    link = page.locator("table.items a").first
    target = link.get_attribute("href")
    assert page.locator(f"tr{target}").count() == 1
    shot = tmp_path / "wa-diff.png"
    page.screenshot(path=str(shot), full_page=False)
    print(f"screenshot: {shot}")
    assert shot.stat().st_size > 1000
    page.close()


def test_bill_text_cannot_inject_script(browser, checklist, tmp_path):
    result = diff_texts(
        "Section 1. The agency shall share data.\n",
        INJECTION,
        checklist,
        a_label="<b>old</b>",
        b_label="new<script>alert(2)</script>",
    )
    html = render_html(result)
    assert "<script>" not in html and "<img" not in html
    page, dialogs = open_page(browser, tmp_path, "inject", html)
    assert page.evaluate("() => window.__pwned") is None
    assert dialogs == []
    assert page.locator("script").count() == 0 and page.locator("img").count() == 0
    # the text is shown, literally
    assert (
        "<script>window.__pwned = 1; alert(1)</script>"
        in page.locator("table.redline").inner_text()
    )
    shot = tmp_path / "inject.png"
    page.screenshot(path=str(shot))
    print(f"screenshot: {shot}")
    page.close()
