"""Every example in every command's --help runs as written (in a scratch folder, in order)."""

from __future__ import annotations

import shlex
import shutil
import time

import click
import pytest
from click.testing import CliRunner

from realpolitik.cli import main
from tests.conftest import ROOT, SHARED


def _examples() -> list[str]:
    found: list[str] = []

    def walk(cmd: click.Command, ctx: click.Context) -> None:
        doc = cmd.help or ""
        if "Examples:" in doc:
            found.extend(ln.strip() for ln in doc.split("Examples:", 1)[1].splitlines()
                         if ln.strip().startswith("realpolitik "))
        if isinstance(cmd, click.Group):
            for name in cmd.list_commands(ctx):
                walk(cmd.get_command(ctx, name), ctx)

    walk(main, click.Context(main))
    runs = [e for e in found if e.startswith("realpolitik runs ")]  # they need recorded runs: last
    return [e for e in found if e not in runs] + runs


def test_every_command_has_examples():
    named = {e.split()[1] for e in _examples()}
    assert set(main.list_commands(click.Context(main))) <= named


def test_every_help_example_runs(tmp_path, monkeypatch, dask_cluster):
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    shutil.copytree(ROOT / "tests" / "fixtures" / "backtest" / "generic", tmp_path / "my-cases")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REALPOLITIK_STORE", str(tmp_path / "runs.sqlite"))
    ran = 0
    for line in _examples():
        if line.startswith("realpolitik serve"):
            continue  # a server runs until stopped: tests/app drives it through its test client
        line = line.replace("tcp://scheduler-host:8786", dask_cluster.address)  # the test's own cluster
        if "../shared" in line:
            if not SHARED.is_dir():
                continue
            line = line.replace("../shared", str(SHARED))
        started = time.perf_counter()
        result = CliRunner().invoke(main, shlex.split(line)[1:])
        print(f"{time.perf_counter() - started:6.1f} s  {line}")
        assert result.exit_code == 0, f"{line}: {result.output[-800:]}"
        ran += 1
    assert ran >= 30
    assert (tmp_path / "climate.yaml").is_file() and (tmp_path / "korea.xlsx").is_file()
    if not (ROOT / "examples").is_dir():
        pytest.fail("examples/ is missing")
