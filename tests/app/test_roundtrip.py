"""Saving edits into hand-written YAML: what was changed is written, everything else is kept byte for byte."""

from __future__ import annotations

import copy
import difflib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("ruamel.yaml", reason="the app extra is not installed")

from realpolitik.app import roundtrip  # noqa: E402
from realpolitik.scenario import yaml_io  # noqa: E402
from realpolitik.scenario.schema import from_mapping  # noqa: E402
from tests.conftest import EXAMPLE  # noqa: E402

TEXT = EXAMPLE.read_text(encoding="utf-8")
DOC = roundtrip.plain(roundtrip.load_tree(TEXT))
CELLS = [(a, i, w) for a, row in DOC["positions"].items() for i in row for w in ("position", "salience")]


def _set(doc, cell, value):
    actor, issue, what = cell
    stance = doc["positions"][actor][issue]
    if isinstance(stance[what], dict):
        stance[what] = {k: v for k, v in stance[what].items() if k != "range"} | {"value": value}
    else:
        stance[what] = value


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CELLS), st.integers(0, 100)), min_size=1, max_size=6,
                unique_by=lambda c: c[0]))
def test_edits_change_only_their_own_lines(edits):
    doc = copy.deepcopy(DOC)
    for cell, value in edits:
        _set(doc, cell, value)
    text = roundtrip.save_text(TEXT, doc)
    assert roundtrip.plain(roundtrip.load_tree(text)) == doc
    assert yaml_io.parse(text, "korea.yaml") == from_mapping(doc)  # the command line reads what was edited
    removed = [ln for ln in difflib.unified_diff(TEXT.splitlines(), text.splitlines(), lineterm="", n=0)
               if ln.startswith("-") and not ln.startswith("---")]
    assert len(removed) <= len(edits)  # each edit rewrites at most the one line holding its value
    assert [ln for ln in TEXT.splitlines() if ln.lstrip().startswith("#")] == \
        [ln for ln in text.splitlines() if ln.lstrip().startswith("#")]


def test_an_unchanged_document_gives_back_the_same_text():
    assert roundtrip.save_text(TEXT, copy.deepcopy(DOC)) is TEXT


def test_reordering_and_removing_actors_keeps_their_entries():
    doc = copy.deepcopy(DOC)
    doc["actors"] = [doc["actors"][2], doc["actors"][0]] + doc["actors"][3:]  # HARDLINERS gone, USA first
    text = roundtrip.save_text(TEXT, doc)
    assert roundtrip.plain(roundtrip.load_tree(text)) == doc
    assert "Leads the UN sanctions campaign" in text and "Pro-military hardliners" not in text.split("issues:")[0]


def test_a_new_document_is_written_in_block_style_with_small_values_inline():
    doc = {"format_version": 1, "actors": [{"id": "A", "capability": {"value": 1, "sd": 0.5}}],
           "issues": [{"id": "x", "scale": [0, 10]}], "positions": {"A": {"x": {"position": 3, "salience": 1}}}}
    text = roundtrip.save_text(None, doc)
    assert text.startswith("format_version: 1\nactors:\n")
    assert "scale: [0, 10]" in text and "x: {position: 3, salience: 1}" in text
    assert roundtrip.plain(roundtrip.load_tree(text)) == doc
