"""The HTTP API examples in docs/app.md run as written against a live server (only the port differs)."""

from __future__ import annotations

import re
import shutil

import pytest

pytest.importorskip("fastapi", reason="the app extra is not installed")
pytest.importorskip("uvicorn", reason="the app extra is not installed")

from tests.app.live import serving
from tests.conftest import EXAMPLE, ROOT

DOC = ROOT / "docs" / "app.md"


def test_the_http_api_examples_run(tmp_path, capsys):
    httpx = pytest.importorskip("httpx")
    text = DOC.read_text(encoding="utf-8").split("### Examples", 1)[1]
    blocks = re.findall(r"```python\n(.+?)\n```", text, flags=re.S)
    assert len(blocks) >= 5
    shutil.copy(EXAMPLE, tmp_path / "korea.yaml")
    with serving(tmp_path, "doc-token", examples=ROOT / "examples") as base:
        namespace = {"TOKEN": "doc-token", "httpx": httpx}
        for block in blocks:
            exec(compile(block.replace("http://127.0.0.1:8765", base), str(DOC), "exec"), namespace)  # noqa: S102
    printed = capsys.readouterr().out
    assert "positions.DPRK.sanctions.salience: salience must be >= 0, got -5" in printed
    assert "('mean'," in printed and "The 2 models" in printed
