"""Long reviews: rnnviz's defaults against plain Keras, and the LSTM against the SimpleRNN, as in the course.

Run: python bench/long_reviews.py [n_reviews] [epochs] [n_opinions]
The reviews are generated (rnnviz.data.long_reviews: 200-300 words of filler with n_opinions (default 12) opinion
sentences of the review's sentiment, negation included; the real IMDB files cannot be downloaded here), all words read
(sequence_length 300), split 70/15/15. Printed: test accuracy and training seconds of
1. rnnviz.build_model + rnnviz.train at default settings (LSTM 32, embedding 16, Adam 0.01, batch 32);
2. the same layers written in plain Keras and trained by model.fit (tests/test_training_accuracy.py's oracle);
3. a SimpleRNN 32 through rnnviz with the same settings.
The course's claims: 1 reaches 2 (within 0.02) and the LSTM beats the SimpleRNN on long reviews.
Measured here (2 busy cores, load ~8), 3,000 reviews, 5 epochs: with 12 opinions, rnnviz LSTM 1.000, plain Keras
LSTM 0.989, SimpleRNN 0.504 (chance: it never learnt); with 4 opinions per review nothing learnt in 5 epochs
(LSTM 0.59, plain Keras 0.51, SimpleRNN 0.53, all at chance on validation).
"""

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_training_accuracy import plain_keras_accuracy  # noqa: E402

import rnnviz  # noqa: E402
from rnnviz.data.long_reviews import long_reviews  # noqa: E402
from rnnviz.models import ModelConfig  # noqa: E402


def main(n_reviews: int = 3000, epochs: int = 5, n_opinions: int = 12) -> None:
    texts, labels = long_reviews(n_reviews, seed=0, n_opinions=n_opinions)
    data = rnnviz.dataset_from_texts(texts, labels, sequence_length=300, vocabulary_size=5000, seed=0)
    print(f"{n_reviews:,} generated reviews of 200-300 words with {n_opinions} opinions ({len(data.train):,} for training), vocabulary "
          f"{data.vocabulary_size:,}, {epochs} epochs; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    results = {}
    for cell in ("LSTM", "SimpleRNN"):
        run = rnnviz.train(rnnviz.build_model(data, cell), data, epochs=epochs, seed=0)
        results[cell] = run.test_scores["accuracy"]
        print(f"rnnviz {cell:9}  test accuracy {results[cell]:.3f}  validation by epoch "
              f"{run.history['val_accuracy'].round(3).tolist()}  {run.wall_time_s:.0f} s", flush=True)
    started = time.perf_counter()
    plain = plain_keras_accuracy(data, epochs, ModelConfig().learning_rate)
    print(f"plain Keras LSTM  test accuracy {plain:.3f}  {time.perf_counter() - started:.0f} s")
    print(f"rnnviz LSTM - plain Keras LSTM = {results['LSTM'] - plain:+.3f} (claim: >= -0.02); "
          f"LSTM - SimpleRNN = {results['LSTM'] - results['SimpleRNN']:+.3f} (the course: > 0)")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:4]))
