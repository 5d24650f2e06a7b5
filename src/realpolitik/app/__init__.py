"""The web app face (``realpolitik serve``): a local server over a folder of scenario files.

Needs the ``app`` extra (``pip install 'realpolitik[app]'``). Like the command line, it
calls only :mod:`realpolitik.api` and the scenario contract; see docs/app.md.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":  # imported on use, so that the modules without a web framework load without it
        from .server import create_app

        return create_app
    raise AttributeError(name)
