"""A real Dask cluster on 127.0.0.1 for the tests: a ``dask scheduler`` and ``dask worker``
processes on random ports, one thread and little memory each, stopped by the fixture."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

START_TIMEOUT = 60.0
MEMORY_LIMIT = "600MB"


class LocalDaskCluster:
    """A scheduler and ``workers`` worker processes, each a ``dask`` command of this environment."""

    def __init__(self, folder: Path, workers: int = 2):
        self.folder = folder
        self.file = folder / "scheduler.json"
        self.dask = str(Path(sys.executable).parent / "dask")
        self.processes: list[subprocess.Popen] = []
        self.scheduler = self._start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                     "--scheduler-file", str(self.file))
        deadline = time.monotonic() + START_TIMEOUT
        while not self.file.exists() or not self.file.read_text().strip():
            if time.monotonic() > deadline or self.scheduler.poll() is not None:
                self.close()
                raise RuntimeError(f"the test scheduler did not start (see {folder})")
            time.sleep(0.1)
        self.address: str = json.loads(self.file.read_text())["address"]
        self.workers = [self.add_worker() for _ in range(workers)]
        try:
            if workers:
                self.wait_for(workers)
        except BaseException:
            self.close()
            raise

    def _start(self, *args: str) -> subprocess.Popen:
        log = open(self.folder / f"{args[0]}-{len(self.processes)}.log", "w")  # noqa: SIM115 (kept with the process)
        env = {k: v for k, v in os.environ.items() if not k.startswith("DASK_")}
        proc = subprocess.Popen([self.dask, *args], stdout=log, stderr=subprocess.STDOUT, env=env,
                                cwd=self.folder)
        self.processes.append(proc)
        return proc

    def add_worker(self) -> subprocess.Popen:
        """One more worker process (no nanny: killing it kills the worker)."""
        return self._start("worker", "--scheduler-file", str(self.file), "--host", "127.0.0.1", "--nthreads", "1",
                           "--memory-limit", MEMORY_LIMIT, "--no-nanny", "--no-dashboard")

    def wait_for(self, n: int) -> None:
        """Until ``n`` workers have joined the scheduler."""
        from distributed import Client

        with Client(self.address, timeout=START_TIMEOUT, set_as_default=False) as client:
            client.wait_for_workers(n, timeout=START_TIMEOUT)

    def kill(self, proc: subprocess.Popen) -> None:
        """Kill a process at once (as a crashed machine would vanish)."""
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)

    def close(self) -> None:
        for proc in reversed(self.processes):
            if proc.poll() is None:
                proc.terminate()
        for proc in self.processes:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
