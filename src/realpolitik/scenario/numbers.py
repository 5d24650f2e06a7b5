"""Numbers in scenario files: one parser for every format, and the magnitudes models can handle.

Every number a loader reads passes through :func:`to_number`, so a literal too large for a
float (``10**400`` or 400 digits) gets the same message in YAML, CSV, Decide and KTAB files.
The limits below are what the models compute with safely; :func:`check_limits` rejects a
scenario beyond them naming the place and the limit. Capabilities are normalised before any
model runs (only their ratios matter), so they may lie anywhere in their wide range.
"""

from __future__ import annotations

import math

from ..errors import ScenarioError

MAX_POSITION = 1e12  # scale ends, positions, status quo, outside options, position shifts (and their sds)
MIN_WIDTH = 1e-6  # an issue's scale is at least this wide ...
MIN_RELATIVE_WIDTH = 1e-9  # ... and at least this share of the size of its ends
MAX_SALIENCE = 1e12  # saliences, their sds and the salience scale
MIN_SALIENCE_SCALE = 1e-12
MIN_CAPABILITY = 1e-300  # capabilities (and their sds) lie in [MIN_CAPABILITY, MAX_CAPABILITY]
MAX_CAPABILITY = 1e300


def too_large(what: str, shown: str) -> ScenarioError:
    """The one message for a literal that no float can hold."""
    shown = shown if len(shown) <= 24 else f"{shown[:12]}…({len(shown)} characters)"
    return ScenarioError(f"{what} {shown} is too large for a number (the largest is about 1.8e308)")


def to_number(value: object, what: str, place: str | None = None) -> float:
    """A finite float from a parsed value (int, float) or a text cell; ScenarioError otherwise."""
    if isinstance(value, bool) or value is None:
        raise ScenarioError(f"{what} must be a number, got {value!r}", place=place)
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:
            raise _placed(too_large(what, str(value)), place) from None
    if isinstance(value, float):
        x = value
        shown = repr(value)
    else:
        shown = str(value).strip()
        if not shown:
            raise ScenarioError(f"missing {what}", place=place)
        try:
            x = float(shown)
        except ValueError:
            raise ScenarioError(f"{what} '{shown}' is not a number", place=place) from None
        if math.isinf(x) and _looks_finite(shown):
            raise _placed(too_large(what, shown), place)
    if not math.isfinite(x):
        raise ScenarioError(f"{what} '{shown}' is not a finite number", place=place)
    return x


def _looks_finite(text: str) -> bool:
    return not any(word in text.lower() for word in ("inf", "nan"))


def _placed(exc: ScenarioError, place: str | None) -> ScenarioError:
    return ScenarioError(exc.problem, place=place)


def check_magnitude(x: float, limit: float, what: str, place: str) -> None:
    """ScenarioError when ``|x|`` exceeds ``limit``, stating the limit."""
    if abs(x) > limit:
        raise ScenarioError(f"{what} {x:g} is beyond the limit of ±{limit:g} that the models compute with",
                            place=place)


def check_capability(x: float, what: str, place: str) -> None:
    """ScenarioError when a positive capability (or its sd) lies outside the supported range."""
    if x != 0 and not MIN_CAPABILITY <= abs(x) <= MAX_CAPABILITY:
        raise ScenarioError(f"{what} {x:g} is outside the supported range {MIN_CAPABILITY:g} to "
                            f"{MAX_CAPABILITY:g} (only ratios of capabilities matter: rescale them)", place=place)


def check_scale(lower: float, upper: float, place: str) -> None:
    """ScenarioError when an issue's scale is too large or too narrow to compute on."""
    for x in (lower, upper):
        check_magnitude(x, MAX_POSITION, "scale end", place)
    width = upper - lower
    if width < MIN_WIDTH or width < MIN_RELATIVE_WIDTH * max(abs(lower), abs(upper)):
        raise ScenarioError(f"scale [{lower:g}, {upper:g}] is too narrow: it must be at least {MIN_WIDTH:g} wide "
                            f"and at least {MIN_RELATIVE_WIDTH:g} of the size of its ends", place=place)
