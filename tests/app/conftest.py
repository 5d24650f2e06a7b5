"""An app over a temporary folder with copies of the examples, and a client that carries the token."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT

TOKEN = "test-token"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture
def folder(tmp_path) -> Path:
    root = tmp_path / "served"
    root.mkdir()
    shutil.copy(EXAMPLE, root / "korea.yaml")
    shutil.copy(FIXTURES / "mini.yaml", root / "mini.yaml")
    shutil.copy(FIXTURES / "harbour.yaml", root / "harbour.yaml")
    for name in ("harbour-council.txt", "gazette.txt"):
        shutil.copy(FIXTURES / "corpus" / name, root / name)
    shutil.copy(FIXTURES / "ktab" / "harbour.csv", root / "harbour-ktab.csv")
    return root


@pytest.fixture
def app(folder):
    pytest.importorskip("fastapi", reason="the app extra is not installed")
    from realpolitik.app import create_app

    return create_app(folder, token=TOKEN, examples=ROOT / "examples")


@pytest.fixture
def client(app):
    pytest.importorskip("httpx", reason="the test extra's httpx is not installed")
    from fastapi.testclient import TestClient

    with TestClient(app, base_url="http://127.0.0.1", headers={"X-Realpolitik-Token": TOKEN}) as c:
        yield c


@pytest.fixture
def anonymous(app):
    from fastapi.testclient import TestClient

    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c
