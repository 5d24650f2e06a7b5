"""realpolitik: model, forecast and stress-test multi-party negotiations."""

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

__version__ = "0.1.0"

__all__ = [
    "Analysis", "Check", "Forecast", "MissingExtraError", "ModelNotApplicable", "ParameterError", "RealpolitikError",
    "Report", "Rerun", "Result", "Scenario", "ScenarioArrays", "ScenarioError", "backtest", "check", "convert",
    "forecast", "leverage", "load", "model_names", "report", "rerun", "run", "runs", "sensitivity", "shocks",
    "whatif",
]
