"""Turning API results into JSON the browser reads: dataclasses and frames as plain values, NaN as null."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np


def jsonable(obj: Any) -> Any:
    """Plain JSON values: NaN and infinities become null, arrays lists, dataclasses dicts."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return jsonable(obj.tolist())
    if isinstance(obj, np.bool_ | bool):
        return bool(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, float | np.floating):
        return float(obj) if math.isfinite(obj) else None
    return obj


def records(frame: Any) -> list[dict[str, Any]]:
    """A pandas frame's rows as dicts (the index, when named, becomes columns)."""
    if frame is None:
        return []
    if any(name is not None for name in frame.index.names):
        frame = frame.reset_index()
    return [jsonable(row) for row in frame.to_dict(orient="records")]
