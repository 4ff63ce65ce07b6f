"""Why a training stopped early: one sentence, stored in English and shown in the reader's language.

The sentence is made where the training runs (a worker process, a Dask task or a thread, none of which knows
the student's language) and saved with the run, so it is always English there: `stop_reason()` writes it
from one of the templates below, and `stop_reason_text()` reads a stored sentence back into its template and
values and gives it in the current language. One list of templates serves both ways.
"""

from __future__ import annotations

import re
import string

from .i18n import N_, _

DIVERGED = N_("the loss became NaN in epoch {epoch}: training diverged. Try a lower learning rate or gradient "
              "clipping (clipnorm).")
STOPPED_DURING = N_("stopped by the user during epoch {epoch} (its numbers cover the batches done before Stop)")
STOPPED_AFTER_ONE = N_("stopped by the user after {n} epoch")
STOPPED_AFTER = N_("stopped by the user after {n} epochs")
EARLY_STOPPING = N_("early stopping after epoch {epoch}; weights restored from the best epoch, {best}")
TEMPLATES = (DIVERGED, STOPPED_DURING, STOPPED_AFTER_ONE, STOPPED_AFTER, EARLY_STOPPING)


def stop_reason(template: str, **values) -> str:
    """The English sentence of `template` (one of TEMPLATES) with its values, as stored in run.stop_reason."""
    return template.format(**values)


def stop_reason_text(reason: str | None) -> str | None:
    """A stored stop reason in the current language (a sentence of no known template is returned as it is)."""
    if reason is None:
        return None
    for template in TEMPLATES:
        match = _pattern(template).fullmatch(reason)
        if match:
            return _(template).format(**match.groupdict())
    return reason


def _pattern(template: str) -> re.Pattern:
    """A regular expression matching `template`'s sentences, one named group per {field}."""
    parts = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(f"(?P<{name}>.+?)")
    return re.compile("".join(parts))
