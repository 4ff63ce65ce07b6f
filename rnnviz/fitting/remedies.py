"""The course's remedies for overfitting, each applied alone to the overfitting preset, and its symptoms table.

A remedy changes one thing and keeps everything else (data, seeds, epochs, batch size), so that its curves
can be laid over the un-remedied run's and any difference is the remedy's doing:

- a smaller network (fewer recurrent units);
- L2 regularisation with a chosen lambda on every kernel;
- dropout on each step's input and recurrent dropout on h_{t-1};
- early stopping: stop when the validation loss has not improved for `patience` epochs, keep the best epoch;
- more data: a larger training split (the validation and test sentences stay the same); the slider also
  goes the other way, to see overfitting grow as the data shrink.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..data.dataset import train_split_size
from ..i18n import N_, _
from ..models import ModelConfig
from .labels import CANNOT_TELL, GOOD_FIT, LABELS, OVERFITTING, UNDERFITTING, label_name, table_rows
from .scenarios import FittingSpec

REMEDY_NAMES = ("smaller network", "L2", "dropout", "early stopping", "training-set size")


@dataclass(frozen=True)
class Remedies:
    """Which remedies to try and how strongly; None leaves a remedy out. Validated on creation."""

    units: int | None = None                    # smaller network: recurrent units
    l2: float | None = None                     # L2 lambda on input, recurrent and output kernels
    dropout: float | None = None                # input dropout rate (with recurrent_dropout: one variant)
    recurrent_dropout: float | None = None      # dropout rate on h_{t-1}
    early_stopping_patience: int | None = None  # epochs without a better val_loss before stopping
    n_train: int | None = None                  # training sentences (more data, or fewer)

    def __post_init__(self):
        # ModelConfig validates the model's numbers and names the bad one in its ValueError.
        ModelConfig(units=self.units or 1, l2=self.l2 or 0.0, dropout=self.dropout or 0.0,
                    recurrent_dropout=self.recurrent_dropout or 0.0)
        if self.l2 == 0:
            raise ValueError(_("l2 must be above 0 for the L2 remedy (leave it None to skip the remedy), got 0"))
        if self.early_stopping_patience is not None and not 1 <= self.early_stopping_patience <= 50:
            raise ValueError(_("{name} must be an integer from {low:,} to {high:,}, got {value!r}").format(
                name="early_stopping_patience", low=1, high=50, value=self.early_stopping_patience))


def remedy_variants(base: FittingSpec, remedies: Remedies) -> list[FittingSpec]:
    """One spec per chosen remedy, each changing only its own setting of `base`; same seeds and budget.

    Raises ValueError when a remedy does not change anything (e.g. "smaller network" with as many units)
    or asks for more training sentences than the dataset has.
    """
    config = base.config
    variants = []
    if remedies.units is not None:
        if remedies.units >= config.units:
            raise ValueError(_("units for a smaller network must be below the base run's {units}, got {value}").format(
                units=config.units, value=remedies.units))
        variants.append(_variant(base, "smaller network", _("{units} units").format(units=remedies.units),
                                 config=config.replace(units=remedies.units)))
    if remedies.l2 is not None:
        variants.append(_variant(base, "L2", _("L2 {l2:g}").format(l2=remedies.l2), config=config.replace(l2=remedies.l2)))
    if remedies.dropout is not None or remedies.recurrent_dropout is not None:
        dropout, recurrent = remedies.dropout or 0.0, remedies.recurrent_dropout or 0.0
        if dropout == recurrent == 0:
            raise ValueError(_("dropout and recurrent_dropout are both 0: choose a rate above 0 for the dropout "
                               "remedy"))
        variants.append(_variant(base, "dropout", _("dropout {dropout:g} / recurrent {recurrent:g}").format(
            dropout=dropout, recurrent=recurrent),
                                 config=config.replace(dropout=dropout, recurrent_dropout=recurrent)))
    if remedies.early_stopping_patience is not None:
        variants.append(_variant(base, "early stopping", _("early stopping, patience {patience}").format(
            patience=remedies.early_stopping_patience),
                                 early_stopping_patience=remedies.early_stopping_patience))
    if remedies.n_train is not None:
        full = train_split_size(base.options["size"])
        if not 10 <= remedies.n_train <= full:
            raise ValueError(_("n_train must be from 10 to {full} (the training split of this dataset), got "
                               "{value}").format(full=full, value=remedies.n_train))
        if remedies.n_train == (base.n_train or full):
            raise ValueError(_("n_train {value} is the base run's training-set size: choose another").format(
                value=remedies.n_train))
        variants.append(_variant(base, "training-set size", _("{n:,} training sentences").format(n=remedies.n_train),
                                 n_train=None if remedies.n_train == full else remedies.n_train))
    return variants


def display_name(spec: FittingSpec) -> str:
    """A lab run's name in the current language, e.g. "sobreajuste + abandono 0.4 / recurrente 0". The run keeps
    its English name (it is part of the training request, the same for every student); this is what is shown."""
    name = label_name(spec.scenario)
    if not spec.remedy:
        return name
    config = spec.config
    details = {
        "smaller network": lambda: _("{units} units").format(units=config.units),
        "L2": lambda: f"L2 {config.l2:g}",
        "dropout": lambda: _("dropout {dropout:g} / recurrent {recurrent:g}").format(
            dropout=config.dropout, recurrent=config.recurrent_dropout),
        "early stopping": lambda: _("early stopping, patience {patience}").format(
            patience=spec.early_stopping_patience),
        "training-set size": lambda: _("{n} training sentences").format(
            n=spec.n_train or train_split_size(spec.options["size"])),
    }
    detail = details[spec.remedy]() if spec.remedy in details else spec.name.split(" + ", 1)[-1]
    return f"{name} + {detail}"


def _variant(base: FittingSpec, remedy: str, detail: str, **changes) -> FittingSpec:
    name = _("{case} + {change}").format(case=_(base.scenario), change=detail)
    return base.with_changes(name=name, remedy=remedy, **changes)


# The course's table. One row per diagnosis label; the page highlights the row of the run it shows.
# Texts marked with N_ and translated when the table is made, so the table follows the current language.
_SYMPTOMS = [
    (UNDERFITTING, N_("high"), N_("close to the training error (both high)"),
     N_("the model cannot represent the task, or has not trained long enough"),
     N_("a larger network, more epochs, less regularisation, a higher learning rate")),
    (GOOD_FIT, N_("low"), N_("close to the training error (both low)"),
     N_("the model learnt the task and it generalises"),
     N_("keep it: compare on the test set once, at the end")),
    (OVERFITTING, N_("low"), N_("much higher than the training error, and rising after some epoch"),
     N_("the model learnt its training examples by heart rather than the task"),
     N_("a smaller network, L2 regularisation, dropout, early stopping, more data")),
    (CANNOT_TELL, N_("n/a"), N_("n/a"), N_("too few epochs (or no validation data) to see a trend"),
     N_("train for more epochs with a validation split")),
]
_COLUMNS = (N_("diagnosis"), N_("training error"), N_("validation error"), N_("what it means"), N_("remedies"))


def symptoms_table() -> pd.DataFrame:
    """The symptoms/remedies table: index diagnosis; columns training error, validation error, meaning, remedies.

    Index and texts in the current language (English: the index is the diagnosis labels themselves).
    """
    rows = [(label_name(label), *map(_, texts)) for label, *texts in _SYMPTOMS]
    return pd.DataFrame(rows, columns=[_(column) for column in _COLUMNS]).set_index(_(_COLUMNS[0]))


def highlight_diagnosis(table: pd.DataFrame, label: str | None, color: str = "#FFE8A3"):
    """A pandas Styler of `table` with the row(s) of `label` (a diagnosis label) on a coloured background.

    "underfitting and overfitting" paints both rows.
    """
    rows = () if label is None else [label_name(row) for row in table_rows(label)]
    if any(row not in table.index for row in rows):
        allowed = ", ".join(map(repr, LABELS))
        raise ValueError(f"label must be one of {allowed}, got {label!r}")

    def paint(row):
        return [f"background-color: {color}; font-weight: bold" if row.name in rows else ""] * len(row)
    return table.style.apply(paint, axis=1)
