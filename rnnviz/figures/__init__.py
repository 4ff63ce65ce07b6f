"""Figure builders: each takes plain results (DataFrames, arrays, dataclasses) and returns a Plotly figure.

They never display anything, so tests read `fig.data` and pages decide where to draw. One shared template
(`style.py`) gives every chart the same slide-ready look.
"""
