"""Cross-validate the candidate forecasts on DEU, choose `recommended`, calibrate predictive intervals.

Run on demand (about two minutes): ``python scripts/crossvalidate.py ../shared/data/deu [--write]``.

1. Every component model forecasts every scored issue, cases grouped by proposal.
2. Repeated grouped 10-fold cross-validation (5 repeats; no proposal in both the fitting
   and the scoring folds) of each candidate of ``realpolitik.analysis.crossval.CANDIDATES``,
   plus a nested CV of choosing among them; paired comparisons with the mean resample
   whole proposals.
3. The pre-registered rule: `recommended` is the candidate with the lowest CV MAE if
   the 95% interval of its paired difference with the mean lies wholly below 0;
   otherwise it is the mean. Its weights are then fitted on all the development issues.
4. Predictive calibrations: every model with default parameters (from its forecasts)
   and `recommended` (from its out-of-fold forecasts), and their coverage by grouped CV.

With ``--write`` the specification and the calibrations are written to
src/realpolitik/models/data/ (recommended.json, calibration.json).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from realpolitik.analysis.cases import load_cases
from realpolitik.analysis.crossval import (
    COMPONENTS,
    FOLDS,
    REPEATS,
    component_table,
    cross_validate,
    fit,
    grouped_folds,
)
from realpolitik.analysis.predictive import calibrate, grouped_coverage

DATA = Path(__file__).resolve().parents[1] / "src" / "realpolitik" / "models" / "data"
SEED = 2024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("--write", action="store_true", help="write the specification and calibrations")
    args = parser.parse_args()
    table = component_table(load_cases(args.directory), seed=SEED)
    print(f"{len(table.outcomes)} issues, {len(set(table.proposals))} proposals, "
          f"{int(table.has_status_quo.sum())} with a reference point\n")
    cv = cross_validate(table, seed=SEED)
    rows = cv.summary()
    print("| candidate | issues | CV MAE | minus mean | 95% interval (proposals resampled) | "
          "resamples ahead of mean |\n|---|---:|---:|---:|---|---:|")
    for row in rows:
        vs = row["vs_mean"]
        print(f"| {row['candidate']} | {row['n']} | {row['mae']:.2f} | {vs['difference']:+.2f} | "
              f"[{vs['low']:+.2f}, {vs['high']:+.2f}] | {vs['a_better']:.1%} |")
    picks = [p for fold in cv.chosen for p in fold]
    print("\ninner CV chose: " + ", ".join(f"{c} {picks.count(c)}×" for c in dict.fromkeys(picks)))
    candidates = [r for r in rows if r["candidate"] in cv.predictions]
    best = min(candidates, key=lambda r: r["mae"])
    beats = best["candidate"] != "mean" and best["vs_mean"]["high"] < 0
    selected = best["candidate"] if beats else "mean"
    print(f"\nlowest CV MAE: {best['candidate']}; beats the mean (interval below 0): {beats}; "
          f"recommended = {selected}")
    final = fit(selected, table)
    print("weights:", json.dumps(final.to_dict()))

    calibrations, coverage = {}, []
    for comp in COMPONENTS:
        if comp.label != comp.model or comp.params:
            continue
        f = table.column(comp.label)
        calibrations[comp.model] = _calibrate(comp.model, table, f)
        coverage.append((comp.model, *_coverage(table, f)))
    oof = cv.predictions[selected][0]
    calibrations["recommended"] = _calibrate("recommended", table, oof)
    coverage.append(("recommended", *_coverage(table, oof)))
    print(f"\npredictive interval coverage, grouped {FOLDS}-fold CV, {REPEATS} repeats (mean [min, max]):")
    print("| model | issues | 50% interval | 90% interval |\n|---|---:|---|---|")
    for model, n, c50, c90 in coverage:
        print(f"| {model} | {n} | {np.mean(c50):.1%} [{min(c50):.1%}, {max(c50):.1%}] | "
              f"{np.mean(c90):.1%} [{min(c90):.1%}, {max(c90):.1%}] |")

    if args.write:
        components = {lab: {"model": c.model, "params": dict(c.params)}
                      for c in COMPONENTS for lab in {**final.to_dict()["with_status_quo"],
                                                      **final.to_dict()["without_status_quo"]} if c.label == lab}
        spec = {
            "selected": selected,
            "with_status_quo": final.to_dict()["with_status_quo"],
            "without_status_quo": final.to_dict()["without_status_quo"],
            "components": components,
            "how": (f"scripts/crossvalidate.py on the DEU development part ({len(table.outcomes)} issues, "
                    f"{len(set(table.proposals))} proposals), cases grouped by proposal; repeated grouped "
                    f"{FOLDS}-fold cross-validation ({REPEATS} repeats, seed {SEED}); rule: the candidate with the "
                    "lowest CV MAE if the 95% proposal-bootstrap interval of its difference with the mean lies "
                    "below 0, otherwise the mean; weights then fitted on all development issues"),
            "cross_validation": [{"candidate": r["candidate"], "mae": round(r["mae"], 4),
                                  "minus_mean": round(r["vs_mean"]["difference"], 4),
                                  "interval": [round(r["vs_mean"]["low"], 4), round(r["vs_mean"]["high"], 4)]}
                                 for r in rows],
        }
        (DATA / "recommended.json").write_text(json.dumps(spec, indent=1, ensure_ascii=False) + "\n")
        source = (f"residuals on the DEU development part grouped by proposal (scripts/crossvalidate.py, seed "
                  f"{SEED}); recommended: its out-of-fold forecasts")
        payload = {"source": source, "models": {m: c.to_dict() for m, c in calibrations.items()}}
        (DATA / "calibration.json").write_text(json.dumps(payload, ensure_ascii=False) + "\n")
        print(f"\nwrote {DATA / 'recommended.json'} and {DATA / 'calibration.json'}")


def _rows(f: np.ndarray) -> np.ndarray:
    return np.flatnonzero(~np.isnan(f))


def _calibrate(model: str, table, f: np.ndarray):
    rows = _rows(f)
    return calibrate(model, table.outcomes[rows], f[rows], table.spread[rows])


def _coverage(table, f: np.ndarray) -> tuple[int, list[float], list[float]]:
    rows = _rows(f)
    groups = [table.proposals[i] for i in rows]
    c50, c90 = [], []
    for r in range(REPEATS):
        folds = grouped_folds(groups, FOLDS, SEED + r)
        cov = grouped_coverage(table.outcomes[rows], f[rows], table.spread[rows], folds)
        c50.append(cov[0.5])
        c90.append(cov[0.9])
    return len(rows), c50, c90


if __name__ == "__main__":
    main()
