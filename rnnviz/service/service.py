"""The training service: a FIFO queue in the server process, fed to an executor one job per free worker.

- A session submits a list of TrainingRequests as one `Batch`; the batch trains them one after another, so
  a session has at most one job running (or queued) at a time, and the rest of its list waits its turn.
- Identical requests are trained once. A request whose `cache_key()` is already queued or running joins
  that job (single flight); one already finished on this server is answered from a small cache of results.
  Only trainings that ran as asked are shared, never one cut short by Stop.
- `batch.position` is the place of its job in the queue (0 once running) and `batch.wait_estimate_s()`
  an estimate from the cost of the jobs ahead and the speed measured on the jobs done so far.
- Stop: a queued job nobody else wants leaves the queue; a running one gets its cancel file and ends after
  the current batch, keeping the epochs done. A session that stops a job shared with other sessions only
  lets go of it: the others still get their training.
- `drop_session(id)` (or `reap(is_alive)`) stops what a closed or abandoned session had asked for.
Results come back as `TrainingResult`s (plain values); the session turns one into a Run with
`Run.from_result`, so every student owns their own model.
"""

from __future__ import annotations

import itertools
import os
import secrets
import threading
import time
from collections import OrderedDict, deque

from ..run import TrainingResult
from ..training_request import TrainingRequest, training_cost
from .job import run_training_job
from .progress import JobFiles, process_job_folder

MAX_CACHED_RESULTS = 64
# Seconds per unit of training_cost until some job has been measured: a 4e9 preset takes ~30 s on 2 cores.
DEFAULT_SECONDS_PER_COST = 30 / 4e9
QUEUED, RUNNING, DONE = "queued", "running", "done"
ABANDON_GRACE_S = 60.0   # a session closed this long loses its queued and running trainings
# Trainings waiting at most (RNNVIZ_MAX_QUEUED): past it a new one is refused at once rather than left to wait for
# many minutes. Identical requests join one job, so a class of 60 pressing the same preset adds a few.
MAX_QUEUED = int(os.environ.get("RNNVIZ_MAX_QUEUED", "100"))


class Refused(ValueError):
    """A request the service refused, in one line; `kind` and `values` let a page say it in the student's language.

    kind: "session_busy" (this session trains already), "student_busy" (another tab of this student does),
    "server_busy" (values: waiting, the number of trainings in the queue).
    """

    def __init__(self, kind: str, message: str, **values):
        super().__init__(message)
        self.kind, self.values = kind, values


class Job:
    """One training on the executor, possibly shared by several sessions' tickets."""

    def __init__(self, job_id: str, request: TrainingRequest, files: JobFiles, dataset=None):
        self.id, self.request, self.files = job_id, request, files
        self.dataset = dataset           # the request's Dataset as the server loaded it (None: the worker makes it)
        self.key = request.cache_key()
        self.cost = training_cost(request)
        self.state = QUEUED
        self.tickets: list[Ticket] = []
        self.result: TrainingResult | None = None
        self.error: str | None = None
        self.note: str | None = None     # why it ended without a result although nothing failed
        self.started: float | None = None

    def wanted(self) -> list["Ticket"]:
        return [ticket for ticket in self.tickets if not ticket.released]


class Ticket:
    """One session's claim on one request: the job training it, or a result the server already had."""

    def __init__(self, request: TrainingRequest, job: Job | None = None, result: TrainingResult | None = None,
                 reused: bool = False):
        self.request, self.job = request, job
        self.result, self.reused = result, reused
        self.error: str | None = None    # one line: the training failed or was refused
        self.note: str | None = None     # one line: it ended without a result by the session's own Stop
        self.released = False          # Stop pressed on a job others still want: this session let go

    @property
    def done(self) -> bool:
        return self.job is None or self.job.state == DONE or self.released

    def finish_from_job(self) -> None:
        if not self.released:
            self.result, self.error, self.note = self.job.result, self.job.error, self.job.note


class Batch:
    """A session's list of requests, trained one after another; read by the session's live panel."""

    def __init__(self, service: "TrainingService", requests, session_id: str, datasets=None, owner: str = ""):
        self.service, self.requests, self.session_id = service, list(requests), session_id
        self.owner = owner or session_id      # the student: their browser's key, else the session
        self.datasets = list(datasets) if datasets is not None else [None] * len(self.requests)
        self.tickets: list[Ticket] = []
        self.stopped = False
        self.finished = threading.Event()

    @property
    def done(self) -> bool:
        return self.finished.is_set()

    @property
    def current(self) -> Ticket | None:
        return self.tickets[-1] if self.tickets else None

    @property
    def index(self) -> int:
        """Index in `requests` of the request being trained (or last trained)."""
        return max(len(self.tickets) - 1, 0)

    @property
    def position(self) -> int:
        """1-based place of the current job in the server's queue; 0 when it runs (or is done)."""
        return self.service.position(self.current)

    def wait_estimate_s(self) -> float:
        """Seconds until the current job starts, estimated from the queue ahead of it."""
        return self.service.wait_estimate_s(self.current)

    def epochs(self) -> list[dict]:
        """The current job's finished epochs (see JobFiles.epochs), or the reused result's history."""
        ticket = self.current
        if ticket is None:
            return []
        if ticket.job is None:
            history = ticket.result.history if ticket.result else {}
            epochs = range(len(history.get("loss", [])))
            return [{"epoch": i + 1, **{k: v[i] for k, v in history.items()}} for i in epochs]
        return ticket.job.files.epochs()

    def fraction_done(self) -> float:
        ticket = self.current
        if ticket is None:
            return 0.0
        current = 1.0 if ticket.done else ticket.job.files.fraction_done()
        return min((self.index + current) / max(len(self.requests), 1), 1.0)

    def stop(self) -> None:
        """Stop the current training after its current batch and drop the rest of the list."""
        self.service.stop(self)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every request is done (tests, notebooks); True if done."""
        return self.finished.wait(timeout)

    def outcomes(self) -> list[Ticket]:
        """The tickets of the requests that were reached, in order."""
        return list(self.tickets)


class TrainingService:
    """Queue + single flight + result cache in front of an executor (see the module docstring)."""

    def __init__(self, executor, directory: str | None = None, cache_size: int = MAX_CACHED_RESULTS,
                 max_queued: int = MAX_QUEUED):
        self.executor = executor
        # this process's own new folder (under `directory`, e.g. RNNVIZ_JOB_DIR shared with others): no stale
        # job1.cancel of an earlier server can stop a training, no old progress line reads as live
        self.directory = process_job_folder(directory)
        self._token = self.directory.name[-8:] if directory else secrets.token_hex(4)
        self.cache_size, self.max_queued = cache_size, max_queued
        self._lock = threading.RLock()
        self._queue: deque[Job] = deque()
        self._running: list[Job] = []
        self._in_flight: dict = {}                  # cache_key -> Job queued or running
        self._results: OrderedDict = OrderedDict()  # cache_key -> TrainingResult of a whole training
        self._batches: dict[str, Batch] = {}        # session -> its unfinished batch
        self._dead_since: dict[str, float] = {}     # session -> when it was first seen closed
        self._ids = itertools.count(1)
        self._seconds_per_cost = DEFAULT_SECONDS_PER_COST
        self.trainings_started = 0

    # -- sessions' side
    def submit(self, requests, session_id: str, datasets=None, owner: str = "") -> Batch:
        """Queue `requests` (a list) for `session_id`. `Refused` (a ValueError) if that session, or another
        session of the same `owner` (a student's browser key), already has a batch going, or the queue is full.

        datasets: the Dataset of each request if the caller has loaded them (sent to the worker with the job).
        """
        requests = list(requests)
        if not requests or not all(isinstance(r, TrainingRequest) for r in requests):
            raise ValueError("submit needs a non-empty list of TrainingRequests")
        with self._lock:
            self._check_room(session_id, owner or session_id, requests[0])
            batch = Batch(self, requests, session_id, datasets, owner)
            self._batches[session_id] = batch
            self._advance(batch)
        self._dispatch()
        return batch

    def _check_room(self, session_id: str, owner: str, first: TrainingRequest) -> None:
        """Refused unless this student has nothing going and the queue has room (lock held)."""
        if session_id in self._batches:
            raise Refused("session_busy", "a training is already running in this session: wait for it or press Stop")
        if any(batch.owner == owner for batch in self._batches.values()):
            raise Refused("student_busy", "a training of yours is already running in another tab: wait for it or "
                                          "press Stop there")
        key = first.cache_key()
        if len(self._queue) >= self.max_queued and key not in self._results and key not in self._in_flight:
            raise Refused("server_busy", f"the server is busy: {len(self._queue)} trainings waiting; try again in "
                                         "a minute", waiting=len(self._queue))

    def stop(self, batch: Batch) -> None:
        with self._lock:
            batch.stopped = True
            ticket = batch.current
            if ticket is not None and not ticket.done:
                job = ticket.job
                if len(job.wanted()) > 1:
                    ticket.released = True          # the others still want it: only this session lets go
                    ticket.note = "stopped: this training is shared with other students and goes on for them"
                elif job.state == QUEUED:
                    self._queue.remove(job)
                    self._close(job, note="stopped before it started")
                else:
                    job.files.request_cancel()
            self._settle(batch)

    def adopt(self, batch: Batch, session_id: str) -> None:
        """File `batch` under another session (a reload of the same browser took it over), so it is not reaped."""
        with self._lock:
            if self._batches.get(batch.session_id) is batch:
                self._batches.pop(batch.session_id)
            self._dead_since.pop(batch.session_id, None)
            batch.session_id = session_id
            if not batch.done:
                self._batches[session_id] = batch

    def drop_session(self, session_id: str) -> None:
        """A session closed: stop its batch (queued jobs leave the queue unless someone else wants them)."""
        with self._lock:
            batch = self._batches.get(session_id)
        if batch is not None:
            self.stop(batch)

    def reap(self, is_alive, grace_s: float = ABANDON_GRACE_S) -> None:
        """Drop the batches of sessions for which is_alive(session_id) has been false for `grace_s` seconds.

        The grace keeps the place of a student whose connection drops for a moment.
        """
        now = time.monotonic()
        with self._lock:
            for session in list(self._batches):
                if is_alive(session):
                    self._dead_since.pop(session, None)
                else:
                    self._dead_since.setdefault(session, now)
            gone = [session for session, since in self._dead_since.items() if now - since >= grace_s]
        for session in gone:
            self._dead_since.pop(session, None)
            self.drop_session(session)

    def position(self, ticket: Ticket | None) -> int:
        with self._lock:
            if ticket is None or ticket.job is None or ticket.job.state != QUEUED:
                return 0
            return list(self._queue).index(ticket.job) + 1

    def wait_estimate_s(self, ticket: Ticket | None) -> float:
        with self._lock:
            position = self.position(ticket)
            if position == 0:
                return 0.0
            ahead = sum(job.cost for job in list(self._queue)[:position - 1])
            running = sum(job.cost * (1 - job.files.fraction_done()) for job in self._running)
            return (ahead + running) * self._seconds_per_cost / max(self.executor.capacity, 1)

    def sessions_waiting(self) -> int:
        """How many sessions have a batch that is not done (each of them polls its progress)."""
        with self._lock:
            return len(self._batches)

    def queue_length(self) -> int:
        with self._lock:
            return len(self._queue)

    def clear_cache(self) -> None:
        with self._lock:
            self._results.clear()

    def shutdown(self) -> None:
        self.executor.shutdown()

    # -- inside
    def _advance(self, batch: Batch) -> None:
        """Start the next request of the batch (or finish the batch). Called with the lock held."""
        if not batch.stopped and len(batch.tickets) < len(batch.requests):
            index = len(batch.tickets)
            ticket = self._claim(batch.requests[index], batch.datasets[index])
            batch.tickets.append(ticket)
        self._settle(batch)

    def _settle(self, batch: Batch) -> None:
        current = batch.current
        if current is not None and current.done and not batch.stopped and len(batch.tickets) < len(batch.requests):
            self._advance(batch)                # a cached or released ticket: go on at once
        elif current is None or current.done:
            self._batches.pop(batch.session_id, None)
            batch.finished.set()

    def _claim(self, request: TrainingRequest, dataset=None) -> Ticket:
        key = request.cache_key()
        if key in self._results:
            self._results.move_to_end(key)
            return Ticket(request, result=self._results[key], reused=True)
        job = self._in_flight.get(key)
        if job is None:
            job_id = f"job{next(self._ids)}-{self._token}"     # unique across processes sharing a root
            job = self._in_flight[key] = Job(job_id, request, JobFiles(self.directory, job_id), dataset)
            self._queue.append(job)
        ticket = Ticket(request, job=job, reused=bool(job.tickets))
        job.tickets.append(ticket)
        return ticket

    def _dispatch(self) -> None:
        with self._lock:
            while self._queue and len(self._running) < self.executor.capacity:
                job = self._queue.popleft()
                job.state, job.started = RUNNING, time.monotonic()
                self._running.append(job)
                self.trainings_started += 1
                future = self.executor.submit(run_training_job, job.request, str(self.directory), job.id,
                                              job.dataset)
                job.dataset = None       # sent: the server's cache keeps its own copy
                future.add_done_callback(lambda done, job=job: self._finished(job, done))

    def _finished(self, job: Job, future) -> None:
        error = future.exception()
        with self._lock:
            self._running.remove(job)
            if error is None:
                result = future.result()
                if result.shareable:
                    self._remember(job.key, result)
                    if result.wall_time_s > 0 and job.cost > 0:
                        self._seconds_per_cost = 0.7 * self._seconds_per_cost + 0.3 * result.wall_time_s / job.cost
                self._close(job, result=result)
            else:
                self._close(job, error=_one_line(error))
        self._dispatch()

    def _close(self, job: Job, result: TrainingResult | None = None, error: str | None = None,
               note: str | None = None) -> None:
        job.state, job.result, job.error, job.note = DONE, result, error, note
        job.files.epochs()              # read the last lines before the files go
        job.files.remove()
        self._in_flight.pop(job.key, None)
        for ticket in job.tickets:
            ticket.finish_from_job()
        for batch in list(self._batches.values()):
            if batch.current is not None and batch.current.job is job:
                self._settle(batch) if batch.stopped else self._advance(batch)

    def _remember(self, key, result: TrainingResult) -> None:
        self._results[key] = result
        while len(self._results) > self.cache_size:
            self._results.popitem(last=False)


def _one_line(error: BaseException) -> str:
    """What a student reads: a refused setting's own message, else the error's kind and first line."""
    if isinstance(error, ValueError):
        return str(error).splitlines()[0] if str(error) else "a setting was refused"
    from .executors import WorkerLost

    if isinstance(error, WorkerLost):
        return str(error)
    first = str(error).splitlines()[0] if str(error) else ""
    return f"training failed: {type(error).__name__}: {first}".rstrip(": ")
