"""Stop Streamlit from resetting Keras after every script run.

Streamlit's script runner calls `keras.backend.clear_session()` at the end of every rerun of every session
(`_clean_problem_modules`, meant for scripts that rebuild a model at each rerun). rnnviz trains in background
threads while students keep clicking: clearing Keras' process-wide state then resets the graph state under a
training that is running, and on this stack the call hangs outright once a model has been trained (seen with
Streamlit 1.67, TensorFlow 2.21: the rerun never ends). rnnviz keeps every model in its own session and never
relies on that clean-up, so we keep Streamlit's other clean-ups and skip the Keras one.
"""

from __future__ import annotations

import sys


def install() -> bool:
    """Replace Streamlit's per-rerun clean-up by one that leaves Keras alone; True if installed."""
    try:
        from streamlit.runtime.scriptrunner import script_runner
    except ImportError:  # a Streamlit without that module: nothing to guard
        return False
    original = getattr(script_runner, "_clean_problem_modules", None)
    if original is None or getattr(original, "_rnnviz_guarded", False):
        return original is not None

    def clean_problem_modules_except_keras() -> None:
        keras = sys.modules.pop("keras", None)  # hide Keras from the clean-up, then put it back
        try:
            original()
        finally:
            if keras is not None:
                sys.modules["keras"] = keras

    clean_problem_modules_except_keras._rnnviz_guarded = True
    script_runner._clean_problem_modules = clean_problem_modules_except_keras
    return True
