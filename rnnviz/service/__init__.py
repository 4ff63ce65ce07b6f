"""The training service: trainings queued in the server and run in worker processes (no Streamlit here).

    from rnnviz.service import get_service
    batch = get_service().submit([request], session_id="notebook")
    batch.wait(); ticket = batch.current        # ticket.result: a TrainingResult, or ticket.error: one line
    run = Run.from_result(ticket.result, dataset, request)

Configuration (environment variables, read when the service is first made):
- RNNVIZ_EXECUTOR: "process" (default: a pool of spawn worker processes) or "thread" (in this process).
- RNNVIZ_WORKERS: jobs at once (default: one per core); RNNVIZ_RECYCLE_AFTER: trainings before a worker is
  replaced (default 10); RNNVIZ_WORKER_NICE: how much lower the workers' CPU priority is (default 10).
- RNNVIZ_DASK_SCHEDULER: a Dask scheduler address; when set, jobs run on that cluster instead.
- RNNVIZ_JOB_DIR: where the progress files go, in a new folder per server process (default: a fresh temporary
  directory); see rnnviz.service.progress.process_job_folder.
- RNNVIZ_MAX_TRAINING_COST, RNNVIZ_MAX_TRAINING_MB: a request's compute and memory caps (rnnviz.training_request).
- RNNVIZ_MAX_QUEUED: trainings waiting at most; past it a new one is refused (the server is busy).
"""

from __future__ import annotations

import atexit
import os
import threading

from .executors import ProcessSlots, ThreadSlots, WorkerLost, default_workers
from .job import run_training_job
from .progress import JobFiles
from .service import Batch, Job, Ticket, TrainingService

_SERVICE: TrainingService | None = None
_LOCK = threading.Lock()
EXECUTORS = ("process", "thread")


def _env_int(name: str, default: int, low: int) -> int:
    raw = os.environ.get(name, "")
    try:
        value = int(raw) if raw else default
    except ValueError:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from None
    if value < low:
        raise ValueError(f"{name} must be at least {low}, got {value}")
    return value


def make_executor():
    """The executor the environment asks for (see the module docstring)."""
    address = os.environ.get("RNNVIZ_DASK_SCHEDULER")
    workers = _env_int("RNNVIZ_WORKERS", default_workers(), 1)
    if address:
        from .dask_executor import DaskSlots

        return DaskSlots(address)
    kind = os.environ.get("RNNVIZ_EXECUTOR", "process")
    if kind not in EXECUTORS:
        raise ValueError(f"RNNVIZ_EXECUTOR must be one of {', '.join(EXECUTORS)}, got {kind!r}")
    if kind == "thread":
        return ThreadSlots(workers)
    return ProcessSlots(workers, recycle_after=_env_int("RNNVIZ_RECYCLE_AFTER", 10, 1),
                        nice=_env_int("RNNVIZ_WORKER_NICE", 10, 0))


def get_service() -> TrainingService:
    """The process-wide service, made on first use from the environment."""
    global _SERVICE
    with _LOCK:
        if _SERVICE is None:
            _SERVICE = TrainingService(make_executor(), directory=os.environ.get("RNNVIZ_JOB_DIR"))
        return _SERVICE


def set_service(service: TrainingService | None) -> TrainingService | None:
    """Replace the process-wide service (tests); returns the previous one (not shut down)."""
    global _SERVICE
    with _LOCK:
        previous, _SERVICE = _SERVICE, service
    return previous


@atexit.register
def _shutdown() -> None:
    if _SERVICE is not None:
        _SERVICE.shutdown()


__all__ = ["Batch", "Job", "JobFiles", "ProcessSlots", "ThreadSlots", "Ticket", "TrainingService", "WorkerLost",
           "get_service", "make_executor", "run_training_job", "set_service"]
