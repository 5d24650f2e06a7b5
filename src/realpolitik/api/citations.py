"""Every broken citation of a scenario at once (``check`` stops at the first)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from .options import ScenarioLike, as_scenario


@dataclass(frozen=True)
class BrokenCitation:
    """One evidence entry whose source file or paragraph is not in the corpus."""

    entry: int  # position in the scenario's evidence list
    value: str
    source: str
    problem: str

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def broken_citations(scenario: ScenarioLike, corpus: str | os.PathLike) -> list[BrokenCitation]:
    """Check every evidence entry against the corpus folder (paragraph N is the N-th non-blank line
    of the source's file) and list each one whose file or paragraph is missing; empty when all hold."""
    from ..evidence.corpus import Corpus

    sc = as_scenario(scenario)
    texts = Corpus(corpus)
    sources = {s.id: s for s in sc.sources}
    out = []
    for n, e in enumerate(sc.evidence):
        source = sources[e.source]
        if not source.file:
            out.append(BrokenCitation(n, e.value, e.source, f"source '{source.id}' names no file to check"))
            continue
        found = texts.paragraphs(source.file)
        if found is None:
            out.append(BrokenCitation(n, e.value, e.source, f"file '{source.file}' is not in the corpus"))
            continue
        missing = [p for p in e.paragraphs if p > len(found)]
        if missing:
            out.append(BrokenCitation(n, e.value, e.source, f"no paragraph {', '.join(map(str, missing))} in "
                                                            f"'{source.file}' ({len(found)} non-blank lines)"))
    return out
