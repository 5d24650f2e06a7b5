"""Declarative model parameters: types, ranges, choices and defaults in one place.

The CLI's ``--param NAME=VALUE`` options, the API's keyword arguments and the
conformance suite's bad-parameter checks all come from these declarations.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import ParameterError


@dataclass(frozen=True)
class Param:
    """One model parameter: ``kind`` is float, int, str or bool."""

    name: str
    kind: type
    default: Any
    help: str
    choices: tuple | None = None
    low: float | None = None
    high: float | None = None
    low_open: bool = False

    def describe(self) -> str:
        """A one-line statement of the admissible values and the default."""
        if self.choices is not None:
            allowed = "one of " + ", ".join(map(str, self.choices))
        elif self.kind is bool:
            allowed = "true or false"
        else:
            lo = "-inf" if self.low is None else f"{self.low:g}"
            hi = "inf" if self.high is None else f"{self.high:g}"
            allowed = f"{self.kind.__name__} in {'(' if self.low_open else '['}{lo}, {hi}]"
        return f"{allowed}; default {self.default}"

    def coerce(self, model: str, value: Any) -> Any:
        """Validate (and convert from CLI text) one value; ParameterError when bad."""
        def bad(why: str) -> ParameterError:
            return ParameterError(f"model '{model}': parameter '{self.name}' {why}, got {value!r}")

        v = value
        if isinstance(v, str) and self.kind is not str:
            text = v.strip().lower()
            try:
                if self.kind is bool:
                    if text not in ("true", "false", "1", "0", "yes", "no"):
                        raise ValueError
                    v = text in ("true", "1", "yes")
                else:
                    v = self.kind(float(text)) if self.kind is int and float(text).is_integer() else self.kind(text)
            except ValueError:
                raise bad(f"must be {self.describe()}") from None
        if self.kind is bool:
            if not isinstance(v, bool | int) or v not in (0, 1, True, False):
                raise bad("must be true or false")
            v = bool(v)
        elif self.kind is int:
            if isinstance(v, bool) or not isinstance(v, int | float) or not float(v).is_integer():
                raise bad("must be an integer")
            v = int(v)
        elif self.kind is float:
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                raise bad("must be a finite number")
            v = float(v)
        elif not isinstance(v, str):
            raise bad("must be text")
        if self.choices is not None and v not in self.choices:
            raise bad(f"must be one of {', '.join(map(str, self.choices))}")
        if self.low is not None and (v < self.low or (self.low_open and v == self.low)):
            raise bad(f"must be {'>' if self.low_open else '>='} {self.low:g}")
        if self.high is not None and v > self.high:
            raise bad(f"must be <= {self.high:g}")
        return v


def resolve(model: str, declared: tuple[Param, ...], given: Mapping[str, Any]) -> dict[str, Any]:
    """All parameters of a model: defaults overlaid with validated given values."""
    by_name = {p.name: p for p in declared}
    unknown = [k for k in given if k not in by_name]
    if unknown:
        known = ", ".join(by_name) or "none"
        raise ParameterError(f"model '{model}': unknown parameter '{unknown[0]}' (known: {known})")
    return {p.name: p.coerce(model, given[p.name]) if p.name in given else p.default for p in declared}
