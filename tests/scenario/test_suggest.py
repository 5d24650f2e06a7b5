"""Did-you-mean suggestions for unknown actor ids."""

from __future__ import annotations

import pytest

from realpolitik.errors import ScenarioError
from realpolitik.scenario import load
from realpolitik.scenario.suggest import closest, unknown
from tests.conftest import ROOT

KOREA = ROOT / "examples" / "korea-2019.yaml"


@pytest.mark.parametrize(("text", "expected"), [("Russia", "RUS"), ("russia", "RUS"), ("rus", "RUS"), ("RUSS", "RUS"),
                                                ("United States", "USA"), ("Japn", "JPN"), ("Xyz", None)])
def test_closest_by_id_or_name(text, expected):
    sc = load(KOREA)
    assert closest(text, sc.actor_ids, [a.name for a in sc.actors]) == expected


def test_unknown_lists_the_ids_when_nothing_is_close():
    assert unknown("actor", "Q", ("A", "B")) == "unknown actor 'Q' (known: A, B)"


def test_drop_pivot_and_paths_suggest_the_actor():
    sc = load(KOREA)
    with pytest.raises(ScenarioError, match=r"drop: unknown actor 'Russia' \(did you mean RUS \(Russia\)\?\)"):
        sc.without_actors("Russia")
    with pytest.raises(ScenarioError, match=r"did you mean RUS \(Russia\)\?"):
        sc.parse_path("Russia.sanctions.position")
    with pytest.raises(ScenarioError, match=r"did you mean sanctions\?"):
        sc.parse_path("sanction.status_quo")
