"""`attribute(model, sentence, dataset=data)`: how much each word pushed the final prediction, three ways, checked.

- occlusion: f(x) - f(x with word i read as the unknown token), re-predicted in NumPy (`tracing.walk`), checked
  against the Keras model's own predictions for the same masked sentences;
- gradient x input: (df/dx_i) . x_i on the embedding vector x_i of each word;
- integrated gradients: (x_i - 0) . mean over the path of df/dx_i, from a zero-embedding baseline; its check
  is completeness (the attributions sum to f(x) - f(baseline)); the number of path steps is doubled until
  that holds within 1 %, and reported.

f is the probability the prediction line follows (the positive class of a binary task, else the class
predicted). The gradients come from a TensorFlow float64 replay of the model plan (`gradients.unroll`, the
same cell equations the trace runs).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..i18n import N_, _
from ..model_plan import plan_model
from ..tracing import trace as trace_sentence
from ..tracing.walk import run_plan
from ..validation import check_choice
from .edits import MAX_WORDS, check_sentence_length

METHODS = ("occlusion", "gradient_x_input", "integrated_gradients")
# Display names, marked N_: translate where shown, _(METHOD_NAMES[method]).
METHOD_NAMES = {"occlusion": N_("occlusion"), "gradient_x_input": N_("gradient × input"),
                "integrated_gradients": N_("integrated gradients")}
COMPLETENESS_TOLERANCE = 0.01    # |sum - (f(x) - f(baseline))| <= 1 % of |f(x) - f(baseline)|
FIRST_STEPS, MAX_STEPS = 16, 1024
OCCLUSION_TOLERANCE = 1e-4       # NumPy re-prediction against Keras' own


@dataclass(frozen=True)
class Attribution:
    """Word attributions of one sentence.

    scores: method -> (n_words,) contribution of each word to f (positive: pushed towards class_name).
    f_x, f_baseline: f of the sentence and of the zero-embedding baseline (float64 replay).
    ig_steps: path steps that met completeness (or MAX_STEPS); ig_error: |sum - (f_x - f_baseline)| /
        |f_x - f_baseline|. occlusion_check: max |NumPy - Keras| over the masked sentences.
    rank_correlations: (method a, method b) -> Spearman rank correlation of their scores over the words.
    """

    words: tuple[str, ...]
    class_name: str
    scores: dict
    f_x: float
    f_baseline: float | None = None
    ig_steps: int | None = None
    ig_error: float | None = None
    occlusion_check: float | None = None
    rank_correlations: dict = field(default_factory=dict)

    @property
    def completeness_met(self) -> bool:
        return self.ig_error is not None and self.ig_error <= COMPLETENESS_TOLERANCE

    def table(self) -> pd.DataFrame:
        """One row per word, one column per method."""
        return pd.DataFrame({_("word"): self.words, **{_(METHOD_NAMES[m]): s for m, s in self.scores.items()}})

    def caption(self) -> str:
        """What each check found, and where the methods disagree."""
        parts = []
        if self.ig_steps is not None:
            sentence = (_("Integrated gradients: completeness met with {steps} path steps (the attributions sum to "
                          "f(x) - f(baseline) = {total:+.3f} within {error:.2g} %; the check asks for 1 %).")
                        if self.completeness_met else
                        _("Integrated gradients: completeness NOT met with {steps} path steps (the attributions sum "
                          "to f(x) - f(baseline) = {total:+.3f} within {error:.2g} %; the check asks for 1 "
                          "%)."))
            parts.append(sentence.format(steps=self.ig_steps, total=self.f_x - self.f_baseline,
                                         error=100 * self.ig_error))
        if self.occlusion_check is not None:
            parts.append(_("Occlusion re-predicted and checked against Keras (max |difference| {difference:.1g}).")
                         .format(difference=self.occlusion_check))
        parts += [self._agreement(a, b, rho) for (a, b), rho in self.rank_correlations.items()]
        return " ".join(parts)

    def _agreement(self, a: str, b: str, rho: float) -> str:
        """Whether methods a and b rank the words alike (rho: their rank correlation) and which word each puts first."""
        top_a, top_b = (self.words[int(np.argmax(np.abs(self.scores[m])))] for m in (a, b))
        tops = (_("both put '{word}' first").format(word=top_a) if top_a == top_b
                else _("top word '{a}' vs '{b}'").format(a=top_a, b=top_b))
        text = (_("{a} and {b} agree (rank correlation {rho:+.2f}; {tops}).") if rho >= 0.7
                else _("{a} and {b} partly agree (rank correlation {rho:+.2f}; {tops}).") if rho >= 0.3
                else _("{a} and {b} disagree (rank correlation {rho:+.2f}; {tops})."))
        return text.format(a=_(METHOD_NAMES[a]), b=_(METHOD_NAMES[b]), rho=rho, tops=tops)


def attribute(model, sentence: str, dataset=None, method="all") -> Attribution:
    """Attribute the final prediction for `sentence` to its words with `method` ("all", one of METHODS, or a
    list of them). model may be a Run (its dataset is used)."""
    if hasattr(model, "model") and hasattr(model, "dataset"):   # a Run
        model, dataset = model.model, dataset if dataset is not None else model.dataset
    if dataset is None:
        raise ValueError("attribute needs dataset= (its vocabulary turns words into ids)")
    methods = METHODS if method == "all" else (method,) if isinstance(method, str) else tuple(method)
    for name in methods:
        check_choice("method", name, METHODS)
    encoded = dataset.encode_sentence(sentence)
    check_sentence_length(len(encoded.words) + encoded.n_truncated, min(MAX_WORDS, dataset.sequence_length))
    traced = trace_sentence(model, sentence, dataset=dataset)
    plan = plan_model(model)
    ids = traced.token_ids                                   # as the model reads them (padded if it must be)
    word_steps = np.flatnonzero(ids != 0)
    class_name, _ = traced.class_probability()
    class_index = 0 if traced.predictions.shape[1] == 1 else int(np.argmax(traced.predictions[-1]))
    scores, extra = {}, {}
    if "occlusion" in methods:
        scores["occlusion"], extra["occlusion_check"] = occlusion(model, plan, ids, word_steps, class_index)
    if {"gradient_x_input", "integrated_gradients"} & set(methods):
        from .gradients import integrated_gradients

        found = integrated_gradients(plan, ids, word_steps, class_index)
        if "gradient_x_input" in methods:
            scores["gradient_x_input"] = found.gradient_x_input
        if "integrated_gradients" in methods:
            scores["integrated_gradients"] = found.attributions
            extra.update(f_baseline=found.f_baseline, ig_steps=found.steps, ig_error=found.error)
        f_x = found.f_x
    else:
        f_x = float(traced.predictions[-1, class_index])
    scores = {m: scores[m] for m in methods}
    return Attribution(tuple(encoded.words), class_name, scores, f_x, rank_correlations=rank_correlations(scores),
                       **extra)


def occlusion(model, plan, ids: np.ndarray, word_steps: np.ndarray, class_index: int) -> tuple[np.ndarray, float]:
    """((n_words,) f(x) - f(x with word i as the OOV id 1), max |NumPy - Keras| over those sentences)."""
    batch = np.repeat(ids[None, :], len(word_steps) + 1, axis=0)     # row 0: the sentence itself
    batch[np.arange(1, len(batch)), word_steps] = 1
    ours = run_plan(plan, batch)[1][:, class_index].astype(np.float64)
    # predict_on_batch runs Keras' compiled predict function: 40x faster than an eager model(x) call
    theirs = np.asarray(model.predict_on_batch(_model_input(plan, batch)), np.float64)[:, class_index]
    return ours[0] - ours[1:], float(np.max(np.abs(ours - theirs)))


def _model_input(plan, batch: np.ndarray):
    """The batch padded (pre) to the model's fixed length when it has one; masking makes the side irrelevant,
    and a model read at full length already got padded ids."""
    if plan.input_length and batch.shape[1] < plan.input_length:
        batch = np.concatenate([np.zeros((len(batch), plan.input_length - batch.shape[1]), batch.dtype), batch], 1)
    return batch


def rank_correlations(scores: dict) -> dict:
    """(a, b) -> Spearman rank correlation of two methods' scores (ranks of the values; NaN for < 3 words)."""
    names = list(scores)
    found = {}
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            found[(a, b)] = spearman(scores[a], scores[b])
    return found


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson correlation of the ranks (average ranks for ties)."""
    if len(a) < 3:
        return float("nan")
    ranks = [pd.Series(np.asarray(v, np.float64)).rank().to_numpy() for v in (a, b)]
    if min(np.std(r) for r in ranks) == 0:
        return float("nan")
    return float(np.corrcoef(*ranks)[0, 1])
