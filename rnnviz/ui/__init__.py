"""The only streamlit-aware part of rnnviz: session state, the shared frame, widget groups, live training.

Pages import from here; the rest of rnnviz stays a plain library that a notebook can use.
"""

# ruff: noqa: E402 - the guard must be installed before the rest is imported

from . import streamlit_fixes

streamlit_fixes.keep_keras_across_reruns()       # before any script run ends
streamlit_fixes.keep_fragments_of_newer_runs()   # a click during a run never drops the new run's fragments
streamlit_fixes.route_deep_links_through_app()   # the first visit of a page URL goes through app.py

from .cache import cached_baseline, cached_dataset
from .charts import show_figure
from .jobs import TrainingJob, TrainingRequest
from .language import apply_language, language_picker
from .lesson import apply_lesson, lesson_controls
from .look import apply_page_style, look_controls, run_provenance
from .panel import start_training, training_panel
from .sidebar import draw_sidebar, refresh_sidebar, setup_session, start_training_workers, warm_up_tensorflow
from .state import add_run, current_job, current_run, delete_run, remember_page, rename_run, session_runs
from .tables import localized_numbers, shown_columns
from .widgets import friendly_errors, has_validation_sentences, require_run, sentence_input

__all__ = ["TrainingJob", "TrainingRequest", "add_run", "apply_language", "apply_lesson", "apply_page_style",
           "cached_baseline", "cached_dataset", "current_job", "current_run", "delete_run", "draw_sidebar",
           "friendly_errors", "has_validation_sentences", "language_picker", "lesson_controls",
           "localized_numbers", "look_controls", "refresh_sidebar", "remember_page", "rename_run", "require_run",
           "run_provenance", "sentence_input", "session_runs", "setup_session", "show_figure", "shown_columns",
           "start_training", "start_training_workers", "training_panel", "warm_up_tensorflow"]
