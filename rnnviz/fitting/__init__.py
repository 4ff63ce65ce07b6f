"""The over- and underfitting lab: read training curves like the course's symptoms table, and try the remedies.

    import rnnviz
    run = rnnviz.FITTING_SCENARIOS["overfitting"].page.train()
    rnnviz.diagnose(run.history).label          # 'overfitting', with .reasons measured on the curves
"""

from .curves import regression_chance_loss
from .diagnosis import (CANNOT_TELL, GOOD_FIT, LABELS, OVERFITTING, UNDER_AND_OVERFITTING, UNDERFITTING, Diagnosis,
                        compare_diagnoses, diagnose, diagnose_run, table_rows)
from .remedies import REMEDY_NAMES, Remedies, highlight_diagnosis, remedy_variants, symptoms_table
from .scenarios import FITTING_SCENARIOS, GROUP, FittingScenario, FittingSpec

__all__ = ["CANNOT_TELL", "FITTING_SCENARIOS", "GOOD_FIT", "GROUP", "LABELS", "OVERFITTING", "REMEDY_NAMES",
           "UNDER_AND_OVERFITTING", "UNDERFITTING", "Diagnosis", "FittingScenario", "FittingSpec", "Remedies",
           "compare_diagnoses", "diagnose", "diagnose_run", "highlight_diagnosis", "regression_chance_loss",
           "remedy_variants", "symptoms_table", "table_rows"]
