"""Arbitrary text and structured junk never make a loader fail with anything but ScenarioError."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realpolitik.errors import ScenarioError
from realpolitik.scenario import parse
from realpolitik.scenario.formats import decode
from realpolitik.scenario.schema import from_mapping

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                    st.text(max_size=8))
junk = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(st.text(max_size=6), inner, max_size=4)),
                    max_leaves=25)
keys = st.sampled_from(["format_version", "actors", "issues", "positions", "sources", "evidence", "title",
                        "salience_scale", "id", "capability", "scale", "status_quo", "position", "salience",
                        "outside", "value", "credibility", "sd", "range", "A", "x"])
shaped = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                        st.dictionaries(keys, inner, max_size=5)), max_leaves=30)


def _only_scenario_errors(fn, *args):
    try:
        fn(*args)
    except ScenarioError as exc:
        assert str(exc) and "\n" not in str(exc).strip()


@SETTINGS
@given(st.text(max_size=300), st.sampled_from(["f.yaml", "f.csv", "f.txt", "f"]))
def test_arbitrary_text(text, name):
    _only_scenario_errors(parse, text, name)


@SETTINGS
@given(st.binary(max_size=200))
def test_arbitrary_bytes(raw):
    _only_scenario_errors(lambda: parse(decode(raw, "f.yaml"), "f.yaml"))


@SETTINGS
@given(st.one_of(junk, shaped))
def test_structured_junk(data):
    _only_scenario_errors(from_mapping, data)
    if isinstance(data, dict):
        _only_scenario_errors(from_mapping, {**data, "format_version": 1})


@SETTINGS
@given(shaped)
def test_junk_as_yaml_text(data):
    try:
        text = yaml.safe_dump({"format_version": 1, **data} if isinstance(data, dict) else data)
    except (yaml.YAMLError, ValueError):
        return
    _only_scenario_errors(parse, text, "f.yaml")


@SETTINGS
@given(st.lists(st.lists(st.one_of(st.text(max_size=5), st.floats().map(str), st.integers().map(str)),
                         min_size=0, max_size=6), max_size=6))
def test_junk_csv_rows(rows):
    text = "actor,issue,capability,position,salience\n" + "\n".join(",".join(r) for r in rows)
    _only_scenario_errors(parse, text, "f.csv")
