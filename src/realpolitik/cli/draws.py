"""Monte Carlo options, the progress bar and the table of forecasts over draws."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

from ..analysis.backends import BACKENDS
from .output import fmt_num, print_table

draws_option = click.option("--draws", "-n", type=int, default=1, show_default=True,
                            help="Monte Carlo draws of the uncertain inputs (1: central values only).")
workers_option = click.option("--workers", "-w", type=int, default=1, show_default=True,
                              help="Parallel local workers (results do not depend on it).")
backend_option = click.option("--backend", type=click.Choice(BACKENDS), default="joblib", show_default=True,
                              help="Parallel backend (dask needs the 'distributed' extra).")
scheduler_option = click.option(
    "--scheduler", metavar="ADDRESS", default=None,
    help="Run on the Dask cluster whose scheduler is at ADDRESS (e.g. tcp://scheduler-host:8786; implies "
         "--backend dask; results do not depend on it). With --backend dask alone, Dask's configuration "
         "(DASK_SCHEDULER_ADDRESS) names the cluster, else a local one is started.")
force_option = click.option("--force", is_flag=True,
                            help="Run even when the estimate says the run needs more memory or time than "
                                 "this machine allows.")
threshold_option = click.option(
    "--threshold", "-t", "thresholds", multiple=True, metavar="ISSUE>VALUE",
    help="Report the probability that the outcome lies above (>, or >= counting ties) or below (<, <=) a value "
         "(repeatable; needs --draws).")


def cluster_options(f: Callable) -> Callable:
    """``--workers``, ``--backend`` and ``--scheduler``: where the work runs."""
    for option in (scheduler_option, backend_option, workers_option):
        f = option(f)
    return f


def draws_options(f: Callable) -> Callable:
    """``--draws``, ``--threshold``, ``--workers``, ``--backend``, ``--scheduler`` and ``--force``."""
    for option in (force_option, threshold_option, draws_option):
        f = option(f)
    return cluster_options(f)


def guard_run(sc, models: list[str], params: dict[str, dict[str, object]], draws: int, workers: int,
              force: bool) -> int:
    """Workers cut to the CPUs available (with a note), then each model's estimate: a note when the run
    is long, a ParameterError when it would not fit this machine (unless ``force``). Returns the workers."""
    from ..analysis.resources import NOTE_SECONDS, cap_workers, check, duration, estimate, size
    from ..errors import ParameterError

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
            click.echo(f"note: {name} will take about {duration(est.seconds)} and {size(est.peak_bytes)}", err=True)
    return workers


@contextmanager
def progress_bar() -> Iterator[Callable[[str, int, int | None], None]]:
    """A ``progress(label, done, total)`` callback drawing one rich bar per label on stderr
    (only when stderr is a terminal)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=Console(stderr=True), transient=True, disable=not sys.stderr.isatty())
    tasks: dict[str, object] = {}

    def update(label: str, done: int, total: int | None) -> None:
        if label not in tasks:
            tasks[label] = bar.add_task(label, total=total)
        bar.update(tasks[label], completed=done, total=total)

    with bar:
        yield update


def interval(lo: float, hi: float) -> str:
    return f"{fmt_num(lo)}–{fmt_num(hi)}"


def print_drawn(forecast) -> None:
    """Per model a table: median, 50% and 90% intervals (--details)."""
    from ..analysis.summary import summary_rows

    sc, cuts = forecast.scenario, forecast.thresholds
    for r in forecast.results:
        columns = ["issue", "scale", "median", "50% interval", "90% interval", *[f"P({t})" for t in cuts]]
        notes = () if forecast.staged else r.notes
        rows = []
        for issue, row in zip(sc.issues, summary_rows(r, cuts), strict=True):
            cells = [issue.id, f"{issue.lower:g}–{issue.upper:g}", fmt_num(row["median"]),
                     interval(row["q25"], row["q75"]), interval(row["q05"], row["q95"])]
            cells += [fmt_num(row[f"P({t})"], 2) if t.issue == issue.id else "" for t in cuts]
            rows.append(cells)
        caption = "\n".join([f"seed {forecast.seed}, {r.n_draws} draws", *notes])
        print_table(f"{sc.title or sc.origin or 'forecast'} — {r.model}", columns, rows, caption)
