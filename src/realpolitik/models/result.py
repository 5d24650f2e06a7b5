"""Model results: a forecast per issue (per draw), history, details, parameters and seed.

Axes are named: ``draw`` (B), ``round`` (R), ``actor`` (N), ``issue`` (K). A Result
converts to pandas (``to_frame``) and JSON (``to_dict``/``to_json``); nothing else in
the library needs pandas.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

# axis names of the history and details arrays by their number of dimensions
HISTORY_AXES = {3: ("draw", "round", "issue"), 4: ("draw", "round", "actor", "issue")}
DETAIL_AXES = {2: ("draw", "issue"), 3: ("draw", "actor", "issue")}


@dataclass(frozen=True)
class Outcome:
    """What a model kernel returns: arrays only, batch-first.

    ``forecast`` is ``(B, K)``; ``history`` maps names to ``(B, R, K)`` or
    ``(B, R, N, K)`` arrays; ``details`` maps names to ``(B, K)`` or ``(B, N, K)``
    arrays; ``extra`` holds any JSON-able per-run information (e.g. realised trades).
    """

    forecast: np.ndarray
    history: dict[str, np.ndarray] = field(default_factory=dict)
    details: dict[str, np.ndarray] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    """A model run: the outcome plus everything needed to reproduce it."""

    model: str
    params: dict[str, Any]
    seed: int | None
    actor_ids: tuple[str, ...]
    issue_ids: tuple[str, ...]
    lower: np.ndarray
    upper: np.ndarray
    status_quo: np.ndarray  # (K,) central status quo, NaN where unknown
    outcome: Outcome

    @property
    def forecast(self) -> np.ndarray:
        """``(B, K)`` forecasts, one row per draw."""
        return self.outcome.forecast

    @property
    def history(self) -> dict[str, np.ndarray]:
        return self.outcome.history

    @property
    def details(self) -> dict[str, np.ndarray]:
        return self.outcome.details

    @property
    def notes(self) -> tuple[str, ...]:
        return self.outcome.notes

    @property
    def n_draws(self) -> int:
        return self.forecast.shape[0]

    def point(self) -> np.ndarray:
        """``(K,)``: the forecast of a single run, or the median over draws."""
        f = self.forecast
        return f[0] if f.shape[0] == 1 else np.nanmedian(f, axis=0)

    def quantiles(self, qs: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)) -> np.ndarray:
        """``(len(qs), K)`` quantiles of the forecast over draws."""
        return np.nanquantile(self.forecast, qs, axis=0)

    def to_frame(self):
        """One row per issue: forecast (median over draws) and, with draws, intervals."""
        import pandas as pd

        rows = []
        point = self.point()
        q = self.quantiles() if self.n_draws > 1 else None
        for k, issue in enumerate(self.issue_ids):
            row = {"model": self.model, "issue": issue, "forecast": float(point[k]),
                   "lower": float(self.lower[k]), "upper": float(self.upper[k]),
                   "status_quo": float(self.status_quo[k])}
            if q is not None:
                row.update(q05=q[0, k], q25=q[1, k], q75=q[3, k], q95=q[4, k], draws=self.n_draws)
            for name, arr in self.details.items():
                if arr.ndim == 2 and self.n_draws == 1:
                    row[name] = _scalar(arr[0, k])
            rows.append(row)
        return pd.DataFrame(rows)

    def history_frame(self):
        """Long table of the history: one row per (draw, round, [actor,] issue) and named array."""
        import pandas as pd

        frames = []
        for name, arr in self.history.items():
            axes = HISTORY_AXES[arr.ndim]
            labels = {"draw": range(arr.shape[0]), "round": range(arr.shape[1]),
                      "actor": self.actor_ids, "issue": self.issue_ids}
            index = pd.MultiIndex.from_product([labels[a] for a in axes], names=axes)
            frames.append(pd.Series(arr.reshape(-1), index=index, name=name))
        if not frames:
            return pd.DataFrame()
        by_dim: dict[int, list] = {}
        for s in frames:
            by_dim.setdefault(s.index.nlevels, []).append(s)
        out = [pd.concat(group, axis=1).reset_index() for group in by_dim.values()]
        result = out[0] if len(out) == 1 else pd.concat(out, ignore_index=True)
        result.insert(0, "model", self.model)
        return result

    def to_dict(self, include_arrays: bool = True) -> dict[str, Any]:
        """Everything as plain JSON-able values (NaN becomes None).

        ``include_arrays=False`` leaves out the per-draw forecasts, the history and the
        details (the run store packs those itself, see :mod:`realpolitik.store.compact`).
        """
        arrays = {
            "draws": _list(self.forecast),
            "history": {k: {"axes": HISTORY_AXES[v.ndim], "values": _list(v)} for k, v in self.history.items()},
            "details": {k: {"axes": DETAIL_AXES[v.ndim], "values": _list(v)} for k, v in self.details.items()},
        } if include_arrays else {}
        return {
            "model": self.model,
            "params": self.params,
            "seed": self.seed,
            "actors": list(self.actor_ids),
            "issues": list(self.issue_ids),
            "scale": {"lower": _list(self.lower), "upper": _list(self.upper)},
            "status_quo": _list(self.status_quo),
            "forecast": _list(self.point()),
            **arrays,
            "notes": list(self.notes),
            "extra": self.outcome.extra,
        }

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), **kwargs)


def _scalar(x: Any) -> Any:
    if isinstance(x, np.bool_ | bool):
        return bool(x)
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.floating):
        return None if np.isnan(x) else float(x)
    return x


def _list(a: np.ndarray) -> Any:
    arr = np.asarray(a)
    if arr.dtype.kind == "f":
        return np.where(np.isnan(arr), None, arr.astype(object)).tolist()
    return arr.tolist()
