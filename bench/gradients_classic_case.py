"""Where the textbook picture of vanishing gradients appears in the gradients lab, measured with its own functions.

For each candidate setting: the untrained SimpleRNN / LSTM / GRU gradient 49 steps back as a multiple of its
size at the last word (the lab's first tab, memory_task 50 steps, 64 validation sequences, seed 0), and the
SimpleRNN's mean |pre-activation| and mean tanh' (how close to linear it runs).
Run: python bench/gradients_classic_case.py
"""

import os
import sys
from dataclasses import replace

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from rnnviz.data import load_dataset
from rnnviz.gradients.captions import first_to_last_ratios, format_ratio
from rnnviz.gradients.lab import (Conditions, build_cells, compare_cells, simple_rnn_linearity,
                                 summaries)

CANDIDATES = {"defaults": {}, "gain 0.5": {"recurrent_gain": 0.5}, "input scale 2.0": {"embedding_scale": 2.0},
              "input scale 1.0": {"embedding_scale": 1.0}, "gain 0.5, input scale 1.0":
              {"recurrent_gain": 0.5, "embedding_scale": 1.0}, "gain 0.8": {"recurrent_gain": 0.8}}

for name, changes in CANDIDATES.items():
    conditions = replace(Conditions(), **changes)
    dataset = load_dataset(conditions.dataset, **conditions.dataset_options())
    split = dataset.validation
    x, y = split.x[:conditions.n_sequences], split.y[:conditions.n_sequences]
    models = build_cells(conditions, dataset)
    distance, ratios = first_to_last_ratios(summaries(compare_cells(models, x, y)))
    linearity = simple_rnn_linearity(models["SimpleRNN"], x)
    print(f"{name:28s} at {distance} steps: " + ", ".join(f"{c} {format_ratio(r)}" for c, r in ratios.items())
          + f" | SimpleRNN mean |a| {linearity['mean_abs_pre_activation']:.3g}, mean tanh' "
            f"{linearity['mean_derivative']:.3g}", flush=True)
