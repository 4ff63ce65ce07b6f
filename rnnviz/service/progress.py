"""Progress and Stop across a process boundary: one JSON-lines file per job, and a `.cancel` file beside it.

The training (in a worker process, a Dask task or a thread) appends one line per event: {"event": "begin",
"pid", "steps_per_epoch", "epochs"}, {"event": "batch", "epoch", "batch"} (throttled) and {"event": "epoch",
"epoch", metrics...}. The server reads only the lines added since its last read (~0.07 ms a poll), and asks
for a Stop by creating the cancel file, which the training checks after every batch (a stat: microseconds).
Files survive a crashed worker, so whatever epochs it finished stay readable. No TensorFlow here: the server
imports this module.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path


class JobFiles:
    """The two files of one job in `directory`: <job_id>.jsonl (events) and <job_id>.cancel (Stop asked)."""

    def __init__(self, directory, job_id: str):
        self.directory = Path(directory)
        self.job_id = job_id
        self.events_path = self.directory / f"{job_id}.jsonl"
        self.cancel_path = self.directory / f"{job_id}.cancel"
        self._offset = 0
        self._events: list[dict] = []
        self._lock = threading.Lock()     # sessions sharing a merged job poll it from their own threads

    # -- the training's side
    def write(self, event: dict) -> None:
        """Append one event as a line (one write call, so a reader never sees half a line as whole)."""
        with open(self.events_path, "a", encoding="utf-8") as out:
            out.write(json.dumps(event) + "\n")

    def cancelled(self) -> bool:
        return self.cancel_path.exists()

    # -- the server's side
    def request_cancel(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.cancel_path.touch()

    def events(self) -> list[dict]:
        """Every complete event written so far (reads only what is new since the last call)."""
        with self._lock:
            try:
                with open(self.events_path, "rb") as source:
                    source.seek(self._offset)
                    chunk = source.read()
            except FileNotFoundError:
                return list(self._events)
            complete = chunk[:chunk.rfind(b"\n") + 1]    # a line still being written waits for the next poll
            self._offset += len(complete)
            self._events.extend(json.loads(line) for line in complete.decode("utf-8").splitlines() if line)
            return list(self._events)

    def epochs(self) -> list[dict]:
        """One dict per finished epoch: epoch (from 1) and the metrics Keras logged."""
        return [{k: v for k, v in event.items() if k != "event"} for event in self.events()
                if event["event"] == "epoch"]

    def fraction_done(self) -> float:
        """Epochs done plus the share of the current epoch's batches, over the epochs asked for; 0 to 1."""
        events = self.events()
        begin = next((e for e in events if e["event"] == "begin"), None)
        if begin is None:
            return 0.0
        epochs = sum(e["event"] == "epoch" for e in events)
        last = events[-1]
        partial = (last["batch"] / max(begin["steps_per_epoch"], 1)) if last["event"] == "batch" else 0.0
        return min((epochs + min(partial, 0.999)) / max(begin["epochs"], 1), 1.0)

    def worker_pid(self) -> int | None:
        begin = next((e for e in self.events() if e["event"] == "begin"), None)
        return begin["pid"] if begin else None

    def remove(self) -> None:
        for path in (self.events_path, self.cancel_path):
            try:
                os.remove(path)
            except FileNotFoundError:
                pass
