"""The only streamlit-aware part of rnnviz: session state, the shared frame, widget groups, live training.

Pages import from here; the rest of rnnviz stays a plain library that a notebook can use.
"""

# ruff: noqa: E402 - the guard must be installed before the rest is imported

from . import keras_guard

keras_guard.install()  # before any script run ends: see keras_guard's docstring

from .cache import cached_baseline, cached_dataset
from .jobs import TrainingJob, TrainingRequest
from .panel import start_training, training_panel
from .sidebar import draw_sidebar, setup_session
from .state import add_run, current_job, current_run, delete_run, rename_run, session_runs
from .widgets import friendly_errors, require_run, sentence_input, show_figure

__all__ = ["TrainingJob", "TrainingRequest", "add_run", "cached_baseline", "cached_dataset", "current_job",
           "current_run", "delete_run", "draw_sidebar", "friendly_errors", "rename_run", "require_run",
           "sentence_input", "session_runs", "setup_session", "show_figure", "start_training", "training_panel"]
