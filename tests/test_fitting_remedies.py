"""Remedy variants change one setting each; the training-set cut keeps validation; the course's table."""

from dataclasses import fields

import pytest

from rnnviz.fitting import (CANNOT_TELL, FITTING_SCENARIOS, GOOD_FIT, LABELS, OVERFITTING, UNDER_AND_OVERFITTING,
                            UNDERFITTING, Remedies, highlight_diagnosis, remedy_variants, symptoms_table)

BASE = FITTING_SCENARIOS[OVERFITTING].page
ALL = Remedies(units=8, l2=1e-3, dropout=0.4, recurrent_dropout=0.2, early_stopping_patience=3, n_train=800)


def changed(a, b) -> set:
    """Names of the fields (of the specs' TrainingRequests and their ModelConfigs) where a and b differ."""
    a, b = a.request(), b.request()
    names = {f.name for f in fields(a) if getattr(a, f.name) != getattr(b, f.name)} - {"run_name", "config"}
    return names | {f"config.{f.name}" for f in fields(a.config)
                    if getattr(a.config, f.name) != getattr(b.config, f.name)}


def test_each_variant_changes_only_its_own_setting():
    variants = remedy_variants(BASE, ALL)
    assert [v.remedy for v in variants] == ["smaller network", "L2", "dropout", "early stopping", "training-set size"]
    assert [changed(v, BASE) for v in variants] == [
        {"config.units"}, {"config.l2"}, {"config.dropout", "config.recurrent_dropout"},
        {"early_stopping_patience"}, {"train_size"}]
    units, l2, dropout, early, size = variants
    assert (units.config.units, l2.config.l2, early.early_stopping_patience, size.n_train) == (8, 1e-3, 3, 800)
    assert (dropout.config.dropout, dropout.config.recurrent_dropout) == (0.4, 0.2)
    assert all(v.seed == BASE.seed and v.config.seed == BASE.config.seed for v in variants)
    assert len({v.name for v in variants} | {BASE.name}) == 6
    assert remedy_variants(BASE, Remedies()) == []
    # The whole training split (1,400 of 2,000) is "no cut" rather than a cut of everything.
    assert remedy_variants(BASE, Remedies(n_train=1400))[0].n_train is None


@pytest.mark.parametrize("remedies, message", [
    (Remedies(units=64), "units for a smaller network must be below the base run's 64, got 64"),
    (Remedies(n_train=5000), r"n_train must be from 10 to 1400 \(the training split of this dataset\), got 5000"),
    (Remedies(n_train=200), "n_train 200 is the base run's training-set size"),
    (Remedies(dropout=0.0, recurrent_dropout=0.0), "dropout and recurrent_dropout are both 0"),
])
def test_a_remedy_that_changes_nothing_or_cannot_be_done_is_refused(remedies, message):
    with pytest.raises(ValueError, match=message):
        remedy_variants(BASE, remedies)


def test_remedies_validate_their_numbers():
    with pytest.raises(ValueError, match="l2 must be a number from 0 to 1, got 2"):
        Remedies(l2=2.0)
    with pytest.raises(ValueError, match="dropout must be a number from 0 to 0.9, got 0.95"):
        Remedies(dropout=0.95)
    with pytest.raises(ValueError, match="early_stopping_patience must be an integer from 1 to 50, got 0"):
        Remedies(early_stopping_patience=0)


def test_a_spec_is_a_training_request_with_its_training_set_cut():
    request = BASE.request()
    assert (request.train_size, request.group, request.run_name) == (200, "fitting", "overfitting")
    assert request.dataset_options == {"size": 2000, "seed": 0, "language": "en", "sequence_length": 20}
    assert request.callback_factories == () and request.cache_key() is not None   # shareable between students
    assert FITTING_SCENARIOS["good fit"].page.request().train_size is None
    dataset = BASE.load_dataset()
    full = FITTING_SCENARIOS[OVERFITTING].page.with_changes(n_train=None).load_dataset()
    assert dataset.train.texts == full.train.texts[:200] and dataset.validation.texts == full.validation.texts


def test_symptoms_table_has_a_row_per_label_and_highlights_one():
    table = symptoms_table()
    assert list(table.index) == [UNDERFITTING, GOOD_FIT, OVERFITTING, CANNOT_TELL]
    assert set(LABELS) == set(table.index) | {UNDER_AND_OVERFITTING}     # every label has its row(s)
    assert table.loc[OVERFITTING, "remedies"] == ("a smaller network, L2 regularisation, dropout, early stopping, "
                                                  "more data")
    css = highlight_diagnosis(table, OVERFITTING).to_html().split("</style>")[0]   # the cell styles
    row = list(table.index).index(OVERFITTING)
    painted = {cell.split("_", 2)[-1] for cell in css.split("{")[0].replace(",", " ").split() if "_row" in cell}
    assert painted == {f"row{row}_col{col}" for col in range(len(table.columns))}
    assert "background-color: #FFE8A3" in css
    assert "background-color" not in highlight_diagnosis(table, None).to_html()
    with pytest.raises(ValueError, match="label must be one of 'underfitting'.*got 'fine'"):
        highlight_diagnosis(table, "fine")


def test_underfitting_and_overfitting_paints_both_rows():
    table = symptoms_table()
    css = highlight_diagnosis(table, UNDER_AND_OVERFITTING).to_html().split("</style>")[0]
    painted = {cell.split("_", 2)[-1] for cell in css.split("{")[0].replace(",", " ").split() if "_row" in cell}
    rows = [list(table.index).index(UNDERFITTING), list(table.index).index(OVERFITTING)]
    assert painted == {f"row{row}_col{col}" for row in rows for col in range(len(table.columns))}


def test_lab_run_names_are_shown_in_the_students_language():
    from rnnviz.fitting import FITTING_SCENARIOS, OVERFITTING, Remedies, remedy_variants
    from rnnviz.fitting.remedies import display_name
    from rnnviz.i18n import use_language

    base = FITTING_SCENARIOS[OVERFITTING].page
    variants = remedy_variants(base, Remedies(units=8, l2=1e-3, dropout=0.4, recurrent_dropout=0.0,
                                              early_stopping_patience=3, n_train=600))
    english = [display_name(spec) for spec in (base, *variants)]
    assert english == [spec.name for spec in (base, *variants)]     # English: the run's own name
    with use_language("es"):
        spanish = [display_name(spec) for spec in (base, *variants)]
    assert all(name.startswith("sobreajuste") for name in spanish)
    import re
    for word in ("overfitting", "units", "recurrent", "early stopping", "training sentences"):
        assert not any(re.search(rf"\b{word}\b", name) for name in spanish), (word, spanish)
