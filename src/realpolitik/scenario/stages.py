"""Stages: a negotiation run as a sequence of rounds of talks.

Each stage decides some issues (all by default) among some actors (all by default),
optionally under its own decision rules and after shifting some positions. The
outcome of a stage becomes the status quo of those issues for the later stages;
position shifts accumulate from stage to stage. :func:`stage_scenario` builds the
plain scenario a model sees in one stage; ``realpolitik.analysis.stages`` runs them.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import ScenarioError
from .numbers import MAX_POSITION, check_magnitude
from .rules import DecisionRule, rule_without, validate_rule
from .values import Uncertain


@dataclass(frozen=True)
class PositionShift:
    """At the start of a stage, ``actor`` moves its position on ``issue`` by ``by`` (clipped to the scale)."""

    actor: str
    issue: str
    by: float


@dataclass(frozen=True)
class Stage:
    """One round of talks: which issues, which actors, which rules, which position shifts.

    Empty ``issues`` or ``actors`` mean all of them; ``rules`` maps issue ids to the
    rule that replaces the issue's own rule in this stage.
    """

    id: str
    name: str | None = None
    issues: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    rules: tuple[tuple[str, DecisionRule], ...] = ()
    shifts: tuple[PositionShift, ...] = ()
    description: str | None = None

    def __post_init__(self) -> None:
        rules = self.rules.items() if isinstance(self.rules, Mapping) else self.rules
        object.__setattr__(self, "rules", tuple((str(k), r) for k, r in rules))
        for name in ("issues", "actors", "shifts"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    @property
    def rule_map(self) -> dict[str, DecisionRule]:
        return dict(self.rules)


def validate_stages(sc, present_on: Mapping[str, set[str]] | None = None) -> None:
    """Semantic checks of a scenario's stages; ScenarioError naming the stage and the problem.

    ``present_on`` maps each issue to the actors taking a position on it (computed when not given).
    """
    if present_on is None:
        present_on = {}
        for s in sc.stances:
            present_on.setdefault(s.issue, set()).add(s.actor)
    actors, issues = set(sc.actor_ids), set(sc.issue_ids)
    seen: set[str] = set()
    for n, st in enumerate(sc.stages):
        place = f"stages[{n}]"
        if not st.id:
            raise ScenarioError("a stage has an empty id", place=place)
        if st.id in seen:
            raise ScenarioError(f"duplicate stage id '{st.id}'", place=place)
        seen.add(st.id)
        place = f"stages.{st.id}"
        for i in st.issues:
            if i not in issues:
                raise ScenarioError(f"unknown issue '{i}'", place=f"{place}.issues")
        for a in st.actors:
            if a not in actors:
                raise ScenarioError(f"unknown actor '{a}'", place=f"{place}.actors")
        stage_issues = set(st.issues or issues)
        stage_actors = set(st.actors or actors)
        for issue_id, rule in st.rules:
            if issue_id not in issues:
                raise ScenarioError(f"unknown issue '{issue_id}'", place=f"{place}.rules")
            if issue_id not in stage_issues:
                raise ScenarioError(f"issue '{issue_id}' is not decided in this stage", place=f"{place}.rules")
            present = present_on.get(issue_id, set()) & stage_actors
            validate_rule(rule, sc.issue(issue_id), present, actors, f"{place}.rules.{issue_id}")
        for sh in st.shifts:
            where = f"{place}.shift.{sh.actor}.{sh.issue}"
            if sh.actor not in actors:
                raise ScenarioError(f"unknown actor '{sh.actor}'", place=where)
            if sh.issue not in issues:
                raise ScenarioError(f"unknown issue '{sh.issue}'", place=where)
            if sc.stance(sh.actor, sh.issue) is None:
                raise ScenarioError(f"actor '{sh.actor}' takes no position on issue '{sh.issue}'", place=where)
            if not math.isfinite(sh.by):
                raise ScenarioError(f"shift {sh.by} is not a finite number", place=where)
            check_magnitude(sh.by, MAX_POSITION, "shift", where)
        for issue_id in sorted(stage_issues):
            if not present_on.get(issue_id, set()) & stage_actors:
                raise ScenarioError(f"no actor of this stage takes a position on issue '{issue_id}'", place=place)
            rule = st.rule_map.get(issue_id, sc.issue(issue_id).rule)
            missing = sorted(set(_named(rule)) - stage_actors) if rule is not None else []
            if missing:
                raise ScenarioError(f"the rule of issue '{issue_id}' names actor '{missing[0]}', who takes no part "
                                    "in this stage (give the stage its own rule for it)", place=place)


def _named(rule: DecisionRule) -> tuple[str, ...]:
    """Every actor a rule names."""
    return (*(rule.voters or ()), *rule.veto, *((rule.agenda_setter,) if rule.agenda_setter else ()))


def stage_scenario(sc, stage: Stage, status_quo: Mapping[str, float], shifted: Mapping[tuple[str, str], float]):
    """The plain scenario (no stages) a model sees in ``stage``.

    ``status_quo`` maps issue ids to their current status quo (the outcome of an
    earlier stage); ``shifted`` maps (actor, issue) to the position shift accumulated
    so far (this stage's shifts included). Rules for issues outside the stage go.
    """
    keep_issues = set(stage.issues or sc.issue_ids)
    keep_actors = set(stage.actors or sc.actor_ids)
    rules = stage.rule_map
    issues = []
    for i in sc.issues:
        if i.id not in keep_issues:
            continue
        sq = i.status_quo
        if i.id in status_quo:
            sq = sq.with_value(status_quo[i.id]) if sq is not None else Uncertain(status_quo[i.id])
            sq = _clip_uncertain(sq, i.lower, i.upper)
        issues.append(dataclasses.replace(i, status_quo=sq, rule=rules.get(i.id, i.rule)))
    stances = []
    for s in sc.stances:
        if s.issue not in keep_issues or s.actor not in keep_actors:
            continue
        by = shifted.get((s.actor, s.issue), 0.0)
        if by:
            issue = sc.issue(s.issue)
            s = dataclasses.replace(s, position=_clip_uncertain(s.position.with_value(s.position.value + by),
                                                                issue.lower, issue.upper))
        stances.append(s)
    actors = tuple(a for a in sc.actors if a.id in keep_actors and any(s.actor == a.id for s in stances))
    kept = {a.id for a in actors}
    evidence = tuple(e for e in sc.evidence if _evidence_kept(e.value, kept, keep_issues, sc))
    return sc.replace(actors=actors, issues=tuple(issues), stances=tuple(stances), evidence=evidence, stages=(),
                      title=f"{sc.title or sc.origin or 'scenario'} — stage {stage.id}")


def _clip_uncertain(v: Uncertain, lo: float, hi: float) -> Uncertain:
    value = min(max(v.value, lo), hi)
    if v.low is None:
        return Uncertain(value, v.sd)
    return Uncertain(value, None, max(min(v.low, value), lo), min(max(v.high, value), hi))


def _evidence_kept(path: str, actors: set[str], issues: set[str], sc) -> bool:
    try:
        p = sc.parse_path(path)
    except ScenarioError:
        return False
    return (p.actor is None or p.actor in actors) and (p.issue is None or p.issue in issues)


def stage_without(stage: Stage, gone: set[str]) -> Stage | None:
    """The stage with the actors in ``gone`` removed from its actors, rules and shifts.

    A stage all of whose listed actors are gone is no stage any more (``None``), not one among all actors.
    """
    if stage.actors and set(stage.actors) <= gone:
        return None
    rules = tuple((i, r) for i, r in ((i, rule_without(r, gone)) for i, r in stage.rules) if r is not None)
    return dataclasses.replace(stage, actors=tuple(a for a in stage.actors if a not in gone), rules=rules,
                               shifts=tuple(s for s in stage.shifts if s.actor not in gone))
