"""Draws, leverage, shocks, Sobol samples and backtest cases on a real Dask cluster
(a scheduler and two workers on 127.0.0.1): the same numbers as one process, the tasks
seen by the scheduler, and clean errors when the cluster fails."""

from __future__ import annotations

import socket
import threading

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("distributed")

from distributed import Client, get_task_stream  # noqa: E402

from realpolitik.analysis import backends  # noqa: E402
from realpolitik.analysis.backtest import backtest  # noqa: E402
from realpolitik.analysis.cases import CaseSet, load_cases  # noqa: E402
from realpolitik.analysis.leverage import leverage  # noqa: E402
from realpolitik.analysis.montecarlo import monte_carlo  # noqa: E402
from realpolitik.analysis.sensitivity import sobol_indices  # noqa: E402
from realpolitik.analysis.shocks import shocks  # noqa: E402
from realpolitik.errors import ClusterError, ModelNotApplicable  # noqa: E402
from realpolitik.scenario import load  # noqa: E402
from tests.analysis.uncertain import noisy_random_scenario  # noqa: E402
from tests.conftest import EXAMPLE  # noqa: E402
from tests.dask_cluster import LocalDaskCluster  # noqa: E402


@pytest.fixture
def observer(dask_cluster):
    with Client(dask_cluster.address, set_as_default=False) as client:
        yield client


def _keys(stream) -> list[str]:
    return [str(t["key"]) for t in stream.data]


def test_draws_on_the_cluster_equal_one_process_and_the_scheduler_runs_them(dask_cluster, observer):
    sc = load(EXAMPLE)
    alone = monte_carlo(sc, "eum", 300, seed=4, chunk_size=100)
    with get_task_stream(client=observer) as stream:
        spread = monte_carlo(sc, "eum", 300, seed=4, chunk_size=100, scheduler=dask_cluster.address)
    np.testing.assert_array_equal(spread.forecast, alone.forecast)
    chunks = [k for k in _keys(stream) if "_run_chunk" in k]
    assert len(chunks) == 3
    assert {t["worker"] for t in stream.data} <= set(observer.nthreads())


def test_dask_configuration_names_the_cluster(dask_cluster, observer):
    import dask

    sc = noisy_random_scenario(np.random.default_rng(2), n=4, k=2)
    alone = monte_carlo(sc, "mean", 200, seed=1, chunk_size=50)
    with dask.config.set({"scheduler-address": dask_cluster.address}), get_task_stream(client=observer) as stream:
        spread = monte_carlo(sc, "mean", 200, seed=1, chunk_size=50, backend="dask")
    np.testing.assert_array_equal(spread.forecast, alone.forecast)
    assert len([k for k in _keys(stream) if "_run_chunk" in k]) == 4  # no private cluster was started


def test_leverage_on_the_cluster_equals_one_process(dask_cluster, observer):
    sc = load(EXAMPLE)
    alone = leverage(sc, "nash", draws=40, seed=1)
    with get_task_stream(client=observer) as stream:
        spread = leverage(sc, "nash", draws=40, seed=1, scheduler=dask_cluster.address)
    pd.testing.assert_frame_equal(spread, alone)
    assert any("_forecast_chunk" in k for k in _keys(stream))


def test_shocks_and_sobol_samples_on_the_cluster_equal_one_process(dask_cluster):
    sc = noisy_random_scenario(np.random.default_rng(7), n=5, k=2)
    at = {"scheduler": dask_cluster.address}
    pd.testing.assert_frame_equal(shocks(sc, "smp", seed=3, repetitions=60, params={"transitions": "stochastic"}, **at),
                                  shocks(sc, "smp", seed=3, repetitions=60, params={"transitions": "stochastic"}))
    pd.testing.assert_frame_equal(sobol_indices(sc, "mean", samples=32, seed=2, **at),
                                  sobol_indices(sc, "mean", samples=32, seed=2))


def _case_yaml(rng: np.random.Generator, n: int = 4) -> str:
    """A two-issue scenario whose positions carry an sd and saliences a range."""
    lines = ["format_version: 1", "actors:"]
    lines += [f"  - {{id: a{i}, name: a{i}, capability: {rng.uniform(1, 10):.2f}}}" for i in range(n)]
    lines += ["issues:", *[f"  - {{id: i{k}, name: i{k}, status_quo: {rng.uniform(10, 90):.1f}}}" for k in range(2)]]
    lines.append("positions:")
    for i in range(n):
        lines.append(f"  a{i}:")
        for k in range(2):
            s = rng.uniform(30, 90)
            lines.append(f"    i{k}: {{position: {{value: {rng.uniform(10, 90):.1f}, sd: 5}}, "
                         f"salience: {{value: {s:.0f}, range: [{s - 10:.0f}, {s + 10:.0f}]}}}}")
    return "\n".join(lines) + "\n"


def _cases(folder, n=6):
    """A generic-layout backtest folder: ``n`` scenarios with uncertain inputs and outcomes."""
    rows = ["scenario,issue,outcome,procedure"]
    for c in range(n):
        (folder / f"case{c}.yaml").write_text(_case_yaml(np.random.default_rng(100 + c)))
        rows += [f"case{c}.yaml,i0,{20 + 10 * c},{'a' if c % 2 else 'b'}",
                 f"case{c}.yaml,i1,{70 - 5 * c},{'a' if c % 2 else 'b'}"]
    (folder / "outcomes.csv").write_text("\n".join(rows) + "\n")
    return load_cases(folder)


def test_backtest_cases_on_the_cluster_equal_one_process(dask_cluster, observer, tmp_path):
    cases = _cases(tmp_path)
    names = ["mean", "median", "nash", "eum", "status-quo"]
    alone = backtest(cases, names, seed=9, draws=20, n_boot=200)
    ticks = []
    with get_task_stream(client=observer) as stream:
        spread = backtest(cases, names, seed=9, draws=20, n_boot=200, scheduler=dask_cluster.address,
                          progress=lambda: ticks.append(1))
    assert spread.to_dict() == alone.to_dict()
    assert len(ticks) == len(cases.cases)
    assert len([k for k in _keys(stream) if "_score_case" in k]) == len(cases.cases)


def test_deu_cases_on_the_cluster_equal_one_process(dask_cluster, shared_data):
    deu = load_cases(shared_data / "deu")
    subset = CaseSet(deu.cases[:40], (), deu.layout, deu.source)
    names = ["mean", "median", "nash", "procedural"]
    alone = backtest(subset, names, seed=1, n_boot=200)
    spread = backtest(subset, names, seed=1, n_boot=200, scheduler=dask_cluster.address)
    assert spread.to_dict() == alone.to_dict()


def test_an_error_of_the_model_comes_back_as_it_is(dask_cluster):
    sc = noisy_random_scenario(np.random.default_rng(1), n=4, k=2)
    no_status_quo = sc.replace(issues=tuple(i.__class__(i.id, i.name, i.lower, i.upper) for i in sc.issues))
    with pytest.raises(ModelNotApplicable, match="needs a status quo"):
        monte_carlo(no_status_quo, "status-quo", 100, seed=1, chunk_size=50, scheduler=dask_cluster.address)


def test_a_worker_killed_mid_run_does_not_change_the_result(dask_cluster):
    extra = dask_cluster.add_worker()
    dask_cluster.wait_for(3)
    sc = load(EXAMPLE)
    alone = monte_carlo(sc, "eum", 1200, seed=5, chunk_size=50)
    started, seen, out = threading.Event(), [], {}

    def progress(done, total):
        seen.append(done)
        if done:  # chunks are running (the first call, at 0, comes before any is sent)
            started.set()

    def work():
        try:
            out["result"] = monte_carlo(sc, "eum", 1200, seed=5, chunk_size=50, scheduler=dask_cluster.address,
                                        progress=progress)
        except Exception as exc:  # handed to the test thread below
            out["error"] = exc

    thread = threading.Thread(target=work)
    thread.start()
    assert started.wait(60)
    dask_cluster.kill(extra)
    killed_at = seen[-1]
    thread.join(120)
    assert not thread.is_alive()
    assert killed_at < 1200  # the worker died while chunks were still running
    if "error" in out:  # Dask could not recover the run: it must fail cleanly, in one line, naming the part
        assert isinstance(out["error"], ClusterError) and "\n" not in str(out["error"]), out["error"]
        assert "did not finish" in str(out["error"])
        return
    np.testing.assert_array_equal(out["result"].forecast, alone.forecast)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_scheduler_is_one_clear_error():
    address = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(ClusterError, match=rf"cannot reach the Dask scheduler at {address} within 1 s"):
        backends.connect(address, timeout=1)


def test_workers_with_another_version_are_refused_before_any_work(dask_cluster, monkeypatch, observer):
    backends.close_clients()
    monkeypatch.setattr(backends, "local_version", lambda: "0.0.0-other")
    sc = noisy_random_scenario(np.random.default_rng(2), n=4, k=2)
    with get_task_stream(client=observer) as stream, pytest.raises(ClusterError) as caught:
        monte_carlo(sc, "mean", 100, seed=1, chunk_size=50, scheduler=dask_cluster.address)
    message = str(caught.value)
    assert dask_cluster.address in message and "runs realpolitik" in message and "0.0.0-other" in message
    assert "\n" not in message
    assert not [k for k in _keys(stream) if "_run_chunk" in k]
    backends.close_clients()


def test_a_scheduler_without_workers_is_one_clear_error(tmp_path, monkeypatch):
    empty = LocalDaskCluster(tmp_path, workers=0)
    try:
        with pytest.raises(ClusterError, match=rf"the Dask scheduler at {empty.address} has no workers"):
            backends.connect(empty.address, timeout=1)
    finally:
        empty.close()


def test_a_run_whose_every_worker_dies_fails_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(backends, "CONNECT_TIMEOUT", 1.0)
    lonely = LocalDaskCluster(tmp_path, workers=1)
    started = threading.Event()
    try:
        sc = load(EXAMPLE)
        out = {}

        def work():
            try:
                monte_carlo(sc, "eum", 2000, seed=5, chunk_size=50, scheduler=lonely.address,
                            progress=lambda done, total: done and started.set())
            except Exception as exc:  # handed to the test thread below
                out["error"] = exc

        thread = threading.Thread(target=work)
        thread.start()
        assert started.wait(60)
        lonely.kill(lonely.workers[0])
        thread.join(60)
        assert not thread.is_alive()
        error = out.get("error")
        assert isinstance(error, ClusterError), error
        assert f"every worker of the Dask cluster at {lonely.address} left" in str(error)
        assert "eum: chunk of draws" in str(error) and "\n" not in str(error)
    finally:
        backends.close_clients()
        lonely.close()


def test_the_api_takes_a_dask_client(dask_cluster, observer):
    import realpolitik as rp

    alone = rp.sensitivity(EXAMPLE, models="mean", samples=16, seed=3)
    with get_task_stream(client=observer) as stream:
        spread = rp.sensitivity(EXAMPLE, models="mean", samples=16, seed=3, scheduler=observer)
    pd.testing.assert_frame_equal(spread.frame, alone.frame)
    assert any("_forecast_chunk" in k for k in _keys(stream))


def test_advice_on_the_cluster_equals_one_process(dask_cluster, observer):
    import realpolitik as rp

    alone = rp.advise(EXAMPLE, "DPRK", models="mean,nash", moves="position,outside", draws=40, seed=5)
    with get_task_stream(client=observer) as stream:
        spread = rp.advise(EXAMPLE, "DPRK", models="mean,nash", moves="position,outside", draws=40, seed=5,
                           scheduler=dask_cluster.address)
    assert spread.to_dict() == alone.to_dict()
    assert any("_forecast_chunk" in k for k in _keys(stream))
