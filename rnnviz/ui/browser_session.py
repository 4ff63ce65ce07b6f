"""A student's work survives a reload: the runs of this browser, kept on the server (rnnviz.session_store).

Streamlit forgets a session at every reload (F5, a typed URL, a deep link opened in the same tab). The first
rerun of a browser session here reads a random key from a cookie of this browser (or makes one and sets the
cookie); every change to the session's runs is written to the server's store under that key; and the first
rerun of a new session of the same browser rebuilds the runs from it, and takes over a training still running.
The key lives in the cookie only: a copied lesson link never carries it, so another student who opens the link
starts with their own empty session.

The cookie is written at every rerun until the browser sends it back (`sync_cookie`): a run cut short by
st.rerun (a lesson link whose preset the server already trained reruns at once) may never reach the browser.
It is a browser-session cookie (gone when the browser closes: a shared classroom computer does not hand one
student's runs to the next) unless the student ticks "keep my runs on this computer" (then 30 days);
"Forget me on this computer" drops the runs, the training and the key (`forget_me`).
"""

from __future__ import annotations

import streamlit as st

from ..i18n import _, _n
from ..run import Run
from ..session_store import SessionStore, StoredRun, is_browser_key, new_browser_key
from . import keys
from .cache import cached_dataset

COOKIE = "rnnviz_browser"
KEEP_COOKIE = "rnnviz_keep"     # "1": the student asked to keep their runs on this computer
COOKIE_DAYS = 30
# What a forgotten session keeps: its language and the look of the page, nothing the student did.
KEPT_BY_FORGET = (keys.LANGUAGE, keys.LANGUAGE_PICKER, keys.RESTORED)
STORE = SessionStore()          # one per server process, shared by every session (entries are per key)


def browser_key() -> str:
    """This browser's key: from its cookie, or new (and then written into the cookie)."""
    key = st.session_state.get(keys.BROWSER_KEY)
    if key:
        return key
    cookie = _cookies().get(COOKIE)
    key = cookie if is_browser_key(cookie) else new_browser_key()
    st.session_state[keys.BROWSER_KEY] = key
    return key


def keeps_runs() -> bool:
    """Whether the student asked to keep their runs on this computer (a 30-day cookie, not a session one)."""
    if keys.KEEP_RUNS not in st.session_state:
        st.session_state[keys.KEEP_RUNS] = _cookies().get(KEEP_COOKIE) == "1"
    return bool(st.session_state[keys.KEEP_RUNS])


def sync_cookie() -> None:
    """Write this browser's cookie (key and keep choice), at every rerun until the request carried it as wanted.

    The cookies of a session's request never change (st.context reads the connection's first request), so once
    written, it is written again at each rerun: idempotent, and a run cut short by st.rerun loses nothing.
    """
    key, keep, cookies = browser_key(), keeps_runs(), _cookies()
    if (not st.session_state.get(keys.COOKIE_WRITTEN) and cookies.get(COOKIE) == key
            and (cookies.get(KEEP_COOKIE) == "1") == keep):
        return
    st.session_state[keys.COOKIE_WRITTEN] = True
    st.html(cookie_script(key, keep), unsafe_allow_javascript=True)


def cookie_script(key: str, keep: bool) -> str:
    """The script that sets the cookie: SameSite=Strict and no domain (it goes back to this server only); with
    `keep`, max-age keeps it a month, else it is a browser-session cookie (no Max-Age, no Expires)."""
    age = f"; max-age={COOKIE_DAYS * 86400}" if keep else ""
    keep_cookie = f"{KEEP_COOKIE}=1; path=/{age}" if keep else f"{KEEP_COOKIE}=; path=/; max-age=0"
    return (f"<script>document.cookie = '{COOKIE}={key}; path=/{age}; SameSite=Strict'; "
            f"document.cookie = '{keep_cookie}; SameSite=Strict';</script>")


def forget_me() -> None:
    """Forget this browser: its runs and sentences on the server, its training (stopped), and its key (a new one,
    in a browser-session cookie): the next person at this computer starts empty."""
    from .state import current_job

    key = st.session_state.get(keys.BROWSER_KEY)
    for job in (current_job(), STORE.take_job(key) if key else None):
        if job is not None and not job.done:
            job.request_stop()
    if key:
        STORE.forget(key)
    for name in [name for name in st.session_state if name not in KEPT_BY_FORGET]:
        del st.session_state[name]
    st.session_state[keys.BROWSER_KEY] = new_browser_key()
    st.session_state[keys.KEEP_RUNS] = False
    st.session_state[keys.COOKIE_WRITTEN] = True          # the new key replaces the old cookie at this rerun
    st.session_state[keys.FORGOTTEN_NOTICE] = True


def save_sentences() -> None:
    """Write the sentences typed in this session to the store when they changed (a reload opens on them)."""
    sentences = st.session_state.get(keys.SENTENCES) or {}
    if sentences != st.session_state.get(keys.SAVED_SENTENCES, {}):
        STORE.save_sentences(browser_key(), sentences)
        st.session_state[keys.SAVED_SENTENCES] = dict(sentences)


def restore_once() -> int:
    """At a session's first rerun, bring back this browser's runs and running training; returns how many runs."""
    if st.session_state.get(keys.RESTORED):
        return 0
    st.session_state[keys.RESTORED] = True
    key = browser_key()
    entry = STORE.load(key)
    if entry is None:
        return 0
    if entry.sentences:
        st.session_state[keys.SENTENCES] = {**entry.sentences, **st.session_state.get(keys.SENTENCES, {})}
        st.session_state[keys.SAVED_SENTENCES] = dict(entry.sentences)
    if st.session_state.get(keys.RUNS):
        return 0
    runs, ids = {}, _store_ids()
    for stored in entry.runs:
        ids_known().add(stored.run_id)
        run = _rebuild(stored)
        if run is not None:
            runs[stored.name] = run
            ids[run.run_id] = stored.run_id       # the same run for the store, whichever tab holds it
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
        stored.append(StoredRun(name=name, request=run.request, result=memo[run.run_id], pinned=name in pinned,
                                run_id=_store_ids().setdefault(run.run_id, run.run_id)))
    live = {run.run_id for run in session_runs().values()}
    for run_id in [run_id for run_id in memo if run_id not in live]:
        memo.pop(run_id)
    dropped = STORE.save(browser_key(), stored, st.session_state.get(keys.CURRENT_RUN), known=ids_known())
    ids_known().update(run.run_id for run in stored)
    return dropped


def ids_known() -> set:
    """The store ids of the runs this tab has loaded or saved (the others in the store are other tabs')."""
    return st.session_state.setdefault(keys.STORED_IDS, set())


def _store_ids() -> dict:
    """Run.run_id of this tab -> the run's id in the store (a restored run keeps the id it was stored under)."""
    return st.session_state.setdefault(keys.STORE_IDS, {})


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
    if st.session_state.pop(keys.FORGOTTEN_NOTICE, False):
        st.toast(_("Forgotten: this computer no longer holds your runs."), icon=":material/delete:")
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

