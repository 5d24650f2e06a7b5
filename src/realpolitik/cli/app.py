"""The click group behind ``realpolitik``, with its error handling and shared options."""

from __future__ import annotations

import errno
import importlib
import logging
import os
import sys

import click

from ..errors import ParameterError, RealpolitikError, one_line

EXIT_BAD_INPUT = 2
_OUTPUT_ERRORS = {errno.ENOSPC, errno.EIO, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}

# command -> (module of realpolitik.cli defining it, the first paragraph of its help): a command's
# module is imported when the command runs, so that ``--help`` and each command import only what they use
COMMANDS: dict[str, tuple[str, str]] = {
    "advise": ("advise", "Rank what ACTOR could do (state another position, shift its focus, play an "
                         "outside option, win another actor over, align with one, reorder the stages)"
                         " by the gain in its salience-weighted utility, on the same draws for every "
                         "model. See docs/advise.md."),
    "backtest": ("backtest", "Forecast negotiations with known outcomes and score each model's "
                             "errors."),
    "check": ("check", "Validate a scenario FILE and summarise it: actors, issues and their decision "
                       "rules, stages, evidence, uncertainty."),
    "convert": ("convert", "Convert a scenario FILE (any readable format) to YAML, long CSV or Excel "
                           "(.xlsx)."),
    "forecast": ("forecast", "Forecast every issue of a scenario FILE with one or more models."),
    "leverage": ("leverage", "How far each issue's forecast moves toward an actor when its capability"
                             " grows by 10%, its salience by 0.1 of the salience scale, or its "
                             "outside option's credibility by 0.1; and its pivot value: the forecast "
                             "with its outside options on minus off, signed toward the actor (with "
                             "--draws: median and 90% interval over draws)."),
    "models": ("models", "List the models with a one-line description and citation, or show NAME's "
                         "parameters."),
    "new": ("new", "Write a new scenario FILE: a commented YAML template with every key explained."),
    "report": ("report", "Write a self-contained HTML report of a scenario FILE: a summary in plain "
                         "words and the forecast table first, then forecasts on a map of the actors, "
                         "rounds, leverage, the advice, what-if, shocks and sensitivity sections "
                         "asked for, rules, diagnostics, evidence, citations and versions."),
    "runs": ("runs", "Recorded runs: every forecast, report and analysis run is kept in the run "
                     "store."),
    "sensitivity": ("sensitivity", "Rank the uncertain inputs of a scenario FILE by how much of each "
                                   "issue's forecast variance they explain (Sobol total-order index "
                                   "ST; S1 is the first-order share)."),
    "serve": ("serve", "Serve the scenario files in FOLDER (default: the current folder) as a web "
                       "app."),
    "shocks": ("shocks", "Shock a scenario FILE many times (random salience changes, actors dropping "
                         "out) and report how stable each issue's forecast is."),
    "whatif": ("whatif", "Compare the forecast of a scenario FILE with a variant of it."),
}


def first_paragraph(cmd: click.Command) -> str:
    """The first paragraph of a command's help, on one line."""
    return " ".join((cmd.short_help or cmd.help or "").split("\n\n", 1)[0].split())


class _Subgroup(click.Group):
    """A group of subcommands (``runs``) listed with their whole first paragraph, never cut short."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, first_paragraph(cmd)) for name in self.list_commands(ctx)
                if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


class _ToStderr(logging.Handler):
    """Messages of the library's loggers (e.g. which Dask cluster a run uses) as notes on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"note: {record.getMessage()}", err=True)


def _announce_compiling() -> None:
    """A note on stderr before a model's kernels are compiled (once after an install: some seconds)."""
    from ..models import compiled

    compiled.on_compile = lambda model: click.echo(
        f"note: compiling the {model} model's kernels, once after an install (about 10 s)", err=True)


def _announce_cluster() -> None:
    log = logging.getLogger("realpolitik.cluster")
    if not any(isinstance(h, _ToStderr) for h in log.handlers):
        log.addHandler(_ToStderr())
        log.setLevel(logging.INFO)
        log.propagate = False


class _Group(click.Group):
    group_class = _Subgroup
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            importlib.import_module(f"{__package__}.{COMMANDS[name][0]}")  # registers the command on main
        return self.commands.get(name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from :data:`COMMANDS` (no command imported), descriptions whole, wrapped."""
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx) if name in COMMANDS]
        rows += [(name, first_paragraph(cmd)) for name, cmd in self.commands.items() if name not in COMMANDS]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context):
        _announce_cluster()
        _announce_compiling()
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
    from ..rng import MAX_SEED

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
