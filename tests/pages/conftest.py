"""AppTest helpers: open the app on a page, with or without trained runs in the session.

AppTest runs the real app.py (navigation, sidebar, session set-up) in-process; runs are put straight into
session_state, as the Train page would after training.
"""

import copy
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")

TIMEOUT = 180  # seconds; the first run imports TensorFlow


def open_app(page: str | None = None, runs: dict | None = None, state: dict | None = None) -> AppTest:
    """AppTest of app.py, switched to `page` (e.g. "pages/train.py"), with `runs` (name -> Run) in the session.

    state: more session_state values, e.g. {"gradients_tab": "Through training"} to open a tab.
    """
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in (state or {}).items():
        at.session_state[key] = value
    if runs:
        # Copies: a page may rename its runs (Run.name), and the fixtures' runs are shared by many tests.
        at.session_state["rnnviz_runs"] = {name: copy.copy(run) for name, run in runs.items()}
        at.session_state["rnnviz_current_run"] = next(reversed(runs))
    at.run()
    if page is not None:
        at.switch_page(page)
        at.run()
    return at


def number_input(at: AppTest, label: str):
    """The number box of the last run labelled `label` (StopIteration names none)."""
    return next(w for w in at.number_input if w.label == label)


def selectbox(at: AppTest, label: str):
    """The select box of the last run labelled `label`."""
    return next(w for w in at.selectbox if w.label == label)


def wait_for_training(at: AppTest, timeout: float = 300) -> AppTest:
    """Let the session's background training finish, then rerun so its runs join the session."""
    job = at.session_state["rnnviz_job"] if "rnnviz_job" in at.session_state else None
    if job is not None:
        job.wait(timeout)
    at.run()
    return at


def no_exception(at: AppTest) -> bool:
    return not at.exception and not [e for e in at.get("exception")]


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Streamlit caches are process-wide: clear them so tests do not depend on each other."""
    import streamlit as st

    from rnnviz.figures.memo import FIGURES
    from rnnviz.service import get_service
    from rnnviz.ui import charts, trace_views

    st.cache_data.clear()
    get_service().clear_cache()
    FIGURES.clear()
    charts.CHARTS.clear()
    trace_views.SHARED.clear()
    trace_views.MODELS.clear()
    yield
