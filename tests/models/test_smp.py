"""KTAB's spatial model (``smp``): hand-computed formulas, invariants and KTAB's own reference run."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realpolitik import load, run
from realpolitik.models import compiled
from realpolitik.models.smp_pce import VOTING_RULES, coalitions, election, victory
from realpolitik.models.smp_turn import (
    RISK_ADJUSTMENTS,
    bargains,
    best_targets,
    challenge_table,
    challenges,
    distance,
    own_utilities,
    perspectives,
    queue_values,
    queues,
    risk_from_probability,
    utility,
)
from tests.conftest import EXAMPLE, ROOT, make_scenario, on_both_paths, random_scenario

HARBOUR = ROOT / "tests" / "fixtures" / "ktab" / "harbour.csv"

# -- step 1: distance and utility --------------------------------------------------------------


def test_distance_is_salience_weighted_on_three_actors(kernel_path):
    ideal = np.array([[[0.2, 0.4], [0.5, 0.8], [0.0, 1.0]]])
    sal = np.array([[[0.3, 0.4], [0.5, 0.0], [0.0, 0.0]]])
    d = distance(ideal, ideal, sal)[0]
    # actor 0 to actor 1: sqrt((0.09·0.09 + 0.16·0.16) / 0.25) = sqrt(0.1348)
    assert d[0, 1] == pytest.approx(0.367151, abs=1e-6)
    # actor 1 cares only about the first dimension: |0.5 − 0.2|
    assert d[1, 0] == pytest.approx(0.3)
    # actor 2 cares about nothing: indifferent
    assert np.all(d[2] == 0)
    assert np.all(np.diag(d) == 0)


@pytest.mark.parametrize(("d", "r", "u"), [(0.5, 0.0, 0.5), (0.5, 1.0, 0.75), (0.5, -1.0, 0.25), (0.0, 0.7, 1.0),
                                           (1.0, -0.5, 0.0), (0.2, 0.5, 0.88)])
def test_utility_by_hand(d, r, u):
    assert utility(np.array(d), np.array(r)) == pytest.approx(u)


# -- step 2: the probabilistic Condorcet election ----------------------------------------------
W3 = np.array([[1.0, 2.0, 3.0]])
U3 = np.array([[[1.0, 0.5, 0.0], [0.0, 1.0, 0.5], [0.5, 0.0, 1.0]]])


def test_coalitions_and_conditional_pce_by_hand(kernel_path):
    c = coalitions("proportional", W3, U3)[0]
    # C(0,1) = 1·0.5 + 3·0.5, C(1,0) = 2·1; C(0,2) = 1·1, C(2,0) = 2·0.5 + 3·0.5; C(1,2) = 1·0.5 + 2·0.5, C(2,1) = 3·1
    assert c == pytest.approx(np.array([[0, 2.0, 1.0], [2.0, 0, 1.5], [2.5, 3.0, 0]]), abs=1e-7)
    p = victory(coalitions("proportional", W3, U3), "linear")[0]
    assert p[0, 2] == pytest.approx(1 / 3.5) and p[1, 2] == pytest.approx(1 / 3) and p[1, 1] == 0.5
    # p_m ∝ Π P(m > m'): 0.5/3.5, 0.5/3, (2.5/3.5)(3/4.5) -> 2/11, 7/33, 20/33
    got = election(coalitions("proportional", W3, U3), "linear", "conditional")[0, 0]
    assert got == pytest.approx([2 / 11, 7 / 33, 20 / 33], rel=1e-6)


def test_victory_models_sharpen_the_same_strengths():
    c = coalitions("proportional", W3, U3)
    probs = [victory(c, m)[0, 2, 0] for m in ("linear", "square", "quartic", "octic")]
    assert probs[0] == pytest.approx(2.5 / 3.5, rel=1e-6)
    assert probs[1] == pytest.approx(6.25 / 7.25, rel=1e-6)
    assert probs == sorted(probs)
    assert victory(c, "binary")[0, 2, 0] == pytest.approx(1 / (1 + 1e-6))  # 2.5 ≥ 1.1·1


def test_binary_and_cubic_votes(kernel_path):
    c = coalitions("binary", W3, U3)[0]
    assert c[0, 1] == pytest.approx(4.0) and c[1, 0] == pytest.approx(2.0)  # votes of full weight
    c = coalitions("cubic", W3, U3)[0]
    assert c[0, 1] == pytest.approx(1 * 0.125 + 3 * 0.125) and c[1, 0] == pytest.approx(2.0)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["conditional", "markov_incentive", "markov_uniform"]),
       st.sampled_from(["linear", "square", "binary"]))
def test_election_probabilities_form_distributions_on_their_queues(seed, variant, model):
    rng = np.random.default_rng(seed)
    b, a, m = 2, 4, 5
    u = rng.uniform(0, 1, (b, a, m))
    mask = rng.random((b, 3, m)) < 0.6
    mask[..., 0] = True
    p = election(coalitions("proportional", rng.uniform(1, 10, (b, a)), u), model, variant, mask)
    assert np.all(p >= 0) and np.all(p[~mask] == 0)
    assert np.allclose(p.sum(axis=-1), 1.0)


def test_markov_variants_favour_the_condorcet_winner():
    u = np.array([[[1.0, 0.0, 0.2], [1.0, 0.3, 0.0], [0.9, 1.0, 0.0]]])  # option 0 beats both others
    c = coalitions("proportional", np.ones((1, 3)), u)
    for variant in ("conditional", "markov_incentive", "markov_uniform"):
        p = election(c, "linear", variant)[0, 0]
        assert np.argmax(p) == 0, variant


# -- step 3: risk attitudes ------------------------------------------------------------------
def test_risk_attitudes_span_their_range():
    p = np.array([[0.1, 0.3, 0.6]])
    assert risk_from_probability(p, "mid")[0] == pytest.approx([-0.5, 0.1, 1.0])
    assert risk_from_probability(p, "min")[0] == pytest.approx([0.0, 0.4, 1.0])
    assert risk_from_probability(p, "max")[0] == pytest.approx([-1.0, -0.2, 1.0])
    assert np.all(risk_from_probability(np.full((1, 3), 1 / 3), "mid") == 0)


# -- step 4: challenges ----------------------------------------------------------------------
# one dimension, positions 0, 0.2, 1, risk-neutral: u(a, m) = 1 − |x_a − x_m|, weights c·S = 1, S = ½
U_LINE = np.broadcast_to(np.array([[1, 0.8, 0], [0.8, 1, 0.2], [0, 0.2, 1]]), (1, 3, 3, 3)).copy()
D_LINE = 1.0 - U_LINE[:, 0]  # the distances behind U_LINE: with R = 0, u = 1 − d
RISK_NEUTRAL = np.zeros((1, 3))


def line_challenges(rule: str, commit: str, estimate: str = "own_vote") -> tuple[np.ndarray, np.ndarray]:
    """Gains and probabilities on the line, through the path under test (compiled or NumPy)."""
    return challenge_table(D_LINE, RISK_NEUTRAL, "one_third", np.ones((1, 3)), np.full((1, 3), 0.5), rule, commit,
                           estimate)


def test_challenge_with_semi_committed_third_party_by_hand(kernel_path):
    # 0 against 2 as 0 sees it: u_00 = 1, u_02 = 0, u_20 = 0, u_22 = 1; third party 1: u_10 = 0.8, u_12 = 0.2
    c_i = 1e-10 + 1 * (1 - 0)  # 0 votes for itself
    c_j = 1e-10 + 1 * (1 - 0)  # 2 votes for itself
    own = 1 * (0.8 - 0.2)  # third party 1 prefers 0 by 0.6
    p = (c_i + own) / (c_i + own + c_j)  # its little contest: principals plus its own vote, 8/13
    join_i = p * (2 * 0.8 + 1) + (1 - p) * 3 * 0.2
    join_j = p * 3 * 0.8 + (1 - p) * (2 * 0.2 + 1)
    v = 1 * (join_i - join_j)  # −12/65: it joins 2
    prob = c_i / (c_i + c_j - v)
    gain = 0.5 * 2 * 1 + 0.5 * (prob * 2 * 1 + (1 - prob) * 2 * 0) - (1 + 0)
    assert p == pytest.approx(8 / 13) and v == pytest.approx(-12 / 65) and prob == pytest.approx(65 / 142)
    gains, probs = line_challenges("proportional", "semi")
    assert probs[0, 0, 2] == pytest.approx(prob, rel=1e-9)
    assert gains[0, 0, 2] == pytest.approx(gain, rel=1e-9)
    # 0 against 1: principals 0.2 : 0.2; third party 2 (u_20 = 0, u_21 = 0.2) prefers 1 by 0.2, p = 0.2/0.6 = 1/3,
    # joining 0: ⅓(2·0 + 1) + ⅔·3·0.2 = 11/15, joining 1: ⅓·3·0 + ⅔(2·0.2 + 1) = 14/15: a vote of −0.2
    p = 0.2 / (0.2 + 0.2 + 0.2)
    v = (p * (2 * 0 + 1) + (1 - p) * 3 * 0.2) - (p * 3 * 0 + (1 - p) * (2 * 0.2 + 1))
    prob = 0.2 / (0.2 + 0.2 - v)
    assert prob == pytest.approx(1 / 3)
    gain = 0.5 * 2 + 0.5 * (prob * 2 + (1 - prob) * 1.6) - 1.8
    assert probs[0, 0, 1] == pytest.approx(prob, rel=1e-8)
    assert gains[0, 0, 1] == pytest.approx(gain, rel=1e-7)
    assert np.all(np.isneginf(np.diagonal(gains, axis1=1, axis2=2)))
    # leaving the third party's own vote out of its little contest: p = ½, vote 0.5·1 − 0.8 = −0.3, P = 1/2.3
    _, probs = line_challenges("proportional", "semi", "principals")
    assert probs[0, 0, 2] == pytest.approx(1 / 2.3, rel=1e-9)


def test_third_party_estimate_on_two_dimensions_by_hand(kernel_path):
    x = [(0.1, 0.2), (0.9, 0.8), (0.6, 0.3)]
    s = [(0.5, 0.3), (0.4, 0.4), (0.3, 0.6)]
    c = [3.0, 2.0, 1.0]

    def u(a, m):  # risk-neutral: 1 − d_a(x_m)
        num = sum(s[a][k] ** 2 * (x[a][k] - x[m][k]) ** 2 for k in range(2))
        return 1 - (num / sum(sk**2 for sk in s[a])) ** 0.5

    w = [c[a] * sum(s[a]) for a in range(3)]  # 2.4, 1.6, 0.9
    c_i = 1e-10 + w[0] * (u(0, 0) - u(0, 1))  # principals only: 0 against 1
    c_j = 1e-10 + w[1] * (u(1, 1) - u(1, 0))
    own = w[2] * (u(2, 0) - u(2, 1))  # > 0: third party 2 prefers 0

    def p_beats(p):
        lean = w[2] * ((p * (2 * u(2, 0) + u(2, 2)) + (1 - p) * 3 * u(2, 1))
                       - (p * 3 * u(2, 0) + (1 - p) * (2 * u(2, 1) + u(2, 2))))
        return (c_i + max(lean, 0)) / (c_i + c_j + abs(lean))

    ktab = p_beats((c_i + own) / (c_i + own + c_j))
    alone = p_beats(c_i / (c_i + c_j))
    assert ktab == pytest.approx(0.61210, abs=5e-6) and alone == pytest.approx(0.60882, abs=5e-6)
    xs, ss = np.array([x]), np.array([s])
    d = distance(xs, xs, ss)
    total = ss.sum(axis=-1)
    for estimate, expected in (("own_vote", ktab), ("principals", alone)):
        _, prob = challenge_table(d, np.zeros((1, 3)), "one_third", np.array([c]) * total, total, "proportional",
                                  "semi", estimate)
        assert prob[0, 0, 1] == pytest.approx(expected, rel=1e-9), estimate


def test_challenge_voting_rules_by_hand(kernel_path):
    # binary votes on the line, 0 against 2: principals 1 : 1, third party 1 counts +1 for 0 in its little
    # contest (p = 2/3), then leans (0.2 − 1) + ⅔(2 − 0.8 − 0.2) = −2/15 < 0: a full vote for 2, P = 1/3
    _, prob = line_challenges("binary", "semi")
    assert prob[0, 0, 2] == pytest.approx(1 / 3, rel=1e-7)
    # cubic: principals 1 : 1, little contest (1 + 0.216)/2.216, lean −0.8 + p, vote lean³
    p = 1.216 / 2.216
    _, prob = line_challenges("cubic", "semi")
    assert prob[0, 0, 2] == pytest.approx(1 / (2 + abs(p - 0.8) ** 3), rel=1e-7)


def test_a_challenge_needs_a_gain_above_one_in_a_hundred_thousand():
    gain = np.array([[[-np.inf, 0.8e-5, 0.5e-5], [3e-5, -np.inf, 3e-5], [-0.2, -0.1, -np.inf]]])
    target, challenged = best_targets(gain)
    assert target[0].tolist() == [1, 0, 1]  # ties go to the lowest index
    assert challenged[0].tolist() == [False, True, False]


def test_full_commitment_leaves_only_the_principals(kernel_path):
    _, prob = line_challenges("proportional", "full")
    assert prob[0, 0, 2] == pytest.approx(0.5)


# -- step 5: bargains ------------------------------------------------------------------------
def test_bargain_s2p2_by_hand():
    pos = np.array([[[0.2, 0.7], [0.6, 0.1], [0.9, 0.9]]])
    sal = np.array([[[0.5, 0.2], [0.5, 0.4], [0.3, 0.3]]])
    bi, bj = bargains(pos, sal, np.array([[1, 0, 0]]), np.array([[0.5, 0.8, 0.5]]), "s2p2")
    # actor 0 with 1 at p = ½, first dimension: equal weights (0.5·0.5)² -> the midpoint 0.4 after rounding
    assert bi[0, 0, 0] == pytest.approx(0.4) and bj[0, 0, 0] == pytest.approx(0.4)
    # second dimension: weights (0.2·0.5)² = 0.01 and (0.4·0.5)² = 0.04 -> (0.01·0.7 + 0.04·0.1)/0.05 = 0.22
    assert bi[0, 0, 1] == pytest.approx(0.22) and bj[0, 0, 1] == pytest.approx(0.22)
    # actor 1 (p = 0.8) with 0, first dimension: weights (0.4)² and (0.1)² -> (0.16·0.6 + 0.01·0.2)/0.17
    assert bi[0, 1, 0] == pytest.approx(round(0.098 / 0.17, 4))
    assert np.allclose(bi, np.round(bi, 4))


# -- step 6: queues and their values -------------------------------------------------------------
def test_queue_values_average_utilities_after_the_bargain():
    ideal = np.array([[[0.0], [0.2], [1.0]]])
    sal = np.ones((1, 3, 1))
    risk = np.zeros((1, 3))
    target = np.array([[2, 2, 0]])
    bi = np.array([[[0.4], [0.5], [0.3]]])
    bj = np.array([[[0.5], [0.6], [0.1]]])
    values = queue_values(np.einsum("baam->bam", U_LINE), ideal, sal, risk, target, bi, bj)[0]
    # status quo for actor 0: (1 + 0.8 + 0)/3; bargain of 0 with 2 moves them to 0.4 and 0.5: (0.6 + 0.8 + 0.5)/3
    assert values[0, 0] == pytest.approx(1.8 / 3)
    assert values[0, 1] == pytest.approx(1.9 / 3)
    # actor 2 (ideal 1) values its own bargain with 0 (0.3 for itself, 0.1 for 0) with actor 1 unmoved at 0.2
    assert values[2, 3] == pytest.approx((0.3 + 0.1 + 0.2) / 3)
    mask = queues(target, np.array([[True, True, False]]))[0]
    assert mask.tolist() == [[True, True, False, False], [True, False, True, False], [True, True, True, False]]


# -- the whole model -------------------------------------------------------------------------
KTAB_DUMMY_3DIM = """
75.8 79.5 80.6 80.6 78.5 78.5 78.5 78.5 78.6 78.6 78.6
6.4 44.7 34.2 35.0 30.5 30.5 31.2 31.2 31.5 31.8 31.8
70.5 72.0 75.9 76.1 74.0 74.0 74.0 74.0 74.0 74.1 74.1
82.7 78.9 76.0 78.3 79.0 79.0 79.1 78.5 79.9 78.6 78.6
73.5 56.3 27.5 30.5 30.6 30.6 30.9 31.2 34.4 31.8 31.8
64.0 72.5 72.0 73.8 74.2 74.2 74.3 74.0 75.2 74.1 74.1
82.5 82.5 82.5 82.5 82.5 82.5 82.5 82.5 82.5 82.5 82.5
90.9 90.9 90.9 90.9 90.9 90.9 90.9 90.9 90.9 90.9 90.9
0.1 0.1 0.1 0.1 0.1 0.1 0.1 0.1 0.1 0.1 0.1
62.5 65.8 66.7 66.7 66.7 66.7 67.1 67.1 67.1 67.1 67.1
50.8 50.8 50.2 50.2 50.2 50.2 50.1 50.1 50.1 50.1 50.1
62.3 63.0 63.5 63.5 63.5 63.5 63.7 63.7 63.7 63.7 63.7
82.3 79.5 81.5 78.3 78.5 78.5 78.6 80.5 78.6 78.6 78.6
45.8 44.7 35.8 30.5 30.5 30.5 30.6 34.6 31.6 31.6 31.6
73.3 72.0 79.1 73.8 74.0 74.0 74.1 75.9 74.0 74.1 74.1
84.5 84.4 80.6 80.7 80.6 80.5 80.5 80.5 79.9 79.9 79.9
33.7 34.1 34.2 34.3 34.7 34.6 34.6 34.6 34.4 34.4 34.4
88.1 86.3 75.9 76.3 76.1 75.9 75.9 75.9 75.2 75.2 75.2
71.0 75.6 76.0 77.4 77.4 80.5 78.5 78.5 78.7 78.7 78.6
33.5 24.8 27.5 28.7 28.7 34.6 31.2 31.2 31.3 31.3 31.6
90.4 72.0 72.0 73.0 73.0 75.9 74.0 74.0 74.1 74.1 74.1
"""
# KTAB's positions to 10⁻⁴ after the first turn and at the end (its "postn" lines)
KTAB_TURN_1 = [[79.54, 44.71, 72.05], [78.93, 56.33, 72.52], [82.45, 90.89, 0.07], [65.82, 50.76, 63.02],
               [79.54, 44.72, 72.05], [84.39, 34.05, 86.34], [75.61, 24.79, 71.95]]
KTAB_LAST = [[78.56, 31.76, 74.05], [78.56, 31.76, 74.05], [82.45, 90.89, 0.07], [67.12, 50.12, 63.73],
             [78.60, 31.65, 74.11], [79.88, 34.37, 75.16], [78.60, 31.65, 74.11]]
# KTAB's final probabilities of the distinct positions: {0, 1}, {2}, {3}, {4, 6}, {5}
KTAB_FINAL = {(0, 1): 0.3340, (2,): 0.0183, (3,): 0.0957, (4, 6): 0.1512, (5,): 0.4009}


def test_positions_turn_by_turn_match_ktab_reference_run(shared_data, kernel_path):
    """KTAB's reference log (KAPSARC/KTAB, examples/smp/doc/20170530_ref-dummyData_3Dim.txt) prints
    every actor's position per turn to 0.1 and the final probabilities; ours must agree."""
    r = run("smp", load(shared_data / "ktab" / "dummyData_3Dim.csv").arrays())
    expected = np.array(KTAB_DUMMY_3DIM.split(), dtype=float).reshape(7, 3, 11).transpose(2, 0, 1)
    got = r.history["position"][0]
    assert got.shape == expected.shape
    assert np.abs(got - expected).max() <= 0.05 + 1e-9
    assert got[1] == pytest.approx(np.array(KTAB_TURN_1), abs=1e-9)
    assert got[-1] == pytest.approx(np.array(KTAB_LAST), abs=1e-9)
    final = got[-1]
    fc = sum(p * final[list(group)].mean(axis=0) for group, p in KTAB_FINAL.items())
    assert r.forecast[0] == pytest.approx(fc, abs=0.01)
    assert np.allclose(r.history["forecast"][0, -1], r.forecast[0])


def test_stop_rules_and_history_shapes():
    sc = load(HARBOUR)
    one = run("smp", sc.arrays(), params={"max_turns": 1})
    assert one.history["position"].shape == (1, 2, 3, 2)
    assert one.history["forecast"].shape == (1, 2, 2)
    assert np.all(one.details["turns"] == 1)
    full = run("smp", sc.arrays())
    turns = int(full.details["turns"][0, 0])
    assert full.history["position"].shape[1] == turns + 1
    assert 2 <= turns <= 100


MOVING = random_scenario(np.random.default_rng(0), n=6, k=2, status_quo=False)  # settles after several turns


@pytest.mark.parametrize("ratio", [0.02, 0.1, 0.3, 1.0])
def test_run_stops_on_the_first_turn_that_moves_less_than_the_ratio(ratio):
    arr = MOVING.arrays()
    long = run("smp", arr, params={"stop_ratio": 0.0, "max_turns": 40})
    assert np.all(long.details["turns"] == 40)  # a ratio of 0 never stops it
    unit = (long.history["position"][0] - arr.lower) / (arr.upper - arr.lower)
    moved = np.linalg.norm(np.diff(unit, axis=0), axis=-1).sum(axis=-1)  # total movement of turns 1, 2, …
    quiet = [t for t in range(2, 41) if moved[t - 1] < ratio * (moved[0] + 1e-4)]
    expected = quiet[0]
    r = run("smp", arr, params={"stop_ratio": ratio})
    assert np.all(r.details["turns"] == expected)
    assert r.history["position"].shape[1] == expected + 1
    assert np.allclose(r.history["position"][0], long.history["position"][0, :expected + 1])
    if ratio == 0.02:  # the default: several turns above 2% before the quiet one
        assert expected > 3 and run("smp", arr).details["turns"][0, 0] == expected
    if ratio == 1.0:  # every turn moves less than the first, but a run takes at least two turns
        assert expected == 2 and moved[0] > 0
def test_issue_scales_are_respected():
    rng = np.random.default_rng(4)
    base = random_scenario(rng, n=6, k=2, status_quo=False)
    arr = base.arrays()
    scaled = arr.with_(position=arr.position / 10 - 3, lower=arr.lower / 10 - 3, upper=arr.upper / 10 - 3)
    a, b = run("smp", arr), run("smp", scaled)
    assert np.allclose(b.forecast, a.forecast / 10 - 3)
    assert np.allclose(b.history["position"], a.history["position"] / 10 - 3, equal_nan=True)


def test_absent_actor_has_no_say_on_that_issue():
    x = np.array([[10.0, 50.0], [40.0, 60.0], [90.0, 70.0], [50.0, 20.0]])
    s = np.full((4, 2), 0.4)
    present = np.ones((4, 2), dtype=bool)
    present[3, 0] = False
    arr = make_scenario(x, s, [10, 20, 30, 40], present=present).arrays()
    r = run("smp", arr)
    assert np.all(np.isnan(r.history["position"][0, :, 3, 0]))
    # whatever the arrays hold for actor 3 on issue 0 (position, salience, capability), nothing changes
    for value in (0.0, 100.0):
        pos, sal, cap = arr.position.copy(), arr.salience.copy(), arr.capability.copy()
        pos[:, 3, 0], sal[:, 3, 0], cap[:, 3, 0] = value, 0.9, 1000.0 + value
        other = run("smp", arr.with_(position=pos, salience=sal, capability=cap))
        assert np.array_equal(other.forecast, r.forecast)
        assert np.array_equal(other.history["position"], r.history["position"], equal_nan=True)
    # while its stance on the issue it takes part in does matter
    pos = arr.position.copy()
    pos[:, 3, 1] = 90.0
    assert not np.allclose(run("smp", arr.with_(position=pos)).forecast, r.forecast)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 10_000), st.integers(3, 7), st.integers(1, 3))
def test_positions_stay_on_the_scale_and_forecast_within_positions(kernel_path, seed, n, k):
    rng = np.random.default_rng(seed)
    arr = random_scenario(rng, n=n, k=k, absent=0.2, status_quo=False).arrays()
    r = run("smp", arr, params={"max_turns": 15})
    pos = r.history["position"]
    assert np.all((pos >= arr.lower - 1e-9) | np.isnan(pos)) and np.all((pos <= arr.upper + 1e-9) | np.isnan(pos))
    lo = np.nanmin(arr.position, axis=1)
    hi = np.nanmax(arr.position, axis=1)
    assert np.all(r.forecast >= lo - 1e-9) and np.all(r.forecast <= hi + 1e-9)


OPTIONS = ({"pce": "markov_incentive"}, {"pce": "markov_uniform"}, {"voting_rule": "asymprosp"},
           {"voting_rule": "binary"}, {"victory_model": "octic"}, {"interpolation": "s2pmax"},
           {"interpolation": "s1p1"}, {"third_party": "none"}, {"third_party_estimate": "principals"},
           {"accommodation": 0.5}, {"risk_range": "max", "risk_adjust": "full"})


def test_every_option_changes_the_run():
    arr = MOVING.arrays()
    base = run("smp", arr)
    for params in OPTIONS:
        r = run("smp", arr, params=params)
        assert np.all(np.isfinite(r.forecast)), params
        assert np.abs(r.forecast - base.forecast).max() > 0.5, params
    # ideals start at the positions, so accommodation first matters on the second turn
    half = run("smp", arr, params={"accommodation": 0.5})
    assert np.array_equal(half.history["position"][0, 1], base.history["position"][0, 1])
    assert not np.allclose(half.history["position"][0, 2], base.history["position"][0, 2])
    # full and no commitment both leave third parties out of every challenge: the same run
    none, full = (run("smp", arr, params={"third_party": c}) for c in ("none", "full"))
    assert np.array_equal(none.history["position"], full.history["position"])


def test_stochastic_transitions_repeat_with_a_seed():
    arr = MOVING.arrays()
    a = run("smp", arr, seed=3, params={"transitions": "stochastic"})
    b = run("smp", arr, seed=3, params={"transitions": "stochastic"})
    assert np.array_equal(a.forecast, b.forecast)
    assert np.array_equal(a.history["position"], b.history["position"])


def test_command_line_forecast_and_history_rows():
    import io

    import pandas as pd
    from click.testing import CliRunner

    from realpolitik.cli import main

    r = CliRunner().invoke(main, ["forecast", str(HARBOUR), "-m", "smp", "--history", "--format", "csv", "--seed", "1"])
    assert r.exit_code == 0
    frame = pd.read_csv(io.StringIO(r.output))
    assert {"model", "issue", "round", "actor", "position"} <= set(frame.columns)
    rows = frame.dropna(subset=["position"])
    assert set(rows["actor"]) == {"City", "Operator", "Union"} and rows["round"].min() == 0
    start = rows[(rows["round"] == 0) & (rows["actor"] == "City") & (rows["issue"] == "Fee level")]["position"]
    assert start.iloc[0] == 20.0


def test_korea_example_runs_jointly():
    sc = load(EXAMPLE)
    arr = sc.arrays()
    r = run("smp", arr)
    assert r.forecast.shape == (1, len(sc.issues)) and np.all(np.isfinite(r.forecast))
    assert r.history["position"].shape[2:] == (len(sc.actors), len(sc.issues))
    start = np.where(arr.present[None], arr.position, np.nan)
    assert np.all(r.forecast >= np.nanmin(start, axis=1) - 1e-9)
    assert np.all(r.forecast <= np.nanmax(start, axis=1) + 1e-9)
    assert np.array_equal(r.history["forecast"][:, -1], r.forecast)


# -- the compiled path and the NumPy path --------------------------------------------------------
needs_numba = pytest.mark.skipif(not compiled.enabled(), reason="Numba is not installed or switched off")


@needs_numba
@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3000), st.integers(0, 10_000))
def test_compiled_sums_a_row_as_numpy_does(n, seed):
    """Third parties' votes are summed in NumPy's pairwise order, so that both paths give the same bits."""
    from realpolitik.models.smp_compiled import _pairwise_sum

    rng = np.random.default_rng(seed)
    a = rng.standard_normal(n) * 10.0 ** rng.uniform(-8, 8, n)
    assert _pairwise_sum(a, np.zeros((64, 3), dtype=np.int64), np.empty(64)) == a.sum()


def tied_positions(rng: np.random.Generator, n: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions and saliences ``(1, n, k)`` on 0.1 steps in which actor 1 repeats actor 0 (challenges tie)."""
    x = np.round(rng.uniform(0, 1, (1, n, k)), 1)
    s = np.round(rng.uniform(0.1, 1, (1, n, k)), 1) / k
    x[:, 1], s[:, 1] = x[:, 0], s[:, 0]
    return x, s


@needs_numba
@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 12), st.integers(1, 10), st.sampled_from(VOTING_RULES),
       st.sampled_from(["semi", "full"]), st.sampled_from(["own_vote", "principals"]),
       st.sampled_from(sorted(RISK_ADJUSTMENTS)))
def test_compiled_distances_challenges_and_coalitions_agree_with_numpy(seed, n, k, rule, commit, estimate, adjust):
    rng = np.random.default_rng(seed)
    x, s = tied_positions(rng, n, k)
    s[:, -1] = 0.0  # an actor that cares about nothing
    d, d1 = on_both_paths(lambda: distance(x, x, s))
    assert np.allclose(d1, d, rtol=1e-12, atol=0)
    risk = np.round(rng.uniform(-0.5, 1, (1, n)), 1)
    cap = np.round(rng.uniform(1, 100, (1, n)), 0)
    cap[:, 1] = cap[:, 0]
    weight, total = cap * s.sum(axis=-1), s.sum(axis=-1)
    (g0, p0), (g1, p1) = on_both_paths(lambda: challenge_table(d, risk, adjust, weight, total, rule, commit, estimate))
    assert np.allclose(g1, g0, rtol=1e-12, atol=0) and np.allclose(p1, p0, rtol=1e-12, atol=0)
    assert all(np.array_equal(a, b) for a, b in zip(best_targets(g1), best_targets(g0), strict=True))
    # the compiled path never builds the N³ perspectives, yet matches challenges() on them
    assert np.allclose(challenges(perspectives(d, risk, adjust), weight, total, rule, commit, estimate)[0], g1,
                       rtol=1e-12, atol=0)
    own = own_utilities(d, risk, adjust)
    c0, c1 = on_both_paths(lambda: coalitions(rule, cap, own))
    assert np.allclose(c1, c0, rtol=1e-12, atol=0)


RUN_OPTIONS = ({}, *OPTIONS, {"voting_rule": "cubic"}, {"voting_rule": "propbin"}, {"voting_rule": "propcbc"},
               {"transitions": "stochastic"}, {"third_party": "full"})


@needs_numba
@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.integers(3, 8), st.integers(1, 3), st.sampled_from(RUN_OPTIONS), st.booleans())
def test_compiled_and_numpy_runs_make_the_same_moves(seed, n, k, params, twin):
    """Whole runs on both paths: the same turns, the same positions turn by turn (so the same challenges,
    bargains and choices, ties included: with ``twin`` actor 1 repeats actor 0) and the same forecast."""
    rng = np.random.default_rng(seed)
    arr = random_scenario(rng, n=n, k=k, absent=0.2, status_quo=False).arrays()
    if twin:
        arr = arr.take_actors(np.r_[0, 0, np.arange(2, n)])
    ref, got = on_both_paths(lambda: run("smp", arr, seed=seed, params={"max_turns": 20, **params}))
    assert np.array_equal(got.details["turns"], ref.details["turns"])
    assert got.history["position"].shape == ref.history["position"].shape
    assert np.allclose(got.history["position"], ref.history["position"], rtol=1e-9, atol=1e-9, equal_nan=True)
    assert np.allclose(got.forecast, ref.forecast, rtol=1e-9, atol=1e-9)
