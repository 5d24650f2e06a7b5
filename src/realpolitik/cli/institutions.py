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


def print_paths(f) -> None:
    """Each model's path through a staged scenario, stage by stage."""
    for r in f.staged:
        _print_path(f.scenario, r)


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


def _nan_none(x: float) -> float | None:
    return None if math.isnan(x) else x
