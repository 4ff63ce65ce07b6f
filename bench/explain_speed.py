"""How fast is "why this prediction"? All three attributions of a 50-word sentence for a 64-unit LSTM, and the
ranking of its units by a concept over 1,000 validation sentences.

Targets (issue 14): attributions <= 0.5 s, unit ranking <= 2 s (medians, after a warm-up call that traces the
TensorFlow replay once). The steps integrated gradients needed to meet completeness are printed too. A prefix
trace of the same sentence (`rnnviz.trace`) is measured in the same process as the baseline.

Run: /work/venv/bin/python bench/explain_speed.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rnnviz import attribute, build_model, find_concept_units, load_dataset, trace  # noqa: E402
from rnnviz.data import standardize  # noqa: E402

N_WORDS, N_UNITS, N_SENTENCES = 50, 64, 1000


def median_s(function, repeats: int) -> float:
    function()  # warm-up: the first call traces the TensorFlow replay
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main():
    data = load_dataset("toy_sentiment", size=7000, sequence_length=64, seed=0)   # 1,050 validation sentences
    assert len(data.validation) >= N_SENTENCES, len(data.validation)
    model = build_model(data, cell="LSTM", units=N_UNITS, embedding_dim=16, seed=0)
    text = " ".join(standardize(" ".join(data.train.texts[:40])).split()[:N_WORDS])
    assert len(data.encode_sentence(text).ids) == N_WORDS

    found = attribute(model, text, dataset=data)
    attributions = median_s(lambda: attribute(model, text, dataset=data), repeats=21)
    baseline = median_s(lambda: trace(model, text, dataset=data), repeats=21)
    ranking = median_s(lambda: find_concept_units(model, data, concept="negation", n_sentences=N_SENTENCES),
                       repeats=7)
    print(f"all attributions, {N_WORDS} words, LSTM {N_UNITS}: median {attributions:.3f} s (target <= 0.5 s); "
          f"integrated gradients met completeness with {found.ig_steps} steps (error {100 * found.ig_error:.2g} %)")
    print(f"  baseline rnnviz.trace of the same sentence: median {baseline:.3f} s "
          f"(attributions = {attributions / baseline:.1f} x a trace)")
    print(f"unit ranking (negation), {N_SENTENCES} validation sentences: median {ranking:.3f} s (target <= 2 s)")


if __name__ == "__main__":
    main()
