"""How long the imdb dataset's default size takes to load and to train, on IMDB-like synthetic reviews.

Run: python bench/imdb_default_size.py
No real IMDB file is needed: a synthetic imdb.npz of the real file's shape (word ranks with a Zipf law over
20,000 words, 200-300 words per review) and its word index are written to a temporary KERAS_HOME, and Keras'
own loader reads them (its download and hash check bypassed, as in tests/test_imdb.py). The claim: at the
default size, the default LSTM trains in under a minute on a laptop CPU (TrainingRequest's default budget).
Accuracy is not measured: the reviews are random words.
"""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from keras.src.backend import config as keras_config  # noqa: E402
from keras.src.datasets import imdb as keras_imdb  # noqa: E402

import rnnviz  # noqa: E402
from rnnviz.training_request import TrainingRequest  # noqa: E402

N_WORDS, N_TRAIN, N_TEST = 20_000, 5_000, 1_000


def write_synthetic_imdb(folder: Path, n_train: int = N_TRAIN, n_test: int = N_TEST) -> None:
    """imdb.npz and imdb_word_index.json of n_train + n_test random reviews of 200-300 word ranks in `folder`."""
    rng = np.random.default_rng(0)

    def reviews(n):
        x = np.empty(n, dtype=object)
        for i in range(n):
            ranks = np.minimum(rng.zipf(1.2, size=rng.integers(200, 301)), N_WORDS)
            x[i] = [int(r) for r in ranks]   # Python ints: Keras' restricted unpickler refuses numpy ints
        return x, rng.integers(0, 2, n)

    (x_train, y_train), (x_test, y_test) = reviews(n_train), reviews(n_test)
    np.savez(folder / "imdb.npz", x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    (folder / "imdb_word_index.json").write_text(json.dumps({f"w{r}": r for r in range(1, N_WORDS + 1)}))


def load_synthetic_imdb(n_train: int = N_TRAIN, n_test: int = N_TEST, **options):
    """(rnnviz.load_dataset("imdb", **options) read by Keras' own loader from a synthetic file, seconds to load)."""
    with tempfile.TemporaryDirectory() as home:
        folder = Path(home) / "datasets"
        folder.mkdir()
        write_synthetic_imdb(folder, n_train, n_test)
        keras_config._KERAS_DIR = home
        keras_imdb.get_file = lambda fname, origin, file_hash: str(folder / fname)
        started = time.perf_counter()
        data = rnnviz.load_dataset("imdb", **options)
        return data, time.perf_counter() - started


def main() -> None:
    data, load_s = load_synthetic_imdb()
    request = TrainingRequest("imdb", data.options)   # the default model and budget
    print(f"default imdb: {data.description}; vocabulary {data.vocabulary_size:,}; "
          f"train / validation / test {len(data.train):,} / {len(data.validation):,} / {len(data.test):,}")
    print(f"load + decode + tokenise: {load_s:.1f} s")
    cpu_started = time.process_time()
    run = rnnviz.run_request(request, dataset=data)
    cpu_s = time.process_time() - cpu_started
    # On a shared machine wall time counts the others' work too; CPU time is this process's own work, an upper
    # bound for the wall time on a free machine with at least one core.
    print(f"{run.config.label()}, {run.epochs_done} epochs, batch {run.batch_size}: wall {run.wall_time_s:.1f} s "
          f"({run.wall_time_s / run.epochs_done:.1f} s per epoch); CPU time of the process {cpu_s:.1f} s; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
