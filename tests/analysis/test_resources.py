"""The memory and time estimate made before a run, and the refusal beyond this machine."""

from __future__ import annotations

import pytest

from realpolitik import load
from realpolitik.analysis.resources import Estimate, cap_workers, check, estimate
from realpolitik.errors import ParameterError
from tests.conftest import EXAMPLE, ROOT


def test_a_run_no_bigger_than_the_probes_is_not_estimated():
    assert estimate(load(ROOT / "tests" / "fixtures" / "mini.yaml"), "mean", 1) is None


def test_more_draws_need_more_memory_and_time():
    sc = load(EXAMPLE)
    few, many = estimate(sc, "eum", 1_000), estimate(sc, "eum", 100_000)
    assert many.peak_bytes > few.peak_bytes > 0 and many.seconds > few.seconds > 0
    assert many.per_draw_bytes == few.per_draw_bytes


def test_the_refusal_says_how_many_draws_fit():
    est = Estimate("eum", 7, 5, 1_000_000, 1, 60.0, 12e9, 12e3, 1e6)
    with pytest.raises(ParameterError, match=r"at most 666,\d{3} draws fit, or give --force"):
        check(est, memory=10e9)
    check(est, memory=10e9, force=True)
    with pytest.raises(ParameterError, match="would take about 2.0 h"):
        check(Estimate("smp", 500, 10, 1, 1, 7200.0, 1e6, 1e3, 1e6), memory=10e9)


def test_workers_are_cut_to_the_cpus(monkeypatch):
    from realpolitik.analysis import resources

    monkeypatch.setattr(resources, "cpu_count", lambda: 2)
    assert cap_workers(64) == (2, "--workers 64 cut to 2, the number of CPUs available")
    assert cap_workers(2) == (2, None)
