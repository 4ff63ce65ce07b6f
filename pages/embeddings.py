"""Embeddings: the learnt word vectors as a map, and the hidden states the sentences leave behind."""

import streamlit as st

from rnnviz import ui
from rnnviz.figures.projection import embedding_figure, state_space_figure
from rnnviz.i18n import N_, _
from rnnviz.ui import projector

st.title(_("Embedding projector"))
run = ui.require_run()
words_tab, states_tab = st.tabs([_("Word embeddings"), _("Hidden-state space")])
COLOURS = {"association": N_("association"), "frequency": N_("frequency"), "none": N_("none"),
           "label": N_("true label"), "prediction": N_("prediction")}
WHEN = {"after": N_("after training"), "before": N_("before training")}

with words_tab:
    settings = projector.embedding_settings(run.dataset)
    left, right = st.columns([2, 3])
    colour_by = left.segmented_control(_("Colour by"), ["association", "frequency", "none"], default="association",
                                       key="emb_colour", format_func=lambda c: _(COLOURS[c])) or "association"
    search = right.text_input(_("Search a word"), key="emb_search", placeholder=_("a word on the map"))
    compare = st.toggle(_("Show the embedding before training next to it"), value=True, key="emb_compare")
    maps = {}
    with ui.friendly_errors():
        maps["after"] = projector.cached_embeddings(run, settings)
        if compare:
            maps["before"] = projector.cached_embeddings(run, settings, initial=True)
    for column, (when, projection) in zip(st.columns(len(maps) or 1), maps.items()):
        with column:
            neighbours = None
            if search.strip():
                with ui.friendly_errors(_(WHEN[when]) + ": "):
                    neighbours = projection.neighbours(search, n_neighbours=8)
            ui.show_figure(embedding_figure(projection, colour_by, search, [] if neighbours is None
                                            else neighbours["word"],
                                            title=_("Word vectors {when}").format(when=_(WHEN[when])),
                                            columns=len(maps)),
                           key=f"map_{when} training")
            r = round(float(projection.axis_association_correlation()[0]), 2) + 0.0   # no '-0.00'
            st.caption(_("Correlation of the first axis with label association: r = {r:+.2f}. Association: "
                         "log-odds of a word in {positive} vs {negative} training sentences.").format(
                r=r, positive=projection.association_classes[1], negative=projection.association_classes[0]))
            if neighbours is not None:
                st.dataframe(neighbours, hide_index=True, key=f"neighbours_{when} training",
                             column_config={"word": _("word"), "similarity": st.column_config.ProgressColumn(
                                 _("cosine similarity {when}").format(when=_(WHEN[when])), min_value=-1,
                                 max_value=1, format="%.3f")})

with states_tab:
    if not projector.layer_choices(run):
        st.info(_("This model has no recurrent layer, so there is no hidden state to show: pick or train an "
                  "RNN, LSTM or GRU."), icon=":material/info:")
        st.stop()
    if not ui.has_validation_sentences(run):
        st.stop()
    layer, state_options = projector.state_settings(run)
    colour_states = st.segmented_control(_("Colour by"), ["label", "prediction"], default="label",
                                         key="states_colour", format_func=lambda c: _(COLOURS[c]))
    sentence = ui.sentence_input(run.dataset, key="projector_sentence")
    states = None
    with ui.friendly_errors(_("Your sentence: ")):
        states = projector.cached_states(run, layer, state_options, sentence.strip() or None)
    if states is None:   # a sentence the model cannot read: still show the map of the validation sentences
        with ui.friendly_errors():
            states = projector.cached_states(run, layer, state_options, None)
    if states is not None:
        ui.show_figure(state_space_figure(states, colour_states or "label",
                                          title=_("Final hidden state of {layer}, one point per sentence").format(
                                              layer=layer)),
                       key="state_space")
        st.caption(_("Open symbols: sentences the model gets wrong. The path: the state after each word of your "
                     "sentence, embedded together with the validation states (t-SNE cannot place new points).")
                   if state_options.method == "tsne" else
                   _("Open symbols: sentences the model gets wrong. The path: the state after each word of your "
                     "sentence, placed by the same PCA."))
