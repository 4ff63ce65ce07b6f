"""The load test's websocket client against a real `streamlit run app.py` (no TensorFlow work, no timing)."""

import time

import pytest

from bench.st_client import Session
from bench.st_server import streamlit_server

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def server_url():
    from pathlib import Path

    with streamlit_server(str(Path(__file__).resolve().parents[1])) as (url, _):
        yield url


def test_a_session_loads_start_here_with_its_preset_buttons(server_url):
    session = Session(server_url, timeout=120)
    try:
        session.load()
        drawn = session.drawn()
        assert drawn.errors() == []
        assert drawn.has_text("rnnviz: see inside recurrent neural networks")
        assert drawn.has_text("1 · Train a model in seconds")
        button = drawn.widget("button", "preset_sentiment_lstm_en")
        assert button is not None and button.label == "Train"
        assert {"Start here", "Hidden states", "Embeddings", "Vanishing & exploding gradients"} <= set(session.pages)
    finally:
        session.close()


def test_a_session_navigates_and_sees_that_it_has_no_model_yet(server_url):
    session = Session(server_url, timeout=120)
    try:
        session.load()
        session.goto("Embeddings")
        drawn = session.drawn()
        assert drawn.errors() == []
        assert drawn.has_text("Embedding projector")
        assert drawn.has_text("No trained model in this session yet")
        assert drawn.widget("button", "preset_sentiment_lstm_en") is None   # the home page's elements are gone
    finally:
        session.close()


def test_students_opening_a_fresh_server_at_the_same_moment_all_get_the_app():
    """The first import of rnnviz.ui happens in one session while the others wait for it: none may fail."""
    import threading
    from pathlib import Path

    with streamlit_server(str(Path(__file__).resolve().parents[1])) as (url, _):
        sessions = [Session(url, timeout=120) for _ in range(8)]
        start = threading.Barrier(len(sessions))
        drawn = {}

        def visit(i):
            start.wait()
            sessions[i].load()
            drawn[i] = sessions[i].drawn()

        threads = [threading.Thread(target=visit, args=(i,)) for i in range(len(sessions))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for session in sessions:
            session.close()
    assert len(drawn) == len(sessions)
    assert [d.errors() for d in drawn.values()] == [[]] * len(sessions)
    assert all(d.has_text("1 · Train a model in seconds") for d in drawn.values())


class _ScriptedServer:
    """A websocket stand-in: answers each BackMsg with the ForwardMsgs `reply(back_msg)` returns."""

    def __init__(self, reply):
        self.reply, self.sent, self.pending = reply, [], []

    def send(self, raw):
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        msg.ParseFromString(raw)
        self.sent.append(msg)
        self.pending += [m.SerializeToString() for m in self.reply(msg)]

    def recv(self, timeout):
        if not self.pending:
            raise TimeoutError
        return self.pending.pop(0)

    def close(self):
        pass


def _forward(**fields):
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    for name, value in fields.items():
        if name == "auto_rerun":
            msg.auto_rerun.interval, msg.auto_rerun.fragment_id = value
        elif name == "stop_auto_rerun":
            msg.stop_auto_rerun.fragment_ids.extend(value)
        elif name == "fragments":
            msg.metadata.run.fragment_ids.extend(value)
            msg.new_session.page_script_hash = "page"
        elif name == "new_session":
            msg.new_session.page_script_hash = value
        else:
            setattr(msg, name, value)
    return msg


def test_fragment_auto_reruns_are_sent_like_the_browser_does():
    """A run_every fragment: the tab reruns that fragment on its interval (is_auto_rerun), until told to stop."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    def reply(back):
        state = back.rerun_script
        if state.fragment_id:   # the fragment's run tells the tab to stop its timer
            return [_forward(fragments=[state.fragment_id]), _forward(stop_auto_rerun=[state.fragment_id]),
                    _forward(script_finished=ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)]
        return [_forward(new_session="page"), _forward(auto_rerun=(0.01, "live")),
                _forward(script_finished=ForwardMsg.FINISHED_SUCCESSFULLY)]

    server = _ScriptedServer(reply)
    session = Session("http://unused", timeout=30, connection=server)
    session.load()
    while len(server.sent) < 2:   # think time: the timer fires once, then is stopped by the server
        session._pump(time.perf_counter() + 0.05)
    session.idle(0.05)
    assert [(m.rerun_script.fragment_id, m.rerun_script.is_auto_rerun) for m in server.sent] == [("", False),
                                                                                                ("live", True)]
    assert session.auto_reruns == 1


def test_a_button_press_is_a_one_shot_trigger_and_typed_values_are_sent_with_later_reruns():
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    def reply(back):
        page = _forward(new_session="page")
        box, button = _forward(), _forward()
        box.metadata.delta_path.extend([0, 0])
        box.delta.new_element.text_input.id = "$$ID-1-sentence"
        button.metadata.delta_path.extend([0, 1])
        button.delta.new_element.button.id = "$$ID-2-go"
        return [page, box, button, _forward(script_finished=ForwardMsg.FINISHED_SUCCESSFULLY)]

    server = _ScriptedServer(reply)
    session = Session("http://unused", timeout=30, connection=server)
    session.load()
    session.set_value("sentence", "not good", "text_input")
    session.click("go")
    session.load()
    states = [{w.id: w for w in m.rerun_script.widget_states.widgets} for m in server.sent]
    assert states[0] == {}
    assert states[1]["$$ID-1-sentence"].string_value == "not good"
    assert states[2]["$$ID-2-go"].trigger_value is True and states[2]["$$ID-1-sentence"].string_value == "not good"
    assert "$$ID-2-go" not in states[3] and states[3]["$$ID-1-sentence"].string_value == "not good"


def test_the_balancer_config_gets_the_ports_of_the_replicas_it_fronts():
    from pathlib import Path

    from bench.st_server import balancer_config, replicas_in

    shipped = str(Path(__file__).resolve().parents[1] / "deploy" / "haproxy.cfg")
    text = balancer_config(Path(shipped).read_text(), [7001, 7002], 7000)
    assert replicas_in(shipped) == 2
    assert "bind 127.0.0.1:7000" in text
    assert "server replica1 127.0.0.1:7001 check cookie replica1" in text
    assert "server replica2 127.0.0.1:7002 check cookie replica2" in text
    with pytest.raises(ValueError, match="2 server lines"):
        balancer_config(Path(shipped).read_text(), [7001], 7000)


@pytest.mark.skipif(__import__("shutil").which("haproxy") is None, reason="needs Debian's haproxy (.ci/run installs it)")
def test_the_shipped_balancer_spreads_browsers_over_the_replicas_and_keeps_each_on_one():
    """deploy/haproxy.cfg in front of two real replicas: new browsers get different replicas (the cookie it sets),
    a browser that has its cookie is kept where it is, and the app's websocket session works through it."""
    import urllib.request
    from pathlib import Path

    from bench.st_server import balanced_servers

    root = Path(__file__).resolve().parents[1]

    def replica_cookie(url, cookie=None):
        request = urllib.request.Request(url + "/", headers={"Cookie": cookie} if cookie else {})
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.status == 200
            return answer.headers.get("Set-Cookie")

    with balanced_servers(str(root), str(root / "deploy" / "haproxy.cfg")) as (url, replicas):
        assert len(replicas) == 2
        given = [replica_cookie(url) for _ in range(4)]
        assert {cookie.split(";")[0] for cookie in given} == {"RNNVIZ_REPLICA=replica1", "RNNVIZ_REPLICA=replica2"}
        assert replica_cookie(url, "RNNVIZ_REPLICA=replica2") is None       # kept on its replica: no new cookie
        session = Session(url, timeout=120)
        try:
            session.load()
            assert session.drawn().errors() == []
            assert session.drawn().has_text("rnnviz: see inside recurrent neural networks")
        finally:
            session.close()
