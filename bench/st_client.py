"""A small Streamlit client that speaks the browser's websocket protocol, for load tests.

One `Session` is one browser tab: it connects to /_stcore/stream, sends BackMsg.rerun_script with the tab's
widget states (a button press is a one-shot trigger value), keeps the elements the server draws (by delta path),
and fires fragment auto-reruns on the server's `auto_rerun` interval the way the frontend does (a timer per
fragment, sending a rerun with that fragment id and is_auto_rerun=True, cleared on a full run and on page change).

The protocol is internal to Streamlit: this speaks Streamlit 1.67's (requirements.txt pins the minor version).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.sync.client import connect

_DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}
_TEXT_FIELDS = ("heading", "markdown", "alert", "text", "exception", "button", "progress", "page_link")


class ProtocolError(RuntimeError):
    """The server closed the tab or did not answer in time."""


@dataclass
class Drawn:
    """What one run (or the runs since the last action) drew, for checks."""

    elements: list = field(default_factory=list)   # Element protos, in delta-path order
    problems: list = field(default_factory=list)   # what the server said went wrong outside elements

    def of_type(self, kind: str) -> list:
        return [element for element in self.elements if element.WhichOneof("type") == kind]

    def texts(self) -> list[str]:
        """Every visible string: headings, markdown (captions too), alerts, exceptions, button labels."""
        out = []
        for element in self.elements:
            kind = element.WhichOneof("type")
            if kind not in _TEXT_FIELDS:
                continue
            proto = getattr(element, kind)
            for name in ("body", "label", "message", "text"):
                if hasattr(proto, name) and getattr(proto, name):
                    out.append(getattr(proto, name))
        return out

    def has_text(self, fragment: str) -> bool:
        return any(fragment in text for text in self.texts())

    def widget(self, kind: str, user_key: str):
        """The widget proto of this kind whose id ends with the script's key (ids are '$$ID-<hash>-<key>')."""
        for element in self.of_type(kind):
            proto = getattr(element, kind)
            if proto.id.endswith(f"-{user_key}"):
                return proto
        return None

    def errors(self) -> list[str]:
        """Exceptions and st.error alerts: what a student would see as something gone wrong."""
        found = [f"exception: {e.exception.type}: {e.exception.message}" for e in self.of_type("exception")]
        found += [f"error: {e.alert.body}" for e in self.of_type("alert") if e.alert.format == e.alert.ERROR]
        return found + list(self.problems)


class Session:
    """One browser tab on a running Streamlit server."""

    def __init__(self, url: str, timeout: float = 120.0, connection=None):
        """url: e.g. 'http://127.0.0.1:8501'. timeout: seconds any one action may take before ProtocolError.

        connection: an open websocket-like object (send(bytes), recv(timeout) -> bytes, close()); default: connect.
        """
        self.timeout = timeout
        self._ws = connection or connect(url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream",
                                         subprotocols=["streamlit"], max_size=None, ping_interval=None,
                                         open_timeout=timeout, close_timeout=2)
        self._elements: dict[tuple, tuple] = {}      # delta path -> (Element, fragment id)
        self._states: dict[str, WidgetState] = {}    # widget id -> its value, as the tab holds it
        self._timers: dict[str, list] = {}           # fragment id -> [interval, next due time]
        self.pages: dict[str, str] = {}              # page title and url path -> page script hash
        self.page_hash = ""
        self._problems: list[str] = []               # since the last user action
        self.auto_reruns = 0
        self.messages = 0

    def close(self) -> None:
        self._ws.close()

    # ----- what the tab shows
    def drawn(self) -> Drawn:
        return Drawn([element for _, (element, _) in sorted(self._elements.items())], list(self._problems))

    # ----- user actions; each returns the seconds until the script run it caused finished
    def load(self) -> float:
        """Open the app's default page."""
        return self._rerun(page_script_hash="")

    def goto(self, page: str) -> float:
        """Navigate to a page by its title ('Hidden states') or url path ('hidden_states')."""
        if page not in self.pages:
            raise ProtocolError(f"no page {page!r}; the app has {sorted(self.pages)}")
        self._timers.clear()   # the frontend clears fragment timers on page change
        self._elements.clear()
        self._states.clear()
        return self._rerun(page_script_hash=self.pages[page])

    def click(self, user_key: str, kind: str = "button") -> float:
        """Press the button whose key is `user_key`."""
        proto = self._find(kind, user_key)
        return self._rerun(triggers=[WidgetState(id=proto.id, trigger_value=True)])

    def set_value(self, user_key: str, value, kind: str, rerun: bool = True) -> float:
        """Type into a text_input, set a number_input...; rerun=False keeps it for the next action's rerun."""
        proto = self._find(kind, user_key)
        state = WidgetState(id=proto.id)
        if isinstance(value, str):
            state.string_value = value
        elif isinstance(value, bool):
            state.bool_value = value
        elif kind == "number_input" and proto.data_type == proto.INT:
            state.int_value = int(value)
        else:
            state.double_value = float(value)
        self._states[proto.id] = state
        return self._rerun() if rerun else 0.0

    def follow(self, until, timeout: float | None = None) -> float:
        """Keep the tab open (fragment timers firing) until `until(drawn)` is true after a finished full run."""
        start = time.perf_counter()
        deadline = start + (timeout or self.timeout)
        while True:
            if until(self.drawn()):
                return time.perf_counter() - start
            if time.perf_counter() > deadline:
                raise ProtocolError(f"condition not met within {timeout or self.timeout:.0f} s")
            self._wait_for_run(deadline, full_only=True)

    def idle(self, seconds: float) -> None:
        """Think time: the tab stays open and its fragment timers keep firing, as in a browser."""
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self._pump(end)

    # ----- protocol
    def _find(self, kind: str, user_key: str):
        proto = self.drawn().widget(kind, user_key)
        if proto is None:
            raise ProtocolError(f"no {kind} with key {user_key!r} on the page")
        return proto

    def _rerun(self, triggers=(), page_script_hash: str | None = None, fragment_id: str = "",
               auto: bool = False) -> float:
        msg = BackMsg()
        state = msg.rerun_script
        if page_script_hash is not None:
            self.page_hash = page_script_hash
        state.page_script_hash = self.page_hash
        state.widget_states.widgets.extend(list(self._states.values()) + list(triggers))
        state.fragment_id = fragment_id
        state.is_auto_rerun = auto
        start = time.perf_counter()
        if not auto:
            self._problems.clear()
        self._ws.send(msg.SerializeToString())
        if auto:
            return 0.0
        self._wait_for_run(start + self.timeout, full_only=not fragment_id)
        return time.perf_counter() - start

    def _wait_for_run(self, deadline: float, full_only: bool) -> None:
        """Read messages (firing fragment timers) until a script run finishes (a full run if full_only)."""
        while True:
            status = self._pump(deadline)
            if status in _DONE or (status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY and not full_only):
                return
            if time.perf_counter() > deadline:
                raise ProtocolError(f"no finished script run within {self.timeout:.0f} s")

    def _pump(self, deadline: float):
        """Handle one message or fire due timers; return the script_finished status seen, if any."""
        now = time.perf_counter()
        due = min([timer[1] for timer in self._timers.values()] + [deadline])
        if due <= now:
            for fragment_id, timer in list(self._timers.items()):
                if timer[1] <= now:
                    timer[1] = now + timer[0]
                    self.auto_reruns += 1
                    self._rerun(fragment_id=fragment_id, auto=True)
            return None
        try:
            raw = self._ws.recv(timeout=due - now)
        except TimeoutError:
            return None
        except Exception as error:   # a closed socket: this tab failed, reported as such
            raise ProtocolError(f"websocket closed: {error}") from error
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        self.messages += 1
        return self._handle(msg)

    def _handle(self, msg: ForwardMsg):
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            fragments = set(msg.metadata.run.fragment_ids)
            if fragments:   # a fragment run redraws only that fragment
                self._elements = {p: v for p, v in self._elements.items() if v[1] not in fragments}
            else:           # a full run redraws the page; the frontend drops fragment timers
                self._elements.clear()
                self._timers.clear()
            self._learn_pages(msg.new_session.app_pages)
            self.page_hash = msg.new_session.page_script_hash or self.page_hash
        elif kind == "navigation":
            self._learn_pages(msg.navigation.app_pages)
            self.page_hash = msg.navigation.page_script_hash or self.page_hash
        elif kind == "delta":
            path = tuple(msg.metadata.delta_path)
            if msg.delta.WhichOneof("type") == "new_element":
                self._elements[path] = (msg.delta.new_element, msg.delta.fragment_id)
        elif kind == "auto_rerun":
            interval = msg.auto_rerun.interval
            if self._timers.get(msg.auto_rerun.fragment_id, [None])[0] != interval:
                self._timers[msg.auto_rerun.fragment_id] = [interval, time.perf_counter() + interval]
        elif kind == "stop_auto_rerun":
            for fragment_id in msg.stop_auto_rerun.fragment_ids:
                self._timers.pop(fragment_id, None)
        elif kind == "page_not_found":
            self._problems.append(f"page not found: {msg.page_not_found.page_name!r}")
        elif kind == "script_finished":
            if msg.script_finished in _DONE:
                self._states = {i: s for i, s in self._states.items() if i in self._widget_ids()}
            return msg.script_finished
        return None

    def _widget_ids(self) -> set[str]:
        ids = set()
        for element, _ in self._elements.values():
            proto = getattr(element, element.WhichOneof("type") or "", None)
            if proto is not None and hasattr(proto, "id"):
                ids.add(proto.id)
        return ids

    def _learn_pages(self, app_pages) -> None:
        for page in app_pages:
            self.pages[page.page_name] = page.page_script_hash
            if page.url_pathname:
                self.pages[page.url_pathname] = page.page_script_hash
