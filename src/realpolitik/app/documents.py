"""Scenario documents as the browser edits them: open a file, validate a document, save it back.

A document is the plain mapping of the YAML format (docs/scenario-format.md). Validation
is the Scenario contract itself (:func:`realpolitik.scenario.schema.from_mapping`), so the
browser shows the CLI's own messages with the path of the offending field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import RealpolitikError, ScenarioError
from ..evidence import coverage
from ..evidence.corpus import Corpus
from ..scenario import Scenario, formats, parse, yaml_io
from ..scenario.formats import decode
from ..scenario.schema import from_mapping, to_mapping
from . import roundtrip
from .folder import Folder, version_of


class NotEditable(RealpolitikError):
    """A file the editor can show but not save in place (not YAML, or it extends another file)."""


@dataclass(frozen=True)
class Opened:
    """A scenario file opened for editing."""

    path: str
    version: str
    format: str
    readonly: bool
    editable: bool  # saved in place (YAML without 'extends', outside the examples)
    document: dict[str, Any] | None
    error: dict[str, Any] | None

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def error_dict(exc: RealpolitikError) -> dict[str, Any]:
    """An error as JSON: the whole message, and for scenario errors the place and the problem."""
    out: dict[str, Any] = {"kind": type(exc).__name__, "message": str(exc)}
    if isinstance(exc, ScenarioError):
        out.update(place=exc.place, problem=exc.problem, file=exc.file)
    return out


def detect_format(name: str, text: str) -> str:
    """The registered format that claims a file (as :func:`realpolitik.scenario.parse` picks it)."""
    for fmt in formats().values():
        if fmt.sniff(name, text):
            return fmt.name
    suffix = Path(name).suffix.lower()
    return next((f.name for f in formats().values() if suffix and suffix in f.suffixes), "unknown")


def open_file(folder: Folder, name: str) -> Opened:
    """Read a scenario file: its document for the editor and its first error, if any."""
    entry, raw = folder.read(name)
    version = version_of(raw)
    try:
        text = decode(raw, name)
    except ScenarioError as exc:
        return Opened(name, version, "unknown", entry.readonly, False, None, error_dict(exc))
    fmt = detect_format(name, text)
    if fmt == "yaml":
        try:
            document = roundtrip.plain(roundtrip.load_tree(text))
        except ScenarioError as exc:
            return Opened(name, version, fmt, entry.readonly, False, None, error_dict(exc))
        if isinstance(document, dict) and "extends" not in document:
            error = None
            try:
                from_mapping(document)
            except ScenarioError as exc:
                error = error_dict(exc)
            return Opened(name, version, fmt, entry.readonly, not entry.readonly, document, error)
    try:
        sc = parse(text, str(entry.path))
    except ScenarioError as exc:
        return Opened(name, version, fmt, entry.readonly, False, None, error_dict(exc))
    return Opened(name, version, fmt, entry.readonly, False, to_mapping(sc), None)


def scenario_of(document: Any) -> Scenario:
    """The Scenario of a document (ScenarioError with the place of the first problem)."""
    return from_mapping(document)


def load_file(folder: Folder, name: str) -> Scenario:
    """The Scenario in a served file (any readable format)."""
    entry, raw = folder.read(name)
    return parse(decode(raw, name), str(entry.path))


def evidence_index(sc: Scenario, corpus_dirs: list[Path]) -> dict[str, list[dict[str, Any]]]:
    """Each cited value's evidence: source (with its title), paragraphs, note, and the cited text when found."""
    corpora = [Corpus(d) for d in corpus_dirs if d.is_dir()]
    sources = {s.id: s for s in sc.sources}
    out: dict[str, list[dict[str, Any]]] = {}
    for path, entries in coverage(sc).cited.items():
        rows = []
        for e in entries:
            quotes = {}
            for p in e.paragraphs:
                found = next((q for c in corpora if (q := c.quote(sc, e.source, p)) is not None), None)
                if found is not None:
                    quotes[str(p)] = found
            src = sources.get(e.source)
            rows.append({"source": e.source, "title": None if src is None else src.title,
                         "file": None if src is None else src.file, "paragraphs": list(e.paragraphs),
                         "note": e.note, "quotes": quotes})
        out[path] = rows
    return out


def summary(sc: Scenario) -> dict[str, Any]:
    cov = coverage(sc)
    return {"title": sc.title, "date": sc.date, "actors": len(sc.actors), "issues": len(sc.issues),
            "positions": len(sc.stances), "cited": len(cov.cited), "uncited": list(cov.uncited),
            "uncertain": list(cov.uncertain)}


def text_to_save(folder: Folder, name: str, document: dict[str, Any], *, create: bool) -> str:
    """The YAML to write for a document: merged into the file's own text (comments kept) or fresh."""
    sc = scenario_of(document)
    original = None
    if not create:
        _, raw = folder.read(name)
        original = decode(raw, name)
        if detect_format(name, original) != "yaml":
            raise NotEditable(f"'{name}' is not a YAML file; save the scenario under a name ending in .yaml")
        if re.search(r"^extends:", original, re.MULTILINE):
            raise NotEditable(f"'{name}' extends another file; save the scenario under a new name")
    text = roundtrip.save_text(original, document)
    if yaml_io.parse(text, name) != sc:  # the written file must read back as the validated scenario
        raise RealpolitikError(f"'{name}': the saved text would not read back as the same scenario; not saved")
    return text


def convert(sc: Scenario, target: str) -> str:
    """A scenario as YAML, or as long CSV of its central values (``realpolitik convert --lossy``:
    a download for a spreadsheet; the YAML keeps everything)."""
    from ..api import convert as api_convert

    return api_convert(sc, to=target, lossy=True)
