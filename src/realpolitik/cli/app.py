"""The click group behind ``realpolitik``, with its error handling and shared options."""

from __future__ import annotations

import logging
import sys

import click

from ..api.options import MAX_SEED
from ..errors import ParameterError, RealpolitikError

EXIT_BAD_INPUT = 2


class _ToStderr(logging.Handler):
    """Messages of the library's loggers (e.g. which Dask cluster a run uses) as notes on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"note: {record.getMessage()}", err=True)


def _announce_cluster() -> None:
    log = logging.getLogger("realpolitik.cluster")
    if not any(isinstance(h, _ToStderr) for h in log.handlers):
        log.addHandler(_ToStderr())
        log.setLevel(logging.INFO)
        log.propagate = False


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        _announce_cluster()
        try:
            return super().invoke(ctx)
        except RealpolitikError as exc:
            click.echo(f"realpolitik: error: {exc}", err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "realpolitik"
            message = " ".join(exc.format_message().split())
            click.echo(f"realpolitik: error: {message} (see '{where} --help')", err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except MemoryError:
            click.echo("realpolitik: error: not enough memory for this run (fewer draws, repetitions or samples?)",
                       err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(0)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="realpolitik")
def main() -> None:
    """Model, forecast and stress-test multi-party negotiations.

    \b
    Examples:
      realpolitik forecast examples/korea-2019.yaml --model all
      realpolitik check examples/korea-2019.yaml
      realpolitik models
    """


def parse_params(values: tuple[str, ...]) -> dict[str, str]:
    """``--param KEY=VALUE`` options as ``{KEY: VALUE}`` (``MODEL:KEY`` kept as the key for one model)."""
    out: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"'{item}' is not KEY=VALUE", param_hint="--param")
        out[key.strip()] = value
    return out


model_option = click.option(
    "--model", "-m", "model", multiple=True, metavar="NAME",
    help="Model to run (repeatable or comma-separated; 'all' runs every model). Default: mean.")
param_option = click.option(
    "--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
    help="Model parameter (repeatable); MODEL:KEY=VALUE for one model. See 'realpolitik models NAME'.")


def _check_seed(ctx: click.Context, param: click.Parameter, seed: int | None) -> int | None:
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise ParameterError(f"--seed must be a whole number from 0 to {MAX_SEED}, got {seed}")
    return seed


seed_option = click.option("--seed", type=int, default=None, callback=_check_seed,
                           help="Random seed (recorded; a fresh one is drawn if omitted).")
format_option = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                             show_default=True, help="Output format.")


def scenario_run_options(f):
    """The options every command that runs models on one scenario FILE shares."""
    for option in (seed_option, format_option, param_option, model_option,
                   click.argument("file", type=click.Path(dir_okay=False))):
        f = option(f)
    return f
