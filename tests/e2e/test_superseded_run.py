"""In a real Chromium: a click during a run never loses the new run's polling fragment (found for issue 15).

With Streamlit's fastReruns, the click stops the first run's ScriptRunner and starts a new one; the stopped run,
already past its last st.* call, used to end by clearing the session's fragment storage, removing the polling
fragment the new run had registered: the job's end was never collected (rnnviz.ui.streamlit_fixes, fix 3).
"""

from pathlib import Path

import pytest
from harness import browser_page, require_chromium, streamlit_server

pytestmark = pytest.mark.browser

require_chromium()


def test_a_click_during_the_first_run_keeps_the_polling_fragment_of_the_next_run():
    with streamlit_server(script=Path(__file__).with_name("superseded_run_app.py")) as url, browser_page() as page:
        page.goto(url)
        page.get_by_role("button", name="Start").click()      # the first run is still in its tail
        page.get_by_text("result: done").wait_for(timeout=60_000)
