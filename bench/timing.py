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


def alternating_seconds(functions: dict, repeats: int = 5) -> dict:
    """name -> [seconds per call]: every function called once to warm up, then `repeats` rounds calling each in
    turn (so they share the machine's noise). A function that returns a number returns its own measured time
    (e.g. rnnviz's Run.wall_time_s, which leaves out the test evaluation); otherwise its wall time is used."""
    for function in functions.values():
        function()
    times = {name: [] for name in functions}
    for _ in range(repeats):
        for name, function in functions.items():
            started = time.perf_counter()
            measured = function()
            elapsed = time.perf_counter() - started
            times[name].append(float(measured) if isinstance(measured, (int, float)) else elapsed)
    return times
