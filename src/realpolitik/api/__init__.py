"""The one Python API: everything the command line and the web app do, as functions.

>>> import realpolitik as rp
>>> sc = rp.load("examples/korea-2019.yaml")                      # doctest: +SKIP
>>> rp.forecast(sc, "all", draws=500, seed=1).summary_frame()      # doctest: +SKIP
>>> rp.whatif(sc, set={"USA.sanctions.position": 40}, models="nash").to_frame()   # doctest: +SKIP

Every function takes a Scenario or a path, ``models`` (a name, ``"all"``, or a list),
``params`` for the models, a ``seed`` (drawn and recorded when omitted), an optional
``progress(label, done, total)`` callback, and ``store`` to record the run in the run
store (see :mod:`realpolitik.api.recording`). The faces (``realpolitik`` on the command
line, ``realpolitik serve``) are thin layers over these functions.
"""

from __future__ import annotations

from ..models.runner import run
from ..scenario import load
from .advising import Advice, advise
from .analyses import Analysis, leverage, sensitivity, shocks, whatif
from .backtesting import backtest
from .citations import BrokenCitation, broken_citations
from .describe import describe
from .documents import Check, Report, check, convert, report
from .forecasting import Forecast, forecast
from .recording import Rerun, open_store, rerun
from .run_diff import RunDiff, compare_runs

CALLS = {"forecast": forecast, "advise": advise, "whatif": whatif, "leverage": leverage, "pivot": leverage,
         "shocks": shocks, "sensitivity": sensitivity, "report": report, "backtest": backtest}
"""The API calls the run store records, by the name it records them under (for :func:`rerun`)."""


def runs(store=True):
    """The run store (``store``: True for the default location, or a path): list, get and compare runs."""
    return open_store(store)


__all__ = ["Advice", "Analysis", "BrokenCitation", "CALLS", "Check", "Forecast", "Report", "Rerun", "RunDiff", "advise",
           "backtest", "broken_citations", "check", "compare_runs", "convert", "describe", "forecast", "leverage",
           "load", "report", "rerun", "run", "runs", "sensitivity", "shocks", "whatif"]
