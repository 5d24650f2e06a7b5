"""The versions of Python and of the packages a run depends on (recorded for reproduction)."""

from __future__ import annotations

import platform
from importlib import metadata

PACKAGES = ("realpolitik", "numpy", "pandas", "pydantic", "matplotlib")


def package_versions() -> dict[str, str]:
    """Python's version and each installed package's version, by name (absent packages left out)."""
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found
