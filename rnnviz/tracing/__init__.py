"""Inside the cell: a sentence traced through a trained recurrent network, exact to Keras.

    import rnnviz
    t = rnnviz.trace(run.model, "the movie was not good at all", dataset=run.dataset)
    t.layers[0].gates["f"]          # (n_steps, n_units) forget gate of the first LSTM layer, word by word
    t.predictions[:, 0]             # P(positive) after each word
    rnnviz.verify_trace(run.model, t).message()   # 'matches Keras: max |difference| = 3e-07'
    rnnviz.gate_saturation(run.model, run.dataset.validation.x)   # how often each gate is shut or wide open
    w = rnnviz.trace(series_run.model, series_run.dataset.test.x[0])   # a forecasting model: one window,
    w.labels                        # steps 't-19' ... 't-0'; w.predictions[-1] is the model's forecast

Keras never exposes gate values, so they are recomputed in NumPy from each layer's weights (`cells`), layer
after layer (`walk`) along the one plan of the model (`rnnviz.model_plan`, shared with the gradients and the
projections), and checked against the layers' own outputs (`verify`). (The package is called
`tracing` so that `rnnviz.trace` can be the function.)
"""

from ..model_plan import GATE_NAMES, SIGMOID_GATES, CellWeights
from .formulas import FormulaLine, convention_note, explain_step
from .saturation import gate_saturation
from .sentence import CellTrace, Trace, trace
from .units import UNIT_ORDERS, rank_units
from .verify import TOLERANCE, Verification, verify_trace

__all__ = ["trace", "Trace", "CellTrace", "CellWeights", "GATE_NAMES", "SIGMOID_GATES", "explain_step",
           "FormulaLine", "gate_saturation", "rank_units", "UNIT_ORDERS", "verify_trace", "Verification",
           "TOLERANCE", "convention_note"]
