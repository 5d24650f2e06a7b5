"""The one command-line entry point, ``realpolitik``.

Each command lives in its own module and registers itself on :data:`main`. Errors the
library raises deliberately become a one-line message on stderr and exit code 2.
"""

from __future__ import annotations

import importlib

from .app import main

for _module in ("forecast", "check", "new", "models", "convert", "runs", "backtest", "report",
                "whatif", "shocks", "sensitivity", "leverage"):
    importlib.import_module(f"{__name__}.{_module}")

__all__ = ["main"]
