"""The validators every rnnviz setting goes through: one place for "what is allowed" and its message.

Each raises ValueError naming the bad value and what is allowed ("units must be an integer from 1 to 1024,
got 0"); the app shows that line as it is, headed by the label of the box it is about. The sentence is in
the current language; `name` is the setting's name in the code: a library user reads it as it is (English),
a student of another language reads the setting's name in that language (`shown_name`: "épocas debe ser...").
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from .i18n import DEFAULT_LANGUAGE, N_, _, get_language

# The settings a page's boxes set, by their code name: a Spanish student reads their Spanish names.
SETTING_NAMES = {"epochs": N_("epochs"), "units": N_("units"), "batch_size": N_("batch size"), "seed": N_("seed"),
                 "size": N_("size"), "n_steps": N_("number of steps"), "noise": N_("noise"), "lag": N_("lag"),
                 "sequence_length": N_("sequence length"), "train_size": N_("training-set size"),
                 "vocabulary_size": N_("vocabulary size"), "length": N_("length"), "horizon": N_("horizon"),
                 "look_back": N_("look-back window"), "n_layers": N_("stacked layers"),
                 "dense_layers": N_("dense layers"), "learning_rate": N_("learning rate"),
                 "embedding_dim": N_("embedding size"), "dropout": N_("dropout"),
                 "recurrent_dropout": N_("recurrent dropout"), "early_stopping_patience": N_("patience"),
                 "n_train": N_("training sentences"), "period": N_("period"), "steps": N_("steps"),
                 "window": N_("window"), "stride": N_("stride")}


class SettingError(ValueError):
    """A setting outside what is allowed. Besides its message, it says which setting (its code name) and the
    message without the setting's name (`rest`), so a page can head it by its box's label in any language."""

    def __init__(self, setting: str, shown: str, message: str):
        super().__init__(message)
        self.setting = setting
        self.rest = message[len(shown):].lstrip() if message.startswith(shown) else message


def _setting_error(name: str, message) -> SettingError:
    """The error of setting `name`, from its message (a `_()` message with a {name} placeholder, unformatted
    fields given by `message.format` beforehand except name)."""
    shown = shown_name(name)
    return SettingError(name, shown, message(shown))


def shown_name(name: str) -> str:
    """A setting's name in a message: its code name in English, its translated name in another language."""
    if get_language() == DEFAULT_LANGUAGE or name not in SETTING_NAMES:
        return name
    return _(SETTING_NAMES[name])


def check_int(name: str, value, low: int, high: int) -> int:
    """Raise ValueError unless value is an integer in [low, high]; name the value and the range."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
        raise _setting_error(name, lambda shown: _("{name} must be an integer from {low:,} to {high:,}, got "
                                                   "{value!r}").format(name=shown, low=low, high=high, value=value))
    return int(value)


def check_choice(name: str, value, allowed):
    """Raise ValueError unless value is one of `allowed`; list them."""
    if value not in allowed:
        raise _setting_error(name, lambda shown: _("{name} must be one of {allowed}, got {value!r}").format(
            name=shown, allowed=", ".join(map(repr, allowed)), value=value))
    return value


def check_number(name: str, value, low: float, high: float, integer: bool = False):
    """Raise ValueError unless value is a finite number (an integer if asked) in [low, high]."""
    kinds = numbers.Integral if integer else numbers.Real
    numeric = isinstance(value, kinds) and not isinstance(value, bool)
    if not numeric or not math.isfinite(value) or not low <= value <= high:
        message = (_("{name} must be an integer from {low:g} to {high:g}, got {value!r}") if integer
                   else _("{name} must be a number from {low:g} to {high:g}, got {value!r}"))
        raise _setting_error(name, lambda shown: message.format(name=shown, low=low, high=high, value=value))
    return value
