"""The README's quick start stays true: CI runs exactly its test command."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def _commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", quick, flags=re.S)


def test_quick_start_has_two_commands_naming_the_example():
    commands = _commands()
    assert len(commands) == 2
    assert "examples/korea-2019.yaml" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _commands()[1] in ci.splitlines()


def test_every_readme_command_runs(tmp_path, monkeypatch):
    """Each ``realpolitik ...`` line of the README's shell blocks runs and exits 0 (in README order),
    in an 80-column terminal: no line of what it prints is wider."""
    import shlex

    from click.testing import CliRunner

    from realpolitik.cli import main
    from tests.conftest import SHARED

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.+?)\n```", text, flags=re.S)
    lines = [ln.split("  #")[0].strip() for b in blocks for ln in b.splitlines()]
    commands = [ln for ln in lines if ln.startswith("realpolitik ")]
    assert len(commands) >= 10
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("REALPOLITIK_STORE", str(tmp_path / "runs.sqlite"))
    for line in commands:
        args = shlex.split(line)[1:]
        if "../shared" in line and not SHARED.is_dir():
            continue
        args = [str(tmp_path / a) if a.endswith(".html") else a for a in args]
        result = CliRunner(env={"COLUMNS": "80"}).invoke(main, args)
        assert result.exit_code == 0, f"{line}: {result.output[-500:]}"
        wide = [ln for ln in result.output.splitlines() if len(ln) > 80]
        assert not wide, f"{line}: {wide[0]}"


def test_readme_figures_of_the_example_match_check():
    import realpolitik as rp

    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    inputs = int(re.search(r"for every one of its (\d+) inputs", text)[1])
    uncertain = int(re.search(r"(\d+) inputs carry uncertainty", text)[1])
    checked = rp.check(ROOT / "examples" / "korea-2019.yaml").to_dict()
    assert (inputs, uncertain) == (checked["inputs"], checked["uncertain"])
