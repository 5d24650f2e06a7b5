"""/api/v1 routes for the library and the editor: list, open, validate, save, create, import, download."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ..errors import RealpolitikError, ScenarioError
from ..scenario import parse
from ..scenario.formats import decode
from . import documents
from .folder import version_of
from .limits import LimitError
from .state import state_of

router = APIRouter(prefix="/api/v1", tags=["scenarios"])


class DocumentIn(BaseModel):
    document: dict[str, Any] = Field(description="The scenario as the YAML format's mapping (docs/scenario-format.md)")


class SaveIn(DocumentIn):
    version: str = Field(description="The version the document was read at (from GET /api/v1/scenario)")


class CreateIn(DocumentIn):
    path: str = Field(description="New file name inside the served folder, ending in .yaml")


class DuplicateIn(BaseModel):
    path: str
    to: str


@router.get("/library", summary="The scenario files in the served folder and the read-only examples")
def library(request: Request) -> dict[str, Any]:
    st = state_of(request)
    runs = st.last_runs()
    files = []
    for entry in st.folder.listing():
        row: dict[str, Any] = {"path": entry.name, "readonly": entry.readonly,
                               "last_run": runs.get(entry.path.resolve())}
        try:
            row.update({k: v for k, v in st.summary_of(entry.path).items() if k not in ("uncited", "uncertain")})
        except RealpolitikError as exc:
            row["error"] = documents.error_dict(exc)
        files.append(row)
    return {"folder": str(st.folder.root), "files": files}


@router.get("/scenario", summary="Open a scenario file: its document, version and first error")
def open_scenario(request: Request, path: str = Query(...)) -> dict[str, Any]:
    return documents.open_file(state_of(request).folder, path).to_dict()


@router.post("/validate", summary="Validate a document with the Scenario contract",
             description="Answers 200 either way: {valid: true, summary, evidence} or {valid: false, error} with "
                         "the error's place (the path of the offending field) and problem.")
def validate(request: Request, body: DocumentIn, path: str | None = Query(None, description="The file it "
             "belongs to (its folder is searched for cited sources)")) -> dict[str, Any]:
    st = state_of(request)
    try:
        sc = documents.scenario_of(body.document)
        st.limits.check_scenario(sc)
    except (ScenarioError, LimitError) as exc:
        return {"valid": False, "error": documents.error_dict(exc)}
    return {"valid": True, "summary": documents.summary(sc),
            "evidence": documents.evidence_index(sc, st.corpus_dirs(path))}


@router.get("/evidence", summary="Every cited value of a file with its sources, notes and cited text")
def evidence(request: Request, path: str = Query(...)) -> dict[str, Any]:
    st = state_of(request)
    sc = documents.load_file(st.folder, path)
    return {"path": path, "evidence": documents.evidence_index(sc, st.corpus_dirs(path))}


@router.put("/scenario", summary="Save a document over its file (comments and key order kept)")
def save(request: Request, body: SaveIn, path: str = Query(...)) -> dict[str, Any]:
    st = state_of(request)
    st.limits.check_scenario(documents.scenario_of(body.document))
    text = documents.text_to_save(st.folder, path, body.document, create=False)
    return {"path": path, "version": st.folder.write(path, text, version=body.version)}


@router.post("/scenario", status_code=201, summary="Create a new YAML file from a document")
def create(request: Request, body: CreateIn) -> dict[str, Any]:
    st = state_of(request)
    _yaml_name(body.path)
    st.limits.check_scenario(documents.scenario_of(body.document))
    text = documents.text_to_save(st.folder, body.path, body.document, create=True)
    return {"path": body.path, "version": st.folder.write(body.path, text, version=None, create=True)}


@router.post("/duplicate", status_code=201, summary="Copy a file (byte for byte when YAML, else converted to YAML)")
def duplicate(request: Request, body: DuplicateIn) -> dict[str, Any]:
    st = state_of(request)
    _yaml_name(body.to)
    entry, raw = st.folder.read(body.path)
    text = decode(raw, body.path)
    if documents.detect_format(body.path, text) != "yaml" or "extends:" in text:
        text = documents.convert(parse(text, str(entry.path)), "yaml")
    return {"path": body.to, "version": st.folder.write(body.to, text, version=None, create=True)}


@router.post("/import", status_code=201, summary="Upload a file in any format the CLI reads; saved as YAML")
async def import_file(request: Request, name: str = Query(..., description="The uploaded file's name"),
                      to: str | None = Query(None, description="Where to save it (default: NAME with .yaml)")) -> \
        dict[str, Any]:
    st = state_of(request)
    raw = await request.body()
    if len(raw) > st.limits.max_bytes:
        raise LimitError(f"the upload is larger than {st.limits.max_bytes // 1_000_000} MB")
    base = PurePosixPath(name).name
    text = decode(raw, base)
    sc = parse(text, base)
    st.limits.check_scenario(sc)
    target = to or str(PurePosixPath(base).with_suffix(".yaml"))
    _yaml_name(target)
    keep = documents.detect_format(base, text) == "yaml" and "extends:" not in text
    out = text if keep else documents.convert(sc, "yaml")
    version = st.folder.write(target, out, version=None, create=True)
    return {"path": target, "version": version, "format": documents.detect_format(base, text),
            "actors": len(sc.actors), "issues": len(sc.issues)}


@router.get("/download", summary="Download a scenario as YAML or long CSV", response_class=Response)
def download(request: Request, path: str = Query(...), format: Literal["yaml", "csv"] = "yaml") -> Response:
    st = state_of(request)
    entry, raw = st.folder.read(path)
    text = decode(raw, path)
    is_yaml = documents.detect_format(path, text) == "yaml" and "extends:" not in text
    if format == "yaml" and is_yaml:
        body = raw
    else:
        body = documents.convert(parse(text, str(entry.path)), format).encode("utf-8")
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", Path(entry.path).stem)
    media = "application/yaml" if format == "yaml" else "text/csv"
    return Response(body, media_type=media, headers={
        "content-disposition": f'attachment; filename="{stem}.{format}"', "x-version": version_of(raw)})


def _yaml_name(name: str) -> None:
    if not name.lower().endswith((".yaml", ".yml")):
        raise documents.NotEditable(f"'{name}': a new scenario file's name must end in .yaml")
