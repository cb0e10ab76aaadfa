"""The review workflow in a real headless Chromium: sign in, review a label from the queue, see
it on the bill page and in the matrix, sign out. Screenshots (1366x900 and phone width) go to
test-output/screenshots/review-*.png; axe-core checks the new pages."""

from __future__ import annotations

import pytest
from review_server import PASSWORD, demo_copy, review_server
from test_web_browser import browser, serious_violations, shoot  # noqa: F401  (fixtures)

VERSION = "ca/2017-2018/SB54@chaptered"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with review_server(demo_copy(tmp_path_factory, "browser")) as (url, _):
        yield url


@pytest.fixture
def tab(browser):  # noqa: F811
    page = browser.new_page()
    page.set_viewport_size({"width": 1366, "height": 900})
    yield page
    page.close()


def sign_in(tab, server, account="alice"):
    tab.goto(server + "/-/login")
    tab.fill("#id_username", account)
    tab.fill("#id_password", PASSWORD)
    tab.click("input[type=submit]")
    tab.wait_for_url(server + "/")


def test_review_from_the_queue_then_see_it_and_sign_out(server, tab):
    sign_in(tab, server)
    tab.goto(server + "/review?jurisdiction=ca")
    assert tab.locator("h1").inner_text() == "Review queue"
    shoot(tab, "review-queue")
    assert serious_violations(tab) == []
    tab.locator("tr:has(.bt-label.bt-partial) a.bt-review-link").first.click()
    tab.wait_for_selector("form.bt-review-form")
    item = tab.locator("input[name=item]").get_attribute("value")
    version = tab.locator("input[name=version]").get_attribute("value")
    auto = tab.locator("input[name=label]:checked").get_attribute("value")
    assert auto == "partial"
    tab.check("input[name=label][value=absent]")
    tab.fill("#bt-reason", "The exception swallows the rule <b>here</b>")
    shoot(tab, "review-form")
    assert serious_violations(tab) == []
    tab.click("form.bt-review-form button[type=submit]")
    tab.wait_for_url(f"**#item-{item}")
    row = tab.locator(f"#item-{item}")
    assert "Reviewed by alice (reviewer)" in row.inner_text()
    assert "automatic label: partial" in row.inner_text()
    assert row.locator(".bt-reason b").count() == 0  # markup shown, not rendered
    assert "labels checked by a person" in tab.locator(".bt-review-summary").inner_text()
    row.scroll_into_view_if_needed()
    shoot(tab, "review-bill-page")
    assert serious_violations(tab) == []
    jurisdiction = version.split("/")[0]
    tab.goto(server + f"/matrix?jurisdiction={jurisdiction}")
    assert tab.locator('.bt-check[title^="reviewed by alice"]').count() >= 1
    shoot(tab, "review-matrix")
    tab.click("details.nav-menu summary")
    tab.click("text=Log out")
    tab.wait_for_load_state()
    assert tab.evaluate("fetch('/-/actor.json').then(r => r.json())") == {"actor": None}
    tab.goto(server + f"/review/label?version={version}&item={item}")
    assert tab.locator("form.bt-review-form").count() == 0


@pytest.mark.parametrize(
    "name, path",
    [
        ("review-queue-phone", "/review"),
        ("review-form-phone", f"/review/label?version={VERSION}&item=database_access_limits"),
        ("review-bill-page-phone", "/bill/ca/2017-2018/SB54"),
    ],
)
def test_review_pages_fit_a_phone(server, tab, name, path):
    sign_in(tab, server, "bob")
    tab.set_viewport_size({"width": 375, "height": 812})
    tab.goto(server + path)
    assert tab.evaluate("document.scrollingElement.scrollWidth") <= 375 + 2
    shoot(tab, name)
    assert serious_violations(tab) == []
