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
choice never depends on the order in which actors are listed. The type tests and the
tie-breaks count a difference of at most ``TIE`` = 1e-14 as none (utilities are of order 1
and positions are normalised to [0, 1], so this is a few hundred times their rounding
error): values equal in exact arithmetic (by a mirror symmetry of the positions, say) then
give the same type and the same choice whatever way their rounding errors fell. For the
same reason actors closer than ``TIE`` (in positions normalised by Δ) are at the same
position and make each other no offer.
"""

from __future__ import annotations

import numpy as np

COMPROMISE_RULES = ("fraction", "weighted_point")
OFFER_CHOICES = ("smallest_move", "lowest_weighted_point", "sender_max")
NONE, CONFLICT, COMPROMISE, CAPITULATION = 0, 1, 2, 3
TIE = 1e-14  # expected utilities closer than this are taken as equal by the offer-type tests


def classify(e_ij: np.ndarray, e_ji: np.ndarray, valid: np.ndarray, capitulation: bool) -> np.ndarray:
    """Offer type per ``[:, i, j]`` (``NONE``, ``CONFLICT``, ``COMPROMISE``, ``CAPITULATION``).

    E_ji > 0 need not be tested for conflicts (E_ji > E_ij > 0) nor compromises
    (E_ji > −E_ij > 0); the three types exclude each other, so each is written once.
    Each inequality must hold by more than ``TIE``.
    """
    kind = e_ji > e_ij + TIE
    kind &= e_ij > TIE
    kind &= valid
    kind = kind.view(np.int8)  # CONFLICT is 1
    loss = np.negative(e_ij)
    losing = e_ij < -TIE
    losing &= valid
    offer = e_ji > loss + TIE
    offer &= losing
    np.copyto(kind, np.int8(COMPROMISE), where=offer)
    if capitulation:
        np.greater(loss, e_ji + TIE, out=offer)
        offer &= losing
        offer &= e_ji > TIE
        np.copyto(kind, np.int8(CAPITULATION), where=offer)
    return kind


def _narrow(candidates: np.ndarray, key: np.ndarray, starts: np.ndarray, receiver: np.ndarray,
            largest: bool = False) -> np.ndarray:
    """Keep, per receiver, only the candidates with the smallest (largest) key, to within ``TIE``.

    Offers are listed receiver by receiver: ``starts`` is where each receiver's run begins
    and ``receiver`` numbers the run of each offer.
    """
    k = np.where(candidates, -key if largest else key, np.inf)
    return candidates & (k <= np.minimum.reduceat(k, starts)[receiver] + TIE)


def accept(z: np.ndarray, e_ij: np.ndarray, e_ji: np.ndarray, kind: np.ndarray, compromise: str,
           choice: str) -> np.ndarray:
    """New positions ``(m, n)``: each receiver moves to the target of the offer it accepts.

    Only the offers are worked on, as one list ordered by game, receiver and sender; targets
    and keys of compromises are computed for the compromises alone, and once every receiver
    is left with one candidate the remaining tie-breaks are skipped (keys are finite).
    """
    out = z.copy()
    n = z.shape[1]
    flat = np.flatnonzero(kind != NONE)
    if flat.size == 0:
        return out
    pair_row = flat // n  # game·n + receiver: the receiver's place in z
    sender = flat - pair_row * n
    kinds, e_ij, e_ji = np.take(kind, flat), np.take(e_ij, flat), np.take(e_ji, flat)
    zflat = z.ravel()
    zi = zflat[pair_row]
    sender += pair_row // n * n
    zj = zflat[sender]
    first = np.empty(flat.size, dtype=bool)
    first[0] = True
    np.not_equal(pair_row[1:], pair_row[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    receiver = np.cumsum(first) - 1
    at = np.flatnonzero(kinds == COMPROMISE)
    target = zj.copy()
    weighted = None
    if at.size:
        loss, gain, ci, cj = np.abs(e_ij[at]), np.abs(e_ji[at]), zi[at], zj[at]
        with np.errstate(divide="ignore", invalid="ignore"):
            weighted = (loss * ci + gain * cj) / (loss + gain)
            target[at] = ci + (cj - ci) * (loss / gain) if compromise == "fraction" else weighted
    move = np.abs(target - zi)

    def settled(chosen: np.ndarray) -> bool:
        return np.count_nonzero(chosen) == starts.size

    if choice == "sender_max":
        chosen = _narrow(np.ones(flat.size, dtype=bool), e_ji, starts, receiver, largest=True)
        if not settled(chosen):
            chosen = _narrow(chosen, move, starts, receiver)
    else:
        chosen = kinds == np.minimum.reduceat(kinds, starts)[receiver]
        if not settled(chosen):
            key = move
            if choice == "lowest_weighted_point" and weighted is not None:
                key = move.copy()
                key[at] = weighted
            chosen = _narrow(chosen, key, starts, receiver)
            if not settled(chosen):
                chosen = _narrow(chosen, e_ji, starts, receiver, largest=True)
    if not settled(chosen):
        chosen = _narrow(chosen, target, starts, receiver)
    # each receiver takes the first offer left, that of the lowest sender
    pick = np.minimum.reduceat(np.where(chosen, np.arange(flat.size), flat.size), starts)
    out.reshape(-1)[pair_row[starts]] = target[pick]
    return out
