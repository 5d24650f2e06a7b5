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
    kind = np.zeros(e_ij.shape, dtype=np.int8)
    sender_gains = valid & (e_ji > 0)
    kind[sender_gains & (e_ij > 0) & (e_ji > e_ij)] = CONFLICT
    losing = sender_gains & (e_ij < 0)
    kind[losing & (e_ji > -e_ij)] = COMPROMISE
    if capitulation:
        kind[losing & (-e_ij > e_ji)] = CAPITULATION
    return kind


def _narrow(candidates: np.ndarray, key: np.ndarray, largest: bool = False) -> np.ndarray:
    """Keep, per receiver (row), only the candidates with the smallest (largest) key."""
    k = np.where(candidates, -key if largest else key, np.inf)
    return candidates & (k == k.min(axis=-1, keepdims=True))


def accept(z: np.ndarray, e_ij: np.ndarray, e_ji: np.ndarray, kind: np.ndarray, compromise: str,
           choice: str) -> np.ndarray:
    """New positions ``(m, n)``: each receiver moves to the target of the offer it accepts.

    Only receivers with at least one offer are worked on, as ``(receivers, senders)`` rows.
    """
    out = z.copy()
    game, who = np.nonzero((kind != NONE).any(axis=-1))
    if game.size == 0:
        return out
    kind, e_ij, e_ji = kind[game, who], e_ij[game, who], e_ji[game, who]
    zi, zj = z[game, who][:, None], z[game]
    loss, gain = np.abs(e_ij), np.abs(e_ji)
    with np.errstate(divide="ignore", invalid="ignore"):
        weighted = (loss * zi + gain * zj) / (loss + gain)
        settle = zi + (zj - zi) * (loss / gain) if compromise == "fraction" else weighted
    target = np.where(kind == COMPROMISE, settle, zj)
    move = np.abs(target - zi)
    offers = kind != NONE
    if choice == "sender_max":
        chosen = _narrow(offers, e_ji, largest=True)
        chosen = _narrow(chosen, move)
    else:
        rank = np.where(offers, kind, np.int8(127))
        chosen = offers & (rank == rank.min(axis=-1, keepdims=True))
        key = np.where(kind == COMPROMISE, weighted, move) if choice == "lowest_weighted_point" else move
        chosen = _narrow(chosen, key)
        chosen = _narrow(chosen, e_ji, largest=True)
    chosen = _narrow(chosen, target)
    out[game, who] = np.take_along_axis(target, np.argmax(chosen, axis=-1)[:, None], axis=-1)[:, 0]
    return out
