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
import re
import secrets
import socket
import tempfile
import threading
from pathlib import Path

_FOLDER = re.compile(r"^rnnviz-jobs-(?P<host>[A-Za-z0-9._-]+)-(?P<pid>[0-9]+)-(?P<token>[0-9a-f]{8})$")
_JOB_FILE = re.compile(r"^job[0-9]+-[0-9a-f]{8}\.(jsonl|cancel)$")


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


def process_job_folder(root=None) -> Path:
    """This server process's own folder for job files, new and empty.

    root: RNNVIZ_JOB_DIR, which replicas or a Dask cluster may share; None: a fresh temporary folder. Under a
    root the folder is named by host, process id and a random token, so two processes (or one restarted with the
    same pid) never read each other's progress or cancel files; folders this host's dead processes left behind
    are removed first (see remove_stale_folders).
    """
    if not root:
        return Path(tempfile.mkdtemp(prefix="rnnviz-jobs-"))
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    remove_stale_folders(root)
    folder = root / f"rnnviz-jobs-{_host()}-{os.getpid()}-{secrets.token_hex(4)}"
    folder.mkdir()          # exist_ok=False: a new folder, with no file of anyone else's in it
    return folder


def remove_stale_folders(root: Path) -> list[Path]:
    """Remove the job folders under `root` of this host's processes that are gone; returns those removed.

    Safe on a shared folder: only folders named as process_job_folder names them, of this host (another host's
    process ids mean nothing here), whose process no longer exists, and that hold only job files; anything else
    (a symlink, a foreign file, a live process's folder) is left alone.
    """
    removed = []
    for entry in root.iterdir():
        match = _FOLDER.match(entry.name)
        if (match is None or entry.is_symlink() or not entry.is_dir() or match["host"] != _host()
                or _alive(int(match["pid"]))):
            continue
        files = list(entry.iterdir())
        if any(item.is_symlink() or not item.is_file() or not _JOB_FILE.match(item.name) for item in files):
            continue
        try:
            for item in files:
                item.unlink()
            entry.rmdir()
            removed.append(entry)
        except OSError:        # another process cleaning the same root got there first
            continue
    return removed


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", socket.gethostname()) or "host"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True          # exists (another user's) or cannot be asked: never remove it
    return True
