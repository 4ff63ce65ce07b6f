"""The Why-this-prediction page in a real headless Chromium: after the preset, its four charts draw."""

import re

import pytest
from harness import browser_page, preset_button, require_chromium, streamlit_server, wait_until_idle

pytestmark = pytest.mark.browser

require_chromium()


def test_why_page_draws_edits_attributions_and_units(tmp_path):
    with streamlit_server() as url, browser_page() as page:
        page.goto(url)
        page.get_by_text("Train a model in seconds").wait_for(timeout=120_000)
        preset_button(page).click()
        page.locator("[data-testid=stAlertContentSuccess]").first.wait_for(timeout=180_000)
        page.locator("[data-testid=stSidebarNav]").get_by_text("Why this prediction", exact=True).click()
        page.wait_for_url(re.compile(r"/why$"), timeout=60_000)
        page.get_by_text("Units that mean something").wait_for(timeout=120_000)
        wait_until_idle(page)
        assert page.locator(".js-plotly-plot").count() >= 4
        assert page.locator("[data-testid=stException]").count() == 0
        assert "completeness" in page.inner_text("body")
        page.screenshot(path=str(tmp_path / "why.png"), full_page=True)
