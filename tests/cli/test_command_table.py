"""The command table behind the lazily imported commands stays true to the commands."""

import subprocess
import sys
from pathlib import Path

import click

from realpolitik.cli import main
from realpolitik.cli.app import COMMANDS

EXAMPLE = str(Path(__file__).resolve().parents[2] / "examples" / "korea-2019.yaml")


def test_table_lists_each_command_with_the_first_paragraph_of_its_help():
    ctx = click.Context(main)
    for name, (_, summary) in COMMANDS.items():
        command = main.get_command(ctx, name)
        assert command is not None and command.name == name
        assert " ".join(command.help.split("\n\n")[0].split()) == summary


def test_help_imports_no_command_and_no_heavy_library():
    code = ("import sys; from click.testing import CliRunner; from realpolitik.cli import main; "
            "r = CliRunner().invoke(main, ['--help']); assert r.exit_code == 0, r.output; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('pandas', 'scipy', 'pydantic', 'rich', 'matplotlib') or m.startswith('realpolitik.cli.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['realpolitik.cli.app']"


def test_forecast_imports_neither_pandas_nor_scipy():
    code = ("import sys; from click.testing import CliRunner; from realpolitik.cli import main; "
            f"r = CliRunner().invoke(main, ['forecast', {EXAMPLE!r}, '-m', 'mean', '--no-store']); "
            "assert r.exit_code == 0, r.output; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'scipy', 'matplotlib'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
