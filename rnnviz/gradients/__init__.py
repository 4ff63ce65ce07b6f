"""The vanishing and exploding gradients lab, as a library.

- `gradient_norms(model, x, y)`: ||dL/dh_t|| (and ||dL/dc_t||, ||dL/dx_t||) for every step, one backward pass.
- `GradientRecorder`: a Keras callback recording them after every epoch (lands in run.gradient_history).
- `run_lag_experiment(LagExperiment(...))`: validation accuracy against lag on memory_task, per cell kind.
"""

from .lag_experiment import LagExperiment, LagResult, run_lag_experiment
from .recorder import GradientHistory, GradientRecorder, RecordGradients
from .through_time import GradientNorms, StateGradients, gradient_norms

__all__ = ["GradientHistory", "GradientNorms", "GradientRecorder", "LagExperiment", "LagResult", "RecordGradients",
           "StateGradients", "gradient_norms", "run_lag_experiment"]
