"""Whether the compiled kernels run: Numba when it is installed and not switched off.

The round-based models (``eum``, ``smp``, ``exchange``) each keep a NumPy implementation
and may add a compiled one (a module ``*_compiled.py`` that imports Numba at its top,
imported only when that model runs, so a command that does not need it never pays for
Numba's import). Compiled functions are cached on disk after their first compilation.
``REALPOLITIK_COMPILED=0`` switches them off, and the NumPy code runs; the two agree to
rounding, which the tests check.
"""

from __future__ import annotations

import importlib.util
import os
from functools import cache

SWITCH = "REALPOLITIK_COMPILED"


def enabled() -> bool:
    """True when Numba is installed and ``REALPOLITIK_COMPILED`` is not ``0``."""
    return os.environ.get(SWITCH, "1").strip() != "0" and _numba_installed()


@cache
def _numba_installed() -> bool:
    return importlib.util.find_spec("numba") is not None
