"""The flagship example, examples/korea-2019.yaml: it loads, every stance is sourced,
every baseline model forecasts it, and the Russian pivot moves the Nash outcome."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import realpolitik as rp
from realpolitik.evidence.coverage import coverage
from tests.conftest import EXAMPLE, SHARED

BASELINE = ("mean", "median", "nash", "status-quo")
REQUIRED_ACTORS = {"DPRK", "USA", "RUS", "CHN", "ROK", "JPN"}
REQUIRED_ISSUES = {"sequencing", "sanctions", "security", "cooperation"}


@pytest.fixture(scope="module")
def scenario():
    return rp.load(EXAMPLE)


@pytest.fixture
def seeds() -> Path:
    """``../shared/seeds``; tests that use it skip when it is absent."""
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip("../shared/seeds is not available")
    return path


def paragraphs(path: Path) -> list[str]:
    """The project's paragraph convention: paragraph N is the N-th non-blank line."""
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def without_pivot(sc):
    """The same scenario with every outside option's credibility set to 0."""
    for s in sc.stances:
        if s.outside is not None:
            sc = sc.with_value(f"{s.actor}.{s.issue}.credibility", 0.0)
    return sc


def nash(sc) -> dict[str, float]:
    return rp.forecast(sc, "nash").point()


def test_example_loads_with_the_required_actors_and_issues(scenario):
    assert REQUIRED_ACTORS <= set(scenario.actor_ids)
    assert REQUIRED_ISSUES <= set(scenario.issue_ids)
    assert scenario.date == "2019-04-24"
    for issue in scenario.issues:
        assert (issue.lower, issue.upper) == (0.0, 100.0)
        assert issue.lower_means and issue.upper_means and issue.description
        assert issue.status_quo is not None


def test_every_position_and_salience_cites_evidence(scenario):
    cited = coverage(scenario).cited
    missing = [f"{s.actor}.{s.issue}.{field}" for s in scenario.stances for field in ("position", "salience")
               if f"{s.actor}.{s.issue}.{field}" not in cited]
    assert missing == []


def test_every_evidence_entry_names_paragraphs_and_a_note(scenario):
    for e in scenario.evidence:
        assert e.paragraphs, e.value
        assert e.note and len(e.note.split()) >= 5, e.value


def test_the_dprk_has_outside_options_with_evidence(scenario):
    cited = coverage(scenario).cited
    for issue in ("sanctions", "cooperation"):
        stance = scenario.stance("DPRK", issue)
        assert stance.outside is not None
        assert 0 < stance.outside.credibility.value < 1
        assert f"DPRK.{issue}.outside" in cited and f"DPRK.{issue}.credibility" in cited


def test_cited_sources_and_paragraphs_exist(scenario, seeds):
    files = {s.id: s.file for s in scenario.sources}
    assert all(files.values())
    for e in scenario.evidence:
        path = seeds / files[e.source]
        assert path.is_file(), path
        count = len(paragraphs(path))
        bad = [p for p in e.paragraphs if not 1 <= p <= count]
        assert bad == [], f"{e.value}: {path.name} has {count} paragraphs, cited {bad}"


def test_notes_do_not_copy_the_articles(scenario, seeds):
    """No note shares a run of eight words with the article it cites."""
    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9]+", text.lower())

    files = {s.id: s.file for s in scenario.sources}
    grams = {}
    for sid, name in files.items():
        w = words((seeds / name).read_text(encoding="utf-8"))
        grams[sid] = {tuple(w[i:i + 8]) for i in range(len(w) - 7)}
    for e in scenario.evidence:
        w = words(e.note)
        shared = [" ".join(w[i:i + 8]) for i in range(len(w) - 7) if tuple(w[i:i + 8]) in grams[e.source]]
        assert shared == [], e.value


@pytest.mark.parametrize("model", BASELINE)
def test_every_baseline_model_forecasts_every_issue(scenario, model):
    point = rp.forecast(scenario, model, seed=1).point()
    assert tuple(point) == scenario.issue_ids
    assert all(np.isfinite(x) and 0 <= x <= 100 for x in point.values())


def test_the_russian_pivot_moves_nash_toward_the_dprk(scenario):
    """With the no-deal lottery of the pivot the Nash outcome on sanctions and
    cooperation lies closer to the DPRK's position than without it."""
    with_option, without = nash(scenario), nash(without_pivot(scenario))
    for issue in ("sanctions", "cooperation"):
        x = scenario.stance("DPRK", issue).position.value
        assert abs(with_option[issue] - x) < abs(without[issue] - x) - 5, issue
    for issue in ("sequencing", "security", "freeze"):
        assert with_option[issue] == pytest.approx(without[issue]), issue


def test_read_privately_the_option_cannot_open_a_deal(scenario):
    """The pivot works through everyone's fallback: read as a private option that only
    raises the DPRK's own fallback, no outcome beats every actor's disagreement point."""
    private = rp.forecast(scenario, "nash", outside="private")["nash"]
    base = nash(without_pivot(scenario))
    for k, issue in enumerate(private.issue_ids):
        assert private.point()[k] == pytest.approx(base[issue]), issue
    assert not private.details["feasible"][0, list(private.issue_ids).index("sanctions")]
