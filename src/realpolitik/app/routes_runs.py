"""/api/v1 routes that run models: forecast, what-if, leverage, sensitivity, check, report, runs and jobs.

Every route calls one function of :mod:`realpolitik.api`; what it returns is turned into
JSON here and drawn by the page. With ``?background=true`` a run starts as a job
(``/api/v1/jobs/ID``) that reports its progress and can be cancelled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from .. import api
from ..errors import RealpolitikError
from ..reporting import plotdata
from ..scenario import Scenario
from . import documents
from .documents import error_dict
from .serialize import jsonable, records
from .state import AppState, state_of

router = APIRouter(prefix="/api/v1", tags=["runs"])
MAX_SEED = 2**63 - 1
Progress = Callable[[str, int, int | None], None] | None


class ScenarioIn(BaseModel):
    path: str | None = Field(None, description="A file in the served folder (or examples/...)")
    document: dict[str, Any] | None = Field(None, description="Or a scenario document (unsaved edits)")


class RunIn(ScenarioIn):
    models: str | list[str] = Field("mean", description="A model name, 'all', 'nash,eum' or a list")
    draws: int = Field(1, ge=1, description="Monte Carlo draws (1: central values)")
    seed: int | None = Field(None, ge=0, le=MAX_SEED, description="Random seed (drawn when omitted)")
    params: dict[str, Any] = Field(default_factory=dict, description="{KEY: VALUE} or {MODEL: {KEY: VALUE}}")
    record: bool = Field(False, description="Record the run in the run store")


class ForecastIn(RunIn):
    rules: bool = Field(False, description="Hold every forecast to the issues' decision rules")


class WhatifIn(RunIn):
    set: dict[str, float] = Field(default_factory=dict, description='{"DPRK.sanctions.position": 70}')
    drop: list[str] = Field(default_factory=list, description="Actors to remove")
    outside: list[str] = Field(default_factory=list, description='["DPRK.sanctions=30@0.5", "DPRK.freeze=none"]')


class LeverageIn(RunIn):
    actors: list[str] = Field(default_factory=list, description="Only these actors (default: all)")
    pivot: list[str] = Field(default_factory=list, description="Pivot values of these actors' outside options")


class SensitivityIn(RunIn):
    samples: int = Field(256, ge=8, description="Saltelli base samples")


class ShocksIn(RunIn):
    repetitions: int = Field(500, ge=1, le=100_000, description="Shocked re-runs")
    salience_noise: float = Field(0.2, ge=0, description="Relative sd of the salience shocks")
    drop_probability: float = Field(0.1, ge=0, le=1, description="Chance that an actor drops out")
    tolerance: float = Field(0.05, gt=0, description="Share of the scale a forecast may move and count as stable")


class ReportIn(RunIn):
    leverage: str | None = Field(None, description="Model for leverage and pivot values ('none' skips them)")


class CheckIn(ScenarioIn):
    corpus: bool = Field(True, description="Verify citations against the cited files when they are found")


def _scenario(st: AppState, body: ScenarioIn) -> tuple[Scenario | str, Scenario]:
    """What to pass to the API (a file's path, so the run store keeps its bytes) and the Scenario."""
    if (body.path is None) == (body.document is None):
        raise RealpolitikError("give either 'path' or 'document'")
    if body.path is not None:
        entry = st.folder.entry(body.path)
        sc = documents.load_file(st.folder, body.path)
        return str(entry.path), sc
    sc = documents.scenario_of(body.document)
    return sc, sc


def _corpus(st: AppState, path: str | None, sc: Scenario):
    """The first folder (``--corpus``, the scenario's own) holding any of the cited source files, or None."""
    files = [s.file for s in sc.sources if s.file]
    return next((d for d in st.corpus_dirs(path) if any((d / f).is_file() for f in files)), None)


def _common(st: AppState, body: RunIn, sc: Scenario, progress: Progress) -> dict[str, Any]:
    st.limits.check_run(sc, body.draws)
    return {"models": body.models, "seed": body.seed, "params": body.params or None, "progress": progress,
            "store": (st.store or True) if body.record else None}


def _dispatch(request: Request, call: str, work: Callable[[Progress], Any], background: bool) -> Any:
    st = state_of(request)
    if not background:
        return work(None)
    job = st.jobs.start(call, work, lambda exc: error_dict(exc) if isinstance(exc, RealpolitikError)
                        else {"kind": type(exc).__name__, "message": f"{call} failed: {exc}"})
    return JSONResponse(job.to_dict(), status_code=202)


def forecast_view(fc: Any, sc: Scenario) -> dict[str, Any]:
    """A Forecast as the page draws it: per issue the actor map with each model's mark, rounds, rule bindings;
    for a staged scenario also the path stage by stage (each model's mark is then where its path ends)."""
    maps = jsonable(plotdata.actor_maps(sc, fc.results))
    if fc.staged:
        points = fc.points()
        for m in maps:
            m["forecasts"] = [{"model": model, "point": issues[m["issue"]], "low": None, "high": None}
                              for model, issues in points.items() if m["issue"] in issues]
    return jsonable({
        "seed": fc.seed, "draws": fc.draws, "models": list(fc.models), "skipped": list(fc.skipped),
        "notes": [{"model": m, "note": n} for m, n in fc.notes], "run_id": fc.run_id,
        "summary": api.describe(fc), "maps": maps,
        "rounds": [t for r in fc.results for t in plotdata.trajectories(r) if t.has_forecast or t.positions],
        "rules": plotdata.rule_bindings(fc.results), "points": fc.points(),
        "stages": records(fc.to_frame()) if fc.staged and sc.stages else [],
    })


@router.get("/models", summary="The registered models: name, summary, citation and parameters")
def models() -> dict[str, Any]:
    from .. import models as registry

    out = []
    for name in registry.names():
        spec = registry.get(name)
        out.append({"name": name, "summary": spec.summary, "citation": spec.citation,
                    "needs_status_quo": spec.needs_status_quo,
                    "params": [{"name": p.name, "default": p.default, "help": p.help}
                               for p in spec.params]})
    return jsonable({"models": out})


@router.post("/forecast", summary="Forecast every issue with one or more models")
def forecast(request: Request, body: ForecastIn, background: bool = False) -> Any:
    st = state_of(request)
    arg, sc = _scenario(st, body)

    def work(progress: Progress) -> dict[str, Any]:
        fc = api.forecast(arg, draws=body.draws, rules=body.rules, **_common(st, body, sc, progress))
        return forecast_view(fc, fc.scenario)

    return _dispatch(request, "forecast", work, background)


@router.post("/whatif", summary="Baseline versus a variant: the paired difference per model and issue")
def whatif(request: Request, body: WhatifIn, background: bool = False) -> Any:
    from ..analysis.whatif import variant

    st = state_of(request)
    arg, sc = _scenario(st, body)

    def work(progress: Progress) -> dict[str, Any]:
        out = api.whatif(arg, set=body.set, drop=body.drop, outside=body.outside, draws=body.draws,
                        **_common(st, body, sc, progress))
        changed = variant(out.scenario, list(out.meta["set"]), list(body.outside), list(body.drop))
        return jsonable({**out.to_dict(), "run_id": out.run_id, "maps": plotdata.actor_maps(changed, ())})

    return _dispatch(request, "whatif", work, background)


@router.post("/leverage", summary="Leverage of every actor per issue, or pivot values of outside options")
def leverage(request: Request, body: LeverageIn, background: bool = False) -> Any:
    st = state_of(request)
    arg, sc = _scenario(st, body)

    def work(progress: Progress) -> dict[str, Any]:
        out = api.leverage(arg, actors=body.actors, pivot=body.pivot, draws=body.draws,
                          **_common(st, body, sc, progress))
        return jsonable({**out.to_dict(), "run_id": out.run_id})

    return _dispatch(request, "leverage", work, background)


@router.post("/sensitivity", summary="Sobol indices of the uncertain inputs (needs SALib)")
def sensitivity(request: Request, body: SensitivityIn, background: bool = False) -> Any:
    st = state_of(request)
    arg, sc = _scenario(st, body)
    if body.samples > st.limits.max_samples:
        from .limits import LimitError

        raise LimitError(f"{body.samples} samples: this server takes at most {st.limits.max_samples}")

    def work(progress: Progress) -> dict[str, Any]:
        out = api.sensitivity(arg, samples=body.samples, **_common(st, body, sc, progress))
        return jsonable({**out.to_dict(), "run_id": out.run_id})

    return _dispatch(request, "sensitivity", work, background)


@router.post("/shocks", summary="Random salience shocks and drop-outs: how stable each forecast is")
def shocks(request: Request, body: ShocksIn, background: bool = False) -> Any:
    st = state_of(request)
    arg, sc = _scenario(st, body)

    def work(progress: Progress) -> dict[str, Any]:
        out = api.shocks(arg, repetitions=body.repetitions, salience_noise=body.salience_noise,
                         drop_probability=body.drop_probability, tolerance=body.tolerance,
                         **_common(st, body, sc, progress))
        return jsonable({**out.to_dict(), "run_id": out.run_id})

    return _dispatch(request, "shocks", work, background)


@router.post("/check", summary="Validate and summarise; list broken citations when the cited files are found")
def check(request: Request, body: CheckIn) -> dict[str, Any]:
    st = state_of(request)
    arg, sc = _scenario(st, body)
    out = api.check(arg).to_dict()
    corpus = _corpus(st, body.path, sc) if body.corpus else None
    out["corpus"] = None if corpus is None else str(corpus)
    out["broken"] = [] if corpus is None else [b.to_dict() for b in api.broken_citations(sc, corpus)]
    return jsonable(out)


@router.post("/report", summary="The HTML report (as the report command writes it)", response_class=Response)
def report(request: Request, body: ReportIn) -> Response:
    st = state_of(request)
    arg, sc = _scenario(st, body)
    corpus = _corpus(st, body.path, sc)
    if corpus is not None and api.broken_citations(sc, corpus):
        corpus = None  # the report quotes cited paragraphs only when every citation holds
    out = api.report(arg, draws=body.draws, leverage=body.leverage, corpus=corpus, **_common(st, body, sc, None))
    name = "report.html" if body.path is None else body.path.rsplit("/", 1)[-1].rsplit(".", 1)[0] + ".html"
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in name)
    return Response(out.html, media_type="text/html",
                    headers={"content-disposition": f'attachment; filename="{safe}"'})


@router.get("/jobs/{job_id}", summary="A background run's progress and, once done, its result")
def job(request: Request, job_id: str) -> dict[str, Any]:
    return state_of(request).jobs.get(job_id).to_dict()


@router.delete("/jobs/{job_id}", summary="Cancel a background run (it stops at its next progress report)")
def cancel(request: Request, job_id: str) -> dict[str, Any]:
    return state_of(request).jobs.cancel(job_id).to_dict()


@router.get("/runs", summary="The most recent runs in the run store")
def runs(request: Request, limit: int = Query(50, ge=1, le=1000)) -> dict[str, Any]:
    st = state_of(request)
    store = api.runs(st.store or True)
    return {"store": str(store.path), "runs": jsonable(store.summaries(limit))}


@router.get("/runs/{run_id}", summary="One recorded run: call, options, seed, versions and what it produced")
def run(request: Request, run_id: int) -> dict[str, Any]:
    stored = api.runs(state_of(request).store or True).get(run_id)
    return jsonable({"id": stored.id, "created": stored.created, "command": stored.command,
                     "scenario_file": stored.scenario_file, "scenario_hash": stored.scenario_hash,
                     "models": list(stored.models), "params": stored.params, "seed": stored.seed,
                     "invocation": stored.invocation, "versions": stored.versions,
                     "results": list(stored.results), "analysis": stored.analysis})


@router.get("/runs/{first}/diff/{second}", summary="How two runs differ: scenario, settings, seed, versions, numbers")
def diff(request: Request, first: int, second: int) -> dict[str, Any]:
    return jsonable(api.compare_runs(first, second, store=state_of(request).store or True).to_dict())


@router.post("/runs/{run_id}/rerun", summary="Replay a recorded run and compare every number")
def rerun(request: Request, run_id: int) -> dict[str, Any]:
    out = api.rerun(run_id, store=state_of(request).store or True)
    return {"run_id": out.run_id, "seed": out.seed, "reproduced": out.reproduced}
