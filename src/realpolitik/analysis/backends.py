"""Running independent chunks of work: in process, with joblib, or on a Dask cluster.

Every backend returns the results in task order, so the numbers never depend on which
backend or how many workers ran them. ``progress(done, total)`` is called as tasks
finish, with ``done``/``total`` counted in the tasks' ``size``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from ..errors import MissingExtraError, ParameterError

BACKENDS = ("joblib", "dask")
Progress = Callable[[int, int], None]


def map_tasks(fn: Callable[[Any], Any], tasks: Sequence[Any], sizes: Sequence[int], *, workers: int = 1,
              backend: str = "joblib", progress: Progress | None = None) -> list[Any]:
    """``[fn(t) for t in tasks]``, possibly in parallel; results in task order.

    Local workers are limited to the CPUs this process may use (results do not depend on
    their number); a Dask client that is already running decides for itself.
    """
    if backend not in BACKENDS:
        raise ParameterError(f"unknown backend '{backend}' (known: {', '.join(BACKENDS)})")
    if workers < 1:
        raise ParameterError(f"workers must be >= 1, got {workers}")
    total = int(sum(sizes))
    report = progress or (lambda done, tot: None)
    workers = min(workers, cpu_count())
    if backend == "dask":
        return _dask_map(fn, tasks, sizes, workers, report, total)
    if workers == 1 or len(tasks) == 1:
        results, done = [], 0
        for task, size in zip(tasks, sizes, strict=True):
            results.append(fn(task))
            done += size
            report(done, total)
        return results
    return _joblib_map(fn, tasks, sizes, workers, report, total)


def cpu_count() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _joblib_map(fn, tasks, sizes, workers, report, total) -> list[Any]:
    from joblib import Parallel, delayed

    results, done = [], 0
    stream = Parallel(n_jobs=workers, return_as="generator")(delayed(fn)(t) for t in tasks)
    for result, size in zip(stream, sizes, strict=True):
        results.append(result)
        done += size
        report(done, total)
    return results


def _dask_map(fn, tasks, sizes, workers, report, total) -> list[Any]:
    """On the current Dask client if there is one, else on a local cluster of ``workers`` processes."""
    try:
        from distributed import Client, LocalCluster, as_completed, get_client
    except ImportError:
        raise MissingExtraError("dask[distributed]", "distributed") from None
    try:
        client, own = get_client(), None
    except ValueError:
        own = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None)
        client = Client(own)
    try:
        futures = client.map(fn, list(tasks), pure=False)
        size_of = {f.key: s for f, s in zip(futures, sizes, strict=True)}
        done = 0
        for fut in as_completed(futures):
            done += size_of[fut.key]
            report(done, total)
        return client.gather(futures)
    finally:
        if own is not None:
            client.close()
            own.close()
