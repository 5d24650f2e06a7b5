"""Loading the YAML format: contents, round trips and every documented rejection."""

from __future__ import annotations

import math

import pytest
import yaml

from realpolitik.errors import ScenarioError
from realpolitik.scenario import load, parse, yaml_io
from tests.conftest import ROOT

MINI = ROOT / "tests" / "fixtures" / "mini.yaml"


def mini_doc() -> dict:
    return yaml.safe_load(MINI.read_text(encoding="utf-8"))


def test_mini_contents():
    sc = load(MINI)
    assert sc.actor_ids == ("A", "B", "C") and sc.issue_ids == ("tax", "aid")
    assert sc.salience_scale == 100
    assert sc.stance("C", "aid") is None  # C takes no part in aid
    b_aid = sc.stance("B", "aid")
    assert (b_aid.position.low, b_aid.position.high) == (3, 5) and b_aid.capability.value == 60
    assert sc.issue("aid").status_quo.sd == 0.5
    assert sc.stance("A", "aid").outside.credibility.value == 0.5
    assert sc.origin == str(MINI)


def test_arrays_mask_absent_and_scale_salience():
    arr = load(MINI).arrays()
    assert arr.position.shape == (1, 3, 2)
    assert arr.present.tolist() == [[True, True], [True, True], [True, False]]
    assert math.isnan(arr.position[0, 2, 1]) and arr.salience[0, 2, 1] == 0 and arr.capability[0, 2, 1] == 0
    assert arr.salience[0, 1, 0] == 0.5  # 50 on a 0–100 salience scale
    assert arr.capability[0, 1, 1] == 60  # per-issue override
    assert arr.upper.tolist() == [100, 10]


def test_yaml_round_trip_is_identity():
    sc = load(MINI)
    again = parse(yaml_io.dumps(sc), "again.yaml")
    assert again == sc


def _reject(doc_or_text, match: str, tmp_path):
    text = doc_or_text if isinstance(doc_or_text, str) else yaml.safe_dump(doc_or_text, sort_keys=False)
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match=match) as info:
        load(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)
    return info.value


def _edit(fn):
    doc = mini_doc()
    fn(doc)
    return doc


CASES = {
    "unknown version": (lambda d: d.update(format_version=7), "format_version: unknown format version 7"),
    "no version": (lambda d: d.pop("format_version"), "format_version: missing"),
    "duplicate actor": (lambda d: d["actors"].append(dict(d["actors"][0])), "actors.A: duplicate actor id"),
    "duplicate issue": (lambda d: d["issues"].append(dict(d["issues"][0])), "issues.tax: duplicate issue id"),
    "unknown actor": (lambda d: d["positions"].update(Z={"tax": {"position": 1, "salience": 1}}),
                      "positions.Z.tax: unknown actor 'Z'"),
    "unknown issue": (lambda d: d["positions"]["A"].update(oil={"position": 1, "salience": 1}),
                      "positions.A.oil: unknown issue 'oil'"),
    "unknown source": (lambda d: d["evidence"][0].update(source="nope"), r"evidence\[0\]: unknown source 'nope'"),
    "unknown path": (lambda d: d["evidence"][0].update(value="Q.tax.position"), r"evidence\[0\]: 'Q.tax'"),
    "non-numeric": (lambda d: d["positions"]["A"]["tax"].update(position="high"), "positions.A.tax.position"),
    "nan": (lambda d: d["positions"]["A"]["tax"].update(position=float("nan")), "positions.A.tax.position"),
    "inf": (lambda d: d["actors"][0].update(capability=float("inf")), r"actors\[0\].capability"),
    "zero capability": (lambda d: d["actors"][0].update(capability=0), "actors.A.capability: capability must be > 0"),
    "negative capability": (lambda d: d["actors"][1].update(capability=-3), "actors.B.capability"),
    "negative salience": (lambda d: d["positions"]["B"]["tax"].update(salience=-1),
                          "positions.B.tax.salience: salience must be >= 0"),
    "salience beyond its scale": (lambda d: d["positions"]["B"]["tax"].update(salience=150),
                                  "positions.B.tax.salience: salience 150 is outside the scale 0–100"),
    "salience range beyond its scale": (lambda d: d["positions"]["B"]["tax"].update(salience={"value": 90,
                                                                                          "range": [80, 120]}),
                                        "positions.B.tax.salience: salience 120 is outside the scale 0–100"),
    "position off scale": (lambda d: d["positions"]["A"]["aid"].update(position=11),
                           "positions.A.aid.position: position 11 is outside the scale 0–10"),
    "range off scale": (lambda d: d["positions"]["B"]["aid"].update(position={"value": 4, "range": [3, 12]}),
                        "positions.B.aid.position: position 12"),
    "status quo off scale": (lambda d: d["issues"][0].update(status_quo=-5),
                             "issues.tax.status_quo: status quo -5 is outside"),
    "credibility": (lambda d: d["positions"]["A"]["aid"]["outside"].update(credibility=1.5),
                    "positions.A.aid.outside.credibility: credibility 1.5"),
    "no actors": (lambda d: d.update(actors=[]), "actors"),
    "no issues": (lambda d: d.update(issues=[]), "issues"),
    "extra key": (lambda d: d["actors"][0].update(colour="red"), r"actors\[0\].colour: unknown key"),
    "bad scale": (lambda d: d["issues"][0].update(scale=[10, 0]), "issues.tax.scale"),
    "sd and range": (lambda d: d["positions"]["B"]["aid"].update(position={"value": 4, "sd": 1, "range": [3, 5]}),
                     "positions.B.aid.position: give either sd or range"),
    "range without value": (lambda d: d["positions"]["B"]["aid"].update(position={"value": 6, "range": [3, 5]}),
                            "does not contain the value"),
    "empty id": (lambda d: d["actors"][0].update(id=""), r"actors\[0\].id"),
    "bool number": (lambda d: d["positions"]["A"]["tax"].update(position=True), "positions.A.tax.position"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_documents_rejected(case, tmp_path):
    edit, match = CASES[case]
    _reject(_edit(edit), match, tmp_path)


def test_duplicate_yaml_key_rejected(tmp_path):
    line = "    tax: {position: 60, salience: 50}\n"
    text = MINI.read_text(encoding="utf-8").replace(line, line + "    tax: {position: 1, salience: 1}\n")
    _reject(text, r"line \d+: duplicate key 'tax'", tmp_path)


@pytest.mark.parametrize("text, match", [
    ("", "file is empty"),
    ("   \n\n", "file is empty"),
    ("format_version: 1\nactors: [\n", "not valid YAML"),
    ("- 1\n- 2\n", "top level must be a mapping"),
    ("format_version: 1\n", "actors"),
])
def test_bad_text_rejected(text, match, tmp_path):
    _reject(text, match, tmp_path)


def test_missing_binary_and_directory(tmp_path):
    with pytest.raises(ScenarioError, match="file not found"):
        load(tmp_path / "absent.yaml")
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(b"\x00\x01\xff\xfe binary")
    with pytest.raises(ScenarioError, match="binary content"):
        load(junk)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("format_version: 1\ntitle: caf\xe9\n".encode("latin-1"))
    with pytest.raises(ScenarioError, match="not UTF-8"):
        load(latin)
    with pytest.raises(ScenarioError, match="is a directory"):
        load(tmp_path)


def test_unrecognised_format(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("just some words\nand more\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="not a recognised scenario format"):
        load(path)
