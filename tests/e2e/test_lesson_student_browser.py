"""A student who arrives by a lesson link, in a real Chromium, end to end: open, answer, reveal, move pages, F5,
and everything is still there: the model, the sentence. Twice on one server: first with the link's preset new
to the server (trained for this student), then in a fresh browser when it is already trained (reused at once,
the case that lost every model on F5: the only run that wrote the cookie was cut short by a rerun)."""

import re

import pytest
from harness import CHROMIUM_ARGS, chromium_path, open_page, require_chromium, streamlit_server, wait_until_idle

pytestmark = pytest.mark.browser

require_chromium()

SENTENCE = "slow at first but wonderful"
PRESET = "sentiment_lstm_en"
TRAINING_MS = 300_000


def shown_model(page) -> str:
    box = page.locator("[data-testid=stSidebar] [data-testid=stSelectbox] input").first
    box.wait_for(timeout=120_000)
    return box.input_value()


def follow_the_lesson(context, url: str, title: str) -> None:
    """What a student does with the link: answer, reveal, open Gates, press F5, go back to Hidden states."""
    page = context.new_page()
    page.goto(f"{url}/hidden_states?preset={PRESET}&sentence={SENTENCE.replace(' ', '+')}&predict=class")
    page.get_by_text("Predict before you look.").wait_for(timeout=TRAINING_MS)
    wait_until_idle(page)
    page.locator("[data-testid=stRadio]").get_by_text("positive", exact=True).click()
    page.wait_for_function("!document.querySelector('button[kind=primary][disabled]')", timeout=60_000)
    page.get_by_role("button", name="Reveal").click()
    page.get_by_text("You expected").wait_for(timeout=60_000)
    wait_until_idle(page)
    open_page(page, "Gates", re.compile(r"/gates$"))
    assert title in shown_model(page)

    page.reload()                                      # F5 on Gates: a new session of the same browser
    page.locator("[data-testid=stMain] h1").first.wait_for(timeout=120_000)
    wait_until_idle(page)
    assert page.get_by_text("No trained model in this session yet").count() == 0
    assert title in shown_model(page)
    (cookie,) = [c for c in context.cookies() if c["name"] == "rnnviz_browser"]
    assert cookie["expires"] == -1                     # a browser-session cookie: gone when the browser closes

    open_page(page, "Hidden states", re.compile(r"/hidden_states$"))
    assert title in shown_model(page)
    assert page.get_by_label("Type a sentence").input_value() == SENTENCE    # the lesson's sentence, kept
    assert page.locator("[data-testid=stException]").count() == 0


def test_a_lesson_link_student_keeps_everything_after_f5_new_preset_and_reused_preset():
    from playwright.sync_api import sync_playwright

    from rnnviz.presets import PRESETS

    title = PRESETS[PRESET].title
    with streamlit_server() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            first = browser.new_context(viewport={"width": 1600, "height": 1000})
            follow_the_lesson(first, url, title)           # the preset is new to the server: trained
            classmate = browser.new_context(viewport={"width": 1600, "height": 1000})
            follow_the_lesson(classmate, url, title)       # already trained by the first browser: reused
        finally:
            browser.close()
