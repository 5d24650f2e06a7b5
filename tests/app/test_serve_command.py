"""``realpolitik serve``: options, the warning for other hosts, a missing extra, and a fast core CLI."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from realpolitik.cli import main


@pytest.fixture
def no_serving(monkeypatch):
    """Build the app as ``serve`` would, but return at once instead of serving."""
    pytest.importorskip("fastapi", reason="the app extra is not installed")
    uvicorn = pytest.importorskip("uvicorn", reason="the app extra is not installed")
    made = {}

    def run(self):
        made["config"] = self.config
        self.should_exit = True

    monkeypatch.setattr(uvicorn.Server, "run", run)
    return made


def test_serve_binds_to_this_machine_by_default(tmp_path, no_serving):
    result = CliRunner().invoke(main, ["serve", str(tmp_path), "--port", "0"])
    assert result.exit_code == 0, result.output
    config = no_serving["config"]
    assert config.host == "127.0.0.1" and "warning" not in result.output


def test_serve_on_all_addresses_warns(tmp_path, no_serving):
    result = CliRunner().invoke(main, ["serve", str(tmp_path), "--host", "0.0.0.0", "--port", "0"])
    assert result.exit_code == 0
    assert result.output.startswith("warning: listening on 0.0.0.0")


def test_serve_a_missing_folder_is_an_error(tmp_path):
    result = CliRunner().invoke(main, ["serve", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert result.output.strip().startswith("realpolitik: error:")


def test_a_missing_extra_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    result = CliRunner().invoke(main, ["serve", str(tmp_path)])
    assert result.exit_code == 2
    assert "pip install 'realpolitik[app]'" in result.output and "Traceback" not in result.output


def test_the_core_cli_does_not_import_the_web_framework():
    code = ("import sys, realpolitik.cli; "
            "print(sorted(m for m in ('fastapi', 'uvicorn', 'starlette') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
