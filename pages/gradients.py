"""Gradients lab: vanishing and exploding gradients, measured on real models, under conditions you choose."""

import streamlit as st

from rnnviz import ui
from rnnviz.figures.gradients import (
    gradient_heatmap,
    gradient_through_time,
    lag_accuracy,
    loss_curves,
    shared_log_range,
)
from rnnviz.gradients import captions
from rnnviz.gradients.lab import compare_cells, describe_norms_source, summaries
from rnnviz.i18n import N_, _
from rnnviz.ui import gradients_lab as lab
from rnnviz.ui import lag_lab, lesson, predict
from rnnviz.ui.language import localized_choice

st.title(_("Vanishing and exploding gradients"))
st.markdown(_("Backpropagation through time carries the error from the loss back to every earlier word. If it "
              "shrinks at each step, early words hardly change what the network learns (**vanishing gradients**) "
              "and **long-term dependencies** are hard to learn; if it grows, training can blow up (**exploding "
              "gradients**). Every curve here is measured on the models shown: change the conditions and find out "
              "when each picture appears, and when it does not."))
lesson.apply_lesson("gradients")   # a lesson link's settings, once per session, before the widgets
ui.training_panel()
# The selected tab is kept across reruns (a button inside a tab no longer throws the page back to the first),
# and only the open tab's work runs: each tab measures models of its own.
# The tab's state is its label: after a language change it is moved to the same tab's label in the new language.
TABS = (N_("Through time"), N_("Exploding & clipping"), N_("Through training"), N_("Long-range memory"))
localized_choice("gradients_tab", TABS)
through_time, exploding, training, memory = st.tabs([_(tab) for tab in TABS], key="gradients_tab",
                                                    on_change="rerun")

if through_time.open:
    with through_time:
        conditions = lab.conditions_controls()
        if conditions is not None:
            dataset = lab.conditions_dataset(conditions)
            quantity = lab.quantity_picker("gradients_quantity")
            trained = lab.trained_cells(conditions)
            shown = {"untrained": _("untrained (as initialised)"),
                     "trained": _("trained ({epochs})").format(epochs=lab.trained_epochs_label(conditions))}
            weights = st.radio(_("Weights"), tuple(shown), horizontal=True, key="gradients_weights",
                               disabled=not trained, format_func=shown.get)
            use_trained = bool(trained) and weights == "trained"
            if not trained:
                lab.train_cells_button(conditions)
            with ui.friendly_errors():
                split = dataset.validation
                batch = (compare_cells(trained, split.x[:conditions.n_sequences], split.y[:conditions.n_sequences])
                         if use_trained else lab.cached_untrained_batch(conditions))
                curves = summaries(batch, quantity)
                predict.ask_about_gradients(curves)   # a lesson's question hides the curves until Reveal
                ui.show_figure(gradient_through_time(curves, quantity, title=_("Averaged over validation sequences")),
                               key="gradients_batch")
                st.caption(captions.describe_through_time(curves) + " " + _("Lines: {source}; band: their 10th to "
                                                                            "90th percentile.").format(
                    source=describe_norms_source(next(iter(batch.values())), dataset.name)))
                if not use_trained and quantity == "hidden" and "SimpleRNN" in curves:
                    distance, ratios = captions.first_to_last_ratios(curves)
                    st.caption(captions.describe_simple_rnn_regime(
                        lab.cached_linearity(conditions), ratios["SimpleRNN"], distance,
                        conditions.recurrent_initializer, conditions.recurrent_gain))
                text = ui.sentence_input(dataset, key="gradients", store=lab.SENTENCE_STORE)
                label = st.selectbox(_("Label the loss is computed against"), range(dataset.n_classes),
                                     format_func=lambda k: dataset.class_names[k], key="gradients_label")
                norms, words = (lab.sentence_norms(trained, dataset, text, label) if use_trained
                                else lab.cached_untrained_sentence(conditions, text, label))
                curves = summaries(norms, quantity)
                ui.show_figure(gradient_through_time(curves, quantity, words=words, band=False,
                                                     title=_("Your sentence")), key="gradients_sentence")
                st.caption(captions.describe_through_time(curves))

if exploding.open:
    with exploding:
        st.markdown(_("With a recurrent gain above 1 the gradient can **grow** going back in time. The same model "
                      "is trained twice: without gradient clipping, and with `clipnorm` (each update's gradient is "
                      "scaled down to at most that norm)."))
        demo = lab.clipping_controls()
        if demo is not None:
            lab.train_clipping_button(demo)
            runs = lab.clipping_runs(demo)
            for line in lab.divergence_lines(runs):      # once: not again under the panel's own line
                st.error(line, icon=":material/warning:")
            if runs:
                ui.show_figure(loss_curves({label: run.history for label, run in runs.items()}), key="clipping_loss")
                st.caption(captions.describe_clipping({label: run.history for label, run in runs.items()},
                                                      {label: run.stop_reason for label, run in runs.items()}))
                log_range = shared_log_range([run.gradient_history for run in runs.values()])
                for column, (label, run) in zip(st.columns(len(runs)), runs.items()):
                    with column:
                        history = run.gradient_history
                        ui.show_figure(gradient_heatmap(history, title=_("{run}: ‖∂L/∂h_t‖ by epoch").format(run=label),
                                                        log_range=log_range), key=f"clipping_heatmap_{label}")
                        st.caption(captions.describe_training(history))

if training.open:
    with training:
        run = ui.current_run()
        if run is not None and run.config is not None and run.config.is_recurrent:
            st.subheader(_("Your model: {name}").format(name=run.name), anchor=False)
            with ui.friendly_errors():
                twin = lab.run_twin_norms(run)
                model = run.config.label()
                curves = {_("{model} trained").format(model=model): twin["trained"].summary(min_sequences=32),
                          _("{model} at initialisation").format(model=model):
                              twin["untrained"].summary(min_sequences=32)}
                ui.show_figure(gradient_through_time(curves, title=_("Trained against its own initial weights")),
                               key="gradients_twin")
                st.caption(f"{captions.describe_through_time(curves)} "
                           f"({describe_norms_source(twin['trained'], run.dataset.name)}.)")
            if run.gradient_history is None:
                lab.record_run_button(run)
        recorded = lab.recorded_runs()
        if recorded:
            name = st.selectbox(_("Run with gradients recorded each epoch"), list(recorded), key="gradients_recorded")
            history = recorded[name].gradient_history
            layer = (st.selectbox(_("Layer"), list(history.hidden), key="gradients_layer")
                     if len(history.hidden) > 1 else None)
            ui.show_figure(gradient_heatmap(history, layer=layer), key="gradients_heatmap")
            st.caption(captions.describe_training(history, layer=layer))
        else:
            st.info(_("No run with recorded gradients yet: train the three cells (first tab), the clipping "
                      "experiment, or your own model again with the recorder on."), icon=":material/info:")

if memory.open:
    with memory:
        st.markdown(_("Every cell is trained on every lag with the same budget and seed."))
        settings = lag_lab.lag_controls()
        if settings is not None:
            result = lag_lab.lag_experiment_panel(settings)
            if result is not None:
                ui.show_figure(lag_accuracy(result), key="lag_figure")
                st.caption(captions.describe_lag_result(result))
                st.dataframe(ui.localized_numbers(result.table), hide_index=True)
