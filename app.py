"""rnnviz: the app's shared frame. Every rerun starts here, then runs the page the student is on."""

import streamlit as st

from rnnviz import ui
from rnnviz.keras_import import import_keras

# An emoji icon: the browser draws it itself (a :material/...: page icon is fetched from fonts.gstatic.com).
st.set_page_config(page_title="rnnviz: see inside recurrent networks", page_icon="🧠", layout="wide")
ui.setup_session()
ui.apply_page_style()

PAGES = {
    "Learn": [
        st.Page("pages/home.py", title="Start here", icon=":material/home:", default=True),
        st.Page("pages/train.py", title="Train", icon=":material/model_training:"),
        st.Page("pages/time_series.py", title="Time series", icon=":material/show_chart:"),
    ],
    "Inside the network": [
        st.Page("pages/hidden_states.py", title="Hidden states", icon=":material/grid_on:"),
        st.Page("pages/gates.py", title="Gates", icon=":material/filter_alt:"),
        st.Page("pages/embeddings.py", title="Embeddings", icon=":material/scatter_plot:"),
        st.Page("pages/why.py", title="Why this prediction", icon=":material/lightbulb:"),
    ],
    "Labs": [
        st.Page("pages/fitting.py", title="Over- and underfitting", icon=":material/stacked_line_chart:"),
        st.Page("pages/gradients.py", title="Vanishing & exploding gradients", icon=":material/trending_down:"),
    ],
}
page = st.navigation({section: pages for section, pages in PAGES.items() if pages})
ui.remember_page(page)
if page.url_path:    # every page but Start here reads Keras models: import it, or wait for the thread that does
    import_keras()
ui.draw_sidebar()
with st.sidebar:
    ui.look_controls()
page.run()
ui.warm_up_tensorflow()  # after the page is drawn: the first visitor never waits for TensorFlow
