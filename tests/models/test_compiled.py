"""When the compiled kernels run, and the note before they are compiled."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from realpolitik.cli import main
from realpolitik.models import compiled
from tests.conftest import EXAMPLE

SMP = "realpolitik.models.smp_compiled"


@pytest.fixture
def numba_present():
    if not compiled._numba_installed():
        pytest.skip("Numba is not installed")


@pytest.mark.parametrize(("setting", "seconds", "expected"), [
    ("0", 100.0, False),  # switched off: never
    ("1", 0.0, True),  # forced: always
    ("", 0.01, False),  # small work stays on NumPy
    ("", 100.0, True),  # large work goes compiled
])
def test_a_run_goes_compiled_only_where_it_pays(numba_present, monkeypatch, setting, seconds, expected):
    monkeypatch.setenv(compiled.SWITCH, setting)
    monkeypatch.delitem(sys.modules, "realpolitik.models.no_such_kernel", raising=False)
    assert compiled.pays("realpolitik.models.no_such_kernel", seconds, identical=True) is expected


def test_chunks_of_one_job_count_together_for_identical_paths_only(numba_present, monkeypatch):
    monkeypatch.setenv(compiled.SWITCH, "")
    small = compiled.LOAD_SECONDS / 4
    with compiled.batched(8):
        assert compiled.pays("realpolitik.models.no_such_kernel", small, identical=True)
        assert not compiled.pays("realpolitik.models.no_such_kernel", small, identical=False)
    assert not compiled.pays("realpolitik.models.no_such_kernel", small, identical=True)


def test_a_loaded_kernel_is_reused_only_where_both_paths_give_the_same_bits(numba_present, monkeypatch):
    monkeypatch.setenv(compiled.SWITCH, "")
    monkeypatch.setitem(sys.modules, "realpolitik.models.fake_compiled", object())
    assert compiled.pays("realpolitik.models.fake_compiled", 0.0, identical=True)
    assert not compiled.pays("realpolitik.models.fake_compiled", 0.0, identical=False)


def test_sized_declines_the_kernels_inside_its_block_only(numba_present, monkeypatch):
    monkeypatch.setenv(compiled.SWITCH, "")
    with compiled.sized("realpolitik.models.no_such_kernel", 0.0, identical=True) as use:
        assert not use and not compiled.enabled()
    assert compiled.enabled()


def test_an_empty_numba_cache_is_told_apart_from_a_filled_one(tmp_path, monkeypatch):
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path))
    assert not compiled._cached(SMP)
    (tmp_path / "deep" / "folder").mkdir(parents=True)
    (tmp_path / "deep" / "folder" / "smp_compiled._distance-10.py311.nbi").write_bytes(b"")
    assert compiled._cached(SMP)


def _forecast_with_cache(monkeypatch, cached: bool) -> str:
    """stderr of a compiled ``smp`` forecast in a process that finds the kernels' cache filled or empty."""
    monkeypatch.setenv(compiled.SWITCH, "1")
    monkeypatch.setattr(compiled, "_cached", lambda module: cached)
    monkeypatch.setattr(compiled, "_announced", set())
    monkeypatch.delitem(sys.modules, SMP, raising=False)
    result = CliRunner().invoke(main, ["forecast", str(EXAMPLE), "-m", "smp", "--no-store"])
    assert result.exit_code == 0, result.output
    return result.stderr


def test_the_command_line_says_so_before_compiling(numba_present, monkeypatch):
    stderr = _forecast_with_cache(monkeypatch, cached=False)
    assert "note: compiling the smp model's kernels, once after an install" in stderr


def test_the_command_line_is_quiet_when_the_kernels_are_cached(numba_present, monkeypatch):
    assert "compiling" not in _forecast_with_cache(monkeypatch, cached=True)
