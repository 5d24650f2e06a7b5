"""Rules and stages end to end: the Korea example's UN sanctions rule, the roadmap, the CLI."""

from __future__ import annotations

import json

import numpy as np
import yaml
from click.testing import CliRunner

from realpolitik import load
from realpolitik.analysis.stages import run_stages
from realpolitik.cli.app import main
from realpolitik.models.runner import solve
from tests.conftest import EXAMPLE, ROOT

ROADMAP = ROOT / "examples" / "korea-2019-roadmap.yaml"


def cli(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_korea_sanctions_are_bound_by_the_us_veto():
    sc = load(EXAMPLE)
    k = sc.issue_ids.index("sanctions")
    usa, rus, chn = (sc.actor_ids.index(a) for a in ("USA", "RUS", "CHN"))
    sq = sc.issue("sanctions").status_quo.value
    for model in ("mean", "median", "nash"):
        free = solve(sc, model)
        held = solve(sc, model, rules=True)
        assert free.forecast[0, k] > sq  # every bargaining model lifts some sanctions
        assert held.forecast[0, k] == sq  # the US, at the strict end, accepts no relief
        veto = held.details["veto_bound"][0, :, k]
        assert veto[usa] and not veto[rus] and not veto[chn]
        assert any(n.startswith(f"{model}: sanctions:") and "veto of USA" in n for n in held.notes)
    # tightening is blocked too: Russia and China accept no move below the status quo
    held = solve(sc, "mean", rules=True)
    assert held.details["winset_lower"][0, k] == sq == held.details["winset_upper"][0, k]


def test_cli_rules_says_which_veto_bound():
    res = cli("forecast", EXAMPLE, "-m", "mean", "--rules", "--seed", "1")
    assert res.exit_code == 0, res.output
    assert "veto of USA" in res.output and "sanctions" in res.output
    res = cli("forecast", EXAMPLE, "-m", "mean", "--rules", "--seed", "1", "--format", "json")
    out = json.loads(res.output)
    path = out["results"][0]["path"]
    sanctions = next(row for row in path if row["issue"] == "sanctions")
    assert sanctions["rule_bound"] is True and sanctions["outcome"] == sanctions["status_quo"]


def test_roadmap_runs_in_stages_and_chains_outcomes():
    sc = load(ROADMAP)
    base = load(EXAMPLE)
    assert sc.actors == base.actors and sc.stances == base.stances and sc.issues == base.issues
    assert [s.id for s in sc.stages] == ["freeze", "us-dprk", "russia-dprk", "multilateral"]
    staged = run_stages(sc, "procedural")
    once = run_stages(base, "procedural")
    # each issue is decided once, in its stage; its status quo there is the file's
    assert [list(s.outcome()) for s in staged.steps] == [["freeze"], ["sequencing"], ["cooperation"],
                                                         ["sanctions", "security"]]
    # without the US and Japan at the table, the Russia–DPRK track moves economic ties, which
    # unanimity among all parties blocks in the all-or-nothing path
    assert staged.end["cooperation"] > once.end["cooperation"] == base.issue("cooperation").status_quo.value
    assert staged.end["sanctions"] == once.end["sanctions"] == base.issue("sanctions").status_quo.value


def test_cli_shows_the_path():
    res = cli("forecast", ROADMAP, "-m", "mean,procedural", "--rules", "--seed", "1")
    assert res.exit_code == 0, res.output
    for text in ("path stage by stage", "russia-dprk", "where each path ends", "stage multilateral, mean: sanctions"):
        assert text in res.output
    res = cli("forecast", ROADMAP, "-m", "mean", "--seed", "1", "--format", "csv")
    lines = res.output.splitlines()
    assert lines[0] == "model,stage,issue,status_quo,outcome,rule_bound" and len(lines) == 1 + 5


def test_cli_bad_rule_and_draws(tmp_path):
    doc = yaml.safe_load(EXAMPLE.read_text())
    doc["issues"][1]["rule"] = {"preset": "unsc", "permanent": ["USA", "UK"]}
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(doc))
    res = cli("forecast", bad)
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == [
        f"realpolitik: error: {bad}: issues.sanctions.rule.permanent: unknown actor 'UK'"]
    res = cli("forecast", ROADMAP, "--draws", "10")
    assert res.exit_code == 2 and "use draws=1" in res.output


def test_extends_errors_name_the_file(tmp_path):
    child = tmp_path / "child.yaml"
    child.write_text("format_version: 1\nextends: missing.yaml\n")
    res = cli("forecast", child)
    assert res.exit_code == 2 and "missing.yaml: file not found" in res.output
    loop = tmp_path / "loop.yaml"
    loop.write_text("format_version: 1\nextends: loop.yaml\n")
    res = cli("forecast", loop)
    assert res.exit_code == 2 and "extends itself" in res.output
    assert np.isfinite(load(ROADMAP).arrays().status_quo).all()


def test_docs_table_matches_the_models():
    """docs/institutions.md's staged-versus-at-once table, checked for the baseline models and procedural."""
    base, road = load(EXAMPLE), load(ROADMAP)
    rows = {}
    for line in (ROOT / "docs" / "institutions.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 6 and "→" in cells[1]:
            rows[cells[0]] = [tuple(float(x) for x in c.split("→")) for c in cells[1:]]
    for model in ("mean", "median", "nash", "procedural", "status-quo"):
        once = run_stages(base, model, seed=1, rules=True).end
        staged = run_stages(road, model, seed=1, rules=True).end
        got = [(round(once[i], 1), round(staged[i], 1)) for i in base.issue_ids]
        assert rows[model] == got, model
