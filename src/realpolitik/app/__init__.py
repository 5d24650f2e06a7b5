"""The web app face (``realpolitik serve``): a local server over a folder of scenario files.

Needs the ``app`` extra (``pip install 'realpolitik[app]'``). Like the command line, it
calls only :mod:`realpolitik.api` and the scenario contract; see docs/app.md.
"""

from .server import create_app

__all__ = ["create_app"]
