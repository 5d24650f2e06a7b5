"""Optional report sections: what-ifs, shocks and sensitivity, computed only when asked for.

Each section is a table of an analysis (field-named frame) with a title and a sentence on
what it shows; the report renders the columns in words (:mod:`realpolitik.analysis.columns`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ReportSection:
    """One extra section: ``id`` (anchor), title, an introductory sentence, the rows and the fields shown."""

    id: str
    title: str
    intro: str
    rows: tuple[dict[str, Any], ...]
    fields: tuple[str, ...]


def _rows(frame) -> tuple[dict[str, Any], ...]:
    return tuple(frame.astype(object).where(frame.notna(), None).to_dict(orient="records"))


def whatif_section(sc, model: str, *, sets: Sequence[str] = (), drops: Sequence[str] = (),
                   outsides: Sequence[str] = (), draws: int = 1, seed: int | None = None,
                   params: Mapping[str, Any] | None = None) -> ReportSection:
    """Baseline against the variant with ``sets``, ``outsides`` and ``drops`` applied."""
    from ..analysis.whatif import compare, variant

    frame = compare(sc, variant(sc, sets, outsides, drops), model, draws=draws, seed=seed, params=params)
    what = "; ".join([*sets, *outsides, *(f"drop {d}" for d in drops)])
    fields = ("issue", "baseline", "variant", "difference") + (
        ("diff_q05", "diff_q95", "beyond_noise") if draws > 1 else ())
    return ReportSection("whatif", f"What if: {what}",
                         f"Under {model}: the forecast as given (baseline) and with the change; with draws, the "
                         "90% interval of the change on common random numbers and whether it exceeds the noise.",
                         _rows(frame), fields)


def shocks_section(sc, model: str, *, seed: int | None = None, params: Mapping[str, Any] | None = None,
                   **shock: Any) -> ReportSection:
    """How stable each forecast is under random salience shocks and drop-outs."""
    from ..analysis.shocks import shocks

    frame = shocks(sc, model, seed=seed, params=params, **shock)
    return ReportSection("shocks", "Shocks",
                         f"Under {model}: saliences shaken at random and actors dropping out; the share of shocks "
                         "whose forecast stays within 5% of the scale of the baseline (stable), and how far the "
                         "others move.", _rows(frame), ("issue", "baseline", "median", "q05", "q95", "mean_shift",
                                                         "stable"))


def sensitivity_section(sc, model: str, *, samples: int = 256, seed: int | None = None,
                        params: Mapping[str, Any] | None = None, top: int = 3) -> ReportSection:
    """The ``top`` most influential uncertain inputs of each issue (Sobol total indices)."""
    from ..analysis.sensitivity import sobol_indices

    frame = sobol_indices(sc, model, samples=samples, seed=seed, params=params)
    frame = frame[frame["rank"] <= top]
    return ReportSection("sensitivity", "Sensitivity",
                         f"Under {model}: the {top} uncertain inputs each forecast rests on most (Sobol indices, "
                         f"{samples} samples): total is the share of the forecast's variance due to the input "
                         "with its interactions, first-order the share due to it alone.",
                         _rows(frame), ("issue", "rank", "input", "ST", "ST_conf", "S1", "S1_conf"))
