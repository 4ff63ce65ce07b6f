"""End to end in a real headless Chromium: open the app, train the preset, no exception on the page."""

import re

import pytest
from harness import browser_page, open_page, preset_button, require_chromium, streamlit_server, wait_until_idle

pytestmark = pytest.mark.browser

require_chromium()


@pytest.fixture(scope="module")
def app_url():
    with streamlit_server() as url:
        yield url


def test_open_the_app_train_the_preset_and_see_no_exception(app_url, tmp_path):
    with browser_page() as page:
        page.goto(app_url)
        page.get_by_text("rnnviz: see inside recurrent neural networks").wait_for(timeout=120_000)
        wait_until_idle(page)
        preset_button(page).click()
        success = page.locator("[data-testid=stAlertContentSuccess]")
        success.first.wait_for(timeout=300_000)
        wait_until_idle(page)
        assert "validation accuracy" in success.first.inner_text()
        assert page.locator("[data-testid=stException]").count() == 0
        page.get_by_text("Model shown on the pages").wait_for()
        page.screenshot(path=str(tmp_path / "after_preset.png"), full_page=True)


def test_a_shared_page_link_opens_inside_the_app_on_a_fresh_server():
    """The first visit after a server start is a deep link: it must still get app.py's navigation."""
    with streamlit_server() as url, browser_page() as page:
        page.goto(f"{url}/gates")
        page.get_by_text("Your models", exact=True).wait_for(timeout=120_000)    # app.py's shared sidebar ran
        wait_until_idle(page)
        navigation = page.locator("[data-testid=stSidebarNav]").inner_text()
        assert "Start here" in navigation and "Inside the network" in navigation
        assert page.locator("[data-testid=stException]").count() == 0


def test_every_page_renders_for_the_trained_preset(app_url, tmp_path):
    """After the preset, walk the sidebar as a student would: every page draws, none shows an exception."""
    pages = {"Train": "train", "Hidden states": "hidden_states", "Gates": "gates", "Embeddings": "embeddings",
             "Over- and underfitting": "fitting", "Vanishing & exploding gradients": "gradients", "Start here": ""}
    with browser_page() as page:
        page.goto(app_url)
        page.get_by_text("Train a model in seconds").wait_for(timeout=120_000)
        preset_button(page).click()
        page.locator("[data-testid=stAlertContentSuccess]").first.wait_for(timeout=300_000)
        for title, path in pages.items():
            open_page(page, title, re.compile(rf"/{path}$"))
            assert page.locator("[data-testid=stException]").count() == 0, title
            assert page.get_by_text("No trained model in this session yet").count() == 0, title
        page.screenshot(path=str(tmp_path / "last_page.png"))
