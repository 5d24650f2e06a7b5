"""Batch-first arrays: the only thing models see.

Shapes use the named axes ``draw`` (B), ``actor`` (N) and ``issue`` (K). Positions,
saliences and capabilities are ``(B, N, K)``; an actor that takes no part in an issue
is masked out by ``present`` (``(N, K)``): its position is NaN and its salience and
capability are 0 there. Saliences are divided by the scenario's salience scale, so
they lie in [0, 1] when the inputs respect that scale. Positions stay on each issue's
own scale (``lower``/``upper``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .rule_arrays import RuleArrays


@dataclass(frozen=True)
class ScenarioArrays:
    """The numeric content of a scenario, batched over Monte Carlo draws."""

    actor_ids: tuple[str, ...]
    issue_ids: tuple[str, ...]
    position: np.ndarray  # (B, N, K), NaN where absent
    salience: np.ndarray  # (B, N, K), 0 where absent
    capability: np.ndarray  # (B, N, K), 0 where absent
    present: np.ndarray  # (N, K) bool
    status_quo: np.ndarray  # (B, K), NaN where unknown
    lower: np.ndarray  # (K,)
    upper: np.ndarray  # (K,)
    outside_value: np.ndarray  # (B, N, K), NaN where none
    outside_credibility: np.ndarray  # (B, N, K), 0 where none
    rules: RuleArrays | None = None  # decision rules per issue; None: no rule anywhere
    outside_public: np.ndarray | None = None  # (N, K) bool: options everyone lives with; None: all private

    @property
    def n_draws(self) -> int:
        return self.position.shape[0]

    @property
    def n_actors(self) -> int:
        return self.position.shape[1]

    @property
    def n_issues(self) -> int:
        return self.position.shape[2]

    @property
    def weight(self) -> np.ndarray:
        """Capability × salience, 0 where absent: ``(B, N, K)``."""
        return self.capability * self.salience

    @classmethod
    def from_scenario(cls, sc) -> ScenarioArrays:
        """One draw holding every input's central value."""
        n, k = len(sc.actors), len(sc.issues)
        a_idx = {a: i for i, a in enumerate(sc.actor_ids)}
        i_idx = {x: j for j, x in enumerate(sc.issue_ids)}
        pos = np.full((1, n, k), np.nan)
        sal = np.zeros((1, n, k))
        cap = np.zeros((1, n, k))
        out_v = np.full((1, n, k), np.nan)
        out_c = np.zeros((1, n, k))
        present = np.zeros((n, k), dtype=bool)
        public = np.zeros((n, k), dtype=bool)
        for s in sc.stances:
            i, j = a_idx[s.actor], i_idx[s.issue]
            present[i, j] = True
            pos[0, i, j] = s.position.value
            sal[0, i, j] = s.salience.value / sc.salience_scale
            cap[0, i, j] = (s.capability or sc.actors[i].capability).value
            if s.outside is not None:
                out_v[0, i, j] = s.outside.value.value
                out_c[0, i, j] = s.outside.credibility.value
                public[i, j] = s.outside.public
        sq = np.array([[np.nan if x.status_quo is None else x.status_quo.value for x in sc.issues]])
        return cls(
            actor_ids=sc.actor_ids,
            issue_ids=sc.issue_ids,
            position=pos,
            salience=sal,
            capability=cap,
            present=present,
            status_quo=sq,
            lower=np.array([x.lower for x in sc.issues], dtype=float),
            upper=np.array([x.upper for x in sc.issues], dtype=float),
            outside_value=out_v,
            outside_credibility=out_c,
            rules=RuleArrays.from_scenario(sc, present) if any(x.rule for x in sc.issues) else None,
            outside_public=public if public.any() else None,
        )

    # -- batch manipulation (used by analyses and the conformance suite) -----------------
    def draw(self, b: int) -> ScenarioArrays:
        """Draw ``b`` alone, as a batch of one."""
        return self.take_draws(np.array([b]))

    def take_draws(self, idx: np.ndarray) -> ScenarioArrays:
        """The draws at ``idx`` (an index array along the leading axis)."""
        return replace(self, **{name: getattr(self, name)[idx] for name in _BATCHED})

    def repeat(self, n: int) -> ScenarioArrays:
        """The batch repeated ``n`` times along the draw axis."""
        return replace(self, **{name: np.repeat(getattr(self, name), n, axis=0) for name in _BATCHED})

    @classmethod
    def concat(cls, parts: list[ScenarioArrays]) -> ScenarioArrays:
        """Stack batches of the same scenario along the draw axis."""
        first = parts[0]
        return replace(first, **{name: np.concatenate([getattr(p, name) for p in parts]) for name in _BATCHED})

    def take_actors(self, order: np.ndarray) -> ScenarioArrays:
        """Actors reordered (or subset) by ``order``."""
        order = np.asarray(order)
        changes = {name: getattr(self, name)[:, order] for name in _PER_ACTOR}
        if self.rules is not None:
            changes["rules"] = self.rules.take_actors(order)
        if self.outside_public is not None:
            changes["outside_public"] = self.outside_public[order]
        return replace(self, actor_ids=tuple(self.actor_ids[i] for i in order), present=self.present[order], **changes)

    def take_issues(self, order: np.ndarray) -> ScenarioArrays:
        """Issues reordered (or subset) by ``order``."""
        order = np.asarray(order)
        changes = {name: getattr(self, name)[..., order] for name in (*_PER_ACTOR, "status_quo")}
        if self.rules is not None:
            changes["rules"] = self.rules.take_issues(order)
        if self.outside_public is not None:
            changes["outside_public"] = self.outside_public[:, order]
        return replace(
            self,
            issue_ids=tuple(self.issue_ids[i] for i in order),
            present=self.present[:, order],
            lower=self.lower[order],
            upper=self.upper[order],
            **changes,
        )

    def normalised(self) -> ScenarioArrays:
        """Capabilities rescaled per draw by a power of two so that the largest present one lies in [0.5, 1).

        Only ratios of capabilities carry meaning, and scaling by a power of two is exact in
        floating point, so a model that is scale invariant in exact arithmetic gives bit-for-bit
        the same numbers; a model with absolute constants (a floor of 1e-8, say) becomes
        invariant too, and capabilities of 1e-100 or 1e100 neither underflow nor overflow.
        """
        held = np.where(self.present[None], self.capability, 0.0)  # what absent actors hold counts for nothing
        top = held.max(axis=(1, 2), initial=0.0)
        _, exponent = np.frexp(np.where(top > 0, top, 1.0))
        return replace(self, capability=np.ldexp(self.capability, -exponent[:, None, None]))

    def with_(self, **arrays: np.ndarray) -> ScenarioArrays:
        """A copy with some arrays replaced (shapes are the caller's responsibility)."""
        return replace(self, **arrays)


_PER_ACTOR = ("position", "salience", "capability", "outside_value", "outside_credibility")
_BATCHED = (*_PER_ACTOR, "status_quo")
