"""Forecasts held to decision rules (``--rules``) and staged scenarios, printed: the path, stage by stage."""

from __future__ import annotations

import math

import click

from ..analysis.stages import StagedResult
from ..scenario import Scenario
from .output import fmt_num, print_table

rules_option = click.option(
    "--rules", is_flag=True,
    help="Hold each forecast to the issues' decision rules (its projection on the win-set of the status quo); "
         "says when a rule bound the outcome and whose veto did.")


def print_staged(f) -> None:
    """A staged forecast (or one held to the rules) as tables: each path, then where each ends."""
    sc = f.scenario
    if sc.stages:
        for r in f.staged:
            _print_path(sc, r)
        _print_ends(sc, f.staged, f.seed, "where each path ends")
    else:
        _print_ends(sc, f.staged, f.seed, sc.title or sc.origin or "forecast")


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
