"""The session's interface language: chosen in the sidebar or by `?lang=es`, kept in st.session_state.

The URL wins on a fresh session (a shared link opens in its language); after that the session's choice is
the truth and is written back to the URL at every rerun (a page switch drops query parameters), so a copied
link keeps the language. `apply_language` runs at the top of every rerun, before any text is produced, and at
the top of every fragment (a fragment's rerun does not go through app.py).
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

from ..i18n import DEFAULT_LANGUAGE, LANGUAGES, _, set_language
from . import keys
from .frontend_text import translate_frontend

QUERY = "lang"   # query parameter


def session_language() -> str:
    """The session's language; on a fresh session, the URL's `lang` (when valid) or English."""
    language = st.session_state.get(keys.LANGUAGE)
    if language not in LANGUAGES:
        wanted = st.query_params.get(QUERY)
        language = wanted if wanted in LANGUAGES else DEFAULT_LANGUAGE
        st.session_state[keys.LANGUAGE] = language
        if wanted is not None and wanted not in LANGUAGES:
            st.session_state[keys.LANGUAGE_NOTICE] = wanted
    return language


def apply_language() -> str:
    """Set the session's language for this rerun (or fragment run) and keep it in the URL; returns it."""
    language = session_language()
    set_language(language)
    _write_url(language)
    return language


def _write_url(language: str) -> None:
    if language == DEFAULT_LANGUAGE:
        if QUERY in st.query_params:
            del st.query_params[QUERY]
    elif st.query_params.get(QUERY) != language:
        st.query_params[QUERY] = language


def choose_language(language: str) -> None:
    """Make `language` the session's language (and the URL's) from now on: the picker's callback."""
    if language in LANGUAGES:
        _keep_widget_values()
        st.session_state[keys.LANGUAGE] = language
        set_language(language)
        _write_url(language)


def _keep_widget_values() -> None:
    """Store every keyed widget's value as a plain value, decoded while the old labels are still known.

    A select box, radio or tab bar sends back the *label* the student saw; after a language change that label
    is no longer among the new labels, and Streamlit would hand the page the old label instead of the option
    (a dataset called "sentimiento de juguete ..."). Read in this callback, the value is still decoded with
    the previous run's labels; written back, the next run shows the same choice in the new language.
    """
    for key in _labelled_widget_keys():
        try:
            st.session_state[key] = st.session_state[key]
        except (StreamlitAPIException, KeyError):   # a widget that holds no value that can be set
            pass


def _labelled_widget_keys() -> list[str]:
    """User keys of the widgets whose value travels as a string (select boxes, radios, segmented controls,
    tabs, text boxes). Buttons and uploads are left out: they cannot be set through session_state.

    Streamlit has no public API for a widget's kind: this reads its widget metadata, and finds nothing
    (the choices then reset) if that changes.
    """
    from streamlit.runtime.state import get_session_state

    try:
        state = get_session_state()._state
        metadata = state._new_widget_state.widget_metadata
        return [key for widget_id, key in state._key_id_mapper.id_key_mapping.items()
                if widget_id in metadata and metadata[widget_id].value_type in ("string_value", "string_array_value")]
    except AttributeError:
        return []


def language_picker() -> None:
    """The sidebar's "English / Español" box (its value set from the session's choice before it is drawn)."""
    st.session_state[keys.LANGUAGE_PICKER] = session_language()
    st.selectbox(_("Interface language"), tuple(LANGUAGES), format_func=LANGUAGES.get, key=keys.LANGUAGE_PICKER,
                 on_change=lambda: choose_language(st.session_state[keys.LANGUAGE_PICKER]))
    translate_frontend()   # Streamlit's own uploader texts, in the session's language
    unknown = st.session_state.pop(keys.LANGUAGE_NOTICE, None)
    if unknown is not None:
        st.warning(_("The link asks for the language {asked!r}, which rnnviz does not have: showing {shown}.").format(
            asked=unknown, shown=LANGUAGES[session_language()]), icon=":material/translate:")


def localized_choice(key: str, message_ids) -> None:
    """Keep a widget whose state is its shown label (st.tabs) on the same choice after a language change.

    message_ids: the English labels; a stored label in any language becomes the current language's one.
    """
    stored = st.session_state.get(key)
    if stored is None:
        return
    from ..i18n import use_language

    for message in message_ids:
        labels = set()
        for language in LANGUAGES:
            with use_language(language):
                labels.add(_(message))
        if stored in labels:
            st.session_state[key] = _(message)
            return
