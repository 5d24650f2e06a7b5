"""realpolitik: model, forecast and stress-test multi-party negotiations.

The names below are imported on first use, so that ``import realpolitik.cli`` (or any
submodule) costs only what that submodule needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_WHERE = {
    **dict.fromkeys(["Analysis", "Check", "Forecast", "Report", "Rerun", "backtest", "check", "convert", "forecast",
                     "leverage", "load", "report", "rerun", "run", "runs", "sensitivity", "shocks", "whatif"], ".api"),
    "MissingExtraError": ".errors", "ModelNotApplicable": ".errors", "ParameterError": ".errors",
    "RealpolitikError": ".errors", "ScenarioError": ".errors",
    "Result": ".models", "model_names": ".models", "Scenario": ".scenario", "ScenarioArrays": ".scenario",
}

__all__ = [
    "Analysis", "Check", "Forecast", "MissingExtraError", "ModelNotApplicable", "ParameterError", "RealpolitikError",
    "Report", "Rerun", "Result", "Scenario", "ScenarioArrays", "ScenarioError", "backtest", "check", "convert",
    "forecast", "leverage", "load", "model_names", "report", "rerun", "run", "runs", "sensitivity", "shocks",
    "whatif",
]

if TYPE_CHECKING:
    from .api import (
        Analysis,
        Check,
        Forecast,
        Report,
        Rerun,
        backtest,
        check,
        convert,
        forecast,
        leverage,
        load,
        report,
        rerun,
        run,
        runs,
        sensitivity,
        shocks,
        whatif,
    )
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
