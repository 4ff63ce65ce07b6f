"""How the pages look: readable captions, presentation mode for a projector, slide style and chart export.

Three choices a teacher makes, kept in the page's URL (so a shared or reloaded link keeps them):
- presentation mode (`?present=1`): the sidebar and Streamlit's toolbar hidden, larger text, taller charts;
- slide style (`?slides=1`): every chart in the slide template (larger type, white, less ink);
- the format the camera button saves (`?image=svg`; PNG by default), always 1920 x 1080.
Captions that carry measured numbers are drawn darker and larger than Streamlit's light grey on every page.
"""

from __future__ import annotations

import streamlit as st

from ..figures.style import EXPORT_FORMATS, export_config, provenance_note, slide_style
from ..i18n import _

PRESENT, SLIDES, IMAGE = "present", "slides", "image"     # query parameters

_STYLE = """
<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  color: #31333f !important;   /* Streamlit's body text colour, instead of 60 % grey */
  font-size: 0.95rem !important;
}
/* Plotly's "Preparing image..." notes: bottom left instead of over the header's and the charts' top-right buttons */
.plotly-notifier { position: fixed !important; top: auto !important; bottom: 1.5rem !important; right: auto !important; left: 1.5rem !important; }
</style>
"""
_PRESENTATION_STYLE = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stToolbar"],
[data-testid="stHeader"] { display: none !important; }
html, body, [data-testid="stAppViewContainer"] { font-size: 21px !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1.5rem 3rem !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 1.05rem !important; }
</style>
"""


def _flag(name: str) -> bool:
    return st.query_params.get(name) == "1"


def _set_flag(name: str, on: bool) -> None:
    if on:
        st.query_params[name] = "1"
    else:
        st.query_params.pop(name, None)


def presentation_mode() -> bool:
    return _flag(PRESENT)


def slides_style() -> bool:
    """Charts in slide style: on in presentation mode, or chosen in the sidebar."""
    return _flag(SLIDES) or presentation_mode()


def image_format() -> str:
    value = st.query_params.get(IMAGE, "png")
    return value if value in EXPORT_FORMATS else "png"


def apply_page_style() -> None:
    """The app's style sheet (a style-only st.html takes no room), and in presentation mode a way back."""
    st.html(_STYLE)
    if presentation_mode():
        st.html(_PRESENTATION_STYLE)
        st.button(_("Leave presentation mode"), key="look_leave_presentation", icon=":material/close_fullscreen:",
                  type="tertiary", on_click=_set_flag, args=(PRESENT, False))


def look_controls() -> None:
    """Sidebar controls: presentation mode, slide style, the format of downloaded charts.

    The URL is the truth (a link or a reload keeps the choice): each widget is set from it before it is drawn
    and writes back to it in its callback, which runs before the rerun.
    """
    st.session_state["look_present"] = presentation_mode()
    st.session_state["look_slides"] = _flag(SLIDES)
    st.session_state["look_image"] = image_format()
    with st.expander(_("Projector and slides"), icon=":material/slideshow:"):
        st.toggle(_("Presentation mode"), key="look_present", on_change=_from_widget, args=(PRESENT, "look_present"),
                  help=_("Hides the sidebar and the toolbar and enlarges text and charts for a projector. "
                         "A button at the top of the page brings them back."))
        st.toggle(_("Slide style for charts"), key="look_slides", on_change=_from_widget,
                  args=(SLIDES, "look_slides"),
                  help=_("Larger type, white background, less ink: charts readable from the back of a room."))
        st.segmented_control(_("Chart download"), EXPORT_FORMATS, key="look_image", format_func=str.upper,
                             on_change=_image_from_widget,
                             help=_("The camera button above each chart saves a 1920 x 1080 image."))


def _from_widget(name: str, key: str) -> None:
    _set_flag(name, bool(st.session_state.get(key)))


def _image_from_widget() -> None:
    chosen = st.session_state.get("look_image")
    if chosen and chosen != "png":
        st.query_params[IMAGE] = chosen
    else:
        st.query_params.pop(IMAGE, None)


def styled_figure(fig, provenance: str | None = None):
    """The figure as the page shows it: slide style when chosen, the settings that produced it underneath."""
    if slides_style():
        fig = slide_style(fig, scale=1.2 if presentation_mode() else 1.0)
    if provenance:
        fig = provenance_note(fig, provenance)
    return fig


def chart_config(fig) -> dict:
    """The camera button's config: 1920 x 1080 in the chosen format, named after the chart's title."""
    title = (fig.layout.title.text or "rnnviz chart") if fig.layout.title else "rnnviz chart"
    filename = "".join(ch if ch.isalnum() else "_" for ch in title)[:60].strip("_") or "rnnviz"
    return export_config(image_format(), filename)


def run_provenance(run, epoch: int | None = None) -> str:
    """'toy_sentiment (en) · LSTM 32 units · seed 0 · epoch 6': enough to train the same model again."""
    parts = [f"{run.dataset.name} ({run.dataset.language})"]
    if run.config is not None:
        parts.append(run.config.label())
    parts.append(_("seed {seed}").format(seed=run.seed))
    parts.append(_("epoch {epoch}").format(epoch=epoch if epoch is not None else run.reported_epoch))
    return " · ".join(parts) + " · rnnviz"
