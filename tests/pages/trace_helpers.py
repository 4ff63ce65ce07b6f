"""Reading the figures an AppTest page drew: by key, with Plotly 7's base64 arrays decoded."""

import base64
import json

import numpy as np


def decode(value):
    """A figure array as NumPy: plain lists, or Plotly 7's {"dtype", "bdata", "shape"} encoding."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        if "shape" in value:
            array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
        return array
    return np.asarray(value)


def figures(at) -> dict:
    """chart key -> figure JSON (dict) of every plotly chart on the page."""
    found = {}
    for chart in at.get("plotly_chart"):
        key = chart.proto.id.split("-", 2)[-1] if chart.proto.id else str(len(found))
        found[key] = json.loads(chart.proto.spec)
    return found


def units_of(trace_json) -> list[int]:
    """The unit numbers on a heatmap's y axis ("unit 3" -> 3), top row first."""
    return [int(label.split()[-1]) for label in trace_json["y"]]
