"""rnnviz: the app's shared frame. Every rerun starts here, then runs the page the student is on."""

import streamlit as st

from rnnviz import ui
from rnnviz.i18n import _
from rnnviz.keras_import import import_keras

ui.apply_language()   # first: every text below is produced in the session's language
# An emoji icon: the browser draws it itself (a :material/...: page icon is fetched from fonts.gstatic.com).
st.set_page_config(page_title=_("rnnviz: see inside recurrent networks"), page_icon="🧠", layout="wide")
ui.setup_session()
ui.apply_page_style()

PAGES = {
    _("Learn"): [
        st.Page("pages/home.py", title=_("Start here"), icon=":material/home:", default=True),
        st.Page("pages/train.py", title=_("Train"), icon=":material/model_training:"),
        st.Page("pages/time_series.py", title=_("Time series"), icon=":material/show_chart:"),
    ],
    _("Inside the network"): [
        st.Page("pages/hidden_states.py", title=_("Hidden states"), icon=":material/grid_on:"),
        st.Page("pages/gates.py", title=_("Gates"), icon=":material/filter_alt:"),
        st.Page("pages/embeddings.py", title=_("Embeddings"), icon=":material/scatter_plot:"),
        st.Page("pages/why.py", title=_("Why this prediction"), icon=":material/lightbulb:"),
    ],
    _("Labs"): [
        st.Page("pages/fitting.py", title=_("Over- and underfitting"), icon=":material/stacked_line_chart:"),
        st.Page("pages/gradients.py", title=_("Vanishing & exploding gradients"), icon=":material/trending_down:"),
    ],
}
page = st.navigation({section: pages for section, pages in PAGES.items() if pages})
ui.remember_page(page)
if page.url_path:    # every page but Start here reads Keras models: import it, or wait for the thread that does
    import_keras()
ui.draw_sidebar()
with st.sidebar:
    ui.language_picker()
    ui.look_controls()
    ui.lesson_controls(page)
page.run()
ui.warm_up_tensorflow()  # after the page is drawn: the first visitor never waits for TensorFlow
ui.start_training_workers()   # the worker processes import TensorFlow before the first press
