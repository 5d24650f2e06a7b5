"""The DEU layout: Decisions in the European Union, cases with known outcomes.

Data: Thomson, Stokman, Achen & König (eds.) (2006), *The European Union Decides*
(DEU I); Thomson et al. (2012), "A new dataset on decision-making in the European Union
before and after the 2004 and 2007 enlargements (DEUII)", JEPP 19(4); Arregui &
Perarnaud (2022), "A new dataset on legislative decision-making in the European Union:
the DEU III dataset", JEPP.

Files: ``deu_issues.csv`` (``isnr, proc, counvte, proposal_year, rp, out``; optionally
``prnr`` and ``wave``), ``deu_positions_long.csv`` (``isnr, actor, position,
salience``) and ``council_capability_proxies.csv`` (``actor`` and one column per
proxy). Rules:

- an actor takes part in an issue when it has both a position and a salience;
- an issue is scored when at least 3 actors take part and its outcome is given;
- the reference point ``rp`` becomes the issue's status quo (none when blank);
- capability follows a rule of :data:`CAPABILITY_RULES`; by default Council votes of
  the regime in force in the proposal year (votes before the Treaty of Nice up to
  2001, Nice votes 2002–2009, population under Lisbon from 2010), the Commission and
  the Parliament each getting the largest member state's value, as in Achen (2006),
  *The European Union Decides*, ch. 10;
- each issue carries its decision rule (:func:`council_decision_rule`): the member
  states vote by qualified majority or unanimity as coded in ``counvte``; under
  codecision (COD) the Parliament is a veto player; the Commission sets the agenda;
- cases are grouped by proposal (``prnr``; ``group="proposal"``, the default): each
  proposal becomes one scenario holding all its scored issues, the way the exchange
  model was applied to these data (Stokman & Thomson 2004, "Winners and losers in the
  European Union", EUP 5(1)), so that models linking issues
  see them together; ``group="issue"`` makes one scenario per issue. Without a ``prnr``
  column (or where it is blank) an issue is its own proposal. Errors are scored per
  issue either way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from ..errors import ParameterError, ScenarioError
from ..scenario import Actor, Issue, Scenario, Stance, Uncertain
from ..scenario.rules import DecisionRule
from .cases import Case, CaseSet, Exclusion, parse_number, read_rows

ISSUES_FILE = "deu_issues.csv"
POSITIONS_FILE = "deu_positions_long.csv"
PROXIES_FILE = "council_capability_proxies.csv"
ISSUE_COLUMNS = ("isnr", "proc", "counvte", "proposal_year", "rp", "out")
POSITION_COLUMNS = ("isnr", "actor", "position", "salience")
INSTITUTIONS = {"com": "European Commission", "ep": "European Parliament"}
MIN_ACTORS = 3
SCALE = (0.0, 100.0)
GROUPINGS = ("proposal", "issue")
DEFAULT_GROUP = "proposal"


@dataclass(frozen=True)
class Regime:
    """A Council voting regime: from which proposal year, its capability proxy, its QMV threshold.

    ``qmv_quota`` is the share of the weighted votes a qualified majority needs: 62 of
    87 votes before Nice (EC Treaty art. 205(2) as of 1995), 255 of 345 under Nice (EU-27)
    and, under Lisbon, 65% of the population (TEU art. 16(4); its second condition, 55%
    of the member states, is not modelled).
    """

    name: str
    first_year: int | None
    column: str
    qmv_quota: float


REGIMES = (
    Regime("pre-Nice", None, "pre_nice_votes", 62 / 87),
    Regime("Nice", 2002, "nice_votes", 255 / 345),
    Regime("Lisbon", 2010, "lisbon_population_millions", 0.65),
)


@dataclass(frozen=True)
class CapabilityRule:
    """How an actor's capability is found: a proxy column, or the regime's column by year."""

    name: str
    help: str
    column: str | None = None  # None: the column of the regime in force in the proposal year
    equal: bool = False  # every actor capability 1, no proxies needed

    def column_for(self, year: int) -> str:
        return self.column or REGIMES[regime_index(year)].column


CAPABILITY_RULES = {
    r.name: r for r in (
        CapabilityRule("regime", "Council votes of the regime in force by proposal year (pre-Nice up to 2001, "
                                 "Nice 2002–2009, population from 2010); Commission and Parliament get the "
                                 "largest member state's value"),
        CapabilityRule("pre-nice", "Council votes before the Treaty of Nice, whatever the year", "pre_nice_votes"),
        CapabilityRule("nice", "Council votes under the Treaty of Nice, whatever the year", "nice_votes"),
        CapabilityRule("population", "population in millions, whatever the year", "lisbon_population_millions"),
        CapabilityRule("equal", "every actor capability 1 (salience-weighted positions only)", equal=True),
    )
}
DEFAULT_RULE = "regime"


def regime_index(year: int) -> int:
    """Index in :data:`REGIMES` of the voting regime in force for a proposal of ``year``."""
    index = 0
    for n, regime in enumerate(REGIMES):
        if regime.first_year is not None and year >= regime.first_year:
            index = n
    return index


def period_label(year: int) -> str:
    """The period a proposal year falls in, named after the Council voting regime."""
    regime = REGIMES[regime_index(year)]
    name, first = regime.name, regime.first_year
    following = [r.first_year for r in REGIMES if r.first_year is not None and r.first_year > year]
    if first is None:
        return f"{name} (–{following[0] - 1})"
    return f"{name} ({first}–{following[0] - 1})" if following else f"{name} ({first}–)"


def council_rule(text: str, path: Path, line: int) -> str:
    """``qmv`` or ``unanimity`` from the ``counvte`` cell (``QMV``, ``QMV(10)``, ``Unan``)."""
    low = text.lower()
    if low.startswith("qmv"):
        return "qmv"
    if low.startswith("unan"):
        return "unanimity"
    raise ScenarioError(f"unknown Council voting rule '{text}' in column 'counvte' (expected QMV or Unan)",
                        file=str(path), place=f"line {line}")


def load_proxies(path: Path) -> dict[str, dict[str, float | None]]:
    """Capability proxies per actor code: column → value (None when blank)."""
    rows = read_rows(path, ("actor",))
    out: dict[str, dict[str, float | None]] = {}
    for line, row in rows:
        actor = row.pop("actor").lower()
        if actor in out:
            raise ScenarioError(f"second row for actor '{actor}'", file=str(path), place=f"line {line}")
        values = {col: parse_number(cell, path, line, col) for col, cell in row.items()}
        for col, value in values.items():
            if value is not None and value <= 0:
                raise ScenarioError(f"capability proxy {value:g} in column '{col}' must be > 0",
                                    file=str(path), place=f"line {line}")
        out[actor] = values
    return out


def capabilities(rule: CapabilityRule, year: int, proxies: dict[str, dict[str, float | None]], path: Path,
                 actors: list[str]) -> dict[str, float]:
    """Capability per actor code under ``rule`` for a proposal of ``year`` (actors without a value left out)."""
    if rule.equal:
        return {a: 1.0 for a in actors}
    column = rule.column_for(year)
    values = {a: v[column] for a, v in proxies.items() if column in v}
    if not values:
        raise ScenarioError(f"missing column '{column}' needed by capability rule '{rule.name}'", file=str(path),
                            place="header")
    caps = {a: v for a, v in values.items() if v is not None}
    if not caps:
        raise ScenarioError(f"column '{column}' has no values", file=str(path))
    top = max(caps.values())
    return {**caps, **{a: top for a in INSTITUTIONS}}


@dataclass(frozen=True)
class ScoredIssue:
    """One DEU issue that is scored: its actors, reference point, rule, outcome and labels."""

    isnr: str
    prnr: str
    year: int
    taking_part: list[tuple[str, float, float]]
    caps: dict[str, float]
    status_quo: float | None
    rule: DecisionRule
    outcome: float
    labels: dict[str, str]


def load_deu(path: Path, capability: str = DEFAULT_RULE, position_sd: float = 0.0,
             group: str = DEFAULT_GROUP) -> CaseSet:
    """Read a directory in the DEU layout as cases by proposal or by issue (see the module docstring).

    DEU codes no uncertainty. ``position_sd`` > 0 gives every position that standard
    deviation (a normal truncated to the scale when sampled), for users who want Monte
    Carlo intervals that reflect coding error; by default positions are exact.
    """
    if capability not in CAPABILITY_RULES:
        raise ParameterError(f"unknown capability rule '{capability}' (known: {', '.join(CAPABILITY_RULES)})")
    if group not in GROUPINGS:
        raise ParameterError(f"unknown grouping '{group}' (known: {', '.join(GROUPINGS)})")
    if not (math.isfinite(position_sd) and position_sd >= 0):
        raise ParameterError(f"the position sd must be a number >= 0, got {position_sd}")
    rule = CAPABILITY_RULES[capability]
    issues_file, positions_file = path / ISSUES_FILE, path / POSITIONS_FILE
    proxies_file = path / PROXIES_FILE
    issue_rows = read_rows(issues_file, ISSUE_COLUMNS)
    stances = read_stances(positions_file, {row["isnr"] for _, row in issue_rows})
    proxies = {} if rule.equal else load_proxies(proxies_file)
    scored: list[ScoredIssue] = []
    exclusions: list[Exclusion] = list(stances.exclusions)
    seen: set[str] = set()
    for line, row in issue_rows:
        isnr = row["isnr"]
        if not isnr or isnr in seen:
            problem = "blank issue id" if not isnr else f"second row for issue '{isnr}'"
            raise ScenarioError(problem, file=str(issues_file), place=f"line {line}")
        seen.add(isnr)
        year = parse_number(row["proposal_year"], issues_file, line, "proposal_year")
        if year is None or year != int(year):
            raise ScenarioError("column 'proposal_year' needs a whole year", file=str(issues_file),
                                place=f"line {line}")
        rule_text = council_rule(row["counvte"], issues_file, line)
        status_quo = parse_number(row["rp"], issues_file, line, "rp")
        outcome = parse_number(row["out"], issues_file, line, "out")
        for column, value in (("rp", status_quo), ("out", outcome)):
            if value is not None and not SCALE[0] <= value <= SCALE[1]:
                raise ScenarioError(f"{value:g} in column '{column}' is outside the scale 0–100",
                                    file=str(issues_file), place=f"line {line}")
        rows = stances.by_issue.get(isnr, [])
        caps = capabilities(rule, int(year), proxies, proxies_file, [a for a, _, _ in rows])
        taking_part = []
        for actor, position, salience in rows:
            if actor not in caps:
                exclusions.append(Exclusion("actor", f"{isnr}:{actor}", f"no capability under rule '{rule.name}'"))
            else:
                taking_part.append((actor, position, salience))
        if outcome is None:
            exclusions.append(Exclusion("issue", isnr, "no valid outcome"))
            continue
        if len(taking_part) < MIN_ACTORS:
            exclusions.append(Exclusion("issue", isnr, f"fewer than {MIN_ACTORS} actors with position and salience"))
            continue
        prnr = row.get("prnr", "") or isnr
        labels = {"proposal": prnr, "procedure": row["proc"] or "unknown", "period": period_label(int(year)),
                  "council_rule": rule_text}
        decision = council_decision_rule(rule_text, row["proc"].upper() == "COD", int(year),
                                         [a for a, _, _ in taking_part])
        scored.append(ScoredIssue(isnr, prnr, int(year), taking_part, caps, status_quo, decision, outcome, labels))
    if group == "issue":
        scored.sort(key=lambda s: (s.year, s.isnr))
        cases = [Case(s.isnr, scenario_of([s], s.isnr, position_sd), {s.isnr: s.outcome}, s.labels) for s in scored]
    else:
        first_year: dict[str, int] = {}
        for s in scored:
            first_year[s.prnr] = min(s.year, first_year.get(s.prnr, s.year))
        scored.sort(key=lambda s: (first_year[s.prnr], s.prnr))
        cases = [proposal_case(list(members), position_sd) for _, members in groupby(scored, key=lambda s: s.prnr)]
    return CaseSet(tuple(cases), tuple(exclusions), "DEU", str(path))


def proposal_case(members: list[ScoredIssue], position_sd: float) -> Case:
    """One proposal as one case: its scored issues in one scenario; labels shared by all issues kept."""
    first = members[0]
    shared = {k: v for k, v in first.labels.items() if all(m.labels.get(k) == v for m in members)}
    per_issue = {m.isnr: {k: v for k, v in m.labels.items() if k not in shared} for m in members}
    return Case(first.prnr, scenario_of(members, f"proposal {first.prnr}", position_sd),
                {m.isnr: m.outcome for m in members}, shared, per_issue)


@dataclass(frozen=True)
class Stances:
    """Actors taking part, per issue, and the actor rows left out."""

    by_issue: dict[str, list[tuple[str, float, float]]]
    exclusions: tuple[Exclusion, ...]


def read_stances(path: Path, issue_ids: set[str]) -> Stances:
    """Positions and saliences by issue; a row lacking either is left out (and counted)."""
    by_issue: dict[str, list[tuple[str, float, float]]] = {}
    exclusions: list[Exclusion] = []
    seen: set[tuple[str, str]] = set()
    for line, row in read_rows(path, POSITION_COLUMNS):
        isnr, actor = row["isnr"], row["actor"].lower()
        place = f"line {line}"
        if isnr not in issue_ids:
            raise ScenarioError(f"issue '{isnr}' is not in {ISSUES_FILE}", file=str(path), place=place)
        if not actor or (isnr, actor) in seen:
            problem = "blank actor" if not actor else f"second row for actor '{actor}' on issue '{isnr}'"
            raise ScenarioError(problem, file=str(path), place=place)
        seen.add((isnr, actor))
        position = parse_number(row["position"], path, line, "position")
        salience = parse_number(row["salience"], path, line, "salience")
        if position is not None and not SCALE[0] <= position <= SCALE[1]:
            raise ScenarioError(f"position {position:g} is outside the scale 0–100", file=str(path), place=place)
        if salience is not None and not SCALE[0] <= salience <= SCALE[1]:
            raise ScenarioError(f"salience {salience:g} is outside 0–100", file=str(path), place=place)
        if position is None or salience is None:
            missing = "position" if position is None else "salience"
            exclusions.append(Exclusion("actor", f"{isnr}:{actor}", f"no {missing}"))
            continue
        by_issue.setdefault(isnr, []).append((actor, position, salience))
    return Stances(by_issue, tuple(exclusions))


def council_decision_rule(council: str, codecision: bool, year: int, actors: list[str]) -> DecisionRule:
    """The decision rule of one issue among the actors taking part in it.

    The member states taking part vote: by unanimity, or by a qualified majority of
    their capability-weighted votes at the regime's threshold (the votes of member
    states without a position on the issue are not counted). Under codecision the
    Parliament is a veto player, and the Commission sets the agenda (Steunenberg 1994;
    Tsebelis 2002, ch. 11), in both cases where they take part in the issue.
    """
    states = tuple(a for a in actors if a not in INSTITUTIONS)
    veto = ("ep",) if codecision and "ep" in actors else ()
    setter = "com" if "com" in actors else None
    if council == "unanimity":
        return DecisionRule(quota=1.0, voters=states, veto=veto, agenda_setter=setter)
    quota = REGIMES[regime_index(year)].qmv_quota
    return DecisionRule.qualified_majority(quota, weighted=True, voters=states, veto=veto, agenda_setter=setter)


def scenario_of(members: list[ScoredIssue], title: str, position_sd: float = 0.0) -> Scenario:
    """The scenario of DEU issues (salience scale 100) with their decision rules.

    The actors are those taking part in any of the issues, in order of first appearance;
    each has a stance only on the issues it takes part in.
    """
    caps: dict[str, float] = {}
    for m in members:
        for a, _, _ in m.taking_part:
            caps.setdefault(a, m.caps[a])
    actors = tuple(
        Actor(a, INSTITUTIONS.get(a, a.upper()), Uncertain(c), "institution" if a in INSTITUTIONS else "council")
        for a, c in caps.items()
    )
    issues = tuple(Issue(m.isnr, f"{m.prnr} {m.isnr}" if m.prnr != m.isnr else m.isnr, *SCALE,
                         status_quo=None if m.status_quo is None else Uncertain(m.status_quo), rule=m.rule)
                   for m in members)
    stances = tuple(Stance(a, m.isnr, Uncertain(x, position_sd or None), Uncertain(s))
                    for m in members for a, x, s in m.taking_part)
    return Scenario(actors=actors, issues=issues, stances=stances, title=f"DEU {title}", salience_scale=100.0)
