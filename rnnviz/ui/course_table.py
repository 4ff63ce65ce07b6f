"""Train page, "Reproduce the course table": the course's IMDB models trained one after another through the
training service on the data chosen above, then one table of what was measured, beside the course's figures.

Measured, never typed in: test accuracy (Keras' evaluate on the test split), parameters (Keras' count_params)
and seconds per epoch (the run's time in fit / its epochs). The course's figures are shown in their own
column, labelled as the course's (25,000 reviews, their settings), from the lecture notes.
"""

from __future__ import annotations

import streamlit as st

from ..i18n import N_, _
from ..models import ModelConfig
from ..training_request import TrainingRequest
from . import keys
from .cache import cached_baseline
from .panel import start_training
from .state import session_runs
from .tables import localized_numbers, shown_columns

GROUP = "course_table"
# (row title, config, the course's own figure on the full 25,000 reviews, or "" when the notes give none)
# The titles name the runs in English (run names never depend on the language); titles and the course's figures
# are translated where the table shows them.
MODELS = (
    (N_("Embedding + Flatten"), ModelConfig(cell="flatten"), N_("76 % (8-d embedding, first 20 words)")),
    ("SimpleRNN", ModelConfig(cell="SimpleRNN"), N_("85 % (SimpleRNN(32), overfits)")),
    ("LSTM", ModelConfig(cell="LSTM"), "89 % (LSTM(32))"),
    ("GRU", ModelConfig(cell="GRU"), N_("0.85 validation (another set of notes)")),
    (N_("Bidirectional LSTM"), ModelConfig(cell="LSTM", bidirectional=True), "90 %"),
    (N_("Conv1D (max-pooling)"), ModelConfig(cell="Conv1D", conv_kernel=7),
     N_("no figure: \"faster, slightly less accurate than LSTM\"")),
    # The course's Conv1D + GRU for long sequences: dropout 0.1 and recurrent_dropout 0.5 on the GRU.
    ("Conv1D + GRU", ModelConfig(cell="GRU", conv_filters=32, conv_kernel=5, dropout=0.1, recurrent_dropout=0.5),
     N_("no figure (dropout 0.1, recurrent_dropout 0.5)")),
)
REFERENCES = ((N_("Dense network on multi-hot words"), "88 %"), (N_("GloVe 100-d, frozen"), "82 %"))
NOT_BUILT = N_("The dense network on multi-hot words and GloVe rows show the course's figures only (train a "
               "pretrained-vectors model above with your own GloVe file to measure it).")


def course_requests(dataset_options: dict, epochs: int, batch_size: int,
                    seed: int) -> tuple[list[TrainingRequest], list[str]]:
    """One TrainingRequest per model of the table, all on the same IMDB options, epochs and seed.

    Each is checked on its own (the server's cap is per training, and the models cost from 1e9 to 3e10 on the
    defaults): returns (the accepted requests, one line per refused model naming it), never all-or-nothing."""
    requests, refused = [], []
    for title, config, _figure in MODELS:
        try:
            requests.append(TrainingRequest("imdb", dict(dataset_options), config.replace(seed=seed), epochs=epochs,
                                            batch_size=batch_size, seed=seed, run_name=f"course: {title}",
                                            group=GROUP))
        except ValueError as error:
            refused.append(f"{_(title)}: {error}")
    return requests, refused


def course_rows(dataset_options: dict) -> list[dict]:
    """The table: the latest run of each model on these options, the TF-IDF baseline, the course's figures."""
    latest = {}
    for run in session_runs().values():
        request = run.request
        if run.group == GROUP and request is not None and request.dataset_options == dataset_options:
            latest[request.run_name] = run
    rows = []
    for title, _config, course in MODELS:
        run = latest.get(f"course: {title}")
        epochs = run.epochs_done if run is not None else 0
        rows.append({"model": _(title), "test accuracy": run.test_scores.get("accuracy") if run else None,
                     "parameters": run.model.count_params() if run else None,
                     "seconds per epoch": round(run.wall_time_s / epochs, 2) if epochs else None,
                     "the course's figure (25,000 reviews)": _(course)})
    if latest:
        scores = cached_baseline("imdb", tuple(sorted(dataset_options.items())))
        rows.append({"model": _("TF-IDF + logistic regression"), "test accuracy": scores["test"], "parameters": None,
                     "seconds per epoch": None, "the course's figure (25,000 reviews)": ""})
    rows += [{"model": _(title), "test accuracy": None, "parameters": None, "seconds per epoch": None,
              "the course's figure (25,000 reviews)": course} for title, course in REFERENCES]
    return rows


def course_section(dataset_name: str, dataset_options: dict, budget: dict, dataset=None) -> None:
    """The button that queues the course's models, and the table of what they measured.

    dataset: the reviews as 1 · Data loaded them, None when they could not be (its one line says why: not
    repeated here)."""
    if dataset_name != "imdb":
        st.caption(_("Choose the IMDB reviews in 1 · Data to reproduce the course's comparison on them."))
        return
    if dataset is None:
        st.caption(_("The course's models need the IMDB reviews: see the message in 1 · Data."))
        return
    a, b = st.columns([1, 3], vertical_alignment="bottom")
    epochs = a.number_input(_("Epochs per model"), value=3, step=1, key="course_epochs", persist_state="session")
    if b.button(_("Train the course's models"), icon=":material/table:", key="course_button"):
        requests, refused = course_requests(dataset_options, int(epochs), budget["batch_size"], budget["seed"])
        st.session_state[keys.COURSE_REFUSED] = refused        # kept: start_training reruns the page
        if requests:
            start_training(requests)
    for line in st.session_state.get(keys.COURSE_REFUSED, []):
        st.error(_("Course table, not trained: {line}").format(line=line), icon=":material/error:")
    st.caption(_("{n} models, one after another, on the reviews chosen above with the same seed; progress shows "
                 "in 3 · Train.").format(n=len(MODELS)) + " " + _(NOT_BUILT))
    st.dataframe(localized_numbers(shown_columns(course_rows(dataset_options))), hide_index=True)
