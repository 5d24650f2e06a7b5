"""Recording CLI runs in the run store: the ``--store``/``--no-store`` options and one helper.

A command opts in with ``@store_options()`` (below ``@main.command()``) and calls
:func:`record_run` once its results are computed. The command's parameters are kept
as given (with the seed actually used), so ``realpolitik runs rerun`` can replay it on
the stored scenario. During a replay nothing is written: the results are handed to
the rerun for comparison instead.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import pandas as pd

from ..errors import RealpolitikError
from ..models.result import Result
from ..store import NewRun, RunStore, base_layout, dumps_json, store_path
from ..versions import package_versions
from .loading import LOADED_KEY

META_KEY = "realpolitik.recording"


@dataclass
class Recording:
    """How the current command records: where to (None: not at all), or for a replay, what it produced."""

    path: Path | None
    command: str = ""
    invocation: dict[str, Any] = field(default_factory=dict)
    scenario_param: str = "file"
    outputs: tuple[str, ...] = ()
    replay: bool = False
    produced: dict[str, Any] | None = None


def store_options(*, scenario_param: str = "file", outputs: Sequence[str] = ()) -> Callable:
    """Add ``--store PATH`` and ``--no-store`` to a command and prepare its recording.

    ``outputs`` names the parameters that are paths the command writes (a replay writes
    them elsewhere).
    """
    def decorate(f: Callable) -> Callable:
        @click.option("--no-store", is_flag=True, help="Do not record this run in the run store.")
        @click.option("--store", "store_file", type=click.Path(dir_okay=False), default=None, metavar="PATH",
                      help="Run store to record in (default: $REALPOLITIK_STORE, else the user data folder).")
        @functools.wraps(f)
        def wrapper(*args: Any, store_file: str | None, no_store: bool, **kwargs: Any) -> Any:
            ctx = click.get_current_context()
            current = ctx.meta.get(META_KEY)
            if not (isinstance(current, Recording) and current.replay):
                ctx.meta[META_KEY] = Recording(
                    path=None if no_store else store_path(store_file), command=ctx.info_name,
                    invocation=_plain(kwargs), scenario_param=scenario_param, outputs=tuple(outputs))
            return f(*args, **kwargs)
        return wrapper
    return decorate


def record_run(seed: int | None, results: Sequence[Result] = (), analysis: dict[str, Any] | None = None,
               models: Sequence[str] = ()) -> int | None:
    """Record the current command's run (the scenario's bytes as loaded, parameters, seed, versions, results).

    ``models`` names the models of a run without Results (default: the results' models).

    Returns the run's id, or None when nothing was recorded (``--no-store``, or a replay).
    """
    ctx = click.get_current_context()
    rec = ctx.meta[META_KEY]
    try:
        produced = json.loads(dumps_json({"results": [r.to_dict() for r in results], "analysis": analysis}))
    except ValueError as exc:
        raise RealpolitikError(f"the run produced a number that is not finite ({exc}); this is a bug, please "
                               "report it with the scenario") from None
    if rec.replay:
        rec.produced = produced
        return None
    if rec.path is None:
        return None
    file = rec.invocation[rec.scenario_param]
    invocation = {"params": {**rec.invocation, "seed": seed}, "scenario_param": rec.scenario_param,
                  "outputs": list(rec.outputs)}
    files = ctx.meta.get(LOADED_KEY)
    if not files:
        raise RealpolitikError(f"{file}: the scenario was not loaded through load_scenario, so it cannot be recorded")
    (_, content), *bases = files
    run = NewRun(command=rec.command, scenario_file=str(file), scenario=content,
                 invocation=invocation, versions=package_versions(), seed=seed, results=produced["results"],
                 analysis=produced["analysis"], models=tuple(models), bases=base_layout(str(file), bases))
    return RunStore(rec.path).save(run)


def _plain(params: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()}


def table_record(frame: pd.DataFrame) -> dict[str, Any]:
    """An analysis table as JSON-able data (NaN as None), for :func:`record_run`'s ``analysis``."""
    return {"columns": [str(c) for c in frame.columns],
            "rows": frame.astype(object).where(frame.notna(), None).to_dict(orient="records")}
