"""Reports, checks and conversions: what the API writes or verifies about one scenario."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..scenario import Scenario
from .options import Progress, ScenarioLike, as_scenario, check_draws, prepare
from .recording import StoreLike, produced, record


@dataclass(frozen=True)
class Report:
    """A rendered HTML report (``html``) and the data it shows (``data``: forecasts, leverage, quotes)."""

    html: str = field(repr=False)
    data: Any = field(repr=False)  # realpolitik.reporting.ReportData
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
           progress: Progress | None = None, store: StoreLike = None,
           whatif: Mapping[str, Sequence[str]] | None = None, shocks: bool = False,
           sensitivity: bool = False) -> Report:
    """A self-contained HTML report: forecasts with intervals, rounds, leverage, rules, evidence.

    ``leverage`` names the model for leverage and pivot values (default: the first that
    runs; ``"none"`` skips them). With ``corpus`` every citation is checked and each cited
    paragraph quoted. ``advise`` names an actor whose ten best moves get a section.
    ``whatif`` (``{"set": [...], "drop": [...], "outside": [...]}``), ``shocks`` and
    ``sensitivity`` add those sections, under the leverage model (else the first model).
    The file is written atomically when ``output`` is given.
    """
    from ..reporting import collect, render
    from ..scenario.yaml_io import write_atomic

    sc, names, per, seed = prepare(scenario, models, params, seed)
    check_draws(draws)
    quotes = None if corpus is None else citation_quotes(sc, corpus)
    if advise is not None and advise not in sc.actor_ids:
        from ..errors import ScenarioError

        raise ScenarioError(f"unknown actor '{advise}' (known: {', '.join(sc.actor_ids)})", file=sc.origin,
                            place="advise")
    sections = _sections(sc, leverage if leverage not in (None, "none") else names[0], per, seed, draws, whatif,
                         shocks, sensitivity)
    data = collect(sc, sc.origin or "", names, per, seed, draws, "" if leverage == "none" else leverage, quotes,
                   advise, sections=sections, progress=progress)
    html = render(data)
    if output is not None:
        write_atomic(output, html)
    out = Report(html, data, None if output is None else os.fspath(output))
    kwargs = {"output": out.output, "models": names, "draws": draws, "seed": seed, "params": per,
              "leverage": leverage, "corpus": None if corpus is None else os.fspath(corpus), "advise": advise,
              "whatif": None if whatif is None else {k: list(v) for k, v in whatif.items()}, "shocks": shocks,
              "sensitivity": sensitivity}
    return replace(out, run_id=record(store, "report", kwargs, sc, seed, out, names))


def _sections(sc: Scenario, model: str, per: Mapping[str, Mapping[str, Any]], seed: int, draws: int,
              whatif: Mapping[str, Sequence[str]] | None, shocks: bool, sensitivity: bool) -> list:
    """The report's optional sections, each under ``model``."""
    from ..reporting.sections import sensitivity_section, shocks_section, whatif_section

    out = []
    if whatif:
        out.append(whatif_section(sc, model, sets=whatif.get("set", ()), drops=whatif.get("drop", ()),
                                  outsides=whatif.get("outside", ()), draws=draws, seed=seed, params=per[model]))
    if shocks:
        out.append(shocks_section(sc, model, seed=seed, params=per[model]))
    if sensitivity:
        out.append(sensitivity_section(sc, model, seed=seed, params=per[model]))
    return out


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


def convert(scenario: ScenarioLike, output: str | os.PathLike | None = None, *, to: str | None = None,
            layout: str = "tables", delimiter: str = ",", lossy: bool = False) -> str:
    """The scenario as realpolitik YAML, long CSV or an Excel workbook (``to``: ``yaml``, ``csv`` or
    ``xlsx``; default from ``output``'s suffix, else YAML), written atomically when ``output`` is given.

    Returns the text (YAML or CSV; empty for a workbook, which needs ``output``). ``layout``
    is the workbook's (``tables``: one sheet per table, or ``long``); ``delimiter`` the CSV's
    (``,`` or ``;``). A long CSV that cannot hold the whole scenario is refused, naming what
    it would lose, unless ``lossy`` (central values only).
    """
    from ..errors import ParameterError
    from ..scenario import csv_io, yaml_io

    sc = as_scenario(scenario)
    if to is None:
        suffix = os.path.splitext(os.fspath(output))[1].lower() if output is not None else ""
        to = {".csv": "csv", ".xlsx": "xlsx"}.get(suffix, "yaml")
    if to not in ("yaml", "csv", "xlsx"):
        raise ParameterError(f"cannot convert to '{to}' (yaml, csv or xlsx)")
    if delimiter not in (",", ";"):
        raise ParameterError(f"the CSV delimiter must be ',' or ';', got {delimiter!r}")
    if to == "xlsx":
        if output is None:
            raise ParameterError("a workbook is written to a file: give an output path ending in .xlsx")
        from ..scenario import xlsx_io

        xlsx_io.dump(sc, output, layout)
        return ""
    text = yaml_io.dumps(sc) if to == "yaml" else csv_io.dumps(sc, delimiter, lossy)
    if output is not None:
        yaml_io.write_atomic(output, text)
    return text


def new(path: str | os.PathLike | None = None, *, actors: Sequence[str] | None = None,
        issues: Sequence[str] | None = None, title: str = "A new scenario", overwrite: bool = False) -> str:
    """A commented scenario template that loads and runs as it is (``realpolitik new``); written
    atomically to ``path`` when given (an existing file only with ``overwrite``). Returns the YAML text."""
    from ..errors import ParameterError
    from ..scenario.template import DEFAULT_ACTORS, DEFAULT_ISSUES, template
    from ..scenario.yaml_io import write_atomic

    text = template(tuple(actors or DEFAULT_ACTORS), tuple(issues or DEFAULT_ISSUES), title)
    if path is not None:
        if os.path.exists(path) and not overwrite:
            raise ParameterError(f"{os.fspath(path)}: exists already (overwrite=True replaces it)")
        write_atomic(path, text)
    return text


def model_info(name: str | None = None):
    """The registered models (``realpolitik models``; the name ``models`` belongs to the package
    :mod:`realpolitik.models`): every model's spec, or the one called ``name`` (its ``summary``,
    ``citation`` and declared ``params``)."""
    from .. import models as registry

    if name is not None:
        return registry.get(name)
    return [registry.get(n) for n in registry.names()]
