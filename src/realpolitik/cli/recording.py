"""The ``--store PATH`` and ``--no-store`` options: where the API records a command's run."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..store import store_path


def store_options(f: Callable) -> Callable:
    """Add ``--store PATH`` and ``--no-store``; the command receives ``store`` (a path, or None)."""
    @click.option("--no-store", is_flag=True, help="Do not record this run in the run store.")
    @click.option("--store", "store_file", type=click.Path(dir_okay=False), default=None, metavar="PATH",
                  help="Run store to record in (default: $REALPOLITIK_STORE, else the user data folder).")
    @functools.wraps(f)
    def wrapper(*args: Any, store_file: str | None, no_store: bool, **kwargs: Any) -> Any:
        store: Path | None = None if no_store else store_path(store_file)
        return f(*args, store=store, **kwargs)
    return wrapper
