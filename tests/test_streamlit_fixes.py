"""Contract tests: the Streamlit internals rnnviz relies on, the pin, and the project's Streamlit config."""

import re
import sys
import types
from pathlib import Path

import pytest
import streamlit
from packaging.specifiers import SpecifierSet
from streamlit import config
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import script_runner

from rnnviz.ui import streamlit_fixes as fixes

ROOT = Path(__file__).resolve().parents[1]


def _requirement(name: str) -> str:
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        match = re.match(rf"{name}\s*([<>=!~][^#]*)", line.strip())
        if match:
            return match.group(1).strip()
    raise AssertionError(f"{name} not in requirements.txt")


def _fake_keras(calls: list):
    keras = types.ModuleType("keras")
    keras.backend = types.SimpleNamespace(clear_session=lambda: calls.append("keras.clear_session"))
    return keras


def _fake_pyplot(calls: list):
    pyplot = types.ModuleType("matplotlib.pyplot")
    pyplot.close = lambda which: calls.append(f"pyplot.close({which})")
    return pyplot


def test_streamlit_is_pinned_to_one_minor_version_and_the_installed_one_matches():
    pin = _requirement("streamlit")
    assert pin.replace(" ", "") == fixes.PIN.removeprefix("streamlit")
    spec = SpecifierSet(pin)
    assert streamlit.__version__ in spec
    assert "1.68.0" not in spec and "1.66.0" not in spec


def test_the_internals_the_keras_patch_relies_on_are_there():
    assert fixes.contract_problems(script_runner) == []


def test_streamlit_own_clean_up_clears_keras_and_closes_pyplot(monkeypatch):
    """The behaviour the patch corrects: without it, every rerun's end clears Keras' process-wide session."""
    calls = []
    monkeypatch.setitem(sys.modules, "keras", _fake_keras(calls))
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", _fake_pyplot(calls))
    original = getattr(script_runner._clean_problem_modules, "_rnnviz_original", script_runner._clean_problem_modules)
    original()
    assert calls == ["keras.clear_session", "pyplot.close(all)"]


def test_the_patched_clean_up_leaves_keras_alone_and_still_closes_pyplot(monkeypatch):
    assert fixes.keep_keras_across_reruns() is True
    assert fixes.keep_keras_across_reruns() is True   # idempotent: imported by every rerun of app.py
    calls = []
    monkeypatch.setitem(sys.modules, "keras", _fake_keras(calls))
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", _fake_pyplot(calls))
    script_runner._clean_problem_modules()
    assert calls == ["pyplot.close(all)"]
    assert "keras" in sys.modules   # hidden from Streamlit's function only, never removed


def _stand_in_script_runner(clean_up):
    """A module shaped like Streamlit's script_runner, whose _run_script calls `clean_up` by its global name."""
    module = types.ModuleType("stand_in_script_runner")
    module.sys = sys
    module._clean_problem_modules = types.FunctionType(clean_up.__code__, module.__dict__, "_clean_problem_modules")

    class ScriptRunner:
        def _run_script(self):
            _clean_problem_modules()   # noqa: F821 - looked up in the module, as in Streamlit

    ScriptRunner._run_script = types.FunctionType(ScriptRunner._run_script.__code__, module.__dict__)
    module.ScriptRunner = ScriptRunner
    return module


def test_the_patch_keeps_a_clean_up_streamlit_adds(monkeypatch):
    """It runs Streamlit's own function (blind to Keras), not a copy of what that function did when written."""
    calls = []

    def clean_up():
        if "keras" in sys.modules:
            sys.modules["keras"].backend.clear_session()
        if "some_new_module" in sys.modules:
            sys.modules["some_new_module"].reset()

    module = _stand_in_script_runner(clean_up)
    monkeypatch.setitem(sys.modules, "keras", _fake_keras(calls))
    monkeypatch.setitem(sys.modules, "some_new_module", types.SimpleNamespace(reset=lambda: calls.append("reset")))
    assert fixes.keep_keras_across_reruns(module) is True
    module.ScriptRunner()._run_script()
    assert calls == ["reset"]


def test_the_app_refuses_to_start_when_the_patch_no_longer_applies():
    def clean_up(modules_to_clean):   # a Streamlit whose clean-up changed shape
        modules_to_clean.clear()

    module = _stand_in_script_runner(clean_up)
    with pytest.raises(fixes.StreamlitMismatch, match=rf"Streamlit {re.escape(streamlit.__version__)}.*"
                                                      r"takes arguments.*streamlit>=1\.67,<1\.68"):
        fixes.keep_keras_across_reruns(module)


def test_the_internals_the_deep_link_fix_relies_on_are_there():
    assert hasattr(PagesManager, "uses_pages_directory")
    assert isinstance(PagesManager.__dict__["main_script_hash"], property)
    assert isinstance(PagesManager.__dict__["current_page_script_hash"], property)


def test_streamlit_reads_the_project_config(monkeypatch):
    monkeypatch.chdir(ROOT)   # streamlit run reads .streamlit/config.toml from where it is started
    try:
        config.get_config_options(force_reparse=True)
        assert config.get_option("runner.postScriptGC") is False
        assert config.get_option("client.toolbarMode") == "viewer"
        assert config.get_option("server.fileWatcherType") == "none"
        assert config.get_option("browser.gatherUsageStats") is False
    finally:
        config.get_config_options(force_reparse=True)


def test_the_page_icon_is_drawn_by_the_browser_not_fetched(monkeypatch):
    """A ':material/...:' page icon makes every browser fetch the favicon from fonts.gstatic.com."""
    from streamlit.testing.v1 import AppTest

    icons = []
    real = streamlit.set_page_config
    monkeypatch.setattr(streamlit, "set_page_config", lambda **kw: (icons.append(kw.get("page_icon")), real(**kw)))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert len(icons) == 1 and icons[0]
    assert not icons[0].startswith(":material")


def _deep_link_ctx(page_hash: str, main_hash: str, requests: list):
    return types.SimpleNamespace(
        pages_manager=types.SimpleNamespace(current_page_script_hash=page_hash, main_script_hash=main_hash),
        script_requests=types.SimpleNamespace(request_rerun=requests.append),
        query_string="a=1", page_script_hash=page_hash, cached_message_hashes=set(), context_info=None)


def test_a_deep_link_asks_for_a_rerun_without_stopping_the_import_in_progress(monkeypatch):
    """The rerun takes effect at the next element: raising it inside `import rnnviz.ui` broke that import for
    every session importing concurrently (9 of 10 students on a fresh server)."""
    from streamlit.runtime.scriptrunner_utils import script_run_context
    from streamlit.runtime.scriptrunner_utils.script_requests import RerunData

    requests = []
    monkeypatch.setattr(PagesManager, "uses_pages_directory", True)
    monkeypatch.setattr(script_run_context, "get_script_run_ctx", lambda: _deep_link_ctx("gates", "app", requests))
    fixes.route_deep_links_through_app()   # returns: no RerunException inside the import
    assert PagesManager.uses_pages_directory is False
    assert len(requests) == 1 and isinstance(requests[0], RerunData)
    assert (requests[0].page_script_hash, requests[0].query_string) == ("gates", "a=1")


def test_a_visit_of_app_py_in_navigation_mode_is_not_rerun(monkeypatch):
    from streamlit.runtime.scriptrunner_utils import script_run_context

    requests = []
    monkeypatch.setattr(PagesManager, "uses_pages_directory", False)
    monkeypatch.setattr(script_run_context, "get_script_run_ctx", lambda: _deep_link_ctx("gates", "app", requests))
    fixes.route_deep_links_through_app()
    assert requests == []


def _storage_with_one_fragment():
    from streamlit.runtime.fragment import MemoryFragmentStorage

    storage = MemoryFragmentStorage()
    storage.register("live_panel", lambda: None)
    return storage


def _run_context(monkeypatch, stopped: bool):
    """The script thread's context as the storage's clear() sees it: a runner asked to stop, or a running one."""
    from streamlit.runtime.scriptrunner_utils import script_run_context
    from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequests

    requests = ScriptRequests()
    if stopped:
        requests.request_stop()
    context = types.SimpleNamespace(script_requests=requests)
    monkeypatch.setattr(script_run_context, "get_script_run_ctx", lambda suppress_warning=False: context)


def test_the_internals_the_superseded_run_fix_relies_on_are_there():
    from streamlit.runtime import fragment
    from streamlit.runtime.scriptrunner_utils import script_requests

    assert fixes.superseded_run_problems(fragment, script_requests) == []
    assert fixes.keep_fragments_of_newer_runs() is True
    assert fixes.keep_fragments_of_newer_runs() is True      # idempotent


def test_streamlit_own_clear_drops_the_fragment_a_newer_run_registered(monkeypatch):
    """The behaviour corrected: a stopped run's end removes every fragment it did not register."""
    from streamlit.runtime.fragment import MemoryFragmentStorage

    storage = _storage_with_one_fragment()
    _run_context(monkeypatch, stopped=True)
    original = getattr(MemoryFragmentStorage.clear, "_rnnviz_original", MemoryFragmentStorage.clear)
    original(storage, new_fragment_ids=frozenset())
    assert not storage.contains("live_panel")


def test_a_superseded_run_leaves_the_fragments_of_the_run_that_replaced_it(monkeypatch):
    fixes.keep_fragments_of_newer_runs()
    storage = _storage_with_one_fragment()
    _run_context(monkeypatch, stopped=True)
    storage.clear(new_fragment_ids=frozenset())
    assert storage.contains("live_panel")


def test_a_run_that_ends_normally_still_clears_the_fragments_it_no_longer_draws(monkeypatch):
    fixes.keep_fragments_of_newer_runs()
    storage = _storage_with_one_fragment()
    storage.register("still_drawn", lambda: None)
    _run_context(monkeypatch, stopped=False)
    storage.clear(new_fragment_ids=frozenset({"still_drawn"}))
    assert not storage.contains("live_panel") and storage.contains("still_drawn")


def test_the_app_refuses_to_start_when_the_superseded_run_fix_no_longer_applies():
    from streamlit.runtime.scriptrunner_utils import script_requests

    changed = types.SimpleNamespace(MemoryFragmentStorage=type("MemoryFragmentStorage", (), {"clear": lambda self: None}))
    with pytest.raises(fixes.StreamlitMismatch, match=r"keeps a new run's fragments.*streamlit>=1\.67,<1\.68"):
        fixes.keep_fragments_of_newer_runs(changed, script_requests)
