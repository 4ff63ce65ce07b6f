"""What a learning curve does, measured against its own noise: the statistics `diagnose` rests on.

A validation curve measured once per epoch on a few hundred sentences wobbles by itself. Comparing its last
value with its minimum calls every noisy plateau "rising" (the minimum of a wobbling curve is always below its
end). So here a curve is read through averages of `window` consecutive epochs, and a rise counts only when it
is several times larger than the wobble of such an average, estimated from the curve itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# For Gaussian noise e, the second difference e[t+1] - 2 e[t] + e[t-1] has standard deviation sqrt(6) sd(e);
# the median of |N(0, 1)| is 0.6745. The median ignores the few large second differences of a steep start.
_SECOND_DIFFERENCE_SD = math.sqrt(6.0)
_MEDIAN_ABS_NORMAL = 0.6745


def tail_window(n_epochs: int) -> int:
    """How many epochs a smoothed level averages: a quarter of the training, at least 3, but never more than half
    the epochs read (at least 1), so that a level describes the end of training, not its first epochs."""
    return max(1, min(max(3, n_epochs // 4), n_epochs // 2))


def epoch_noise(curve: np.ndarray) -> float:
    """The standard deviation of one epoch's value around the curve's own trend, (n_epochs,) -> float.

    Estimated from second differences, which cancel any locally straight trend; 0.0 with fewer than 3 epochs.
    """
    second = np.diff(np.asarray(curve, dtype=float), n=2)
    if len(second) == 0:
        return 0.0
    return float(np.median(np.abs(second)) / _MEDIAN_ABS_NORMAL / _SECOND_DIFFERENCE_SD)


def window_means(curve: np.ndarray, window: int) -> np.ndarray:
    """Means of every run of `window` consecutive epochs, (n_epochs,) -> (n_epochs - window + 1,)."""
    curve = np.asarray(curve, dtype=float)
    window = min(window, len(curve))
    return np.convolve(curve, np.ones(window) / window, mode="valid")


@dataclass(frozen=True)
class Rise:
    """How far a curve's last smoothed level sits above its lowest one, in loss units and in noise units.

    best_start: index of the first epoch of the lowest window; size: last window mean - lowest window mean;
    noise: one epoch's standard deviation; score: size / (standard deviation of a difference of two means).
    """

    window: int
    best_start: int
    size: float
    noise: float
    score: float

    @property
    def best_epochs(self) -> tuple[int, int]:
        """(first, last) index of the lowest window, both included."""
        return self.best_start, self.best_start + self.window - 1


def measure_rise(curve: np.ndarray, window: int) -> Rise:
    """The rise of `curve`, (n_epochs,), from its lowest `window`-epoch mean to its last one."""
    means = window_means(curve, window)
    window = min(window, len(curve))
    best_start = int(np.argmin(means))
    size = float(means[-1] - means[best_start])
    noise = epoch_noise(curve)
    spread = noise * math.sqrt(2.0 / window)
    score = size / spread if spread > 0 else (math.inf if size > 0 else 0.0)
    return Rise(window, best_start, size, noise, score)


def slope(curve: np.ndarray) -> float:
    """Least-squares change per epoch of `curve`, (n,) with n >= 2."""
    curve = np.asarray(curve, dtype=float)
    return float(np.polyfit(np.arange(len(curve)), curve, 1)[0])


def chance_levels(class_shares) -> tuple[float, float]:
    """(accuracy, cross-entropy) of a model that knows only the class shares: majority class, class prior.

    class_shares: (n_classes,) shares summing to 1, e.g. (0.5, 0.5) for a balanced binary task.
    """
    shares = np.asarray(class_shares, dtype=float)
    if shares.ndim != 1 or len(shares) < 2 or (shares < 0).any() or not math.isclose(shares.sum(), 1.0,
                                                                                        abs_tol=1e-6):
        raise ValueError(f"class_shares must be two or more shares of the classes summing to 1, got {class_shares!r}")
    present = shares[shares > 0]
    return float(shares.max()), float(-(present * np.log(present)).sum())


def regression_chance_loss(y, loss="mse") -> float:
    """The loss of the best constant forecast of targets y (n_samples, horizon): their variance around the
    mean for MSE, the mean absolute deviation around the median for MAE."""
    y = np.asarray(y, dtype=float)
    if y.size == 0 or not np.isfinite(y).all():
        raise ValueError(f"y must be a non-empty array of finite targets, got shape {y.shape}")
    if loss in ("mae", "mean_absolute_error"):
        return float(np.mean(np.abs(y - np.median(y, axis=0))))
    if loss in ("mse", "mean_squared_error"):
        return float(np.mean((y - y.mean(axis=0)) ** 2))
    raise ValueError(f"loss must be 'mse' or 'mae' for a forecast's chance level, got {loss!r}")
