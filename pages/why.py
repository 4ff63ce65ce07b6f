"""Why this prediction: edit the sentence, see what changes inside; which words counted; units with a meaning."""

import streamlit as st

import rnnviz
from rnnviz import ui
from rnnviz.data.sentiment import LANGUAGES
from rnnviz.data.text import words as split_words
from rnnviz.explain import CONCEPTS, EDIT_KINDS, Edit, layer_names, unit_examples
from rnnviz.explain.compare import suggested_for
from rnnviz.explain.concepts import concept_name
from rnnviz.figures.explain import (
    attribution_bars,
    difference_heatmap,
    edit_predictions,
    unit_activations,
    unit_ranking,
)
from rnnviz.i18n import N_, _
from rnnviz.models import RECURRENT_CELLS
from rnnviz.ui import trace_views as views
from rnnviz.ui import why_lab

EDIT_NAMES = {"swap": N_("swap"), "delete": N_("delete"), "insert": N_("insert"), "unknown": N_("unknown")}
OWN_WORDS = N_("my own words")

st.title(_("Why this prediction"))
st.caption(_("Every number here is recomputed from your model: each edited sentence is traced in full, the word "
             "attributions are checked (occlusion against Keras, integrated gradients by completeness), and the "
             "units are scored against untrained networks of the same architecture."))
run = ui.require_run(kinds=RECURRENT_CELLS)
text = ui.sentence_input(run.dataset, key="why")
provenance = ui.run_provenance(run)
typed = split_words(text)

known_language = run.dataset.language in LANGUAGES
if not known_language:
    st.info(_("The language of this data set is not known (it is neither clearly English nor Spanish): no "
              "negation or adjective edits are suggested, and the built-in concepts are not offered."),
            icon=":material/translate:")
if not typed:
    st.error(_("Type a sentence to edit and explain."), icon=":material/error:")
else:
    st.subheader(_("What if: edit the sentence"), anchor=False)
    suggestions = suggested_for(run.dataset, typed)
    default = suggestions[0] if suggestions else Edit("unknown", len(typed) - 1)
    if st.session_state.get("why_edit_for") != typed:    # a new sentence starts from its own default edit
        for key in ("why_kind", "why_position", "why_word"):
            st.session_state.pop(key, None)
        st.session_state["why_edit_for"] = typed
    kind_col, where_col, word_col = st.columns(3)
    kind = kind_col.selectbox(_("Edit"), EDIT_KINDS, key="why_kind", index=EDIT_KINDS.index(default.kind),
                              format_func=lambda k: _(EDIT_NAMES.get(k, k)))
    places = list(range(len(typed) + (kind == "insert")))
    position = where_col.selectbox(_("At word"), places, key="why_position", index=min(default.position,
                                                                                      len(places) - 1),
                                   format_func=lambda i: f"{i}: {typed[i]}" if i < len(typed)
                                   else _("{i}: (end)").format(i=i))
    word = word_col.text_input(_("New word"), value=default.word, key="why_word",
                               disabled=kind in ("delete", "unknown"))
    suggested = st.checkbox(_("Add the suggested edits (negations added and removed, adjectives flipped)"),
                            value=True, key="why_suggested", disabled=not suggestions)
    with ui.friendly_errors():
        own = Edit(kind, position or 0, word)
        edits = (suggestions if suggested else []) + ([own] if not (suggested and own in suggestions) else [])
        comparison = rnnviz.compare_edits(run, text, edits)
        st.dataframe(ui.localized_numbers(comparison.table()), hide_index=True, key="why_table")
        ui.show_figure(edit_predictions(comparison), key="why_predictions", provenance=provenance)
        chosen = st.selectbox(_("Edit shown inside the network"), range(len(comparison.results)), key="why_chosen",
                              format_func=lambda i: comparison.results[i].description)
        result = comparison.results[chosen or 0]
        cell_trace = views.layer_picker(comparison.trace, key="why_layer")
        quantity = st.radio(_("State or gate"), list(result.differences[cell_trace.label]), horizontal=True,
                            format_func=_, key="why_quantity")
        ui.show_figure(difference_heatmap(result, cell_trace.label, quantity), key="why_difference",
                       provenance=provenance)
        first = (_("never") if result.first_change is None
                 else _("at '{word}'").format(word=result.words[result.first_change]))
        st.caption(comparison.alignment_note + " " + _("The decision first changed {first}; final change "
                                                       "{change:+.3f}.").format(first=first,
                                                                                change=result.final_change))

    st.subheader(_("Which words made the prediction"), anchor=False)
    with ui.friendly_errors():
        attribution = rnnviz.attribute(run, text)
        ui.show_figure(attribution_bars(attribution), key="why_attribution", provenance=provenance)
        st.caption(attribution.caption())

st.subheader(_("Units that mean something"), anchor=False)
offered = (CONCEPTS if known_language else ("position",)) + ("my own words",)
concept = st.selectbox(_("Concept"), offered, key="why_concept",
                       format_func=lambda c: _(OWN_WORDS) if c == "my own words" else concept_name(c))
own = st.text_input(_("Words (separated by spaces)"), key="why_concept_words") if concept == "my own words" else ""
with ui.friendly_errors():
    if not ui.has_validation_sentences(run):
        st.stop()
    layer = st.selectbox(_("Layer"), layer_names(run), key="why_concept_layer")
    found = why_lab.concept_units(run, layer, own.split() if concept == "my own words" else concept)
    ui.show_figure(unit_ranking(found), key="why_units", provenance=provenance)
    st.caption(found.caption())
    examples = unit_examples(run, found, concept=own.split() if concept == "my own words" else None)
    ui.show_figure(unit_activations(examples), key="why_unit_examples", provenance=provenance)
