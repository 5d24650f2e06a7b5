"""Where the run store lives: ``--store PATH``, else ``$REALPOLITIK_STORE``, else the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import RealpolitikError

ENV_VAR = "REALPOLITIK_STORE"
FILE_NAME = "runs.sqlite"


def default_store_path() -> Path:
    """``runs.sqlite`` in the user's data folder for realpolitik (platform dependent)."""
    from platformdirs import user_data_path

    return user_data_path("realpolitik", appauthor=False) / FILE_NAME


def store_path(explicit: str | os.PathLike | None = None) -> Path:
    """The store to use: an explicit path first, then the environment variable, then the default.

    An explicit empty path is an error (it would otherwise fall back to the default store).
    """
    if explicit is not None and not str(explicit).strip():
        raise RealpolitikError("--store: the path is empty (give a file, or leave the option out for the default)")
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(ENV_VAR)
    return Path(from_env) if from_env else default_store_path()
