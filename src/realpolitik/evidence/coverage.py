"""Which inputs of a scenario cite evidence, and which do not."""

from __future__ import annotations

from dataclasses import dataclass

from ..scenario.model import Evidence, Scenario


@dataclass(frozen=True)
class Coverage:
    """Inputs grouped by whether evidence cites them (paths as text, in scenario order)."""

    cited: dict[str, tuple[Evidence, ...]]
    uncited: tuple[str, ...]
    uncertain: tuple[str, ...]

    @property
    def share_cited(self) -> float:
        total = len(self.cited) + len(self.uncited)
        return len(self.cited) / total if total else 1.0


def coverage(sc: Scenario) -> Coverage:
    """Match every input value with the evidence entries that cite it.

    An entry cites a value when its path names it exactly, after parsing against the
    scenario's ids (so ``DPRK.sanctions.position`` cites DPRK's position on sanctions).
    """
    by_path: dict[str, list[Evidence]] = {}
    for e in sc.evidence:
        by_path.setdefault(str(sc.parse_path(e.value)), []).append(e)
    cited: dict[str, tuple[Evidence, ...]] = {}
    uncited: list[str] = []
    uncertain: list[str] = []
    for path, value in sc.values():
        key = str(path)
        if key in by_path:
            cited[key] = tuple(by_path[key])
        else:
            uncited.append(key)
        if value.uncertain:
            uncertain.append(key)
    return Coverage(cited, tuple(uncited), tuple(uncertain))
