"""Why this prediction: counterfactual edits, word attributions and units that track a concept, all measured.

    import rnnviz
    comparison = rnnviz.compare_edits(run.model, "the movie was not good", ["suggested"], dataset=run.dataset)
    comparison.table()                      # the suggested edits, sorted by effect on the final prediction
    rnnviz.attribute(run.model, "the movie was not good", dataset=run.dataset).caption()
    rnnviz.find_concept_units(run.model, run.dataset, concept="negation").table()
"""

from .attribution import METHODS, Attribution, attribute
from .compare import EditComparison, EditResult, compare_edits
from .concepts import CONCEPTS, ConceptUnits, UnitExamples, find_concept_units, layer_names, unit_examples
from .edits import EDIT_KINDS, Edit, suggest_edits

__all__ = ["attribute", "Attribution", "METHODS", "compare_edits", "EditComparison", "EditResult",
           "find_concept_units", "ConceptUnits", "CONCEPTS", "layer_names",
           "unit_examples", "UnitExamples", "Edit", "EDIT_KINDS", "suggest_edits"]
