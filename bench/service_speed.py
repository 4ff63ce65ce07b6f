"""One preset trained through the service's worker pool against the same training in this process.

Run: python bench/service_speed.py [preset key]   (default sentiment_lstm_en)
Prints, measured in this process: the in-process time (dataset + build + fit + evaluate, `run_request`),
the pool time of a cold worker (process start + TensorFlow import + the same training), the pool time of a
warm worker (what a student waits for once the server has started), and that the two trainings give the
same weights. The pool adds the worker's dataset generation, the result's pickling and the session's
rebuild (`Run.from_result`); the claim is that a warm worker costs little on top of the training itself.
"""

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keras  # noqa: E402, F401 - imported before timing, as in the app's server
import numpy as np  # noqa: E402

import rnnviz  # noqa: E402
from rnnviz.presets import PRESETS  # noqa: E402
from rnnviz.run import Run  # noqa: E402
from rnnviz.service import ProcessSlots, TrainingService  # noqa: E402


def _through_pool(service, request, data, session):
    started = time.perf_counter()
    batch = service.submit([request], session)
    batch.wait()
    if batch.current.error:
        raise RuntimeError(batch.current.error)
    run = Run.from_result(batch.current.result, data, request)
    return run, time.perf_counter() - started


def main() -> None:
    key = sys.argv[1] if len(sys.argv) > 1 else "sentiment_lstm_en"
    request = PRESETS[key].request
    started = time.perf_counter()
    data = rnnviz.load_dataset(request.dataset_name, **request.dataset_options)
    local = rnnviz.run_request(request, data)
    in_process = time.perf_counter() - started

    service = TrainingService(ProcessSlots(1, recycle_after=10, nice=0))
    try:
        _, cold_s = _through_pool(service, request, data, "cold")
        service.clear_cache()                              # train it again, on the now warm worker
        warm, warm_s = _through_pool(service, request, data, "warm")
    finally:
        service.shutdown()
    same = all(np.array_equal(a, b) for a, b in zip(local.model.get_weights(), warm.model.get_weights()))
    print(f"{key}: in-process {in_process:.1f} s (fit {local.wall_time_s:.1f} s); pool, cold worker "
          f"{cold_s:.1f} s; pool, warm worker {warm_s:.1f} s (fit {warm.wall_time_s:.1f} s) = "
          f"{warm_s / in_process:.2f}x in-process; same weights: {same}")


if __name__ == "__main__":
    main()
