"""The one way bench scripts time a call: the median of many runs after a warm-up (these machines are noisy)."""

from __future__ import annotations

import statistics
import time


def median_ms(function, repeats: int = 101) -> float:
    """Median wall time of `function()` in milliseconds, over `repeats` calls after one warm-up call."""
    function()  # warm-up (first calls compile or allocate)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)
