"""The long CSV scenario format: ``actor,issue,capability,position,salience``.

One row per actor and issue; capability may differ by issue (the actor's first row
gives its capability, other rows that differ override it for their issue). The issue
column may be left out (``actor,capability,position,salience``): the file is then one
issue, named after the file. Scales are 0–100; there is no status quo.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import ScenarioError
from .model import Actor, Issue, Scenario, Stance
from .values import Uncertain, parse_number

HEADER = ("actor", "issue", "capability", "position", "salience")
HEADER_ONE_ISSUE = ("actor", "capability", "position", "salience")


def _header(text: str) -> tuple[str, ...]:
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    return tuple(c.strip().lower() for c in first.split(","))


def sniff(name: str, text: str) -> bool:
    """A long CSV: its first line is one of the two headers."""
    return _header(text) in (HEADER, HEADER_ONE_ISSUE)


def parse(text: str, name: str) -> Scenario:
    """Parse a long CSV scenario."""
    lines = text.lstrip("\ufeff").splitlines()
    header = _header(text)
    if header not in (HEADER, HEADER_ONE_ISSUE):
        missing = [c for c in HEADER if c not in header]
        extra = [c for c in header if c not in HEADER]
        detail = "; ".join(x for x in (missing and f"missing {', '.join(missing)}",
                                        extra and f"unexpected {', '.join(extra)}") if x)
        raise ScenarioError(f"the header must be exactly {','.join(HEADER)} ({detail or 'wrong order'})",
                            place="line 1")
    one_issue = header == HEADER_ONE_ISSUE
    default_issue = Path(name).stem or "issue"
    actors: dict[str, Actor] = {}
    issues: dict[str, Issue] = {}
    stances: dict[tuple[str, str], Stance] = {}
    try:
        rows = list(csv.reader(io.StringIO("\n".join(lines[1:]))))
    except csv.Error as exc:
        raise ScenarioError(f"not valid CSV ({exc})") from None
    for offset, row in enumerate(rows):
        line = offset + 2
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise ScenarioError(f"expected {len(header)} fields, found {len(row)}", place=f"line {line}")
        cells = dict(zip(header, row, strict=True))
        actor = _unquoted(cells["actor"].strip())
        issue = default_issue if one_issue else _unquoted(cells["issue"].strip())
        if not actor:
            raise ScenarioError("empty actor", place=f"line {line}")
        if not issue:
            raise ScenarioError("empty issue", place=f"line {line}")
        cap, pos, sal = (parse_number(cells[c], c, f"line {line}") for c in ("capability", "position", "salience"))
        if cap <= 0:
            raise ScenarioError(f"capability must be > 0, got {cap:g}", place=f"line {line}")
        if sal < 0:
            raise ScenarioError(f"salience must be >= 0, got {sal:g}", place=f"line {line}")
        if not 0 <= pos <= 100:
            raise ScenarioError(f"position {pos:g} is outside the scale 0–100", place=f"line {line}")
        if (actor, issue) in stances:
            raise ScenarioError(f"duplicate row for actor '{actor}' and issue '{issue}'", place=f"line {line}")
        if actor not in actors:
            actors[actor] = Actor(actor, actor, Uncertain(cap))
        issues.setdefault(issue, Issue(issue, issue))
        override = None if cap == actors[actor].capability.value else Uncertain(cap)
        stances[(actor, issue)] = Stance(actor, issue, Uncertain(pos), Uncertain(sal), override)
    if not stances:
        raise ScenarioError("no data rows after the header", place="line 2")
    return Scenario(actors=tuple(actors.values()), issues=tuple(issues.values()), stances=tuple(stances.values()))


def dumps(sc: Scenario) -> str:
    """The scenario as long CSV; ScenarioError naming what the format cannot hold when reading the
    text back would not give the same scenario (scales, status quo, uncertainty, rules, ...).

    Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
    a tab or a carriage return) are written with a leading ``'``, which :func:`parse` removes.
    """
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(HEADER)
    for s in sc.stances:
        cap = (s.capability or sc.actor(s.actor).capability).value
        w.writerow([safe_cell(s.actor), safe_cell(s.issue), *(repr(x + 0.0) for x in (cap, s.position.value,
                                                                                        s.salience.value))])
    text = out.getvalue()
    if parse(text, "scenario.csv") != sc:
        lost = "; ".join(_lost(sc)) or "names, or capabilities that differ by issue in a way the rows cannot express"
        raise ScenarioError(f"long CSV cannot hold this scenario without losing: {lost} (convert to YAML instead)")
    return text


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def safe_cell(text: str) -> str:
    """A text cell a spreadsheet shows as text: a leading ``'`` before formula characters (and before ``'``)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _unquoted(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def _lost(sc: Scenario) -> list[str]:
    """What a long CSV would drop from this scenario, in words."""
    checks = (
        (any((i.lower, i.upper) != (0.0, 100.0) for i in sc.issues), "scales other than 0–100"),
        (any(i.status_quo is not None for i in sc.issues), "the status quo"),
        (any(v.uncertain or v.sd is not None or v.low is not None for _, v in sc.values()), "uncertainty"),
        (any(s.outside is not None for s in sc.stances), "outside options"),
        (any(i.rule is not None for i in sc.issues), "decision rules"),
        (bool(sc.stages), "stages"),
        (bool(sc.sources or sc.evidence), "sources and evidence"),
        (bool(sc.title or sc.description or sc.date), "the title, description or date"),
        (any(a.name != a.id or a.group or a.description for a in sc.actors)
         or any(i.name != i.id or i.lower_means or i.upper_means or i.description for i in sc.issues),
         "names, groups or descriptions"),
    )
    return [what for lost, what in checks if lost]
