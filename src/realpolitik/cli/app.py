"""The click group behind ``realpolitik``, with its error handling and shared options."""

from __future__ import annotations

import errno
import os
import sys

import click

from ..errors import ParameterError, RealpolitikError, one_line
from ..models import get, names
from ..models.params import Param

EXIT_BAD_INPUT = 2
_OUTPUT_ERRORS = {errno.ENOSPC, errno.EIO, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            out = super().invoke(ctx)
            sys.stdout.flush()  # a full device fails here, while it can still be reported
            return out
        except RealpolitikError as exc:
            click.echo(f"realpolitik: error: {one_line(str(exc))}", err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "realpolitik"
            message = one_line(" ".join(exc.format_message().split()))
            click.echo(f"realpolitik: error: {message} (see '{where} --help')", err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except MemoryError:
            click.echo("realpolitik: error: not enough memory for this run (fewer draws, repetitions or samples?)",
                       err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(0)
        except OSError as exc:
            if exc.filename is not None or exc.errno not in _OUTPUT_ERRORS:
                raise
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - what is left unwritten has nowhere to go
            click.echo(f"realpolitik: error: cannot write the output ({exc.strerror or exc})", err=True)
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="realpolitik")
@click.option("--allow-outside", is_flag=True,
              help="Let a scenario's 'extends:' name a file outside the scenario's folder.")
@click.pass_context
def main(ctx: click.Context, allow_outside: bool) -> None:
    """Model, forecast and stress-test multi-party negotiations.

    \b
    Examples:
      realpolitik forecast examples/korea-2019.yaml --model all
      realpolitik check examples/korea-2019.yaml
      realpolitik models
    """
    from .loading import ALLOW_OUTSIDE_KEY

    ctx.meta[ALLOW_OUTSIDE_KEY] = allow_outside


def parse_model_names(values: tuple[str, ...]) -> list[str]:
    """``--model`` values (repeatable, comma-separated, or ``all``) as registered names."""
    chosen: list[str] = []
    for value in values or ("mean",):
        for name in value.split(","):
            name = name.strip()
            if name == "all":
                chosen.extend(n for n in names() if n not in chosen)
            elif name and name not in chosen:
                get(name)
                chosen.append(name)
    return chosen


def parse_params(values: tuple[str, ...], models: list[str]) -> dict[str, dict[str, str]]:
    """``--param KEY=VALUE`` options, split among the chosen models that declare KEY.

    ``MODEL:KEY=VALUE`` addresses one model only. A key no chosen model declares is an error.
    """
    out: dict[str, dict[str, str]] = {m: {} for m in models}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"'{item}' is not KEY=VALUE", param_hint="--param")
        target, colon, key = key.strip().rpartition(":")
        targets = [target] if colon else models
        if colon and target not in models:
            raise click.BadParameter(f"model '{target}' is not among the chosen models", param_hint="--param")
        hit = False
        for m in targets:
            declared: tuple[Param, ...] = get(m).params
            if any(p.name == key for p in declared):
                out[m][key] = value
                hit = True
        if not hit:
            raise click.BadParameter(f"no chosen model has a parameter '{key}' (see 'realpolitik models NAME')",
                                     param_hint="--param")
    return out


model_option = click.option(
    "--model", "-m", "model", multiple=True, metavar="NAME",
    help="Model to run (repeatable or comma-separated; 'all' runs every model). Default: mean.")
param_option = click.option(
    "--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
    help="Model parameter (repeatable); MODEL:KEY=VALUE for one model. See 'realpolitik models NAME'.")
MAX_SEED = 2**63 - 1  # the run store keeps seeds as signed 64-bit integers


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
