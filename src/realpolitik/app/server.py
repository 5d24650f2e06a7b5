"""The web app: a FastAPI application over a folder of scenario files.

``create_app`` builds it; ``realpolitik serve`` runs it with uvicorn. Pages are one HTML
shell plus the app's own script and style sheet (``static/``); everything else is the
JSON API under ``/api/v1`` (described by ``/api/v1/openapi.json``).
"""

from __future__ import annotations

import html
import os
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..errors import MissingExtraError, ModelNotApplicable, ParameterError, RealpolitikError, ScenarioError
from .documents import NotEditable, error_dict
from .folder import AccessError, Folder, MissingFile, ReadOnlyError, VersionConflict
from .jobs import NoSuchJob
from .limits import LimitError, Limits
from .routes_files import router as files_router
from .routes_runs import router as runs_router
from .security import BodyTooLarge, Guard, error_body
from .state import AppState

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
STATUS = [(NoSuchJob, 404), (MissingFile, 404), (AccessError, 403), (ReadOnlyError, 403), (VersionConflict, 409),
          (LimitError, 413), (NotEditable, 400), (ScenarioError, 422), (ParameterError, 400), (ModelNotApplicable, 400),
          (MissingExtraError, 501), (RealpolitikError, 400)]


def bundled_examples() -> Path | None:
    """The examples folder of a source checkout (read-only in the app), when there is one."""
    path = Path(__file__).resolve().parents[3] / "examples"
    return path if (path / "korea-2019.yaml").is_file() else None


def status_of(exc: RealpolitikError) -> int:
    return next(code for kind, code in STATUS if isinstance(exc, kind))


def create_app(root: str | os.PathLike, *, token: str, examples: str | os.PathLike | None = None,
               corpus: str | os.PathLike | None = None, store: str | None = None, limits: Limits | None = None,
               any_host: bool = False) -> FastAPI:
    """The app serving ``root`` (read-write) and ``examples`` (read-only); every request needs ``token``."""
    limits = limits or Limits()
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        app.state.realpolitik.jobs.shutdown()

    app = FastAPI(title="realpolitik", lifespan=lifespan, version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/api/v1/openapi.json",
                  description="Build, validate, forecast and explore negotiation scenarios. Every request "
                              "carries the access token, as the header X-Realpolitik-Token or the query "
                              "parameter token.")
    app.state.realpolitik = AppState(Folder(root, examples), token, limits,
                                     None if corpus is None else Path(corpus).resolve(), store)
    app.include_router(files_router)
    app.include_router(runs_router)
    app.mount("/static", StaticFiles(packages=[("realpolitik.app", "static")]), name="static")
    _handlers(app)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> HTMLResponse:
        return HTMLResponse(page(), headers={"cache-control": "no-store"})

    hosts = None if any_host else LOOPBACK_HOSTS
    app.add_middleware(Guard, token=token, max_body=limits.max_bytes + 100_000, hosts=hosts)
    return app


def page() -> str:
    """The HTML shell every view is drawn in."""
    text = resources.files("realpolitik.app").joinpath("static", "index.html").read_text(encoding="utf-8")
    return text.replace("{{version}}", html.escape(__version__))


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(RealpolitikError)
    def known(request: Request, exc: RealpolitikError) -> JSONResponse:
        return JSONResponse({"error": error_dict(exc)}, status_code=status_of(exc))

    @app.exception_handler(RequestValidationError)
    def malformed(request: Request, exc: RequestValidationError) -> JSONResponse:
        err = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "malformed request"}
        place = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        return error_body(400, "request", f"{place}: {err['msg']}" if place else err["msg"], place=place)

    @app.exception_handler(BodyTooLarge)
    def too_large(request: Request, exc: BodyTooLarge) -> JSONResponse:
        return error_body(413, "too-large", str(exc))
