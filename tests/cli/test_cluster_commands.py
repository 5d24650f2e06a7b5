"""``--scheduler`` on the commands that run many draws or cases, against a real Dask cluster
(a scheduler and two workers on 127.0.0.1): the same output as one process, the cluster
announced on stderr, and one-line errors with exit code 2 when it fails."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
from click.testing import CliRunner

pytest.importorskip("distributed")

from realpolitik import api  # noqa: E402
from realpolitik.analysis import backends  # noqa: E402
from realpolitik.cli import main  # noqa: E402
from tests.analysis.test_cluster import _cases  # noqa: E402
from tests.conftest import EXAMPLE, ROOT  # noqa: E402


def _run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def _same_output_on_the_cluster(address: str, *args: str) -> str:
    """Runs the command in this process and on the cluster; returns the cluster run's stderr."""
    backends.close_clients()  # a fresh connection is announced
    alone = _run(*args)
    assert alone.exit_code == 0, alone.output
    spread = _run(*args, "--scheduler", address)
    assert spread.exit_code == 0, spread.output
    assert spread.stdout == alone.stdout
    return spread.stderr


def test_forecast_with_draws_on_the_cluster(dask_cluster):
    err = _same_output_on_the_cluster(dask_cluster.address, "forecast", EXAMPLE, "-m", "mean,nash", "--draws", "3000",
                                      "--seed", "1", "-t", "sanctions>20")
    assert f"note: running on the Dask cluster at {dask_cluster.address} (2 workers)" in err.splitlines()


def test_leverage_whatif_and_shocks_on_the_cluster(dask_cluster):
    address = dask_cluster.address
    _same_output_on_the_cluster(address, "leverage", EXAMPLE, "-m", "nash", "--draws", "30", "--seed", "2")
    _same_output_on_the_cluster(address, "leverage", EXAMPLE, "-m", "nash", "--pivot", "DPRK", "--draws", "200",
                                "--seed", "2", "--format", "csv")
    _same_output_on_the_cluster(address, "whatif", EXAMPLE, "--drop", "RUS", "--draws", "2500", "--seed", "3")
    _same_output_on_the_cluster(address, "shocks", EXAMPLE, "-m", "median", "--seed", "3", "-r", "100")


def test_backtest_on_the_cluster(dask_cluster, tmp_path):
    _cases(tmp_path)
    _same_output_on_the_cluster(dask_cluster.address, "backtest", tmp_path, "-m", "mean,nash,eum", "--draws", "20",
                                "--seed", "4", "--bootstrap", "200")


def test_dask_scheduler_address_with_backend_dask_uses_that_cluster(dask_cluster):
    env = {**os.environ, "DASK_SCHEDULER_ADDRESS": dask_cluster.address}
    done = subprocess.run([sys.executable, "-m", "realpolitik", "forecast", str(EXAMPLE), "--draws", "2000",
                           "--seed", "1", "--backend", "dask", "--no-store"], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"note: running on the Dask cluster at {dask_cluster.address} (2 workers)" in done.stderr
    assert _run("forecast", EXAMPLE, "--draws", "2000", "--seed", "1").stdout == done.stdout


def test_an_unreachable_scheduler_is_one_line_and_records_nothing(monkeypatch, run_store):
    monkeypatch.setattr(backends, "CONNECT_TIMEOUT", 1.0)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{s.getsockname()[1]}"
    result = _run("forecast", EXAMPLE, "--draws", "3000", "--seed", "1", "--scheduler", address)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"realpolitik: error: cannot reach the Dask scheduler at {address} within 1 s")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not run_store.exists() or not api.runs(run_store).summaries()


def test_the_readme_scaling_example_prints_what_the_readme_shows(dask_cluster):
    import re
    import shlex

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Scaling out to a Dask cluster", 1)[1].split("\n### ", 1)[0]
    block = re.findall(r"```console\n(.+?)\n```", section, flags=re.S)[0].splitlines()
    command, shown = block[0], block[1]
    readme_address = re.search(r"--scheduler (\S+)", command).group(1)
    args = [a.replace(readme_address, dask_cluster.address) for a in shlex.split(command[2:])[1:]]
    backends.close_clients()
    result = _run(*args)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == shown.replace(readme_address, dask_cluster.address)
