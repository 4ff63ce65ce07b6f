"""Start here: what rnnviz shows, and one click to a trained model. Renders without TensorFlow."""

import streamlit as st

from rnnviz import ui
from rnnviz.presets import PRESETS

st.title("rnnviz: see inside recurrent neural networks")
st.markdown(
    "Train a small **SimpleRNN, LSTM or GRU** right here, then look inside it: the hidden state word by word, "
    "the gates opening and closing, the gradient fading (or not) through time, the word vectors it learnt, "
    "and the curves that tell underfitting from overfitting. Every number is measured on *your* model.")

st.subheader("1 · Train a model in seconds", anchor=False)
job = ui.current_job()
columns = st.columns(len(PRESETS))
for column, preset in zip(columns, PRESETS.values()):
    with column.container(border=True):
        st.markdown(f"**{preset.title}**")
        st.caption(preset.blurb)
        if st.button("Train", key=f"preset_{preset.key}", type="primary", icon=":material/play_arrow:",
                     disabled=job is not None and not job.done):
            ui.start_training([preset.request])
ui.training_panel(final_curves=True)

st.subheader("2 · Look inside", anchor=False)
TOUR = [
    ("pages/train.py", ":material/model_training:", "Train", "your own data settings and model: cells, units, "
     "layers, dropout, L2; live curves; compare runs."),
    ("pages/time_series.py", ":material/show_chart:", "Time series", "windows of look_back past values (sunspots, "
     "CO2, generated series, your CSV); forecasts against the truth and against repeating the last value."),
    ("pages/hidden_states.py", ":material/grid_on:", "Hidden states", "type a sentence and watch every unit "
     "word by word, the network unrolled, the prediction after each word; two models side by side."),
    ("pages/gates.py", ":material/filter_alt:", "Gates", "LSTM input, forget, output gates and cell state; GRU "
     "update and reset gates; the equations with this word's numbers; which units saturate."),
    ("pages/embeddings.py", ":material/scatter_plot:", "Embeddings", "the learnt word vectors in 2D/3D (PCA, "
     "t-SNE), nearest neighbours, before vs after training; sentences as paths through hidden-state space."),
    ("pages/why.py", ":material/lightbulb:", "Why this prediction", "what-if edits, checked attributions."),
    ("pages/fitting.py", ":material/stacked_line_chart:", "Over- and underfitting", "produce each case, read "
     "its diagnosis, and lay the remedies (smaller network, L2, dropout, early stopping, more data) on the same "
     "axes."),
    ("pages/gradients.py", ":material/trending_down:", "Vanishing & exploding gradients", "the gradient's size "
     "through time for SimpleRNN, LSTM and GRU, measured; clipping; accuracy against the length of a dependency."),
]
for path, icon, title, text in TOUR:
    left, right = st.columns([1, 3])
    left.page_link(path, label=title, icon=icon)
    right.caption(text)
