"""Readable figures: word labels that never overlap, runs that never look alike, whole-number axes.

Label overlap is measured the way a reader sees it: the pixel boxes of the labels a figure draws (estimated
from font size and characters, generously) must not intersect.
"""

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from rnnviz.figures.gates import gate_heatmaps
from rnnviz.figures.gradients import gradient_through_time, loss_curves
from rnnviz.figures.labels import label_boxes, overlapping_pairs, place_labels
from rnnviz.figures.projection import PLOT_WIDTH_PX, embedding_figure, state_space_figure
from rnnviz.figures.states import (
    UNROLLED_PLOT_PX,
    hidden_state_heatmap,
    prediction_by_word,
    unit_over_sentence,
    unrolled_network,
)
from rnnviz.figures.style import slide_style
from rnnviz.figures.training import compare_runs, sequence_lengths


class FakeProjection:
    """What embedding_figure reads of an EmbeddingProjection: a dense cluster of words."""

    def __init__(self, n_words=60, seed=0):
        rng = np.random.default_rng(seed)
        self.coordinates = rng.normal(scale=0.05, size=(n_words, 2))      # everything in one blob
        self.coordinates[0] = [5.0, 5.0]                                   # one word far away
        self.words = tuple(f"word{i:02d}" for i in range(n_words))
        self.frequencies = np.arange(n_words, 0, -1) * 10
        self.association = rng.normal(size=n_words)
        self.association_classes = ("negative", "positive")
        self.projection = type("P", (), {"n_components": 2, "axis_titles": lambda self: ("x", "y")})()


def visible_boxes(fig, height, width_px=PLOT_WIDTH_PX):
    """Pixel boxes of every label the figure draws, all traces together, in the frame of all its points."""
    points, texts, sizes, positions = [], [], [], []
    for trace in fig.data:
        if not trace.text or "text" not in (trace.mode or ""):
            continue
        xy = np.column_stack([np.asarray(trace.x, float), np.asarray(trace.y, float)])
        for point, text in zip(xy, trace.text):
            if text:
                points.append(point)
                texts.append(text.replace("<b>", "").replace("</b>", ""))
                sizes.append(trace.textfont.size or fig.layout.template.layout.font.size)
                positions.append(trace.textposition)
    frame = np.concatenate([np.column_stack([np.asarray(t.x, float), np.asarray(t.y, float)]) for t in fig.data])
    boxes = [label_boxes(np.array([p]), [t], s, width_px, height - 155, pos, frame=frame)[0]
             for p, t, s, pos in zip(points, texts, sizes, positions)]
    return np.array(boxes).reshape(-1, 4), texts


def test_place_labels_keeps_the_most_important_and_never_overlaps():
    points = np.array([[0.0, 0.0], [0.001, 0.0], [1.0, 1.0], [0.0, 0.0005]])
    shown = place_labels(points, ["alpha", "beta", "gamma", "delta"], priority=[1, 3, 0, 2])
    assert shown == ["", "beta", "gamma", ""]      # beta outranks alpha and delta at the same place
    boxes = label_boxes(points, shown, 12, 900, 480)
    assert overlapping_pairs(boxes) == []


def test_overlapping_pairs_finds_a_real_overlap():
    boxes = label_boxes(np.array([[0.0, 0.0], [0.0, 0.0]]), ["same", "place"], 12, 900, 480)
    assert overlapping_pairs(boxes) == [(0, 1)]


def test_word_map_of_a_dense_cluster_draws_no_overlapping_labels():
    projection = FakeProjection()
    fig = embedding_figure(projection, search="word05", neighbours=("word03", "word07"), height=600)
    boxes, texts = visible_boxes(fig, 600)
    assert overlapping_pairs(boxes) == []
    assert "word05" in texts and "word00" in texts           # the searched word and the lone far word stay
    assert 2 <= len(texts) < 20                               # the blob is thinned out, not emptied


def test_two_word_maps_side_by_side_are_labelled_for_half_the_width():
    """Before/after training side by side: each plot is half as wide, and its labels must not overlap there."""
    projection = FakeProjection()
    projection.coordinates = np.random.default_rng(1).uniform(-1, 1, size=(60, 2))     # spread over the plot
    full = visible_boxes(embedding_figure(projection, height=600), 600, PLOT_WIDTH_PX / 2)
    assert overlapping_pairs(full[0]) != []            # labels placed for the full width collide at half of it
    half = embedding_figure(projection, height=600, columns=2)
    boxes, texts = visible_boxes(half, 600, PLOT_WIDTH_PX / 2)
    assert overlapping_pairs(boxes) == [] and len(texts) >= 2
    with pytest.raises(ValueError, match="columns must be an integer from 1 to 4, got 0"):
        embedding_figure(projection, columns=0)


def test_hidden_state_path_labels_do_not_overlap_and_keep_the_last_word():
    rng = np.random.default_rng(1)
    words = tuple(f"w{i}" for i in range(12))
    trajectory = type("T", (), {"coordinates": np.cumsum(rng.normal(scale=0.01, size=(12, 2)), axis=0),
                                "probabilities": np.array([0.3, 0.7]), "words": words})()
    projection = type("S", (), {
        "coordinates": rng.normal(size=(40, 2)), "labels": np.repeat([0, 1], 20),
        "predictions": np.repeat([0, 1], 20), "class_names": ("negative", "positive"),
        "texts": ("a text",) * 40, "probabilities": np.full((40, 2), 0.5), "trajectory": trajectory,
        "projection": FakeProjection().projection})()
    fig = state_space_figure(projection, height=600)
    boxes, texts = visible_boxes(fig, 600)
    assert overlapping_pairs(boxes) == []
    assert "12·w11" in texts                                  # where the prediction is read
    path = fig.data[-1]
    assert list(path.customdata) == [f"{i + 1}·w{i}" for i in range(12)]   # every word still on hover


def test_twelve_compared_runs_have_twelve_colours_and_forty_runs_never_look_alike():
    history = pd.DataFrame({"val_accuracy": [0.5, 0.6]}, index=pd.RangeIndex(1, 3, name="epoch"))
    fig = compare_runs({f"run {i}": history for i in range(12)})
    assert len({trace.line.color for trace in fig.data}) == 12
    fig = compare_runs({f"run {i}": history for i in range(40)})
    looks = {(t.line.color, t.line.dash, t.marker.symbol) for t in fig.data}
    assert len(looks) == 40


def test_sentence_length_histogram_has_whole_number_ticks():
    x = np.zeros((30, 20), dtype=int)
    for row in range(30):
        x[row, : 3 + row % 5] = 5
    fig = sequence_lengths(x)
    assert fig.layout.xaxis.tickformat == "d" and fig.layout.yaxis.tickformat == "d"
    assert fig.layout.xaxis.dtick >= 1 and float(fig.layout.xaxis.dtick).is_integer()


@pytest.mark.parametrize("n_words", [1, 5])
def test_place_labels_with_few_points(n_words):
    points = np.random.default_rng(0).normal(size=(n_words, 2))
    shown = place_labels(points, [f"w{i}" for i in range(n_words)], priority=np.ones(n_words))
    assert shown[0] == "w0"


def test_neighbours_are_listed_in_the_legend_and_not_piled_in_3d():
    projection = FakeProjection()
    projection.coordinates = np.random.default_rng(2).normal(scale=0.05, size=(60, 3))
    projection.projection = type("P", (), {"n_components": 3, "axis_titles": lambda self: ("x", "y", "z")})()
    neighbours = ("word03", "word07", "word11")
    fig = embedding_figure(projection, search="word05", neighbours=neighbours, height=600)
    ring = next(trace for trace in fig.data if trace.name.startswith("nearest neighbours"))
    assert ring.name == "nearest neighbours: word03, word07, word11" and ring.showlegend
    assert not any(ring.text)                       # no label stack around the searched word
    flat = embedding_figure(FakeProjection(), search="word05", neighbours=neighbours, height=600)
    assert any(t.name == "nearest neighbours: word03, word07, word11" for t in flat.data)


class FakeTrace:
    """What the unrolled network reads of a Trace: `n_steps` words, the first one unknown."""

    def __init__(self, n_steps, seed=0):
        rng = np.random.default_rng(seed)
        self.n_steps = n_steps
        self.words = self.tokens = self.labels = [f"w{t}" for t in range(n_steps)]
        self.is_unknown = [t == 0 for t in range(n_steps)]
        self.mask = np.ones(n_steps, dtype=bool)
        self._probability = rng.uniform(size=n_steps)

    def class_probability(self):
        return "positive", self._probability


class FakeCell:
    def __init__(self, n_steps, n_units=4, direction="forward", seed=0):
        self.h = np.tanh(np.random.default_rng(seed).normal(size=(n_steps, n_units)))    # (n_steps, n_units)
        self.direction, self.label = direction, "lstm"


def _pixels(fig, x, y, width_px=UNROLLED_PLOT_PX):
    """Data coordinates of the unrolled network -> pixels of its plot area (y growing upwards)."""
    margin, default = fig.layout.margin, fig.layout.template.layout.margin
    height_px = fig.layout.height - (margin.t or default.t) - (margin.b or default.b)
    (x0, x1), (y0, y1) = fig.layout.xaxis.range, fig.layout.yaxis.range
    return np.array([(x - x0) / (x1 - x0) * width_px, (y - y0) / (y1 - y0) * height_px])


def _segment_hits_box(start, end, box, samples=200):
    points = start + np.linspace(0, 1, samples)[:, None] * (end - start)                 # (samples, 2)
    return bool(((points[:, 0] > box[0]) & (points[:, 0] < box[2])
                 & (points[:, 1] > box[1]) & (points[:, 1] < box[3])).any())


@pytest.mark.parametrize("n_steps, direction", [(7, "forward"), (7, "backward"), (12, "forward"), (30, "forward")])
@pytest.mark.parametrize("slides", [False, True])
def test_unrolled_network_arrows_stay_clear_of_cells_and_values_that_read_from_the_back(n_steps, direction, slides):
    """Every arrow, as drawn (from its start to its head, each end pulled back by its standoff in px), misses
    every cell square and every printed value; printed values are >= 12 px and fit inside their square, also
    in slide style; a sentence too long to print them keeps them on hover, never crammed."""
    fig = unrolled_network(FakeTrace(n_steps), FakeCell(n_steps, direction=direction), 1)
    if slides:
        fig = slide_style(go.Figure(fig))
    cells = fig.data[0]
    half = cells.marker.size / 2
    squares = [np.r_[_pixels(fig, t, 1) - half, _pixels(fig, t, 1) + half] for t in range(n_steps)]
    if cells.text:
        assert 7 <= n_steps <= 12 and cells.textfont.size >= 12
        for text, square in zip(cells.text, squares):
            (box,) = label_boxes(np.array([[0.0, 0.0]]), [text], cells.textfont.size, 1, 1, "middle center")
            assert box[2] - box[0] < 2 * half and box[3] - box[1] < 2 * half, (text, cells.textfont.size)
    else:
        assert n_steps == 30 and all(f"h_t[1] = {value:.4f}" in text for value, text in
                                     zip(FakeCell(n_steps, direction=direction).h[:, 1], cells.hovertext))
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert len(arrows) == 3 * n_steps - 1
    for arrow in arrows:
        head, tail = _pixels(fig, arrow.x, arrow.y), _pixels(fig, arrow.ax, arrow.ay)
        direction_px = (head - tail) / np.linalg.norm(head - tail)
        start = tail + direction_px * (arrow.startstandoff or 0)
        end = head - direction_px * (arrow.standoff or 0)
        assert np.dot(end - start, direction_px) > 5, arrow             # a visible arrow, pointing the right way
        for square in squares:
            assert not _segment_hits_box(start, end, square), (arrow.x, arrow.y, arrow.ax, arrow.ay)


def test_unrolled_network_names_its_only_colour_and_shows_no_blank_legend():
    fig = unrolled_network(FakeTrace(7), FakeCell(7), 2)
    assert not any(trace.showlegend for trace in fig.data)
    assert fig.data[0].marker.colorbar.title.text == "h[2]"


@pytest.mark.parametrize("slides", [False, True])
def test_exported_titles_stand_clear_of_the_left_edge(slides):
    """The title is drawn `pad.l` px in from the image's left edge (x=0 of the container alone: on the edge)."""
    fig = unrolled_network(FakeTrace(7), FakeCell(7), 0)
    fig = slide_style(go.Figure(fig)) if slides else fig
    title = fig.layout.template.layout.title
    assert title.xanchor == "left" and title.x == 0
    assert title.pad.l >= (32 if slides else 16)
    assert (fig.layout.template.layout.margin.l or 0) >= 60


def test_every_legend_entry_of_the_state_and_gradient_figures_names_its_colour():
    """No blank swatch: a trace the legend shows has a name; a line figure of several traces shows its legend."""
    cell = FakeCell(7)
    cell.c, cell.gates = None, {"z": np.clip(cell.h + 0.5, 0, 1)}
    curve = pd.DataFrame({"median": [1.0, 0.1, 0.01], "q10": [0.5, 0.05, 0.005], "q90": [2.0, 0.2, 0.02]})
    figures = [unrolled_network(FakeTrace(7), cell, 0), prediction_by_word({"a": FakeTrace(7), "b": FakeTrace(7)}),
               unit_over_sentence(FakeTrace(7), cell, 0),
               gradient_through_time({"LSTM": curve, "GRU": curve / 10}),
               loss_curves({"with": pd.DataFrame({"loss": [1.0, 0.5]}), "without": pd.DataFrame({"loss": [2.0, 9.0]})})]
    for fig in figures:
        shown = [trace for trace in fig.data if trace.showlegend is not False]
        assert all(trace.name and trace.name.strip() for trace in shown), [trace.name for trace in shown]
        if len(shown) > 1:
            assert fig.layout.showlegend is not False
        fonts = [fig.layout.template.layout.font.size] + [t.textfont.size for t in fig.data
                                                          if getattr(t, "textfont", None) and t.textfont.size]
        assert min(fonts) >= 12, fonts


@pytest.mark.parametrize("n_units", [8, 32])
def test_gate_and_state_heatmaps_label_units_no_closer_than_a_label_is_tall(n_units):
    """Unit names on a heatmap's rows: at most one per 16 px of the panel as laid out (margins, subplot spacing
    taken off), so 15 px labels never touch (32 units in a 4-gate LSTM figure ran into each other)."""
    cell = FakeCell(7, n_units=n_units)
    cell.cell, cell.n_units = "LSTM", n_units
    cell.gates = {name: np.clip(cell.h + 0.5, 0, 1) for name in ("i", "f", "g", "o")}
    for fig in (gate_heatmaps(FakeTrace(7), cell), hidden_state_heatmap(FakeTrace(7), cell)):
        margin = fig.layout.template.layout.margin
        plot_px = fig.layout.height - margin.t - margin.b
        for axis in (fig.layout[name] for name in fig.layout if name.startswith("yaxis")):
            low, high = axis.domain or (0, 1)
            labels = math.ceil(n_units / (axis.dtick or 1))
            assert plot_px * (high - low) / labels >= 16, (n_units, axis.dtick, plot_px * (high - low))
