"""Checking citations against a corpus: a directory holding the cited source files.

Paragraph convention (used across the project): paragraph N of a file is its N-th
non-blank line, counting from 1.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ScenarioError
from ..scenario.model import Scenario


def paragraphs(text: str) -> tuple[str, ...]:
    """The paragraphs of a text: its non-blank lines, stripped, in order."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


@dataclass
class Corpus:
    """A directory of source files, read lazily and cached by file name."""

    root: Path
    _cache: dict[str, tuple[str, ...] | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.root = Path(self.root)
        if not self.root.is_dir():
            raise ScenarioError("corpus directory not found", file=str(self.root))

    def paragraphs(self, file: str) -> tuple[str, ...] | None:
        """The paragraphs of ``file`` (relative to the corpus), or None when it is absent."""
        if file not in self._cache:
            path = (self.root / file).resolve()
            inside = path.is_relative_to(self.root.resolve())
            if not inside or not path.is_file():
                self._cache[file] = None
            else:
                try:
                    text = path.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    text = None
                self._cache[file] = None if text is None else paragraphs(text)
        return self._cache[file]

    def quote(self, sc: Scenario, source_id: str, paragraph: int) -> str | None:
        """The text of a cited paragraph, or None when it cannot be found."""
        source = next((s for s in sc.sources if s.id == source_id), None)
        if source is None or not source.file:
            return None
        found = self.paragraphs(source.file)
        if found is None or not 1 <= paragraph <= len(found):
            return None
        return found[paragraph - 1]


@dataclass(frozen=True)
class CitationCheck:
    """The outcome of a successful check: what was verified."""

    sources: tuple[str, ...]  # ids of the cited sources, all found
    citations: int  # evidence entries verified
    paragraphs: int  # (source, paragraph) pairs verified


def check_citations(sc: Scenario, corpus_dir: str | os.PathLike, scenario_file: str | None = None) -> CitationCheck:
    """Verify every cited source's file and every cited paragraph in the corpus.

    Raises ScenarioError naming the scenario file, the evidence entry, the source and
    the paragraph of the first broken citation.
    """
    corpus = Corpus(Path(corpus_dir))
    by_id = {s.id: s for s in sc.sources}
    cited: list[str] = []
    pairs: set[tuple[str, int]] = set()
    for n, e in enumerate(sc.evidence):
        place = f"evidence[{n}] ({e.value})"
        source = by_id[e.source]
        if not source.file:
            raise ScenarioError(f"source '{source.id}' is cited but names no file to check", file=scenario_file,
                                place=place)
        found = corpus.paragraphs(source.file)
        if found is None:
            raise ScenarioError(f"source '{source.id}': file '{source.file}' is not in the corpus {corpus.root}",
                                file=scenario_file, place=place)
        for par in e.paragraphs:
            if par > len(found):
                raise ScenarioError(f"source '{source.id}' has no paragraph {par} ('{source.file}' has "
                                    f"{len(found)} non-blank lines)", file=scenario_file, place=place)
            pairs.add((source.id, par))
        if source.id not in cited:
            cited.append(source.id)
    return CitationCheck(tuple(cited), len(sc.evidence), len(pairs))
