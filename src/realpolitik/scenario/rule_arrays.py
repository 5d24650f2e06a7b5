"""Decision rules in array form, aligned with a ScenarioArrays' actors and issues.

``quota`` is NaN on issues without a rule. Vote weights are the actors' capabilities
under a weighted rule and 1 otherwise
(:func:`realpolitik.institutions.winset.rule_winset`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np


@dataclass(frozen=True)
class RuleArrays:
    """Per-issue rules: ``voter`` and ``veto`` are ``(N, K)`` masks, the rest ``(K,)``."""

    voter: np.ndarray  # (N, K) bool
    veto: np.ndarray  # (N, K) bool
    quota: np.ndarray  # (K,) float in (0, 1], NaN where the issue has no rule
    weighted: np.ndarray  # (K,) bool
    setter: np.ndarray  # (K,) int, index of the agenda setter, -1 where none
    others: np.ndarray  # (K,) float, votes of members not modelled as actors
    others_position: np.ndarray  # (K,) float, NaN: those members vote for the status quo
    label: tuple[str, ...] = ()  # (K,) the rule in words ("" where none)

    @classmethod
    def none(cls, present: np.ndarray) -> RuleArrays:
        """No rule on any issue (``present`` is the ``(N, K)`` participation mask)."""
        n, k = present.shape
        return cls(voter=present.copy(), veto=np.zeros((n, k), bool), quota=np.full(k, np.nan),
                   weighted=np.zeros(k, bool), setter=np.full(k, -1), others=np.zeros(k),
                   others_position=np.full(k, np.nan), label=("",) * k)

    @classmethod
    def from_scenario(cls, sc, present: np.ndarray) -> RuleArrays:
        """The rules of a scenario's issues; actors and issues in the scenario's order."""
        out = cls.none(present)
        labels = list(out.label)
        a_idx = {a: i for i, a in enumerate(sc.actor_ids)}
        for k, issue in enumerate(sc.issues):
            rule = issue.rule
            if rule is None:
                continue
            if rule.voters is not None:
                out.voter[:, k] = False
                out.voter[[a_idx[a] for a in rule.voters], k] = True
            out.veto[[a_idx[a] for a in rule.veto], k] = True
            out.quota[k] = rule.quota
            out.weighted[k] = rule.weighted
            out.setter[k] = -1 if rule.agenda_setter is None else a_idx[rule.agenda_setter]
            out.others[k] = rule.others
            out.others_position[k] = np.nan if rule.others_position is None else rule.others_position
            labels[k] = rule.describe()
        return replace(out, label=tuple(labels))

    def take_actors(self, order: np.ndarray) -> RuleArrays:
        """Actors reordered (or subset) by ``order``; agenda setters follow (-1 when left out)."""
        order = np.asarray(order)
        new_index = np.full(self.voter.shape[0] + 1, -1)
        new_index[order] = np.arange(len(order))
        return RuleArrays(voter=self.voter[order], veto=self.veto[order], quota=self.quota, weighted=self.weighted,
                          setter=new_index[self.setter], others=self.others, others_position=self.others_position,
                          label=self.label)

    def take_issues(self, order: np.ndarray) -> RuleArrays:
        """Issues reordered (or subset) by ``order``."""
        order = np.asarray(order)
        return RuleArrays(voter=self.voter[:, order], veto=self.veto[:, order], quota=self.quota[order],
                          weighted=self.weighted[order], setter=self.setter[order], others=self.others[order],
                          others_position=self.others_position[order], label=tuple(self.label[i] for i in order))
