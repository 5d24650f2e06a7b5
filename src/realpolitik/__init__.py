"""realpolitik: model, forecast and stress-test multi-party negotiations."""

from .api import advise, forecast, load, run
from .errors import MissingExtraError, ModelNotApplicable, ParameterError, RealpolitikError, ScenarioError
from .models import Result
from .models import names as model_names
from .scenario import Scenario, ScenarioArrays

__version__ = "0.1.0"

__all__ = [
    "MissingExtraError", "ModelNotApplicable", "ParameterError", "RealpolitikError", "Result", "Scenario",
    "ScenarioArrays", "ScenarioError", "advise", "forecast", "load", "model_names", "run",
]
