"""Widget groups and the cached boundary of the Embeddings page.

Projections are cached by plain values: a fingerprint of the model's weights and data, and the settings. So
changing the colour, the searched word or the page does not project again; only a new model or a new setting
does. The progress bar lives inside the cached functions: on a cache hit Streamlit replays it, already removed.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ..i18n import _
from ..projection import (
    MAX_SENTENCES,
    MAX_WORDS,
    METHOD_LABELS,
    add_trajectory,
    count_words,
    project_embeddings,
    project_states,
    recurrent_layer_choices,
)
from ..projection.methods import max_perplexity
from .trace_views import SHARED

MAX_PERPLEXITY = 50


@dataclass(frozen=True)
class ProjectionSettings:
    """What a projection depends on besides the model (plain values: part of the cache key)."""

    method: str = "pca"          # "pca" or "tsne"
    n_components: int = 2        # 2 or 3
    n_points: int = 500          # words (embeddings) or validation sentences (states)
    perplexity: float = 30.0     # t-SNE only
    seed: int = 0                # t-SNE's random_state


def projection_controls(n_available: int, what: str, key: str, default_points: int = 500) -> ProjectionSettings:
    """Method, dimensions, how many points, and t-SNE's perplexity; the ranges follow the data."""
    columns = st.columns(4)
    method = columns[0].segmented_control(_("Method"), ["pca", "tsne"], default="pca", key=f"{key}_method",
                                          format_func=lambda m: _(METHOD_LABELS[m])) or "pca"
    n_components = columns[1].segmented_control(_("Dimensions"), [2, 3], default=2, key=f"{key}_dims",
                                                format_func=lambda n: f"{n}D") or 2
    if n_available > 10:
        n_points = columns[2].slider(_("{what} shown").format(what=what), 10, n_available,
                                     shown_by_default(n_available, default_points), key=f"{key}_n")
    else:
        n_points = n_available
        columns[2].caption(_("{what} shown: all {n}").format(what=what, n=n_available))
    perplexity, seed = 30.0, 0
    if method == "tsne":
        # t-SNE reads 3 x perplexity neighbours per point: the slider stops at (n_points - 1) / 3.
        top = max(2, min(MAX_PERPLEXITY, int(max_perplexity(n_points))))
        perplexity = float(columns[3].slider(
            _("Perplexity"), 2, top, min(30, top), key=f"{key}_perplexity",
            help=_("About how many neighbours each point listens to. t-SNE looks at 3 x perplexity neighbours of "
                   "every point, so with {n:,} points it stops at (n - 1) / 3 = {top:.0f}: beyond that every point "
                   "would listen to all the others and the clusters would dissolve.").format(
                n=n_points, top=max_perplexity(n_points))))
        seed = int(columns[3].number_input(
            _("Seed"), 0, 2**31 - 1, 0, 1, key=f"{key}_seed",
            help=_("t-SNE starts from a random layout drawn from this seed. Try another: clusters that survive "
                   "every seed are in the data; where they land and how far apart they are is not.")))
    return ProjectionSettings(method, int(n_components), int(n_points), perplexity, seed)


def shown_by_default(n_available: int, default_points: int) -> int:
    """How many points a map shows before the student moves its slider."""
    return min(default_points, n_available)


WORDS_SHOWN, SENTENCES_SHOWN = 500, 1000     # the maps' default number of points


def default_embedding_settings(dataset) -> ProjectionSettings:
    """What embedding_settings gives before any widget is touched (the page's first picture)."""
    return ProjectionSettings(n_points=shown_by_default(min(count_words(dataset), MAX_WORDS), WORDS_SHOWN))


def default_state_settings(run) -> tuple[str, ProjectionSettings]:
    """What state_settings gives before any widget is touched: the last recurrent layer (its forward half)."""
    choices = layer_choices(run)
    return choices[_default_layer(choices)], ProjectionSettings(
        n_points=shown_by_default(_sentences_available(run), SENTENCES_SHOWN))


def _sentences_available(run) -> int:
    return min(len(run.dataset.validation), MAX_SENTENCES)


def _default_layer(choices: tuple[str, ...]) -> int:
    return len(choices) - 1 - ("/backward" in choices[-1])


def embedding_settings(dataset, key: str = "emb") -> ProjectionSettings:
    """projection_controls for words, capped by the vocabulary (with a note when it is small)."""
    n_words = count_words(dataset)
    if n_words < MAX_WORDS:
        st.caption(_("This vocabulary has {n:,} words (padding and [UNK] aside), so at most {n:,} can be "
                     "shown.").format(n=n_words))
    return projection_controls(min(n_words, MAX_WORDS), _("Words"), key, default_points=WORDS_SHOWN)


def layer_choices(run) -> tuple[str, ...]:
    """recurrent_layer_choices of the run's model, kept per fingerprint (a student whose pictures are all shared
    then never builds a model: Run.model is built on first read)."""
    return SHARED.get_or_compute(("layer choices", run.fingerprint()), lambda: recurrent_layer_choices(run.model))


def state_settings(run, key: str = "states") -> tuple[str, ProjectionSettings]:
    """The recurrent layer to look at (forward/backward half for Bidirectional) and projection settings."""
    choices = layer_choices(run)
    layer = st.selectbox(_("Recurrent layer"), choices, index=_default_layer(choices),
                         key=f"{key}_layer", help=_("For a Bidirectional layer, its forward or its backward half."))
    return layer, projection_controls(_sentences_available(run), _("Validation sentences"), key,
                                      default_points=SENTENCES_SHOWN)


def cached_embeddings(run, settings: ProjectionSettings, initial: bool = False):
    """project_embeddings of the run's model (or of its weights before training, rebuilt from the seeded config)."""
    if initial:
        if run.config is None:
            raise ValueError(_("this model was not built by rnnviz, so its weights before training are unknown"))
        config_key = tuple(sorted(run.config.to_dict().items()))
        return _initial_embeddings(config_key, run.dataset.identity(), astuple(settings), run.config, run.dataset)
    return _trained_embeddings(run.fingerprint(), astuple(settings), run, run.dataset)


def cached_states(run, layer: str, settings: ProjectionSettings, sentence: str | None):
    """project_states for the run; with PCA the sentence's path is added to the cached validation map."""
    fingerprint, values = run.fingerprint(), astuple(settings)
    if settings.method == "tsne" or not sentence:
        return _states(fingerprint, layer, values, sentence or None, run, run.dataset)
    return _states_with_path(fingerprint, layer, values, sentence, run, run.dataset)


# The cached functions take the run, unhashed (`_run`), and read its model only when they compute.
@st.cache_data(max_entries=24, show_spinner=False)
def _trained_embeddings(fingerprint: str, settings: tuple, _run, _dataset):
    return _with_progress(lambda progress: project_embeddings(_run.model, _dataset, **_options(settings),
                                                              progress=progress))


@st.cache_data(max_entries=24, show_spinner=False)
def _initial_embeddings(config_key: tuple, dataset_key: str, settings: tuple, _config, _dataset):
    from ..models import build_model

    # The config seeds every initialiser, so rebuilding it gives exactly the weights training started from.
    model = build_model(_dataset, _config)
    return _with_progress(lambda progress: project_embeddings(model, _dataset, **_options(settings),
                                                              progress=progress))


@st.cache_data(max_entries=24, show_spinner=False)
def _states(fingerprint: str, layer: str, settings: tuple, sentence: str | None, _run, _dataset):
    options = _options(settings)
    options["n_sentences"] = options.pop("n_words")
    return _with_progress(lambda progress: project_states(_run.model, _dataset, layer=layer, sentence=sentence,
                                                          progress=progress, **options))


@st.cache_data(max_entries=48, show_spinner=False)
def _states_with_path(fingerprint: str, layer: str, settings: tuple, sentence: str, _run, _dataset):
    return add_trajectory(_states(fingerprint, layer, settings, None, _run, _dataset), _run.model, _dataset, sentence)


def _options(settings: tuple) -> dict:
    method, n_components, n_points, perplexity, seed = settings
    return dict(method=method, n_components=n_components, n_words=n_points, perplexity=perplexity, seed=seed)


def _with_progress(work):
    """Run work(progress) with a progress bar that disappears when it is done (no bar outside a page's run: the
    warm-up thread, rnnviz/ui/warm_runs.py)."""
    if get_script_run_ctx() is None:
        return work(lambda fraction, message: None)
    bar = st.empty()
    try:
        return work(lambda fraction, message: bar.progress(float(fraction), text=message))
    finally:
        bar.empty()
