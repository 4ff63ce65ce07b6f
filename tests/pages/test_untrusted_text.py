"""Item 13: text that anyone can write (a lesson link's ?ask=, a run's name from an uploaded file) is never
rendered as Markdown links, images or HTML."""

from streamlit.testing.v1 import AppTest

from rnnviz.ui.fitting_lab import card_title

PAYLOADS = ("![x](http://evil/x.png) [click](http://evil)", "<img src=x onerror=alert(1)>")


def _question_page(text: str):
    from rnnviz.ui.predict import _question_box

    _question_box("hidden_states", text, ())


def test_a_lesson_links_own_question_is_plain_text():
    for payload in PAYLOADS:
        at = AppTest.from_function(_question_page, args=(payload,), default_timeout=60).run()
        assert not at.exception
        assert [element.value for element in at.text] == [payload]        # shown as typed, never interpreted
        assert all(payload not in element.value and "evil" not in element.value and "<img" not in element.value
                   for element in at.markdown)


def test_a_run_name_in_a_card_title_is_escaped_for_html_and_markdown():
    for payload in PAYLOADS:
        title = card_title(payload, "#123456")
        assert "<img" not in title and "](" not in title and "![" not in title
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;" in card_title(PAYLOADS[1], "#123456")
