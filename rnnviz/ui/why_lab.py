"""The Why page's slow step kept per session: concept units are scored against five untrained networks built
afresh (about 2 s on a shared server), so a rerun of the page (any widget) reuses the last results."""

from __future__ import annotations

import streamlit as st

from ..explain import find_concept_units

_KEPT = "why_concept_units"     # session_state: (run id, layer, concept) -> ConceptUnits, the latest few
_MAX_KEPT = 8


def concept_units(run, layer: str, concept):
    """find_concept_units(run, layer=layer, concept=concept), computed once per run, layer and concept."""
    kept = st.session_state.setdefault(_KEPT, {})
    key = (run.run_id, layer, concept if isinstance(concept, str) else tuple(concept))
    if key not in kept:
        if len(kept) >= _MAX_KEPT:
            kept.pop(next(iter(kept)))
        kept[key] = find_concept_units(run, layer=layer, concept=concept)
    return kept[key]
