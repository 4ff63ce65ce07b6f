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


def test_a_table_shows_its_numbers_in_spanish_and_keeps_them_numbers():
    import numpy as np
    import pandas as pd

    from rnnviz.ui.tables import localized_numbers

    frame = pd.DataFrame({"n": np.array([4000, 12]), "accuracy": [0.5104, np.nan], "run": ["LSTM 4", "GRU 4"]})
    assert localized_numbers(frame) is frame                                  # English: as it is
    with use_language("es"):
        styled = localized_numbers(frame)
    shown = [[cell["display_value"] for cell in row] for row in styled._translate(False, False)["body"]]
    assert [row[1:] for row in shown] == [["4.000", "0,51", "LSTM 4"], ["12", "", "GRU 4"]]
    assert styled.data["n"].tolist() == [4000, 12]                           # sorting still sees numbers
