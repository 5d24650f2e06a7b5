"""Decision rules: how a change of an issue's status quo is decided.

A rule names who votes, the share of votes a change needs, who holds a veto and who
sets the agenda. A change passes when the voters in favour hold at least ``quota`` of
all votes (those of voting members not modelled as actors included) and every veto
player agrees. Voters are the actors with a position on the issue unless listed.

Voting members that are not actors of the scenario (``others``, one vote each) vote
for the status quo, i.e. against any change, unless ``others_position`` gives them a
common assumed ideal point on the issue's scale; then they vote like an actor there.

Build rules in memory with the constructors::

    DecisionRule.unanimity()
    DecisionRule.qualified_majority(0.55, weighted=True, veto=("EP",), agenda_setter="COM")
    DecisionRule.unsc(permanent=("US", "CN", "RU"), others_position=40.0)
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from ..errors import ScenarioError

PRESETS = ("unanimity", "unsc")
UNSC_SEATS = 15
UNSC_VOTES_NEEDED = 9


@dataclass(frozen=True)
class DecisionRule:
    """The rule for changing one issue's status quo (see the module docstring).

    ``quota`` is the share of all votes a change needs, in (0, 1]; ``weighted`` weighs
    each actor's vote by its capability (else one vote each); ``voters`` lists the
    actors that vote (``None``: every actor with a position on the issue); ``veto``
    the actors whose consent is needed whether or not they vote; ``agenda_setter`` the
    actor that makes the proposal; ``others`` the number of voting members not modelled
    as actors (unweighted rules only) and ``others_position`` their assumed common
    ideal point (``None``: they vote for the status quo). ``preset`` records which
    named preset built the rule.
    """

    quota: float = 1.0
    weighted: bool = False
    voters: tuple[str, ...] | None = None
    veto: tuple[str, ...] = ()
    agenda_setter: str | None = None
    others: int = 0
    others_position: float | None = None
    preset: str | None = None

    def __post_init__(self) -> None:
        if self.voters is not None:
            object.__setattr__(self, "voters", tuple(self.voters))
        object.__setattr__(self, "veto", tuple(self.veto))

    @classmethod
    def unanimity(cls, *, voters: tuple[str, ...] | None = None, agenda_setter: str | None = None) -> DecisionRule:
        """Every voter must agree (each voter is in effect a veto player)."""
        return cls(quota=1.0, voters=voters, agenda_setter=agenda_setter, preset="unanimity")

    @classmethod
    def qualified_majority(cls, quota: float, *, weighted: bool = False, voters: tuple[str, ...] | None = None,
                           veto: tuple[str, ...] = (), agenda_setter: str | None = None, others: int = 0,
                           others_position: float | None = None) -> DecisionRule:
        """A (weighted) qualified majority of ``quota`` of the votes, plus any veto players."""
        return cls(quota=quota, weighted=weighted, voters=voters, veto=veto, agenda_setter=agenda_setter,
                   others=others, others_position=others_position)

    @classmethod
    def unsc(cls, permanent: tuple[str, ...], *, elected: tuple[str, ...] = (), agenda_setter: str | None = None,
             others_position: float | None = None) -> DecisionRule:
        """The UN Security Council (Charter art. 27(3)): 9 of 15 votes and no veto by a permanent member.

        ``permanent`` are the permanent members modelled as actors, ``elected`` the
        elected members modelled as actors; the remaining seats are ``others``.
        """
        voters = tuple(dict.fromkeys((*permanent, *elected)))
        return cls(quota=UNSC_VOTES_NEEDED / UNSC_SEATS, voters=voters, veto=tuple(permanent),
                   agenda_setter=agenda_setter, others=UNSC_SEATS - len(voters), others_position=others_position,
                   preset="unsc")

    @property
    def elected(self) -> tuple[str, ...]:
        """The modelled voters without a veto (the elected members of a UNSC rule)."""
        return tuple(v for v in (self.voters or ()) if v not in self.veto)

    def describe(self) -> str:
        """A short human-readable statement of the rule."""
        if self.preset == "unsc":
            text = f"UN Security Council (9 of 15; veto: {', '.join(self.veto) or 'none'})"
        elif self.quota >= 1:
            text = "unanimity"
        else:
            text = f"{'weighted ' if self.weighted else ''}qualified majority of {self.quota:.3g}"
            if self.veto:
                text += f"; veto: {', '.join(self.veto)}"
        if self.agenda_setter:
            text += f"; agenda setter: {self.agenda_setter}"
        return text


def validate_rule(rule: DecisionRule, issue, present: set[str], actors: set[str], place: str) -> None:
    """Semantic checks of one issue's rule; ScenarioError naming the place and the problem.

    ``issue`` is the :class:`~realpolitik.scenario.model.Issue`, ``present`` the actors
    with a position on it and ``actors`` all actors of the scenario.
    """
    if isinstance(rule.quota, bool) or not (math.isfinite(rule.quota) and 0 < rule.quota <= 1):
        raise ScenarioError(f"the quota must be a share in (0, 1], got {rule.quota:g}", place=f"{place}.quota")
    if rule.preset is not None and rule.preset not in PRESETS:
        raise ScenarioError(f"unknown preset '{rule.preset}' (known: {', '.join(PRESETS)})", place=f"{place}.preset")
    veto_key, voters_key = ("permanent", "elected") if rule.preset == "unsc" else ("veto", "voters")
    named = [(veto_key, v) for v in rule.veto] + [(voters_key, v) for v in rule.voters or ()]
    if rule.agenda_setter is not None:
        named.append(("agenda_setter", rule.agenda_setter))
    for role, actor in named:
        if actor not in actors:
            raise ScenarioError(f"unknown actor '{actor}'", place=f"{place}.{role}")
        if actor not in present:
            raise ScenarioError(f"actor '{actor}' takes no position on issue '{issue.id}'", place=f"{place}.{role}")
    for role, ids in (("voters", rule.voters or ()), ("veto", rule.veto)):
        if len(set(ids)) != len(ids):
            raise ScenarioError("an actor is listed twice", place=f"{place}.{role}")
    if rule.preset == "unsc" and (len(rule.veto) > 5 or len(rule.elected) > 10):
        raise ScenarioError("the Security Council has 5 permanent and 10 elected members", place=place)
    if rule.voters is not None and not rule.voters and not rule.others:
        raise ScenarioError("the rule has no voters", place=f"{place}.voters")
    if isinstance(rule.others, bool) or not isinstance(rule.others, int) or rule.others < 0:
        raise ScenarioError(f"must be a whole number >= 0, got {rule.others!r}", place=f"{place}.others")
    if rule.others and rule.weighted:
        raise ScenarioError("members not modelled as actors can only vote under an unweighted rule",
                            place=f"{place}.others")
    if rule.others_position is not None:
        if not rule.others:
            raise ScenarioError("an assumed position for other members needs others > 0",
                                place=f"{place}.others_position")
        if not (math.isfinite(rule.others_position) and issue.lower <= rule.others_position <= issue.upper):
            raise ScenarioError(f"{rule.others_position:g} is outside the scale {issue.lower:g}–{issue.upper:g}",
                                place=f"{place}.others_position")


def rule_without(rule: DecisionRule | None, gone: set[str]) -> DecisionRule | None:
    """The rule with the actors in ``gone`` removed (a removed voter's seat stays, as a member not modelled).

    With no voter left and no other member, the rule is dropped (``None``).
    """
    if rule is None or not gone & {*(rule.voters or ()), *rule.veto, rule.agenda_setter}:
        return rule
    voters = None if rule.voters is None else tuple(v for v in rule.voters if v not in gone)
    seats = 0 if rule.voters is None or rule.weighted else len(rule.voters) - len(voters)
    if voters is not None and not voters and not rule.others + seats:
        return None
    return dataclasses.replace(rule, voters=voters, veto=tuple(v for v in rule.veto if v not in gone),
                               agenda_setter=None if rule.agenda_setter in gone else rule.agenda_setter,
                               others=rule.others + seats)
