"""Recording API calls in the run store, and replaying them.

A recorded run keeps the exact scenario bytes that were loaded, the name of the API
call and its keyword arguments as plain data (``{"call": "forecast", "kwargs": {...}}``),
the seed, the package versions and what the call produced. :func:`rerun` replays a run
by calling the same API function on the stored bytes and compares every number.
Nothing is serialised unless it is written.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..errors import RealpolitikError
from ..scenario import Scenario, load
from ..store import NewRun, RunStore, base_layout, dumps_json, lay_out, store_path
from ..versions import package_versions

StoreLike = bool | str | os.PathLike | None
"""None or False: do not record; True: the default store; a path: that store."""


def open_store(store: StoreLike = True) -> RunStore:
    """The run store at ``store`` (True or None: ``$REALPOLITIK_STORE``, else the user data folder)."""
    return RunStore(store_path(None if store in (True, None) else store))


def scenario_files(sc: Scenario) -> tuple[bytes, tuple[tuple[str, bytes], ...]]:
    """The bytes the scenario was loaded from, read once by the loader, and its ``extends:`` bases
    (for a scenario built in code, or a workbook: its YAML, no bases)."""
    if sc.loaded_files:
        (_, content), *bases = sc.loaded_files
        return content, tuple(bases)
    from ..scenario import yaml_io

    return yaml_io.dumps(sc).encode("utf-8"), ()


def plain(value: Any) -> Any:
    """Keyword arguments as JSON-able data (tuples as lists, paths as text)."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if hasattr(value, "item"):
        return value.item()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def produced(results: Sequence[Any] = (), analysis: Any = None) -> dict[str, Any]:
    """What a run produced, as the store keeps it (:mod:`realpolitik.store.compact`) and reads it back."""
    from ..store.compact import stored_result

    return json.loads(dumps_json({"results": [stored_result(r) for r in results], "analysis": analysis}))


class Recordable(Protocol):
    def produced(self) -> dict[str, Any]: ...


def record(store: StoreLike, call: str, kwargs: Mapping[str, Any], sc: Scenario | None, seed: int | None,
           made: Recordable, models: Sequence[str] = (), scenario_file: str | None = None) -> int | None:
    """Record one API call in ``store``; returns the run id (None when ``store`` is None or False).

    ``made.produced()`` (the numbers a replay must reproduce) is only computed here, when written.
    """
    if store is None or store is False:
        return None
    out = made.produced()
    content, bases = scenario_files(sc) if sc is not None else (b"", ())
    name = scenario_file or (sc.origin if sc is not None and sc.origin else "")
    if sc is not None and not sc.loaded_files and not name.endswith((".yaml", ".yml")):
        name = f"{name or 'scenario'}.yaml"  # what is stored is the scenario as YAML
    run = NewRun(command=call, scenario_file=str(name), scenario=content,
                 invocation={"call": call, "kwargs": plain(dict(kwargs))}, versions=package_versions(),
                 seed=seed, results=out["results"], analysis=out["analysis"], models=tuple(models),
                 bases=base_layout(str(name), bases))
    return open_store(store).save(run)


@dataclass(frozen=True)
class Rerun:
    """The outcome of replaying a recorded run."""

    run_id: int
    seed: int | None
    reproduced: bool
    output: str | None = None  # the file the replayed call wrote, when kept


def rerun(run_id: int, *, store: StoreLike = True, output: str | os.PathLike | None = None) -> Rerun:
    """Replay run ``run_id`` from its stored scenario bytes, call and seed; compare every number.

    A call that writes a file (a report) writes it to ``output`` when given, else to a
    temporary folder that is removed afterwards.
    """
    from . import CALLS

    stored = open_store(store).get(run_id)
    call = stored.invocation.get("call")
    if call is None:
        raise RealpolitikError(f"run {stored.id} was recorded by an older version of realpolitik; "
                               "it can be shown and exported but not replayed")
    fn: Callable[..., Any] | None = CALLS.get(call)
    if fn is None:
        raise RealpolitikError(f"run {stored.id} was made by '{call}', which this installation lacks")
    kwargs = dict(stored.invocation["kwargs"])
    with tempfile.TemporaryDirectory(prefix="realpolitik-rerun-") as tmp:
        if stored.scenario:  # calls on one scenario (a backtest replays from its folder)
            path = lay_out(Path(tmp), stored)  # the file and its extends: bases, as they lay
            kwargs["scenario"] = load(path, allow_outside=True)  # bases above the file lie in the same folder
        if kwargs.get("output"):
            kwargs["output"] = str(output) if output else str(Path(tmp) / Path(str(kwargs["output"])).name)
        result = fn(**kwargs, store=None)
        again = result.produced()
    return Rerun(stored.id, stored.seed, again == {"results": list(stored.results), "analysis": stored.analysis},
                 str(output) if output and kwargs.get("output") else None)
