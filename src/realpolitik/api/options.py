"""What every API call shares: the scenario argument, the choice of models and their parameters,
the seed, and running a piece of work once per model with models that do not apply set aside."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from .. import models as registry
from ..errors import ModelNotApplicable, ParameterError
from ..rng import MAX_SEED, fresh_seed
from ..scenario import Scenario, load

T = TypeVar("T")
ScenarioLike = Scenario | str | os.PathLike
Progress = Callable[[str, int, int | None], None]
"""``progress(label, done, total)``: called as work advances (``total`` None while unknown)."""


def as_scenario(scenario: ScenarioLike) -> Scenario:
    """A Scenario as given, or loaded (once) from a path."""
    return scenario if isinstance(scenario, Scenario) else load(scenario)


def model_names(models: str | Iterable[str] | None) -> list[str]:
    """Registered model names from ``"mean"``, ``"all"``, ``"nash,eum"`` or a list of such."""
    values = [models] if isinstance(models, str) else list(models or ("mean",))
    chosen: list[str] = []
    for value in values or ["mean"]:
        for name in str(value).split(","):
            name = name.strip()
            if name == "all":
                chosen.extend(n for n in registry.names() if n not in chosen)
            elif name and name not in chosen:
                registry.get(name)  # names an unknown model
                chosen.append(name)
    if not chosen:
        raise ParameterError("no model chosen")
    return chosen


def asked_for_one(models: str | Iterable[str] | None) -> bool:
    """True when exactly one model was named (then a model that does not apply is an error, not a note)."""
    names = [models] if isinstance(models, str) else list(models or ("mean",))
    return len(names) == 1 and "," not in str(names[0]) and str(names[0]).strip() != "all"


def model_params(params: Mapping[str, Any] | None, models: list[str]) -> dict[str, dict[str, Any]]:
    """Parameters per model.

    ``params`` maps a model name to its parameters (``{"nash": {"p": 1}}``), or a
    parameter to its value for every chosen model that declares it (``{"p": 1}``);
    ``"MODEL:KEY"`` addresses one model. A key that no chosen model declares is an error.
    """
    out: dict[str, dict[str, Any]] = {m: {} for m in models}
    for key, value in (params or {}).items():
        if key in out and isinstance(value, Mapping):
            for k, v in value.items():
                _assign(out, [key], str(k), v, addressed=True)
            continue
        target, colon, name = str(key).strip().rpartition(":")
        if colon and target not in out:
            raise ParameterError(f"parameter '{key}': model '{target}' is not among the chosen models")
        _assign(out, [target] if colon else models, name, value, addressed=bool(colon))
    return out


def _assign(out: dict[str, dict[str, Any]], targets: list[str], key: str, value: Any, addressed: bool) -> None:
    hit = [m for m in targets if any(p.name == key for p in registry.get(m).params)]
    if not hit:
        which = f"model '{targets[0]}' has no" if addressed else "no chosen model has a"
        raise ParameterError(f"{which} parameter '{key}' (see 'realpolitik models NAME')")
    for m in hit:
        out[m][key] = value


def check_seed(seed: int | None) -> int:
    """The seed to use: as given (checked), or a fresh one."""
    if seed is None:
        return fresh_seed()
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ParameterError(f"seed must be a whole number from 0 to {MAX_SEED}, got {seed!r}")
    return seed


def prepare(scenario: ScenarioLike, models: str | Iterable[str] | None, params: Mapping[str, Any] | None,
            seed: int | None) -> tuple[Scenario, list[str], dict[str, dict[str, Any]], int]:
    """What every call on one scenario starts from: the scenario, the model names, each model's
    parameters and the seed (drawn when None)."""
    sc = as_scenario(scenario)
    names = model_names(models)
    return sc, names, model_params(params, names), check_seed(seed)


def check_draws(draws: int) -> int:
    """Monte Carlo draws: a whole number from 1 to the most any run accepts."""
    from ..analysis.montecarlo import MAX_DRAWS

    if isinstance(draws, bool) or not isinstance(draws, int) or not 1 <= draws <= MAX_DRAWS:
        raise ParameterError(f"draws must be from 1 to {MAX_DRAWS:,}, got {draws!r}")
    return draws


def check_count(name: str, value: int, low: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ParameterError(f"{name} must be a whole number >= {low}, got {value!r}")
    return value


def per_model(models: list[str], strict: bool, work: Callable[[str], T], origin: str | None = None
              ) -> tuple[list[T], list[str]]:
    """``work(model)`` for each model; a model that does not apply is set aside with the reason
    (``"model: reason"``), or raised when ``strict`` (it was the one model asked for), naming
    the scenario file ``origin`` when there is one."""
    done: list[T] = []
    skipped: list[str] = []
    for name in models:
        try:
            done.append(work(name))
        except ModelNotApplicable as exc:
            if strict:
                if origin and not str(exc).startswith(f"{origin}:"):
                    raise ModelNotApplicable(f"{origin}: {exc}") from None
                raise
            skipped.append(f"{name}: {exc}")
    return done, skipped


def labelled(progress: Progress | None, label: str) -> Callable[[int, int | None], None] | None:
    """A ``(done, total)`` callback that reports under ``label``."""
    if progress is None:
        return None
    return lambda done, total: progress(label, done, total)
