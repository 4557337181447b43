"""Where alignment jobs run: in this process, on a pool of processes, or on a Dask cluster.

Every executor takes jobs (services/align_jobs.py, plain data) and gives back each job with its
batches of links; the caller, the database's one writer, saves them. A job's links are the same
wherever it ran, so the database is too. At most a few jobs per worker are in flight at once,
so memory stays bounded however many stories there are.

- Here: one job after another, its batches worked out as they are saved (an interruption keeps
  every batch saved before it).
- Pool (`--jobs N`): N worker processes started clean (forkserver: no open database is carried
  into a child), for a machine's cores.
- Dask (`--dask-scheduler tcp://host:8786` or WORKBENCH_DASK_SCHEDULER): the jobs go to an
  existing Dask cluster (`pip install 'workbench[dask]'`), for a corpus past one machine.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Protocol

from workbench.models import WorkbenchError
from workbench.services.align_jobs import Batch, StoryJob, run, run_all

SCHEDULER_VARIABLE = "WORKBENCH_DASK_SCHEDULER"
IN_FLIGHT = 2  # jobs per worker sent ahead


class Executor(Protocol):
    name: str

    def map(self, jobs: Iterable[StoryJob]) -> Iterator[tuple[StoryJob, Iterable[Batch]]]: ...

    def close(self) -> None: ...


class Here:
    name = "this process"

    def map(self, jobs: Iterable[StoryJob]) -> Iterator[tuple[StoryJob, Iterable[Batch]]]:
        for job in jobs:
            yield job, run(job)

    def close(self) -> None:
        pass


class Pool:
    def __init__(self, workers: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
        if os.name == "posix":
            context.set_forkserver_preload(["workbench.services.align_jobs"])
        self.workers = workers
        self.name = f"{workers} processes"
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)

    def map(self, jobs: Iterable[StoryJob]) -> Iterator[tuple[StoryJob, Iterable[Batch]]]:
        from concurrent.futures import FIRST_COMPLETED, wait

        waiting = iter(jobs)
        running = {self._pool.submit(run_all, job): job for job in islice(waiting, self.workers * IN_FLIGHT)}
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: _order(running[f])):
                job = running.pop(future)
                for more in islice(waiting, 1):
                    running[self._pool.submit(run_all, more)] = more
                yield job, _result(future.result)

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


class Dask:
    def __init__(self, address: str) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise WorkbenchError(
                "the Dask scheduler needs Dask's distributed package: pip install 'workbench[dask]'"
            ) from None
        try:
            self._client = Client(address, timeout="10s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as error:
            raise WorkbenchError(f"cannot reach the Dask scheduler at {address}: {error}") from None
        workers = len(self._client.scheduler_info().get("workers", {})) or 1
        self.workers = workers
        self.name = f"the Dask cluster at {address} ({workers} workers)"

    def map(self, jobs: Iterable[StoryJob]) -> Iterator[tuple[StoryJob, Iterable[Batch]]]:
        from distributed import as_completed

        waiting = iter(jobs)
        first = [
            (self._client.submit(run_all, job, pure=False), job)
            for job in islice(waiting, self.workers * IN_FLIGHT)
        ]
        if not first:
            return
        futures = {future.key: job for future, job in first}
        queue = as_completed([future for future, _ in first], loop=self._client.loop)
        for future in queue:
            job = futures.pop(future.key)
            for more in islice(waiting, 1):
                submitted = self._client.submit(run_all, more, pure=False)
                futures[submitted.key] = more
                queue.add(submitted)
            yield job, _result(future.result)

    def close(self) -> None:
        self._client.close()


def executor(jobs: int | None = None, scheduler: str | None = None) -> Executor:
    """A Dask cluster when a scheduler is named (here or in WORKBENCH_DASK_SCHEDULER), else a pool
    of `jobs` processes (None: one per core), else this process."""
    scheduler = scheduler or os.environ.get(SCHEDULER_VARIABLE) or None
    if scheduler:
        return Dask(scheduler)
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    return Pool(workers) if workers > 1 else Here()


def _result(get: Callable[[], list[Batch]]) -> list[Batch]:
    """A job's result; a worker that died (killed, out of memory) is one clear error: what was
    saved before stays, and the same command goes on from there."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return get()
    except BrokenProcessPool:
        raise WorkbenchError(STOPPED.format(what="a worker process stopped")) from None
    except Exception as error:
        kind = type(error).__name__
        if kind in ("KilledWorker", "CommClosedError", "CancelledError"):
            raise WorkbenchError(STOPPED.format(what=f"a Dask worker was lost ({kind})")) from None
        raise


STOPPED = "{what} before its job was done; the links saved so far are kept: run the same command again"


def _order(job: StoryJob) -> tuple[bool, str]:
    return job.story is None, job.story or ""
