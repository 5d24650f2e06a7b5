"""The Decide input format: tagged rows for Stokman's exchange model.

The public Decide tool (an implementation of Stokman & Van Oosten 1994) reads plain
text files without a header in which the first cell of each row is a tag:

- ``#A id, fullname, comment``: an actor;
- ``#P name, description``: an issue;
- ``#M issue, position, description``: a labelled point on an issue's scale (the
  issue's bounds are the smallest and largest of its points; 0–100 without any);
- ``#D actor, issue, position, salience, power, comment``: an actor's stance, with
  salience and power in [0, 1];
- ``#/ ...`` a comment and ``#O ...`` a description of the data set.

Cells are separated by a TAB or a semicolon and may be quoted (the quote character is
detected). Actors and issues keep their ids exactly as written; an actor may be
missing from some issues. Saliences stay on their 0–1 scale and power becomes the
actor's capability (the actor's first ``#D`` row gives it; rows that differ override
it for their issue).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from ..errors import ScenarioError
from .model import Actor, Issue, Scenario, Stance
from .values import Uncertain, parse_number

TAGS = ("#A", "#P", "#M", "#D", "#/", "#O")
DATA_TAGS = ("#A", "#P", "#M", "#D")
DELIMITERS = "\t;"
QUOTES = "'\""


def _first_cell(line: str) -> str:
    head = line
    for d in DELIMITERS:
        head = head.split(d, 1)[0]
    return head.strip().strip(QUOTES).strip()


def sniff(name: str, text: str) -> bool:
    """A Decide file: its first non-blank line starts with a tag and some row is #A, #P, #M or #D."""
    lines = [line for line in text.lstrip("\ufeff").splitlines()[:200] if line.strip()]
    if not lines or _first_cell(lines[0]) not in TAGS:
        return False
    return any(_first_cell(line) in DATA_TAGS and any(d in line for d in DELIMITERS) for line in lines)


def _dialect(text: str) -> tuple[str, str]:
    """The delimiter (TAB or ';') and quote character of the file."""
    sample = "\n".join(text.splitlines()[:50])
    try:
        found = csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
        delimiter, quote = found.delimiter, found.quotechar
    except csv.Error:
        first = next((line for line in text.splitlines() if line.strip()), "")
        delimiter = "\t" if "\t" in first else ";"
        quote = first.strip()[0] if first.strip()[:1] in QUOTES else '"'
    if delimiter not in DELIMITERS:
        raise ScenarioError("cells must be separated by TAB or ';'", place="line 1")
    return delimiter, quote if quote in QUOTES else '"'


@dataclass
class _Builder:
    """What has been read so far, with the line of each declaration for error messages."""

    actors: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    issues: dict[str, tuple[str | None, int]] = field(default_factory=dict)
    points: dict[str, list[float]] = field(default_factory=dict)
    point_lines: dict[str, int] = field(default_factory=dict)
    rows: dict[tuple[str, str], tuple[float, float, float, int]] = field(default_factory=dict)
    description: list[str] = field(default_factory=list)


def _need(cells: list[str], count: int, line: int, tag: str, fields: str) -> None:
    if len(cells) < count or not cells[0]:
        raise ScenarioError(f"a {tag} row needs {fields}", place=f"line {line}")


def _read_row(b: _Builder, tag: str, cells: list[str], line: int) -> None:
    place = f"line {line}"
    if tag == "#A":
        _need(cells, 1, line, tag, "an actor id")
        if cells[0] in b.actors:
            raise ScenarioError(f"actor {cells[0]!r} is declared twice", place=place)
        name = cells[1] if len(cells) > 1 and cells[1] else cells[0]
        b.actors[cells[0]] = (name, cells[2] if len(cells) > 2 and cells[2] else None)
    elif tag == "#P":
        _need(cells, 1, line, tag, "an issue name")
        if cells[0] in b.issues:
            raise ScenarioError(f"issue {cells[0]!r} is declared twice", place=place)
        described = [c for c in cells[1:] if c and c != cells[0]]
        b.issues[cells[0]] = (described[-1] if described else None, line)
    elif tag == "#M":
        _need(cells, 2, line, tag, "an issue and a position")
        b.points.setdefault(cells[0], []).append(parse_number(cells[1], "scale point", f"line {line}"))
        b.point_lines.setdefault(cells[0], line)
    elif tag == "#D":
        _need(cells, 5, line, tag, "actor, issue, position, salience and power")
        actor, issue = cells[0], cells[1]
        if not issue:
            raise ScenarioError("a #D row needs an issue", place=place)
        pos = parse_number(cells[2], "position", f"line {line}")
        sal = parse_number(cells[3], "salience", f"line {line}")
        power = parse_number(cells[4], "power", f"line {line}")
        if not 0 <= sal <= 1:
            raise ScenarioError(f"salience must be in [0, 1], got {sal:g}", place=place)
        if not 0 < power <= 1:
            raise ScenarioError(f"power must be in (0, 1], got {power:g}", place=place)
        if (actor, issue) in b.rows:
            raise ScenarioError(f"a second #D row for actor {actor!r} on issue {issue!r}", place=place)
        b.rows[(actor, issue)] = (pos, sal, power, line)
    elif tag == "#O":
        b.description.extend(c for c in cells if c)


def _bounds(b: _Builder, issue: str) -> tuple[float, float]:
    points = b.points.get(issue)
    if not points:
        return 0.0, 100.0
    lo, hi = min(points), max(points)
    if lo >= hi:
        raise ScenarioError(f"issue {issue!r} needs two different #M scale points (or none for 0–100)",
                            place=f"line {b.point_lines[issue]}")
    return lo, hi


def _scenario(b: _Builder) -> Scenario:
    if not b.rows:
        raise ScenarioError("no #D rows (actor, issue, position, salience, power)")
    for issue, line in b.point_lines.items():
        if issue not in b.issues:
            raise ScenarioError(f"#M row for issue {issue!r}, which no #P row declares", place=f"line {line}")
    bounds = {issue: _bounds(b, issue) for issue in b.issues}
    capability: dict[str, float] = {}
    stances = []
    for (actor, issue), (pos, sal, power, line) in b.rows.items():
        place = f"line {line}"
        if actor not in b.actors:
            raise ScenarioError(f"actor {actor!r} has no #A row", place=place)
        if issue not in b.issues:
            raise ScenarioError(f"issue {issue!r} has no #P row", place=place)
        lo, hi = bounds[issue]
        if not lo <= pos <= hi:
            raise ScenarioError(f"position {pos:g} is outside the scale {lo:g}–{hi:g} of issue {issue!r}",
                                place=place)
        own = capability.setdefault(actor, power)
        override = None if power == own else Uncertain(power)
        stances.append(Stance(actor, issue, Uncertain(pos), Uncertain(sal), override))
    actors = tuple(Actor(a, name, Uncertain(capability.get(a, 1.0)), description=comment)
                   for a, (name, comment) in b.actors.items())
    issues = tuple(Issue(i, i, *bounds[i], description=desc) for i, (desc, _) in b.issues.items())
    return Scenario(actors=actors, issues=issues, stances=tuple(stances), salience_scale=1.0,
                    description=" ".join(b.description) or None)


def parse(text: str, name: str) -> Scenario:
    """Parse a Decide input file."""
    body = text.lstrip("\ufeff")
    delimiter, quote = _dialect(body)
    b = _Builder()
    reader = csv.reader(io.StringIO(body), delimiter=delimiter, quotechar=quote)
    try:
        for row in reader:
            cells = [c.strip() for c in row]
            if not any(cells):
                continue
            line = reader.line_num
            tag = cells[0].upper() if cells[0][:2] in ("#a", "#p", "#m", "#d", "#o") else cells[0]
            if tag not in TAGS:
                raise ScenarioError(f"{cells[0][:20]!r} is not a Decide row tag (expected one of {', '.join(TAGS)})",
                                    place=f"line {line}")
            _read_row(b, tag, cells[1:], line)
    except csv.Error as exc:
        raise ScenarioError(f"not valid delimited text ({exc})", place=f"line {reader.line_num}") from None
    return _scenario(b)
