"""realpolitik: model, forecast and stress-test multi-party negotiations.

The names below are imported on first use, so that ``import realpolitik.cli`` (or any
submodule) costs only what that submodule needs. The Python API is :mod:`realpolitik.api`.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_API = ("Advice", "Analysis", "Check", "Forecast", "Report", "Rerun", "RunDiff", "advise", "backtest",
        "broken_citations", "check", "compare_runs", "convert", "describe", "forecast", "leverage", "load", "report",
        "rerun", "run", "runs", "sensitivity", "shocks", "whatif")
_WHERE = {
    **dict.fromkeys(_API, ".api"),
    **dict.fromkeys(("MissingExtraError", "ModelNotApplicable", "ParameterError", "RealpolitikError",
                     "ScenarioError"), ".errors"),
    "Result": ".models", "model_names": ".models", "Scenario": ".scenario", "ScenarioArrays": ".scenario",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'realpolitik' has no attribute {name!r}")
    module = importlib.import_module(_WHERE[name], __name__)
    value = getattr(module, "names" if name == "model_names" else name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
