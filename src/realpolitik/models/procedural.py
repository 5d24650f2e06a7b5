"""The procedural (agenda-setter) model: the setter proposes its favourite point of the win-set."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..institutions.winset import rule_winset
from ..scenario.arrays import ScenarioArrays
from .common import breakdown_cost, effective_weight, weighted_median
from .params import Param
from .registry import ModelSpec, register
from .result import Outcome
from .rule_binding import hold_to_winset


def procedural_kernel(arr: ScenarioArrays, params: Mapping[str, Any], rng: np.random.Generator) -> Outcome:
    """Agenda setting under a decision rule, issue by issue.

    The agenda setter makes a take-it-or-leave-it proposal; the rule's voters and
    veto players accept any proposal they weakly prefer to the status quo, so the
    setter proposes the point of the win-set W(SQ) closest to its own ideal point.
    This is the setter logic of Tsebelis (2002), *Veto Players*, ch. 1 (agenda
    setting among individual veto players) and ch. 2 (collective veto players under
    qualified majority), and of Steunenberg (1994), the spatial model of the EC
    consultation procedure (the Commission proposes, the Council accepts by qualified
    majority or amends by unanimity), tested as "procedural models" by Steunenberg &
    Selck (2006), *The European Union Decides*, ch. 3. On one issue with
    distance-based utilities the forecast is the setter's ideal point clipped to the
    interval W(SQ) (:mod:`realpolitik.institutions.winset`).

    Defaults, where the scenario is silent: an issue without a rule is decided by
    unanimity of the actors present (every actor is a veto player); without an agenda
    setter the proposal is the point of W(SQ) closest to the weighted median of the
    positions (weights capability × salience), i.e. the proposal a central broker
    would make. When W(SQ) is empty the status quo stays.

    ``cost`` κ > 0 (in % of the scale) makes the status quo costly, the costly
    reference point of Franchino & Mariotto (2022), "Bargaining outcomes and success in
    EU economic governance reforms", PSRM 10(2): failure costs every actor as much as
    an outcome κ points further from its ideal, so a voter accepts z when
    |z − x_i| ≤ |q − x_i| + κ and the win-set widens. ``cost=0`` is the strict form.
    """
    ws, ruled = rule_winset(arr, default_unanimity=True, cost=breakdown_cost(arr, float(params["cost"])))
    setter = arr.rules.setter if arr.rules is not None else np.full(arr.n_issues, -1)
    issues = np.arange(arr.n_issues)
    setter_ideal = arr.position[:, np.maximum(setter, 0), issues]
    broker = weighted_median(arr.position, effective_weight(arr))
    wanted = np.where(setter >= 0, setter_ideal, broker)
    forecast, details, notes = hold_to_winset(arr, wanted, ws, np.ones_like(ruled), "procedural",
                                              default="unanimity, by default")
    details["proposal_wanted"] = wanted
    return Outcome(forecast, details=details, notes=notes)


register(ModelSpec(
    name="procedural",
    kernel=procedural_kernel,
    summary="agenda setter proposes its favourite point in the win-set of the status quo (rules per issue)",
    citation="Tsebelis (2002), Veto Players, chs. 1–2; Steunenberg (1994), JITE 150(4); "
             "Franchino & Mariotto (2022), PSRM 10(2)",
    params=(
        Param("cost", float, 0.0, "cost of no agreement, in % of the scale: voters accept outcomes this much "
              "further from their ideal than the status quo (0: the strict form)", low=0.0, high=100.0),
    ),
    bounds="positions+status_quo",
    needs_status_quo=True,
))
