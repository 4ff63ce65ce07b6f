"""The convolution stage of a model plan: Conv1D and MaxPooling1D layers between the Embedding and the recurrent
layers (the course's Conv1D + GRU), read into NumPy, with how Keras slides them written once.

A stage shortens the time axis: the recurrent layer after Conv1D(kernel 5) + MaxPooling1D(3) takes one step per
pooled window, and each step covers several words (`spans`). Keras' Conv1D supports no mask: the Embedding's
mask stops at the first convolution, so the recurrent layers read every step, padding included.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FRONT_LAYERS = ("Conv1D", "MaxPooling1D")
PADDINGS = ("valid", "same", "causal")


@dataclass(frozen=True)
class FrontLayer:
    """One Conv1D or MaxPooling1D layer of the stage (channels last).

    kernel: (size, n_inputs, n_filters) for a Conv1D, None for a pooling; bias: (n_filters,) or None.
    """

    name: str
    kind: str                        # "Conv1D" | "MaxPooling1D"
    size: int                        # kernel size or pool size
    stride: int
    dilation: int
    padding: str                     # "valid" | "same" | "causal" (Conv1D only)
    kernel: np.ndarray | None = None
    bias: np.ndarray | None = None
    activation: str = "linear"

    @property
    def reach(self) -> int:
        """How many consecutive inputs one window spans: (size - 1) * dilation + 1."""
        return (self.size - 1) * self.dilation + 1

    def padding_of(self, n_inputs: int) -> tuple[int, int, int]:
        """(padded before, padded after, n_outputs) for n_inputs steps, as TensorFlow pads them."""
        if self.padding == "causal":
            before = self.reach - 1
            return before, 0, (n_inputs + before - self.reach) // self.stride + 1
        if self.padding == "same":
            n_out = -(-n_inputs // self.stride)
            total = max((n_out - 1) * self.stride + self.reach - n_inputs, 0)
            return total // 2, total - total // 2, n_out
        return 0, 0, max((n_inputs - self.reach) // self.stride + 1, 0)

    def windows(self, n_inputs: int) -> np.ndarray:
        """(n_outputs, size) input positions each output reads, in the padded frame shifted back (may be < 0
        or >= n_inputs where it reads padding)."""
        before, _, n_out = self.padding_of(n_inputs)
        starts = np.arange(n_out) * self.stride - before
        return starts[:, None] + np.arange(self.size)[None, :] * self.dilation


def read_front_layer(layer, activation_name, to_numpy) -> FrontLayer:
    """A Keras Conv1D / MaxPooling1D layer as a FrontLayer; ValueError for settings the replay does not follow."""
    kind = type(layer).__name__
    data_format = getattr(layer, "data_format", "channels_last")
    if data_format != "channels_last" or getattr(layer, "groups", 1) != 1:
        raise ValueError(f"layer {layer.name!r} ({kind}) has data_format={data_format!r}, groups="
                         f"{getattr(layer, 'groups', 1)}; supported: channels_last, groups=1")
    padding = str(layer.padding).lower()
    if padding not in (PADDINGS if kind == "Conv1D" else PADDINGS[:2]):
        raise ValueError(f"layer {layer.name!r} ({kind}) has padding={padding!r}; supported: valid, same"
                         + (", causal" if kind == "Conv1D" else ""))
    if kind == "Conv1D":
        bias = None if layer.bias is None else to_numpy(layer.bias)
        return FrontLayer(layer.name, kind, int(layer.kernel_size[0]), int(layer.strides[0]),
                          int(layer.dilation_rate[0]), padding, to_numpy(layer.kernel), bias,
                          activation_name(layer.activation))
    return FrontLayer(layer.name, kind, int(layer.pool_size[0]), int(layer.strides[0]), 1, padding)


def stage_length(front: tuple[FrontLayer, ...], n_words: int) -> int:
    """How many steps the recurrent layer takes for n_words words."""
    for layer in front:
        n_words = layer.padding_of(n_words)[2]
    return n_words


def spans(front: tuple[FrontLayer, ...], n_words: int) -> np.ndarray:
    """(n_steps, 2) int: the words [start, stop) each step after the stage covers (one word each without one)."""
    covered = np.stack([np.arange(n_words), np.arange(n_words) + 1], axis=1)
    for layer in front:
        n_inputs = len(covered)
        windows = layer.windows(n_inputs)
        inside = (windows >= 0) & (windows < n_inputs)
        # Windows are increasing: the first and last real positions read bound the words covered.
        first = np.where(inside, windows, n_inputs).min(axis=1)
        last = np.where(inside, windows, -1).max(axis=1)
        covered = np.stack([covered[first, 0], covered[last, 1]], axis=1)
    return covered
