"""`find_concept_units(model, dataset, concept="negation")`: which hidden units track an idea the data defines.

Over the validation sentences every word step is labelled by a concept, from the words alone:
- "negation": inside a negation's scope, from the negation word through the first polarity word after it
  ("not" ... "good"), or to the next connector ("but", "although") or the end if none comes;
- "positive_word" / "negative_word": the word just read is a positive / negative adjective of the lexicon;
- "after_but": inside the clause after "but" ("pero");
- "position": the word's place in the sentence, 0 at the first word (a number, not yes/no);
- a list of words: the word just read is one of them (a concept of your own, for any dataset).
Each unit's hidden state at every word step is scored against the labels: AUC for a yes/no concept (score
|AUC - 1/2|, so a unit that is low inside the concept counts too), |Pearson correlation| for position.

The baseline answers "did training make this unit track the concept?". Shuffling the labels among the steps is
no answer: it breaks the tie between a label and the word that defines it, so any unit that merely follows the
words (as an untrained network's units do) beats it. Instead the same architecture is built again at a few fresh
initialisations (new seeds, no training) and scored on the same sentences: a trained unit passes when its score
is above the best unit of every one of those untrained networks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..i18n import N_, _
from ..model_plan import plan_model
from ..tracing.walk import run_plan
from ..validation import check_int

CONCEPTS = ("negation", "positive_word", "negative_word", "after_but", "position")
CONNECTORS = {"en": ("but", "although"), "es": ("pero", "aunque")}
CONCEPT_NAMES = {"negation": N_("negation"), "positive_word": N_("positive word"),
                 "negative_word": N_("negative word"), "after_but": N_("after 'but'"), "position": N_("position")}


def concept_name(concept) -> str:
    """A concept as a student reads it: a built-in one in their language (not its code), own words as given."""
    if isinstance(concept, str) and concept in CONCEPT_NAMES:
        return _(CONCEPT_NAMES[concept])
    return concept if isinstance(concept, str) else " ".join(map(str, concept))


@dataclass(frozen=True)
class ConceptUnits:
    """Units of one layer ranked by how well they track a concept, against untrained networks of the same shape.

    scores: (n_units,) |AUC - 1/2| or |correlation|; values: (n_units,) the AUC or the signed correlation;
    untrained_best: (n_inits,) the best unit's score in each untrained network (same architecture, fresh seeds,
    same sentences); baseline: their maximum, the score a unit must beat to pass. n_steps: word steps scored;
    share: fraction of them inside the concept (NaN for position).
    """

    concept: str
    layer: str
    metric: str                # "AUC" or "correlation"
    scores: np.ndarray
    values: np.ndarray
    untrained_best: np.ndarray
    baseline: float
    n_sentences: int
    n_steps: int
    share: float

    @property
    def ranking(self) -> np.ndarray:
        """Unit indices, best first."""
        return np.argsort(-self.scores, kind="stable")

    @property
    def passing(self) -> np.ndarray:
        """Indices of the units above the baseline (the best unit of every untrained network), best first."""
        return np.array([u for u in self.ranking if self.scores[u] > self.baseline], dtype=int)

    def table(self) -> pd.DataFrame:
        order = self.ranking
        return pd.DataFrame({"unit": order, self.metric: self.values[order], "score": self.scores[order],
                             "above untrained": self.scores[order] > self.baseline})

    def caption(self) -> str:
        best = int(self.ranking[0])
        numbers = dict(unit=best, layer=self.layer, concept=concept_name(self.concept),
                       metric=_("correlation") if self.metric == "correlation" else self.metric,
                       value=self.values[best], score=self.scores[best], baseline=self.baseline,
                       n_inits=len(self.untrained_best), n_passing=len(self.passing), n_units=len(self.scores),
                       n_words=self.n_steps, n_sentences=self.n_sentences)
        if not len(self.passing):
            return _("No unit of {layer} tracks '{concept}' better than an untrained network: its best, unit "
                     "{unit} ({metric} {value:.2f}, score {score:.3f}), does not beat the best unit of {n_inits} "
                     "untrained networks of the same architecture (up to {baseline:.3f}), over {n_words:,} words of "
                     "{n_sentences:,} validation sentences.").format(**numbers)
        return _("{n_passing} of {n_units} units of {layer} track '{concept}' better than the best unit of every "
                 "one of {n_inits} untrained networks of the same architecture (score {baseline:.3f}); the best, "
                 "unit {unit}: {metric} {value:.2f} (score {score:.3f}), over {n_words:,} words of {n_sentences:,} "
                 "validation sentences.").format(**numbers)


def find_concept_units(model, dataset=None, layer: str | None = None, concept="negation",
                       n_sentences: int = 300, n_inits: int = 5, seed: int = 0) -> ConceptUnits:
    """Rank `layer`'s hidden units (a direction label as in Trace.layers; default the first) by `concept`
    (one of CONCEPTS, or a list of words), against `n_inits` untrained networks of the same architecture.

    model may be a Run (its dataset and config are used: the untrained networks are its config at seeds
    seed + 1 ... seed + n_inits, never the run's own initial weights; a model without a config is cloned with
    fresh initial weights). n_sentences: the first validation sentences scored, the same for every network.
    """
    config = getattr(model, "config", None)
    if hasattr(model, "model") and hasattr(model, "dataset"):   # a Run
        model, dataset = model.model, dataset if dataset is not None else model.dataset
    if dataset is None:
        raise ValueError("find_concept_units needs the dataset the model was trained on")
    n_sentences = check_int("n_sentences", n_sentences, 10, 100_000)
    n_inits = check_int("n_inits", n_inits, 1, 100)
    ids = np.asarray(dataset.validation.x[:n_sentences])              # (n_sentences, n_steps)
    names = plan_model(model).direction_names
    layer = names[0] if layer is None else layer
    if layer not in names:
        raise ValueError(f"no recurrent layer {layer!r}; layers: {', '.join(names)}")
    ids = _word_columns(model, ids)
    labels, name = concept_labels(ids, dataset, concept)
    words = ids != 0
    y = labels[words]                                                 # (n_points,)
    binary = name != "position"
    if binary and (y.all() or not y.any()):
        message = (_("no validation word is outside concept {name!r}: nothing to compare; try another concept or "
                     "word list") if y.all() else
                   _("no validation word is inside concept {name!r}: nothing to compare; try another concept or "
                     "word list"))
        raise ValueError(message.format(name=concept_name(name)))
    score = _auc_scores if binary else _correlation_scores
    values = score(_unit_states(model, layer, ids)[words], y)         # (n_units,)
    untrained = np.array([_strength(score(_unit_states(fresh, layer, ids)[words], y), binary).max()
                          for fresh in _untrained_networks(model, config, dataset, n_inits, seed)])
    return ConceptUnits(name, layer, "AUC" if binary else "correlation", _strength(values, binary), values,
                        untrained, float(untrained.max()), len(ids), int(words.sum()),
                        float(y.mean()) if binary else float("nan"))


def _word_columns(model, ids: np.ndarray) -> np.ndarray:
    """ids without the columns that are padding in every sentence, when Keras skips padding and carries the
    state (those columns change nothing); (n_sentences, n_steps) -> (n_sentences, n_kept_steps)."""
    plan = plan_model(model)
    if plan.mask_zero and not plan.reads_full_length:
        return ids[:, (ids != 0).any(axis=0)]
    return ids


def _unit_states(model, layer: str, ids: np.ndarray) -> np.ndarray:
    """(n_sentences, n_steps, n_units) hidden state of `layer` at every step, float64."""
    plan = plan_model(model)
    return run_plan(plan, ids)[0][plan.direction_names.index(layer)][3]["h"].astype(np.float64)


def _untrained_networks(model, config, dataset, n_inits: int, seed: int):
    """The same architecture at n_inits fresh initialisations, untrained (yielded one at a time)."""
    import keras

    from ..models import build_model

    for k in range(n_inits):
        if config is not None:
            yield build_model(dataset, replace(config, seed=(config.seed + seed + 1 + k) % 2**31))
        else:   # a model rnnviz did not build: its layers' initialisers, drawn afresh
            yield keras.models.clone_model(model)


@dataclass(frozen=True)
class UnitExamples:
    """The top units' hidden state over a few validation sentences that contain the concept.

    units: (n_top,) unit indices. words[k]: sentence k's tokens; activations[k]: (n_words, n_top) h of each unit;
    inside[k]: (n_words,) the concept's label at each word (bool, or the position).
    """

    layer: str
    concept: str
    units: np.ndarray
    words: tuple
    activations: tuple
    inside: tuple


def unit_examples(model, found: ConceptUnits, dataset=None, concept=None, n_units: int = 3,
                  n_sentences: int = 3) -> UnitExamples:
    """The best `n_units` of `found` over the first `n_sentences` validation sentences where the concept occurs.
    concept: the word list when `found` was made from one (its name alone cannot rebuild it)."""
    if hasattr(model, "model") and hasattr(model, "dataset"):   # a Run
        model, dataset = model.model, dataset if dataset is not None else model.dataset
    ids = np.asarray(dataset.validation.x)
    labels = concept_labels(ids, dataset, concept if concept is not None else found.concept)[0]
    chosen = np.flatnonzero(labels.any(axis=1) if labels.dtype == bool else (ids != 0).any(axis=1))[:n_sentences]
    plan = plan_model(model)
    h = run_plan(plan, ids[chosen])[0][plan.direction_names.index(found.layer)][3]["h"]
    units = found.ranking[:n_units]
    rows = [(tuple(dataset.vocabulary[i] for i in ids[k][ids[k] != 0]), h[row][ids[k] != 0][:, units],
             labels[k][ids[k] != 0]) for row, k in enumerate(chosen)]
    return UnitExamples(found.layer, found.concept, units, *(tuple(part) for part in zip(*rows)) if rows else
                        ((), (), ()))


def layer_names(model) -> tuple[str, ...]:
    """The recurrent layers (one label per direction) a concept can be looked for in; model may be a Run."""
    return plan_model(getattr(model, "model", model)).direction_names


def concept_labels(ids: np.ndarray, dataset, concept) -> tuple[np.ndarray, str]:
    """((n_sentences, n_steps) labels, concept name): bool for yes/no concepts, float word index for position."""
    tokens = np.asarray(dataset.vocabulary, dtype=object)
    is_word = lambda chosen: np.isin(tokens, list(chosen))[ids]   # noqa: E731 - (n, T) bool per token set
    if not isinstance(concept, str):
        chosen = [str(word).strip().lower() for word in concept if str(word).strip()]
        if not chosen:
            raise ValueError(_("the concept's word list is empty: give at least one word"))
        return is_word(chosen), "words: " + ", ".join(chosen[:5]) + (" ..." if len(chosen) > 5 else "")
    if concept not in CONCEPTS:
        raise ValueError(f"concept must be one of {', '.join(map(repr, CONCEPTS))} or a list of words, "
                         f"got {concept!r}")
    if concept == "position":
        return np.cumsum(ids != 0, axis=1).astype(np.float64) - 1, concept
    lexicon = _lexicon(dataset)
    connectors = is_word(CONNECTORS.get(dataset.language, CONNECTORS["en"]))
    if concept == "after_but":
        but = is_word(CONNECTORS.get(dataset.language, CONNECTORS["en"])[:1])
        return clause_after(but, connectors), concept
    polarity = lexicon["polarity"]
    if concept in ("positive_word", "negative_word"):
        wanted = 1 if concept == "positive_word" else 0
        return is_word([w for w, p in polarity.items() if p == wanted]), concept
    return negation_scope(is_word([lexicon["negation"]]), is_word(list(polarity)), connectors), concept


def negation_scope(negation: np.ndarray, polar: np.ndarray, boundary: np.ndarray) -> np.ndarray:
    """(n, T) bool: from each negation word through the first polar word after it, or up to a boundary."""
    inside = np.zeros_like(negation)
    open_scope = np.zeros(negation.shape[0], bool)
    for t in range(negation.shape[1]):
        open_scope = (open_scope & ~boundary[:, t]) | negation[:, t]
        inside[:, t] = open_scope
        open_scope &= ~polar[:, t]            # the negated word closes the scope after being read
    return inside


def clause_after(but: np.ndarray, boundary: np.ndarray) -> np.ndarray:
    """(n, T) bool: the words after each "but", up to (not including) the next connector."""
    inside = np.zeros_like(but)
    open_clause = np.zeros(but.shape[0], bool)
    for t in range(but.shape[1]):
        open_clause &= ~boundary[:, t]
        inside[:, t] = open_clause
        open_clause |= but[:, t]
    return inside


def _lexicon(dataset) -> dict:
    from ..data.sentiment import LANGUAGES, sentiment_words

    if dataset.language not in LANGUAGES:
        raise ValueError(_("built-in concepts need an English or Spanish lexicon; the data set's language is "
                           "{language!r}: give your own list of words").format(language=dataset.language))
    return sentiment_words(dataset.language)


def _strength(values: np.ndarray, binary: bool) -> np.ndarray:
    return np.abs(values - 0.5) if binary else np.abs(values)


def _auc_scores(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """(n_units,) AUC of each column of x (n_points, n_units) for the bool labels y, by the rank-sum formula
    (ties get average ranks)."""
    ranks = pd.DataFrame(x).rank(axis=0).to_numpy()
    n_pos = int(y.sum())
    n_neg = len(y) - n_pos
    return (ranks[y].sum(axis=0) - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def _correlation_scores(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """(n_units,) Pearson correlation of each column of x (n_points, n_units) with y (0 for a constant unit)."""
    xc = x - x.mean(axis=0)
    yc = y - y.mean()
    denominator = np.sqrt((xc ** 2).sum(axis=0)) * np.sqrt((yc ** 2).sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denominator > 0, yc @ xc / np.where(denominator > 0, denominator, 1), 0.0)
