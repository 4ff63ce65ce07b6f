"""The lag experiment through the training service trains exactly what run_lag_experiment trains.

The page sends its twelve trials to the service (worker processes, merged between students); the library's
run_lag_experiment trains them in one process, resetting one model per cell. Same seeds, same numbers.
"""

import pandas as pd

from rnnviz.gradients import LagExperiment, run_lag_experiment
from rnnviz.gradients.lag_experiment import result_from_trials, trial_requests
from rnnviz.service import ThreadSlots, TrainingService

TINY = LagExperiment(lags=(1, 4), n_steps=6, cells=("SimpleRNN", "GRU"), units=4, epochs=2, size=120, seed=3)


def through_service(settings: LagExperiment):
    trials = trial_requests(settings)
    service = TrainingService(ThreadSlots(1))
    try:
        batch = service.submit([request for _cell, _lag, request in trials], session_id="student")
        assert batch.wait(300)
        outcomes = batch.outcomes()
    finally:
        service.shutdown()
    assert [ticket.error for ticket in outcomes] == [None] * len(trials)
    return result_from_trials(settings, [(cell, lag, ticket.result)
                                         for (cell, lag, _request), ticket in zip(trials, outcomes)], 1.0)


def test_one_request_per_trial_with_the_experiments_budget():
    trials = trial_requests(TINY)
    assert [(cell, lag) for cell, lag, _ in trials] == [("SimpleRNN", 1), ("SimpleRNN", 4), ("GRU", 1), ("GRU", 4)]
    for cell, lag, request in trials:
        assert request.dataset_name == "memory_task" and request.dataset_options["lag"] == lag
        assert request.config == TINY.model_config(cell)
        assert (request.epochs, request.batch_size, request.seed) == (TINY.epochs, TINY.batch_size, TINY.seed)


def test_the_service_path_measures_the_same_accuracies_as_the_library():
    expected = run_lag_experiment(TINY).table
    measured = through_service(TINY).table
    pd.testing.assert_frame_equal(measured, expected, check_exact=False, rtol=1e-5, atol=1e-6)
