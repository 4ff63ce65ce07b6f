"""The page's own look, for a projector: captions that carry measured numbers must be readable from the back.

Streamlit draws st.caption small and light grey (its "faded" text colour). Captions here state what was
measured, so they are drawn darker and a little larger on every page, through one style sheet.
"""

from __future__ import annotations

import streamlit as st

_STYLE = """
<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  color: #31333f !important;   /* Streamlit's body text colour, instead of 60 % grey */
  font-size: 0.95rem !important;
}
</style>
"""


def apply_page_style() -> None:
    """Add the app's style sheet to the page (a style-only st.html takes no room)."""
    st.html(_STYLE)
