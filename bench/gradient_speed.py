"""Speed of gradient_norms: all steps' ||dL/dh_t|| (and ||dL/dc_t||, ||dL/dx_t||) in one backward pass.

Run: python bench/gradient_speed.py
Issue #4 asks for batch 64 x 100 steps x 32 units, LSTM, <= 100 ms per call after warm-up. The baseline,
measured in the same process on the same model and batch, is Keras' own forward + backward pass to the
weights (what one training step costs, without the optimizer): gradient_norms does the same amount of
work plus the per-step bookkeeping, so the ratio shows what the per-step gradients cost on top.
"""

import os
import sys
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from rnnviz.gradients import gradient_norms  # noqa: E402
from rnnviz.models import ModelConfig, build_keras_model  # noqa: E402

N_SEQUENCES, N_STEPS, UNITS, VOCABULARY = 64, 100, 32, 50
TARGET_MS = 100.0
REPEATS = 20


def timed(function, repeats: int = REPEATS) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(1000 * (time.perf_counter() - started))
    return times


def main() -> None:
    rng = np.random.default_rng(0)
    x = rng.integers(1, VOCABULARY, (N_SEQUENCES, N_STEPS)).astype(np.int32)
    y = rng.integers(0, 2, N_SEQUENCES).astype(np.int32)
    print(f"batch {N_SEQUENCES} x {N_STEPS} steps x {UNITS} units; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.1f} (other processes share the machine)")
    for cell in ("LSTM", "GRU", "SimpleRNN"):
        model = build_keras_model(ModelConfig(cell=cell, units=UNITS), VOCABULARY, N_STEPS)
        started = time.perf_counter()
        gradient_norms(model, x, y)
        first = time.perf_counter() - started
        for _ in range(3):
            gradient_norms(model, x, y)   # warm-up

        @tf.function
        def keras_step(x_batch, y_batch):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(keras.losses.binary_crossentropy(tf.cast(y_batch[:, None], tf.float32),
                                                                          model(x_batch)))
            return tape.gradient(loss, model.trainable_variables)

        x_tensor, y_tensor = tf.constant(x), tf.constant(y)
        for _ in range(3):
            keras_step(x_tensor, y_tensor)
        ours = timed(lambda: gradient_norms(model, x, y))
        baseline = timed(lambda: keras_step(x_tensor, y_tensor))
        median, best = statistics.median(ours), min(ours)
        verdict = "meets" if median <= TARGET_MS else "MISSES"
        print(f"{cell:9s} gradient_norms: median {median:6.1f} ms, best {best:6.1f} ms (first call with trace "
              f"{first:.2f} s) | Keras forward+backward: median {statistics.median(baseline):6.1f} ms | "
              f"ratio {median / statistics.median(baseline):.2f}"
              + (f" | {verdict} the {TARGET_MS:.0f} ms target" if cell == "LSTM" else ""))


if __name__ == "__main__":
    main()
