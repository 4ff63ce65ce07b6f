"""The server-side store of a browser's runs: bounded, expiring, isolated by key (rnnviz.session_store)."""

from types import SimpleNamespace

import numpy as np
import pytest

from rnnviz.session_store import SessionStore, StoredRun, is_browser_key, new_browser_key


def stored(name, n_floats=10, pinned=False):
    result = SimpleNamespace(weights=[np.zeros(n_floats, np.float32)])
    return StoredRun(name=name, request=None, result=result, pinned=pinned)


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_runs_come_back_for_the_same_key_and_never_for_another():
    store = SessionStore()
    alice, bob = new_browser_key(), new_browser_key()
    assert alice != bob and is_browser_key(alice)
    store.save(alice, [stored("LSTM 32"), stored("GRU 32")], current="GRU 32")
    entry = store.load(alice)
    assert [run.name for run in entry.runs] == ["LSTM 32", "GRU 32"] and entry.current == "GRU 32"
    assert store.load(bob) is None
    assert store.load("not a key") is None


def test_a_bad_key_is_refused_by_name():
    with pytest.raises(ValueError, match="a browser key is 22 to 64 URL-safe characters, got 'x'"):
        SessionStore().save("x", [], None)


def test_the_oldest_unpinned_runs_make_room_and_pinned_ones_stay():
    store = SessionStore(max_runs=3)
    key = new_browser_key()
    runs = [stored("preset", pinned=True)] + [stored(f"run {i}") for i in range(4)]
    dropped = store.save(key, runs, current="run 3")
    assert dropped == ["run 0", "run 1"]
    assert [run.name for run in store.load(key).runs] == ["preset", "run 2", "run 3"]


def test_weights_are_bounded_in_bytes_per_browser():
    store = SessionStore(max_bytes=100)                     # 25 float32
    key = new_browser_key()
    store.save(key, [stored("a", 20), stored("b", 20)], current="b")
    entry = store.load(key)
    assert [run.name for run in entry.runs] == ["b"] and entry.current == "b"


def test_a_key_not_seen_for_the_idle_time_is_forgotten_and_its_training_stopped():
    clock = Clock()
    store = SessionStore(idle_s=60, clock=clock)
    key = new_browser_key()
    store.save(key, [stored("a")], current="a")
    stopped = []
    store.attach_job(key, SimpleNamespace(stop=lambda: stopped.append(True)))
    clock.now = 59
    assert store.load(key) is not None                     # a visit resets the idle time
    clock.now = 59 + 61
    assert store.load(key) is None and stopped == [True]


def test_the_least_recently_seen_browser_goes_first():
    store = SessionStore(max_browsers=2)
    keys = [new_browser_key() for _ in range(3)]
    store.save(keys[0], [stored("a")], None)
    store.save(keys[1], [stored("b")], None)
    store.load(keys[0])                                    # seen again: keys[1] is now the oldest
    store.save(keys[2], [stored("c")], None)
    assert store.load(keys[1]) is None and store.load(keys[0]) is not None and len(store) == 2


def test_a_running_training_is_handed_to_the_next_tab_once():
    store = SessionStore()
    key = new_browser_key()
    job = object()
    store.attach_job(key, job)
    assert store.take_job(key) is job and store.take_job(key) is None


def tab_run(name, run_id):
    run = stored(name)
    run.run_id = run_id
    return run


def test_two_tabs_of_one_browser_merge_their_runs_and_a_deletion_stays_in_its_tab():
    store = SessionStore()
    key = new_browser_key()
    store.save(key, [tab_run("LSTM 32", 1)], current="LSTM 32", known=set())       # tab A
    store.save(key, [tab_run("GRU 32", 2)], current="GRU 32", known=set())         # tab B never saw A's run
    assert [run.name for run in store.load(key).runs] == ["LSTM 32", "GRU 32"]      # the reload gets both
    store.save(key, [tab_run("GRU 32", 2)], current="GRU 32", known={2})           # B again: A's run stays
    assert [run.name for run in store.load(key).runs] == ["LSTM 32", "GRU 32"]
    store.save(key, [], current=None, known={1, 2})                                # a tab that knew both deletes them
    assert store.load(key).runs == []


def test_another_tabs_run_under_a_taken_name_is_renamed_not_lost():
    store = SessionStore()
    key = new_browser_key()
    store.save(key, [tab_run("GRU 32", 1)], current="GRU 32", known=set())
    store.save(key, [tab_run("GRU 32", 2)], current="GRU 32", known=set())
    assert [run.name for run in store.load(key).runs] == ["GRU 32 #2", "GRU 32"]


def test_the_typed_sentences_are_kept_per_browser():
    store = SessionStore()
    key = new_browser_key()
    store.save_sentences(key, {"toy_sentiment/en": "not bad at all"})
    store.save(key, [], current=None)
    assert store.load(key).sentences == {"toy_sentiment/en": "not bad at all"}
    assert store.load(new_browser_key()) is None
