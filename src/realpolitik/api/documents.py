"""Reports, checks and conversions: what the API writes or verifies about one scenario."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..scenario import Scenario
from .options import Progress, ScenarioLike, as_scenario, check_count, prepare
from .recording import StoreLike, produced, record


@dataclass(frozen=True)
class Report:
    """A rendered HTML report (``html``) and the data it shows (``data``: forecasts, leverage, quotes)."""

    html: str = field(repr=False)
    data: Any = field(repr=False)  # realpolitik.report.ReportData
    output: str | None = None
    run_id: int | None = None

    @property
    def seed(self) -> int:
        return self.data.seed

    @property
    def skipped(self) -> tuple[str, ...]:
        return self.data.skipped

    def produced(self) -> dict[str, Any]:
        return produced(self.data.results, {"leverage_model": self.data.leverage_model,
                                            "leverage": list(self.data.leverage), "skipped": list(self.data.skipped),
                                            "advice": self.data.advice})


def citation_quotes(sc: Scenario, corpus: str | os.PathLike) -> dict[tuple[str, int], str]:
    """Every cited paragraph's text, after checking every citation against the corpus folder."""
    from ..evidence.corpus import Corpus, check_citations

    check_citations(sc, corpus, scenario_file=sc.origin)
    texts = Corpus(corpus)
    return {(e.source, p): texts.quote(sc, e.source, p) for e in sc.evidence for p in e.paragraphs}


def report(scenario: ScenarioLike, output: str | os.PathLike | None = None, *, models: str | Sequence[str] = "mean",
           draws: int = 1, seed: int | None = None, params: Mapping[str, Any] | None = None,
           leverage: str | None = None, corpus: str | os.PathLike | None = None, advise: str | None = None,
           progress: Progress | None = None, store: StoreLike = None) -> Report:
    """A self-contained HTML report: forecasts with intervals, rounds, leverage, rules, evidence.

    ``leverage`` names the model for leverage and pivot values (default: the first that
    runs; ``"none"`` skips them). With ``corpus`` every citation is checked and each cited
    paragraph quoted. ``advise`` names an actor whose ten best moves get a section. The file
    is written atomically when ``output`` is given.
    """
    from ..report import collect, render
    from ..scenario.yaml_io import write_atomic

    sc, names, per, seed = prepare(scenario, models, params, seed)
    check_count("draws", draws)
    quotes = None if corpus is None else citation_quotes(sc, corpus)
    if advise is not None and advise not in sc.actor_ids:
        from ..errors import ScenarioError

        raise ScenarioError(f"unknown actor '{advise}' (known: {', '.join(sc.actor_ids)})", file=sc.origin,
                            place="advise")
    data = collect(sc, sc.origin or "", names, per, seed, draws, "" if leverage == "none" else leverage, quotes,
                   advise)
    html = render(data)
    if output is not None:
        write_atomic(output, html)
    out = Report(html, data, None if output is None else os.fspath(output))
    kwargs = {"output": out.output, "models": names, "draws": draws, "seed": seed, "params": per,
              "leverage": leverage, "corpus": None if corpus is None else os.fspath(corpus), "advise": advise}
    return replace(out, run_id=record(store, "report", kwargs, sc, seed, out, names))


@dataclass(frozen=True)
class Check:
    """A validated scenario's summary: evidence coverage, verified citations, uncertain inputs."""

    scenario: Scenario
    coverage: Any  # realpolitik.evidence.coverage.Coverage
    citations: Any = None  # realpolitik.evidence.corpus.CitationCheck, when a corpus was given

    def to_dict(self) -> dict[str, Any]:
        sc, cov = self.scenario, self.coverage
        return {"scenario": sc.origin, "title": sc.title, "actors": list(sc.actor_ids), "issues": list(sc.issue_ids),
                "positions": len(sc.stances), "inputs": len(cov.cited) + len(cov.uncited),
                "cited": len(cov.cited), "uncited": list(cov.uncited), "uncertain": len(cov.uncertain),
                "sources": len(sc.sources), "evidence": len(sc.evidence),
                "citations_verified": None if self.citations is None else self.citations.citations}


def check(scenario: ScenarioLike, *, corpus: str | os.PathLike | None = None) -> Check:
    """Validate a scenario (loading does) and summarise what it rests on; with ``corpus``, verify
    every cited file and paragraph (a broken citation raises ScenarioError)."""
    from ..evidence import coverage
    from ..evidence.corpus import check_citations

    sc = as_scenario(scenario)
    cited = None if corpus is None else check_citations(sc, corpus, scenario_file=sc.origin)
    return Check(sc, coverage(sc), cited)


def convert(scenario: ScenarioLike, output: str | os.PathLike | None = None, *, to: str | None = None) -> str:
    """The scenario as realpolitik YAML or long CSV (``to``: ``yaml`` or ``csv``; default from
    ``output``'s suffix, else YAML); written atomically when ``output`` is given."""
    from ..errors import ParameterError
    from ..scenario import csv_io, yaml_io

    sc = as_scenario(scenario)
    if to is None:
        to = "csv" if output is not None and os.fspath(output).lower().endswith(".csv") else "yaml"
    if to not in ("yaml", "csv"):
        raise ParameterError(f"cannot convert to '{to}' (yaml or csv)")
    text = yaml_io.dumps(sc) if to == "yaml" else csv_io.dumps(sc)
    if output is not None:
        yaml_io.write_atomic(output, text)
    return text
