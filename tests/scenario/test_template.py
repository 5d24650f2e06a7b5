"""The scenario template loads and every model runs on it as it is."""

from __future__ import annotations

import pytest

from realpolitik.analysis.stages import run_stages
from realpolitik.errors import ParameterError
from realpolitik.models import names
from realpolitik.models.runner import run
from realpolitik.scenario import parse
from realpolitik.scenario.template import template


@pytest.mark.parametrize(("actors", "issues"), [(("A", "B", "C"), ("x", "y")),
                                                (("EU", "US", "CN", "IN", "AOSIS"), ("finance", "target", "loss"))])
def test_template_loads_and_runs(actors, issues):
    text = template(actors, issues)
    sc = parse(text, "new.yaml")
    assert sc.actor_ids == actors and sc.issue_ids == issues
    assert sc.issue(issues[0]).rule.quota == 0.5 and sc.issue(issues[1]).rule is None
    arr = sc.arrays()
    for model in names():
        assert run(model, arr, seed=1).forecast.shape == (1, len(issues))
    assert run_stages(sc, "mean", rules=True).end.keys() == set(issues)
    assert "#" in text  # commented


def test_commented_stages_load_when_uncommented():
    text = template().replace("# stages:", "stages:").replace("#   - {id: first", "  - {id: first")
    text = text.replace("#   - {id: second}", "  - {id: second}")
    assert [s.id for s in parse(text, "new.yaml").stages] == ["first", "second"]


@pytest.mark.parametrize(("actors", "message"), [(("A", "A"), "given twice"), (("A b",), "without spaces"),
                                                  (("",), "non-empty")])
def test_bad_ids(actors, message):
    with pytest.raises(ParameterError, match=message):
        template(actors, ("x",))
