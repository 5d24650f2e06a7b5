"""Background jobs: progress, results, failures and cancellation at the next progress report."""

from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("fastapi", reason="the app extra is not installed")

from realpolitik.app.jobs import Jobs, NoSuchJob  # noqa: E402
from realpolitik.errors import ParameterError  # noqa: E402


def _wait(job, timeout=10.0):
    deadline = time.monotonic() + timeout
    while job.state == "running":
        assert time.monotonic() < deadline, "the job did not finish"
        time.sleep(0.01)
    return job


def _error(exc):
    return {"message": str(exc)}


def test_a_job_reports_progress_and_its_result():
    jobs = Jobs()
    seen = []

    def work(progress):
        for i in range(3):
            progress("draws", i + 1, 3)
            seen.append((i + 1, 3))
        return {"answer": 42}

    job = _wait(jobs.start("forecast", work, _error))
    assert job.state == "done" and job.to_dict()["result"] == {"answer": 42}
    assert (job.label, job.done, job.total) == ("draws", 3, 3)
    assert jobs.get(job.id) is job
    jobs.shutdown()


def test_a_failed_job_keeps_its_message():
    jobs = Jobs()

    def work(progress):
        raise ParameterError("draws must be at least 1")

    job = _wait(jobs.start("forecast", work, _error))
    assert job.state == "failed" and job.to_dict()["error"] == {"message": "draws must be at least 1"}
    assert "result" not in job.to_dict()
    jobs.shutdown()


def test_cancel_stops_the_work_at_its_next_progress_report():
    jobs = Jobs()
    started, steps = threading.Event(), []

    def work(progress):
        for i in range(1000):
            progress("draws", i, 1000)
            steps.append(i)
            started.set()
            time.sleep(0.005)
        return "finished"

    job = jobs.start("whatif", work, _error)
    started.wait(5)
    jobs.cancel(job.id)
    _wait(job)
    assert job.state == "cancelled" and len(steps) < 1000
    jobs.shutdown()


def test_an_unknown_job_is_an_error():
    with pytest.raises(NoSuchJob):
        Jobs().get("nope")
