"""realpolitik: model, forecast and stress-test multi-party negotiations.

The names below are imported on first use, so that ``import realpolitik.cli`` (or any
submodule) costs only what that submodule needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_WHERE = {
    "forecast": ".api", "load": ".api", "run": ".api",
    "MissingExtraError": ".errors", "ModelNotApplicable": ".errors", "ParameterError": ".errors",
    "RealpolitikError": ".errors", "ScenarioError": ".errors",
    "Result": ".models", "model_names": ".models", "Scenario": ".scenario", "ScenarioArrays": ".scenario",
}

__all__ = [
    "MissingExtraError", "ModelNotApplicable", "ParameterError", "RealpolitikError", "Result", "Scenario",
    "ScenarioArrays", "ScenarioError", "forecast", "load", "model_names", "run",
]

if TYPE_CHECKING:
    from .api import forecast, load, run
    from .errors import MissingExtraError, ModelNotApplicable, ParameterError, RealpolitikError, ScenarioError
    from .models import Result
    from .models import names as model_names
    from .scenario import Scenario, ScenarioArrays


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'realpolitik' has no attribute {name!r}")
    module = importlib.import_module(_WHERE[name], __name__)
    value = getattr(module, "names" if name == "model_names" else name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
