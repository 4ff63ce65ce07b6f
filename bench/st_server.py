"""Start `streamlit run app.py` of a checkout on a free port for a load test, and stop it afterwards.

`replica_servers` starts several, as the replicas of one class behind a sticky balancer (README, "Hosting"), and
`balanced_servers` puts haproxy in front of them with the project's own config (deploy/haproxy.cfg).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
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


def balancer_config(config: str, replica_ports: list[int], front_port: int) -> str:
    """The haproxy config `config` (text) with its `bind` port and its servers' addresses replaced.

    ValueError unless it has one `bind :port` line and exactly len(replica_ports) `server` lines.
    """
    servers = re.findall(r"^\s*server\s+\S+\s+\S+:\d+", config, flags=re.M)
    if len(servers) != len(replica_ports) or len(re.findall(r"^\s*bind\s+\S*:\d+", config, flags=re.M)) != 1:
        raise ValueError(f"the config must have one bind line and {len(replica_ports)} server lines, "
                         f"found {len(servers)} server lines")
    ports = iter(replica_ports)
    config = re.sub(r"^(\s*server\s+\S+\s+)\S+:\d+", lambda m: f"{m.group(1)}127.0.0.1:{next(ports)}", config,
                    flags=re.M)
    return re.sub(r"^(\s*bind\s+)\S*:\d+", lambda m: f"{m.group(1)}127.0.0.1:{front_port}", config, flags=re.M)


def replicas_in(config_path: str) -> int:
    """How many `server` lines (replicas) the haproxy config names."""
    return len(re.findall(r"^\s*server\s", Path(config_path).read_text(), flags=re.M))


@contextlib.contextmanager
def balanced_servers(app_dir: str, config_path: str, log_path: str | None = None, env: dict | None = None):
    """Yield (balancer url, [(replica url, pid)]): a replica per `server` line of the haproxy config, and haproxy
    with that config (on free ports) in front of them. RuntimeError if haproxy is not installed."""
    haproxy = shutil.which("haproxy")
    if haproxy is None:
        raise RuntimeError("haproxy is not installed (Debian: apt-get install haproxy)")
    with replica_servers(app_dir, replicas_in(config_path), log_path=log_path, env=env) as servers:
        front = free_port()
        text = balancer_config(Path(config_path).read_text(), [int(url.rsplit(":", 1)[1]) for url, _ in servers],
                               front)
        config = Path(os.environ.get("TMPDIR", "/tmp")) / f"rnnviz-haproxy-{front}.cfg"
        config.write_text(text)
        process = subprocess.Popen([haproxy, "-db", "-f", str(config)], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{front}"
            wait_healthy(url, timeout=30, process=process)
            yield url, servers
        finally:
            process.terminate()
            process.wait(10)
            config.unlink(missing_ok=True)


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
