"""The model registry: names to kernels, with declared parameters and citations.

A kernel is a pure function ``(ScenarioArrays, params, rng) -> Outcome``, batch-first.
Registering a model is all it takes for the CLI, the API and the conformance suite
(``tests/models/test_conformance.py``) to pick it up. The models shipped here are listed
in :data:`MODULES` and imported on first use, so that a run of one model does not load
the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import ParameterError
from ..scenario.arrays import ScenarioArrays
from .params import Param, resolve
from .result import Outcome

Kernel = Callable[[ScenarioArrays, Mapping[str, Any], np.random.Generator], Outcome]


@dataclass(frozen=True)
class ModelSpec:
    """A registered model.

    ``bounds`` states the conformance guarantee on the forecast: ``"positions"`` (within
    the range of positions of the actors present), ``"positions+status_quo"`` (the range
    widened to include the status quo) or ``"scale"``. ``order_dependent`` documents a
    model whose tie-breaking depends on actor order (the conformance suite then allows a
    permutation of actors to move the forecast by at most 1% of the scale). ``joint``
    marks models that treat issues together (their per-issue results depend on other
    issues). ``needs_status_quo``: :func:`realpolitik.run` refuses (``ModelNotApplicable``)
    to run the model on an issue without a status quo. ``stochastic`` marks models whose
    kernel draws from the rng (a batch of k draws then equals k single calls only in
    distribution); ``random_when`` tells, for models that draw only under some
    parameters, whether resolved ``params`` make the run draw. ``describe`` writes the
    model's notes from its ``details`` (``(issue_ids, details, params)``), so that a run
    cut into chunks of draws says each thing once, about all its draws. ``reads_outside``
    marks models whose forecast depends on outside options (others cannot express a move
    that changes one). ``capabilities_as_given_when`` tells, for resolved ``params``, whether
    the kernel gets the capabilities unscaled.
    """

    name: str
    kernel: Kernel
    summary: str
    citation: str
    params: tuple[Param, ...] = ()
    bounds: str = "positions"
    order_dependent: bool = False
    joint: bool = False
    needs_status_quo: bool = False
    stochastic: bool = False
    reads_outside: bool = False
    random_when: Callable[[Mapping[str, Any]], bool] | None = None
    capabilities_as_given_when: Callable[[Mapping[str, Any]], bool] | None = None
    describe: Callable[[tuple[str, ...], Mapping[str, np.ndarray], Mapping[str, Any]], tuple[str, ...]] | None = None

    def draws_random(self, params: Mapping[str, Any]) -> bool:
        """Whether a run with resolved ``params`` draws from its rng (identical inputs may then differ)."""
        return self.stochastic or (self.random_when is not None and self.random_when(params))

    def capabilities_as_given(self, params: Mapping[str, Any]) -> bool:
        """Whether the kernel takes the capabilities as given rather than rescaled by a power of two
        (:meth:`ScenarioArrays.normalised`), as a kernel that repeats another tool's decimal arithmetic must."""
        return self.capabilities_as_given_when is not None and self.capabilities_as_given_when(params)

    def resolve(self, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return resolve(self.name, self.params, given or {})


#: the shipped models, in the order ``names()`` lists them, and the module that registers each
MODULES = {"mean": "compromise", "median": "compromise", "eum": "eum", "exchange": "exchange",
           "kalai-smorodinsky": "kalai_smorodinsky", "nash": "nash", "procedural": "procedural",
           "recommended": "recommended", "smp": "smp", "status-quo": "status_quo"}
_REGISTRY: dict[str, ModelSpec] = {}


def register(spec: ModelSpec) -> ModelSpec:
    """Add a model to the registry."""
    _REGISTRY[spec.name] = spec
    return spec


def get(name: str) -> ModelSpec:
    """The model called ``name``; ParameterError listing the known ones otherwise."""
    if name not in _REGISTRY and name in MODULES:
        importlib.import_module(f"{__package__}.{MODULES[name]}")
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ParameterError(f"unknown model '{name}' (known: {', '.join(names())})") from None


def names() -> tuple[str, ...]:
    """Model names: the shipped ones in their order, then any registered since."""
    return tuple(dict.fromkeys([*MODULES, *_REGISTRY]))
