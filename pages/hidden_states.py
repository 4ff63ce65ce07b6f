"""Hidden states: what every unit of the trained network does at each word of a typed sentence."""

import streamlit as st

from rnnviz import ui
from rnnviz.figures.states import hidden_state_heatmap, prediction_by_word, unit_over_sentence, unrolled_network
from rnnviz.i18n import _
from rnnviz.tracing import rank_units
from rnnviz.ui import trace_views as views

st.title(_("Hidden states, word by word"))
st.caption(_("Type a sentence and watch the network read it: each column is a word, each row a hidden unit, "
             "the colour is h_t (blue negative, red positive). Recomputed from the model's own weights."))
run, text, trace = views.traced_page_sentence(key="hidden_states")

controls, compare = st.columns([3, 1])
with controls:
    cell_trace = views.layer_picker(trace, key="hidden_states_layer")
    order, unit = views.unit_controls(trace, cell_trace, key="hidden_states", chart_key="hidden_states_heatmap")
with compare:
    other_run = views.second_run_picker(run, key="hidden_states_other")

shown = views.word_window(trace, key="hidden_states_window")     # a long review: a window of its words
heatmap = hidden_state_heatmap(shown, shown.layer(cell_trace.label), order, clickable=True,
                               title=_("{run}: h of {layer}").format(run=run.name, layer=cell_trace.label))
traces = {run.name: trace}
provenance = ui.run_provenance(run)
if other_run is None:
    ui.show_figure(heatmap, key="hidden_states_heatmap", provenance=provenance, on_select="rerun",
                   selection_mode="points")
else:
    left, right = st.columns(2)
    with left:
        ui.show_figure(heatmap, key="hidden_states_heatmap", provenance=provenance, on_select="rerun",
                       selection_mode="points")
    with right:
        # The second model's check goes under its heatmap, so the two heatmaps start at the same height.
        other = views.traced_sentence(other_run, text, show_check=False)
        if other is not None and not other[1].ok:
            views.show_verification(other[1])
        if other is not None and other[1].ok:
            other_trace = other[0]
            traces[other_run.name] = other_trace
            other_cell = other_trace.layers[-1]
            other_order = rank_units(other_cell, "variance", other_trace)[0]
            ui.show_figure(hidden_state_heatmap(other_trace, other_cell, other_order,
                                                title=_("{run}: h of {layer}").format(run=other_run.name,
                                                                                    layer=other_cell.label)),
                           key="hidden_states_other_heatmap", provenance=ui.run_provenance(other_run))
            views.show_verification(other[1], {layer.cell for layer in other_trace.layers})

ui.show_figure(prediction_by_word(traces), key="hidden_states_prediction")
st.caption(_("The prediction after each word is the model's output for the sentence cut after that word "
             "(the same number model.predict gives for that prefix)."))
ui.show_figure(unrolled_network(trace, cell_trace, unit), key="hidden_states_unrolled", provenance=provenance)
ui.show_figure(unit_over_sentence(trace, cell_trace, unit), key="hidden_states_unit", provenance=provenance)
