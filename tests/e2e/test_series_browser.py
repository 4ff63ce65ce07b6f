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


# The pixel position, in the page, of point `index` of the forecasts chart's trace named `name` (Plotly's own
# axis conversions), so that the test clicks where a student would.
_POINT = """([name, index]) => {
    const plots = [...document.querySelectorAll('[data-testid=stPlotlyChart] .js-plotly-plot')];
    const plot = plots.find(p => (p.layout.title.text || '').startsWith('Predictions against the real series'));
    const trace = plot._fullData.find(t => t.name === name);   // decoded arrays (the spec sends them packed)
    const xa = plot._fullLayout.xaxis, ya = plot._fullLayout.yaxis, box = plot.getBoundingClientRect();
    const x = xa.d2p(trace.x[index]) + xa._offset + box.left, y = ya.d2p(trace.y[index]) + ya._offset + box.top;
    return {x, y, window: trace.customdata[index]};
}"""


def _window_slider_value(page) -> int:
    slider = page.locator("[data-testid=stSlider]", has_text="Test window")
    return int(slider.locator("[data-testid=stSliderThumbValue]").inner_text())


def test_a_click_on_a_prediction_picks_its_window():
    with streamlit_server() as url, browser_page() as page:
        page.goto(f"{url}/time_series")
        page.get_by_role("heading", name="Forecast a time series").wait_for(timeout=120_000)
        wait_until_idle(page)
        epochs = page.get_by_label("Epochs")
        epochs.fill("1")
        epochs.press("Enter")
        wait_until_idle(page)
        page.get_by_role("button", name="Train").first.click()
        page.get_by_role("heading", name="5 · Inside one window").wait_for(timeout=180_000)
        wait_until_idle(page)
        before = _window_slider_value(page)
        name = next(t for t in page.evaluate("""() => [...document.querySelectorAll(
            '[data-testid=stPlotlyChart] .js-plotly-plot')].flatMap(p => p.data.map(t => t.name))""")
                    if t.endswith("(one step)"))
        target = 5 if before != 5 else 6
        page.locator("[data-testid=stPlotlyChart]").first.scroll_into_view_if_needed()
        chart = page.locator("[data-testid=stPlotlyChart]", has_text="Predictions against the real series")
        chart.scroll_into_view_if_needed()
        point = page.evaluate(_POINT, [name, target])
        assert point["window"] == target
        page.mouse.click(point["x"], point["y"])
        page.wait_for_function("v => { const s = [...document.querySelectorAll('[data-testid=stSlider]')].find("
                               "e => e.innerText.includes('Test window')); return s && s.querySelector("
                               "'[data-testid=stSliderThumbValue]').innerText.trim() === String(v); }",
                               arg=target, timeout=60_000)
        wait_until_idle(page)
        assert _window_slider_value(page) == target
        assert page.locator("[data-testid=stException]").count() == 0
