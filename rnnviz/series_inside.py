"""Inside one window of a series: what the Time series page shows for the window a student picks.

    inside = window_inside(run, "test", 7)
    inside.trace.layers[0].gates["f"]      # (look_back, n_units) forget gate over the window's steps
    inside.check.message()                 # 'matches Keras: ...'
    inside.gradients.layer().hidden[0]     # (look_back,) ||dL/dh_t|| of this window's own loss

The same trace, Keras check and gradient norms as for a sentence (`rnnviz.trace`, `verify_trace`,
`gradient_norms`), read on a window (look_back, n_features) with its true next values as the target.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cells import get_cell
from .figures.gates import gate_heatmaps
from .figures.gradients import _log_ticks, gradient_through_time
from .figures.series import window_on_series
from .figures.states import hidden_state_heatmap
from .gradients import gradient_norms
from .i18n import _
from .tracing import trace, verify_trace
from .validation import check_choice, check_int


@dataclass
class WindowInside:
    """One window's trace (verified against Keras), its gradient norms and the figures of the page.

    trace: Trace over the window's look_back steps ("t-11" ... "t-0"); check: its Verification;
    gradients: GradientNorms of this window (one sequence) against its true next values;
    forecast: (horizon,) the model's forecast in the series' units; truth: (horizon,) the real values.
    figures: name -> Plotly figure ("window", "states <layer>", "gates <layer>", "gradients").
    """

    trace: object
    check: object
    gradients: object
    forecast: np.ndarray
    truth: np.ndarray
    figures: dict


def window_inside(run, split: str = "test", index: int = 0, dataset=None) -> WindowInside:
    """Trace window `index` of `split` through a recurrent series run, check it, and measure its gradients.

    run: a Run of a recurrent forecasting model (SimpleRNN / LSTM / GRU; Conv1D and the dense baseline have no
    hidden state: ValueError). dataset: default the run's own.
    """
    dataset = dataset if dataset is not None else run.dataset
    if getattr(dataset, "task", None) != "regression":
        raise ValueError("window_inside reads a series dataset (rnnviz.load_dataset('sunspots', ...)), got "
                         f"{getattr(dataset, 'name', type(dataset).__name__)!r}")
    config = getattr(run, "config", None)
    if config is not None and not getattr(config, "is_recurrent", True):
        raise ValueError(_("a {cell} model has no hidden state to follow through a window: pick a "
                           "SimpleRNN, LSTM or GRU run").format(cell=config.cell))
    check_choice("split", split, ("train", "validation", "test"))
    part = dataset.split(split)
    index = check_int("window", index, 0, len(part) - 1)
    window, target = part.x[index], part.y[index]                   # (look_back, n_features), (horizon,)
    result = trace(run.model, window)                               # ValueError for a model without states
    check = verify_trace(run.model, result)
    gradients = gradient_norms(run.model, window[None], target[None])
    forecast = dataset.inverse_scale(result.predictions[-1][None])[0]
    first = int(part.target_steps[index])
    truth = dataset.values[first:first + dataset.horizon, dataset.target]   # the raw series, not rescaled float32
    return WindowInside(result, check, gradients, forecast, truth,
                        _figures(dataset, split, index, result, gradients, forecast, getattr(run, "name", "")))


def _figures(dataset, split, index, result, gradients, forecast, name) -> dict:
    figures = {"window": window_on_series(dataset, split, index, forecast, name or _("model"))}
    for layer in result.layers:
        figures[f"states {layer.label}"] = hidden_state_heatmap(
            result, layer, title=_("h of {layer} ({cell}), unit by unit, step by step").format(
                layer=layer.label, cell=layer.cell))
        gated = get_cell(layer.cell).sigmoid_gates
        gates = (_("Gates of {layer} ({cell}), step by step") if gated
                 else _("Pre-activation of {layer} (a SimpleRNN has no gates), step by step"))
        figures[f"gates {layer.label}"] = _readable_panels(gate_heatmaps(result, layer, title=gates.format(
            layer=layer.label, cell=layer.cell)))
    summaries = {label: gradients.summary("hidden", label) for label in gradients.layer_names}
    title = _("Gradient of this window's loss through its {n} steps").format(n=result.n_steps)
    figures["gradients"] = gradient_through_time(summaries, "hidden", words=list(reversed(result.labels)), band=False,
                                                 title=title)
    figures["gradients"].update_xaxes(title_text=_("steps before the end of the window (0 = t-0, the last value "
                                                   "read)"))
    shown = np.concatenate([np.ravel(layer.hidden) for layer in gradients.layers])
    shown = shown[np.isfinite(shown) & (shown > 0)]
    if len(shown):   # a label at each power of ten only: the digits between decades crowd a short axis
        figures["gradients"].update_yaxes(**_log_ticks(list(shown)))
    return figures


def _readable_panels(fig):
    """Gate panels read from the back of a room: unit and step labels >= 12 px, and the step axis titled once, at
    the bottom, so that no panel's title sits on the axis title of the panel above it."""
    fig.update_yaxes(tickfont=dict(size=13))
    fig.update_xaxes(tickfont=dict(size=13))
    rows = [name for name in fig.layout if name.startswith("xaxis")]
    last = max(rows, key=lambda name: int(name[5:] or 1))
    for name in rows:
        if name != last:
            fig.layout[name].title.text = None
    fig.update_annotations(font=dict(size=16))     # the subplot titles
    return fig
