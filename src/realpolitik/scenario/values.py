"""Uncertain values and the paths that name them.

Any numeric input of a scenario may carry uncertainty: a standard deviation (sampled
as a normal truncated to the value's bounds) or a range (sampled uniformly). A value
is named by a dotted path:

``ACTOR.capability``, ``ACTOR.ISSUE.position``, ``ACTOR.ISSUE.salience``,
``ACTOR.ISSUE.capability``, ``ACTOR.ISSUE.outside`` (the outside option's outcome),
``ACTOR.ISSUE.credibility`` (the outside option's credibility), ``ISSUE.status_quo``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .numbers import to_number

STANCE_FIELDS = ("position", "salience", "capability", "outside", "credibility")
ACTOR_FIELDS = ("capability",)
ISSUE_FIELDS = ("status_quo",)


@dataclass(frozen=True)
class Uncertain:
    """A number with optional uncertainty: ``sd`` or a ``low``–``high`` range (not both)."""

    value: float
    sd: float | None = None
    low: float | None = None
    high: float | None = None

    def __post_init__(self) -> None:
        for name in ("value", "sd", "low", "high"):
            v = getattr(self, name)
            if v is not None and not math.isfinite(v):
                raise ValueError(f"{name} must be a finite number, got {v}")
        if self.sd is not None and self.sd < 0:
            raise ValueError(f"sd must be >= 0, got {self.sd}")
        if (self.low is None) != (self.high is None):
            raise ValueError("a range needs both ends")
        if self.low is not None:
            if self.sd is not None:
                raise ValueError("give either sd or range, not both")
            if not self.low <= self.value <= self.high:
                raise ValueError(f"range [{self.low}, {self.high}] does not contain the value {self.value}")

    @property
    def uncertain(self) -> bool:
        """True when the value carries a positive sd or a non-degenerate range."""
        return bool(self.sd) or (self.low is not None and self.high > self.low)

    def with_value(self, value: float) -> Uncertain:
        """The same uncertainty kind around a new value (a range is shifted along)."""
        if self.low is None:
            return Uncertain(value, self.sd)
        shift = value - self.value
        return Uncertain(value, None, self.low + shift, self.high + shift)

    def to_yaml(self) -> float | dict:
        """Plain number when certain, else a mapping as the YAML format writes it."""
        if self.sd is not None:
            return {"value": self.value, "sd": self.sd}
        if self.low is not None:
            return {"value": self.value, "range": [self.low, self.high]}
        return self.value


@dataclass(frozen=True)
class ValuePath:
    """A parsed dotted path to one input value (see the module docstring)."""

    actor: str | None
    issue: str | None
    field: str

    def __str__(self) -> str:
        return ".".join(p for p in (self.actor, self.issue, self.field) if p)


def parse_path(text: str, actor_ids: set[str], issue_ids: set[str]) -> ValuePath:
    """Parse a dotted value path against the scenario's ids (ids may contain dots).

    Raises ValueError naming the problem when the path is malformed or names an
    unknown actor, issue or field.
    """
    head, sep, field = text.rpartition(".")
    if not sep or not head or not field:
        raise ValueError(f"'{text}' is not a value path (e.g. DPRK.sanctions.position)")
    if field in ISSUE_FIELDS:
        if head not in issue_ids:
            raise ValueError(f"unknown issue '{head}' in '{text}'")
        return ValuePath(None, head, field)
    if field not in STANCE_FIELDS:
        known = ", ".join(STANCE_FIELDS + ISSUE_FIELDS)
        raise ValueError(f"unknown field '{field}' in '{text}' (known: {known})")
    if head in actor_ids:
        return ValuePath(head, None, field)
    for cut in range(len(head)):
        if head[cut] == "." and head[:cut] in actor_ids and head[cut + 1 :] in issue_ids:
            return ValuePath(head[:cut], head[cut + 1 :], field)
    raise ValueError(f"'{head}' in '{text}' names no known actor or actor.issue")


def parse_number(text: str | None, what: str, place: str) -> float:
    """A finite number from a text cell; ScenarioError naming ``what`` and ``place`` otherwise."""
    return to_number(text or "", what, place)
