"""The Korea example's report in a real browser: every plot renders, no console error, no network request."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from realpolitik.cli import main
from tests.conftest import EXAMPLE

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("no Chromium on this machine (Debian: apt-get install chromium)")
    return path


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    if not EXAMPLE.is_file():
        pytest.skip(f"{EXAMPLE} is not available")
    out = tmp_path_factory.mktemp("report") / "korea.html"
    result = CliRunner().invoke(main, ["report", str(EXAMPLE), "-o", str(out), "--model", "mean,nash,exchange",
                                       "--draws", "20", "--seed", "1", "--leverage", "nash", "--no-store"])
    assert result.exit_code == 0, result.output
    return out


def test_the_report_renders_offline_in_chromium(report_file, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="the test extra's playwright is not installed")
    executable = _chromium()
    requests, errors = [], []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=executable, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1200, "height": 900})
        try:
            page = browser.new_page()
            page.on("request", lambda req: requests.append(req.url))
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(report_file.as_uri(), wait_until="load")
            plots = page.evaluate("""() => Array.from(document.querySelectorAll('.figure')).map(d => {
                const svg = d.querySelector('svg');
                const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
                return {name: d.dataset.plot, width: box.width, height: box.height,
                        shapes: svg ? svg.querySelectorAll('path, use, rect').length : 0};
            })""")
            headings = page.locator("h2").all_inner_texts()
            no_evidence = page.locator(".none").count()
            first_table_top = page.locator("table").first.bounding_box()["y"]
            summary_top = page.locator("div.summary").bounding_box()["y"]
            diagnostics = page.locator("#diagnostics ~ details").count()
            open_details = page.locator("details[open]").count()
            visible_notes = page.locator(".note").count()
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert requests == [report_file.as_uri()]
    assert errors == []
    names = {p["name"] for p in plots}
    assert {"map-sequencing", "map-sanctions", "map-security", "map-cooperation", "map-freeze"} <= names
    assert {"rounds-exchange", "pivot"} <= names
    for plot in plots:
        assert plot["width"] > 100 and plot["height"] > 50, plot
        assert plot["shapes"] > 20, plot
    assert headings[:4] == ["Summary", "Forecasts by issue", "Scenario", "Rounds"]
    assert summary_top < first_table_top < 900  # the summary and the forecast table open the report
    assert diagnostics >= 1 and open_details == 0 and visible_notes == 0  # diagnostics collapsed per model
    assert no_evidence == 0  # every input of the Korea example cites a source
    assert shot.stat().st_size > 50_000
