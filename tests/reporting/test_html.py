"""The HTML report: self-contained, every input's evidence or a visible mark, notes, citations, versions."""

from __future__ import annotations

import re
from html import escape

import matplotlib
import pytest
from click.testing import CliRunner

import realpolitik as rp
from realpolitik.cli import main
from realpolitik.evidence import coverage
from realpolitik.models import get
from realpolitik.reporting import collect, render
from tests.conftest import ROOT, make_scenario

matplotlib.use("Agg")
HARBOUR = ROOT / "tests" / "fixtures" / "harbour.yaml"


@pytest.fixture(scope="module")
def harbour_html() -> str:
    sc = rp.load(HARBOUR)
    data = collect(sc, "harbour.yaml", ["mean", "nash", "exchange"], {}, seed=9, draws=10, leverage_model="nash")
    return render(data)


def test_the_report_fetches_nothing(harbour_html):
    assert "<script" not in harbour_html and "<link" not in harbour_html and "<img" not in harbour_html
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#)""", harbour_html)
    assert not re.search(r"url\((?!#)", harbour_html) and "@import" not in harbour_html


def test_every_input_shows_its_evidence_or_a_no_evidence_mark(harbour_html):
    cov = coverage(rp.load(HARBOUR))
    assert harbour_html.count("✗ no evidence") == len(cov.uncited) == 11
    assert "<code>north.capability</code>" in harbour_html
    assert "Westhaven asks for a much larger quota." in harbour_html
    assert "¶4" in harbour_html


def test_the_report_shows_scenario_plots_leverage_citations_and_reproduction(harbour_html):
    assert "quota cut to nothing" in harbour_html and "closed all spring" in harbour_html
    assert harbour_html.count('data-plot="map-') == 2
    assert 'data-plot="rounds-exchange"' in harbour_html
    assert 'data-plot="pivot"' not in harbour_html  # no actor of the fixture has an outside option
    assert "capability +10%" in harbour_html
    for model in ("mean", "nash", "exchange"):
        assert escape(get(model).citation) in harbour_html
    assert "Seed <b>9</b>" in harbour_html and "numpy" in harbour_html
    assert "--draws 10 --leverage nash --seed 9" in harbour_html


def test_a_model_that_does_not_apply_is_skipped_with_a_visible_note(tmp_path):
    sc = make_scenario([[10, 20], [80, 90], [50, 40]], [[1, 1], [0.5, 0.5], [1, 1]], [1, 2, 3])
    data = collect(sc, "x.yaml", ["median", "nash"], {}, seed=1)
    assert [r.model for r in data.results] == ["median"]
    html = render(data)
    assert "Not shown: nash: model &#x27;nash&#x27; needs a status quo" in html
    assert "median" in html and "Under <b>median</b>" in html


def test_report_cli_writes_the_file_and_records_the_run(tmp_path, run_store):
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", str(HARBOUR), "-o", str(out), "-m", "mean,status-quo",
                                       "--seed", "3", "--leverage", "none"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "No leverage analysis in this report." in html
    assert rp.store.RunStore(run_store).get(1).command == "report"


def test_report_cli_with_a_bad_corpus_writes_nothing(tmp_path):
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", str(HARBOUR), "-o", str(out), "--corpus", str(tmp_path)])
    assert result.exit_code == 2
    assert "is not in the corpus" in result.output
    assert not out.exists()


def test_result_plot_draws_on_the_given_axes():
    from matplotlib.figure import Figure

    sc = rp.load(HARBOUR)
    ax = Figure().add_subplot()
    assert rp.forecast(sc, "mean", seed=1).plot(ax) is ax
    assert [t.get_text() for t in ax.get_yticklabels()] == ["quota", "closure"]
    assert ax.get_title() == "mean"


def test_the_same_inputs_give_the_same_report_bytes(harbour_html):
    sc = rp.load(HARBOUR)
    again = render(collect(sc, "harbour.yaml", ["mean", "nash", "exchange"], {}, seed=9, draws=10,
                           leverage_model="nash"))
    assert again == harbour_html


def test_summary_first_diagnostics_collapsed_and_asked_for_sections():
    from realpolitik.reporting.sections import shocks_section, whatif_section

    sc = rp.load(HARBOUR)
    actor = sc.actor_ids[0]
    sections = [whatif_section(sc, "mean", drops=[actor], draws=10, seed=2),
                shocks_section(sc, "mean", seed=2, repetitions=20)]
    html = render(collect(sc, "harbour.yaml", ["mean", "nash"], {}, seed=9, draws=10, leverage_model="",
                          sections=sections))
    body = html.split("<body>", 1)[1]
    assert body.index('id="summary"') < body.index("<table") < body.index('id="scenario"')
    assert 'class="summary"><ul><li>On ' in body and '<p class="note">' not in body
    assert body.index('id="whatif"') < body.index('id="shocks"') < body.index('id="diagnostics"')
    assert f"What if: drop {actor}" in body and "<th>change 5%</th>" in body and "diff_q05" not in body
    assert "<th>average move</th>" in body and "mean_shift" not in body
    assert "<summary>nash: 1 note</summary>" in body and "<summary>mean" not in body  # mean leaves no note
    assert "<details open" not in body
