"""Reading scenario files: format detection and the registry of importers.

Every importer turns file text into a validated :class:`Scenario` and reports bad
input as :class:`ScenarioError` naming the file, the place and the problem. New
formats register here with a sniffing function; ``load`` picks the first that claims
the file (an explicit ``format=`` skips detection).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ScenarioError
from .model import Scenario

MAX_BYTES = 50_000_000


@dataclass(frozen=True)
class Format:
    """A scenario file format: how to recognise it and how to parse it."""

    name: str
    description: str
    sniff: Callable[[str, str], bool]  # (file name, text) -> claims the file?
    parse: Callable[[str, str], Scenario]  # (text, file name) -> Scenario
    suffixes: tuple[str, ...] = ()  # parses files with these suffixes that no format sniffed


_FORMATS: dict[str, Format] = {}


def register_format(fmt: Format) -> Format:
    """Add a format to the registry (later registrations are tried after earlier ones)."""
    _FORMATS[fmt.name] = fmt
    return fmt


def formats() -> dict[str, Format]:
    """The registered formats by name, in detection order."""
    return dict(_FORMATS)


def read_text(path: str | os.PathLike) -> str:
    """The file's text, or a ScenarioError for a missing, unreadable, empty or binary file."""
    name = str(path)
    p = Path(path)
    if not p.exists():
        raise ScenarioError("file not found", file=name)
    if p.is_dir():
        raise ScenarioError("is a directory, not a scenario file", file=name)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ScenarioError(f"cannot read the file ({exc.strerror or exc})", file=name) from None
    if len(raw) > MAX_BYTES:
        raise ScenarioError(f"file is larger than {MAX_BYTES // 1_000_000} MB", file=name)
    return decode(raw, name)


def decode(raw: bytes, name: str) -> str:
    """Decode bytes as UTF-8 (BOM allowed), rejecting binary content."""
    if not raw.strip():
        raise ScenarioError("file is empty", file=name)
    if b"\x00" in raw:
        raise ScenarioError("binary content, not a text scenario file", file=name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"not UTF-8 text (bad byte at offset {exc.start})", file=name) from None
    return text


def parse(text: str, name: str, format: str | None = None) -> Scenario:
    """Parse scenario text of a named or detected format."""
    if not text.strip():
        raise ScenarioError("file is empty", file=name)
    if format is not None:
        if format not in _FORMATS:
            raise ScenarioError(f"unknown format '{format}' (known: {', '.join(_FORMATS)})", file=name)
        fmt = _FORMATS[format]
    else:
        fmt = next((f for f in _FORMATS.values() if f.sniff(name, text)), None)
        if fmt is None:
            suffix = Path(name).suffix.lower()
            fmt = next((f for f in _FORMATS.values() if suffix and suffix in f.suffixes), None)
        if fmt is None:
            known = ", ".join(f.description for f in _FORMATS.values())
            raise ScenarioError(f"not a recognised scenario format (expected one of: {known})", file=name)
    try:
        sc = fmt.parse(text, name)
    except ScenarioError as exc:
        if exc.file is None:
            raise ScenarioError(exc.problem, file=name, place=exc.place) from None
        raise
    return sc.replace(origin=name)


def load(path: str | os.PathLike, format: str | None = None) -> Scenario:
    """Load and validate a scenario file (YAML, long CSV, an Excel workbook, or an importer's format)."""
    if format == "xlsx" or (format is None and Path(path).suffix.lower() == ".xlsx"):
        from . import xlsx_io

        return xlsx_io.load(path)
    return parse(read_text(path), str(path), format)
