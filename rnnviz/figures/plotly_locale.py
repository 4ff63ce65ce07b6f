"""Plotly's own words (toolbar tooltips, download toasts) and number signs in the student's language.

Plotly.js looks every toolbar text up in `config.locales[config.locale].dictionary` (src/lib/localize.js) and
its number signs in `.format` (decimal, thousands); st.plotly_chart passes `config` to it unchanged. So the
Spanish toolbar needs no bundle registered in Streamlit's frontend: the dictionary is built here from our own
catalogue (the English texts below are Plotly.js's message ids, translated in the .po like every other text),
and the signs come from Babel. Streamlit's own "Fullscreen" button, added to the toolbar by its frontend, is
not Plotly's and stays English (Streamlit 1.67 has no way to set it).
"""

from __future__ import annotations

from ..i18n import DEFAULT_LANGUAGE, N_, _, get_language, use_language
from ..locale_numbers import _symbols

PLOTLY_MESSAGES = (   # the texts of Plotly.js's modebar, snapshot toasts and drag hints that a 2D chart shows
    N_("Autoscale"), N_("Box Select"), N_("Lasso Select"), N_("Pan"), N_("Zoom"), N_("Zoom in"), N_("Zoom out"),
    N_("Reset axes"), N_("Reset"), N_("Reset view"), N_("Reset views"), N_("Toggle Spike Lines"),
    N_("Show closest data on hover"), N_("Compare data on hover"), N_("Toggle show closest data on hover"),
    N_("Download plot as a png"), N_("Download plot"), N_("Taking snapshot - this may take a few seconds"),
    N_("Snapshot succeeded"), N_("Sorry, there was a problem downloading your snapshot!"),
    N_("Double-click to zoom back out"), N_("Double-click on legend to isolate one trace"),
    N_("Produced with Plotly.js"), N_("trace"), N_("Orbital rotation"), N_("Turntable rotation"),
    N_("Reset camera to default"), N_("Reset camera to last save"),
)


def separators(language: str | None = None) -> str:
    """Plotly's `layout.separators` for `language`: its decimal sign then its group sign (",." in Spanish)."""
    decimal, group = _symbols(language or get_language())
    return decimal + group


def plotly_locale_config(language: str | None = None) -> dict:
    """The part of st.plotly_chart's `config` that makes Plotly speak `language` (empty for English)."""
    language = language or get_language()
    if language == DEFAULT_LANGUAGE:
        return {}
    with use_language(language):
        dictionary = {message: str(_(message)) for message in PLOTLY_MESSAGES}
    decimal, group = _symbols(language)
    return {"locale": language,
            "locales": {language: {"dictionary": dictionary, "format": {"decimal": decimal, "thousands": group}}}}
