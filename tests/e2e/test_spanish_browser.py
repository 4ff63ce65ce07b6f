"""End to end in headless Chromium, in Spanish: a `?lang=es` link, the preset, then every page from the sidebar.

One server and one browser page for the whole walk (each costs seconds on the shared machine).
"""

import re

import pytest
from harness import browser_page, open_page, preset_button, require_chromium, streamlit_server, wait_until_idle

from rnnviz.i18n import _, use_language

pytestmark = pytest.mark.browser

require_chromium()

# English page title (its Spanish is read from the catalogue) -> url path
PAGES = {"Train": "train", "Time series": "time_series", "Hidden states": "hidden_states", "Gates": "gates",
         "Embeddings": "embeddings", "Why this prediction": "why", "Over- and underfitting": "fitting",
         "Vanishing & exploding gradients": "gradients", "Start here": ""}


def test_every_page_opens_in_spanish_without_an_exception_or_a_console_error(tmp_path):
    with use_language("es"):
        titles = {_(title): path for title, path in PAGES.items()}
        home_title, sidebar_label = _("rnnviz: see inside recurrent neural networks"), _("Interface language")
        train = _("Train")
    assert "Entrenar" in titles and home_title.startswith("rnnviz: mira dentro")
    errors = []
    with streamlit_server() as url, browser_page() as page:
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{url}/?lang=es")
        page.get_by_text(home_title).wait_for(timeout=120_000)
        wait_until_idle(page)
        button = preset_button(page)
        assert train in button.inner_text()              # the button's own label is Spanish
        button.click()
        success = page.locator("[data-testid=stAlertContentSuccess]")
        success.first.wait_for(timeout=300_000)
        wait_until_idle(page)
        assert "exactitud de validación" in success.first.inner_text()
        for title, path in titles.items():
            open_page(page, title, re.compile(rf"/{path}\?(.*&)?lang=es"))   # the link keeps Spanish
            assert page.locator("[data-testid=stException]").count() == 0, title
            assert page.locator("[data-testid=stSidebar]").get_by_text(sidebar_label).count() == 1, title
        page.screenshot(path=str(tmp_path / "last_page_es.png"))
    assert errors == []
