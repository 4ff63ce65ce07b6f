"""Claim: each fitting-lab preset, at the size the page trains it, takes <= 30 s on 2 cores and shows its case.

Prints, per preset: seconds to generate the data, build and train (what a student waits for), seconds in
fit alone, the diagnosis and whether it is the intended one. Then the same for the default remedies of the
page (each a separate training; informative, not part of the claim). The load average is printed because
the machine may be shared: a busy machine makes every number larger.

    /work/venv/bin/python bench/fitting_presets.py [--no-remedies]
"""

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rnnviz.fitting import FITTING_SCENARIOS, OVERFITTING, Remedies, diagnose_run, remedy_variants  # noqa: E402

LIMIT_S = 30.0
# The page's default remedy controls (rnnviz/ui/fitting_lab.py).
DEFAULT_REMEDIES = Remedies(units=8, l2=1e-3, dropout=0.4, recurrent_dropout=0.0, early_stopping_patience=3,
                            n_train=600)


def measure(spec) -> tuple[float, object]:
    started = time.perf_counter()
    run = spec.train()
    return time.perf_counter() - started, run


def main() -> int:
    import keras  # noqa: F401 - import TensorFlow before timing (the app warms it up in the background too)

    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.2f}")
    measure(FITTING_SCENARIOS["underfitting"].test)   # first trace of the Keras machinery, not timed
    print(f"{'preset':14s} {'total s':>8s} {'fit s':>6s} {'epochs':>6s}  diagnosis (intended)  <= {LIMIT_S:.0f} s")
    ok = True
    for name, scenario in FITTING_SCENARIOS.items():
        seconds, run = measure(scenario.page)
        label = diagnose_run(run).label
        passed = seconds <= LIMIT_S and label == scenario.intended
        ok &= passed
        print(f"{name:14s} {seconds:8.1f} {run.wall_time_s:6.1f} {run.epochs_done:6d}  {label} ({scenario.intended})"
              f"  {'yes' if passed else 'NO'}", flush=True)
    if "--no-remedies" not in sys.argv:
        print("\nremedies of the overfitting preset (page defaults), each trained alone:")
        base_seconds = None
        for spec in [FITTING_SCENARIOS[OVERFITTING].page, *remedy_variants(FITTING_SCENARIOS[OVERFITTING].page,
                                                                           DEFAULT_REMEDIES)]:
            seconds, run = measure(spec)
            base_seconds = base_seconds or seconds
            d = diagnose_run(run)
            print(f"  {spec.name:45s} {seconds:6.1f} s ({seconds / base_seconds:4.2f}x base)  {d.label:14s} "
                  f"val loss best {d.best_val_loss:.3f} last {run.history['val_loss'].iloc[-1]:.3f}  "
                  f"val acc {run.history['val_accuracy'].iloc[-1]:.3f}", flush=True)
    print(f"\nload average after: {os.getloadavg()[0]:.2f}; claim {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
