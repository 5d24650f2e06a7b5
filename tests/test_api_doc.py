"""docs/api.md is a notebook: its Python cells run, in order, as written."""

from __future__ import annotations

import contextlib
import io
import re

from tests.conftest import ROOT


def test_api_doc_cells_run(monkeypatch):
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    cells = re.findall(r"```python\n(.+?)\n```", text, flags=re.S)
    assert len(cells) >= 6
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        for n, cell in enumerate(cells):
            exec(compile(cell, f"docs/api.md cell {n + 1}", "exec"), namespace)  # noqa: S102


def test_every_command_has_its_api_function():
    import click

    import realpolitik as rp
    import realpolitik.reporting  # noqa: F401  (loading the report code must not hide rp.report)
    from realpolitik.cli import main

    named = {"models": "model_info"}  # realpolitik.models is the package of the models
    faces = {"serve"}  # the web app is a face over the API, not a call of it
    commands = set(main.list_commands(click.Context(main))) - faces
    assert {"forecast", "advise", "backtest", "report"} <= commands
    for command in commands:
        assert callable(getattr(rp, named.get(command, command))), command


def test_tables_doc_explains_every_column():
    from realpolitik.analysis.columns import COLUMNS

    text = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    for field, (heading, meaning) in COLUMNS.items():
        assert f"| `{field}` | {heading} | {meaning} |" in text
