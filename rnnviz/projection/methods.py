"""Two ways to draw many-dimensional vectors on a flat screen: PCA and t-SNE.

PCA rotates the cloud so that its first axes carry as much of the variance as possible, and says how much each
axis carries (the explained variance): distances along its axes are real distances, and a new point can be placed
with the same rotation. t-SNE instead moves points around until neighbours in the original space are neighbours
on the screen: clusters show up well, but distances between clusters mean little and new points cannot be added
afterwards. t-SNE starts from a random layout, drawn from its seed: the same inputs and seed always give the
same picture (the TensorBoard Embedding Projector's pictures cannot be reproduced; these can), and another
seed gives another picture. That is the point to show students: clusters that survive every seed are in the
data; where they land, and how far apart, is not. (A PCA start would give one picture whatever the seed.)

Perplexity is about how many neighbours each point listens to. scikit-learn looks at the 3 x perplexity
nearest neighbours of every point, so above (n_points - 1) / 3 every point listens to all the others and the
clusters dissolve into one blob: `check_perplexity` refuses that, naming the allowed range.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

import numpy as np

from ..i18n import _

METHODS = ("pca", "tsne")
METHOD_LABELS = {"pca": "PCA", "tsne": "t-SNE"}
# 250 early-exaggeration steps + 500 more, as openTSNE does by default: on 2,000 clustered 32-d vectors the final
# KL divergence is within 1.3% of scikit-learn's 1,000 steps, for 22% less time.
TSNE_ITERATIONS = 750
# Seconds per (point x log(point) x iteration) of scikit-learn's Barnes-Hut t-SNE on one thread (CPU time
# measured by bench/projection_speed.py at 1,000 iterations: 64 points 0.10 s, 300 points 0.70 s, 2,000 points
# 6.2 s). Only used to say how long a run should take while it runs.
_TSNE_SECONDS_PER_UNIT = 4.0e-7


@dataclass(frozen=True)
class Projection:
    """Points projected to a few dimensions.

    coordinates: (n_points, n_components) projected points.
    explained_variance_ratio: (n_components,) share of the total variance along each PCA axis; None for t-SNE.
    mean, components: the PCA rotation, (n_features,) and (n_components, n_features); None for t-SNE.
    perplexity: t-SNE's perplexity (None for PCA). seed: the random_state used.
    """

    method: str
    coordinates: np.ndarray
    explained_variance_ratio: np.ndarray | None
    mean: np.ndarray | None
    components: np.ndarray | None
    perplexity: float | None
    seed: int

    @property
    def n_components(self) -> int:
        return self.coordinates.shape[1]

    def axis_titles(self) -> list[str]:
        """'PC1 (42.0% of variance)' for PCA, 't-SNE 1' for t-SNE."""
        if self.explained_variance_ratio is None:
            return [f"t-SNE {i + 1}" for i in range(self.n_components)]
        title = _("PC{i} ({share:.1%} of variance)")
        return [title.format(i=i + 1, share=share) for i, share in enumerate(self.explained_variance_ratio)]

    def transform(self, vectors) -> np.ndarray:
        """Place new vectors, (n_new, n_features) -> (n_new, n_components), with the fitted PCA rotation."""
        if self.components is None:
            raise ValueError("t-SNE cannot place new points after fitting: embed them together with the others "
                             "(or use method='pca')")
        vectors = np.asarray(vectors, dtype=np.float64)
        if vectors.ndim != 2 or vectors.shape[1] != self.components.shape[1]:
            raise ValueError(f"vectors must have shape (n_new, {self.components.shape[1]}), got {vectors.shape}")
        return (vectors - self.mean) @ self.components.T


def check_method(method) -> str:
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, METHODS))}, got {method!r}")
    return method


def max_perplexity(n_points: int) -> float:
    """The largest useful perplexity for n_points: (n_points - 1) / 3 (scikit-learn reads 3 x perplexity
    neighbours per point; beyond this every point listens to all the others)."""
    return (n_points - 1) / 3


def check_perplexity(perplexity, n_points: int) -> float:
    """t-SNE's perplexity is about how many neighbours each point listens to: from 1 to (n_points - 1) / 3."""
    if isinstance(perplexity, bool) or not isinstance(perplexity, (int, float, np.number)) \
            or not math.isfinite(perplexity) or perplexity <= 0:
        raise ValueError(_("perplexity must be a positive number, got {perplexity!r}").format(perplexity=perplexity))
    top = max_perplexity(n_points)
    if perplexity > top:
        raise ValueError(_("perplexity ({perplexity:g}) must be at most (n_points - 1) / 3 = {top:.4g} for "
                           "{n} points (allowed: above 0 up to {top:.4g}): t-SNE reads 3 x perplexity "
                           "neighbours per point, so more would make every point a neighbour of every other; "
                           "choose a smaller perplexity or project more points").format(
            perplexity=perplexity, top=top, n=n_points))
    return float(perplexity)


def expected_tsne_seconds(n_points: int, max_iter: int = TSNE_ITERATIONS) -> float:
    """A rough forecast of scikit-learn's Barnes-Hut t-SNE time on this kind of machine (for progress messages)."""
    return 0.05 + _TSNE_SECONDS_PER_UNIT * n_points * math.log(max(n_points, 2)) * max_iter


def project(vectors, method: str = "pca", n_components: int = 2, perplexity: float = 30.0, seed: int = 0,
            progress=None) -> Projection:
    """Project (n_points, n_features) vectors to (n_points, n_components) with PCA or t-SNE.

    Parameters
    ----------
    vectors : array of shape (n_points, n_features)
    method : "pca" or "tsne"
    n_components : 2 or 3
    perplexity : t-SNE only; above 0 and at most (n_points - 1) / 3
    seed : t-SNE's random_state: it draws the random starting layout, so another seed gives another layout
        (PCA's full SVD needs none)
    progress : optional callable ``progress(fraction, message)``, called from the calling thread while
        t-SNE runs (about 4 times a second) and once at the end with fraction 1.0.

    Returns
    -------
    Projection
    """
    check_method(method)
    vectors = np.asarray(vectors, dtype=np.float64)
    if vectors.ndim != 2:
        raise ValueError(f"vectors must be a 2-D array (n_points, n_features), got shape {vectors.shape}")
    n_points = len(vectors)
    if n_components not in (2, 3):
        raise ValueError(f"n_components must be 2 or 3, got {n_components!r}")
    if n_points <= n_components:
        raise ValueError(f"need more than {n_components} points to project to {n_components} dimensions, "
                         f"got {n_points}")
    if not np.isfinite(vectors).all():
        raise ValueError("vectors contain NaN or infinite values (did training diverge?)")
    if np.ptp(vectors, axis=0).max() == 0:
        raise ValueError(_("all {n} vectors are identical: there is no spread to project").format(n=n_points))
    seed = int(seed)
    if method == "pca":
        result = _pca(vectors, n_components, seed)
    else:
        result = _tsne(vectors, n_components, check_perplexity(perplexity, n_points), seed, progress)
    if progress is not None:
        progress(1.0, _("{method} of {n:,} points done").format(method=METHOD_LABELS[method], n=n_points))
    return result


def _pca(vectors: np.ndarray, n_components: int, seed: int) -> Projection:
    from sklearn.decomposition import PCA

    if n_components > vectors.shape[1]:
        raise ValueError(f"n_components ({n_components}) must be at most the vector length ({vectors.shape[1]})")
    # The full SVD is exact and deterministic (no randomised solver), and fast for a few thousand points.
    pca = PCA(n_components=n_components, svd_solver="full", random_state=seed)
    coordinates = pca.fit_transform(vectors)                         # (n_points, n_components)
    return Projection("pca", coordinates, pca.explained_variance_ratio_, pca.mean_, pca.components_, None, seed)


def _tsne(vectors: np.ndarray, n_components: int, perplexity: float, seed: int, progress) -> Projection:
    from sklearn.manifold import TSNE
    from threadpoolctl import threadpool_limits

    # A random start drawn from the seed: with init="pca" every seed gives the same layout.
    tsne = TSNE(n_components=n_components, perplexity=perplexity, random_state=seed, init="random",
                learning_rate="auto", max_iter=TSNE_ITERATIONS)

    def fit():
        # One OpenMP thread, set for this thread only: the Barnes-Hut gradient meets a thread barrier at each of
        # its iterations, and on a busy 2-core server (other students, TensorFlow) a second thread that is
        # not scheduled stalls every one of them. Measured at load 4.5 on 2 cores: 64 points 0.08 s (1 thread)
        # vs 2-3 s (2 threads); 2,000 points 11-18 s vs 22-60 s. On an idle machine 2 threads would win
        # (2,000 points: 3.9 s vs 6.2 s), but a class server is rarely idle.
        with threadpool_limits(limits=1, user_api="openmp"):
            return tsne.fit_transform(vectors)

    if progress is None:
        coordinates = fit()
    else:
        coordinates = _run_with_progress(fit, progress, expected_tsne_seconds(len(vectors)),
                                         _("t-SNE of {n:,} points").format(n=len(vectors)))
    return Projection("tsne", np.asarray(coordinates, dtype=np.float64), None, None, None, perplexity, seed)


def _run_with_progress(work, progress, expected_seconds: float, label: str):
    """Run `work()` in a helper thread; meanwhile call progress(fraction, message) from this thread.

    scikit-learn's t-SNE reports nothing while it runs, so the fraction is the time elapsed over the time
    expected (never past 0.95 until the work has really finished), and the message says so.
    """
    outcome = {}

    def target():
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed back to the calling thread below
            outcome["error"] = error

    worker = threading.Thread(target=target, name="rnnviz-tsne", daemon=True)
    started = time.perf_counter()
    worker.start()
    while worker.is_alive():
        elapsed = time.perf_counter() - started
        progress(min(elapsed / expected_seconds, 0.95),
                 _("{label}: {elapsed:.1f} s so far, about {expected:.1f} s expected").format(
                     label=label, elapsed=elapsed, expected=expected_seconds))
        worker.join(timeout=0.25)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
