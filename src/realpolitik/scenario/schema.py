"""The YAML scenario format (version 1), declared with pydantic and turned into a Scenario.

The schema is strict: unknown keys, strings where numbers belong, NaN and infinite
values are rejected with the path of the offending field.
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, ValidationError, field_validator

from ..errors import ScenarioError
from .model import Actor, Evidence, Issue, OutsideOption, Scenario, Source, Stance
from .numbers import to_number
from .rules_schema import RuleIn, StageIn, rule_error_hint, rule_from, rule_to, stage_from, stage_to
from .values import Uncertain

FORMAT_VERSION = 1

Number = StrictFloat | StrictInt
Pair = Annotated[list[Number], Field(min_length=2, max_length=2)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, strict=True)


class UncertainIn(_Strict):
    value: Number
    sd: Annotated[Number, Field(ge=0)] | None = None
    range: Pair | None = None


Value = Number | UncertainIn


class ActorIn(_Strict):
    id: str = Field(min_length=1)
    name: str | None = None
    capability: Value
    group: str | None = None
    description: str | None = None


class IssueIn(_Strict):
    id: str = Field(min_length=1)
    name: str | None = None
    scale: Pair = [0, 100]
    low: str | None = None
    high: str | None = None
    status_quo: Value | None = None
    description: str | None = None
    rule: RuleIn | None = None


class OutsideIn(_Strict):
    value: Value
    credibility: Value = 1.0
    public: bool = False


class StanceIn(_Strict):
    position: Value
    salience: Value
    capability: Value | None = None
    outside: OutsideIn | None = None


class SourceIn(_Strict):
    id: str = Field(min_length=1)
    title: str | None = None
    file: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        return v.isoformat() if isinstance(v, _dt.date) else v


class EvidenceIn(_Strict):
    value: str = Field(min_length=1)
    source: str = Field(min_length=1)
    paragraph: StrictInt | list[StrictInt] | None = None
    note: str | None = None


class ScenarioIn(_Strict):
    format_version: StrictInt
    title: str | None = None
    description: str | None = None
    date: str | None = None
    salience_scale: Number | None = None
    actors: list[ActorIn] = Field(min_length=1)
    issues: list[IssueIn] = Field(min_length=1)
    positions: dict[str, dict[str, StanceIn]] = Field(min_length=1)
    sources: list[SourceIn] = []
    evidence: list[EvidenceIn] = []
    stages: list[StageIn] = []

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        return v.isoformat() if isinstance(v, _dt.date) else v


def _value(v: Number | UncertainIn | None, place: str) -> Uncertain | None:
    if v is None:
        return None
    try:
        if isinstance(v, UncertainIn):
            low, high = v.range if v.range is not None else (None, None)
            return Uncertain(float(v.value), None if v.sd is None else float(v.sd), low, high)
        return Uncertain(float(v))
    except ValueError as exc:
        raise ScenarioError(str(exc), place=place) from None


def _paragraphs(p: int | list[int] | None) -> tuple[int, ...]:
    if p is None:
        return ()
    return tuple(p) if isinstance(p, list) else (p,)


def _place(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("float", "int", "UncertainIn", "list[int]", "constrained-float"):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out or "top level"


def _check_numbers(data: Any, loc: tuple) -> None:
    """Every integer of the document must fit a float (one message for every field, see ``numbers``)."""
    if isinstance(data, dict):
        for key, value in data.items():
            _check_numbers(value, (*loc, key))
    elif isinstance(data, list):
        for n, value in enumerate(data):
            _check_numbers(value, (*loc, n))
    elif isinstance(data, int) and not isinstance(data, bool):
        to_number(data, "number", _place(loc))


def from_mapping(data: Any) -> Scenario:
    """Validate a parsed YAML document and build the Scenario."""
    if not isinstance(data, dict):
        raise ScenarioError("the top level must be a mapping of keys (format_version, actors, ...)", place="top level")
    version = data.get("format_version")
    if version is None:
        raise ScenarioError("missing 'format_version' (this release reads version 1)", place="format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise ScenarioError(f"unknown format version {version!r} (this release reads {FORMAT_VERSION})",
                            place="format_version")
    _check_numbers(data, ())
    try:
        doc = ScenarioIn.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        elif isinstance(err.get("input"), str | int | float | bool):
            msg += f", got {err['input']!r}"
        raise ScenarioError(rule_error_hint(err) or msg, place=_place(err["loc"])) from None
    actors = tuple(
        Actor(a.id, a.name or a.id, _value(a.capability, f"actors.{a.id}.capability"), a.group, a.description)
        for a in doc.actors
    )
    issues = []
    for i in doc.issues:
        lo, hi = (float(x) for x in i.scale)
        issues.append(Issue(i.id, i.name or i.id, lo, hi, i.low, i.high,
                            _value(i.status_quo, f"issues.{i.id}.status_quo"), i.description,
                            rule_from(i.rule, f"issues.{i.id}.rule")))
    stances = []
    for actor, row in doc.positions.items():
        for issue, st in row.items():
            place = f"positions.{actor}.{issue}"
            outside = None
            if st.outside is not None:
                outside = OutsideOption(_value(st.outside.value, place + ".outside.value"),
                                        _value(st.outside.credibility, place + ".outside.credibility"),
                                        st.outside.public)
            stances.append(Stance(actor, issue, _value(st.position, place + ".position"),
                                  _value(st.salience, place + ".salience"),
                                  _value(st.capability, place + ".capability"), outside))
    evidence = tuple(
        Evidence(e.value, e.source, _paragraphs(e.paragraph), e.note)
        for e in doc.evidence
    )
    sources = tuple(Source(s.id, s.title, s.file, s.outlet, s.date, s.url) for s in doc.sources)
    return Scenario(actors=actors, issues=tuple(issues), stances=tuple(stances), sources=sources,
                    evidence=evidence, title=doc.title, description=doc.description, date=doc.date,
                    stages=tuple(stage_from(st, f"stages.{st.id}") for st in doc.stages),
                    salience_scale=None if doc.salience_scale is None else float(doc.salience_scale))


def to_mapping(sc: Scenario) -> dict[str, Any]:
    """The YAML document (version 1) of a scenario; ``from_mapping`` reads it back equal."""
    def drop_none(d: dict) -> dict:
        return {k: v for k, v in d.items() if v is not None}

    doc: dict[str, Any] = drop_none({"format_version": FORMAT_VERSION, "title": sc.title,
                                     "description": sc.description, "date": sc.date,
                                     "salience_scale": sc.salience_scale})
    doc["actors"] = [drop_none({"id": a.id, "name": a.name, "capability": a.capability.to_yaml(),
                                "group": a.group, "description": a.description}) for a in sc.actors]
    doc["issues"] = [drop_none({"id": i.id, "name": i.name, "scale": [i.lower, i.upper], "low": i.lower_means,
                                "high": i.upper_means,
                                "status_quo": None if i.status_quo is None else i.status_quo.to_yaml(),
                                "description": i.description,
                                "rule": None if i.rule is None else rule_to(i.rule)}) for i in sc.issues]
    positions: dict[str, dict[str, Any]] = {}
    for s in sc.stances:
        entry = drop_none({"position": s.position.to_yaml(), "salience": s.salience.to_yaml(),
                           "capability": None if s.capability is None else s.capability.to_yaml()})
        if s.outside is not None:
            entry["outside"] = {"value": s.outside.value.to_yaml(), "credibility": s.outside.credibility.to_yaml()}
            if s.outside.public:
                entry["outside"]["public"] = True
        positions.setdefault(s.actor, {})[s.issue] = entry
    doc["positions"] = positions
    if sc.sources:
        doc["sources"] = [drop_none(vars(s).copy()) for s in sc.sources]
    if sc.evidence:
        doc["evidence"] = [drop_none({"value": e.value, "source": e.source,
                                      "paragraph": list(e.paragraphs) or None, "note": e.note})
                           for e in sc.evidence]
    if sc.stages:
        doc["stages"] = [stage_to(st) for st in sc.stages]
    return doc
