"""Widget groups and cached work of the gradients lab page.

Slow things are keyed by plain settings: the untrained models of a comparison are built once per server for
the same conditions (read-only, shared), their gradients cached; the accuracy-against-lag experiment runs
only when a student presses its button, and its result is kept for everyone who picks the same settings.
Trainings go through the session's training queue (`start_training`), so the page stays responsive.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from ..gradients.lab import (
    CLASSIC_CASE,
    CLASSIC_CHANGE,
    EXPLAINED,
    ClippingDemo,
    Conditions,
    build_cells,
    compare_cells,
    sentence_batch,
    simple_rnn_linearity,
)
from ..gradients.recorder import RecordGradients
from ..i18n import N_, _, _n
from ..locale_numbers import format_in
from ..models import ACTIVATIONS, COURSE_CELLS, OPTIMIZERS, RECURRENT_CELLS, RECURRENT_INITIALIZERS
from . import keys
from .cache import cached_dataset, spinner
from .jobs import TrainingRequest
from .panel import start_training
from .state import session_runs

SCALES = (0.01, 0.05, 0.1, 0.5, 1.0, 2.0)
TRAIN_EPOCHS = 6           # budget of the "trained weights" comparison, the same for the three cells
SENTENCE_STORE = keys.LAB_SENTENCES   # not the inspection pages' sentences: the lab measures models of its own


_DATA_TITLES = {"memory_task": N_("memory_task: random tokens"),
                "toy_sentiment": N_("toy_sentiment: review sentences")}
_QUANTITIES = {"hidden": N_("‖∂L/∂h_t‖ hidden state"), "input": N_("‖∂L/∂x_t‖ word vector"),
               "cell": N_("‖∂L/∂c_t‖ cell state (LSTM only)")}
_WIDGETS = ("data", "steps", "seed", "units", "activation", "scale", "init", "gain")


def _use_case(key: str, conditions: Conditions) -> None:
    """Button callback: the knobs start again from `conditions` (their widget values are dropped, so they are
    drawn with these as defaults: no value set twice)."""
    for name in _WIDGETS:
        st.session_state.pop(f"{key}_{name}", None)
    st.session_state[f"{key}_case"] = conditions


def case_buttons(key: str = "gradients") -> None:
    """One click to the defaults (Keras' own initialisation) or to the classic case (CLASSIC_CASE)."""
    left, right = st.columns(2)
    left.button(_("Keras defaults"), key=f"{key}_defaults", on_click=_use_case, args=(key, Conditions()),
                icon=":material/restart_alt:", help=_("Keras' initialisation: orthogonal recurrent weights, gain 1, "
                                                      "word vectors within ±0.05."), width="stretch")
    right.button(_("Classic case: the gradient vanishes"), key=f"{key}_classic", on_click=_use_case,
                 args=(key, CLASSIC_CASE), icon=":material/trending_down:", width="stretch",
                 help=_("{change}: the textbook picture, where SimpleRNN loses the gradient and the gated cells keep "
                        "more of it.").format(change=_(CLASSIC_CHANGE)))


def conditions_controls(key: str = "gradients") -> Conditions | None:
    """The knobs that change the picture; None (and one red line) if a combination is invalid."""
    case_buttons(key)
    base = st.session_state.get(f"{key}_case", Conditions())
    data, model, init = st.columns(3)
    with data:
        datasets = ("memory_task", "toy_sentiment")
        dataset = st.selectbox(_("Data"), datasets, datasets.index(base.dataset), key=f"{key}_data",
                               format_func=lambda name: _(_DATA_TITLES[name]))
        n_steps = st.slider(_("Sequence length (memory_task)"), 10, 200, base.n_steps, 10, key=f"{key}_steps",
                            disabled=dataset != "memory_task")
        seed = st.number_input(_("Seed"), 0, 10_000, base.seed, key=f"{key}_seed")
    with model:
        units = st.select_slider(_("Units"), (8, 16, 32, 64), base.units, key=f"{key}_units")
        activation = st.selectbox(_("Activation"), ACTIVATIONS, list(ACTIVATIONS).index(base.activation),
                                  key=f"{key}_activation",
                                  help=_("The cell's output activation (tanh in the course)."))
        scale = st.select_slider(_("Input scale (embedding init ±)"), SCALES, base.embedding_scale,
                                 key=f"{key}_scale", format_func=slider_number, help=_("Keras starts word vectors uniform in ±0.05. Larger "
                                                            "inputs push tanh and the gates towards saturation."))
    with init:
        initializer = st.selectbox(_("Recurrent initialiser"), RECURRENT_INITIALIZERS,
                                   list(RECURRENT_INITIALIZERS).index(base.recurrent_initializer), key=f"{key}_init",
                                   help=_("orthogonal is Keras' default for recurrent weights."))
        gain = st.slider(_("Gain (multiplies the recurrent weights)"), 0.1, 3.0, base.recurrent_gain, 0.1,
                         key=f"{key}_gain")
    try:
        return Conditions(dataset=dataset, n_steps=n_steps, units=units, recurrent_initializer=initializer,
                          recurrent_gain=gain, embedding_scale=scale, activation=activation, seed=int(seed))
    except ValueError as error:
        st.error(str(error), icon=":material/error:")
        return None


def conditions_dataset(conditions: Conditions):
    return cached_dataset(conditions.dataset, tuple(sorted(conditions.dataset_options().items())))


@st.cache_resource(max_entries=4, show_spinner=False)
def _untrained_models(conditions: Conditions) -> dict:
    """Shared, read-only: nobody trains these models; they are only measured."""
    return build_cells(conditions, conditions_dataset(conditions))


def cached_untrained_batch(conditions: Conditions) -> dict:
    """cell -> GradientNorms of the untrained models on the first n_sequences validation sequences."""
    with spinner(_("Measuring gradients through time...")):
        return _untrained_batch(conditions)


@st.cache_data(max_entries=16, show_spinner=False)
def _untrained_batch(conditions: Conditions) -> dict:
    """cell -> GradientNorms of the untrained models on the first n_sequences validation sequences."""
    split = conditions_dataset(conditions).validation
    x, y = split.x[:conditions.n_sequences], split.y[:conditions.n_sequences]
    return compare_cells(_untrained_models(conditions), x, y)


@st.cache_data(max_entries=16, show_spinner=False)
def cached_linearity(conditions: Conditions) -> dict:
    """The untrained SimpleRNN's mean |pre-activation| and tanh' on the comparison's sequences."""
    split = conditions_dataset(conditions).validation
    return simple_rnn_linearity(_untrained_models(conditions)["SimpleRNN"], split.x[:conditions.n_sequences])


@st.cache_data(max_entries=64, show_spinner=False)
def cached_untrained_sentence(conditions: Conditions, sentence: str, label: int) -> tuple:
    """(cell -> GradientNorms, words by distance from the end) for one typed sentence and label."""
    dataset = conditions_dataset(conditions)
    encoded = dataset.encode_sentence(sentence)
    norms = compare_cells(_untrained_models(conditions), sentence_batch(dataset, encoded.ids), [label])
    return norms, list(encoded.tokens)[::-1]


def warm_default_pictures() -> None:
    """Measure the lab's first pictures (the default conditions, untrained models, the first example sentence)
    into the server's caches. They are the same for every student (seeded, untrained), so the server computes
    them once in its warm-up thread instead of on the first student's visit (~5 s of model building and
    tf.function tracing on 2 cores)."""
    conditions = Conditions()
    cached_untrained_batch(conditions)
    cached_linearity(conditions)
    examples = list(conditions_dataset(conditions).examples)
    if examples:
        cached_untrained_sentence(conditions, examples[0], 0)


def sentence_norms(models: dict, dataset, sentence: str, label: int) -> tuple:
    """The same as cached_untrained_sentence, for a session's own (trained) models: not cached."""
    encoded = dataset.encode_sentence(sentence)
    return compare_cells(models, sentence_batch(dataset, encoded.ids), [label]), list(encoded.tokens)[::-1]


def quantity_picker(key: str) -> str:
    return st.radio(_("Gradient with respect to"), tuple(_QUANTITIES), format_func=lambda q: _(_QUANTITIES[q]),
                    horizontal=True, key=key, help="; ".join(f"{_(_QUANTITIES[k])}: {_(v)}" for k, v in EXPLAINED.items()))


def slider_number(value: float) -> str:
    """A slider's setting as the student's language writes it (0,05)."""
    return format_in(value, "g")


def comparison_group(conditions: Conditions) -> str:
    return f"gradients-compare {conditions!r}"


def trained_cells(conditions: Conditions) -> dict:
    """cell -> model of this session's runs trained under `conditions` (empty until trained)."""
    group = comparison_group(conditions)
    return {run.config.cell: run.model for run in session_runs().values() if run.group == group}


def trained_epochs_label(conditions: Conditions) -> str:
    """'6 epochs' (or '3 or 6 epochs' after a Stop): the epochs the trained cells really did."""
    group = comparison_group(conditions)
    epochs = sorted({run.epochs_done for run in session_runs().values() if run.group == group})
    epochs = epochs or [TRAIN_EPOCHS]
    return _n("{epochs} epoch", "{epochs} epochs", 1 if epochs == [1] else 2).format(
        epochs=_(" or ").join(map(str, epochs)))


def train_cells_button(conditions: Conditions) -> None:
    """Queue the three cells for TRAIN_EPOCHS epochs on the same data and seed, recording gradients."""
    if st.button(_("Train the three cells ({epochs} epochs each)").format(epochs=TRAIN_EPOCHS), key="gradients_train_cells",
                 icon=":material/play_arrow:"):
        _start([TrainingRequest(conditions.dataset, conditions.dataset_options(), conditions.model_config(cell),
                                        epochs=TRAIN_EPOCHS, batch_size=64, seed=conditions.seed,
                                        run_name=f"gradients lab: {cell}", group=comparison_group(conditions),
                                        callback_factories=(RecordGradients(),)) for cell in COURSE_CELLS])


def _start(requests: list) -> None:
    """Queue the trainings (start_training reruns the page, so the live panel at its top shows them)."""
    start_training(requests)


def clipping_controls(key: str = "clipping") -> ClippingDemo | None:
    """Settings of the exploding-gradient experiment (defaults measured to diverge without clipping)."""
    left, middle, right = st.columns(3)
    with left:
        cell = st.selectbox(_("Cell"), RECURRENT_CELLS, key=f"{key}_cell")
        activation = st.selectbox(_("Activation"), ACTIVATIONS, index=ACTIVATIONS.index("linear"), key=f"{key}_act")
    with middle:
        gain = st.slider(_("Recurrent gain (orthogonal × gain)"), 0.5, 3.0, 1.3, 0.1, key=f"{key}_gain")
        optimizer = st.selectbox(_("Optimizer"), OPTIMIZERS, index=OPTIMIZERS.index("sgd"), key=f"{key}_optimizer")
    with right:
        learning_rate = st.select_slider(_("Learning rate"), (0.001, 0.005, 0.01, 0.05, 0.1, 0.5), 0.05,
                                         key=f"{key}_lr", format_func=slider_number)
        clipnorm = st.select_slider(_("clipnorm of the clipped run"), (0.1, 0.5, 1.0, 5.0, 10.0), 1.0,
                                    key=f"{key}_clip", format_func=slider_number)
    try:
        return ClippingDemo(cell=cell, activation=activation, recurrent_gain=gain, optimizer=optimizer,
                            learning_rate=learning_rate, clipnorm=clipnorm)
    except ValueError as error:
        st.error(str(error), icon=":material/error:")
        return None


def clipping_runs(demo: ClippingDemo) -> dict:
    """label -> Run of this session for `demo`, in the order without / with clipping (empty until trained)."""
    group = f"gradients-clipping {demo!r}"
    runs = [run for run in session_runs().values() if run.group == group]
    found = {label: [run for run in runs if run.config == config] for label, config in demo.configs().items()}
    return {label: matching[-1] for label, matching in found.items() if matching}


def divergence_lines(runs: dict) -> list[str]:
    """label -> Run of the clipping lab: one "label: the loss became NaN..." line per diverged run that the
    training panel is not already reporting on this page (it names the run: a second line would repeat it)."""
    from ..stop_reasons import stop_reason_text
    from .panel import reported_run_names

    announced = reported_run_names()
    return [f"{label}: {stop_reason_text(run.stop_reason)}" for label, run in runs.items()
            if run.diverged and run.name not in announced]


def train_clipping_button(demo: ClippingDemo) -> None:
    if st.button(_("Train without and with clipping"), key="clipping_train", icon=":material/play_arrow:"):
        _start([TrainingRequest("memory_task", demo.dataset_options(), config, epochs=demo.epochs,
                                        batch_size=64, seed=demo.seed, run_name=_("clipping lab: {label}").format(label=label),
                                        group=f"gradients-clipping {demo!r}",
                                        callback_factories=(RecordGradients(),))
                        for label, config in demo.configs().items()])


def recorded_runs() -> dict:
    """name -> Run of this session that carries a gradient history (newest first)."""
    return {name: run for name, run in reversed(session_runs().items()) if run.gradient_history is not None}


def record_run_button(run) -> None:
    """Train the same model again (same data, config, budget, seed) with the gradient recorder on."""
    if st.button(_("Train '{name}' again, recording gradients each epoch").format(name=run.name), key="gradients_record_run",
                 icon=":material/play_arrow:"):
        original = run.request or TrainingRequest(
            run.dataset.name, dict(run.dataset.options), run.config, epochs=run.epochs_requested,
            batch_size=run.batch_size, seed=run.seed, early_stopping_patience=run.early_stopping_patience)
        _start([replace(original, run_name=f"{run.name} · gradients recorded", group="gradients-recorded",
                        callback_factories=(RecordGradients(),))])


def run_twin_norms(run) -> dict:
    """{"trained", "untrained"} GradientNorms for a session run, kept in the session by run id."""
    from ..gradients.lab import run_twin

    cache = st.session_state.setdefault(keys.GRADIENTS_TWIN, {})
    key = run.run_id
    if key not in cache:
        with st.spinner(_("Measuring your model's gradients (trained and at initialisation)...")):
            cache.clear()   # one run at a time: these hold arrays, not models
            cache[key] = run_twin(run)
    return cache[key]
