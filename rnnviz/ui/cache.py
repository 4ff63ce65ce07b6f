"""The cached boundary between pages and slow work, keyed by plain values (never by a model object)."""

from __future__ import annotations

import contextlib

import streamlit as st

from ..data import load_dataset
from ..i18n import _


@contextlib.contextmanager
def spinner(text: str):
    """st.spinner(text) during a script run; nothing in other threads (the server's warm-up fills caches).

    The spinners of the cached functions are drawn here, outside their caches, in the student's language
    (a cache's own show_spinner text is fixed when the module is imported).
    """
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is None:
        yield
        return
    with st.spinner(text):
        yield


def cached_dataset(name: str, options: tuple):
    """load_dataset(name, **dict(options)); each caller gets its own copy (cache_data pickles)."""
    with spinner(_("Generating the dataset...")):
        return _dataset(name, options)


@st.cache_data(max_entries=32, show_spinner=False)
def _dataset(name: str, options: tuple):
    return load_dataset(name, **dict(options))


@st.cache_data(max_entries=32, show_spinner=False)
def cached_baseline(name: str, options: tuple) -> dict:
    """TF-IDF + logistic regression accuracy per split for a built-in dataset."""
    from ..baselines import bag_of_words_baseline

    return bag_of_words_baseline(cached_dataset(name, options))
