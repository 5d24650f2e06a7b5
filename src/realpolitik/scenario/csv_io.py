"""The long CSV scenario format: ``actor,issue,capability,position,salience``.

One row per actor and issue; capability may differ by issue (the actor's first row
gives its capability, other rows that differ override it for their issue). The issue
column may be left out (``actor,capability,position,salience``): the file is then one
issue, named after the file.

Optional columns describe the issue of the row (give them on any of its rows; rows
of one issue must not disagree): ``status_quo``, ``rule`` (a preset name such as
``unanimity``, or the YAML form of a rule, e.g. ``{quota: 0.5, veto: [USA]}``) and
``scale_low``/``scale_high`` (default 0 and 100). Columns may come in any order.
Fields are separated by commas or, as spreadsheets write in many locales, by
semicolons; in a semicolon file a decimal comma (``12,5``) is read as a decimal point.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml

from ..errors import ScenarioError
from .model import Actor, Issue, Scenario, Stance
from .rules import DecisionRule
from .values import Uncertain, parse_number

HEADER = ("actor", "issue", "capability", "position", "salience")
HEADER_ONE_ISSUE = ("actor", "capability", "position", "salience")
ISSUE_COLUMNS = ("status_quo", "rule", "scale_low", "scale_high")
_DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d+,\d+\s*$")


def _first_line(text: str) -> str:
    return text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""


def _delimiter(text: str) -> str:
    first = _first_line(text)
    return ";" if first.count(";") > first.count(",") else ","


def _header(text: str) -> tuple[str, ...]:
    return tuple(c.strip().lower() for c in _first_line(text).split(_delimiter(text)))


def header_ok(header: Sequence[str]) -> bool:
    """Whether ``header`` has the required columns (issue optional), each once, and only known extras."""
    required = set(HEADER_ONE_ISSUE)
    known = required | {"issue", *ISSUE_COLUMNS}
    return required <= set(header) and set(header) <= known and len(set(header)) == len(header)


def sniff(name: str, text: str) -> bool:
    """A long CSV: its first line holds the required columns and nothing unknown."""
    return header_ok(_header(text))


def _header_problem(header: Sequence[str]) -> str:
    missing = [c for c in HEADER_ONE_ISSUE if c not in header]
    extra = [c for c in header if c not in (*HEADER, *ISSUE_COLUMNS)]
    twice = sorted({c for c in header if header.count(c) > 1})
    detail = "; ".join(x for x in (missing and f"missing {', '.join(missing)}",
                                    extra and f"unexpected {', '.join(extra)}",
                                    twice and f"repeated {', '.join(twice)}") if x)
    return (f"the header needs {','.join(HEADER)} (issue may be left out) and may add "
            f"{', '.join(ISSUE_COLUMNS)} ({detail})")


def parse(text: str, name: str) -> Scenario:
    """Parse a long CSV scenario (comma- or semicolon-separated)."""
    delimiter = _delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))
    except csv.Error as exc:
        raise ScenarioError(f"not valid CSV ({exc})") from None
    if delimiter == ";":
        rows = [[c.replace(",", ".") if _DECIMAL_COMMA.match(c) else c for c in row] for row in rows]
    header = [c.strip().lower() for c in rows[0]] if rows else []
    return from_rows(header, ((n + 2, row) for n, row in enumerate(rows[1:])), Path(name).stem or "issue",
                     place=lambda line: f"line {line}")


def from_rows(header: Sequence[str], rows: Iterable[tuple[int, Sequence[str]]], default_issue: str,
              place=lambda line: f"line {line}") -> Scenario:
    """The scenario of long-layout rows (``(row number, cells)``) under ``header``; shared with the Excel reader."""
    if not header_ok(header):
        raise ScenarioError(_header_problem(header), place=place(1))
    actors: dict[str, Actor] = {}
    issues: dict[str, dict[str, tuple[str, int]]] = {}
    stances: dict[tuple[str, str], Stance] = {}
    lines: dict[tuple[str, str], int] = {}
    first_row = None
    for line, row in rows:
        first_row = first_row or line
        if not row or all(not str(c).strip() for c in row):
            continue
        if len(row) != len(header):
            raise ScenarioError(f"expected {len(header)} fields, found {len(row)}", place=place(line))
        cells = {k: str(v) for k, v in zip(header, row, strict=True)}
        actor = _unquoted(cells["actor"].strip())
        issue = _unquoted(cells["issue"].strip()) if "issue" in cells else default_issue
        if not actor:
            raise ScenarioError("empty actor", place=place(line))
        if not issue:
            raise ScenarioError("empty issue", place=place(line))
        cap, pos, sal = (parse_number(cells[c], c, place(line)) for c in ("capability", "position", "salience"))
        if cap <= 0:
            raise ScenarioError(f"capability must be > 0, got {cap:g}", place=place(line))
        if sal < 0:
            raise ScenarioError(f"salience must be >= 0, got {sal:g}", place=place(line))
        if (actor, issue) in stances:
            raise ScenarioError(f"duplicate row for actor '{actor}' and issue '{issue}'", place=place(line))
        given = issues.setdefault(issue, {})
        for col in ISSUE_COLUMNS:
            cell = cells.get(col, "").strip()
            if not cell:
                continue
            if col in given and given[col][0] != cell:
                raise ScenarioError(f"{col} '{cell}' differs from '{given[col][0]}' given for issue '{issue}' on "
                                    f"{place(given[col][1])}", place=place(line))
            given.setdefault(col, (cell, line))
        if actor not in actors:
            actors[actor] = Actor(actor, actor, Uncertain(cap))
        override = None if cap == actors[actor].capability.value else Uncertain(cap)
        stances[(actor, issue)] = Stance(actor, issue, Uncertain(pos), Uncertain(sal), override)
        lines[(actor, issue)] = line
    if not stances:
        raise ScenarioError("no data rows after the header", place=place(first_row or 2))
    built = tuple(_issue(i, given, place) for i, given in issues.items())
    bounds = {i.id: (i.lower, i.upper) for i in built}
    for key, st in stances.items():
        lo, hi = bounds[st.issue]
        if not lo <= st.position.value <= hi:
            raise ScenarioError(f"position {st.position.value:g} is outside the scale {lo:g}–{hi:g}",
                                place=place(lines[key]))
    return Scenario(actors=tuple(actors.values()), issues=built, stances=tuple(stances.values()))


def _issue(issue: str, given: dict[str, tuple[str, int]], place) -> Issue:
    def number(col: str, default: float | None) -> float | None:
        if col not in given:
            return default
        return parse_number(given[col][0], col.replace("_", " "), place(given[col][1]))

    lo, hi = number("scale_low", 0.0), number("scale_high", 100.0)
    sq = number("status_quo", None)
    rule = parse_rule(given["rule"][0], place(given["rule"][1])) if "rule" in given else None
    return Issue(issue, issue, lo, hi, status_quo=None if sq is None else Uncertain(sq), rule=rule)


def parse_rule(cell: str, place: str) -> DecisionRule:
    """A rule cell: a preset name (``unanimity``) or the YAML form of a rule (``{quota: 0.5, veto: [A]}``)."""
    from pydantic import ValidationError

    from .rules_schema import RuleIn, rule_error_hint, rule_from

    text = cell.strip()
    try:
        data = yaml.safe_load(text) if text.startswith("{") else {"preset": text}
    except yaml.YAMLError:
        raise ScenarioError(f"'{text}' is not a preset name or a {{key: value, ...}} mapping",
                            place=f"{place}, rule") from None
    try:
        return rule_from(RuleIn.model_validate(data), f"{place}, rule")
    except ValidationError as exc:
        err = exc.errors()[0]
        err = {**err, "loc": ("rule", *err["loc"])}
        raise ScenarioError(rule_error_hint(err) or f"'{text}': {err['msg']}", place=f"{place}, rule") from None


def dumps(sc: Scenario, delimiter: str = ",", lossy: bool = False) -> str:
    """The scenario as long CSV. The issue columns (status quo, rule, scale) are written where
    some issue needs them, on the issue's first row.

    What the layout cannot hold (uncertainty, outside options, stages, evidence, names, ...)
    is refused with a ScenarioError naming it, unless ``lossy`` (then the central values are
    written). Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return) are written with a leading ``'``, which
    :func:`parse` removes.
    """
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n", delimiter=delimiter)
    header, rows = table(sc)
    w.writerow(header)
    w.writerows(rows)
    text = out.getvalue()
    if not lossy and parse(text, "scenario.csv") != sc:
        lost = "; ".join(_lost(sc)) or "capabilities that differ by issue in a way the rows cannot express"
        raise ScenarioError(f"long CSV cannot hold this scenario without losing: {lost} "
                            "(convert to YAML, or write the central values only with --lossy)")
    return text


def table(sc: Scenario) -> tuple[list[str], list[list[str]]]:
    """The long layout as a header and rows of text cells (shared with the Excel writer)."""
    extra = []
    if any(i.status_quo is not None for i in sc.issues):
        extra.append("status_quo")
    if any(i.rule is not None for i in sc.issues):
        extra.append("rule")
    if any((i.lower, i.upper) != (0.0, 100.0) for i in sc.issues):
        extra += ["scale_low", "scale_high"]
    rows, seen = [], set()
    for s in sc.stances:
        cap = (s.capability or sc.actor(s.actor).capability).value
        row = [safe_cell(s.actor), safe_cell(s.issue), _number(cap), _number(s.position.value),
               _number(s.salience.value)]
        issue = sc.issue(s.issue)
        first = s.issue not in seen
        seen.add(s.issue)
        cells = {"status_quo": _number(issue.status_quo.value) if first and issue.status_quo else "",
                 "rule": rule_cell(issue.rule) if first and issue.rule else "",
                 "scale_low": _number(issue.lower) if first else "",
                 "scale_high": _number(issue.upper) if first else ""}
        rows.append(row + [cells[c] for c in extra])
    return [*HEADER, *extra], rows


def rule_cell(rule: DecisionRule) -> str:
    """A rule as one cell: the YAML flow form of its mapping (``parse_rule`` reads it back equal)."""
    from .rules_schema import rule_to

    return yaml.safe_dump(rule_to(rule), default_flow_style=True, sort_keys=False, width=10_000).strip()


def _number(x: float) -> str:
    """The shortest text that reads back as the same double (``50`` rather than ``50.0``)."""
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def safe_cell(text: str) -> str:
    """A text cell a spreadsheet shows as text: a leading ``'`` before formula characters (and before ``'``)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _unquoted(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def _lost(sc: Scenario) -> list[str]:
    """What a long CSV would drop from this scenario, in words."""
    checks = (
        (any(v.uncertain or v.sd is not None or v.low is not None for _, v in sc.values()), "uncertainty"),
        (any(s.outside is not None for s in sc.stances), "outside options"),
        (bool(sc.stages), "stages"),
        (bool(sc.sources or sc.evidence), "sources and evidence"),
        (bool(sc.title or sc.description or sc.date), "the title, description or date"),
        (any(a.name != a.id or a.group or a.description for a in sc.actors)
         or any(i.name != i.id or i.lower_means or i.upper_means or i.description for i in sc.issues),
         "names, groups or descriptions"),
    )
    return [what for lost, what in checks if lost]
