"""Holding a wanted outcome to the win-set of the status quo, and saying which rule bound it.

Shared by the ``procedural`` model and by :func:`constrain`, which holds any model's
forecast to the rules: the forecast is projected onto the win-set (on one issue, the
nearest point of the interval [L, U]; the status quo itself when the win-set is
empty), and the result records when a rule bound the outcome and whose veto did.
"""

from __future__ import annotations

import numpy as np

from ..institutions.winset import IntervalWinSet, rule_winset
from ..scenario.arrays import ScenarioArrays
from .result import Outcome

_TOL = 1e-9


def hold_to_winset(arr: ScenarioArrays, wanted: np.ndarray, ws: IntervalWinSet, ruled: np.ndarray, model: str,
                   default: str = "") -> tuple[np.ndarray, dict[str, np.ndarray], tuple[str, ...]]:
    """Project ``wanted`` ``(B, K)`` onto the win-set; return the outcome, the details and the notes.

    Details: ``winset_lower``/``winset_upper`` (NaN on issues without a rule in
    ``ruled``), ``rule_bound`` (the outcome had to move), ``veto_bound`` ``(B, N, K)``
    (this veto player rejects the wanted outcome: its veto alone would stop it) and
    ``quota_bound`` (the wanted outcome lacks the quota). The notes start with
    ``model``; ``default`` names the rule that applies on issues without one.
    """
    outcome = np.clip(wanted, ws.lower, ws.upper)
    veto = ws.vetoes(wanted)
    quota = ws.short_of_quota(wanted)
    bound = np.abs(outcome - wanted) > _TOL * (1 + np.abs(wanted))
    details = {
        "winset_lower": np.where(ruled, ws.lower, np.nan),
        "winset_upper": np.where(ruled, ws.upper, np.nan),
        "rule_bound": bound,
        "veto_bound": veto,
        "quota_bound": quota,
    }
    labels = arr.rules.label if arr.rules is not None else ("",) * arr.n_issues
    labels = tuple(lab or default for lab in labels)
    notes = _notes(arr.actor_ids, arr.issue_ids, labels, ws, bound, veto, quota)
    return outcome, details, tuple(f"{model}: {n}" for n in notes)


def _notes(actor_ids: tuple[str, ...], issue_ids: tuple[str, ...], labels: tuple[str, ...], ws: IntervalWinSet,
           bound: np.ndarray, veto: np.ndarray, quota: np.ndarray) -> tuple[str, ...]:
    notes = []
    draws = bound.shape[0]
    for k, issue in enumerate(issue_ids):
        share = bound[:, k].mean()
        if share == 0:
            continue
        how = "" if draws == 1 else f" in {share:.0%} of draws"
        span = (f"win-set {ws.lower[0, k]:.4g}–{ws.upper[0, k]:.4g}" if draws == 1
                else f"win-set {np.median(ws.lower[:, k]):.4g}–{np.median(ws.upper[:, k]):.4g} (medians over draws)")
        who = [a + _share(veto[:, i, k]) for i, a in enumerate(actor_ids) if veto[:, i, k].any()]
        causes = [f"the veto of {', '.join(who)}"] if who else []
        if quota[:, k].any():
            causes.append("the quota" + _share(quota[:, k]))
        notes.append(f"{issue}: the rule ({labels[k]}) bound the outcome{how}, {span}: "
                     f"held by {' and '.join(causes)}")
    return tuple(notes)


def _share(hits: np.ndarray) -> str:
    """`` (40%)``: the share of draws with a hit, or nothing for a single draw."""
    return "" if hits.shape[0] == 1 else f" ({hits.mean():.0%})"


def constrain(arr: ScenarioArrays, outcome: Outcome, model: str) -> Outcome:
    """Any model's outcome held to the decision rules of ``arr``.

    The forecast is projected onto the win-set of the status quo (Tsebelis 2002, ch. 1:
    no outcome outside W(SQ) can pass the rule; the status quo stays when W(SQ) is
    empty). An issue without a rule is decided by unanimity of the actors taking part,
    as in the ``procedural`` model: one semantics for "no rule given" everywhere. The
    unconstrained forecast is kept in ``details['unconstrained']``; notes start with ``model``.
    """
    ws, _ = rule_winset(arr)
    sq_known = ~np.isnan(arr.status_quo)
    if not sq_known.all():
        ws = IntervalWinSet(np.where(sq_known, ws.lower, -np.inf), np.where(sq_known, ws.upper, np.inf),
                            np.where(sq_known[:, None], ws.veto_lower, -np.inf),
                            np.where(sq_known[:, None], ws.veto_upper, np.inf),
                            np.where(sq_known, ws.quota_lower, -np.inf), np.where(sq_known, ws.quota_upper, np.inf))
    forecast, details, notes = hold_to_winset(arr, outcome.forecast, ws, sq_known, model,
                                              default="unanimity, by default")
    missing = [i for k, i in enumerate(arr.issue_ids) if not sq_known[:, k].all()]
    if missing:
        notes += (f"{model}: rules not applied where the status quo is unknown: {', '.join(missing)}",)
    return Outcome(forecast, outcome.history, {**outcome.details, "unconstrained": outcome.forecast, **details},
                   outcome.notes + notes, {**outcome.extra, "rules_applied": True})
