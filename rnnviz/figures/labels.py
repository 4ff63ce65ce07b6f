"""Word labels on a scatter that never sit on top of each other.

Plotly draws every text label where it is told, so forty words in one dense cluster become an unreadable blob.
`place_labels` decides, before the figure is drawn, which points get a visible label: the most important first,
each one only if its box (estimated from the font size and the number of characters, in the pixels of the
figure's plot area) does not intersect a box already placed. The others stay on hover.

The estimate is deliberately generous (a character is taken as 0.62 em wide, a line as 1.25 em high), so a
label judged free is free on the screen too.
"""

from __future__ import annotations

import numpy as np

CHAR_WIDTH_EM = 0.62      # average width of a character of the app's sans-serif font, in font sizes
LINE_HEIGHT_EM = 1.25
GAP_PX = 2.0              # space kept between two labels


def label_boxes(points: np.ndarray, texts, font_size: float, width_px: float, height_px: float,
                position: str = "top center", frame: np.ndarray | None = None) -> np.ndarray:
    """Pixel boxes of the labels of `points`, as Plotly places them with `textposition=position`.

    Parameters
    ----------
    points : (n_points, 2) data coordinates.
    texts : n_points strings ("" for no label).
    width_px, height_px : the plot area the data range is drawn in.
    frame : (n, 2) every point the axes show (default `points`): it sets the axes' range.

    Returns
    -------
    (n_points, 4) boxes (x0, y0, x1, y1) in pixels, y growing upwards; empty labels get a zero-size box.
    """
    points = np.asarray(points, dtype=float)
    pixels = to_pixels(points, width_px, height_px, frame)           # (n_points, 2)
    widths = np.array([CHAR_WIDTH_EM * font_size * len(text) for text in texts])
    height = LINE_HEIGHT_EM * font_size
    heights = np.where(widths > 0, height, 0.0)
    x0 = pixels[:, 0] - widths / 2
    if position.startswith("top"):
        y0 = pixels[:, 1] + font_size * 0.4
    elif position.startswith("bottom"):
        y0 = pixels[:, 1] - font_size * 0.4 - heights
    else:
        y0 = pixels[:, 1] - heights / 2
    return np.stack([x0, y0, x0 + widths, y0 + heights], axis=1)


def to_pixels(points: np.ndarray, width_px: float, height_px: float, frame: np.ndarray | None = None) -> np.ndarray:
    """(n_points, 2) data coordinates -> pixels of a plot area showing the range of `frame` (default the
    points themselves) with 5 % padding, as Plotly's autorange does."""
    points = np.asarray(points, dtype=float)
    if not len(points):
        return np.zeros((0, 2))
    frame = points if frame is None else np.concatenate([np.asarray(frame, dtype=float)[:, :2], points])
    low, high = frame.min(axis=0), frame.max(axis=0)
    span = np.where(high - low > 0, high - low, 1.0) * 1.1
    origin = low - (span / 1.1) * 0.05
    return (points - origin) / span * np.array([width_px, height_px])


def boxes_intersect(a: np.ndarray, b: np.ndarray, gap: float = 0.0) -> bool:
    """True when two (x0, y0, x1, y1) boxes overlap (closer than `gap` pixels counts as overlapping)."""
    if a[2] <= a[0] or b[2] <= b[0]:       # an empty label overlaps nothing
        return False
    return bool(a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap)


def overlapping_pairs(boxes: np.ndarray) -> list[tuple[int, int]]:
    """Every pair (i, j), i < j, of intersecting label boxes."""
    return [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
            if boxes_intersect(boxes[i], boxes[j])]


def place_labels(points: np.ndarray, texts, priority, font_size: float = 12, width_px: float = 900,
                 height_px: float = 480, position: str = "top center", reserved=(),
                 frame: np.ndarray | None = None) -> list[str]:
    """The labels to draw: `texts[i]` where it fits, "" where it would cover a label of higher priority.

    Parameters
    ----------
    points : (n_points, 2) data coordinates; texts : n_points candidate labels ("" = none).
    priority : n_points numbers, larger first (ties keep the given order).
    reserved : (n, 4) pixel boxes already taken (e.g. another trace's labels).
    frame : every point the axes show, when the chart holds more than `points`.
    """
    texts = list(texts)
    boxes = label_boxes(points, texts, font_size, width_px, height_px, position, frame)
    placed = [np.asarray(box, dtype=float) for box in reserved]
    shown = [""] * len(texts)
    for index in np.argsort(-np.asarray(priority, dtype=float), kind="stable"):
        if not texts[index]:
            continue
        if any(boxes_intersect(boxes[index], other, GAP_PX) for other in placed):
            continue
        placed.append(boxes[index])
        shown[index] = texts[index]
    return shown
