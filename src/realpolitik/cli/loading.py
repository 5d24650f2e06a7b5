"""Loading a command's scenario FILE, with ``extends:`` confined as the command line says."""

from __future__ import annotations

import click

from ..scenario import Scenario, load

ALLOW_OUTSIDE_KEY = "realpolitik.allow_outside"


def load_scenario(file: str) -> Scenario:
    """Load FILE (its bytes, and those of its ``extends:`` bases, are kept in the Scenario for the
    run store); ``extends:`` may leave the file's folder only when ``realpolitik --allow-outside``
    was given."""
    return load(file, allow_outside=bool(click.get_current_context().meta.get(ALLOW_OUTSIDE_KEY)))
