"""The Time series page in a real headless Chromium: it opens, draws its charts, shows no exception; a model
trained from it shows the window it picks, traced and checked against Keras."""


import pytest
from harness import browser_page, require_chromium, streamlit_server, wait_until_idle

pytestmark = pytest.mark.browser

require_chromium()

CHART = "[data-testid=stPlotlyChart] .js-plotly-plot"


def test_the_time_series_page_opens_with_its_charts_and_trains_a_model(tmp_path):
    with streamlit_server() as url, browser_page() as page:
        page.goto(f"{url}/time_series")
        page.get_by_role("heading", name="Forecast a time series").wait_for(timeout=120_000)
        wait_until_idle(page)
        page.locator(CHART).first.wait_for(timeout=60_000)
        assert page.locator(CHART).count() >= 2          # the series with its split, parameters by look_back
        assert page.locator("[data-testid=stException]").count() == 0
        epochs = page.get_by_label("Epochs")
        epochs.fill("2")
        epochs.press("Enter")
        wait_until_idle(page)
        page.get_by_role("button", name="Train").first.click()
        page.locator("[data-testid=stAlertContentSuccess]").first.wait_for(timeout=180_000)
        page.get_by_role("heading", name="5 · Inside one window").wait_for(timeout=120_000)
        wait_until_idle(page)
        page.get_by_text("matches Keras").first.wait_for(timeout=60_000)
        assert page.locator(CHART).count() >= 8          # + forecasts, errors, the window, states, gates, gradients
        assert page.locator("[data-testid=stException]").count() == 0
        page.screenshot(path=str(tmp_path / "time_series.png"), full_page=True)
