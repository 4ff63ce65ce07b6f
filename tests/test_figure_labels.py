"""Readable figures: word labels that never overlap, runs that never look alike, whole-number axes.

Label overlap is measured the way a reader sees it: the pixel boxes of the labels a figure draws (estimated
from font size and characters, generously) must not intersect.
"""

import numpy as np
import pandas as pd
import pytest

from rnnviz.figures.labels import label_boxes, overlapping_pairs, place_labels
from rnnviz.figures.projection import PLOT_WIDTH_PX, embedding_figure, state_space_figure
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
