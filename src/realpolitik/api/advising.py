"""``advise``: the moves open to one actor, ranked by what they gain it across draws and models."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..analysis.backends import Scheduler
from .options import Progress, ScenarioLike, check_count, labelled, prepare
from .recording import StoreLike, produced, record

DEFAULT_MODELS = ("mean", "median", "nash", "eum")


@dataclass(frozen=True)
class Advice:
    """The ranked moves (``advice``: :class:`realpolitik.analysis.advise.Advice`) and the ``top`` shown."""

    advice: Any = field(repr=False)
    top: int = 10
    run_id: int | None = None

    @property
    def seed(self) -> int:
        return self.advice.seed

    @property
    def skipped(self) -> tuple[str, ...]:
        return self.advice.skipped

    def to_frame(self):
        return self.advice.to_frame(self.top)

    def to_dict(self) -> dict[str, Any]:
        return self.advice.to_dict(self.top)

    def produced(self) -> dict[str, Any]:
        return produced(analysis=self.to_dict())


def advise(scenario: ScenarioLike, actor: str, *, models: str | Sequence[str] = DEFAULT_MODELS,
           moves: str | Sequence[str] | None = None, draws: int = 1000, seed: int | None = None,
           params: Mapping[str, Any] | None = None, cost: str = "salience", rules: bool = False,
           top: int = 10, workers: int = 1, backend: str = "joblib", scheduler: Scheduler = None,
           progress: Progress | None = None, store: StoreLike = None) -> Advice:
    """Rank what ``actor`` could do (state another position, shift its focus, play an outside
    option, win another actor over, align with one, reorder the stages) by its gain, on the same
    draws for every model (:func:`realpolitik.analysis.advise.advise`; docs/advise.md).

    ``moves``: kinds, e.g. ``"position,persuasion"`` (default: all); ``cost``: the cost of
    persuading an actor per step (``salience``, ``weight`` or ``flat``); ``rules``: hold
    forecasts to the decision rules, as ``forecast(rules=True)`` does. The candidates run
    in chunks on ``workers``/``backend`` or the Dask cluster at ``scheduler``.
    """
    from ..analysis.advise import advise as search
    from ..analysis.moves import MoveGrid
    from ..errors import ScenarioError

    sc, names, per, seed = prepare(scenario, models, params, seed)
    check_count("top", top)
    try:
        found = search(sc, actor, names, kinds=moves, draws=draws, seed=seed, params=per,
                       grid=MoveGrid(cost_model=cost), rules=rules, progress=labelled(progress, f"advice for {actor}"),
                       workers=check_count("workers", workers), backend=backend, scheduler=scheduler)
    except ScenarioError as exc:
        if exc.file is None and sc.origin:
            raise ScenarioError(exc.problem, file=sc.origin, place=exc.place) from None
        raise
    out = Advice(found, top)
    kwargs = {"actor": actor, "models": names, "moves": moves, "draws": draws, "seed": seed, "params": per,
              "cost": cost, "rules": rules, "top": top}
    return replace(out, run_id=record(store, "advise", kwargs, sc, seed, out, names))
