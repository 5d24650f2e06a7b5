"""The one command-line entry point, ``realpolitik``.

Each command lives in its own module and registers itself on :data:`main`; the module is
imported when the command is looked up (see ``app.COMMANDS``). Errors the library raises
deliberately become a one-line message on stderr and exit code 2.
"""

from __future__ import annotations

from .app import main

__all__ = ["main"]
