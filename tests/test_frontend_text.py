"""Streamlit's uploader texts in Spanish by a style sheet (rnnviz.ui.frontend_text)."""

from rnnviz.i18n import use_language
from rnnviz.ui.frontend_text import frontend_css


def test_the_style_sheet_writes_the_uploader_in_spanish_and_nothing_for_english():
    assert frontend_css("en", 200) == ""
    with use_language("es"):
        css = frontend_css("es", 4000)
    assert 'content: "Subir archivo"' in css and 'content: "Como máximo 4.000 MB por archivo"' in css
    assert "stFileUploaderDropzoneInstructions" in css and "font-size: 0 !important" in css
    assert "Upload" not in css.replace("stFileUploader", "")
