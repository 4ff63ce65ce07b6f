"""What one browser session owns: its runs, the run it is looking at, and its training job.

Everything here lives in st.session_state, which Streamlit keeps per browser session: one student's models
never appear in another's, and they survive page switches.
"""

from __future__ import annotations

import time

import streamlit as st

from ..i18n import _
from . import keys

_RUNS, _CURRENT, _JOB = keys.RUNS, keys.CURRENT_RUN, keys.JOB
# Each run holds a Keras model: on a server shared by a class, a session keeps its latest runs only.
MAX_RUNS_PER_SESSION = 12
MAX_NAME_LENGTH = 60


def session_runs() -> dict:
    """This session's runs, name -> Run (insertion order = training order)."""
    return st.session_state.setdefault(_RUNS, {})


def default_run_name(run) -> str:
    """'GRU 32 · toy_sentiment (es)': the model, the data and, for text, its language."""
    model = run.config.label() if run.config else run.model.name
    language = getattr(run.dataset, "language", None)
    return f"{model} · {run.dataset.name}" + (f" ({language})" if language else "")


def add_run(run, make_current: bool = True) -> str:
    """Keep `run` in the session under a unique name (its own, or the default name #k); return the name.

    Past MAX_RUNS_PER_SESSION the oldest run goes, but never a pinned one or a preset's, and never the new one.
    """
    runs = session_runs()
    base = run.name or default_run_name(run)
    name, k = base, 1
    while name in runs:
        k += 1
        name = f"{base} #{k}"
    run.name = name
    runs[name] = run
    while len(runs) > MAX_RUNS_PER_SESSION:
        protected = pinned_runs() | {other for other, kept in runs.items() if kept.group == "preset"} | {name}
        dropped = next((other for other in runs if other not in protected), None)
        if dropped is None:           # everything is pinned: keep them all rather than lose one silently
            break
        runs.pop(dropped)
        st.session_state.setdefault(keys.DROPPED_RUNS, []).append(dropped)
    if make_current:
        st.session_state[_CURRENT] = name
    _changed()
    return name


def pinned_runs() -> set:
    return st.session_state.setdefault(keys.PINNED, set())


def set_pinned(name: str, pinned: bool) -> None:
    """Pin a run (the cap never removes it) or unpin it."""
    (pinned_runs().add if pinned else pinned_runs().discard)(name)
    _changed()


def choose_run(name: str) -> None:
    """Make `name` the run every page shows until the student picks another."""
    if name in session_runs():
        st.session_state[_CURRENT] = name
        _changed()


def _changed() -> None:
    """Write the session's runs through to the server's store, so a reload of this browser gets them back."""
    from . import browser_session

    browser_session.save()


def rename_run(old: str, new: str) -> None:
    """Rename a run, keeping its place in the list. ValueError for an empty or taken name."""
    runs = session_runs()
    new = new.strip()
    if not new:
        raise ValueError(_("a run name cannot be empty"))
    if len(new) > MAX_NAME_LENGTH:
        raise ValueError(_("a run name has at most {limit} characters, this one has {length}").format(
            limit=MAX_NAME_LENGTH, length=len(new)))
    if new != old and new in runs:
        raise ValueError(_("a run called {name!r} already exists").format(name=new))
    st.session_state[_RUNS] = {(new if name == old else name): run for name, run in runs.items()}
    st.session_state[_RUNS][new].name = new
    if st.session_state.get(_CURRENT) == old:
        st.session_state[_CURRENT] = new
    if old in pinned_runs():
        pinned_runs().discard(old)
        pinned_runs().add(new)
    _changed()


def delete_run(name: str) -> None:
    session_runs().pop(name, None)
    pinned_runs().discard(name)
    if st.session_state.get(_CURRENT) == name:
        st.session_state[_CURRENT] = next(reversed(session_runs()), None) if session_runs() else None
    _changed()


def current_run():
    """The run chosen in the sidebar (the latest trained by default), or None."""
    runs = session_runs()
    name = st.session_state.get(_CURRENT)
    if name not in runs:
        name = next(reversed(runs), None) if runs else None
    return runs.get(name) if name else None


def remember_page(page) -> None:
    """Note which page this rerun shows (app.py calls it), so messages can stay on the page they belong to."""
    st.session_state[keys.PAGE] = getattr(page, "url_path", "")


def current_page() -> str | None:
    return st.session_state.get(keys.PAGE)


def current_job():
    return st.session_state.get(_JOB)


def set_job(job) -> None:
    st.session_state[_JOB] = job
    if job is not None and not job.done:
        from . import browser_session

        browser_session.follow_job(job)     # a reload of this browser takes it over


def session_id() -> str:
    """This browser session's id (the service's name for it); 'notebook' outside a Streamlit script run."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    return context.session_id if context is not None else "notebook"


def session_is_alive(session: str) -> bool:
    """False once Streamlit has closed that session (tab closed, connection gone for good)."""
    from streamlit import runtime

    if not runtime.exists():       # AppTest and bare scripts: no runtime, no other sessions to reap
        return True
    return runtime.get_instance().is_active_session(session)


def collect_finished_job() -> list[str]:
    """Move the runs of a finished job into the session; return their names (errors stay on the job)."""
    job = current_job()
    if job is None or not job.done:
        return []
    names = [add_run(run) for run in job.runs]
    st.session_state[_JOB] = None
    from . import browser_session, warm_runs

    browser_session.job_collected(job)
    for run in job.runs:
        if run.reused:        # several students got these weights: the pictures the class will open, warmed
            warm_runs.warm_pictures(run)
    st.session_state[keys.LAST_JOB] = {
        "names": names, "error": job.error, "notes": getattr(job, "notes", []),
        "reused": [run.name for run in job.runs if run.reused], "page": st.session_state.get(keys.JOB_PAGE),
        "seconds": time.monotonic() - getattr(job, "submitted_at", time.monotonic())}
    return names
