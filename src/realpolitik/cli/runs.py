"""``realpolitik runs``: list, show, compare, export and replay recorded runs."""

from __future__ import annotations

import difflib
import json

import click

from .. import api
from ..errors import RealpolitikError
from ..store import RunStore, StoredRun, store_path
from .app import main
from .output import echo_csv, echo_json, fmt_num, print_table
from .run_tables import analysis_frame, forecast_frame, forecast_rows

SHOWN_ROWS = 30

store_option = click.option("--store", "store_file", type=click.Path(dir_okay=False), default=None, metavar="PATH",
                            help="Run store to read (default: $REALPOLITIK_STORE, else the user data folder).")


def _open(store_file: str | None) -> RunStore:
    return RunStore(store_path(store_file))


@main.group()
def runs() -> None:
    """Recorded runs: every forecast, report and analysis run is kept in the run store.

    \b
    Examples:
      realpolitik runs list
      realpolitik runs show 3
      realpolitik runs diff 3 4
      realpolitik runs export 3 --format csv
      realpolitik runs rerun 3
    """


@runs.command("list")
@store_option
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="How many runs to list.")
def list_runs(store_file, limit):
    """List the most recent runs."""
    store = _open(store_file)
    summaries = store.summaries(limit)
    rows = [[str(r["id"]), r["created"], r["command"], r["scenario_file"], ",".join(r["models"]) or "–",
             str(r["seed"])] for r in summaries]
    print_table(f"runs in {store.path}", ["id", "time (UTC)", "command", "scenario", "models", "seed"], rows)
    damaged = [str(r["id"]) for r in summaries if r["damaged"]]
    if damaged:
        click.echo(f"note: run(s) {', '.join(damaged)} are damaged in the store and show what could be read", err=True)


@runs.command()
@click.argument("run_id", type=int)
@store_option
def show(run_id, store_file):
    """Show one run: its inputs, parameters, versions and forecasts."""
    run = _open(store_file).get(run_id)
    click.echo(f"run {run.id}: {run.command} {run.scenario_file} at {run.created} (UTC)")
    click.echo(f"  scenario sha256 {run.scenario_hash} ({len(run.scenario)} bytes stored)")
    click.echo(f"  seed {run.seed}")
    for model, params in run.params.items():
        click.echo(f"  {model}: " + (", ".join(f"{k}={v}" for k, v in params.items()) or "no parameters"))
    click.echo("  options: " + ", ".join(f"{k}={v}" for k, v in _options(run).items()))
    click.echo("  versions: " + ", ".join(f"{k} {v}" for k, v in run.versions.items()))
    if run.results:
        columns, rows = forecast_rows(run)
        print_table("forecasts", columns, rows)
    table = analysis_frame(run)
    if table is not None:
        print_table(f"{run.command} (first {min(len(table), SHOWN_ROWS)} of {len(table)} rows)", list(table.columns),
                    [[_cell(v) for v in row] for row in table.head(SHOWN_ROWS).itertuples(index=False)])


@runs.command()
@click.argument("first", type=int)
@click.argument("second", type=int)
@store_option
def diff(first, second, store_file):
    """Compare two runs: inputs, parameters, seed, versions and forecasts."""
    store = _open(store_file)
    a, b = store.get(first), store.get(second)
    same = True
    if a.scenario_hash != b.scenario_hash:
        same = False
        click.echo("scenario differs:")
        lines = difflib.unified_diff(_text(a).splitlines(), _text(b).splitlines(), f"run {a.id}", f"run {b.id}",
                                     lineterm="", n=1)
        for line in list(lines)[:60]:
            click.echo("  " + line)
    for label, x, y in (("command", a.command, b.command), ("models", list(a.models), list(b.models)),
                        ("parameters", a.params, b.params), ("options", _options(a), _options(b)),
                        ("seed", a.seed, b.seed), ("versions", a.versions, b.versions)):
        if x != y:
            same = False
            click.echo(f"{label}: run {a.id} {json.dumps(x)} | run {b.id} {json.dumps(y)}")
    fa, fb = _forecasts(a), _forecasts(b)
    rows = []
    for key in sorted(set(fa) | set(fb)):
        x, y = fa.get(key), fb.get(key)
        delta = None if x is None or y is None else y - x
        if delta != 0:
            rows.append([key[0], key[1], fmt_num(x, 2), fmt_num(y, 2), fmt_num(delta, 2)])
    ta, tb = analysis_frame(a), analysis_frame(b)
    if (ta is None) != (tb is None) or (ta is not None and not ta.equals(tb)):
        same = False
        click.echo(f"analysis tables differ (see 'realpolitik runs show {a.id}' and '{b.id}')")
    if rows:
        same = False
        print_table("forecasts that differ", ["model", "issue", f"run {a.id}", f"run {b.id}", "change"], rows)
    if same:
        click.echo(f"runs {a.id} and {b.id} have the same inputs, parameters, seed, versions and forecasts")


@runs.command()
@click.argument("run_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@store_option
def export(run_id, fmt, store_file):
    """Export a run: everything as JSON, or its forecasts as CSV."""
    run = _open(store_file).get(run_id)
    if fmt == "csv":
        table = forecast_frame(run) if run.results else analysis_frame(run)
        if table is None:
            raise RealpolitikError(f"run {run.id} has no table to export as CSV (use --format json)")
        echo_csv(table)
        return
    echo_json({"id": run.id, "created": run.created, "command": run.command, "scenario_file": run.scenario_file,
               "scenario_sha256": run.scenario_hash, "scenario": _text(run), "seed": run.seed,
               "params": run.params, "invocation": run.invocation, "versions": run.versions,
               "results": list(run.results), "analysis": run.analysis})


@runs.command()
@click.argument("run_id", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Keep the file the replayed command writes (e.g. a report) here.")
@store_option
@click.pass_context
def rerun(ctx, run_id, output, store_file):
    """Replay a run from its stored scenario, parameters and seed; check the numbers match exactly.

    Exit code 0 when every number is reproduced, 1 when any differs.
    """
    replay = api.rerun(run_id, store=store_path(store_file), output=output)
    if replay.output:
        click.echo(f"wrote {replay.output}", err=True)
    if replay.reproduced:
        click.echo(f"run {replay.run_id} reproduced exactly (seed {replay.seed})", err=True)
        return
    click.echo(f"run {replay.run_id} NOT reproduced: the replay's numbers differ from the stored ones", err=True)
    ctx.exit(1)


def _cell(value) -> str:
    return fmt_num(value, 3) if isinstance(value, float) else ("–" if value is None else str(value))


def _options(run: StoredRun) -> dict:
    """The run's options, seed left out (runs of older versions kept their command-line options)."""
    stored = run.invocation.get("kwargs", run.invocation.get("params", {}))
    skip = {run.invocation.get("scenario_param", "file"), "seed"}
    return {k: v for k, v in stored.items() if k not in skip}


def _forecasts(run: StoredRun) -> dict[tuple[str, str], float | None]:
    return {(r["model"], issue): r["forecast"][k] for r in run.results for k, issue in enumerate(r["issues"])}


def _text(run: StoredRun) -> str:
    return run.scenario.decode("utf-8", errors="replace")
