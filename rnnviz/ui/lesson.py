"""Lesson links in the app: read a link's settings once per session and page, seed the widgets, copy a link.

A teacher sets a page up and copies its link from the sidebar ("Lesson link"); a student opening it gets the
same page with the same settings: the preset the lesson names is trained for them (an identical request
already trained on the server is reused, not retrained), the sentence typed, the unit followed, the lab's
conditions and tab. The link keeps the look of the page (language, presentation mode, slide style).

The parameters are read once per session and page (after that the student's own choices win), before the
page draws its widgets: each value goes into the widget's session_state key, so the widget opens on it. A bad
or stale value is one line on the page and the widget keeps its default (rnnviz.lesson checks every value).
"""

from __future__ import annotations

import functools
from dataclasses import replace

import streamlit as st

from .. import lesson as codec
from ..i18n import _
from ..lesson_questions import QUESTIONS
from ..presets import PRESETS
from .state import choose_run, current_job, current_run, session_runs

READ, LESSON, UNIT_KEYS = "rnnviz_lesson_read", "rnnviz_lesson", "rnnviz_lesson_unit_keys"
STARTED = "rnnviz_lesson_started"
KEPT = ("lang", "present", "slides", "image")     # the look of the page: other modules' parameters, kept
GRADIENT_TABS = {"through_time": "Through time", "exploding": "Exploding & clipping",
                 "training": "Through training", "memory": "Long-range memory"}
# lesson field -> Conditions field, for the lab's knobs (widget keys gradients_<field>)
CONDITIONS = {"data": "dataset", "steps": "n_steps", "seed": "seed", "units": "units", "activation": "activation",
              "scale": "embedding_scale", "init": "recurrent_initializer", "gain": "recurrent_gain"}


def _questions(page: str) -> tuple[codec.Field, ...]:
    return (codec.choice(codec.PREDICT, ("1", *QUESTIONS[page])), codec.text(codec.ASK))


def _trace_fields(page: str) -> tuple[codec.Field, ...]:
    from ..models import RECURRENT_CELLS
    from ..tracing import UNIT_ORDERS

    return (codec.choice("preset", PRESETS), codec.choice("cell", RECURRENT_CELLS), codec.text("sentence"),
            codec.integer("unit", 0, 1023), codec.choice("order", UNIT_ORDERS))


@functools.cache
def page_fields(path: str) -> tuple[codec.Field, ...]:
    """The settings the lessons of page `path` (its url path) carry; the allowed values are the widgets' own.

    Built on first use: the lab's modules import Keras, which the first page must not wait for.
    """
    if path in ("hidden_states", "gates"):
        return _trace_fields(path) + (_questions(path) if path in QUESTIONS else ())
    if path == "fitting":
        return _questions(path)
    if path == "gradients":
        from ..gradients.lab import QUANTITIES
        from ..models import ACTIVATIONS, RECURRENT_INITIALIZERS
        from .gradients_lab import SCALES

        return (codec.choice("tab", GRADIENT_TABS), codec.choice("data", ("memory_task", "toy_sentiment")),
                codec.integer("steps", 10, 200, 10), codec.integer("seed", 0, 10_000),
                codec.choice("units", (8, 16, 32, 64)), codec.choice("activation", ACTIVATIONS),
                codec.choice("scale", SCALES), codec.choice("init", RECURRENT_INITIALIZERS),
                codec.number("gain", 0.1, 3.0, 0.1), codec.choice("quantity", QUANTITIES)) + _questions(path)
    return ()


def page_path(page) -> str:
    return getattr(page, "url_path", "") or ""


def active_lesson(page: str) -> dict:
    """The settings the session's lesson link gave `page` ({} without one)."""
    lesson = st.session_state.get(LESSON, {})
    return lesson.get(page, {})


def apply_lesson(path: str) -> None:
    """At the top of page `path` (its url path): read its lesson parameters once, seed its widgets, get its model.

    (Called by the page, not app.py: AppTest runs a page switched to without app.py's frame.)
    """
    read = st.session_state.setdefault(READ, set())
    if page_fields(path) and path not in read:
        read.add(path)
        values, problems = codec.decode(page_fields(path), st.query_params.to_dict())
        for problem in problems:
            st.warning(_("This link's setting is not used ({problem}); the page's default is kept.")
                       .format(problem=problem), icon=":material/link_off:")
        st.session_state.setdefault(LESSON, {})[path] = values
        _seed(path, values)
    values = active_lesson(path)
    if values.get("preset"):
        _lesson_model(path, lesson_preset(values["preset"], values.get("cell")))
    else:
        _apply_pending(path)


def _seed(path: str, values: dict) -> None:
    """Write the lesson's values into the page's widget keys (before the widgets are drawn)."""
    if "order" in values:
        st.session_state[f"{path}_order"] = values["order"]
    if path != "gradients":
        return
    if "tab" in values:
        st.session_state["gradients_tab"] = _(GRADIENT_TABS[values["tab"]])
    if "quantity" in values:
        st.session_state["gradients_quantity"] = values["quantity"]
    changes = {CONDITIONS[name]: value for name, value in values.items() if name in CONDITIONS}
    if changes:
        from ..gradients.lab import Conditions

        try:
            conditions = Conditions(**{**Conditions().__dict__, **changes})
        except ValueError as error:
            st.warning(_("This link's lab settings are not used ({problem}); the page's defaults are kept.")
                       .format(problem=error), icon=":material/link_off:")
            return
        for name in CONDITIONS:          # the lab's own way to set its knobs (as its case buttons do)
            st.session_state.pop(f"gradients_{name}", None)
        st.session_state["gradients_case"] = conditions


def lesson_preset(key: str, cell: str | None = None):
    """The preset `key`, with its cell swapped for `cell` (a link's ?cell=, any registered cell kind): the same
    data, size, seed and budget, so a class compares cells on one task."""
    preset = PRESETS[key]
    if cell is None or cell == preset.request.config.cell:
        return preset
    request = replace(preset.request, config=preset.request.config.replace(cell=cell),
                      run_name=f"{preset.request.run_name} · {cell}")
    return replace(preset, request=request)


def preset_of(run) -> str | None:
    """The key of the preset `run` was trained from (its cell possibly swapped), or None (a model a link cannot
    train again)."""
    request, config = getattr(run, "request", None), getattr(run, "config", None)
    cell = getattr(config, "cell", None)
    return next((key for key in PRESETS if request is not None and lesson_preset(key, cell).request == request),
                None)


def _lesson_model(path: str, preset) -> None:
    """Make the preset's run the one shown; train it for this student if the session has none."""
    from .panel import start_training, training_panel

    runs = [name for name, run in session_runs().items() if getattr(run, "request", None) == preset.request]
    started = st.session_state.setdefault(STARTED, set())
    if runs:
        first_time = path not in started
        started.add(path)
        if first_time and getattr(current_run(), "request", None) != preset.request:
            choose_run(runs[-1])
            st.rerun()          # the sidebar, drawn before the page, then shows the lesson's model too
        _apply_pending(path)
        return
    job = current_job()
    if job is None and path not in started:
        started.add(path)
        start_training([preset.request])      # reruns; the service reuses an identical training of the class
        return
    if job is None:                           # stopped, or the training failed: the student starts it again
        left, right = st.columns([3, 1])
        left.info(_("This lesson uses the model '{name}': train the preset first.").format(name=preset.title),
                  icon=":material/school:")
        if right.button(_("Train the preset"), key="lesson_train_preset", icon=":material/play_arrow:"):
            start_training([preset.request])
        return
    st.info(_("This lesson uses the model '{name}': it is being trained for you (an identical training already "
              "done on this server is reused).").format(name=preset.title), icon=":material/school:")
    training_panel()


def _apply_pending(path: str) -> None:
    """The lesson's sentence, once the page's model is there (its dataset decides where sentences are kept)."""
    values = active_lesson(path)
    sentence = values.pop("sentence", None)
    run = current_run()
    if sentence is None or run is None:
        return
    from . import keys

    topic = f"{run.dataset.name}/{run.dataset.language}"
    st.session_state.setdefault(keys.SENTENCES, {})[topic] = sentence
    st.session_state.pop(f"{path}_text", None)      # sentence_input then opens on the kept sentence
    from . import browser_session

    browser_session.save_sentences()                # a reload opens on it too


def seed_unit(path: str, cell_trace) -> None:
    """Before unit_controls: the lesson's unit (once), if this layer has it; one line if it has not."""
    unit_key = f"{path}_unit_{cell_trace.label}"
    st.session_state.setdefault(UNIT_KEYS, {})[path] = unit_key
    unit = active_lesson(path).pop("unit", None)
    if unit is None:
        return
    if unit < cell_trace.n_units:
        st.session_state[unit_key] = unit
    else:
        st.warning(_("This link follows unit {unit}, but this layer has units 0 to {last}: the page's choice is "
                     "kept.").format(unit=unit, last=cell_trace.n_units - 1), icon=":material/link_off:")


def current_values(path: str) -> dict:
    """The page's lesson settings as the teacher has set them now (read from the widgets' keys)."""
    state = st.session_state
    values = {}
    if path in ("hidden_states", "gates"):
        values["preset"] = preset_of(current_run())
        # the preset's cell swapped for another kind: the link says which (?cell=)
        cell = current_run().config.cell if values["preset"] else None
        values["cell"] = cell if values["preset"] and cell != PRESETS[values["preset"]].request.config.cell else None
        values["sentence"] = (state.get(f"{path}_text") or "").strip()[:codec.MAX_TEXT] or None
        unit_key = state.get(UNIT_KEYS, {}).get(path)
        values["unit"] = state.get(unit_key) if unit_key else None
        values["order"] = state.get(f"{path}_order")
    if path == "gradients":
        labels = {_(label): slug for slug, label in GRADIENT_TABS.items()}
        values["tab"] = labels.get(state.get("gradients_tab"))
        values.update({name: state.get(f"gradients_{name}") for name in CONDITIONS})
        values["quantity"] = state.get("gradients_quantity")
    return values


def link_params(path: str, values: dict) -> dict:
    """The query of a lesson link: the page's settings (checked; a value a link cannot carry is left out) and
    the look parameters of the current URL."""
    fields = page_fields(path)
    names = {field.name for field in fields}
    params = {}
    for name, value in values.items():
        if name in names and value is not None:
            try:
                params.update(codec.encode(fields, {name: value}))
            except ValueError:
                continue        # e.g. a sentence longer than a link carries: the student's default instead
    params.update({name: st.query_params[name] for name in KEPT if name in st.query_params})
    return params


def lesson_controls(page) -> None:
    """Sidebar: 'Lesson link': an optional question to ask first, and the link to copy (Streamlit's copy icon)."""
    path = page_path(page)
    with st.expander(_("Lesson link"), icon=":material/link:"):
        values = current_values(path)
        if path in QUESTIONS:
            ready = {key: _(question.text) for key, question in QUESTIONS[path].items()}
            asked = st.selectbox(_("Ask first, reveal after"), [None, *ready], key=f"lesson_predict_{path}",
                                 format_func=lambda key: ready.get(key, _("no question")),
                                 help=_("The students see this question instead of the answer, guess, then "
                                        "press Reveal."))
            own = st.text_input(_("Or your own question"), key=f"lesson_ask_{path}", max_chars=codec.MAX_TEXT)
            values[codec.PREDICT] = asked
            values[codec.ASK] = own.strip() or None
        if path in ("hidden_states", "gates") and current_run() is not None and values["preset"] is None:
            st.caption(_("The model shown is not a preset: the link carries the other settings, and each student "
                         "uses a model of their own."))
        st.caption(_("Copy this link (icon on the right) and share it: it opens this page with these settings."))
        st.code(codec.lesson_url(_page_url(path), link_params(path, values)), language=None, wrap_lines=True)


def _page_url(path: str) -> str:
    """The address of this page on this server (st.context.url, without its query)."""
    url = (st.context.url or "").split("?", 1)[0]
    root = url.rsplit("/", 1)[0] if path and url.rstrip("/").endswith(path) else url.rstrip("/")
    return f"{root}/{path}" if path else f"{root}/"
