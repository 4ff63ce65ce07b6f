"""Three corrections to Streamlit's process-wide behaviour that rnnviz depends on.

1. Keep Keras alive across reruns. Streamlit's script runner calls `keras.backend.clear_session()` at the end
   of every rerun of every session (`_clean_problem_modules`, meant for scripts that rebuild a model at each
   rerun). rnnviz trains in background threads while students keep clicking: clearing Keras' process-wide
   state resets it under a training that is running, and on this stack the call hangs outright once a model
   has been trained (seen with Streamlit 1.67, TensorFlow 2.21: the rerun never ends). rnnviz keeps every
   model in its own session and never relies on that clean-up, so we keep Streamlit's other clean-up
   (matplotlib) and skip the Keras one: the patch runs Streamlit's own function with a view of sys.modules in
   which Keras is absent, so whatever else Streamlit cleans up keeps being cleaned up. If that function is no
   longer what the patch was written for (another Streamlit), the app refuses to start with a message.

2. Deep links go through app.py. A project with a `pages/` folder starts in Streamlit's old multipage mode
   until the first `st.navigation` call: if the first visitor after a server start opens a page's URL
   directly (a link a teacher shared), Streamlit runs that page file alone, without app.py's navigation,
   sidebar and session set-up. Leaving that mode and rerunning once (once the import of rnnviz.ui is complete)
   sends the visit through app.py.

3. A superseded run keeps its hands off the fragments of the run that replaced it. With runner.fastReruns (on by
   default) a click during a run stops that run's ScriptRunner and starts a new one at once; the old one still
   executes up to its next st.* call, and if it is already past its last one (app.py's tail), it ends normally
   and clears the session's fragment storage of every fragment *it* did not register. That removes the live
   training panel the new run has just registered (`st.fragment(run_every=...)`): from then on the browser's
   polls for it are dropped ("fragment ... does not exist anymore"), the finished training is never collected
   and its result never drawn. Such a stopped run is over for the session: its clear-up is skipped. (Shown in
   tests/e2e/test_superseded_run.py; in app.py the tail can be long when the warm-up waits for the import
   lock that a training thread holds.)
"""

from __future__ import annotations

import inspect
import sys
import types
from collections.abc import Iterator, Mapping

_HIDDEN = frozenset({"keras"})   # what Streamlit's clean-up must not see: it clears Keras when it finds it
PIN = "streamlit>=1.67,<1.68"    # as in requirements.txt


class StreamlitMismatch(RuntimeError):
    """The installed Streamlit is not the one these corrections were written for."""


class _ModulesWithoutKeras(Mapping):
    """sys.modules as Streamlit's clean-up sees it: every module but Keras (read live, never copied)."""

    def __getitem__(self, name: str):
        if name in _HIDDEN:
            raise KeyError(name)
        return sys.modules[name]

    def __contains__(self, name) -> bool:
        return name not in _HIDDEN and name in sys.modules

    def __iter__(self) -> Iterator[str]:
        return (name for name in list(sys.modules) if name not in _HIDDEN)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _SysWithoutKeras:
    """The `sys` module, except that `modules` hides Keras."""

    modules = _ModulesWithoutKeras()

    def __getattr__(self, name: str):
        return getattr(sys, name)


def contract_problems(script_runner) -> list[str]:
    """What the Keras patch relies on in `script_runner` (Streamlit's module) and does not find there.

    The patch relies on: a module-level `_clean_problem_modules()` taking no argument; `ScriptRunner._run_script`
    calling it through the module's globals (so replacing the attribute takes effect); the function finding
    Keras through `sys.modules` under the name "keras" (so hiding that name hides Keras from it).
    """
    original = getattr(script_runner, "_clean_problem_modules", None)
    original = getattr(original, "_rnnviz_original", original)
    if not isinstance(original, types.FunctionType):
        return ["script_runner._clean_problem_modules is not a function"]
    problems = []
    if inspect.signature(original).parameters:
        problems.append(f"_clean_problem_modules takes arguments {inspect.signature(original)}")
    code = original.__code__
    if not {"sys", "modules"} <= set(code.co_names) or "keras" not in code.co_consts:
        problems.append("_clean_problem_modules no longer looks Keras up as sys.modules['keras']")
    run_script = getattr(getattr(script_runner, "ScriptRunner", None), "_run_script", None)
    if run_script is None or "_clean_problem_modules" not in run_script.__code__.co_names:
        problems.append("ScriptRunner._run_script no longer calls _clean_problem_modules by its global name")
    return problems


def keep_keras_across_reruns(script_runner: types.ModuleType | None = None) -> bool:
    """Make Streamlit's per-rerun clean-up leave Keras alone; True once installed.

    script_runner: the module to patch (tests pass a stand-in); default Streamlit's own.
    Raises StreamlitMismatch (the app then shows that message instead of starting) if Streamlit's clean-up is
    no longer the function this patch was written for.
    """
    import streamlit

    if script_runner is None:
        from streamlit.runtime.scriptrunner import script_runner

    current = script_runner._clean_problem_modules if hasattr(script_runner, "_clean_problem_modules") else None
    if getattr(current, "_rnnviz_keeps_keras", False):
        return True
    problems = contract_problems(script_runner)
    if problems:
        raise StreamlitMismatch(
            f"rnnviz cannot start on Streamlit {streamlit.__version__}: its fix that keeps Keras alive across "
            f"reruns no longer applies ({'; '.join(problems)}). Install the Streamlit version in requirements.txt "
            f"({PIN}).")
    # Streamlit's own code, run with a `sys` whose modules hide Keras: its other clean-ups still happen.
    wrapped = types.FunctionType(current.__code__, {**current.__globals__, "sys": _SysWithoutKeras()},
                                 current.__name__, current.__defaults__, current.__closure__)
    wrapped.__doc__ = f"Streamlit's {current.__qualname__}, blind to Keras (rnnviz.ui.streamlit_fixes)."
    wrapped._rnnviz_keeps_keras = True
    wrapped._rnnviz_original = current
    script_runner._clean_problem_modules = wrapped
    return True


def superseded_run_problems(fragment_module, requests_module) -> list[str]:
    """What `keep_fragments_of_newer_runs` relies on in Streamlit's fragment and script_requests modules."""
    storage = getattr(fragment_module, "MemoryFragmentStorage", None)
    clear = getattr(storage, "clear", None)
    clear = getattr(clear, "_rnnviz_original", clear)
    if not isinstance(clear, types.FunctionType) or list(inspect.signature(clear).parameters) != [
            "self", "new_fragment_ids"]:
        return ["MemoryFragmentStorage.clear(self, new_fragment_ids) is not there"]
    kind, requests = getattr(requests_module, "ScriptRequestType", None), getattr(requests_module, "ScriptRequests", None)
    if kind is None or requests is None:
        return ["script_requests.ScriptRequestType / ScriptRequests are not there"]
    probe = requests()
    before = getattr(probe, "_state", None)
    probe.request_stop()
    if before is not kind.CONTINUE or getattr(probe, "_state", None) is not kind.STOP:
        return ["ScriptRequests no longer records a stop request as _state = ScriptRequestType.STOP"]
    return []


def keep_fragments_of_newer_runs(fragment_module=None, requests_module=None) -> bool:
    """Make a run whose ScriptRunner was told to stop leave the session's fragment storage alone; True once installed.

    Raises StreamlitMismatch if the Streamlit internals this relies on are not the ones it was written for.
    """
    import streamlit

    if fragment_module is None:
        from streamlit.runtime import fragment as fragment_module
    if requests_module is None:
        from streamlit.runtime.scriptrunner_utils import script_requests as requests_module
    storage = fragment_module.MemoryFragmentStorage
    if getattr(storage.clear, "_rnnviz_keeps_newer_fragments", False):
        return True
    problems = superseded_run_problems(fragment_module, requests_module)
    if problems:
        raise StreamlitMismatch(
            f"rnnviz cannot start on Streamlit {streamlit.__version__}: its fix that keeps a new run's fragments "
            f"no longer applies ({'; '.join(problems)}). Install the Streamlit version in requirements.txt ({PIN}).")
    original, stop = storage.clear, requests_module.ScriptRequestType.STOP

    def clear(self, new_fragment_ids=None):
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

        ctx = get_script_run_ctx(suppress_warning=True)
        if getattr(getattr(ctx, "script_requests", None), "_state", None) is stop:
            return      # this run was superseded: the new run's ScriptRunner owns the storage now
        original(self, new_fragment_ids)

    clear.__doc__ = f"Streamlit's {original.__qualname__}, skipped for a superseded run (rnnviz.ui.streamlit_fixes)."
    clear._rnnviz_keeps_newer_fragments = True
    clear._rnnviz_original = original
    storage.clear = clear
    return True


def route_deep_links_through_app() -> None:
    """If Streamlit is still in its old `pages/` folder mode, leave it and rerun this visit through app.py.

    Called while `rnnviz.ui` is first imported. The rerun is requested, not raised: it takes effect at the
    script's next element, once the import is complete. (st.rerun() here raised inside the import, which
    aborted it for every session importing at that moment: 9 of 10 students opening a fresh server at once
    got "ImportError: cannot import name 'ui' from 'rnnviz'".)
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
    except ImportError:
        return
    ctx = get_script_run_ctx()
    if not PagesManager.uses_pages_directory or ctx is None:
        return
    PagesManager.uses_pages_directory = False
    manager = ctx.pages_manager
    if manager.current_page_script_hash != manager.main_script_hash:   # a page file ran without app.py
        _rerun_at_next_element(ctx)


def _rerun_at_next_element(ctx) -> None:
    """What st.rerun() asks of the script runner, without its immediate stop (its forced yield point)."""
    from streamlit.runtime.scriptrunner_utils.script_requests import RerunData

    ctx.script_requests.request_rerun(RerunData(
        query_string=ctx.query_string, page_script_hash=ctx.page_script_hash,
        cached_message_hashes=ctx.cached_message_hashes, context_info=ctx.context_info))
