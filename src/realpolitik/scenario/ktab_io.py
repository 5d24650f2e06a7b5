"""KTAB's spatial-model scenario files (CSV and XML), read into a :class:`Scenario`.

KTAB (the KAPSARC Toolkit for Behavioral Analysis) describes a spatial-model scenario
by actors with a capability, and per dimension a position and a salience, both on
0–100 with an actor's saliences summing to at most 100. Actor ids and issue ids are
KTAB's actor names and dimension names as written, trimmed of surrounding spaces.

CSV: a first line ``name,description,actors,dimensions``; a header
``Actor,Description,Power,<dim>,<dim salience>,...``; one row per actor. XML: the
``smpSchema.xsd`` layout. In XML an empty ``<dCoord/>`` (KTAB's own reader rejects it)
is read as the actor taking no part in that dimension; a coordinate left out entirely,
or an empty or missing CSV cell, is an error naming the row.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

from ..errors import ScenarioError
from .model import Actor, Issue, Scenario, Stance
from .values import Uncertain, parse_number

SALIENCE_TOLERANCE = 1e-6
KTAB_PARAMETERS = {  # XML ModelParameters element -> smp parameter, with KTAB's value names
    "VictoryProbModel": ("victory_model", {"Linear": "linear", "Square": "square", "Quartic": "quartic",
                                           "Octic": "octic", "Binary": "binary"}),
    "PCEModel": ("pce", {"Conditional": "conditional", "MarkovIncentive": "markov_incentive",
                         "MarkovUniform": "markov_uniform"}),
    "StateTransitions": ("transitions", {"Deterministic": "deterministic", "Stochastic": "stochastic"}),
    "VotingRule": ("voting_rule", {"Binary": "binary", "PropBin": "propbin", "Proportional": "proportional",
                                   "PropCbc": "propcbc", "Cubic": "cubic", "ASymProsp": "asymprosp"}),
    "BigRAdjust": ("risk_adjust", {"Full": "full", "TwoThirds": "two_thirds", "Half": "half",
                                   "OneThird": "one_third", "No": "none"}),
    "BigRRange": ("risk_range", {"Min": "min", "Mid": "mid", "Max": "max"}),
    "ThirdPartyCommit": ("third_party", {"NoCommit": "none", "SemiCommit": "semi", "FullCommit": "full"}),
    "InterVecBrgn": ("interpolation", {"S1P1": "s1p1", "S2P2": "s2p2", "S2PMax": "s2pmax"}),
    "BargnModel": ("bargain_model", {"InitOnlyInterp": "init_only", "InitRcvrInterp": "init_rcvr",
                                     "PWCompInterp": "pw_compromise"}),
}


# -- shared checks -------------------------------------------------------------------------
def _actor(name: str, description: str, cap: float, coords: list[float | None], sals: list[float],
           dims: list[str], place: str) -> tuple[Actor, list[Stance]]:
    """One actor and its stances, checked against KTAB's rules (scales 0–100, Σ saliences ≤ 100)."""
    if not name:
        raise ScenarioError("empty actor name", place=place)
    if cap <= 0:
        raise ScenarioError(f"capability must be > 0, got {cap:g}", place=place)
    for dim, x, s in zip(dims, coords, sals, strict=True):
        if x is not None and not 0 <= x <= 100:
            raise ScenarioError(f"position {x:g} on '{dim}' is outside the scale 0–100", place=place)
        if not 0 <= s <= 100:
            raise ScenarioError(f"salience {s:g} on '{dim}' is outside 0–100", place=place)
    total = sum(sals)
    if total > 100 + SALIENCE_TOLERANCE:
        raise ScenarioError(f"saliences of actor '{name}' sum to {total:g}, more than 100", place=place)
    stances = [Stance(name, dim, Uncertain(x), Uncertain(s))
               for dim, x, s in zip(dims, coords, sals, strict=True) if x is not None]
    if not stances:
        raise ScenarioError(f"actor '{name}' has no coordinate on any dimension", place=place)
    return Actor(name, name, Uncertain(cap), description=description or None), stances


def _scenario(title: str, description: str, dims: list[str], actors: list[tuple[Actor, list[Stance]]],
              extensions: dict | None = None) -> Scenario:
    if len(set(dims)) != len(dims):
        dup = next(d for d in dims if dims.count(d) > 1)
        raise ScenarioError(f"dimension '{dup}' is named twice", place="dimensions")
    return Scenario(
        actors=tuple(a for a, _ in actors),
        issues=tuple(Issue(d, d, 0.0, 100.0) for d in dims),
        stances=tuple(s for _, ss in actors for s in ss),
        title=title or None,
        description=description or None,
        salience_scale=100.0,
        extensions=extensions or {},
    )


def _unique(names: list[str], place_of) -> None:
    seen: set[str] = set()
    for i, name in enumerate(names):
        if name in seen:
            raise ScenarioError(f"actor '{name}' appears twice", place=place_of(i))
        seen.add(name)


# -- CSV ---------------------------------------------------------------------------------------
def _rows(text: str) -> list[list[str]]:
    try:
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    except csv.Error as exc:
        raise ScenarioError(f"not valid CSV ({exc})") from None
    cleaned = [[c.strip() for c in row] for row in rows]
    for row in cleaned:
        while row and not row[-1]:
            row.pop()
    return cleaned


def _is_count(cell: str) -> bool:
    return cell.strip().isdigit()


def sniff_csv(name: str, text: str) -> bool:
    """A KTAB CSV: ``name,description,<actors>,<dimensions>`` then a header starting ``Actor``."""
    head = text.lstrip("\ufeff").splitlines()[:2]
    if len(head) < 2:
        return False
    first = next(csv.reader([head[0]]), [])
    second = next(csv.reader([head[1]]), [])
    return (len(first) >= 4 and _is_count(first[2]) and _is_count(first[3])
            and bool(second) and second[0].strip().lower() == "actor")


def parse_csv(text: str, name: str) -> Scenario:
    """Parse a KTAB spatial-model CSV scenario."""
    rows = _rows(text)
    if len(rows) < 2 or len(rows[0]) < 4 or not (_is_count(rows[0][2]) and _is_count(rows[0][3])):
        raise ScenarioError("the first line must be: scenario name, description, number of actors, "
                            "number of dimensions", place="line 1")
    title, description = rows[0][0], rows[0][1]
    n_actors, n_dims = int(rows[0][2]), int(rows[0][3])
    if n_dims < 1:
        raise ScenarioError("the number of dimensions must be at least 1", place="line 1")
    header = rows[1]
    width = 3 + 2 * n_dims
    if len(header) != width:
        raise ScenarioError(f"the header must have {width} columns (Actor, Description, capability and a "
                            f"position and salience column for each of {n_dims} dimensions), found {len(header)}",
                            place="line 2")
    dims = header[3::2]
    if any(not d for d in dims):
        raise ScenarioError("a dimension (position column) has no name", place="line 2")
    body = [(i + 3, row) for i, row in enumerate(rows[2:]) if any(row)]
    if len(body) != n_actors:
        raise ScenarioError(f"line 1 announces {n_actors} actors but {len(body)} actor rows follow",
                            place="line 1")
    actors = []
    for line, row in body:
        place = f"line {line}"
        if len(row) < width:
            missing = dims[(len(row) - 3) // 2] if len(row) >= 3 else "capability"
            raise ScenarioError(f"row ends early: no value for '{missing}' ({len(row)} of {width} columns)",
                                place=place)
        if len(row) > width:
            raise ScenarioError(f"row has {len(row)} columns, expected {width}", place=place)
        cap = parse_number(row[2], f"capability ('{header[2]}')", place)
        coords = [parse_number(row[3 + 2 * k], f"coordinate on '{d}'", place) for k, d in enumerate(dims)]
        sals = [parse_number(row[4 + 2 * k], f"salience on '{d}'", place) for k, d in enumerate(dims)]
        actors.append(_actor(row[0], row[1], cap, coords, sals, dims, place))
    _unique([a.id for a, _ in actors], lambda i: f"line {body[i][0]}")
    return _scenario(title, description, dims, actors)


# -- XML ---------------------------------------------------------------------------------------
def sniff_xml(name: str, text: str) -> bool:
    """A KTAB XML scenario: an XML document whose root element is ``Scenario`` with ``Actors``."""
    head = text.lstrip("\ufeff").lstrip()
    return head.startswith("<") and "<Scenario" in head[:2000] and "<Actors" in text


def _text(el: ET.Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def _parameters(root: ET.Element) -> dict[str, str]:
    block = root.find("ModelParameters")
    if block is None:
        return {}
    out = {}
    for child in block:
        if child.tag not in KTAB_PARAMETERS:
            raise ScenarioError(f"unknown model parameter '{child.tag}'", place="ModelParameters")
        ours, names = KTAB_PARAMETERS[child.tag]
        value = _text(child)
        if value not in names:
            raise ScenarioError(f"'{value}' is not a value of {child.tag} (one of {', '.join(names)})",
                                place="ModelParameters")
        out[ours] = names[value]
    return out


def parse_xml(text: str, name: str) -> Scenario:
    """Parse a KTAB spatial-model XML scenario (``smpSchema.xsd``)."""
    try:
        root = ET.fromstring(text.lstrip("\ufeff"))
    except ET.ParseError as exc:
        line, col = exc.position
        raise ScenarioError(f"not well-formed XML ({exc})",
                            place=f"line {line}, column {col}") from None
    if root.tag != "Scenario":
        raise ScenarioError(f"the root element must be Scenario, found {root.tag}")
    elements = root.findall("Actors/Actor")
    if not elements:
        raise ScenarioError("no Actor elements under Actors", place="Actors")
    dims = [_text(d) for d in root.findall("Dimensions/dName")]
    if not dims:
        count = len(elements[0].findall("Position/dCoord"))
        dims = [f"Dimension {k + 1}" for k in range(count)]
    if any(not d for d in dims):
        raise ScenarioError("a dimension has an empty name", place="Dimensions")
    actors = []
    for idx, el in enumerate(elements):
        actor = _text(el.find("name"))
        place = f"actor {idx + 1} ('{actor}')" if actor else f"actor {idx + 1}"
        cap = parse_number(_text(el.find("capability")), "capability", place)
        coords_el = el.findall("Position/dCoord")
        sals_el = el.findall("Salience/dSal")
        for what, found in (("coordinates", coords_el), ("saliences", sals_el)):
            if len(found) != len(dims):
                raise ScenarioError(f"{len(found)} {what} for {len(dims)} dimensions", place=place)
        coords = [None if not _text(c) else parse_number(_text(c), f"coordinate on '{d}'", place)
                  for c, d in zip(coords_el, dims, strict=True)]
        sals = [parse_number(_text(s), f"salience on '{d}'", place) for s, d in zip(sals_el, dims, strict=True)]
        actors.append(_actor(actor, _text(el.find("description")), cap, coords, sals, dims, place))
    _unique([a.id for a, _ in actors], lambda i: f"actor {i + 1}")
    params = _parameters(root)
    return _scenario(_text(root.find("name")), _text(root.find("desc")), dims, actors,
                     {"ktab_model_parameters": params} if params else None)
