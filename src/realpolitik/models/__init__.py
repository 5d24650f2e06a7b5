"""Collective-decision models: pure, batch-first kernels behind one registry.

Importing this package registers every model; ``names()`` lists them in order.
"""

from . import (  # noqa: F401  (registration)
    compromise,
    eum,
    exchange,
    kalai_smorodinsky,
    nash,
    procedural,
    recommended,
    smp,
    status_quo,
)
from .registry import ModelSpec, get, names, register
from .result import Outcome, Result

__all__ = ["ModelSpec", "Outcome", "Result", "get", "names", "register"]
