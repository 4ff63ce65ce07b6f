"""Time of the accuracy-against-lag experiment at the page's default settings (issue #4: <= 90 s on 2 cores).

Run: python bench/lag_experiment.py
Prints each trial as it finishes, the total, and the measured table. The baseline measured in the same
process is one trial trained the plain way (build_model + train for every trial), scaled to the number of
trials: the experiment builds and compiles one model per cell kind and resets it between lags instead.
"""

import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from rnnviz import build_model, load_dataset, train  # noqa: E402
from rnnviz.gradients import LagExperiment, run_lag_experiment  # noqa: E402
from rnnviz.gradients.captions import describe_lag_result  # noqa: E402

TARGET_S = 90.0


def main() -> None:
    settings = LagExperiment()   # the page's defaults
    print(f"{settings.n_trials} trials: cells {settings.cells}, lags {settings.lags}, {settings.n_steps} steps, "
          f"{settings.epochs} epochs, {settings.units} units, {settings.size} sequences; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.1f}")
    started = time.perf_counter()

    def progress(done, total, message):
        print(f"  {time.perf_counter() - started:5.1f} s  {done}/{total}  next: {message}", flush=True)

    result = run_lag_experiment(settings, progress=progress)
    total = time.perf_counter() - started
    print(result.table.pivot(index="lag", columns="cell", values="val_accuracy")[list(settings.cells)].round(3))
    print(describe_lag_result(result))

    # Baseline: the same kind of trial built from scratch (its own build, compile and graph tracing).
    data = load_dataset("memory_task", lag=settings.lags[-1], n_steps=settings.n_steps, size=settings.size,
                        seed=settings.seed)
    one = time.perf_counter()
    train(build_model(data, settings.model_config("GRU")), data, epochs=settings.epochs,
          batch_size=settings.batch_size, seed=settings.seed)
    one = time.perf_counter() - one
    verdict = "meets" if total <= TARGET_S else "MISSES"
    print(f"experiment: {total:.1f} s for {settings.n_trials} trials ({verdict} the {TARGET_S:.0f} s target) | "
          f"baseline, one trial built from scratch: {one:.1f} s, x {settings.n_trials} = "
          f"{one * settings.n_trials:.1f} s | ratio {total / (one * settings.n_trials):.2f}")


if __name__ == "__main__":
    main()
