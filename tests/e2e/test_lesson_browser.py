"""In a real headless Chromium: a chart's camera button saves 1920 x 1080; a lesson link restores its settings on a
fresh session; a predict-before-reveal link hides the answer, then shows it after Reveal."""

import struct

import pytest
from harness import browser_page, require_chromium, streamlit_server, wait_until_idle

pytestmark = pytest.mark.browser

require_chromium()

SENTENCE = "slow at first but wonderful"
TRAINING_MS = 300_000


@pytest.fixture(scope="module")
def app_url():
    with streamlit_server() as url:
        yield url


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk, the first after the 8-byte signature."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", data[:16]
    return struct.unpack(">II", data[16:24])


def test_png_size_reads_the_ihdr_chunk():
    header = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", 640, 480)
    assert png_size(header) == (640, 480)


def test_the_camera_button_saves_a_1920_by_1080_png(app_url, tmp_path):
    with browser_page() as page:
        page.goto(f"{app_url}/gradients")
        chart = page.locator("[data-testid=stPlotlyChart]").first
        chart.wait_for(timeout=180_000)
        wait_until_idle(page)
        chart.hover()
        button = chart.locator(".modebar-btn[data-title='Download plot as a png'], "
                               ".modebar-btn[data-title*='Download plot']").first
        with page.expect_download(timeout=60_000) as download_info:
            button.click()
        path = tmp_path / "chart.png"
        download_info.value.save_as(path)
        assert png_size(path.read_bytes()) == (1920, 1080)


def _unit_box_text(page) -> str:
    return page.get_by_role("combobox", name="Follow unit").input_value()


def test_a_lesson_link_restores_its_settings_on_a_fresh_session(app_url):
    link = f"{app_url}/hidden_states?preset=sentiment_lstm_en&sentence={SENTENCE.replace(' ', '+')}&unit=3&order=index"
    with browser_page() as page:
        page.goto(link)
        # the preset trained for this student (the live curves come and go), then the page drawn
        page.get_by_role("combobox", name="Follow unit").wait_for(timeout=TRAINING_MS)
        wait_until_idle(page)
        assert page.get_by_label("Type a sentence").input_value() == SENTENCE
        assert "unit 3" in _unit_box_text(page)
        order = page.get_by_role("radiogroup", name="Order units by")
        assert order.locator("[role=radio][aria-checked=true]").inner_text().strip() == "number"
        assert page.locator("[data-testid=stException]").count() == 0
        link_box = page.locator("[data-testid=stSidebar] [data-testid=stCode]")
        page.locator("[data-testid=stSidebar]").get_by_text("Lesson link").click()
        link_box.first.wait_for()
        assert "preset=sentiment_lstm_en" in link_box.first.inner_text()


def test_a_predict_link_hides_the_answer_until_reveal(app_url):
    link = f"{app_url}/hidden_states?preset=sentiment_lstm_en&sentence={SENTENCE.replace(' ', '+')}&predict=class"
    with browser_page() as page:
        page.goto(link)
        question = page.get_by_text("Predict before you look.")
        question.wait_for(timeout=TRAINING_MS)
        wait_until_idle(page)
        assert page.locator("[data-testid=stPlotlyChart]").count() == 0       # nothing that answers it yet
        reveal = page.get_by_role("button", name="Reveal")
        assert reveal.is_disabled()
        page.locator("[data-testid=stRadio]").get_by_text("positive", exact=True).click()
        page.wait_for_function("!document.querySelector('button[kind=primary][disabled]')", timeout=60_000)
        reveal.click()
        page.get_by_text("You expected").wait_for(timeout=60_000)
        page.locator("[data-testid=stPlotlyChart]").first.wait_for(timeout=60_000)
        wait_until_idle(page)
        assert page.get_by_text("Predict before you look.").count() == 0
        assert "measured on your model" in page.get_by_text("You expected").inner_text()
        assert page.locator("[data-testid=stException]").count() == 0
