"""Hostile invocations: what the store records, resource limits, output devices and what is echoed."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from realpolitik import load
from realpolitik.analysis import resources
from realpolitik.cli import main
from realpolitik.store import RunStore
from tests.conftest import EXAMPLE, ROOT

MINI = str(ROOT / "tests" / "fixtures" / "mini.yaml")


def invoke(*args: str, **kwargs):
    return CliRunner().invoke(main, list(args), **kwargs)


def test_the_store_records_the_bytes_that_ran_even_if_the_file_changes(tmp_path, run_store, monkeypatch):
    scenario = tmp_path / "s.yaml"
    original = (ROOT / "tests" / "fixtures" / "mini.yaml").read_bytes()
    scenario.write_bytes(original)
    from realpolitik.api import forecasting

    real = forecasting.run

    def edit_while_running(*args, **kwargs):
        scenario.write_text("edited while the run worked\n", encoding="utf-8")
        return real(*args, **kwargs)

    monkeypatch.setattr(forecasting, "run", edit_while_running)
    assert invoke("forecast", str(scenario), "--seed", "3").exit_code == 0
    stored = RunStore(run_store).get(1)
    assert stored.scenario == original
    scenario.write_bytes(original)
    monkeypatch.setattr(forecasting, "run", real)
    r = invoke("runs", "rerun", "1")
    assert r.exit_code == 0 and "reproduced exactly" in r.stderr


def test_a_piped_scenario_is_stored_whole(run_store):
    text = (ROOT / "tests" / "fixtures" / "mini.yaml").read_bytes()
    proc = subprocess.run([sys.executable, "-m", "realpolitik", "forecast", "/dev/stdin", "--seed", "1",
                           "--store", str(run_store)], input=text, capture_output=True)
    assert proc.returncode == 0, proc.stderr
    assert RunStore(run_store).get(1).scenario == text


def test_a_scenario_with_a_base_replays_from_the_store(tmp_path, run_store):
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "base.yaml").write_bytes((ROOT / "tests" / "fixtures" / "mini.yaml").read_bytes())
    (tmp_path / "case").mkdir()
    child = tmp_path / "case" / "child.yaml"
    child.write_text("extends: ../common/base.yaml\ntitle: child\n", encoding="utf-8")
    assert invoke("forecast", str(child), "--seed", "1").exit_code == 2  # outside the folder: refused
    r = invoke("--allow-outside", "forecast", str(child), "--seed", "1", "-m", "nash")
    assert r.exit_code == 0, r.output
    (tmp_path / "common" / "base.yaml").unlink()  # the replay needs nothing but the store
    r = invoke("runs", "rerun", "1")
    assert r.exit_code == 0 and "reproduced exactly" in r.stderr, r.output


def test_an_empty_store_path_is_an_error():
    r = invoke("forecast", MINI, "--store", "")
    assert r.exit_code == 2 and "the path is empty" in r.stderr


def test_zero_draws_are_refused_with_rules_too():
    r = invoke("forecast", MINI, "--rules", "--draws", "0", "--no-store")
    assert r.exit_code == 2 and "draws must be from 1" in r.stderr


def test_workers_are_cut_to_the_cpus_with_a_note(monkeypatch):
    monkeypatch.setattr(resources, "cpu_count", lambda: 2)
    r = invoke("forecast", MINI, "--draws", "40", "--workers", "64", "--no-store", "--seed", "1")
    assert r.exit_code == 0 and "--workers 64 cut to 2" in r.stderr


def test_a_run_beyond_this_machine_is_refused_unless_forced(monkeypatch):
    monkeypatch.setattr(resources, "machine_memory", lambda: 1e6)
    r = invoke("forecast", str(EXAMPLE), "-m", "eum", "--draws", "5000", "--no-store", "--seed", "1")
    assert r.exit_code == 2 and "of memory and this machine allows" in r.stderr and "--force" in r.stderr
    assert r.stderr.count("\n") == 1
    r = invoke("forecast", str(EXAMPLE), "-m", "mean", "--draws", "5000", "--no-store", "--seed", "1", "--force")
    assert r.exit_code == 0


def test_a_full_output_device_is_one_line(tmp_path):
    proc = subprocess.run(f"{sys.executable} -m realpolitik forecast {MINI} --no-store > /dev/full", shell=True,
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == "realpolitik: error: cannot write the output (No space left on device)"


def test_negative_zero_is_never_printed(tmp_path):
    scenario = tmp_path / "zero.csv"
    scenario.write_text("actor,issue,capability,position,salience\na,x,1,0,1\nb,x,1,0,1\n", encoding="utf-8")
    for fmt in ("table", "csv", "json"):
        r = invoke("forecast", str(scenario), "-m", "mean", "--format", fmt, "--no-store", "--seed", "1")
        assert r.exit_code == 0 and "-0" not in r.stdout.replace("0–100", "")


def test_spreadsheet_formulas_are_quoted_and_read_back(tmp_path):
    scenario = tmp_path / "inj.csv"
    scenario.write_text("actor,issue,capability,position,salience\n=cmd|' /c calc'!A0,x,1,10,1\n+b,x,1,90,1\n",
                        encoding="utf-8")
    out = tmp_path / "out.csv"
    assert invoke("convert", str(scenario), "-o", str(out)).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()[1:]
    assert all(line.startswith(("'", '"\'')) for line in lines)
    r = invoke("forecast", str(out), "--format", "csv", "--no-store", "--seed", "1")
    assert r.exit_code == 0
    assert load(str(out)).actor_ids == ("=cmd|' /c calc'!A0", "+b")  # the guard is removed on reading


def test_an_echoed_newline_cannot_forge_a_line(tmp_path):
    scenario = tmp_path / "nl.csv"
    row = '"a\nrealpolitik: error: forged",x,1,50,1\n'
    scenario.write_text("actor,issue,capability,position,salience\n" + row + row, encoding="utf-8")
    r = invoke("forecast", str(scenario), "--no-store")
    assert r.exit_code == 2 and r.stderr.count("\n") == 1 and "\\n" in r.stderr


@pytest.mark.parametrize("p", ["156", "400"])
def test_nash_with_a_large_exponent_stays_feasible(p):
    r = invoke("forecast", str(EXAMPLE), "-m", "nash", "-p", f"p={p}", "--format", "csv", "--no-store", "--seed", "1")
    assert r.exit_code == 0 and "no outcome makes every actor better off" not in r.stderr
    sanctions = [line for line in r.stdout.splitlines() if line.startswith("nash,sanctions")][0]
    assert float(sanctions.split(",")[2]) > 10  # moves off the status quo, as for p = 2
