"""A new model's first pictures, computed in the background as soon as its training reaches the server.

A class that pressed the same preset gets one merged training: when it ends, the whole class reads its result
on the start page, opens Hidden states, types a sentence, then opens Embeddings. The first student on each page
computes what everyone else then shares (shared_memo), and the others wait for that. The word maps and the map of
the validation states take the longest (~0.5-1 s: a forward pass over 1,000 sentences, two PCAs), and students
reach Embeddings several seconds after the run arrived: computed here in that time, they are ready when the class
is. Only the pages' default pictures (the first example sentence, the default settings) are warmed; every other
choice is computed when a student makes it, as before.

Started for a run that more than one student got (a merged or reused training: `Run.reused`), once per weights
(fingerprint) per server, in one low-priority thread, and only when RNNVIZ_WARM_UP=all (the default; the test
suite sets "keras"). A model one student trained alone is not warmed: nobody else will look at it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading

from . import projector
from .trace_views import shared_trace

_WARMED: set[str] = set()          # fingerprints whose pictures are computed or being computed
_LOCK = threading.Lock()
_log = logging.getLogger(__name__)


def warm_pictures(run) -> threading.Thread | None:
    """Start computing the run's default pictures in a background thread (returned); None if that is done or
    being done for these weights already, or if warming is switched off."""
    if os.environ.get("RNNVIZ_WARM_UP", "all") != "all" or getattr(run.dataset, "task", None) == "regression":
        return None
    fingerprint = run.fingerprint()
    with _LOCK:
        if fingerprint in _WARMED:
            return None
        _WARMED.add(fingerprint)
    thread = threading.Thread(target=_compute, args=(run,), name=f"rnnviz-warm-{fingerprint}", daemon=True)
    thread.start()
    return thread


def _compute(run) -> None:
    with contextlib.suppress(OSError):       # Linux: this thread's own niceness; students' reruns go first
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    try:
        if run.dataset.examples:
            shared_trace(run, run.dataset.examples[0])           # Hidden states and Gates: the first sentence
        settings = projector.default_embedding_settings(run.dataset)
        projector.cached_embeddings(run, settings)               # Embeddings: the word maps ...
        if run.config is not None:
            projector.cached_embeddings(run, settings, initial=True)
        if projector.layer_choices(run):                         # ... and the validation sentences' states
            layer, state_settings = projector.default_state_settings(run)
            projector.cached_states(run, layer, state_settings, None)
    except Exception:  # noqa: BLE001 - a warm-up never breaks anything: the page computes it (and says why)
        _log.warning("warming the pictures of %s failed", run.fingerprint(), exc_info=True)
