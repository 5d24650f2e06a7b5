"""The one seed rule: every random number comes from a Generator made here.

Parallel chunks get children of one :class:`numpy.random.SeedSequence`, so results
do not depend on how many workers ran them.
"""

from __future__ import annotations

import numpy as np

from .errors import ParameterError

MAX_SEED = 2**63 - 1  # the run store keeps seeds as signed 64-bit integers
SeedLike = int | np.random.SeedSequence | np.random.Generator | None


def seed_sequence(seed: int | np.random.SeedSequence | None) -> np.random.SeedSequence:
    """Return a SeedSequence for ``seed`` (a fresh, recorded entropy when ``None``)."""
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if seed is not None and seed < 0:
        raise ParameterError(f"a seed must be a whole number >= 0, got {seed}")
    return np.random.SeedSequence(seed)


def make_rng(seed: SeedLike) -> np.random.Generator:
    """Turn any seed (int, SeedSequence, Generator or None) into a Generator."""
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed_sequence(seed))


def fresh_seed() -> int:
    """A new random seed that can be recorded and reused."""
    return int(np.random.SeedSequence().entropy % (2**63))
