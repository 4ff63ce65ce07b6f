"""Streamlit's own words in the file uploader, in the student's language, by a style sheet.

Streamlit 1.67 writes the uploader's button ("Upload"), its limit line ("200MB per file • CSV") and a refused
file's error ("File must be 200.0MB or smaller.", read by screen readers) in its frontend, in English, with no
parameter or locale to change them (FileUploader.js, utils.js). A style sheet can: it hides those texts
(font-size 0) and writes ours in their place (::after). What it cannot reach stays English: the "Drag and drop
files here" overlay shown only while a file is dragged over, and the tooltip showing a refused file's error on
hover (drawn outside the uploader, no selector for it). Checked in Chromium: the button reads "Subir archivo",
the line "Como máximo 200 MB por archivo".
The selects' "Choose an option" is not needed here: rnnviz gives every select without a choice a placeholder.
"""

from __future__ import annotations

import json

import streamlit as st

from ..i18n import DEFAULT_LANGUAGE, _, get_language

_UPLOADER = '[data-testid="stFileUploaderDropzone"]'


def frontend_css(language: str, max_upload_mb: int) -> str:
    """The style sheet that writes the uploader's texts in `language` (empty for English)."""
    if language == DEFAULT_LANGUAGE:
        return ""
    upload, limit = _("Upload"), _("At most {size:,} MB per file").format(size=max_upload_mb)
    refused = _("Error: this file cannot be used (too large, or not a type this box takes).")
    rules = [(f"{_UPLOADER} button [data-testid=\"stMarkdownContainer\"] p", upload, "1rem"),
             ('[data-testid="stFileUploaderDropzoneInstructions"] span', limit, "0.875rem"),
             ('[data-testid="stFileChip"] [role="alert"]', refused, "0.875rem")]
    css = "".join(f"{selector} {{ font-size: 0 !important; }}\n"
                  f"{selector}::after {{ content: {json.dumps(text, ensure_ascii=False)}; font-size: {size}; }}\n"
                  for selector, text, size in rules)
    return f"<style>\n{css}</style>"


def translate_frontend() -> None:
    """Add the style sheet to the page (a style-only st.html takes no room); nothing in English."""
    css = frontend_css(get_language(), int(st.get_option("server.maxUploadSize")))
    if css:
        st.html(css)
