"""A student's work survives a reload: the runs of this browser, kept on the server (rnnviz.session_store).

Streamlit forgets a session at every reload (F5, a typed URL, a deep link opened in the same tab). The first
rerun of a browser session here reads a random key from a cookie of this browser (or makes one and sets the
cookie); every change to the session's runs is written to the server's store under that key; and the first
rerun of a new session of the same browser rebuilds the runs from it, and takes over a training still running.
The key lives in the cookie only: a copied lesson link never carries it, so another student who opens the link
starts with their own empty session.
"""

from __future__ import annotations

import streamlit as st

from ..i18n import _n
from ..run import Run
from ..session_store import SessionStore, StoredRun, is_browser_key, new_browser_key
from . import keys
from .cache import cached_dataset

COOKIE = "rnnviz_browser"
COOKIE_DAYS = 30
STORE = SessionStore()          # one per server process, shared by every session (entries are per key)


def browser_key() -> str:
    """This browser's key: from its cookie, or new (and then written into the cookie)."""
    key = st.session_state.get(keys.BROWSER_KEY)
    if key:
        return key
    cookie = _cookies().get(COOKIE)
    key = cookie if is_browser_key(cookie) else new_browser_key()
    st.session_state[keys.BROWSER_KEY] = key
    if key != cookie:
        _write_cookie(key)
    return key


def restore_once() -> int:
    """At a session's first rerun, bring back this browser's runs and running training; returns how many runs."""
    if st.session_state.get(keys.RESTORED):
        return 0
    st.session_state[keys.RESTORED] = True
    key = browser_key()
    entry = STORE.load(key)
    if entry is None or st.session_state.get(keys.RUNS):
        return 0
    runs = {}
    for stored in entry.runs:
        run = _rebuild(stored)
        if run is not None:
            runs[stored.name] = run
    st.session_state[keys.RUNS] = runs
    st.session_state[keys.CURRENT_RUN] = entry.current if entry.current in runs else next(reversed(runs), None)
    st.session_state[keys.PINNED] = {stored.name for stored in entry.runs if stored.pinned and stored.name in runs}
    _adopt_job(key)
    if runs:
        st.session_state[keys.RESTORED_NOTICE] = len(runs)
    return len(runs)


def save() -> list[str]:
    """Write this session's runs (those trained from a request) and its choice to the store; names dropped."""
    from .state import session_runs

    memo = st.session_state.setdefault(keys.STORED_RESULTS, {})    # run_id -> TrainingResult, made once
    pinned = st.session_state.get(keys.PINNED, set())
    stored = []
    for name, run in session_runs().items():
        if run.request is None:          # a model rnnviz did not train from a request cannot be rebuilt here
            continue
        if run.run_id not in memo:
            memo[run.run_id] = run.to_result()
        stored.append(StoredRun(name=name, request=run.request, result=memo[run.run_id], pinned=name in pinned))
    live = {run.run_id for run in session_runs().values()}
    for run_id in [run_id for run_id in memo if run_id not in live]:
        memo.pop(run_id)
    return STORE.save(browser_key(), stored, st.session_state.get(keys.CURRENT_RUN))


def follow_job(job) -> None:
    """Remember the training this browser started, so that a reload can take it over."""
    STORE.attach_job(browser_key(), job)


def job_collected(job) -> None:
    """The session took the job's runs in: a later reload must not take them in a second time."""
    key = st.session_state.get(keys.BROWSER_KEY)
    if key is None:
        return
    waiting = STORE.take_job(key)
    if waiting is not None and waiting is not job:      # another training started since: keep following it
        STORE.attach_job(key, waiting)


def show_restored_notice() -> None:
    count = st.session_state.pop(keys.RESTORED_NOTICE, 0)
    if count:
        st.toast(_n("Welcome back: your {n} run from before the reload is here.",
                    "Welcome back: your {n} runs from before the reload are here.", count).format(n=count),
                 icon=":material/restore:")


def _rebuild(stored: StoredRun) -> Run | None:
    request = stored.request
    try:
        dataset = cached_dataset(request.dataset_name, tuple(sorted(request.dataset_options.items())))
        run = Run.from_result(stored.result, dataset, request)
    except (ValueError, OSError):       # its data is gone (e.g. an upload of the old session): leave it out
        return None
    run.name = stored.name
    return run


def _adopt_job(key: str) -> None:
    """Take over the training the previous tab of this browser left running (the service re-files it)."""
    from ..service import get_service
    from .state import current_job, session_id, set_job

    job = STORE.take_job(key)
    if job is None or current_job() is not None:
        return
    if job.done:                           # finished while the page was reloading: collected at once
        set_job(job)
        return
    get_service().adopt(job.batch, session_id())
    set_job(job)
    STORE.attach_job(key, job)


def _cookies():
    try:
        return st.context.cookies
    except Exception:                      # noqa: BLE001 - no request behind this run (AppTest, bare script)
        return {}


def _write_cookie(key: str) -> None:
    # SameSite=Strict and no domain: the cookie goes back to this server only; max-age keeps it a month.
    st.html(f"<script>document.cookie = '{COOKIE}={key}; path=/; max-age={COOKIE_DAYS * 86400}; "
            "SameSite=Strict';</script>", unsafe_allow_javascript=True)
