"""Two corrections to Streamlit's process-wide behaviour that rnnviz depends on.

1. Keep Keras alive across reruns. Streamlit's script runner calls `keras.backend.clear_session()` at the end
   of every rerun of every session (`_clean_problem_modules`, meant for scripts that rebuild a model at each
   rerun). rnnviz trains in background threads while students keep clicking: clearing Keras' process-wide
   state resets it under a training that is running, and on this stack the call hangs outright once a model
   has been trained (seen with Streamlit 1.67, TensorFlow 2.21: the rerun never ends). rnnviz keeps every
   model in its own session and never relies on that clean-up, so we keep Streamlit's other clean-up
   (matplotlib) and skip the Keras one.

2. Deep links go through app.py. A project with a `pages/` folder starts in Streamlit's old multipage mode
   until the first `st.navigation` call: if the first visitor after a server start opens a page's URL
   directly (a link a teacher shared), Streamlit runs that page file alone, without app.py's navigation,
   sidebar and session set-up. Leaving that mode and rerunning once sends the visit through app.py.
"""

from __future__ import annotations

import sys


def keep_keras_across_reruns() -> bool:
    """Replace Streamlit's per-rerun clean-up by one that leaves Keras alone; True if installed."""
    try:
        from streamlit.runtime.scriptrunner import script_runner
    except ImportError:  # a Streamlit without that module: nothing to correct
        return False
    original = getattr(script_runner, "_clean_problem_modules", None)
    if original is None or getattr(original, "_rnnviz_keeps_keras", False):
        return original is not None

    def clean_problem_modules_except_keras() -> None:
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is not None:
            try:
                pyplot.close("all")
            except Exception:  # noqa: BLE001, S110 - as Streamlit's own clean-up: never fail a rerun over it
                pass

    clean_problem_modules_except_keras._rnnviz_keeps_keras = True
    script_runner._clean_problem_modules = clean_problem_modules_except_keras
    return True


def route_deep_links_through_app() -> None:
    """If Streamlit is still in its old `pages/` folder mode, leave it and rerun this visit through app.py."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
    except ImportError:
        return
    ctx = get_script_run_ctx()
    if not PagesManager.uses_pages_directory or ctx is None:
        return
    PagesManager.uses_pages_directory = False
    manager = ctx.pages_manager
    if manager.current_page_script_hash != manager.main_script_hash:   # a page file ran without app.py
        import streamlit as st

        st.rerun()
