# ruff: noqa: F811 (fixtures imported from the other web test modules)
"""Issue 15's pages in real headless Chromium: screenshots at 1366x900 and at phone width
(test-output/screenshots/staffer-*.png) and no serious or critical axe-core violation."""

import pytest
from test_web_browser import browser, serious_violations, server, shoot  # noqa: F401

from conftest import ROOT

DRAFT = ROOT / "tests" / "fixtures" / "drafts" / "short_ordinance.txt"
PAGES = {
    "bill-sb54": "/bill/ca/2017-2018/SB54",
    "compare-sb54-s987": "/compare?a=ca/2017-2018/SB54&b=ny/2023-2024/S987",
    "matrix": "/matrix",
    "matrix-all": "/matrix?show=all",
    "home-map": "/",
    "matrix-ny": "/matrix?jurisdiction=ny&sort=no_info_sharing",
    "search-filters": "/search?q=immigration+-federal&jurisdiction=nyc&level=local",
}
WIDTHS = {"desktop": 1366, "phone": 375}


@pytest.fixture
def tab(browser):  # noqa: F811
    page = browser.new_page()
    yield page
    page.close()


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_in_chromium(server, tab, name, width):  # noqa: F811
    tab.set_viewport_size({"width": WIDTHS[width], "height": 900})
    response = tab.goto(server + PAGES[name])
    assert response.status == 200
    assert shoot(tab, f"staffer-{name}-{width}").stat().st_size > 1000
    assert serious_violations(tab) == []
    if width == "phone":
        assert tab.evaluate("document.scrollingElement.scrollWidth") <= 375 + 2


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_draft_of_a_short_ordinance(server, tab, width):  # noqa: F811
    tab.set_viewport_size({"width": WIDTHS[width], "height": 900})
    tab.goto(server + "/draft")
    tab.fill("#bt-text", DRAFT.read_text())
    tab.click("button[type=submit]")
    tab.wait_for_selector("#to-add")
    tab.locator("#to-add").scroll_into_view_if_needed()
    shoot(tab, f"staffer-draft-{width}")
    assert "contains" in tab.locator("ol li").first.inner_text()
    assert tab.locator("#to-add ~ section blockquote").count() >= 3
    assert serious_violations(tab) == []


def test_compare_type_ahead_offers_ids(server, tab):  # noqa: F811
    tab.set_viewport_size({"width": 1366, "height": 900})
    tab.goto(server + "/compare")
    tab.fill("#bt-a", "SB5")
    tab.wait_for_function("document.querySelectorAll('#bt-ids option').length > 0")
    values = tab.eval_on_selector_all("#bt-ids option", "os => os.map(o => o.value)")
    assert "ca/2017-2018/SB54" in values


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_matrix_item_headers_are_not_cut(server, tab, width):  # noqa: F811
    tab.set_viewport_size({"width": WIDTHS[width], "height": 900})
    tab.goto(server + "/matrix")
    tab.evaluate("document.querySelector('table.bt-matrix').scrollIntoView()")
    shoot(tab, f"staffer-matrix-headers-{width}")
    cut = tab.eval_on_selector_all(
        ".bt-matrix .bt-item",
        "els => els.filter(e => e.scrollHeight > e.clientHeight + 1"
        " || e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)",
    )
    assert tab.locator(".bt-matrix .bt-item").count() == 29
    assert cut == []


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_search_that_cannot_be_read(server, tab, width):  # noqa: F811
    tab.set_viewport_size({"width": WIDTHS[width], "height": 900})
    response = tab.goto(server + '/search?q="unbalanced')
    assert response.status == 400
    shoot(tab, f"staffer-search-error-{width}")
    assert "unbalanced quote" in tab.locator(".bt-error").inner_text()
    assert tab.locator("#bt-q").input_value() == '"unbalanced'
    assert serious_violations(tab) == []


def test_two_bill_compare_on_a_phone_names_each_bill(server, tab):  # noqa: F811
    """Stacked as cards on a phone, every cell still says which bill it belongs to."""
    tab.set_viewport_size({"width": 375, "height": 900})
    tab.goto(server + PAGES["compare-sb54-s987"])
    names = tab.eval_on_selector_all(
        "table.bt-card td[data-label]",
        "tds => tds.map(td => getComputedStyle(td, '::before').content)",
    )
    assert names and all(n not in ("none", "normal", '""') for n in names)
    assert any("SB54" in n for n in names) and any("S987" in n for n in names)
    shoot(tab, "staffer-compare-sb54-s987-phone")
