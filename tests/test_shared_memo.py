"""rnnviz.shared_memo: one computation per key for the whole server, bounded, never poisoned by an error."""

import threading

import pytest

from rnnviz.shared_memo import SharedMemo


def test_a_value_is_computed_once_and_then_read():
    memo = SharedMemo(max_entries=4)
    calls = []
    assert memo.get_or_compute("k", lambda: calls.append(1) or "value") == "value"
    assert memo.get_or_compute("k", lambda: calls.append(1) or "other") == "value"
    assert calls == [1] and memo.computed == 1
    assert memo.peek("k") == "value" and memo.peek("missing") is None


def test_callers_arriving_while_it_is_computed_wait_for_that_one_result():
    memo = SharedMemo(max_entries=4)
    started, release = threading.Event(), threading.Event()
    calls, results = [], []

    def slow():
        calls.append(1)
        started.set()
        assert release.wait(30)
        return 42

    first = threading.Thread(target=lambda: results.append(memo.get_or_compute("k", slow)))
    first.start()
    assert started.wait(30)                        # the first caller is inside compute()
    others = [threading.Thread(target=lambda: results.append(memo.get_or_compute("k", slow))) for _ in range(5)]
    for thread in others:
        thread.start()
    release.set()
    for thread in [first, *others]:
        thread.join(30)
    assert results == [42] * 6 and calls == [1]


def test_the_oldest_key_is_dropped_past_the_bound():
    memo = SharedMemo(max_entries=2)
    for key in "abc":
        memo.get_or_compute(key, lambda key=key: key.upper())
    assert len(memo) == 2 and memo.peek("a") is None and memo.peek("c") == "C"
    memo.peek("b")                                 # b is now the most recently used
    memo.get_or_compute("d", lambda: "D")
    assert memo.peek("b") == "B" and memo.peek("c") is None


def test_an_error_reaches_its_caller_and_the_next_caller_computes_again():
    memo = SharedMemo(max_entries=2)

    def broken():
        raise ValueError("text is empty")

    with pytest.raises(ValueError, match="text is empty"):
        memo.get_or_compute("k", broken)
    assert memo.get_or_compute("k", lambda: "fine") == "fine"


def test_the_bound_must_be_positive():
    with pytest.raises(ValueError, match="max_entries must be at least 1, got 0"):
        SharedMemo(0)


def test_a_function_shared_by_content_computes_equal_arguments_once_and_hands_out_copies():
    import numpy as np

    from rnnviz.shared_memo import shared_by_content

    calls = []

    @shared_by_content(8)
    def column_means(table: np.ndarray) -> dict:
        calls.append(1)
        return {"means": table.mean(axis=0)}

    first = column_means(np.ones((3, 2)))
    first["means"][0] = 99.0                                   # one caller changing its copy
    again = column_means(np.ones((3, 2)))                      # equal content, another array object
    assert calls == [1] and again["means"].tolist() == [1.0, 1.0]
    assert column_means(np.zeros((3, 2)))["means"].tolist() == [0.0, 0.0] and len(calls) == 2
    assert column_means.uncached(np.ones((3, 2)))["means"].tolist() == [1.0, 1.0]
