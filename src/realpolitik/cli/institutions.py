"""``realpolitik forecast`` with decision rules (``--rules``) and staged scenarios: the path, stage by stage."""

from __future__ import annotations

import math

import click

from ..analysis.stages import StagedResult, run_stages
from ..errors import ModelNotApplicable
from ..scenario import Scenario
from .output import echo_csv, echo_json, fmt_num, print_table
from .recording import record_run

rules_option = click.option(
    "--rules", is_flag=True,
    help="Hold each forecast to the issues' decision rules (its projection on the win-set of the status quo); "
         "says when a rule bound the outcome and whose veto did.")


def forecast_by_stages(file: str, sc: Scenario, models: list[str], params: dict[str, dict[str, str]], seed: int,
                       fmt: str, rules: bool, explicit: bool, draws: int = 1) -> None:
    """Run every model through the scenario's stages (one stage when it has none) and print the paths."""
    if draws > 1:
        raise click.UsageError("--rules and staged scenarios run on the central values; drop --draws")
    results: list[StagedResult] = []
    for name in models:
        try:
            results.append(run_stages(sc, name, seed=seed, params=params[name], rules=rules))
        except ModelNotApplicable as exc:
            if explicit and len(models) == 1:
                raise
            click.echo(f"note: {name} skipped: {exc}", err=True)
    record_run(seed, analysis={"staged": [r.to_dict() for r in results]}, models=[r.model for r in results])
    if fmt == "json":
        echo_json({"scenario": file, "title": sc.title, "seed": seed, "rules": rules,
                   "stages": [s.id for s in sc.stages], "results": [r.to_dict() for r in results]})
    elif fmt == "csv":
        import pandas as pd
        echo_csv(pd.DataFrame([row for r in results for row in r.path()]))
    elif sc.stages:
        for r in results:
            _print_path(sc, r)
        _print_ends(sc, results, seed, "where each path ends")
    else:
        _print_ends(sc, results, seed, sc.title or sc.origin or "forecast")


def _print_path(sc: Scenario, r: StagedResult) -> None:
    rows = [["start (status quo)", *[fmt_num(_nan_none(r.start[i])) for i in sc.issue_ids]]]
    for step in r.steps:
        out = step.outcome()
        bound = step.result.details.get("rule_bound")
        cells = []
        for issue in sc.issue_ids:
            if issue not in out:
                cells.append("·")
                continue
            k = step.result.issue_ids.index(issue)
            mark = " *" if bound is not None and bool(bound[0, k]) else ""
            cells.append(fmt_num(out[issue]) + mark)
        rows.append([f"{step.stage.id}" + (f" ({step.stage.name})" if step.stage.name else ""), *cells])
    caption = "* a decision rule bound the outcome; · not decided in this stage"
    print_table(f"{r.model}{' (rules)' if r.rules else ''}: path stage by stage", ["stage", *sc.issue_ids], rows,
                caption)


def _print_ends(sc: Scenario, results: list[StagedResult], seed: int, title: str) -> None:
    columns = ["issue", "scale", "status quo", *[r.model for r in results]]
    rows = []
    for issue in sc.issues:
        sq = None if issue.status_quo is None else issue.status_quo.value
        rows.append([issue.id, f"{issue.lower:g}–{issue.upper:g}", fmt_num(sq),
                     *[fmt_num(_nan_none(r.end[issue.id])) for r in results]])
    notes = [n for r in results for n in r.notes]
    held = "; forecasts held to the decision rules (--rules)" if any(r.rules for r in results) else ""
    print_table(title, columns, rows, "\n".join([f"seed {seed}{held}", *notes]))


def _nan_none(x: float) -> float | None:
    return None if math.isnan(x) else x
