"""The same job function on a Dask distributed cluster, past one machine (env RNNVIZ_DASK_SCHEDULER).

Each job is one Dask task calling `run_training_job` (the worker imports TensorFlow at its first job). Its
capacity is the cluster's total worker threads, so jobs never wait inside Dask either: the queue, merging
and fairness stay in the service. Progress and Stop use the same file protocol, so the job directory must
be shared by the server and the workers (the same machine, or a shared volume). Dask's own memory limit
restarts a worker that outgrows it: a job lost that way is reported to its student as one line.
"""

from __future__ import annotations

from concurrent.futures import Future


class DaskSlots:
    """Executor protocol (capacity, submit, shutdown) over a distributed.Client."""

    def __init__(self, address_or_client, capacity: int | None = None):
        from distributed import Client

        self.client = address_or_client if isinstance(address_or_client, Client) else Client(address_or_client)
        self._own_client = not isinstance(address_or_client, Client)
        self.capacity = capacity or max(1, sum(self.client.nthreads().values()))

    def submit(self, fn, *args) -> Future:
        outer: Future = Future()
        task = self.client.submit(fn, *args, pure=False)   # never merged by Dask: the service merges

        def finished(done):
            try:
                outer.set_result(done.result())
            except BaseException as error:  # noqa: BLE001 - KilledWorker, the job's own error: all reported
                outer.set_exception(_reported(error))

        task.add_done_callback(finished)
        return outer

    def shutdown(self) -> None:
        if self._own_client:
            self.client.close()


def _reported(error: BaseException) -> BaseException:
    from distributed.scheduler import KilledWorker

    from .executors import WorkerLost

    if isinstance(error, KilledWorker):
        return WorkerLost("the training's Dask worker stopped unexpectedly (killed or over its memory limit); "
                          "you can train again")
    return error if isinstance(error, Exception) else RuntimeError(str(error))
