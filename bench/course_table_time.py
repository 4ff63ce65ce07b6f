"""How long "Reproduce the course table" takes: every model of the table, one after another, as the button runs them.

Run: python bench/course_table_time.py [size] [epochs]
The data are a synthetic imdb.npz read by Keras' own loader (bench/imdb_default_size.py: random words, so the
accuracies mean nothing; only time is measured), at the imdb dataset's defaults unless size is given. Each model
is trained by rnnviz.run_request from the table's own TrainingRequests (rnnviz.ui.course_table.course_requests).
Printed: training seconds per epoch of each model (what the table shows) and the total wall time.
Measured (`python bench/course_table_time.py 1000 1`, 700 training reviews x 200 words, 2 cores at load ~10):
Flatten 8.0 s, SimpleRNN 20.4, LSTM 29.8, GRU 22.3, Bidirectional LSTM 59.7, Conv1D 9.8, Conv1D + GRU 38.6
(recurrent_dropout 0.5, the course's setting, takes the GRU off its fused kernel); total 200 s.
"""

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import rnnviz  # noqa: E402
from imdb_default_size import load_synthetic_imdb  # noqa: E402
from rnnviz.ui.course_table import course_requests  # noqa: E402


def main(size: int | None = None, epochs: int = 3) -> None:
    options = {} if size is None else {"size": size}
    data, _ = load_synthetic_imdb(**options)
    requests = course_requests(data.options, epochs=epochs, batch_size=32, seed=0)
    print(f"{len(requests)} models on {data.description}; {epochs} epochs each, batch 32; {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}")
    started = time.perf_counter()
    for request in requests:
        run = rnnviz.run_request(request, dataset=data)
        print(f"{request.run_name:32} {run.wall_time_s / run.epochs_done:6.1f} s per epoch, "
              f"{run.model.count_params():>9,} parameters", flush=True)
    print(f"total {time.perf_counter() - started:.0f} s (training, test evaluation and model building); load "
          f"average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else None, int(sys.argv[2]) if len(sys.argv) > 2 else 3)
