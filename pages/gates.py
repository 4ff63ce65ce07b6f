"""Gates: how an LSTM or GRU decides, word by word, what to forget, what to write and what to show."""

import streamlit as st

from rnnviz import ui
from rnnviz.cells import get_cell
from rnnviz.figures.gates import gate_heatmaps, saturation_scatter, state_heatmaps
from rnnviz.i18n import _
from rnnviz.model_plan import SIGMOID_GATES
from rnnviz.ui import lesson
from rnnviz.ui import trace_views as views

st.title(_("Gates, word by word"))
st.caption(_("Keras never shows the gates: they are recomputed here from the layer's weights, step by step, and "
             "checked against Keras' own outputs for your model and sentence."))
lesson.apply_lesson("gates")   # a lesson link's settings, once per session, before the widgets
run, _text, trace = views.traced_page_sentence(key="gates")

cell_trace = views.layer_picker(trace, key="gates_layer")
if not SIGMOID_GATES[cell_trace.cell]:     # SimpleRNN
    activation = cell_trace.weights.activation
    st.info(_("A SimpleRNN has no gates: all it computes is h_t = {activation}(W·[h_{{t-1}}, x_t] + b). Its "
              "pre-activation (the number inside {activation}) is shown instead; train an LSTM or GRU to see "
              "gates.").format(activation=activation), icon=":material/info:")
lesson.seed_unit("gates", cell_trace)
order, unit = views.unit_controls(trace, cell_trace, key="gates")
provenance = ui.run_provenance(run)
ui.show_figure(gate_heatmaps(trace, cell_trace, order), key="gates_heatmaps", provenance=provenance)
ui.show_figure(state_heatmaps(trace, cell_trace, order), key="gates_states", provenance=provenance)

st.subheader(_("The equations, with the numbers of one word and one unit"), anchor=False)
step = views.step_picker(trace, key="gates_step")
st.caption(_("Unit {unit} (chosen above) at word {step}, '{word}'. W·[h_(t-1), x_t] is split into the part that "
             "comes from the word and the part that comes from the previous state{backward}").format(
    unit=unit, step=step, word=trace.labels[step],
    backward=_(" (for this backward layer: the state after the next word).") if cell_trace.direction == "backward"
    else "."))
views.show_formulas(cell_trace, step, unit)
if get_cell(cell_trace.cell).equations_caption:     # e.g. how Keras' GRU weighs z
    st.caption(_(get_cell(cell_trace.cell).equations_caption))

st.subheader(_("Gate saturation over the validation sentences"), anchor=False)
with ui.friendly_errors():
    table = views.cached_saturation(run) if ui.has_validation_sentences(run) else None
    if table is None:
        pass
    elif table.empty:
        st.info(_("No sigmoid gates in a SimpleRNN: nothing saturates."), icon=":material/info:")
    else:
        ui.show_figure(saturation_scatter(table, cell_trace.label), key="gates_saturation", provenance=provenance)
        st.caption(views.saturation_caption(cell_trace.cell))
