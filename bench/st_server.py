"""Start `streamlit run app.py` of a checkout on a free port for a load test, and stop it afterwards.

`replica_servers` starts several, as the replicas of one class behind a sticky balancer (README, "Hosting").
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, timeout: float = 120.0, process=None) -> None:
    """Poll /_stcore/health until it answers 'ok'; RuntimeError if the server exits or never answers."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} not healthy after {timeout:.0f} s")


@contextlib.contextmanager
def replica_servers(app_dir: str, replicas: int, log_path: str | None = None, env: dict | None = None):
    """Yield [(url, pid)] of `replicas` servers of the checkout, each with its own port (and training workers).

    log_path: each replica's output goes to log_path.<i>. env: more environment variables for each server.
    """
    if replicas < 1:
        raise ValueError(f"replicas must be at least 1, got {replicas}")
    with contextlib.ExitStack() as stack:
        servers = [stack.enter_context(streamlit_server(app_dir, log_path=f"{log_path}.{i}" if log_path else None,
                                                        env=env))
                   for i in range(replicas)]
        yield servers


@contextlib.contextmanager
def streamlit_server(app_dir: str, url: str | None = None, log_path: str | None = None, env: dict | None = None):
    """Yield (url, server pid). With `url`, use that running server (pid None: no memory figures)."""
    if url is not None:
        yield url.rstrip("/"), None
        return
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true",
               f"--server.port={port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
               "--server.fileWatcherType=none"]
    log = open(log_path or os.devnull, "wb")   # noqa: SIM115 - closed below, after the server
    process = subprocess.Popen(command, cwd=Path(app_dir), stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, **(env or {})})
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, process=process)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
