"""Start here: what rnnviz shows, and one click to a trained model. Renders without TensorFlow."""

import streamlit as st

from rnnviz import ui
from rnnviz.i18n import N_, _
from rnnviz.presets import PRESETS

st.title(_("rnnviz: see inside recurrent neural networks"))
st.markdown(_(
    "Train a small **SimpleRNN, LSTM or GRU** right here, then look inside it: the hidden state word by word, "
    "the gates opening and closing, the gradient fading (or not) through time, the word vectors it learnt, "
    "and the curves that tell underfitting from overfitting. Every number is measured on *your* model."))

st.subheader(_("1 · Train a model in seconds"), anchor=False)
job = ui.current_job()
columns = st.columns(len(PRESETS))
for column, preset in zip(columns, PRESETS.values()):
    with column.container(border=True):
        st.markdown(f"**{_(preset.title)}**")
        st.caption(_(preset.blurb))
        if st.button(_("Train"), key=f"preset_{preset.key}", type="primary", icon=":material/play_arrow:",
                     disabled=job is not None and not job.done):
            ui.start_training([preset.request])
ui.training_panel(final_curves=True)

st.subheader(_("2 · Look inside"), anchor=False)
TOUR = [
    ("pages/train.py", ":material/model_training:", N_("Train"), N_("your own data settings and model: cells, "
     "units, layers, dropout, L2; live curves; compare runs.")),
    ("pages/time_series.py", ":material/show_chart:", N_("Time series"), N_("windows of look_back past values "
     "(sunspots, CO2, generated series, your CSV); forecasts against the truth and against repeating the last "
     "value.")),
    ("pages/hidden_states.py", ":material/grid_on:", N_("Hidden states"), N_("type a sentence and watch every unit "
     "word by word, the network unrolled, the prediction after each word; two models side by side.")),
    ("pages/gates.py", ":material/filter_alt:", N_("Gates"), N_("LSTM input, forget, output gates and cell state; "
     "GRU update and reset gates; the equations with this word's numbers; which units saturate.")),
    ("pages/embeddings.py", ":material/scatter_plot:", N_("Embeddings"), N_("the learnt word vectors in 2D/3D "
     "(PCA, t-SNE), nearest neighbours, before vs after training; sentences as paths through hidden-state "
     "space.")),
    ("pages/why.py", ":material/lightbulb:", N_("Why this prediction"), N_("what-if edits, checked attributions.")),
    ("pages/fitting.py", ":material/stacked_line_chart:", N_("Over- and underfitting"), N_("produce each case, read "
     "its diagnosis, and lay the remedies (smaller network, L2, dropout, early stopping, more data) on the same "
     "axes.")),
    ("pages/gradients.py", ":material/trending_down:", N_("Vanishing & exploding gradients"), N_("the gradient's "
     "size through time for SimpleRNN, LSTM and GRU, measured; clipping; accuracy against the length of a "
     "dependency.")),
]
for path, icon, title, text in TOUR:
    left, right = st.columns([1, 3])
    left.page_link(path, label=_(title), icon=icon)
    right.caption(_(text))
