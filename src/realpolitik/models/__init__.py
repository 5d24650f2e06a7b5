"""Collective-decision models: pure, batch-first kernels behind one registry.

Importing this package registers every model; ``names()`` lists them in order.
"""

from . import compromise, eum, exchange, kalai_smorodinsky, nash, procedural, smp, status_quo  # noqa: F401
from . import recommended  # noqa: F401  (registered last: it combines the models above)
from .registry import ModelSpec, get, names, register
from .result import Outcome, Result

__all__ = ["ModelSpec", "Outcome", "Result", "get", "names", "register"]
