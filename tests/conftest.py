"""Shared fixtures: small hand-computable scenarios and the optional shared data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from realpolitik.scenario import Actor, Issue, OutsideOption, Scenario, Stance, Uncertain

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLE = ROOT / "examples" / "korea-2019.yaml"


@pytest.fixture(autouse=True)
def run_store(tmp_path_factory, monkeypatch) -> Path:
    """Every test records runs in a fresh temporary store, never in the user's data folder."""
    path = tmp_path_factory.mktemp("store") / "runs.sqlite"
    monkeypatch.setenv("REALPOLITIK_STORE", str(path))
    return path


@pytest.fixture
def shared_data() -> Path:
    """``../shared/data``; tests that use it skip when it is absent."""
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip("../shared/data is not available")
    return path


def make_scenario(positions, saliences, capabilities, status_quo=None, lower=0.0, upper=100.0,
                  present=None, outside=None, salience_scale=1.0) -> Scenario:
    """A scenario from ``(N, K)`` arrays (``present`` masks absent pairs; ``outside`` maps
    (actor index, issue index) to (value, credibility))."""
    x = np.asarray(positions, dtype=float)
    s = np.asarray(saliences, dtype=float)
    n, k = x.shape
    c = np.asarray(capabilities, dtype=float)
    mask = np.ones((n, k), bool) if present is None else np.asarray(present, bool)
    sq = [None] * k if status_quo is None else list(status_quo)
    outside = outside or {}
    actors = tuple(Actor(f"a{i}", f"a{i}", Uncertain(float(c[i]))) for i in range(n))
    issues = tuple(Issue(f"i{j}", f"i{j}", lower, upper, status_quo=None if sq[j] is None else Uncertain(float(sq[j])))
                   for j in range(k))
    stances = []
    for i in range(n):
        for j in range(k):
            if mask[i, j]:
                o = outside.get((i, j))
                opt = None if o is None else OutsideOption(Uncertain(float(o[0])), Uncertain(float(o[1])))
                stances.append(Stance(f"a{i}", f"i{j}", Uncertain(float(x[i, j])), Uncertain(float(s[i, j])),
                                      outside=opt))
    return Scenario(actors=actors, issues=issues, stances=tuple(stances), salience_scale=salience_scale)


def random_scenario(rng: np.random.Generator, n: int = 6, k: int = 3, absent: float = 0.0,
                    status_quo: bool = True) -> Scenario:
    """A random valid scenario (for conformance and property tests)."""
    x = np.round(rng.uniform(0, 100, (n, k)), 1)
    s = np.round(rng.uniform(0.1, 1.0, (n, k)), 2)
    c = np.round(rng.uniform(1, 100, n), 1)
    present = rng.random((n, k)) >= absent
    present[:3] = True  # at least three actors on every issue
    sq = np.round(rng.uniform(0, 100, k), 1) if status_quo else None
    return make_scenario(x, s, c, sq, present=present)


@pytest.fixture(scope="session")
def dask_cluster(tmp_path_factory):
    """A real Dask scheduler and two workers on 127.0.0.1 (random ports), stopped at the end."""
    pytest.importorskip("distributed")
    from realpolitik.analysis.backends import close_clients
    from tests.dask_cluster import LocalDaskCluster

    cluster = LocalDaskCluster(tmp_path_factory.mktemp("dask"))
    yield cluster
    close_clients()
    cluster.close()


@pytest.fixture(params=["compiled", "numpy"])
def kernel_path(request, monkeypatch) -> str:
    """Runs a test under both implementations of a round-based model: ``compiled``
    (``REALPOLITIK_COMPILED=1``, skipped without Numba) and ``numpy`` (``=0``)."""
    from realpolitik.models import compiled

    if request.param == "compiled":
        monkeypatch.setenv(compiled.SWITCH, "1")
        if not compiled.enabled():
            pytest.skip("Numba is not installed")
    else:
        monkeypatch.setenv(compiled.SWITCH, "0")
    return request.param


def on_both_paths(f):
    """``(f() on the NumPy path, f() on the compiled one)``; usable inside hypothesis examples,
    which cannot take the ``monkeypatch`` fixture."""
    from realpolitik.models import compiled

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(compiled.SWITCH, "0")
        ref = f()
        patch.setenv(compiled.SWITCH, "1")
        return ref, f()
