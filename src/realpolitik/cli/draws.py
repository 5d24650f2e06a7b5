"""Monte Carlo options and output shared by ``forecast`` and the analysis commands."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ..analysis.backends import BACKENDS
from ..analysis.montecarlo import MAX_DRAWS, monte_carlo
from ..analysis.resources import NOTE_SECONDS, cap_workers, check, estimate
from ..analysis.summary import Threshold, parse_threshold, summarize
from ..errors import ModelNotApplicable, ParameterError
from ..models.result import Result
from ..scenario import Scenario
from .output import fmt_num, print_table

draws_option = click.option("--draws", "-n", type=int, default=1, show_default=True,
                            help="Monte Carlo draws of the uncertain inputs (1: central values only).")
workers_option = click.option("--workers", "-w", type=int, default=1, show_default=True,
                              help="Parallel workers for Monte Carlo (results do not depend on it).")
backend_option = click.option("--backend", type=click.Choice(BACKENDS), default="joblib", show_default=True,
                              help="Parallel backend (dask needs the 'distributed' extra).")
force_option = click.option("--force", is_flag=True,
                            help="Run even when the estimate says the run needs more memory or time than "
                                 "this machine allows.")
threshold_option = click.option(
    "--threshold", "-t", "thresholds", multiple=True, metavar="ISSUE>VALUE",
    help="Report the probability that the outcome lies above (>) or below (<) a value (repeatable; needs --draws).")


def draws_options(f: Callable) -> Callable:
    """``--draws``, ``--threshold``, ``--workers``, ``--backend`` and ``--force``."""
    for option in (force_option, backend_option, workers_option, threshold_option, draws_option):
        f = option(f)
    return f


def check_draws(draws: int, workers: int) -> None:
    if not 1 <= draws <= MAX_DRAWS:
        raise ParameterError(f"--draws: draws must be from 1 to {MAX_DRAWS:,}, got {draws:,}")
    if workers < 1:
        raise ParameterError(f"--workers must be >= 1, got {workers}")


def guard_run(sc: Scenario, models: list[str], params: dict[str, dict[str, str]], draws: int, workers: int,
              force: bool) -> int:
    """Workers cut to the CPUs available (with a note), then each model's estimate: a note when the run
    is long, a ParameterError when it would not fit this machine (unless ``force``). Returns the workers."""
    workers, note = cap_workers(workers)
    if note:
        click.echo(f"note: {note}", err=True)
    for name in models:
        try:
            est = estimate(sc, name, draws, workers, params.get(name))
        except ParameterError:
            continue  # bad parameters are reported by the run itself
        if est is None:
            continue
        check(est, force=force)
        if est.seconds > NOTE_SECONDS:
            click.echo(f"note: estimated {est.describe()}", err=True)
    return workers


def parse_thresholds(texts: tuple[str, ...], sc: Scenario, draws: int) -> list[Threshold]:
    if texts and draws < 2:
        raise ParameterError("--threshold needs --draws of at least 2")
    return [parse_threshold(t, sc.issue_ids) for t in texts]


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A ``progress(done, total)`` callback drawing a rich bar on stderr (when it is a terminal)."""
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=Console(stderr=True), transient=True, disable=not sys.stderr.isatty())
    task = bar.add_task(label, total=None)
    with bar:
        yield lambda done, total: bar.update(task, completed=done, total=total)


def run_models_drawn(sc: Scenario, models: list[str], params: dict[str, dict[str, str]], seed: int, explicit: bool,
                     draws: int, workers: int, backend: str) -> tuple[list[Result], list[str]]:
    """Monte Carlo of each model; with ``--model all`` a model that does not apply is skipped with a note."""
    results, skipped = [], []
    for name in models:
        try:
            with progress_bar(f"{name}: draws") as progress:
                results.append(monte_carlo(sc, name, draws, seed=seed, params=params[name], workers=workers,
                                           backend=backend, progress=progress))
        except ModelNotApplicable as exc:
            if explicit and len(models) == 1:
                raise
            skipped.append(f"{name} skipped: {exc}")
    return results, skipped


def interval(lo: float, hi: float) -> str:
    return f"{fmt_num(lo)}–{fmt_num(hi)}"


def print_drawn(sc: Scenario, results: list[Result], thresholds: list[Threshold], seed: int) -> None:
    """Per model a table: median, 50% and 90% intervals, and the threshold probabilities."""
    for r in results:
        frame = summarize(r, thresholds)
        columns = ["issue", "scale", "median", "50% interval", "90% interval", *[f"P({t})" for t in thresholds]]
        rows = []
        for k, (issue, row) in enumerate(zip(sc.issues, frame.itertuples(index=False), strict=True)):
            cells = [issue.id, f"{issue.lower:g}–{issue.upper:g}", fmt_num(row.median),
                     interval(row.q25, row.q75), interval(row.q05, row.q95)]
            cells += [fmt_num(frame[f"P({t})"].iloc[k], 2) if t.issue == issue.id else "" for t in thresholds]
            rows.append(cells)
        caption = "\n".join([f"seed {seed}, {r.n_draws} draws", *r.notes])
        print_table(f"{sc.title or sc.origin or 'forecast'} — {r.model}", columns, rows, caption)
