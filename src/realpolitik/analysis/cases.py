"""Cases with known outcomes, the input of a backtest, and the generic directory layout.

A :class:`Case` is a scenario plus the actual outcome of some of its issues and labels
(procedure, period, ...) that the scores are broken down by. :func:`load_cases` reads a
directory in either layout:

- the DEU layout (``deu_issues.csv`` present; see :mod:`realpolitik.analysis.deu`);
- the generic layout: scenario files plus ``outcomes.csv`` with the columns
  ``scenario,issue,outcome`` (``scenario`` is the file's path relative to the
  directory) and optionally ``procedure`` and ``period`` as labels.

Whatever is left out (an issue, an actor, a model on an issue) is kept as an
:class:`Exclusion` with its reason, so that every number can be reproduced.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ParameterError, ScenarioError
from ..scenario import Scenario, load
from ..scenario.formats import read_text
from ..scenario.numbers import to_number

OUTCOMES_FILE = "outcomes.csv"
OUTCOME_COLUMNS = ("scenario", "issue", "outcome")
LABEL_COLUMNS = ("procedure", "period")


@dataclass(frozen=True)
class Case:
    """A scenario whose issues in ``outcomes`` (issue id → actual outcome) are scored."""

    name: str
    scenario: Scenario
    outcomes: Mapping[str, float]
    labels: Mapping[str, str] = field(default_factory=dict)
    issue_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def labels_of(self, issue_id: str) -> dict[str, str]:
        """The labels of one scored issue: the case's, plus any of the issue's own."""
        return {**self.labels, **self.issue_labels.get(issue_id, {})}


@dataclass(frozen=True)
class Exclusion:
    """Something left out of the scores: ``level`` is ``issue``, ``actor`` or ``model``."""

    level: str
    item: str
    reason: str
    model: str | None = None


@dataclass(frozen=True)
class CaseSet:
    """The cases of one directory, the exclusions made while reading it, and its layout."""

    cases: tuple[Case, ...]
    exclusions: tuple[Exclusion, ...]
    layout: str
    source: str


def load_cases(directory: str | Path, capability: str | None = None, position_sd: float | None = None,
               group: str = "proposal") -> CaseSet:
    """Read a backtest directory in the DEU or the generic layout (detected by its files).

    ``capability`` names the DEU capability rule (see :data:`deu.CAPABILITY_RULES`) and
    ``position_sd`` the uncertainty given to DEU positions; neither has a meaning for the
    generic layout, where scenario files carry capabilities and uncertainties.
    ``group`` is ``proposal`` (a DEU proposal, or a generic scenario file, is one case
    with all its issues) or ``issue`` (every scored issue its own one-issue case).
    """
    from . import deu

    path = Path(directory)
    if not path.is_dir():
        raise ScenarioError("not a directory", file=str(path))
    if group not in ("proposal", "issue"):
        raise ParameterError(f"unknown grouping '{group}' (known: proposal, issue)")
    if (path / deu.ISSUES_FILE).exists():
        return deu.load_deu(path, capability or deu.DEFAULT_RULE, position_sd or 0.0, group)
    if (path / OUTCOMES_FILE).exists():
        if capability is not None or position_sd is not None:
            raise ParameterError("--capability and --position-sd apply to the DEU layout only; "
                                 "scenario files carry capabilities and uncertainties")
        cases = load_generic(path)
        return cases if group == "proposal" else by_issue(cases)
    raise ScenarioError(f"holds neither {deu.ISSUES_FILE} (DEU layout) nor {OUTCOMES_FILE} (generic layout)",
                        file=str(path))


def read_rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The rows of a CSV file with their line numbers; ScenarioError when a column is missing."""
    text = read_text(path)
    reader = csv.DictReader(text.splitlines())
    header = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in required if c not in header]
    if missing:
        raise ScenarioError(f"missing column(s): {', '.join(missing)} (found: {', '.join(header)})",
                            file=str(path), place="header")
    reader.fieldnames = header
    return [(n, {k: (v or "").strip() for k, v in row.items() if k is not None})
            for n, row in enumerate(reader, start=2)]


def parse_number(text: str, path: Path, line: int, column: str) -> float | None:
    """A finite number, ``None`` for a blank cell, ScenarioError otherwise."""
    if not text:
        return None
    try:
        return to_number(text, f"'{column}' value")
    except ScenarioError as exc:
        raise ScenarioError(exc.problem, file=str(path), place=f"line {line}") from None


def load_generic(path: Path) -> CaseSet:
    """Scenario files plus ``outcomes.csv`` (``scenario,issue,outcome``[,procedure,period])."""
    table = path / OUTCOMES_FILE
    rows = read_rows(table, OUTCOME_COLUMNS)
    scenarios: dict[str, Scenario] = {}
    outcomes: dict[str, dict[str, float]] = {}
    labels: dict[str, dict[str, str]] = {}
    exclusions: list[Exclusion] = []
    for line, row in rows:
        name, issue_id = row["scenario"], row["issue"]
        place = f"line {line}"
        if not name or not issue_id:
            raise ScenarioError("the columns 'scenario' and 'issue' must not be blank", file=str(table), place=place)
        if name not in scenarios:
            file = path / name
            if not file.is_file():
                raise ScenarioError(f"scenario file '{name}' not found in {path}", file=str(table), place=place)
            scenarios[name] = load(file)
        sc = scenarios[name]
        if issue_id not in sc.issue_ids:
            raise ScenarioError(f"scenario '{name}' has no issue '{issue_id}'", file=str(table), place=place)
        if issue_id in outcomes.get(name, {}):
            raise ScenarioError(f"second outcome for issue '{issue_id}' of '{name}'", file=str(table), place=place)
        value = parse_number(row["outcome"], table, line, "outcome")
        issue = sc.issue(issue_id)
        item = f"{name}:{issue_id}"
        if value is None:
            exclusions.append(Exclusion("issue", item, "no outcome given"))
        elif not issue.lower <= value <= issue.upper:
            exclusions.append(Exclusion("issue", item, "outcome outside the issue's scale"))
        else:
            outcomes.setdefault(name, {})[issue_id] = value
            case_labels = {k: row[k] for k in LABEL_COLUMNS if row.get(k)}
            previous = labels.setdefault(name, case_labels)
            if previous != case_labels:
                raise ScenarioError(f"labels of '{name}' differ from its earlier rows (labels are per scenario)",
                                    file=str(table), place=place)
    cases = tuple(Case(name, scenarios[name], outcomes[name], labels[name]) for name in outcomes)
    return CaseSet(cases, tuple(exclusions), "generic", str(path))


def only_issues(scenario: Scenario, issue_ids: set[str]) -> Scenario:
    """The scenario cut to some of its issues (the actors taking part in them, no evidence or stages)."""
    stances = tuple(s for s in scenario.stances if s.issue in issue_ids)
    actors = {s.actor for s in stances}
    return scenario.replace(actors=tuple(a for a in scenario.actors if a.id in actors),
                            issues=tuple(i for i in scenario.issues if i.id in issue_ids),
                            stances=stances, evidence=(), stages=())


def by_issue(cases: CaseSet) -> CaseSet:
    """Every scored issue of every case as a one-issue case named ``CASE:ISSUE``."""
    split = tuple(Case(f"{c.name}:{issue_id}", only_issues(c.scenario, {issue_id}), {issue_id: outcome},
                       {"proposal": c.name, **c.labels_of(issue_id)})
                  for c in cases.cases for issue_id, outcome in c.outcomes.items())
    return CaseSet(split, cases.exclusions, cases.layout, cases.source)
