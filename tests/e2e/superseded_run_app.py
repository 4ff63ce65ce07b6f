"""A minimal app for test_superseded_run.py: a click during the first run's tail, a fragment that polls a job.

The first run's tail (past its last st.* call, like app.py's warm-up under load) waits until the run started by
the click has registered its polling fragment, so the stopped first run always ends after that registration.
"""

import sys
import threading
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))   # the repository, for rnnviz

from rnnviz.ui.streamlit_fixes import keep_fragments_of_newer_runs

keep_fragments_of_newer_runs()


@st.cache_resource
def fragment_registered() -> threading.Event:
    return threading.Event()


def poll() -> None:
    """The live panel's pattern: polled by run_every; on the first poll after the inline call, the job is done."""
    st.session_state["polls"] = st.session_state.get("polls", 0) + 1
    if st.session_state["polls"] > 1:
        st.session_state["job"], st.session_state["result"] = None, "done"
        st.rerun()
    st.write("job running")


first_run = "visited" not in st.session_state
st.session_state["visited"] = True
if st.button("Start"):
    st.session_state["job"] = "running"
    st.rerun()
st.write(f"result: {st.session_state.get('result', 'none')}")
if st.session_state.get("job"):
    st.fragment(poll, run_every=0.5)()
    fragment_registered().set()
if first_run:
    fragment_registered().wait(timeout=30)
