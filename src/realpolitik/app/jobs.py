"""Long runs in the background: progress as the API reports it, and cancellation.

A job runs one API call in a worker thread; its ``progress`` callback records how far the
call has come and raises :class:`Cancelled` once the job is cancelled, which stops the
call at its next progress report. The page polls the job and stays responsive.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from ..errors import RealpolitikError

KEPT = 50  # finished jobs kept for their results


class Cancelled(Exception):
    """Raised inside a job's progress callback once the job was cancelled."""


class NoSuchJob(RealpolitikError):
    """A job id the server does not know (never started, or forgotten)."""


@dataclass
class Job:
    """One background call: its state, progress and outcome."""

    id: str
    call: str
    state: str = "running"  # running | done | failed | cancelled
    label: str = ""
    done: int = 0
    total: int | None = None
    result: Any = None
    error: dict[str, Any] | None = None
    cancel: threading.Event = field(default_factory=threading.Event)

    def progress(self, label: str, done: int, total: int | None) -> None:
        if self.cancel.is_set():
            raise Cancelled
        self.label, self.done, self.total = label, done, total

    def to_dict(self) -> dict[str, Any]:
        out = {"id": self.id, "call": self.call, "state": self.state, "label": self.label, "done": self.done,
               "total": self.total}
        if self.state == "done":
            out["result"] = self.result
        if self.error is not None:
            out["error"] = self.error
        return out


class Jobs:
    """The server's background jobs (two at a time; more wait their turn)."""

    def __init__(self, workers: int = 2):
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="realpolitik-job")
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def start(self, call: str, work: Callable[[Callable[[str, int, int | None], None]], Any],
              on_error: Callable[[Exception], dict[str, Any]]) -> Job:
        """Run ``work(progress)`` in the background and return its job at once."""
        with self._lock:
            job = Job(id=str(next(self._ids)), call=call)
            self._jobs[job.id] = job
            while len(self._jobs) > KEPT:
                oldest = next(iter(self._jobs))
                if self._jobs[oldest].state == "running":
                    break
                del self._jobs[oldest]

        def run() -> None:
            try:
                job.result = work(job.progress)
                job.state = "done"
            except Cancelled:
                job.state = "cancelled"
            except Exception as exc:  # reported to the page, which shows the message
                job.error = on_error(exc)
                job.state = "cancelled" if job.cancel.is_set() else "failed"

        self._pool.submit(run)
        return job

    def get(self, job_id: str) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise NoSuchJob(f"no job with id {job_id!r}")
        return job

    def cancel(self, job_id: str) -> Job:
        job = self.get(job_id)
        job.cancel.set()
        return job

    def shutdown(self) -> None:
        for job in list(self._jobs.values()):
            job.cancel.set()
        self._pool.shutdown(wait=False, cancel_futures=True)
