"""Running independent tasks: in process, with joblib, or on a Dask cluster.

:func:`map_tasks` is ``[fn(task) for task in tasks]`` run on one of these backends, with
the results in task order. A task's result depends only on the task (its data and the
seed it carries), never on the worker that ran it or on when it ran; the analyses cut
their work into tasks by rules that depend on the problem alone (docs/uncertainty.md,
docs/scaling.md). The numbers therefore never depend on the backend or the number of
workers. ``progress(done, total)`` is called as tasks finish, counted in the tasks'
``sizes``.

Where the Dask tasks run, first match wins:

1. ``scheduler``: an address (``tcp://host:8786``) or a ``distributed.Client``; giving one
   selects the Dask backend;
2. with ``backend="dask"``: the scheduler of Dask's own configuration
   (``scheduler-address``, e.g. the ``DASK_SCHEDULER_ADDRESS`` environment variable);
3. with ``backend="dask"``: the Dask client already running in this process;
4. with ``backend="dask"``: a private local cluster of ``workers`` processes, closed afterwards.

An existing cluster (1 and 2) is checked before any work is sent: it must answer within
:data:`CONNECT_TIMEOUT` seconds, have at least one worker, and every worker must run this
version of realpolitik. The connection is kept for the process and announced once, on
the ``realpolitik.cluster`` logger, with the address and the number of workers. A task
lost with its worker is rerun elsewhere by Dask, and a task that fails is retried
:data:`RETRIES` times; a run that still cannot finish raises :class:`ClusterError`
naming the address and the task.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from typing import Any

from ..errors import ClusterError, MissingExtraError, ParameterError, RealpolitikError

BACKENDS = ("joblib", "dask")
Progress = Callable[[int, int], None]
Scheduler = Any  # an address (str) or a distributed.Client

CONNECT_TIMEOUT = 10.0  # seconds to reach a scheduler, and to wait for a worker when it has none
RETRIES = 2  # further tries of a task that raised on a worker
POLL = 1.0  # seconds between checks that the cluster still has workers
log = logging.getLogger("realpolitik.cluster")
_clients: dict[str, Any] = {}  # address -> connected, checked Client


def map_tasks(fn: Callable[..., Any], tasks: Sequence[Any], sizes: Sequence[int] | None = None, *,
              shared: Any = None, workers: int = 1, backend: str = "joblib", scheduler: Scheduler = None,
              progress: Progress | None = None, label: str = "tasks",
              names: Sequence[str] | None = None) -> list[Any]:
    """``[fn(t) for t in tasks]`` (or ``[fn(shared, t) ...]`` when ``shared`` is given), in parallel.

    ``fn`` must be picklable (a module-level function or a ``functools.partial`` of one),
    and so must the tasks and ``shared``; on Dask, ``shared`` is sent to the cluster once
    rather than with every task. ``sizes`` weigh the tasks for ``progress`` (default 1
    each). ``label`` and ``names`` (one per task) name the work in error messages.
    ``workers`` is the number of local processes (joblib, or a private Dask cluster); an
    existing cluster uses all its workers. Local workers are limited to the CPUs this process
    may use (results do not depend on their number).
    """
    if backend not in BACKENDS:
        raise ParameterError(f"unknown backend '{backend}' (known: {', '.join(BACKENDS)})")
    if workers < 1:
        raise ParameterError(f"workers must be >= 1, got {workers}")
    sizes = [1] * len(tasks) if sizes is None else list(sizes)
    if len(sizes) != len(tasks):
        raise ParameterError(f"{len(tasks)} tasks but {len(sizes)} sizes")
    total = int(sum(sizes))
    report = progress or (lambda done, tot: None)
    workers = min(workers, cpu_count())
    report(0, total)  # the total is known from the start: the bar counts from 0 of it
    call = fn if shared is None else (lambda t: fn(shared, t))
    if scheduler is not None or backend == "dask":
        return _dask_map(fn, tasks, sizes, shared, workers, scheduler, report, total, label, names)
    if workers == 1 or len(tasks) <= 1:
        results, done = [], 0
        for task, size in zip(tasks, sizes, strict=True):
            results.append(call(task))
            done += size
            report(done, total)
        return results
    return _joblib_map(fn, tasks, sizes, shared, workers, report, total)


def cpu_count() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _joblib_map(fn, tasks, sizes, shared, workers, report, total) -> list[Any]:
    from joblib import Parallel, delayed

    results, done = [], 0
    calls = (delayed(fn)(t) if shared is None else delayed(fn)(shared, t) for t in tasks)
    for result, size in zip(Parallel(n_jobs=workers, return_as="generator")(calls), sizes, strict=True):
        results.append(result)
        done += size
        report(done, total)
    return results


def configured_scheduler() -> str | None:
    """The scheduler address of Dask's configuration (``DASK_SCHEDULER_ADDRESS``), if any."""
    try:
        import dask
    except ImportError:
        return None
    address = dask.config.get("scheduler-address", None) or dask.config.get("scheduler_address", None)
    return str(address) if address else None


def connect(scheduler: Scheduler, *, timeout: float | None = None) -> Any:
    """A checked ``distributed.Client`` of an existing cluster: ``scheduler`` is an address
    or a Client. Raises :class:`ClusterError` when the scheduler does not answer within
    ``timeout`` seconds, has no worker within ``timeout`` seconds, or a worker lacks this
    version of realpolitik (``timeout`` defaults to :data:`CONNECT_TIMEOUT`). The connection
    is reused by later calls in this process."""
    timeout = CONNECT_TIMEOUT if timeout is None else timeout
    Client = _distributed().Client
    ours = not isinstance(scheduler, Client)
    if not ours:
        client, address = scheduler, _address(scheduler)
    else:
        address = str(scheduler).strip()
        if not address:
            raise ParameterError("the scheduler address is empty (e.g. tcp://scheduler-host:8786)")
        client = _clients.get(address)
        if client is not None and client.status == "running":
            return client
        try:
            client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {address} within {timeout:g} s "
                               f"({_reason(exc)})") from None
    if _clients.get(address) is client:
        return client
    try:
        n = _checked_workers(client, address, timeout)
    except BaseException:
        if ours:
            client.close()
        raise
    _clients[address] = client
    log.info("running on the Dask cluster at %s (%d worker%s)", address, n, "" if n == 1 else "s")
    return client


def _checked_workers(client: Any, address: str, timeout: float) -> int:
    """The number of workers, once there is at least one and all run this version of realpolitik."""
    try:
        if not client.nthreads():
            client.wait_for_workers(1, timeout=timeout)
        _check_versions(client, address)
        return len(client.nthreads())
    except (OSError, TimeoutError) as exc:
        if isinstance(exc, TimeoutError) and client.status == "running":
            raise ClusterError(f"the Dask scheduler at {address} has no workers (none joined within "
                               f"{timeout:g} s)") from None
        raise ClusterError(f"lost the Dask scheduler at {address} ({_reason(exc)})") from None


def close_clients() -> None:
    """Close the connections :func:`connect` keeps open (it reconnects when next asked)."""
    while _clients:
        _, client = _clients.popitem()
        client.close()


def local_version() -> str:
    """The version of realpolitik installed here, which every worker must have too."""
    return metadata.version("realpolitik")


def _check_versions(client: Any, address: str) -> None:
    """Every worker must have this version of realpolitik (asked before any work is sent)."""
    ours = local_version()
    found = client.run(metadata.version, "realpolitik", on_error="return")
    wrong = {w: v for w, v in sorted(found.items()) if v != ours}
    if wrong:
        worker, theirs = next(iter(wrong.items()))
        what = ("does not have realpolitik installed" if isinstance(theirs, Exception)
                else f"runs realpolitik {theirs}")
        raise ClusterError(f"the Dask worker {worker} of {address} {what}, this machine runs {ours} "
                           f"({len(wrong)} of {len(found)} workers differ); install realpolitik {ours} "
                           f"on every worker")


def _dask_map(fn, tasks, sizes, shared, workers, scheduler, report, total, label, names) -> list[Any]:
    dist = _distributed()
    if scheduler is None:
        scheduler = configured_scheduler()
    own = None
    if scheduler is not None:
        client = connect(scheduler)
        address = _address(client)
    else:
        try:
            client = dist.get_client()
        except ValueError:
            own = local_cluster(workers)
            client = dist.Client(own, set_as_default=False)
        address = _address(client)
    try:
        return _run_on(client, address, fn, tasks, sizes, shared, report, total, label, names)
    finally:
        if own is not None:
            client.close()
            own.close()


def local_cluster(workers: int) -> Any:
    """A private ``distributed.LocalCluster`` of ``workers`` single-thread processes (the caller closes it).

    Its workers keep the C library's adaptive memory thresholds: with the
    ``MALLOC_TRIM_THRESHOLD_=65536`` Dask's nannies set by default, the models' large
    temporary arrays are allocated and freed from the system each time, which made the
    expected-utility model about 3 times slower (docs/scaling.md).
    """
    import dask

    dist = _distributed()
    environ = {k: v for k, v in dask.config.get("distributed.nanny.pre-spawn-environ", {}).items()
               if k != "MALLOC_TRIM_THRESHOLD_"}
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}):
        return dist.LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None)


def _run_on(client, address, fn, tasks, sizes, shared, report, total, label, names) -> list[Any]:
    dist = _distributed()
    if not tasks:
        return []
    futures: list[Any] = []
    pending: set[Any] = set()
    index: dict[Any, int] = {}

    def unfinished() -> str:
        first = min((index[f.key] for f in pending), default=0)
        more = f" and {len(pending) - 1} more" if len(pending) > 1 else ""
        return f"{label} {_which(first, len(tasks), names)}{more} did not finish; nothing was kept"

    try:
        if shared is None:
            futures = client.map(fn, list(tasks), pure=False, retries=RETRIES)
        else:
            [held] = client.scatter([shared], hash=False)
            futures = client.map(fn, [held] * len(tasks), list(tasks), pure=False, retries=RETRIES)
        index = {f.key: i for i, f in enumerate(futures)}
        pending, done, idle_since = set(futures), 0, None
        while pending:
            try:
                with client.as_current():
                    finished, pending = dist.wait(pending, timeout=POLL, return_when="FIRST_COMPLETED")
            except TimeoutError:
                if client.nthreads():
                    idle_since = None
                elif idle_since is None:
                    idle_since = time.monotonic()
                elif time.monotonic() - idle_since > CONNECT_TIMEOUT:
                    raise ClusterError(f"every worker of the Dask cluster at {address} left: "
                                       f"{unfinished()}") from None
                continue
            for f in finished:
                if f.status == "error":
                    raise _TaskFailed(_task_error(f, index[f.key], len(tasks), address, label, names))
                done += sizes[index[f.key]]
                report(done, total)
        return client.gather(futures)
    except BaseException as exc:
        if isinstance(exc, _TaskFailed):
            _cancel(client, futures)
            raise exc.error from None
        if isinstance(exc, OSError | dist.CancelledError) and not isinstance(exc, RealpolitikError):
            if _workers(client) == 0:
                raise ClusterError(f"every worker of the Dask cluster at {address} left: {unfinished()}") from None
            raise ClusterError(f"lost the Dask scheduler at {address} ({type(exc).__name__}): "
                               f"{unfinished()}") from None
        _cancel(client, futures)
        raise


def _workers(client: Any) -> int | None:
    """How many workers the scheduler has now (None when it cannot be asked)."""
    try:
        return len(client.nthreads()) if client.status == "running" else None
    except OSError:
        return None


def _cancel(client: Any, futures: list[Any]) -> None:
    if futures and client.status == "running":
        client.cancel(futures)


class _TaskFailed(Exception):
    """Carries the error of a failed task out of the waiting loop."""

    def __init__(self, error: BaseException):
        super().__init__(str(error))
        self.error = error


def _task_error(future, i, n, address, label, names) -> BaseException:
    """The error of a failed task: a task that killed its workers as a ClusterError, any
    other as raised on the worker (realpolitik's own errors keep their one-line message)."""
    exc = future.exception()
    if isinstance(exc, _distributed().KilledWorker):
        return ClusterError(f"{label} {_which(i, n, names)} failed on the Dask cluster at {address}: the workers "
                            f"running it died (it was tried on several); nothing was kept")
    return exc


def _which(i: int, n: int, names: Sequence[str] | None) -> str:
    return f"{i + 1} of {n}" + (f" ({names[i]})" if names is not None else "")


def _address(client: Any) -> str:
    try:
        return str(client.scheduler.address)
    except AttributeError:
        return "the local cluster"


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _distributed():
    try:
        import distributed
    except ImportError:
        raise MissingExtraError("dask[distributed]", "distributed") from None
    return distributed
