"""Why this prediction: edit the sentence, see what changes inside; which words counted; units with a meaning."""

import streamlit as st

import rnnviz
from rnnviz import ui
from rnnviz.data.text import words as split_words
from rnnviz.explain import CONCEPTS, EDIT_KINDS, Edit, layer_names, unit_examples
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

EDIT_NAMES = {"swap": N_("swap"), "delete": N_("delete"), "insert": N_("insert"), "unknown": N_("unknown")}
CONCEPT_NAMES = {"negation": N_("negation"), "positive_word": N_("positive word"),
                 "negative_word": N_("negative word"), "after_but": N_("after 'but'"), "position": N_("position"),
                 "my own words": N_("my own words")}

st.title(_("Why this prediction"))
st.caption(_("Every number here is recomputed from your model: each edited sentence is traced in full, the word "
             "attributions are checked (occlusion against Keras, integrated gradients by completeness), and the "
             "units are scored against shuffled labels."))
run = ui.require_run(kinds=RECURRENT_CELLS)
text = ui.sentence_input(run.dataset, key="why")
provenance = ui.run_provenance(run)
typed = split_words(text)

st.subheader(_("What if: edit the sentence"), anchor=False)
kind_col, where_col, word_col = st.columns(3)
kind = kind_col.selectbox(_("Edit"), EDIT_KINDS, key="why_kind", format_func=lambda k: _(EDIT_NAMES.get(k, k)))
position = where_col.selectbox(_("At word"), list(range(len(typed) + (kind == "insert"))), key="why_position",
                               format_func=lambda i: f"{i}: {typed[i]}" if i < len(typed) else _("{i}: (end)").format(i=i))
word = word_col.text_input(_("New word"), value="not" if run.dataset.language != "es" else "no", key="why_word",
                           disabled=kind in ("delete", "unknown"))
suggested = st.checkbox(_("Add the suggested edits (negations removed and added, adjectives flipped)"), value=True,
                        key="why_suggested")
with ui.friendly_errors():
    edits = ([Edit(kind, position or 0, word)] if typed else []) + (["suggested"] if suggested else [])
    comparison = rnnviz.compare_edits(run, text, edits)
    st.dataframe(comparison.table(), hide_index=True, key="why_table")
    ui.show_figure(edit_predictions(comparison), key="why_predictions", provenance=provenance)
    chosen = st.selectbox(_("Edit shown inside the network"), range(len(comparison.results)), key="why_chosen",
                          format_func=lambda i: comparison.results[i].description)
    result = comparison.results[chosen or 0]
    cell_trace = views.layer_picker(comparison.trace, key="why_layer")
    quantity = st.radio(_("State or gate"), list(result.differences[cell_trace.label]), horizontal=True, format_func=_,
                        key="why_quantity")
    ui.show_figure(difference_heatmap(result, cell_trace.label, quantity), key="why_difference",
                   provenance=provenance)
    first = (_("never") if result.first_change is None
             else _("at '{word}'").format(word=result.words[result.first_change]))
    st.caption(comparison.alignment_note + " " + _("The decision first changed {first}; final change "
                                                   "{change:+.3f}.").format(first=first, change=result.final_change))

st.subheader(_("Which words made the prediction"), anchor=False)
with ui.friendly_errors():
    attribution = rnnviz.attribute(run, text)
    ui.show_figure(attribution_bars(attribution), key="why_attribution", provenance=provenance)
    st.caption(attribution.caption())

st.subheader(_("Units that mean something"), anchor=False)
concept = st.selectbox(_("Concept"), CONCEPTS + ("my own words",), key="why_concept",
                       format_func=lambda c: _(CONCEPT_NAMES.get(c, c)))
own = st.text_input(_("Words (separated by spaces)"), key="why_concept_words") if concept == "my own words" else ""
with ui.friendly_errors():
    layer = st.selectbox(_("Layer"), layer_names(run), key="why_concept_layer")
    found = rnnviz.find_concept_units(run, layer=layer, concept=own.split() if concept == "my own words" else concept)
    ui.show_figure(unit_ranking(found), key="why_units", provenance=provenance)
    st.caption(found.caption())
    examples = unit_examples(run, found, concept=own.split() if concept == "my own words" else None)
    ui.show_figure(unit_activations(examples), key="why_unit_examples", provenance=provenance)
