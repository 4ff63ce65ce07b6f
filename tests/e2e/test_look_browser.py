"""Presentation mode in a real headless Chromium at 1920 x 1080: nothing of Plotly's covers the page's controls."""

import pytest
from harness import browser_page, require_chromium, streamlit_server, wait_until_idle

pytestmark = pytest.mark.browser

require_chromium()

SIZE = (1920, 1080)


def _overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def test_plotly_image_notes_sit_bottom_left_clear_of_the_top_controls():
    """The camera button's "Preparing image..." note (a div.plotly-notifier that Plotly puts top right, 50 px
    down) is placed by the app's style sheet in the bottom-left corner, away from the chart toolbars and the
    "Leave presentation mode" button."""
    with streamlit_server() as url, browser_page(*SIZE) as page:
        page.goto(f"{url}/?present=1")
        leave = page.get_by_text("Leave presentation mode")
        leave.wait_for(timeout=120_000)
        wait_until_idle(page)
        # Plotly's notifier as plotly.js builds it (its own rule: position fixed, top 50px, right 20px)
        note = page.evaluate("""() => {
            const style = document.createElement('style');
            style.textContent = '.plotly-notifier {position: fixed; top: 50px; right: 20px; z-index: 10000;}';
            document.head.appendChild(style);
            const div = document.createElement('div');
            div.className = 'plotly-notifier';
            div.innerHTML = '<div class="notifier-note" style="width: 300px; height: 60px">Preparing image</div>';
            document.body.appendChild(div);
            const box = div.getBoundingClientRect();
            return {x: box.x, y: box.y, width: box.width, height: box.height};
        }""")
        button = leave.bounding_box()
        assert note["y"] > SIZE[1] / 2 and note["x"] < SIZE[0] / 2, note          # bottom left
        assert note["y"] + note["height"] <= SIZE[1], note                       # still on the screen
        assert not _overlap(note, button), (note, button)
