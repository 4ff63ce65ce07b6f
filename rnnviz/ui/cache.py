"""The cached boundary between pages and slow work, keyed by plain values (never by a model object)."""

from __future__ import annotations

import streamlit as st

from ..data import load_dataset
from ..i18n import _


def cached_dataset(name: str, options: tuple):
    """load_dataset(name, **dict(options)); each caller gets its own copy (cache_data pickles)."""
    # The spinner's text is outside the cache: a cached text would keep the language of its first caller.
    with st.spinner(_("Generating the dataset...")):
        return _dataset(name, options)


@st.cache_data(max_entries=32, show_spinner=False)
def _dataset(name: str, options: tuple):
    return load_dataset(name, **dict(options))


@st.cache_data(max_entries=32, show_spinner=False)
def cached_baseline(name: str, options: tuple) -> dict:
    """TF-IDF + logistic regression accuracy per split for a built-in dataset."""
    from ..baselines import bag_of_words_baseline

    return bag_of_words_baseline(cached_dataset(name, options))
