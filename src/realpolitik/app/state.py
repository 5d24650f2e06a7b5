"""What the server holds while it runs: the folder, the limits, the corpus folders, the jobs, a summary cache."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Request

from ..errors import RealpolitikError
from ..scenario import load
from .documents import summary
from .folder import Folder
from .jobs import Jobs
from .limits import Limits


@dataclass
class AppState:
    """The server's state (one per app)."""

    folder: Folder
    token: str
    limits: Limits = field(default_factory=Limits)
    corpus: Path | None = None
    store: str | None = None  # run store path; None: the default store ($REALPOLITIK_STORE or the user's)
    jobs: Jobs = field(default_factory=Jobs)
    _summaries: dict[Path, tuple[tuple[int, int], dict[str, Any]]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def summary_of(self, path: Path) -> dict[str, Any]:
        """A file's title, date and size, cached until the file changes."""
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            hit = self._summaries.get(path)
        if hit is not None and hit[0] == key:
            return hit[1]
        out = summary(load(path))
        with self._lock:
            self._summaries[path] = (key, out)
        return out

    def corpus_dirs(self, name: str | None) -> list[Path]:
        """Where cited source files are looked for: ``--corpus``, then the scenario's own folder."""
        dirs = [] if self.corpus is None else [self.corpus]
        if name is not None:
            try:
                dirs.append(self.folder.entry(name).path.parent)
            except RealpolitikError:
                pass
        return dirs

    def last_runs(self) -> dict[Path, dict[str, Any]]:
        """The latest recorded run of each scenario file (by its resolved path)."""
        from ..store import RunStore, store_path

        out: dict[Path, dict[str, Any]] = {}
        try:
            rows = RunStore(store_path(self.store)).summaries(500)
        except RealpolitikError:
            return out
        for row in rows:
            if not row["scenario_file"]:
                continue
            path = Path(row["scenario_file"]).resolve()
            if not path.is_absolute():
                continue
            out.setdefault(path, {"id": row["id"], "created": row["created"], "command": row["command"]})
        return out


def state_of(request: Request) -> AppState:
    return request.app.state.realpolitik
