"""Collective-decision models: pure, batch-first kernels behind one registry.

``names()`` lists the models; ``get(name)`` imports the model's module on first use.
"""

from .registry import ModelSpec, get, names, register
from .result import Outcome, Result

__all__ = ["ModelSpec", "Outcome", "Result", "get", "names", "register"]
