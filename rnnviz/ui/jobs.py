"""One session's trainings, as a thin client of the training service (rnnviz.service).

A page asks for one or more trainings (`TrainingRequest`s); the service queues them in the server process
and trains them in worker processes, one at a time for this session, merging requests that another student
already asked for. `TrainingJob` is what the session keeps: the service's batch, the datasets the session
loaded for it, and, once each training is done, its Run rebuilt in this session (`Run.from_result`: a fresh
model that belongs to this student only). No st.* call here: the live panel reads a job, it never runs in it.
"""

from __future__ import annotations

import time

import pandas as pd

from ..i18n import _
from ..run import Run
from ..service import Batch, get_service
from ..service.service import Refused
from ..training_request import TrainingRequest

__all__ = ["TrainingJob", "TrainingRequest", "submit"]


class TrainingJob:
    """A session's batch of trainings in the service, and the runs it gave."""

    def __init__(self, batch: Batch, datasets: list):
        self.batch = batch
        self.requests = batch.requests
        self.datasets = datasets        # the Dataset of each request, as this session loaded it
        self._runs: list | None = None
        self._errors: list[str] = []
        self._notes: list[str] = []
        self.submitted_at = time.monotonic()   # panel.start_training sets the press: the wait is measured from it

    @property
    def done(self) -> bool:
        return self.batch.done

    @property
    def index(self) -> int:
        return self.batch.index

    @property
    def position(self) -> int:
        """Place of the current training in the server's queue (1 = next); 0 once it runs."""
        return self.batch.position

    def wait_estimate_s(self) -> float:
        return self.batch.wait_estimate_s()

    @property
    def fraction_done(self) -> float:
        return self.batch.fraction_done()

    def current_history(self) -> pd.DataFrame:
        """The current training's finished epochs, indexed by epoch (empty before the first one)."""
        rows = self.batch.epochs()
        return pd.DataFrame(rows).set_index("epoch") if rows else pd.DataFrame()

    def request_stop(self) -> None:
        self.batch.stop()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the service has finished every training of the job (tests, notebooks)."""
        return self.batch.wait(timeout)

    @property
    def runs(self) -> list:
        """The Runs of the finished trainings, in order (built once, when the job is done)."""
        if self._runs is None and self.done:
            self._runs = []
            for ticket, dataset in zip(self.batch.outcomes(), self.datasets):
                if ticket.result is not None:
                    self._runs.append(Run.from_result(ticket.result, dataset, ticket.request, reused=ticket.reused))
                elif ticket.error:
                    self._errors.append(f"'{ticket.request.run_name or ticket.request.config.label()}': {ticket.error}")
                elif ticket.note:
                    self._notes.append(ticket.note)
        return self._runs or []

    @property
    def error(self) -> str | None:
        """One line per training that failed or was refused, joined; None if none did."""
        self.runs   # noqa: B018 - builds the runs, which collects the errors
        return "; ".join(dict.fromkeys(self._errors)) or None

    @property
    def notes(self) -> list[str]:
        """Why a training ended without a run although nothing failed (a Stop before it started)."""
        self.runs   # noqa: B018
        return list(dict.fromkeys(self._notes))


def submit(requests, datasets, session_id: str, owner: str = "") -> TrainingJob:
    """Hand `requests` to the service for this session of student `owner` (their browser's key, "" if unknown).

    ValueError (one line, in the student's language) if this student already has a training going, in this tab
    or another, or the server's queue is full.
    """
    try:
        return TrainingJob(get_service().submit(requests, session_id, datasets, owner=owner), datasets)
    except Refused as refused:
        raise ValueError(refused_text(refused)) from None


def refused_text(refused: Refused) -> str:
    """The service's refusal as the student reads it."""
    if refused.kind == "server_busy":
        return _("The server is busy: {n:,} trainings waiting; try again in a minute.").format(
            n=refused.values["waiting"])
    if refused.kind == "student_busy":
        return _("A training of yours is already running in another tab: wait for it or press Stop there.")
    return _("A training is already running in this session: wait for it or press Stop.")
