"""Offers and the one offer each actor accepts (Scholz, Calbert & Smith 2011, section 6).

For receiver i and sender j with x_j ≠ x_i (arrays ``[:, i, j]``):

* conflict, i loses: E_ji > E_ij > 0; i moves to x_j;
* compromise: E_ji > 0 > E_ij and E_ji > |E_ij|; i moves toward x_j, by the fraction
  |E_ij / E_ji| of the distance (``"fraction"``, Scholz's code) or to the weighted point
  (|E_ij|·x_i + |E_ji|·x_j)/(|E_ij| + |E_ji|) (``"weighted_point"``, section 6 as printed);
* capitulation: E_ji > 0 > E_ij and |E_ij| > E_ji; i moves to x_j (never fires in the
  code that reproduces the published rounds, whose test is always false);
* otherwise no offer.

Each actor accepts one offer and all move at once. ``"smallest_move"`` takes the best type
(conflict, then compromise, then capitulation) and within it the smallest move (section
6.2: an actor concedes as little as it must); ``"lowest_weighted_point"`` is Scholz's code:
the same, except that among compromises the one with the lowest weighted point wins;
``"sender_max"`` takes, whatever its type, the offer whose sender expects most (E_ji).
Remaining ties go to the sender expecting most, then to the lower new position, so the
choice never depends on the order in which actors are listed.
"""

from __future__ import annotations

import numpy as np

COMPROMISE_RULES = ("fraction", "weighted_point")
OFFER_CHOICES = ("smallest_move", "lowest_weighted_point", "sender_max")
NONE, CONFLICT, COMPROMISE, CAPITULATION = 0, 1, 2, 3


def classify(e_ij: np.ndarray, e_ji: np.ndarray, valid: np.ndarray, capitulation: bool) -> np.ndarray:
    """Offer type per ``[:, i, j]`` (``NONE``, ``CONFLICT``, ``COMPROMISE``, ``CAPITULATION``)."""
    sender_gains = e_ji > 0
    sender_gains &= valid
    conflict = e_ji > e_ij
    conflict &= e_ij > 0
    conflict &= sender_gains
    # the types exclude each other (e_ij > 0; or e_ij < 0 and one of two strict orders): each is written once
    kind = conflict.view(np.int8)
    losing = e_ij < 0
    losing &= sender_gains
    loss = np.negative(e_ij)
    offer = e_ji > loss
    offer &= losing
    np.copyto(kind, np.int8(COMPROMISE), where=offer)
    if capitulation:
        np.greater(loss, e_ji, out=offer)
        offer &= losing
        np.copyto(kind, np.int8(CAPITULATION), where=offer)
    return kind


def _narrow(candidates: np.ndarray, key: np.ndarray, largest: bool = False) -> np.ndarray:
    """Keep, per receiver (row), only the candidates with the smallest (largest) key."""
    k = np.where(candidates, -key if largest else key, np.inf)
    return candidates & (k == k.min(axis=-1, keepdims=True))


def _settled(chosen: np.ndarray) -> bool:
    """Whether every row has exactly one candidate left (rows are never left empty: keys are finite)."""
    return np.count_nonzero(chosen) == chosen.shape[0]


def accept(z: np.ndarray, e_ij: np.ndarray, e_ji: np.ndarray, kind: np.ndarray, compromise: str,
           choice: str) -> np.ndarray:
    """New positions ``(m, n)``: each receiver moves to the target of the offer it accepts.

    Only receivers with at least one offer are worked on, as ``(receivers, senders)`` rows;
    targets and keys of compromises are computed for the compromises alone. Once every
    receiver is left with one candidate the remaining tie-breaks are skipped.
    """
    out = z.copy()
    m, n = z.shape
    has = kind.any(axis=-1)
    if np.all(has):  # every receiver has an offer: the rows are the arrays themselves
        game, who = np.divmod(np.arange(m * n), n)
        kind, e_ij, e_ji = kind.reshape(m * n, n), e_ij.reshape(m * n, n), e_ji.reshape(m * n, n)
        zj = np.repeat(z, n, axis=0)
    else:
        game, who = np.nonzero(has)
        if game.size == 0:
            return out
        kind, e_ij, e_ji = kind[game, who], e_ij[game, who], e_ji[game, who]
        zj = z[game]
    zi = z[game, who][:, None]
    comp = kind == COMPROMISE
    at = np.nonzero(comp)
    target = zj.copy()
    weighted = None
    if at[0].size:
        loss, gain, ci, cj = np.abs(e_ij[at]), np.abs(e_ji[at]), zi[at[0], 0], zj[at]
        with np.errstate(divide="ignore", invalid="ignore"):
            weighted = (loss * ci + gain * cj) / (loss + gain)
            target[at] = ci + (cj - ci) * (loss / gain) if compromise == "fraction" else weighted
    move = np.subtract(target, zi)
    np.abs(move, out=move)
    if choice == "sender_max":
        chosen = _narrow(kind != NONE, e_ji, largest=True)
        if not _settled(chosen):
            chosen = _narrow(chosen, move)
    else:
        rank = np.subtract(kind, np.int8(1)).view(np.uint8)  # NONE becomes 255, after every offer type
        chosen = rank == rank.min(axis=-1, keepdims=True)
        if not _settled(chosen):
            key = move
            if choice == "lowest_weighted_point" and weighted is not None:
                key = move.copy()
                key[at] = weighted
            chosen = _narrow(chosen, key)
            if not _settled(chosen):
                chosen = _narrow(chosen, e_ji, largest=True)
    if not _settled(chosen):
        chosen = _narrow(chosen, target)
    out[game, who] = np.take_along_axis(target, np.argmax(chosen, axis=-1)[:, None], axis=-1)[:, 0]
    return out
