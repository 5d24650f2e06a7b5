"""Global sensitivity: which uncertain inputs each issue's forecast actually rests on.

Sobol variance decomposition (Sobol' 2001, "Global sensitivity indices for nonlinear
mathematical models and their Monte Carlo estimates", *Mathematics and Computers in
Simulation* 55; estimators of Saltelli et al. 2010, "Variance based sensitivity analysis
of model output", *Computer Physics Communications* 181) computed with SALib (Herman &
Usher 2017, *Journal of Open Source Software* 2(9)). Every uncertain input is driven by
a uniform on (0, 1) mapped through its own quantile function (see
:mod:`realpolitik.analysis.sampling`), so the indices refer to the input distributions
the scenario states. ``S1`` is an input's first-order share of the forecast's variance,
``ST`` its total share including interactions; inputs are ranked by ``ST``.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np

from ..errors import ParameterError
from ..models import get
from ..rng import fresh_seed
from ..scenario import Scenario
from .montecarlo import chunked_forecasts
from .sampling import Sampler


def sobol_indices(sc: Scenario, model: str, *, samples: int = 256, seed: int | None = None,
                  params: Mapping[str, Any] | None = None, **run_on: Any):
    """One row per issue and uncertain input: S1, ST with 95% confidence half-widths and
    the input's rank on the issue (1 = largest ST). The model runs ``samples × (P + 2)``
    times for P uncertain inputs (``samples`` is best a power of 2), in chunks that may
    run on several workers or a Dask cluster (``run_on``: ``workers``, ``backend``,
    ``scheduler``, ``progress``; see :func:`realpolitik.analysis.montecarlo.forecast_batches`)."""
    import pandas as pd
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as design

    get(model)
    if samples < 2:
        raise ParameterError(f"samples must be >= 2, got {samples}")
    sampler = Sampler(sc)
    if sampler.n_inputs == 0:
        raise ParameterError("the scenario has no uncertain inputs: give some values an sd or a range")
    seed = fresh_seed() if seed is None else seed
    problem = {"num_vars": sampler.n_inputs, "names": list(sampler.paths), "bounds": [[0.0, 1.0]] * sampler.n_inputs}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SALib warns when samples is not a power of 2
        u = design.sample(problem, samples, calc_second_order=False, seed=seed)
    f = chunked_forecasts(model, sampler.arrays(u), params, seed, **run_on)
    rows = []
    for k, issue in enumerate(sampler.base.issue_ids):
        y = f[:, k]
        if not np.all(np.isfinite(y)) or np.var(y) == 0:
            s1 = st = s1c = stc = np.zeros(sampler.n_inputs)
        else:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                res = analyze.analyze(problem, y, calc_second_order=False, seed=seed)
            s1, st, s1c, stc = res["S1"], res["ST"], res["S1_conf"], res["ST_conf"]
        for rank, j in enumerate(np.argsort(-np.asarray(st), kind="stable"), start=1):
            rows.append({"model": model, "issue": issue, "input": sampler.paths[j], "S1": float(s1[j]),
                         "S1_conf": float(s1c[j]), "ST": float(st[j]), "ST_conf": float(stc[j]), "rank": rank})
    return pd.DataFrame(rows)
