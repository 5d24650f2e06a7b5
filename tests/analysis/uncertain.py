"""Synthetic scenarios with stated input uncertainty, for the Monte Carlo tests."""

from __future__ import annotations

import dataclasses

import numpy as np

from realpolitik.scenario import Scenario, Uncertain
from tests.conftest import make_scenario


def with_uncertainty(sc: Scenario, **specs: dict) -> Scenario:
    """``sc`` with some inputs replaced: keyword ``a0_i1_position={"sd": 5}`` (or
    ``{"low": .., "high": ..}``) keeps the value and adds that uncertainty; actor-level
    capability as ``a0_capability``."""
    stances = {(s.actor, s.issue): s for s in sc.stances}
    actors = {a.id: a for a in sc.actors}
    for key, spec in specs.items():
        parts = key.split("_")
        if len(parts) == 2:
            a = actors[parts[0]]
            actors[a.id] = dataclasses.replace(a, capability=Uncertain(a.capability.value, **spec))
        else:
            s = stances[(parts[0], parts[1])]
            old = getattr(s, parts[2])
            stances[(s.actor, s.issue)] = dataclasses.replace(s, **{parts[2]: Uncertain(old.value, **spec)})
    return sc.replace(actors=tuple(actors.values()), stances=tuple(stances.values()))


def noisy_random_scenario(rng: np.random.Generator, n: int = 5, k: int = 2) -> Scenario:
    """Random scenario (status quo known) whose positions carry an sd, saliences a range
    and capabilities an sd."""
    x = rng.uniform(10, 90, (n, k))
    s = rng.uniform(0.2, 0.9, (n, k))
    c = rng.uniform(1, 10, n)
    sc = make_scenario(x, s, c, status_quo=rng.uniform(10, 90, k), outside={(0, 0): (50.0, 0.5)})
    specs = {f"a{i}_i{j}_position": {"sd": 5.0} for i in range(n) for j in range(k)}
    specs.update({f"a{i}_i{j}_salience": {"low": s[i, j] - 0.1, "high": s[i, j] + 0.1}
                  for i in range(n) for j in range(k)})
    specs.update({f"a{i}_capability": {"sd": 2.0} for i in range(n)})
    return with_uncertainty(sc, **specs)
