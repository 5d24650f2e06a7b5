"""Cross-validation grouped by proposal: fitted forecasts scored on proposals they never saw.

A fitted forecast (a weighted average of models, with weights chosen on data) must be
scored on cases that played no part in fitting it. Here the cases are split into folds
by proposal (:func:`grouped_folds`: all issues of a proposal fall in one fold, so that
issues negotiated together never sit on both sides), each fold is forecast by weights
fitted on the other folds, and the out-of-fold errors are compared with the mean's on
the same issues by a bootstrap that resamples whole proposals (:func:`paired_by_group`).

The candidates (:data:`CANDIDATES`) are fixed in advance: the compromise model alone,
and convex combinations ("stacking", Wolpert 1992, *Neural Networks* 5(2); Breiman
1996, *Machine Learning* 24(1), with weights >= 0 summing to 1 as Breiman recommends)
of the models in :data:`COMPONENTS`, fitted by least absolute deviation
(:func:`fit_weights`) separately for issues with and without a reference point, since
models that need a status quo cannot forecast the latter. Convex weights keep every
forecast inside the range the models span.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import models
from .backtest import backtest
from .cases import CaseSet

FOLDS = 10
REPEATS = 5
N_BOOT = 2000


@dataclass(frozen=True)
class Component:
    """One model with fixed parameters, as an input of a combination."""

    label: str
    model: str
    params: Mapping[str, Any]

    @property
    def needs_status_quo(self) -> bool:
        return models.get(self.model).needs_status_quo


COMPONENTS = (
    Component("mean", "mean", {}),
    Component("median", "median", {}),
    Component("eum", "eum", {}),
    Component("exchange", "exchange", {}),
    Component("smp", "smp", {}),
    Component("status-quo", "status-quo", {}),
    Component("nash", "nash", {}),
    Component("nash cost 10", "nash", {"cost": 10.0}),
    Component("nash cost 25", "nash", {"cost": 25.0}),
    Component("nash cost 50", "nash", {"cost": 50.0}),
    Component("nash gainers", "nash", {"players": "gainers"}),
    Component("kalai-smorodinsky", "kalai-smorodinsky", {}),
    Component("kalai-smorodinsky cost 25", "kalai-smorodinsky", {"cost": 25.0}),
    Component("procedural", "procedural", {}),
    Component("procedural cost 10", "procedural", {"cost": 10.0}),
    Component("procedural cost 25", "procedural", {"cost": 25.0}),
    Component("procedural cost 50", "procedural", {"cost": 50.0}),
)

# candidate name → the component labels it may combine ("mean" alone is the unfitted baseline)
CANDIDATES = {
    "mean": ("mean",),
    "mean + median": ("mean", "median"),
    "mean + procedure": ("mean", "median", "status-quo", "procedural", "procedural cost 10", "procedural cost 25",
                         "procedural cost 50"),
    "mean + bargaining": ("mean", "median", "nash", "nash cost 10", "nash cost 25", "nash cost 50", "nash gainers",
                          "kalai-smorodinsky cost 25"),
    "all models": ("mean", "median", "eum", "exchange", "smp", "status-quo", "nash", "nash cost 10", "nash cost 25",
                   "nash cost 50", "nash gainers", "kalai-smorodinsky cost 25", "procedural", "procedural cost 10",
                   "procedural cost 25", "procedural cost 50"),
}


@dataclass(frozen=True)
class ComponentTable:
    """Each scored issue's outcome, its proposal, whether it has a reference point and every component's forecast.

    ``forecasts`` is ``(issues, components)``, NaN where a component does not apply
    (models that need a status quo, on issues without one). ``spread`` is the range of
    the positions of the actors taking part (for predictive intervals).
    """

    keys: tuple[tuple[str, str], ...]
    proposals: tuple[str, ...]
    outcomes: np.ndarray
    has_status_quo: np.ndarray
    spread: np.ndarray
    labels: tuple[str, ...]
    forecasts: np.ndarray

    def column(self, label: str) -> np.ndarray:
        return self.forecasts[:, self.labels.index(label)]

    def subset(self, rows: np.ndarray) -> ComponentTable:
        return ComponentTable(tuple(self.keys[i] for i in rows), tuple(self.proposals[i] for i in rows),
                              self.outcomes[rows], self.has_status_quo[rows], self.spread[rows], self.labels,
                              self.forecasts[rows])


def component_table(cases: CaseSet, components: Sequence[Component] = COMPONENTS, *, seed: int = 0,
                    progress: Callable[[], None] | None = None) -> ComponentTable:
    """Run every component on every case (one backtest per component) and tabulate the forecasts."""
    spreads: dict[tuple[str, str], float] = {}
    proposals: dict[tuple[str, str], str] = {}
    outcomes: dict[tuple[str, str], float] = {}
    has_sq: dict[tuple[str, str], bool] = {}
    for case in cases.cases:
        for issue_id, outcome in case.outcomes.items():
            key = (case.name, issue_id)
            values = [s.position.value for s in case.scenario.stances if s.issue == issue_id]
            issue = case.scenario.issue(issue_id)
            spreads[key] = (max(values) - min(values)) * 100.0 / (issue.upper - issue.lower)
            outcomes[key] = (outcome - issue.lower) * 100.0 / (issue.upper - issue.lower)
            proposals[key] = case.labels_of(issue_id).get("proposal", case.name)
            has_sq[key] = issue.status_quo is not None
    keys = tuple(outcomes)
    table = np.full((len(keys), len(components)), np.nan)
    index = {k: n for n, k in enumerate(keys)}
    for j, comp in enumerate(components):
        result = backtest(cases, [comp.model], seed=seed, params={comp.model: dict(comp.params)}, n_boot=100)
        for r in result.records:
            issue = next(c for c in cases.cases if c.name == r.case).scenario.issue(r.issue)
            table[index[(r.case, r.issue)], j] = (r.forecast - issue.lower) * 100.0 / (issue.upper - issue.lower)
        if progress is not None:
            progress()
    return ComponentTable(keys, tuple(proposals[k] for k in keys), np.array([outcomes[k] for k in keys]),
                          np.array([has_sq[k] for k in keys]), np.array([spreads[k] for k in keys]),
                          tuple(c.label for c in components), table)


def grouped_folds(groups: Sequence[str], k: int, seed: int) -> list[np.ndarray]:
    """Row indices of ``k`` folds; every group (proposal) falls in exactly one fold.

    Groups are shuffled by ``seed`` and dealt, largest first, to the fold with the
    fewest rows so far, so folds hold similar numbers of issues.
    """
    names = list(dict.fromkeys(groups))
    if k < 2 or k > len(names):
        raise ValueError(f"cannot make {k} folds of {len(names)} groups")
    rng = np.random.default_rng(seed)
    order = [names[i] for i in rng.permutation(len(names))]
    size = {g: 0 for g in names}
    for g in groups:
        size[g] += 1
    order.sort(key=lambda g: -size[g])  # stable: equal sizes keep their shuffled order
    fold_of, load = {}, np.zeros(k, int)
    for g in order:
        f = int(np.argmin(load))
        fold_of[g] = f
        load[f] += size[g]
    assignment = np.array([fold_of[g] for g in groups])
    return [np.flatnonzero(assignment == f) for f in range(k)]


def fit_weights(forecasts: np.ndarray, outcomes: np.ndarray) -> np.ndarray:
    """Convex weights (>= 0, sum 1) minimising the sum of absolute errors of ``forecasts @ w``.

    A linear programme (least absolute deviation as a linear programme, Koenker 2005,
    *Quantile Regression*, ch. 6): minimise Σ t_i subject to −t ≤ F w − y ≤ t, Σ w = 1, w ≥ 0,
    solved by HiGHS through :func:`scipy.optimize.linprog`.
    """
    from scipy.optimize import linprog

    n, m = forecasts.shape
    if m == 1:
        return np.ones(1)
    cost = np.concatenate([np.zeros(m), np.ones(n)])
    eye = np.eye(n)
    a_ub = np.block([[forecasts, -eye], [-forecasts, -eye]])
    b_ub = np.concatenate([outcomes, -outcomes])
    a_eq = np.concatenate([np.ones(m), np.zeros(n)])[None]
    res = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=[(0, None)] * (m + n), method="highs")
    if not res.success:
        raise RuntimeError(f"weight fit failed: {res.message}")
    w = np.clip(res.x[:m], 0.0, None)
    return w / w.sum()


@dataclass(frozen=True)
class Fit:
    """A candidate's fitted weights: one set for issues with a reference point, one for issues without."""

    candidate: str
    labels_with: tuple[str, ...]
    weights_with: np.ndarray
    labels_without: tuple[str, ...]
    weights_without: np.ndarray

    def predict(self, table: ComponentTable) -> np.ndarray:
        """The combined forecast of every row of ``table``."""
        out = np.empty(len(table.outcomes))
        for has, labels, w in ((True, self.labels_with, self.weights_with),
                               (False, self.labels_without, self.weights_without)):
            rows = table.has_status_quo == has
            cols = [table.labels.index(lab) for lab in labels]
            out[rows] = table.forecasts[np.ix_(rows, cols)] @ w if cols else np.nan
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"candidate": self.candidate,
                "with_status_quo": dict(zip(self.labels_with, map(float, self.weights_with), strict=True)),
                "without_status_quo": dict(zip(self.labels_without, map(float, self.weights_without), strict=True))}


def fit(candidate: str, table: ComponentTable) -> Fit:
    """Fit a candidate's weights on ``table`` (least absolute deviation, convex).

    Only the candidate's components that ``table`` holds take part.
    """
    labels = tuple(lab for lab in CANDIDATES[candidate] if lab in table.labels)
    parts = []
    for has in (True, False):
        usable = tuple(lab for lab in labels if has or not _needs_sq(lab))
        rows = table.has_status_quo == has
        cols = [table.labels.index(lab) for lab in usable]
        if rows.any():
            w = fit_weights(table.forecasts[np.ix_(rows, cols)], table.outcomes[rows])
        else:
            w = np.full(len(cols), 1.0 / len(cols))
        kept = w > 1e-9
        parts.append((tuple(lab for lab, k in zip(usable, kept, strict=True) if k), w[kept] / w[kept].sum()))
    return Fit(candidate, *parts[0], *parts[1])


def _needs_sq(label: str) -> bool:
    return next(c for c in COMPONENTS if c.label == label).needs_status_quo


def out_of_fold(candidate: str, table: ComponentTable, folds: list[np.ndarray]) -> np.ndarray:
    """Each row forecast by the candidate fitted on the other folds."""
    pred = np.empty(len(table.outcomes))
    every = np.arange(len(table.outcomes))
    for test in folds:
        train = np.setdiff1d(every, test)
        pred[test] = fit(candidate, table.subset(train)).predict(table.subset(test))
    return pred


def paired_by_group(errors_a: np.ndarray, errors_b: np.ndarray, groups: Sequence[str], seed: int,
                    n_boot: int = N_BOOT) -> dict[str, float]:
    """MAE of A minus MAE of B with a 95% bootstrap interval that resamples whole groups (proposals)."""
    names = list(dict.fromkeys(groups))
    index = {g: n for n, g in enumerate(names)}
    g = np.array([index[x] for x in groups])
    diff = np.abs(errors_a) - np.abs(errors_b)
    sums = np.bincount(g, weights=diff, minlength=len(names))
    counts = np.bincount(g, minlength=len(names))
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(names), size=(n_boot, len(names)))
    boot = sums[pick].sum(axis=1) / counts[pick].sum(axis=1)
    low, high = np.quantile(boot, [0.025, 0.975])
    return {"n": int(diff.size), "difference": float(diff.mean()), "low": float(low), "high": float(high),
            "a_better": float(np.mean(boot < 0))}


@dataclass(frozen=True)
class CrossValidation:
    """Out-of-fold forecasts per candidate (one per repeat), the nested selection's forecasts and the table."""

    table: ComponentTable
    predictions: dict[str, np.ndarray]  # candidate → (repeats, issues)
    nested: np.ndarray  # (repeats, issues): the candidate chosen by inner CV on the training folds, refitted
    chosen: list[list[str]]  # per repeat and outer fold, the candidate the inner CV chose
    seed: int

    def errors(self, candidate: str | None = None) -> np.ndarray:
        """Per issue, the absolute out-of-fold error averaged over repeats (``None``: the nested selection)."""
        pred = self.nested if candidate is None else self.predictions[candidate]
        return np.abs(pred - self.table.outcomes[None]).mean(axis=0)

    def summary(self) -> list[dict[str, Any]]:
        """Per candidate (and the nested selection): CV MAE and its paired comparison with the mean."""
        base = self.errors("mean")
        rows = []
        for name in [*self.predictions, None]:
            e = self.errors(name)
            vs = paired_by_group(e, base, self.table.proposals, _seed(self.seed, "paired", name or "nested"))
            rows.append({"candidate": name or "selected by inner CV", "n": int(e.size), "mae": float(e.mean()),
                         "vs_mean": vs})
        return rows


def cross_validate(table: ComponentTable, *, folds: int = FOLDS, repeats: int = REPEATS, seed: int = 0,
                   candidates: Sequence[str] = tuple(CANDIDATES)) -> CrossValidation:
    """Repeated grouped k-fold CV of every candidate, plus a nested CV of choosing among them.

    The nested part: inside each outer training set, an inner grouped CV picks the
    candidate with the lowest MAE, which is then refitted on the whole training set and
    scores the outer fold; so its error includes the cost of choosing.
    """
    n = len(table.outcomes)
    preds = {c: np.empty((repeats, n)) for c in candidates}
    nested = np.empty((repeats, n))
    chosen: list[list[str]] = []
    every = np.arange(n)
    for r in range(repeats):
        outer = grouped_folds(table.proposals, folds, _seed(seed, "outer", str(r)))
        for c in candidates:
            preds[c][r] = out_of_fold(c, table, outer)
        picks = []
        for f, test in enumerate(outer):
            train = table.subset(np.setdiff1d(every, test))
            inner = grouped_folds(train.proposals, folds, _seed(seed, "inner", str(r), str(f)))
            scores = {c: np.abs(out_of_fold(c, train, inner) - train.outcomes).mean() for c in candidates}
            best = min(scores, key=scores.get)
            picks.append(best)
            nested[r, test] = fit(best, train).predict(table.subset(test))
        chosen.append(picks)
    return CrossValidation(table, preds, nested, chosen, seed)


def _seed(seed: int, *labels: str) -> int:
    return int(np.random.SeedSequence([seed, zlib.crc32("\x1f".join(labels).encode())]).generate_state(1)[0])
