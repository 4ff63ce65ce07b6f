"""Projector and slides: presentation mode and slide style kept in the URL, charts exported at 1920 x 1080."""

import json

import pytest
from conftest import APP, TIMEOUT, no_exception, open_app
from streamlit.testing.v1 import AppTest

from rnnviz.figures.style import SLIDE_TEMPLATE, export_config, provenance_note, slide_style
from rnnviz.figures.training import training_curves

PAGE = "pages/gates.py"


def charts(at) -> dict:
    return {chart.proto.id: (json.loads(chart.proto.spec), json.loads(chart.proto.config))
            for chart in at.get("plotly_chart")}


def by_key(at, key):
    return next((json.loads(c.proto.spec), json.loads(c.proto.config)) for c in at.get("plotly_chart")
                if key in c.proto.id)


def test_slide_style_enlarges_every_text_and_keeps_the_data():
    import pandas as pd

    history = pd.DataFrame({"loss": [0.7, 0.5], "val_loss": [0.7, 0.6]}, index=pd.RangeIndex(1, 3, name="epoch"))
    plain = training_curves(history)
    slide = slide_style(training_curves(history))
    assert slide.layout.template.layout.font.size == SLIDE_TEMPLATE.layout.font.size > 15
    assert all(a.font.size > 16 for a in slide.layout.annotations)          # subplot titles too
    assert [list(t.y) for t in slide.data] == [list(t.y) for t in plain.data]
    assert slide.layout.height > plain.layout.height


def test_slide_style_enlarges_a_chart_only_up_to_one_projected_screen():
    """A 64-unit heatmap in presentation mode grew to ~1300 px: its words (x axis) fell below a 1080p screen."""
    import plotly.graph_objects as go

    from rnnviz.figures.style import SLIDE_MAX_HEIGHT

    def height(h, scale=1.2):
        return slide_style(go.Figure(layout={"height": h}), scale=scale).layout.height

    assert height(400) == int(400 * 1.15 * 1.2) < SLIDE_MAX_HEIGHT
    assert height(800) == SLIDE_MAX_HEIGHT
    assert height(1200) == 1200                     # already taller: kept, never shrunk


def test_slide_style_keeps_heatmap_row_labels_within_their_rows():
    import numpy as np
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    from rnnviz.figures.style import apply_style

    fig = apply_style(make_subplots(rows=2, cols=1), height=700)
    for row in (1, 2):
        fig.add_trace(go.Heatmap(z=np.zeros((32, 5)), y=[f"unit {u}" for u in range(32)]), row=row, col=1)
    slide = slide_style(fig, scale=1.2)
    margin = SLIDE_TEMPLATE.layout.margin
    for axis in (slide.layout.yaxis, slide.layout.yaxis2):
        row_px = (slide.layout.height - margin.t - margin.b) * (axis.domain[1] - axis.domain[0]) / 32
        assert 9 <= axis.tickfont.size <= row_px       # one label per row, none running into the next
    few = slide_style(apply_style(go.Figure(go.Heatmap(z=np.zeros((4, 5)))), height=500))
    assert few.layout.yaxis.tickfont.size == SLIDE_TEMPLATE.layout.font.size    # room enough: the slide size


def test_export_is_1920_by_1080_in_png_or_svg_and_refuses_other_formats():
    for image_format in ("png", "svg"):
        options = export_config(image_format, "chart")["toImageButtonOptions"]
        assert (options["width"], options["height"], options["format"]) == (1920, 1080, image_format)
    with pytest.raises(ValueError, match="image_format must be one of png, svg, got 'gif'"):
        export_config("gif")


def test_provenance_is_written_on_the_figure_itself():
    import plotly.graph_objects as go

    fig = provenance_note(go.Figure(), "toy_sentiment (en) · LSTM 32 · seed 0 · epoch 4 · rnnviz")
    assert fig.layout.annotations[-1].text.startswith("toy_sentiment (en) · LSTM 32")


def test_the_provenance_line_has_its_own_strip_under_the_x_axis_title():
    """On a chart with an x axis title the note sat in the same bottom margin, and a long title ran into it."""
    import plotly.graph_objects as go

    from rnnviz.figures.style import PROVENANCE_STRIP, apply_style

    fig = apply_style(go.Figure(go.Scatter(x=[0, 1], y=[0, 1])))
    fig.update_layout(xaxis_title="word (position in the sentence)")
    bottom = fig.layout.template.layout.margin.b
    provenance_note(fig, "toy_sentiment (en) · LSTM 32 · seed 0 · epoch 4 · rnnviz")
    note = fig.layout.annotations[-1]
    assert fig.layout.margin.b == bottom + PROVENANCE_STRIP
    assert note.yshift < -bottom                       # below everything the old bottom margin holds
    slide = provenance_note(slide_style(apply_style(go.Figure())), "x")
    assert slide.layout.annotations[-1].font.size > note.font.size   # larger with the slide template


def test_gates_page_charts_carry_the_run_settings_and_the_chosen_format(tiny_runs):
    run = tiny_runs["LSTM"]
    at = open_app(PAGE, {run.name: run})
    spec, config = by_key(at, "gates_heatmaps")
    notes = [a["text"] for a in spec["layout"]["annotations"]]
    assert any(note.startswith(f"{run.dataset.name} ({run.dataset.language}) · {run.config.label()} · seed 0")
               for note in notes)
    assert config["toImageButtonOptions"]["width"] == 1920 and config["toImageButtonOptions"]["format"] == "png"
    svg = AppTest.from_file(APP, default_timeout=TIMEOUT)
    svg.query_params["image"] = "svg"                     # a link that asks for SVG downloads
    svg.session_state["rnnviz_runs"] = {run.name: run}
    svg.run()
    svg.switch_page(PAGE).run()
    assert by_key(svg, "gates_heatmaps")[1]["toImageButtonOptions"]["format"] == "svg"


def test_the_sidebar_controls_write_their_choice_into_the_url():
    at = open_app()
    assert no_exception(at) and at.sidebar.button_group(key="look_image").value == "png"
    at.sidebar.button_group(key="look_image").set_value("svg")
    at.sidebar.toggle(key="look_slides").set_value(True)
    at.run()
    assert no_exception(at)
    assert (at.query_params.get("image"), at.query_params.get("slides")) == ("svg", "1")
