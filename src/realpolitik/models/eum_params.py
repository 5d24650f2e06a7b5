"""Parameters and presets of the expected-utility model.

Every point on which readings of Scholz, Calbert & Smith (2011) differ is a parameter.
Those left at ``None`` take the value of the chosen ``preset``; a value given explicitly
overrides it. ``docs/eum.md`` documents each with the paper's section and equation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .eum_offers import COMPROMISE_RULES, OFFER_CHOICES
from .eum_votes import NORMALISERS
from .params import Param

PRESETS: dict[str, dict[str, Any]] = {
    # Scholz's own code, which reproduces the rounds published for the emission example
    "scholz2011": {"q": 1.0, "t_rule": "constant", "t": 1.0, "vote_exponent": "voter", "normaliser": "all_pairs",
                   "perspective": "receiver", "eji_salience": "receiver", "compromise": "fraction",
                   "offer_choice": "lowest_weighted_point", "capitulation": False},
    # the equations as printed in the paper
    "textbook": {"q": 0.5, "t_rule": "median", "t": 1.0, "vote_exponent": "one", "normaliser": "pair",
                 "perspective": "challenger", "eji_salience": "receiver", "compromise": "weighted_point",
                 "offer_choice": "smallest_move", "capitulation": True},
}


def _variant(name: str, kind: type, help: str, **limits: Any) -> Param:
    """A variant parameter: ``None`` by default, meaning the preset's value (listed in the help)."""
    by_preset = ", ".join(f"{preset}: {str(values[name]).lower()}" for preset, values in PRESETS.items())
    return Param(name, kind, None, f"{help}; if not given, the preset's ({by_preset})", **limits)


PARAMS = (
    Param("preset", str, "scholz2011", "starting values of the variant parameters below", choices=tuple(PRESETS)),
    _variant("q", float, "Q, probability the status quo persists when i does not challenge (eq. 25)",
             low=0.0, high=1.0),
    _variant("t_rule", str, "T: the 'constant' t, or 'median': T_ij = 1 when |x_i − μ| < |x_i − x_j|",
             choices=("constant", "median")),
    _variant("t", float, "T when t_rule is constant: probability that a changing status quo improves",
             low=0.0, high=1.0),
    _variant("vote_exponent", str, "exponent ρ_k of third-party votes: 'one', or the voter's risk exponent",
             choices=("one", "voter")),
    _variant("normaliser", str, "denominator of P_ij: the votes in the 'pair', or over 'all_pairs' of actors",
             choices=NORMALISERS),
    _variant("perspective", str, "whose risk exponent enters E_ji: the 'receiver' i's or the 'challenger' j's",
             choices=("receiver", "challenger")),
    _variant("eji_salience", str, "whose salience is the chance of resistance in E_ji: the challenged 'receiver' "
             "i's (eq. 25) or the 'sender' j's", choices=("receiver", "sender")),
    _variant("compromise", str, "compromise: move the 'fraction' |E_ij/E_ji| of the way, or to the 'weighted_point'",
             choices=COMPROMISE_RULES),
    _variant("offer_choice", str, "which offer an actor accepts (see docs/eum.md)", choices=OFFER_CHOICES),
    _variant("capitulation", bool, "whether capitulation offers (|E_ij| > E_ji) move the receiver"),
    Param("max_rounds", int, 10, "stop after this many rounds", low=1, high=10_000),
    Param("tol", float, 1e-6, "stop when no position moves more than tol × the range of initial positions",
          low=0.0, high=1.0),
)


@dataclass(frozen=True)
class Settings:
    """The effective variant: preset values overlaid with explicit parameters."""

    q: float
    t_rule: str
    t: float
    vote_exponent: str
    normaliser: str
    perspective: str
    eji_salience: str
    compromise: str
    offer_choice: str
    capitulation: bool
    max_rounds: int
    tol: float

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def settings(params: Mapping[str, Any]) -> Settings:
    """The effective settings for resolved ``params`` (``None`` means: from the preset)."""
    chosen = dict(PRESETS[params["preset"]])
    chosen.update({k: v for k, v in params.items() if k in chosen and v is not None})
    return Settings(**chosen, max_rounds=params["max_rounds"], tol=params["tol"])
