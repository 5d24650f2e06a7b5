"""What the run store keeps of a Result: everything of a single run, summaries and packed draws of a Monte Carlo.

A single run (one draw) is kept whole, as :meth:`Result.to_dict` gives it, so that every
number can be read back. With draws the per-draw forecasts and details are packed as
little-endian binary (base64 in the JSON), the 5%–95% interval is kept as a summary,
and each history array and the model's extra output are kept only as their SHA-256
digest: ``runs rerun`` still checks every number (a replay must give the same bytes),
while a 10,000-draw run adds a few MB instead of its full history as JSON.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from ..models.result import Result

INTERVAL = (0.05, 0.95)


def pack(a: np.ndarray) -> dict[str, Any]:
    """An array as ``{"dtype", "shape", "base64"}`` (little-endian, C order)."""
    arr = np.ascontiguousarray(a)
    arr = arr.astype(arr.dtype.newbyteorder("<"), copy=False)
    return {"dtype": arr.dtype.str, "shape": list(arr.shape), "base64": base64.b64encode(arr.tobytes()).decode()}


def unpack(data: dict[str, Any] | list) -> np.ndarray:
    """The array :func:`pack` packed; a plain (nested) list, with None for NaN, is read as floats."""
    if isinstance(data, dict):
        raw = base64.b64decode(data["base64"])
        return np.frombuffer(raw, dtype=np.dtype(data["dtype"])).reshape(data["shape"]).copy()
    return np.array(data, dtype=float)


def digest(a: np.ndarray) -> str:
    """SHA-256 of an array's dtype, shape and bytes."""
    arr = np.ascontiguousarray(a)
    h = hashlib.sha256(f"{arr.dtype.str}{arr.shape}".encode())
    h.update(arr.tobytes())
    return h.hexdigest()


def stored_result(result: Result) -> dict[str, Any]:
    """The JSON-able form of ``result`` that the run store keeps (see the module docstring)."""
    if result.n_draws == 1:
        return result.to_dict()
    out = result.to_dict(include_arrays=False)
    q = np.nanquantile(result.forecast, INTERVAL, axis=0)
    out["interval"] = {"q05": _floats(q[0]), "q95": _floats(q[1])}
    out["draws"] = pack(result.forecast)
    out["details"] = {k: {"axes": list(axes), **pack(v)} for k, (axes, v) in _named(result.details, "details")}
    out["history"] = {k: {"axes": list(axes), "shape": list(v.shape), "sha256": digest(v)}
                      for k, (axes, v) in _named(result.history, "history")}
    extra = json.dumps(result.outcome.extra, sort_keys=True, allow_nan=True, default=_plain).encode()
    out["extra"] = {"sha256": hashlib.sha256(extra).hexdigest()}
    return out


def stored_draws(stored: dict[str, Any]) -> np.ndarray:
    """``(B, K)`` per-draw forecasts of a stored result (packed, or a plain list in older runs)."""
    return unpack(stored["draws"])


def _named(arrays: dict[str, np.ndarray], kind: str):
    from ..models.result import DETAIL_AXES, HISTORY_AXES

    axes = HISTORY_AXES if kind == "history" else DETAIL_AXES
    return ((k, (axes[v.ndim], v)) for k, v in arrays.items())


def _floats(a: np.ndarray) -> list[float | None]:
    return [None if np.isnan(x) else float(x) for x in a]


def _plain(obj: Any) -> Any:
    if isinstance(obj, tuple | set | frozenset):
        return list(obj)
    if hasattr(obj, "tolist"):
        return obj.tolist()
    raise TypeError(f"cannot record a value of type {type(obj).__name__}")
