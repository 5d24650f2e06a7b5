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
from typing import TYPE_CHECKING, Any

import click

from ..errors import RealpolitikError
from ..models.result import Result
from ..store import NewRun, RunStore, dumps_json, store_path, stored_result

if TYPE_CHECKING:
    import pandas as pd

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
    produced: dict[str, Any] | None = None  # a replay's Results and analysis


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
    """Record the current command's run (scenario file, parameters, seed, versions, results).

    ``models`` names the models of a run without Results (default: the results' models).

    Returns the run's id, or None when nothing was recorded (``--no-store``, or a replay).
    """
    rec = click.get_current_context().meta[META_KEY]
    if rec.replay:
        rec.produced = {"results": list(results), "analysis": json.loads(dumps_json(analysis))}
        return None
    if rec.path is None:
        return None
    produced = json.loads(dumps_json({"results": [stored_result(r) for r in results], "analysis": analysis}))
    file = rec.invocation[rec.scenario_param]
    invocation = {"params": {**rec.invocation, "seed": seed}, "scenario_param": rec.scenario_param,
                  "outputs": list(rec.outputs)}
    from ..versions import package_versions

    try:
        content = Path(file).read_bytes()
    except OSError as exc:
        raise RealpolitikError(f"{file}: cannot read the scenario to record the run ({exc.strerror})") from None
    run = NewRun(command=rec.command, scenario_file=str(file), scenario=content,
                 invocation=invocation, versions=package_versions(), seed=seed, results=produced["results"],
                 analysis=produced["analysis"], models=tuple(models))
    return RunStore(rec.path).save(run)


def _plain(params: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()}


def table_record(frame: pd.DataFrame) -> dict[str, Any]:
    """An analysis table as JSON-able data (NaN as None), for :func:`record_run`'s ``analysis``."""
    return {"columns": [str(c) for c in frame.columns],
            "rows": frame.astype(object).where(frame.notna(), None).to_dict(orient="records")}
