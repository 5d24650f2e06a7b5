"""Loading a command's scenario FILE, keeping the bytes read for the run store."""

from __future__ import annotations

import click

from ..scenario import Scenario, load

ALLOW_OUTSIDE_KEY = "realpolitik.allow_outside"
LOADED_KEY = "realpolitik.loaded_files"


def load_scenario(file: str) -> Scenario:
    """Load FILE; its bytes (and those of its ``extends:`` bases) are kept for :func:`record_run`.

    ``extends:`` may leave the file's folder when ``realpolitik --allow-outside`` was given
    (and during a replay, whose files all lie in one temporary folder).
    """
    ctx = click.get_current_context()
    sc = load(file, allow_outside=bool(ctx.meta.get(ALLOW_OUTSIDE_KEY)))
    ctx.meta[LOADED_KEY] = sc.loaded_files
    return sc
