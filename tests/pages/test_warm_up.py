"""The server's warm-up measures the gradients lab's default pictures once, so no student waits for them."""

import streamlit as st

from rnnviz.gradients.lab import Conditions
from rnnviz.ui import gradients_lab


def test_the_warm_up_fills_the_caches_the_labs_first_visit_reads(monkeypatch):
    st.cache_data.clear()
    st.cache_resource.clear()
    gradients_lab.warm_default_pictures()
    calls = []
    original = gradients_lab.compare_cells
    monkeypatch.setattr(gradients_lab, "compare_cells", lambda *a, **k: calls.append(1) or original(*a, **k))
    conditions = Conditions()
    batch = gradients_lab.cached_untrained_batch(conditions)
    example = list(gradients_lab.conditions_dataset(conditions).examples)[0]
    gradients_lab.cached_untrained_sentence(conditions, example, 0)
    assert calls == []                                  # served from the caches, measured by the warm-up
    assert set(batch) == {"SimpleRNN", "LSTM", "GRU"}
