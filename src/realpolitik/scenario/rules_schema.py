"""The YAML form of decision rules and stages (part of format version 1).

A rule is written under an issue's ``rule`` key, either in general form
(``quota``, ``weighted``, ``voters``, ``veto``, ``agenda_setter``, ``others``,
``others_position``) or as a preset: ``preset: unanimity`` (with optional ``voters``
and ``agenda_setter``) or ``preset: unsc`` (with ``permanent``, optional ``elected``,
``agenda_setter`` and ``others_position``). Stages are a list under ``stages``, each
with ``id`` and optional ``name``, ``issues``, ``actors``, ``rules`` (issue id to
rule), ``shift`` (actor to issue to position change) and ``description``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt

from ..errors import ScenarioError
from .rules import DecisionRule
from .stages import PositionShift, Stage

Number = StrictFloat | StrictInt
_GENERAL = ("quota", "weighted", "veto", "others")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, strict=True)


class RuleIn(_Strict):
    preset: Literal["unanimity", "unsc"] | None = None
    quota: Number | None = None
    weighted: StrictBool | None = None
    voters: list[str] | None = None
    veto: list[str] | None = None
    agenda_setter: str | None = None
    others: StrictInt | None = None
    others_position: Number | None = None
    permanent: list[str] | None = None
    elected: list[str] | None = None


class StageIn(_Strict):
    id: str = Field(min_length=1)
    name: str | None = None
    issues: list[str] = []
    actors: list[str] = []
    rules: dict[str, RuleIn] = {}
    shift: dict[str, dict[str, Number]] = {}
    description: str | None = None


PRESETS = ("unanimity", "unsc")
_RULE_EXAMPLE = "e.g. {preset: unanimity} or {quota: 0.5, veto: [A]}"


def _is_rule_loc(loc: tuple) -> bool:
    """Whether a validation error's location is a rule (``issues[n].rule`` or ``stages[n].rules.ISSUE``)."""
    return any(part == "rule" or (part == "rules" and n + 1 < len(loc)) for n, part in enumerate(loc))


def rule_error_hint(err: dict) -> str | None:
    """For a pydantic error inside a rule, a message that lists the valid presets or keys (None otherwise)."""
    loc = tuple(err["loc"])
    if not _is_rule_loc(loc):
        return None
    keys = ", ".join(RuleIn.model_fields)
    last = loc[-1]
    if err["type"] == "extra_forbidden":
        return f"unknown rule key '{last}' (rule keys: {keys})"
    if last == "preset":
        return f"unknown preset {err.get('input')!r} (presets: {', '.join(PRESETS)})"
    if last in ("rule",) or (len(loc) >= 2 and loc[-2] == "rules"):
        got = err.get("input")
        hint = f" (did you mean {{preset: {got}}}?)" if got in PRESETS else ""
        return (f"a rule is a mapping of keys, got {got!r}{hint}; presets: {', '.join(PRESETS)}; "
                f"keys: {keys}; {_RULE_EXAMPLE}")
    return None


def rule_from(r: RuleIn | None, place: str) -> DecisionRule | None:
    """The DecisionRule of a validated YAML rule; ScenarioError for keys that do not fit its preset."""
    if r is None:
        return None
    given = {k for k, v in r.model_dump().items() if v is not None}
    others_position = None if r.others_position is None else float(r.others_position)
    if r.preset == "unsc":
        _forbid(given, {*_GENERAL, "voters"}, "preset 'unsc'", place)
        if not r.permanent:
            raise ScenarioError("the 'unsc' preset needs 'permanent': the permanent members among the actors",
                                place=f"{place}.permanent")
        return DecisionRule.unsc(tuple(r.permanent), elected=tuple(r.elected or ()), agenda_setter=r.agenda_setter,
                                 others_position=others_position)
    _forbid(given, {"permanent", "elected"}, "any preset but 'unsc'", place)
    if r.preset == "unanimity":
        _forbid(given, set(_GENERAL) | {"others_position"}, "preset 'unanimity'", place)
        return DecisionRule.unanimity(voters=None if r.voters is None else tuple(r.voters),
                                      agenda_setter=r.agenda_setter)
    if r.quota is None:
        raise ScenarioError("a rule needs a 'quota' (a share in (0, 1]) or a 'preset'", place=f"{place}.quota")
    return DecisionRule.qualified_majority(
        float(r.quota), weighted=bool(r.weighted), voters=None if r.voters is None else tuple(r.voters),
        veto=tuple(r.veto or ()), agenda_setter=r.agenda_setter, others=r.others or 0,
        others_position=others_position)


def rule_to(rule: DecisionRule) -> dict:
    """The YAML mapping of a rule (``rule_from`` reads it back equal)."""
    out: dict = {}
    if rule.preset == "unsc":
        out = {"preset": "unsc", "permanent": list(rule.veto), "elected": list(rule.elected) or None}
    elif rule.preset == "unanimity":
        out = {"preset": "unanimity", "voters": None if rule.voters is None else list(rule.voters)}
    else:
        out = {"quota": rule.quota, "weighted": rule.weighted or None,
               "voters": None if rule.voters is None else list(rule.voters), "veto": list(rule.veto) or None,
               "others": rule.others or None}
    out["agenda_setter"] = rule.agenda_setter
    if rule.preset != "unanimity":
        out["others_position"] = rule.others_position
    return {k: v for k, v in out.items() if v is not None}


def stage_from(st: StageIn, place: str) -> Stage:
    """The Stage of a validated YAML stage."""
    rules = tuple((issue, rule_from(r, f"{place}.rules.{issue}")) for issue, r in st.rules.items())
    shifts = tuple(PositionShift(actor, issue, float(by))
                   for actor, row in st.shift.items() for issue, by in row.items())
    return Stage(st.id, st.name, tuple(st.issues), tuple(st.actors), rules, shifts, st.description)


def stage_to(st: Stage) -> dict:
    """The YAML mapping of a stage (``stage_from`` reads it back equal)."""
    shift: dict[str, dict[str, float]] = {}
    for s in st.shifts:
        shift.setdefault(s.actor, {})[s.issue] = s.by
    out = {"id": st.id, "name": st.name, "issues": list(st.issues) or None, "actors": list(st.actors) or None,
           "rules": {i: rule_to(r) for i, r in st.rules} or None, "shift": shift or None,
           "description": st.description}
    return {k: v for k, v in out.items() if v is not None}


def _forbid(given: set[str], keys: set[str], what: str, place: str) -> None:
    bad = sorted(given & keys)
    if bad:
        raise ScenarioError(f"'{bad[0]}' does not apply to {what}", place=f"{place}.{bad[0]}")
