"""The immutable, validated Scenario: the contract every model, analysis and report shares."""

from __future__ import annotations

import copy
import dataclasses
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..errors import ScenarioError
from .numbers import MAX_POSITION, MAX_SALIENCE, MIN_SALIENCE_SCALE, check_capability, check_magnitude, check_scale
from .rules import DecisionRule, rule_without, validate_rule
from .stages import Stage, stage_without, validate_stages
from .suggest import closest, unknown
from .values import ACTOR_FIELDS, Uncertain, ValuePath, parse_path


@dataclass(frozen=True)
class Actor:
    """A party to the negotiation; ``capability`` is its power resources (> 0, any scale)."""

    id: str
    name: str
    capability: Uncertain
    group: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Issue:
    """A contested question on a one-dimensional scale from ``lower`` to ``upper``."""

    id: str
    name: str
    lower: float = 0.0
    upper: float = 100.0
    lower_means: str | None = None
    upper_means: str | None = None
    status_quo: Uncertain | None = None
    description: str | None = None
    rule: DecisionRule | None = None


@dataclass(frozen=True)
class OutsideOption:
    """What an actor can get if talks fail: an alternative outcome and its credibility (0–1).

    ``public``: the alternative is an outcome everyone lives with once its holder walks
    away (e.g. sanctions eroded by a third power's help), so it changes every actor's
    fallback, not only the holder's.
    """

    value: Uncertain
    credibility: Uncertain
    public: bool = False


@dataclass(frozen=True)
class Stance:
    """An actor's position and salience on one issue (capability overrides the actor's own)."""

    actor: str
    issue: str
    position: Uncertain
    salience: Uncertain
    capability: Uncertain | None = None
    outside: OutsideOption | None = None


@dataclass(frozen=True)
class Source:
    """A document the inputs rest on."""

    id: str
    title: str | None = None
    file: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Evidence:
    """Which value rests on which source and paragraphs, with a note in our own words."""

    value: str
    source: str
    paragraphs: tuple[int, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Scenario:
    """Actors, issues, stances, sources and evidence, validated on construction.

    Build one with :func:`realpolitik.load` or directly; invalid content raises
    :class:`ScenarioError` naming the place and the problem. ``salience_scale`` is the
    value that means "most salient" (1 or 100 are common); models that need saliences
    in [0, 1] divide by it. A declared scale bounds every salience; left out, it is
    inferred from the largest salience (1, 100 or that salience) and bounds nothing.
    ``loaded_files`` holds the exact bytes the loader read, as
    ``(path, bytes)`` pairs, the scenario file first and any ``extends:`` bases after it
    (empty for a scenario built in code); it takes no part in equality.
    """

    actors: tuple[Actor, ...]
    issues: tuple[Issue, ...]
    stances: tuple[Stance, ...]
    sources: tuple[Source, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    title: str | None = None
    description: str | None = None
    date: str | None = None
    salience_scale: float | None = None
    stages: tuple[Stage, ...] = ()
    origin: str | None = field(default=None, compare=False)
    salience_scale_declared: bool | None = field(default=None, compare=False, repr=False)
    loaded_files: tuple[tuple[str, bytes], ...] = field(default=(), compare=False, repr=False)
    extensions: MappingProxyType = field(default_factory=lambda: MappingProxyType({}), compare=False)

    def __post_init__(self) -> None:
        for name in ("actors", "issues", "stances", "sources", "evidence", "stages"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if not isinstance(self.extensions, MappingProxyType):
            object.__setattr__(self, "extensions", MappingProxyType(dict(self.extensions)))
        if self.salience_scale_declared is None:
            object.__setattr__(self, "salience_scale_declared", self.salience_scale is not None)
        _validate(self)
        if not self.salience_scale_declared:
            top = max((s.salience.value for s in self.stances), default=1.0)
            object.__setattr__(self, "salience_scale", 1.0 if top <= 1 else 100.0 if top <= 100 else top)

    # -- lookups -------------------------------------------------------------------
    @property
    def actor_ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.actors)

    @property
    def issue_ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.issues)

    def actor(self, actor_id: str) -> Actor:
        return self._index()["actor"][actor_id]

    def issue(self, issue_id: str) -> Issue:
        return self._index()["issue"][issue_id]

    def stance(self, actor_id: str, issue_id: str) -> Stance | None:
        return self._index()["stance"].get((actor_id, issue_id))

    def _index(self) -> dict[str, dict]:
        cached = self.__dict__.get("_cache")
        if cached is None:
            cached = {
                "actor": {a.id: a for a in self.actors},
                "issue": {i.id: i for i in self.issues},
                "stance": {(s.actor, s.issue): s for s in self.stances},
            }
            object.__setattr__(self, "_cache", cached)
        return cached

    # -- values by path ----------------------------------------------------------------
    def parse_path(self, text: str) -> ValuePath:
        """Parse a dotted value path; ScenarioError when it names nothing here."""
        try:
            return parse_path(text, set(self.actor_ids), set(self.issue_ids))
        except ValueError as exc:
            raise ScenarioError(str(exc) + self._path_hint(text), place=f"value path '{text}'") from None

    def _path_hint(self, text: str) -> str:
        """``; did you mean RUS (Russia)?`` when the first part of a bad path is close to an actor or issue."""
        head = text.split(".", 1)[0]
        if head in self.actor_ids or head in self.issue_ids:
            return ""
        actor = closest(head, self.actor_ids, [a.name for a in self.actors])
        if actor is not None:
            name = self.actor(actor).name
            return f"; did you mean {actor}" + (f" ({name})" if name and name != actor else "") + "?"
        issue = closest(head, self.issue_ids, [i.name for i in self.issues])
        return f"; did you mean {issue}?" if issue is not None else ""

    def unknown_actor(self, text: str) -> str:
        """The message for an unknown actor id: the closest id or name, or the known ids."""
        return unknown("actor", text, self.actor_ids, [a.name for a in self.actors])

    def values(self) -> Iterator[tuple[ValuePath, Uncertain]]:
        """Every numeric input with its path, in a stable order."""
        for a in self.actors:
            yield ValuePath(a.id, None, "capability"), a.capability
        for i in self.issues:
            if i.status_quo is not None:
                yield ValuePath(None, i.id, "status_quo"), i.status_quo
        for s in self.stances:
            yield ValuePath(s.actor, s.issue, "position"), s.position
            yield ValuePath(s.actor, s.issue, "salience"), s.salience
            if s.capability is not None:
                yield ValuePath(s.actor, s.issue, "capability"), s.capability
            if s.outside is not None:
                yield ValuePath(s.actor, s.issue, "outside"), s.outside.value
                yield ValuePath(s.actor, s.issue, "credibility"), s.outside.credibility

    def uncertain_values(self) -> list[tuple[ValuePath, Uncertain]]:
        """The inputs that carry an sd or a range."""
        return [(p, v) for p, v in self.values() if v.uncertain]

    def value_bounds(self, path: ValuePath) -> tuple[float, float]:
        """The admissible interval of the value at ``path`` (for sampling and checks)."""
        if path.field in ("position", "outside", "status_quo"):
            issue = self.issue(path.issue)
            return issue.lower, issue.upper
        if path.field == "credibility":
            return 0.0, 1.0
        if path.field == "salience":
            return 0.0, math.inf
        return 0.0, math.inf  # capability: strictly positive, enforced by samplers

    # -- derived scenarios -----------------------------------------------------------------
    def replace(self, **changes: Any) -> Scenario:
        """A validated copy with some fields replaced."""
        return dataclasses.replace(self, **changes)

    def read_from(self, origin: str, loaded_files: tuple[tuple[str, bytes], ...]) -> Scenario:
        """A copy naming the file it came from and the bytes read (neither is validated, so no check reruns)."""
        out = copy.copy(self)
        object.__setattr__(out, "origin", origin)
        object.__setattr__(out, "loaded_files", tuple(loaded_files))
        return out

    def with_value(self, path: ValuePath | str, value: float) -> Scenario:
        """A copy with one input set to ``value`` (uncertainty kept around the new value).

        ``ACTOR.capability`` and ``ACTOR.salience`` without an issue apply to every
        issue the actor takes part in (``ACTOR.salience`` sets each stance's salience).
        """
        p = self.parse_path(path) if isinstance(path, str) else path
        if p.field == "status_quo":
            issue = self.issue(p.issue)
            sq = issue.status_quo.with_value(value) if issue.status_quo else Uncertain(value)
            issues = tuple(dataclasses.replace(i, status_quo=sq) if i.id == p.issue else i for i in self.issues)
            return self.replace(issues=issues)
        if p.issue is None and p.field in ACTOR_FIELDS:
            actors = tuple(
                dataclasses.replace(a, capability=a.capability.with_value(value)) if a.id == p.actor else a
                for a in self.actors
            )
            stances = tuple(
                dataclasses.replace(s, capability=None) if s.actor == p.actor else s for s in self.stances
            )
            return self.replace(actors=actors, stances=stances)
        targets = [s for s in self.stances if s.actor == p.actor and (p.issue is None or s.issue == p.issue)]
        if not targets:
            raise ScenarioError(f"actor '{p.actor}' takes no part in issue '{p.issue}'", place=str(p))
        changed = {(s.actor, s.issue): _set_field(s, p.field, value) for s in targets}
        return self.replace(stances=tuple(changed.get((s.actor, s.issue), s) for s in self.stances))

    def without_actors(self, *actor_ids: str) -> Scenario:
        """A copy with the given actors (and their stances and evidence) removed."""
        missing = [a for a in actor_ids if a not in self.actor_ids]
        if missing:
            raise ScenarioError(self.unknown_actor(missing[0]), place="drop")
        gone = set(actor_ids)
        keep_ev = []
        for e in self.evidence:
            head = e.value.split(".", 1)[0]
            if head not in gone:
                keep_ev.append(e)
        return self.replace(
            actors=tuple(a for a in self.actors if a.id not in gone),
            issues=tuple(dataclasses.replace(i, rule=rule_without(i.rule, gone)) for i in self.issues),
            stances=tuple(s for s in self.stances if s.actor not in gone),
            evidence=tuple(keep_ev),
            stages=tuple(st for st in (stage_without(st, gone) for st in self.stages) if st is not None),
        )

    def arrays(self):
        """The batch-first arrays of this scenario (one draw)."""
        from .arrays import ScenarioArrays

        return ScenarioArrays.from_scenario(self)


def _set_field(s: Stance, name: str, value: float) -> Stance:
    if name in ("position", "salience"):
        return dataclasses.replace(s, **{name: getattr(s, name).with_value(value)})
    if name == "capability":
        old = s.capability or Uncertain(value)
        return dataclasses.replace(s, capability=old.with_value(value))
    cur = s.outside or OutsideOption(Uncertain(value), Uncertain(1.0))
    if name == "outside":
        return dataclasses.replace(s, outside=dataclasses.replace(cur, value=cur.value.with_value(value)))
    if s.outside is None:
        raise ScenarioError(f"actor '{s.actor}' has no outside option on '{s.issue}' to set a credibility for")
    return dataclasses.replace(s, outside=dataclasses.replace(cur, credibility=cur.credibility.with_value(value)))


def _check_range(v: Uncertain, lo: float, hi: float, place: str, what: str) -> None:
    ends = [v.value] + ([v.low, v.high] if v.low is not None else [])
    for x in ends:
        if not lo <= x <= hi:
            raise ScenarioError(f"{what} {x:g} is outside the scale {lo:g}–{hi:g}", place=place)


def _validate(sc: Scenario) -> None:
    """Semantic checks every scenario must pass, whatever file it came from."""
    if not sc.actors:
        raise ScenarioError("the scenario has no actors", place="actors")
    if not sc.issues:
        raise ScenarioError("the scenario has no issues", place="issues")
    if sc.salience_scale is not None and not (math.isfinite(sc.salience_scale) and sc.salience_scale > 0):
        raise ScenarioError(f"must be a positive number, got {sc.salience_scale}", place="salience_scale")
    if sc.salience_scale is not None and not MIN_SALIENCE_SCALE <= sc.salience_scale <= MAX_SALIENCE:
        raise ScenarioError(f"{sc.salience_scale:g} is outside the supported range {MIN_SALIENCE_SCALE:g} to "
                            f"{MAX_SALIENCE:g}", place="salience_scale")
    seen: set[str] = set()
    for a in sc.actors:
        if not a.id:
            raise ScenarioError("an actor has an empty id", place="actors")
        if a.id in seen:
            raise ScenarioError(f"duplicate actor id '{a.id}'", place=f"actors.{a.id}")
        seen.add(a.id)
        _check_positive(a.capability, f"actors.{a.id}.capability", "capability")
        _check_capability(a.capability, f"actors.{a.id}.capability")
    seen = set()
    for i in sc.issues:
        place = f"issues.{i.id}"
        if not i.id:
            raise ScenarioError("an issue has an empty id", place="issues")
        if i.id in seen:
            raise ScenarioError(f"duplicate issue id '{i.id}'", place=place)
        seen.add(i.id)
        if not (math.isfinite(i.lower) and math.isfinite(i.upper) and i.lower < i.upper):
            raise ScenarioError(f"scale [{i.lower}, {i.upper}] must be finite with low < high", place=f"{place}.scale")
        check_scale(i.lower, i.upper, f"{place}.scale")
        if i.status_quo is not None:
            _check_range(i.status_quo, i.lower, i.upper, f"{place}.status_quo", "status quo")
            _check_sd(i.status_quo, MAX_POSITION, f"{place}.status_quo")
    actors, issues = set(sc.actor_ids), set(sc.issue_ids)
    issue_by_id = {i.id: i for i in sc.issues}
    pairs: set[tuple[str, str]] = set()
    for s in sc.stances:
        place = f"positions.{s.actor}.{s.issue}"
        if s.actor not in actors:
            raise ScenarioError(f"unknown actor '{s.actor}'", place=place)
        if s.issue not in issues:
            raise ScenarioError(f"unknown issue '{s.issue}'", place=place)
        if (s.actor, s.issue) in pairs:
            raise ScenarioError("duplicate position for this actor and issue", place=place)
        pairs.add((s.actor, s.issue))
        issue = issue_by_id[s.issue]
        _check_range(s.position, issue.lower, issue.upper, f"{place}.position", "position")
        _check_sd(s.position, MAX_POSITION, f"{place}.position")
        if s.salience.value < 0 or (s.salience.low is not None and s.salience.low < 0):
            raise ScenarioError(f"salience must be >= 0, got {s.salience.value:g}", place=f"{place}.salience")
        for x in (s.salience.value, s.salience.high or 0.0, s.salience.sd or 0.0):
            check_magnitude(x, MAX_SALIENCE, "salience", f"{place}.salience")
        if sc.salience_scale_declared:
            _check_range(s.salience, 0.0, sc.salience_scale, f"{place}.salience", "salience")
        if s.capability is not None:
            _check_positive(s.capability, f"{place}.capability", "capability")
            _check_capability(s.capability, f"{place}.capability")
        if s.outside is not None:
            _check_range(s.outside.value, issue.lower, issue.upper, f"{place}.outside.value", "outside option")
            _check_sd(s.outside.value, MAX_POSITION, f"{place}.outside.value")
            _check_range(s.outside.credibility, 0.0, 1.0, f"{place}.outside.credibility", "credibility")
            _check_sd(s.outside.credibility, MAX_POSITION, f"{place}.outside.credibility")
    if not pairs:
        raise ScenarioError("no actor takes a position on any issue", place="positions")
    present_on: dict[str, set[str]] = {}
    for actor, issue in pairs:
        present_on.setdefault(issue, set()).add(actor)
    empty = [i for i in sc.issue_ids if i not in present_on]
    if empty:
        raise ScenarioError("no actor takes a position on this issue", place=f"issues.{empty[0]}")
    source_ids: set[str] = set()
    for src in sc.sources:
        if src.id in source_ids:
            raise ScenarioError(f"duplicate source id '{src.id}'", place="sources")
        source_ids.add(src.id)
    for n, e in enumerate(sc.evidence):
        place = f"evidence[{n}]"
        if e.source not in source_ids:
            raise ScenarioError(f"unknown source '{e.source}'", place=place)
        try:
            p = parse_path(e.value, actors, issues)
        except ValueError as exc:
            raise ScenarioError(str(exc), place=place) from None
        if p.issue is not None and p.actor is not None and (p.actor, p.issue) not in pairs:
            raise ScenarioError(f"'{e.value}': actor '{p.actor}' takes no part in issue '{p.issue}'", place=place)
        if any(par < 1 for par in e.paragraphs):
            raise ScenarioError("paragraph numbers start at 1", place=place)
    for i in sc.issues:
        if i.rule is not None:
            validate_rule(i.rule, i, present_on[i.id], actors, f"issues.{i.id}.rule")
    validate_stages(sc, present_on)


def _check_sd(v: Uncertain, limit: float, place: str) -> None:
    if v.sd is not None:
        check_magnitude(v.sd, limit, "sd", place)


def _check_capability(v: Uncertain, place: str) -> None:
    for x in (v.value, v.high or 0.0, v.sd or 0.0):
        check_capability(x, "capability", place)


def _check_positive(v: Uncertain, place: str, what: str) -> None:
    low = v.low if v.low is not None else v.value
    if v.value <= 0 or low <= 0:
        raise ScenarioError(f"{what} must be > 0, got {min(v.value, low):g}", place=place)
