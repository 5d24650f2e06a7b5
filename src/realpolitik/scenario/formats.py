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
from .reading import MAX_BYTES, decode, read_bytes, reading

__all__ = ["MAX_BYTES", "Format", "decode", "formats", "load", "parse", "read_text", "register_format"]



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
    """The file's text, or a ScenarioError for a missing, unreadable, empty, binary or special file."""
    return decode(read_bytes(path), str(path))


def parse(text: str, name: str, format: str | None = None, *, allow_outside: bool = False) -> Scenario:
    """Parse scenario text of a named or detected format.

    ``allow_outside``: an ``extends:`` base may lie outside the folder of ``name``.
    The Scenario's ``loaded_files`` holds the text (as UTF-8) and every base read.
    """
    return _parse(text, name, format, text.encode("utf-8"), allow_outside)


def load(path: str | os.PathLike, format: str | None = None, *, allow_outside: bool = False) -> Scenario:
    """Load and validate a scenario file (YAML, long CSV, or an importer's format).

    The file is read once; its bytes, and those of any ``extends:`` base, are kept in
    the Scenario's ``loaded_files`` (the file first). A base outside the file's folder
    is refused unless ``allow_outside``. An Excel workbook (``.xlsx``) is read by
    :mod:`realpolitik.scenario.xlsx_io`.
    """
    if format == "xlsx" or (format is None and Path(path).suffix.lower() == ".xlsx"):
        from . import xlsx_io

        return xlsx_io.load(path)
    raw = read_bytes(path)
    return _parse(decode(raw, str(path)), str(path), format, raw, allow_outside)


def _parse(text: str, name: str, format: str | None, raw: bytes, allow_outside: bool) -> Scenario:
    fmt = _format(text, name, format)
    with reading(name, allow_outside=allow_outside) as bases:
        try:
            sc = fmt.parse(text, name)
        except ScenarioError as exc:
            if exc.file is None:
                raise ScenarioError(exc.problem, file=name, place=exc.place) from None
            raise
    return sc.read_from(name, ((name, raw), *bases))


def _format(text: str, name: str, format: str | None) -> Format:
    if not text.strip():
        raise ScenarioError("file is empty", file=name)
    if format is not None:
        if format not in _FORMATS:
            raise ScenarioError(f"unknown format '{format}' (known: {', '.join(_FORMATS)})", file=name)
        return _FORMATS[format]
    fmt = next((f for f in _FORMATS.values() if f.sniff(name, text)), None)
    if fmt is None:
        suffix = Path(name).suffix.lower()
        fmt = next((f for f in _FORMATS.values() if suffix and suffix in f.suffixes), None)
    if fmt is None:
        known = ", ".join(f.description for f in _FORMATS.values())
        raise ScenarioError(f"not a recognised scenario format (expected one of: {known})", file=name)
    return fmt
