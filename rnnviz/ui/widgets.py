"""Small widget groups every page uses: friendly errors, the run a page needs, a sentence box."""

from __future__ import annotations

import contextlib

import streamlit as st

from ..i18n import _
from . import keys
from .state import current_run

# Longer texts are kept in the box (nothing the student pasted is lost) but the pages read only this many
# characters: a trace costs time per word on a server shared by a class.
MAX_SENTENCE_CHARS = 2000


@contextlib.contextmanager
def friendly_errors(prefix: str = ""):
    """Turn a ValueError raised inside the block into one red line (the core's messages name the bad value)."""
    try:
        yield
    except ValueError as error:
        st.error(f"{prefix}{error}", icon=":material/error:")


def has_validation_sentences(run) -> bool:
    """True when the run holds validation sentences; otherwise one line says why this part is missing.

    A run read back from its file holds its model and vocabulary, not its data: what is measured over the
    validation sentences (gate saturation, the map of final states, units that track a concept) cannot be.
    """
    if len(run.dataset.validation):
        return True
    st.info(_("'{name}' was loaded from a file, which keeps the model and its vocabulary but not its sentences: "
              "this part is measured over the validation sentences, so it cannot be shown. Your own sentences "
              "above still work.").format(name=run.name), icon=":material/info:")
    return False


def require_run(kinds: tuple[str, ...] | None = None):
    """The run chosen in the sidebar; without one (or of another kind), say what to do and stop the page.

    kinds: cells the page can show, e.g. ("SimpleRNN", "LSTM", "GRU"); None accepts any run.
    """
    run = current_run()
    if run is None:
        st.info(_("No trained model in this session yet. Train one in a few seconds, then come back."),
                icon=":material/school:")
        st.page_link("pages/home.py", label=_("Start here: one-click models"), icon=":material/play_arrow:")
        st.page_link("pages/train.py", label=_("Train page: your own settings"), icon=":material/tune:")
        st.stop()
    if getattr(run.dataset, "task", None) == "regression":   # these pages read sentences, not series windows
        st.warning(_("The run '{name}' forecasts a time series; this page shows text models. Pick a text run "
                     "in the sidebar, or see this one on the Time series page.").format(name=run.name),
                   icon=":material/swap_horiz:")
        st.page_link("pages/time_series.py", label=_("Time series"), icon=":material/show_chart:")
        st.stop()
    cell = run.config.cell if run.config is not None else None
    if kinds is not None and cell not in kinds:
        st.warning(_("This page needs a {kinds} model; the run '{name}' is a {model}. Pick another run in the "
                     "sidebar or train one.").format(kinds=" / ".join(kinds), name=run.name,
                                                     model=run.config.label() if run.config
                                                     else _("model rnnviz did not build")),
                   icon=":material/swap_horiz:")
        st.stop()
    return run


def sentence_input(dataset, key: str = "sentence", label: str | None = None,
                   store: str = keys.SENTENCES) -> str:
    """A text box pre-filled with an example, and a list of example sentences for this dataset.

    The sentence follows the student: typed on one page, it is there on the others (Streamlit forgets a
    widget's value when its page is left, so the text is kept apart, one per dataset and language). A model
    of another dataset or language gets its own sentence instead of words it cannot know.
    store: the session_state key of the sentences kept per topic; a page whose models are not the inspected
    ones (the gradients lab) keeps its own, so text typed for the student's model never lands on them.
    """
    text_key, example_key, topic_key = f"{key}_text", f"{key}_example", f"{key}_topic"
    sentences = st.session_state.setdefault(store, {})   # topic -> last sentence typed
    topic = f"{dataset.name}/{dataset.language}"
    examples = list(dataset.examples)
    if text_key not in st.session_state or st.session_state.get(topic_key) != topic:
        st.session_state[text_key] = sentences.get(topic, examples[0] if examples else "")
    st.session_state[topic_key] = topic

    def remember():
        sentences[topic] = st.session_state[text_key]
        _kept_for_reload(store)

    def use_example():
        if st.session_state.get(example_key):
            st.session_state[text_key] = sentences[topic] = st.session_state[example_key]
            _kept_for_reload(store)

    left, right = st.columns([3, 2])
    with right:
        st.selectbox(_("Examples"), examples, index=None, key=example_key, on_change=use_example,
                     placeholder=_("pick an example sentence"))
    with left:
        # No max_chars: the browser would silently refuse a longer paste and leave the box empty.
        text = st.text_input(label or _("Type a sentence"), key=text_key, on_change=remember)
    text = _within_limit(text)
    _word_notices(dataset, text)
    return text


def _kept_for_reload(store: str) -> None:
    """The inspection pages' sentences go to the browser's store too: a reload (F5) opens on them."""
    if store == keys.SENTENCES:
        from . import browser_session

        browser_session.save_sentences()


def _within_limit(text: str) -> str:
    """The text the pages read: all of it, or its first MAX_SENTENCE_CHARS characters with a one-line notice."""
    if len(text) <= MAX_SENTENCE_CHARS:
        return text
    cut = text[:MAX_SENTENCE_CHARS]
    cut = cut[:cut.rfind(" ")] if " " in cut[MAX_SENTENCE_CHARS // 2:] else cut   # not in the middle of a word
    st.warning(_("This text has {n_chars:,} characters; the pages read its first {n_read:,} ({n_words:,} words). "
                 "The whole text stays in the box.").format(n_chars=len(text), n_read=len(cut),
                                                            n_words=len(cut.split())),
               icon=":material/content_cut:")
    return cut


def _word_notices(dataset, text: str) -> None:
    """Say which words the model cannot know and what was cut, as the model will read the sentence."""
    try:
        encoded = dataset.encode_sentence(text)
    except ValueError:  # no words: each page says what to type
        return
    if encoded.n_truncated:
        where = _("from the start") if dataset.padding == "pre" else _("at the end")
        st.info(_("The model reads at most {length} words: {n_cut} were cut ({where}, as in training).").format(
            length=dataset.sequence_length, n_cut=encoded.n_truncated, where=where), icon=":material/content_cut:")
    unknown = [word for word, flag in zip(encoded.words, encoded.is_unknown) if flag]
    if unknown:
        st.warning(_("Not in the model's vocabulary: {words}. The model reads each as the unknown-word token "
                     "[UNK].").format(words=", ".join(repr(w) for w in dict.fromkeys(unknown))),
                   icon=":material/help:")
