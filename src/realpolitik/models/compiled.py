"""Whether the compiled kernels run: Numba when it is installed, not switched off, and worth it.

The round-based models (``eum``, ``smp``, ``exchange``) each keep a NumPy implementation
and add a compiled one (a module ``*_compiled.py`` that imports Numba at its top, imported
only when that model runs compiled, so that a command that does not need it never pays for
Numba's import). Compiled functions are cached on disk after their first compilation. The two paths agree
to rounding (for ``smp`` and ``exchange`` to the last bit), which the tests check.

Loading Numba and a model's cached kernels costs a new process about :data:`LOAD_SECONDS`
of CPU, more than a small run takes with NumPy, so by default a model asks :func:`pays`
(or :func:`sized`) for each run. ``REALPOLITIK_COMPILED=0`` runs NumPy always, ``=1`` the compiled
kernels always (where a model has one).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

SWITCH = "REALPOLITIK_COMPILED"
LOAD_SECONDS = 0.8  # CPU seconds for a new process to import Numba and load one model's cached kernels

#: called with a model's name just before its kernels are compiled (the first large run after an install,
#: which takes some seconds); the command line sets it to print a note
on_compile: Callable[[str], None] | None = None
_announced: set[str] = set()
_declined: ContextVar[bool] = ContextVar("realpolitik_compiled_declined", default=False)
_calls: ContextVar[int] = ContextVar("realpolitik_compiled_calls", default=1)


def _setting() -> str:
    return os.environ.get(SWITCH, "").strip()


def switched_on() -> bool:
    """True when Numba is installed and ``REALPOLITIK_COMPILED`` is not ``0``."""
    return _setting() != "0" and _numba_installed()


def enabled() -> bool:
    """Whether compiled kernels run here: switched on, and not declined by :func:`sized` for the run in progress."""
    return not _declined.get() and switched_on()


def pays(module: str, numpy_seconds: float, *, identical: bool) -> bool:
    """Whether a run should use the compiled kernels of ``module``.

    Always with ``REALPOLITIK_COMPILED=1``; otherwise when switched on and NumPy would
    take more than :data:`LOAD_SECONDS` (``numpy_seconds``, a rough estimate from the
    run's size), or when ``identical`` (both paths give the same bits) and ``module`` is
    loaded in this process already, so that the kernels cost nothing more to use. For an
    ``identical`` model the estimate counts every call of the job in progress (see
    :func:`batched`): chunks of draws pay the loading once between them. Models whose
    paths agree only to rounding pass ``identical=False``: their path then depends on the
    call alone, and a stored run replays to the same bits.
    """
    if identical:
        numpy_seconds *= _calls.get()
    use = switched_on() and (_setting() == "1" or numpy_seconds > LOAD_SECONDS
                             or (identical and module in sys.modules))
    if use and on_compile is not None and module not in _announced and module not in sys.modules:
        _announced.add(module)
        if not _cached(module):
            on_compile(module.rsplit(".", 1)[-1].removesuffix("_compiled"))
    return use


@contextmanager
def sized(module: str, numpy_seconds: float, *, identical: bool) -> Iterator[bool]:
    """Run the block with the compiled kernels only where :func:`pays`; yields the choice."""
    use = pays(module, numpy_seconds, identical=identical)
    token = _declined.set(not use)
    try:
        yield use
    finally:
        _declined.reset(token)


@contextmanager
def batched(calls: int) -> Iterator[None]:
    """Within the block, each model call is one of ``calls`` alike (the chunks of one job)."""
    token = _calls.set(max(1, int(calls)))
    try:
        yield
    finally:
        _calls.reset(token)


def _cached(module: str) -> bool:
    """Whether Numba's cache holds code of ``module``: index files in the ``__pycache__``
    folder beside it or under ``NUMBA_CACHE_DIR`` (True where that cannot be told)."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return True
    stem = module.rsplit(".", 1)[-1]
    beside = Path(spec.origin).parent / "__pycache__"
    places = [Path(os.environ["NUMBA_CACHE_DIR"])] if os.environ.get("NUMBA_CACHE_DIR") else [beside]
    if not os.access(places[0] if places[0].exists() else places[0].parent, os.W_OK):
        return True  # Numba keeps its cache elsewhere then
    return any(any(place.rglob(f"{stem}.*.nbi")) for place in places if place.is_dir())


@cache
def _numba_installed() -> bool:
    return importlib.util.find_spec("numba") is not None
