"""``backtest``: every model on negotiations with known outcomes, scored."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from ..analysis.backends import Scheduler
from .options import Progress, check_count, check_draws, check_seed, labelled, model_names, model_params
from .recording import StoreLike, record


def backtest(directory: str | os.PathLike, *, models: str | Sequence[str] = "mean", seed: int | None = None,
             params: Mapping[str, Any] | None = None, capability: str | None = None, group: str = "proposal",
             draws: int = 1, position_sd: float | None = None, bootstrap: int | None = None, workers: int = 1,
             backend: str = "joblib", scheduler: Scheduler = None, progress: Progress | None = None,
             store: StoreLike = None):
    """Score models on the cases in ``directory`` (the DEU layout, or scenario files plus
    ``outcomes.csv``); returns a :class:`~realpolitik.analysis.backtest.BacktestResult`.

    ``group``: ``"proposal"`` runs each proposal as one scenario with all its issues (so
    models that link issues can), ``"issue"`` one scenario per issue. Each case is one
    task, run on ``workers``/``backend`` or the Dask cluster at ``scheduler``; the scores
    do not depend on where.
    """
    from ..analysis.backtest import N_BOOT
    from ..analysis.backtest import backtest as run_backtest
    from ..analysis.cases import load_cases

    names = model_names(models)
    per = model_params(params, names)
    seed = check_seed(seed)
    check_draws(draws)
    check_count("workers", workers)
    n_boot = check_count("bootstrap", N_BOOT if bootstrap is None else bootstrap, 100)
    cases = load_cases(directory, capability, position_sd, group)
    tick = labelled(progress, "backtest")
    done = 0

    def advance() -> None:
        nonlocal done
        done += 1
        if tick is not None:
            tick(done, len(cases.cases))

    result = run_backtest(cases, names, seed=seed, params=per, draws=draws, n_boot=n_boot, progress=advance,
                          workers=workers, backend=backend, scheduler=scheduler)
    kwargs = {"directory": os.fspath(directory), "models": names, "seed": seed, "params": per,
              "capability": capability, "group": group, "draws": draws, "position_sd": position_sd, "bootstrap": n_boot}
    return replace(result, run_id=record(store, "backtest", kwargs, None, seed, result, names,
                                         scenario_file=os.fspath(directory)))
