"""The diagnosis labels: codes the program compares, the rows of the course's table they stand for, and the
words a student reads for each, in the current language."""

from __future__ import annotations

from ..i18n import N_, _

UNDERFITTING = "underfitting"
GOOD_FIT = "good fit"
OVERFITTING = "overfitting"
UNDER_AND_OVERFITTING = "underfitting and overfitting"
CANNOT_TELL = "not enough epochs to tell"
LABELS = (UNDERFITTING, GOOD_FIT, OVERFITTING, UNDER_AND_OVERFITTING, CANNOT_TELL)
TABLE_ROWS = {UNDER_AND_OVERFITTING: (UNDERFITTING, OVERFITTING)}   # label -> rows of the course's table
# The labels are codes compared by the code; label_name() gives the words a student reads.
_LABEL_NAMES = {UNDERFITTING: N_("underfitting"), GOOD_FIT: N_("good fit"), OVERFITTING: N_("overfitting"),
                UNDER_AND_OVERFITTING: N_("underfitting and overfitting"),
                CANNOT_TELL: N_("not enough epochs to tell")}


def label_name(label: str) -> str:
    """The diagnosis label `label` (one of LABELS) in the current language; English: the label itself."""
    return _(_LABEL_NAMES[label]) if label in _LABEL_NAMES else label


def table_rows(label: str) -> tuple[str, ...]:
    """The rows of the course's symptoms table a label stands for (two for underfitting and overfitting)."""
    return TABLE_ROWS.get(label, (label,))
