"""How fast is a trace? A 50-word sentence through a 64-unit LSTM: rnnviz.trace vs model.predict.

Claim (issue 3): the NumPy replay of every step and gate, plus the prediction after each word, takes <= 5 ms
(median), so the pages can retrace on every keystroke. model.predict on the same sentence (one prediction,
no gates) is measured in the same process as the baseline.

Run: /work/venv/bin/python bench/trace_speed.py
"""

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from timing import median_ms  # noqa: E402 - bench/timing.py, beside this script
from rnnviz import build_model, load_dataset, trace, verify_trace  # noqa: E402
from rnnviz.data import standardize  # noqa: E402

N_WORDS, N_UNITS = 50, 64



def main():
    data = load_dataset("toy_sentiment", size=2000, sequence_length=64, seed=0)
    model = build_model(data, cell="LSTM", units=N_UNITS, embedding_dim=16, seed=0)
    words = standardize(" ".join(data.train.texts[:40])).split()[:N_WORDS]
    text = " ".join(words)
    ids = data.encode_sentence(text).ids
    padded = data.encode([text])
    assert len(ids) == N_WORDS, len(ids)

    trace_ids = median_ms(lambda: trace(model, ids, dataset=data))
    trace_text = median_ms(lambda: trace(model, text, dataset=data))
    predict = median_ms(lambda: model.predict(padded, verbose=0), repeats=31)
    started = time.perf_counter()
    check = verify_trace(model, trace(model, ids, dataset=data))
    first_verify = 1000 * (time.perf_counter() - started)
    verify = median_ms(lambda: verify_trace(model, trace(model, ids, dataset=data)), repeats=21)

    print(f"{N_WORDS}-word sentence, LSTM {N_UNITS} units, embedding 16, {os.cpu_count()} cores")
    print(f"  rnnviz.trace from token ids     median {trace_ids:7.2f} ms   (claim: <= 5 ms) "
          f"{'OK' if trace_ids <= 5 else 'MISSED'}")
    print(f"  rnnviz.trace from typed text    median {trace_text:7.2f} ms   (includes tokenisation)")
    print(f"  model.predict, same sentence    median {predict:7.2f} ms")
    print(f"  ratio predict / trace (ids)            {predict / trace_ids:7.1f} x")
    print(f"  verify_trace (Keras check)      first {first_verify:7.0f} ms (compiles), then median {verify:.1f} ms; "
          f"{check.message()}")


if __name__ == "__main__":
    main()
