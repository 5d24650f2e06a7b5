"""Win-sets of the status quo: hand-computed cases in one and two dimensions, and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from realpolitik.institutions.winset import in_winset, interval_winset, winset_grid


def one_issue(positions, votes, veto, quota, sq, others=0.0, others_position=np.nan):
    x = np.asarray(positions, float)[None, :, None]
    w = np.asarray(votes, float)[None, :, None]
    v = np.asarray(veto, bool)[:, None]
    return interval_winset(x, w, v, np.array([quota]), np.array([[sq]]), np.array([others]),
                           np.array([others_position]))


def ends(ws):
    return float(ws.lower[0, 0]), float(ws.upper[0, 0])


def test_simple_majority_of_three():
    # voters at 20, 60, 80, status quo 50: to the right, 60 accepts up to 70 and 80 up to 110,
    # so two of three votes reach 70; to the left only the voter at 20 (down to -10) agrees.
    ws = one_issue([20, 60, 80], [1, 1, 1], [0, 0, 0], 0.5, 50)
    assert ends(ws) == (50, 70)
    assert not ws.empty[0, 0]


def test_veto_player_cuts_the_winset_and_is_named():
    # quota 1/3: one vote suffices, so the quota reaches -10 and 110; the veto of the
    # voter at 60 keeps moves within [50, 70] (it wants no move to the left at all).
    ws = one_issue([20, 60, 80], [1, 1, 1], [0, 1, 0], 1 / 3, 50)
    assert ends(ws) == (50, 70)
    wanted = np.array([[90.0]])
    assert ws.vetoes(wanted)[0, :, 0].tolist() == [False, True, False]
    assert not ws.short_of_quota(wanted)[0, 0]
    assert ws.vetoes(np.array([[65.0]]))[0, :, 0].tolist() == [False, False, False]


def test_weighted_quota():
    # votes 10, 30, 60 at 20, 60, 80, status quo 50. Moving right: the 60-vote actor reaches 110,
    # the 30-vote actor 70. A quota of 0.65 (65 votes) needs both: 70; a quota of 0.6 the big one alone: 110.
    assert ends(one_issue([20, 60, 80], [10, 30, 60], [0, 0, 0], 0.65, 50))[1] == 70
    assert ends(one_issue([20, 60, 80], [10, 30, 60], [0, 0, 0], 0.6, 50))[1] == 110


def test_members_not_modelled_vote_for_the_status_quo_by_default():
    # a Security-Council-like rule: three modelled permanent members at 60, 70, 80, status quo 10,
    # twelve other members; 9 of 15 votes needed.
    ws = one_issue([60, 70, 80], [1, 1, 1], [1, 1, 1], 9 / 15, 10, others=12)
    assert ends(ws) == (10, 10) and ws.empty[0, 0]
    # with the others assumed at 40 they accept moves up to 70; the vetoes reach 110 at least
    ws = one_issue([60, 70, 80], [1, 1, 1], [1, 1, 1], 9 / 15, 10, others=12, others_position=40)
    assert ends(ws) == (10, 70)
    assert ws.short_of_quota(np.array([[80.0]]))[0, 0]
    assert not ws.vetoes(np.array([[80.0]])).any()


def test_veto_player_at_the_status_quo_empties_the_winset():
    ws = one_issue([0, 60, 90], [1, 1, 1], [1, 0, 0], 0.5, 0)
    assert ends(ws) == (0, 0) and ws.empty[0, 0]


def test_vectorized_over_draws_and_issues():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 100, (4, 5, 3))
    w = rng.uniform(1, 10, (4, 5, 3))
    veto = rng.random((5, 3)) < 0.3
    quota = np.array([0.5, 0.7, 1.0])
    sq = rng.uniform(0, 100, (4, 3))
    ws = interval_winset(x, w, veto, quota, sq)
    for b in range(4):
        for k in range(3):
            one = one_issue(x[b, :, k], w[b, :, k], veto[:, k], quota[k], sq[b, k])
            assert ends(one) == pytest.approx((ws.lower[b, k], ws.upper[b, k]))


# -- several issues ------------------------------------------------------------------------

IDEALS = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
EQUAL = np.ones((3, 2))
SQ2 = np.array([10.0, 10.0])


def test_two_issues_unanimity_hand_computed():
    # circles through (10, 10) around (0, 0), (10, 0), (0, 10): radii² 200, 100, 100
    votes, veto = np.ones(3), np.zeros(3, bool)
    points = np.array([[5, 5], [0, 0], [-1, 0], [10, 10], [12, 0]], float)
    inside = in_winset(points, IDEALS, EQUAL, SQ2, votes, veto, 1.0)
    # (5,5): 50 ≤ 200, 50 ≤ 100, 50 ≤ 100; (0,0): on both small circles; (-1,0): 121 > 100 for (10,0);
    # (12,0): 244 > 100 for (0,10)
    assert inside.tolist() == [True, True, False, True, False]


def test_two_issues_majority_and_veto():
    votes = np.ones(3)
    point = np.array([12.0, 0.0])  # preferred by the first two (144 ≤ 200, 4 ≤ 100), not by the third
    assert in_winset(point, IDEALS, EQUAL, SQ2, votes, np.zeros(3, bool), 0.5)
    assert not in_winset(point, IDEALS, EQUAL, SQ2, votes, np.array([False, False, True]), 0.5)


def test_two_issues_saliences_weigh_the_distances():
    # an actor who cares only about the first issue prefers any point within 10 of it there
    sal = np.array([[1.0, 0.0]])
    ideal = np.array([[0.0, 0.0]])
    pts = np.array([[9.0, 100.0], [11.0, 0.0]])
    assert in_winset(pts, ideal, sal, SQ2, np.ones(1), np.zeros(1, bool), 1.0).tolist() == [True, False]


def test_grid_matches_membership_and_contains_the_status_quo():
    axes, mask = winset_grid(np.zeros(2), np.full(2, 20.0), IDEALS, EQUAL, SQ2, np.ones(3), np.zeros(3, bool),
                             1.0, resolution=21)
    assert mask.shape == (21, 21)
    assert mask[10, 10]  # the status quo (10, 10) is always in its own win-set
    assert mask[5, 5] and not mask[20, 0]
    i, j = 3, 7
    assert mask[i, j] == in_winset(np.array([axes[0][i], axes[1][j]]), IDEALS, EQUAL, SQ2, np.ones(3),
                                   np.zeros(3, bool), 1.0)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 100), min_size=2, max_size=6), st.floats(0, 100), st.floats(0.05, 1.0),
       st.integers(0, 2 ** 6 - 1))
@example(positions=[0.0, 1.00001], sq=1.00001, quota=1.0, veto_bits=0)  # an actor at the status quo, 1e-5 away
def test_interval_equals_the_grid_in_one_dimension(positions, sq, quota, veto_bits):
    n = len(positions)
    veto = np.array([(veto_bits >> i) & 1 for i in range(n)], bool)
    ws = one_issue(positions, np.ones(n), veto, quota, sq)
    grid = np.linspace(-100, 200, 601)
    inside = in_winset(grid[:, None], np.asarray(positions)[:, None], np.ones((n, 1)), np.array([sq]),
                       np.ones(n), veto, quota)
    lo, hi = ends(ws)
    assert lo <= sq <= hi
    away = np.abs(grid - lo) > 1e-6
    away &= np.abs(grid - hi) > 1e-6
    assert np.array_equal(inside[away], ((grid >= lo) & (grid <= hi))[away])
