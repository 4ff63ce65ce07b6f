"""Reading a history before judging it: the options checked, the finite epochs, the epoch judged, its levels."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import _, _n
from . import curves

CONTEXT = "context"    # tag of reasons that say which epochs were read: always shown first


@dataclass(frozen=True)
class History:
    """The finite part of a history: curve name -> (n_read,) values, their epoch numbers, where it diverged."""

    curve: dict
    epochs: np.ndarray
    n_read: int
    diverged_at: int | None
    metric: str

    @property
    def has_metric(self) -> bool:
        return self.metric in self.curve and f"val_{self.metric}" in self.curve


def check_options(history, chance_loss, class_shares, **limits) -> tuple[float, float]:
    """ValueError for a bad history or option; else (chance's metric, chance's loss)."""
    if not isinstance(history, pd.DataFrame) or "loss" not in history.columns:
        columns = list(history.columns) if isinstance(history, pd.DataFrame) else type(history).__name__
        raise ValueError(f"history must be a DataFrame with a 'loss' column (one row per epoch), got {columns}")
    for name, value in limits.items():
        high = 100 if name == "rise_z" else 1
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= high:
            raise ValueError(f"{name} must be a number from 0 to {high}, got {value!r}")
    chance_metric, class_loss = curves.chance_levels(class_shares)
    if chance_loss is None:
        return chance_metric, class_loss
    if isinstance(chance_loss, bool) or not isinstance(chance_loss, (int, float)) or not chance_loss > 0 \
            or not math.isfinite(chance_loss):
        raise ValueError(f"chance_loss must be a positive number (the loss of a constant answer), got {chance_loss!r}")
    return chance_metric, chance_loss


def read_history(history: pd.DataFrame, metric: str) -> History:
    """The rows before the first epoch with a NaN or infinite value."""
    epochs = np.arange(1, len(history) + 1) if history.index.dtype.kind not in "iu" else history.index.to_numpy()
    columns = [c for c in ("loss", "val_loss", metric, f"val_{metric}") if c in history.columns]
    values = history[columns].to_numpy(dtype=float)                               # (n_epochs, n_columns)
    finite = np.isfinite(values).all(axis=1)
    diverged_at = None if finite.all() else int(epochs[np.argmin(finite)])
    n_read = len(values) if diverged_at is None else int(np.argmin(finite))
    return History({name: values[:n_read, i] for i, name in enumerate(columns)}, epochs[:n_read], n_read,
                    diverged_at, metric)


def divergence_reasons(read: History) -> list:
    """The reasons list, opened with the epoch training diverged in, if it did."""
    if read.diverged_at is None:
        return []
    return [(CONTEXT, _n("the loss became NaN or infinite in epoch {epoch}: training diverged; only the {n} "
                          "epoch before it are read",
                          "the loss became NaN or infinite in epoch {epoch}: training diverged; only the {n} "
                          "epochs before it are read", read.n_read).format(epoch=read.diverged_at, n=read.n_read))]


def judged_index(epochs: np.ndarray, restored_epoch: int | None, reasons: list) -> int:
    """Index of the epoch whose model is judged: the last one read, or the one early stopping restored."""
    if restored_epoch is None:
        return len(epochs) - 1
    if restored_epoch not in epochs:
        raise ValueError(f"restored_epoch must be one of the epochs read ({epochs[0]} to {epochs[-1]}), "
                         f"got {restored_epoch!r}")
    reasons.append((CONTEXT, _("early stopping restored the weights of epoch {epoch}: that model is judged").format(
        epoch=restored_epoch)))
    return int(np.flatnonzero(epochs == restored_epoch)[0])


def judged_levels(read: History, at: int, window: int) -> tuple[dict, str]:
    """(curve name -> the level judged, the words naming the epochs it comes from).

    The mean of the last `window` epochs (one noisy epoch does not decide), or the restored model's own numbers
    (it is one model, measured once).
    """
    last = at == read.n_read - 1 and window > 1
    chosen = slice(read.n_read - window, read.n_read) if last else slice(at, at + 1)
    where = (_("averaged over the last {window} epochs") if last else _("in epoch {epoch}")).format(
        window=window, epoch=read.epochs[at])
    return {name: float(np.mean(c[chosen])) for name, c in read.curve.items()}, where
