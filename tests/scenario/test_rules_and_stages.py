"""Decision rules and stages in the scenario: loading, validation errors, round trip, arrays."""

from __future__ import annotations

import copy
import re

import numpy as np
import pytest
import yaml

from realpolitik.errors import ScenarioError
from realpolitik.scenario import load
from realpolitik.scenario.rules import DecisionRule
from realpolitik.scenario.schema import from_mapping, to_mapping
from realpolitik.scenario.stages import PositionShift, Stage
from tests.conftest import ROOT

MINI = ROOT / "tests" / "fixtures" / "mini.yaml"


def doc_with(rule=None, stages=None) -> dict:
    doc = yaml.safe_load(MINI.read_text())
    if rule is not None:
        doc["issues"][0]["rule"] = rule
    if stages is not None:
        doc["stages"] = stages
    return doc


def test_rules_load_in_every_form():
    sc = from_mapping(doc_with({"quota": 0.6, "weighted": True, "veto": ["C"], "agenda_setter": "A"}))
    assert sc.issue("tax").rule == DecisionRule(quota=0.6, weighted=True, veto=("C",), agenda_setter="A")
    sc = from_mapping(doc_with({"preset": "unanimity", "voters": ["A", "B"]}))
    assert sc.issue("tax").rule == DecisionRule.unanimity(voters=("A", "B"))
    sc = from_mapping(doc_with({"preset": "unsc", "permanent": ["A", "B"], "elected": ["C"]}))
    rule = sc.issue("tax").rule
    assert rule.quota == pytest.approx(0.6) and rule.veto == ("A", "B") and rule.voters == ("A", "B", "C")
    assert rule.others == 12 and rule.elected == ("C",)


def test_rules_and_stages_survive_the_round_trip():
    stages = [{"id": "first", "issues": ["tax"], "shift": {"A": {"tax": 5}}},
              {"id": "second", "name": "aid only", "issues": ["aid"], "actors": ["A", "B"],
               "rules": {"aid": {"quota": 0.5, "veto": ["B"]}}}]
    for rule in ({"preset": "unsc", "permanent": ["A"], "others_position": 30},
                 {"preset": "unanimity", "agenda_setter": "C"},
                 {"quota": 0.75, "voters": ["A", "C"], "veto": ["B"], "others": 2}):
        sc = from_mapping(doc_with(rule, stages))
        again = from_mapping(copy.deepcopy(to_mapping(sc)))
        assert again == sc
        assert again.issue("tax").rule == sc.issue("tax").rule and again.stages == sc.stages
    assert sc.stages[0].shifts == (PositionShift("A", "tax", 5.0),)


BAD = [
    ({"quota": 1.5}, "issues.tax.rule.quota: the quota must be a share in (0, 1], got 1.5"),
    ({"quota": 0}, "issues.tax.rule.quota: the quota must be a share in (0, 1], got 0"),
    ({"quota": 0.5, "veto": ["Z"]}, "issues.tax.rule.veto: unknown actor 'Z'"),
    ({"quota": 0.5, "agenda_setter": "Z"}, "issues.tax.rule.agenda_setter: unknown actor 'Z'"),
    ({"quota": 0.5, "voters": ["A", "A"]}, "issues.tax.rule.voters: an actor is listed twice"),
    ({"veto": ["A"]}, "issues.tax.rule.quota: a rule needs a 'quota'"),
    ({"preset": "unsc"}, "issues.tax.rule.permanent: the 'unsc' preset needs 'permanent'"),
    ({"preset": "unsc", "permanent": ["A"], "quota": 0.5}, "issues.tax.rule.quota: 'quota' does not apply"),
    ({"preset": "unanimity", "veto": ["A"]}, "issues.tax.rule.veto: 'veto' does not apply"),
    ({"preset": "veto-only"}, "issues[0].rule.preset: unknown preset 'veto-only' (presets: unanimity, unsc)"),
    ({"quota": 0.5, "wat": 1}, "issues[0].rule.wat: unknown rule key 'wat' (rule keys: preset, quota, weighted, "),
    ("consensus", "issues[0].rule: a rule is a mapping of keys, got 'consensus'; presets: unanimity, unsc; keys: "
                  "preset, quota,"),
    ("unanimity", "issues[0].rule: a rule is a mapping of keys, got 'unanimity' (did you mean {preset: unanimity}?)"),
    ({"quota": 0.5, "weighted": True, "others": 3}, "issues.tax.rule.others: members not modelled"),
    ({"quota": 0.5, "others": 3, "others_position": 120}, "issues.tax.rule.others_position: 120 is outside"),
]


@pytest.mark.parametrize(("rule", "message"), BAD)
def test_bad_rules_rejected(rule, message):
    with pytest.raises(ScenarioError, match=re.escape(message)):
        from_mapping(doc_with(rule))


def test_rule_naming_an_actor_without_a_position_is_rejected():
    doc = doc_with()
    doc["issues"][1]["rule"] = {"quota": 0.5, "veto": ["C"]}  # C takes no position on aid
    with pytest.raises(ScenarioError, match="issues.aid.rule.veto: actor 'C' takes no position on issue 'aid'"):
        from_mapping(doc)


BAD_STAGES = [
    ([{"id": "s", "issues": ["nope"]}], "stages.s.issues: unknown issue 'nope'"),
    ([{"id": "s", "actors": ["Z"]}], "stages.s.actors: unknown actor 'Z'"),
    ([{"id": "s"}, {"id": "s"}], "duplicate stage id 's'"),
    ([{"id": "s", "rules": {"nope": {"quota": 0.5}}}], "stages.s.rules: unknown issue 'nope'"),
    ([{"id": "s", "issues": ["aid"], "rules": {"tax": {"quota": 0.5}}}], "issue 'tax' is not decided"),
    ([{"id": "s", "rules": {"tax": {"quota": 2}}}], "stages.s.rules.tax.quota: the quota must be a share"),
    ([{"id": "s", "shift": {"C": {"aid": 1}}}], "stages.s.shift.C.aid: actor 'C' takes no position"),
    ([{"id": "s", "actors": ["C"], "issues": ["aid"]}], "no actor of this stage takes a position on issue 'aid'"),
    ([{"id": "s", "issue": ["tax"]}], r"stages\[0\].issue: unknown key"),
]


@pytest.mark.parametrize(("stages", "message"), BAD_STAGES)
def test_bad_stages_rejected(stages, message):
    with pytest.raises(ScenarioError, match=message):
        from_mapping(doc_with(stages=stages))


def test_stage_without_an_actor_its_rule_names_is_rejected():
    doc = doc_with({"quota": 0.5, "veto": ["C"]}, [{"id": "s", "actors": ["A", "B"]}])
    with pytest.raises(ScenarioError, match="rule of issue 'tax' names actor 'C'.*give the stage its own rule"):
        from_mapping(doc)


def test_errors_from_a_file_name_the_file(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(doc_with({"quota": 0.5, "veto": ["Z"]})))
    with pytest.raises(ScenarioError) as info:
        load(path)
    assert info.value.file == str(path) and info.value.place == "issues.tax.rule.veto"


def test_rule_arrays_follow_actor_and_issue_permutations():
    sc = from_mapping(doc_with({"quota": 0.5, "veto": ["C"], "agenda_setter": "B", "voters": ["A", "B"]}))
    arr = sc.arrays()
    r = arr.rules
    assert r.voter[:, 0].tolist() == [True, True, False] and r.veto[:, 0].tolist() == [False, False, True]
    assert r.setter.tolist() == [1, -1] and np.isnan(r.quota[1]) and r.quota[0] == 0.5
    moved = arr.take_actors(np.array([2, 0, 1]))
    assert moved.rules.setter[0] == 2 and moved.rules.veto[:, 0].tolist() == [True, False, False]
    assert moved.actor_ids[moved.rules.setter[0]] == "B"
    dropped = arr.take_actors(np.array([0, 2]))
    assert dropped.rules.setter[0] == -1
    flipped = arr.take_issues(np.array([1, 0]))
    assert flipped.rules.setter.tolist() == [-1, 1] and flipped.rules.label[1] == r.label[0]
    assert "veto: C" in r.label[0] and "agenda setter: B" in r.label[0]


def test_without_actors_updates_rules_and_stages():
    sc = from_mapping(doc_with({"preset": "unsc", "permanent": ["A", "C"], "agenda_setter": "C"},
                               [{"id": "s", "actors": ["A", "C"], "shift": {"C": {"tax": 1}}}]))
    less = sc.without_actors("C")
    rule = less.issue("tax").rule
    assert rule.veto == ("A",) and rule.voters == ("A",) and rule.others == 14 and rule.agenda_setter is None
    assert less.stages[0].actors == ("A",) and less.stages[0].shifts == ()


def test_in_memory_construction():
    from realpolitik.scenario import Issue

    rule = DecisionRule.qualified_majority(0.55, weighted=True, veto=("B",), agenda_setter="A")
    sc = from_mapping(doc_with())
    issues = tuple(i if i.id != "tax" else Issue(**{**vars(i), "rule": rule}) for i in sc.issues)
    sc2 = sc.replace(issues=issues, stages=(Stage("one", issues=("tax",)), Stage("two")))
    assert sc2.issue("tax").rule.describe() == "weighted qualified majority of 0.55; veto: B; agenda setter: A"
    with pytest.raises(ScenarioError, match="unknown issue 'x'"):
        sc.replace(stages=(Stage("one", issues=("x",)),))


def test_security_council_has_five_permanent_members():
    import dataclasses

    from tests.conftest import random_scenario

    sc = random_scenario(np.random.default_rng(0), n=6, k=1)
    rule = DecisionRule.unsc(permanent=sc.actor_ids)
    with pytest.raises(ScenarioError, match="issues.i0.rule: the Security Council has 5 permanent"):
        sc.replace(issues=(dataclasses.replace(sc.issues[0], rule=rule),))
