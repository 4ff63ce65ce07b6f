"""Predict before you look: a lesson link's question stands in front of the answering figures until Reveal.

A page calls `ask_first(page, measured, choices)` just before the figures that answer the question. Without a
question in the session's lesson it does nothing. Otherwise, until the student has guessed and pressed
Reveal, it draws the question and stops the page (nothing below it is drawn); after Reveal it says what was
measured on the student's own model and whether the guess matched. Reveals are kept per session and page.
"""

from __future__ import annotations

import streamlit as st

from .. import lesson as codec
from ..gradients.captions import first_to_last_ratios
from ..i18n import _
from ..lesson_questions import QUESTIONS, final_class, final_sign, kept_most, question, simple_rnn_size, smallest_gap
from .lesson import active_lesson

REVEALED = "rnnviz_revealed"       # page -> the guess the student committed (None for an open question)


def asked(page: str):
    """(text, Question or None) of the lesson's question on `page`, or None without one."""
    values = active_lesson(page)
    if values.get(codec.ASK):
        return values[codec.ASK], None
    if values.get(codec.PREDICT):
        ready = question(page, values[codec.PREDICT])
        return _(ready.text), ready
    return None


def ask_first(page: str, measured=None, choices: tuple[str, ...] = ()) -> None:
    """Hide what follows behind the lesson's question until Reveal; then compare the guess with `measured`.

    measured: a function giving the measured answer (one of `choices`) for a ready question; choices: the
    answers to offer (message ids, shown translated, or class and cell names).
    """
    found = asked(page)
    if found is None:
        return
    text, ready = found
    revealed = st.session_state.setdefault(REVEALED, {})
    if page not in revealed:
        _question_box(page, text, choices if ready is not None else ())
        st.stop()
    guess = revealed[page]
    if ready is None or guess is None:
        return
    answer = measured() if measured is not None else None
    if answer is None:
        st.info(_("You expected **{guess}**: nothing measured yet to compare it with.").format(guess=_(guess)),
                icon=":material/psychology:")
        return
    shown = {"guess": _(guess), "answer": _(answer)}
    if guess == answer:
        st.success(_("You expected **{guess}**; measured on your model: **{answer}**. Your prediction matched.")
                   .format(**shown), icon=":material/check_circle:")
    else:
        st.info(_("You expected **{guess}**; measured on your model: **{answer}**. Look at the figures below: "
                  "what made the difference?").format(**shown), icon=":material/psychology:")


def _question_box(page: str, text: str, choices: tuple[str, ...]) -> None:
    with st.container(border=True, key=f"lesson_question_{page}"):
        heading = _("Predict before you look.")
        if choices or question_is_ours(page, text):
            st.markdown(f"**{heading}** {text}")
        else:    # a teacher's own question comes from the link (?ask=): anyone can write one, so it is plain text
            st.markdown(f"**{heading}**")
            st.text(text)
        guess = None
        if choices:
            guess = st.radio(_("Your guess"), choices, index=None, format_func=_, key=f"lesson_guess_{page}")
        st.button(_("Reveal"), key=f"lesson_reveal_{page}", type="primary", icon=":material/visibility:",
                  disabled=bool(choices) and guess is None, on_click=_reveal, args=(page, guess),
                  help=_("Commit your guess first: then the page shows what it measured."))


def question_is_ours(page: str, text: str) -> bool:
    """True when `text` is one of rnnviz's own questions for `page` (translated), which may use Markdown."""
    return any(_(ready.text) == text for ready in QUESTIONS.get(page, {}).values())


def _reveal(page: str, guess) -> None:
    st.session_state.setdefault(REVEALED, {})[page] = guess


def ask_about_states(trace, cell_trace, unit: int) -> None:
    """Hidden states: the question before the heatmaps, answered from the trace of the student's model."""
    found = asked("hidden_states")
    key = found[1].key if found and found[1] else None
    if key == "class":
        ask_first("hidden_states", lambda: final_class(trace), tuple(trace.class_names))
    elif key == "sign":
        ask_first("hidden_states", lambda: final_sign(cell_trace, unit, trace.mask),
                  QUESTIONS["hidden_states"]["sign"].choices)
    else:
        ask_first("hidden_states")


def ask_about_gradients(curves: dict) -> None:
    """Gradients lab: the question before the curves; curves: cell -> summary (gradients.lab.summaries)."""
    found = asked("gradients")
    key = found[1].key if found and found[1] else None
    if key == "keeps":
        ask_first("gradients", lambda: kept_most(first_to_last_ratios(curves)[1]), tuple(curves))
    elif key == "simple_rnn" and "SimpleRNN" in curves:
        ask_first("gradients", lambda: simple_rnn_size(first_to_last_ratios(curves)[1]["SimpleRNN"]),
                  QUESTIONS["gradients"]["simple_rnn"].choices)
    else:
        ask_first("gradients")


def ask_about_remedies(variants: list, runs_of) -> None:
    """Fitting lab: the question before the curves and diagnoses.

    variants: the remedy specs chosen (FittingSpec); runs_of: spec -> {name: Run} of this session (fitting_lab.
    runs_for). The answer is measured once every remedy is trained (the diagnosis of each run).
    """
    found = asked("fitting")
    if not (found and found[1] and found[1].key == "remedy"):
        ask_first("fitting")
        return
    from ..fitting import diagnose_run
    from ..fitting.remedies import display_name

    names = tuple(display_name(spec) for spec in variants)   # as the legends and cards name them

    def measured():
        runs = {display_name(spec): next(iter(runs_of([spec]).values()), None) for spec in variants}
        if not runs or any(run is None for run in runs.values()):
            return None
        return smallest_gap({name: diagnose_run(run).gap for name, run in runs.items()})

    ask_first("fitting", measured, names)
