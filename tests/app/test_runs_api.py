"""The endpoints that run models: forecast, what-if, leverage, sensitivity, check, report, runs and jobs."""

from __future__ import annotations

import html
import time

import pytest

import realpolitik as rp
from tests.app.conftest import FIXTURES

KOREA = "korea.yaml"


def _wait(client, job):
    deadline = time.monotonic() + 60
    while job["state"] == "running":
        assert time.monotonic() < deadline
        time.sleep(0.05)
        job = client.get(f"/api/v1/jobs/{job['id']}").json()
    return job


def test_forecast_gives_the_maps_rounds_and_summary_of_the_api(client, folder):
    out = client.post("/api/v1/forecast", json={"path": KOREA, "models": ["mean", "eum"], "draws": 20, "seed": 3})
    assert out.status_code == 200, out.text
    body = out.json()
    fc = rp.forecast(folder / KOREA, ["mean", "eum"], draws=20, seed=3)
    assert body["points"] == fc.points()
    assert body["summary"] == rp.describe(fc)
    sanctions = next(m for m in body["maps"] if m["issue"] == "sanctions")
    assert {f["model"] for f in sanctions["forecasts"]} == {"mean", "eum"}
    assert all(f["low"] <= f["point"] <= f["high"] for f in sanctions["forecasts"])
    assert {a["actor"] for a in sanctions["actors"]} == {"DPRK", "USA", "RUS", "CHN", "ROK", "JPN"}
    assert {t["model"] for t in body["rounds"]} == {"eum"}  # only round-based models have rounds


def test_forecast_of_an_unsaved_document(client):
    doc = client.get("/api/v1/scenario", params={"path": "mini.yaml"}).json()["document"]
    doc["positions"]["A"]["tax"]["position"] = 0
    saved = client.post("/api/v1/forecast", json={"path": "mini.yaml", "models": "mean", "seed": 1}).json()
    edited = client.post("/api/v1/forecast", json={"document": doc, "models": "mean", "seed": 1}).json()
    assert edited["points"]["mean"]["tax"] < saved["points"]["mean"]["tax"]


def test_a_recorded_forecast_is_listed_shown_compared_and_replayed(client, run_store):
    first = client.post("/api/v1/forecast", json={"path": KOREA, "models": "mean", "seed": 1, "record": True}).json()
    second = client.post("/api/v1/forecast", json={"path": KOREA, "models": "mean", "seed": 2, "record": True}).json()
    assert first["run_id"] and second["run_id"]
    runs = client.get("/api/v1/runs").json()
    assert runs["store"] == str(run_store)
    assert [r["id"] for r in runs["runs"]][:2] == [second["run_id"], first["run_id"]]
    shown = client.get(f"/api/v1/runs/{first['run_id']}").json()
    assert shown["command"] == "forecast" and shown["seed"] == 1 and shown["invocation"]["call"] == "forecast"
    diff = client.get(f"/api/v1/runs/{first['run_id']}/diff/{second['run_id']}").json()
    assert not diff["same"] and {"what": "seed", "first": 1, "second": 2} in diff["settings"]
    assert client.post(f"/api/v1/runs/{first['run_id']}/rerun").json()["reproduced"] is True
    assert client.get("/api/v1/runs/999").status_code == 400
    library = {f["path"]: f for f in client.get("/api/v1/library").json()["files"]}
    assert library[KOREA]["last_run"]["id"] == second["run_id"]


def test_whatif_matches_the_api_and_shows_the_variant(client, folder):
    body = {"path": KOREA, "models": "mean", "draws": 50, "seed": 7, "set": {"DPRK.sanctions.salience": 40},
            "drop": ["JPN"], "outside": ["DPRK.sanctions=none"]}
    out = client.post("/api/v1/whatif", json=body)
    assert out.status_code == 200, out.text
    got = out.json()
    want = rp.whatif(folder / KOREA, set={"DPRK.sanctions.salience": 40}, drop=["JPN"],
                     outside=["DPRK.sanctions=none"], models="mean", draws=50, seed=7)
    assert got["rows"] == want.to_dict()["rows"]
    sanctions = next(m for m in got["maps"] if m["issue"] == "sanctions")
    assert "JPN" not in {a["actor"] for a in sanctions["actors"]}
    assert next(a for a in sanctions["actors"] if a["actor"] == "DPRK")["salience"] == pytest.approx(0.4)


def test_whatif_without_a_change_is_an_error(client):
    r = client.post("/api/v1/whatif", json={"path": KOREA})
    assert r.status_code == 400 and "at least one change" in r.json()["error"]["message"]


def test_leverage_and_pivot_values(client):
    lev = client.post("/api/v1/leverage", json={"path": KOREA, "models": "mean", "actors": ["USA"]}).json()
    assert lev["kind"] == "leverage" and {r["actor"] for r in lev["rows"]} == {"USA"}
    piv = client.post("/api/v1/leverage", json={"path": KOREA, "models": "nash", "pivot": ["DPRK"]}).json()
    assert piv["kind"] == "pivot" and {r["issue"] for r in piv["rows"]} >= {"sanctions"}


def test_shocks(client, folder):
    body = {"path": "mini.yaml", "models": "mean", "repetitions": 50, "seed": 4}
    out = client.post("/api/v1/shocks", json=body)
    assert out.status_code == 200, out.text
    want = rp.shocks(folder / "mini.yaml", models="mean", repetitions=50, seed=4)
    assert out.json()["rows"] == want.to_dict()["rows"]


def test_sensitivity(client):
    pytest.importorskip("SALib")
    out = client.post("/api/v1/sensitivity", json={"path": "mini.yaml", "models": "mean", "samples": 16, "seed": 1})
    assert out.status_code == 200, out.text
    assert out.json()["kind"] == "sensitivity" and out.json()["rows"]


def test_check_lists_broken_citations_when_the_files_are_there(client, folder):
    ok = client.post("/api/v1/check", json={"path": "harbour.yaml"}).json()
    assert ok["corpus"] == str(folder) and ok["broken"] == [] and ok["cited"] == 6
    (folder / "gazette.txt").unlink()
    broken = client.post("/api/v1/check", json={"path": "harbour.yaml"}).json()
    assert [b["source"] for b in broken["broken"]] == ["gazette", "gazette", "gazette"]  # evidence 3, 5, 6
    assert "not in the corpus" in broken["broken"][0]["problem"]
    none = client.post("/api/v1/check", json={"path": KOREA}).json()  # the articles are not in this folder
    assert none["corpus"] is None and none["broken"] == []


def test_report_is_the_html_report(client):
    r = client.post("/api/v1/report", json={"path": "mini.yaml", "models": "mean", "seed": 1})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.headers["content-disposition"] == 'attachment; filename="mini.html"'
    assert "<svg" in r.text and "<script" not in r.text


def test_the_report_quotes_cited_paragraphs_when_the_sources_are_there(client):
    text = (FIXTURES / "corpus" / "gazette.txt").read_text().splitlines()
    cited = [line.strip() for line in text if line.strip()][1]  # paragraph 2 of the gazette
    r = client.post("/api/v1/report", json={"path": "harbour.yaml", "models": "mean", "seed": 1})
    assert r.status_code == 200 and cited[:40] in html.unescape(r.text)


def test_models_are_listed(client):
    models = {m["name"]: m for m in client.get("/api/v1/models").json()["models"]}
    assert set(models) == set(rp.model_names())
    assert models["nash"]["needs_status_quo"] is True and models["eum"]["params"]


def test_a_background_run_reports_progress_and_can_be_cancelled(client):
    job = client.post("/api/v1/forecast?background=true", json={"path": KOREA, "models": "mean", "draws": 300}).json()
    done = _wait(client, job)
    assert done["state"] == "done" and done["result"]["draws"] == 300 and done["total"] == 300
    job = client.post("/api/v1/forecast?background=true",
                      json={"path": KOREA, "models": "eum", "draws": 20_000, "seed": 1}).json()
    assert client.delete(f"/api/v1/jobs/{job['id']}").status_code == 200
    assert _wait(client, job)["state"] == "cancelled"
    assert client.get("/api/v1/jobs/nope").status_code == 404


def test_a_failing_background_run_keeps_its_message(client):
    job = client.post("/api/v1/forecast?background=true", json={"path": KOREA, "models": "nosuch"}).json()
    failed = _wait(client, job)
    assert failed["state"] == "failed" and "nosuch" in failed["error"]["message"]


@pytest.mark.parametrize("body, status, words", [
    ({"path": KOREA, "models": "nosuch"}, 400, "nosuch"),
    ({"path": KOREA, "draws": 0}, 400, "draws"),
    ({"path": KOREA, "seed": -1}, 400, "seed"),
    ({"path": KOREA, "draws": 50_000}, 413, "at most 20000"),
    ({"path": KOREA, "params": {"nosuch": 1}}, 400, "nosuch"),
    ({"path": KOREA, "document": {}}, 400, "either 'path' or 'document'"),
    ({}, 400, "either 'path' or 'document'"),
    ({"path": "../korea.yaml"}, 403, "outside"),
    ({"path": "gone.yaml"}, 404, "no such file"),
    ({"document": {"format_version": 1}}, 422, "actors"),
    ({"path": "examples/korea-2019-roadmap.yaml", "draws": 0}, 400, "draws"),
])
def test_run_errors(client, body, status, words):
    r = client.post("/api/v1/forecast", json=body)
    assert r.status_code == status, r.text
    assert words in r.json()["error"]["message"]


def test_a_staged_scenario_shows_its_path_and_where_it_ends(client):
    out = client.post("/api/v1/forecast", json={"path": "examples/korea-2019-roadmap.yaml", "models": "mean",
                                                "seed": 1}).json()
    ends = {r["issue"]: r["outcome"] for r in out["stages"]}
    assert [r["stage"] for r in out["stages"]][0] == "freeze"
    for m in out["maps"]:
        assert m["forecasts"] == [{"model": "mean", "point": ends[m["issue"]], "low": None, "high": None}]
