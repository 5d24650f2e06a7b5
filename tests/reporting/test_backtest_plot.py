"""The backtest plot (needs matplotlib; skipped without it)."""

from __future__ import annotations

import pytest

from realpolitik.analysis.backtest import backtest
from realpolitik.analysis.cases import load_cases
from tests.conftest import ROOT

pytest.importorskip("matplotlib")

FIXTURE = ROOT / "tests" / "fixtures" / "backtest" / "generic"  # one issue with a status quo: nash scores one


def test_models_are_drawn_best_first_with_their_intervals():
    from realpolitik.reporting.backtest_plot import draw_mae, mae_svg
    from realpolitik.reporting.plots import new_figure

    rows = backtest(load_cases(FIXTURE), ["median", "mean", "nash"], seed=1).summary()
    rows.append({"model": "unscored", "group": "all", "n": 0, "mae": None, "mae_low": None, "mae_high": None})
    ax = new_figure(5, 3).add_subplot()
    draw_mae(rows, ax)
    by_mae = sorted((r for r in rows if r["n"]), key=lambda r: r["mae"])
    assert [t.get_text() for t in ax.get_yticklabels()] == [f"{r['model']} (n={r['n']})" for r in by_mae]
    assert {r["model"]: r["n"] for r in by_mae} == {"mean": 3, "median": 3, "nash": 1}
    bars = [line.get_xdata() for line in ax.get_lines()[::2]]
    assert list(bars[0]) == pytest.approx([by_mae[0]["mae_low"], by_mae[0]["mae_high"]])
    assert mae_svg(rows).startswith("<svg")


def test_cli_writes_the_plot(tmp_path):
    from click.testing import CliRunner

    from realpolitik.cli import main

    target = tmp_path / "mae.svg"
    r = CliRunner().invoke(main, ["backtest", str(FIXTURE), "--seed", "1", "--plot", str(target)])
    assert r.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("<svg")


def test_cli_writes_a_self_contained_report(tmp_path):
    from click.testing import CliRunner

    from realpolitik.cli import main

    target = tmp_path / "backtest.html"
    r = CliRunner().invoke(main, ["backtest", str(FIXTURE), "-m", "mean,median,nash", "--seed", "1",
                                  "--report", str(target)])
    assert r.exit_code == 0
    html = target.read_text(encoding="utf-8")
    assert html.count("<svg") == 1 and "<script" not in html and "http" not in html.split("<svg")[0]
    assert "Paired comparisons" in html and "mean" in html and "Exclusions" in html
    assert "left out for model nash" in html  # nash needs a status quo the fixture lacks
