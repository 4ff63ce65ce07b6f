"""train(): history, determinism for a seed, clean stops (user, early stopping, NaN), validation."""

import numpy as np
import pytest

from rnnviz import TrainingMonitor, build_model, train


def _train(dataset, seed=0, epochs=2, **model_options):
    options = {"cell": "LSTM", "units": 4, "embedding_dim": 4, "learning_rate": 0.01, **model_options}
    return train(build_model(dataset, **options), dataset, epochs=epochs, batch_size=32, seed=seed)


def test_history_has_one_row_per_epoch_and_test_scores(tiny_sentiment):
    run = _train(tiny_sentiment, epochs=3)
    assert list(run.history.index) == [1, 2, 3]
    assert {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(run.history.columns)
    assert run.test_scores["accuracy"] == pytest.approx(
        run.model.evaluate(tiny_sentiment.test.x, tiny_sentiment.test.y, verbose=0)[1])
    assert run.stop_reason is None and not run.diverged and run.wall_time_s > 0
    assert run.config.cell == "LSTM"


def test_same_seed_gives_the_same_curves_and_weights(tiny_sentiment):
    first, again = _train(tiny_sentiment, seed=5, dropout=0.2), _train(tiny_sentiment, seed=5, dropout=0.2)
    assert first.history.equals(again.history)
    assert all(np.array_equal(a, b) for a, b in zip(first.model.get_weights(), again.model.get_weights()))


def test_another_seed_shuffles_differently(tiny_sentiment):
    model_a = build_model(tiny_sentiment, cell="GRU", units=4, seed=0)
    model_b = build_model(tiny_sentiment, cell="GRU", units=4, seed=0)   # same start, other batch order
    a = train(model_a, tiny_sentiment, epochs=1, batch_size=32, seed=0)
    b = train(model_b, tiny_sentiment, epochs=1, batch_size=32, seed=1)
    assert not a.history.equals(b.history)


def test_training_does_not_touch_tensorflow_global_seed(tiny_sentiment):
    import tensorflow as tf

    tf.random.set_seed(123)
    before = tf.random.uniform([3]).numpy()
    tf.random.set_seed(123)
    _train(tiny_sentiment, epochs=1)
    assert np.array_equal(tf.random.uniform([3]).numpy(), before)


class _StopAt:
    """Asks the monitor to stop at the end of a chosen batch (1-based) of a chosen epoch: no timing involved."""

    def __init__(self, monitor, epoch, batch):
        import keras

        target = (epoch, batch)

        class StopAt(keras.callbacks.Callback):
            def on_epoch_begin(self, epoch, logs=None):
                self.epoch = epoch + 1

            def on_train_batch_end(self, batch, logs=None):
                if (self.epoch, batch + 1) == target:
                    monitor.request_stop()

        self.callback = StopAt()


def test_a_stop_at_an_epoch_end_keeps_the_epochs_done(tiny_sentiment):
    # tiny_sentiment: 210 training sequences / 32 = 7 batches per epoch
    monitor = TrainingMonitor(epochs=10)
    stop = _StopAt(monitor, epoch=2, batch=7).callback
    run = train(build_model(tiny_sentiment, cell="SimpleRNN", units=4), tiny_sentiment, epochs=10, batch_size=32,
                callbacks=[stop], monitor=monitor)
    assert monitor.steps_per_epoch == 7
    assert run.epochs_done == 2 and len(monitor.rows) == 2     # asked at the epoch's last batch: stops there
    assert run.stop_reason == "stopped by the user after 2 epochs" and run.stopped_by_user
    assert monitor.rows[1]["epoch"] == 2 and monitor.rows[1]["loss"] == pytest.approx(run.history["loss"].iloc[1])


def test_a_stop_inside_an_epoch_is_reported_as_such(tiny_sentiment):
    monitor = TrainingMonitor(epochs=10)
    stop = _StopAt(monitor, epoch=2, batch=3).callback
    run = train(build_model(tiny_sentiment, cell="SimpleRNN", units=4), tiny_sentiment, epochs=10, batch_size=32,
                callbacks=[stop], monitor=monitor)
    assert run.epochs_done == 2 and monitor.stopped_in_epoch == 2   # Keras logs the cut epoch too
    assert run.stop_reason.startswith("stopped by the user during epoch 2")


def test_early_stopping_restores_the_best_epoch_and_reports_its_numbers():
    from rnnviz import load_dataset

    small = load_dataset("toy_sentiment", size=100, seed=1)
    model = build_model(small, cell="LSTM", units=64, learning_rate=0.05)
    run = train(model, small, epochs=30, batch_size=16, early_stopping_patience=2)
    best = int(run.history["val_loss"].idxmin())
    assert run.epochs_done == best + 2
    assert run.stop_reason == f"early stopping after epoch {best + 2}; weights restored from the best epoch, {best}"
    # Oracle: Keras' own evaluation of the model held gives the restored epoch's numbers, which are reported.
    loss, accuracy = model.evaluate(small.validation.x, small.validation.y, verbose=0)
    assert loss == pytest.approx(run.history["val_loss"].min(), rel=1e-4)
    assert run.reported_epoch == run.restored_epoch == best
    assert run.summary()["val accuracy"] == pytest.approx(accuracy, abs=1e-6)
    assert run.summary()["val loss"] == pytest.approx(loss, rel=1e-4)
    assert run.summary()["reported epoch"] == best != run.epochs_done


def test_without_early_stopping_the_last_epoch_is_reported(tiny_sentiment):
    run = _train(tiny_sentiment, epochs=2)
    assert run.restored_epoch is None and run.reported_epoch == 2
    assert run.summary()["val accuracy"] == run.history["val_accuracy"].iloc[-1]


def test_a_nan_loss_stops_training_with_a_message(tiny_sentiment):
    run = _train(tiny_sentiment, epochs=3, cell="SimpleRNN", units=8, activation="relu", recurrent_gain=10.0,
                 optimizer="sgd", learning_rate=1.0, embedding_scale=5.0)
    assert run.diverged
    assert run.stop_reason.startswith("the loss became NaN in epoch 1")
    assert run.test_scores == {}


@pytest.mark.parametrize("options, message", [
    ({"epochs": 0}, "epochs must be an integer from 1 to 500, got 0"),
    ({"epochs": 1_000_000}, "epochs must be an integer from 1 to 500, got 1000000"),
    ({"batch_size": -1}, "batch_size must be an integer"),
    ({"early_stopping_patience": 0}, "early_stopping_patience must be an integer from 1"),
])
def test_bad_budgets_are_refused_before_training(tiny_sentiment, options, message):
    model = build_model(tiny_sentiment, cell="GRU", units=2)
    with pytest.raises(ValueError, match=message):
        train(model, tiny_sentiment, **options)


def test_callbacks_hand_their_records_to_typed_run_fields(tiny_sentiment):
    import keras

    class Recorder(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.run_extras = {"gradient_history": []}

        def on_epoch_end(self, epoch, logs=None):
            self.run_extras["gradient_history"].append(epoch + 1)

    run = train(build_model(tiny_sentiment, cell="GRU", units=2), tiny_sentiment, epochs=2, callbacks=[Recorder()])
    assert run.gradient_history == [1, 2]


def test_a_record_that_is_not_a_run_field_is_refused(tiny_sentiment):
    import keras

    callback = keras.callbacks.Callback()
    callback.run_extras = {"epochs_seen": [1]}
    with pytest.raises(ValueError, match="a callback recorded 'epochs_seen', which is not a Run field"):
        train(build_model(tiny_sentiment, cell="GRU", units=2), tiny_sentiment, epochs=1, callbacks=[callback])


def test_a_stop_inside_the_last_epoch_is_reported_as_such(tiny_sentiment):
    monitor = TrainingMonitor(epochs=1)
    monitor.request_stop()                      # lands after the first batch of the only epoch
    run = train(build_model(tiny_sentiment, cell="GRU", units=2), tiny_sentiment, epochs=1, batch_size=32,
                monitor=monitor)
    assert run.epochs_done == 1                 # Keras still logs the cut epoch...
    assert run.stop_reason.startswith("stopped by the user during epoch 1")   # ...so it must not pass as whole
