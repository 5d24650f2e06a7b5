"""The served folder: which files the app may read and write, and how it writes them.

Every path the browser sends is relative to a root. A path that leaves the root (``..``,
an absolute path, a symbolic link pointing outside), names a hidden file or is not a
scenario file is refused. The bundled examples form a second, read-only root.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import RealpolitikError
from ..scenario import yaml_io

SCENARIO_SUFFIXES = (".yaml", ".yml", ".csv", ".xml", ".txt")
EXAMPLES_PREFIX = "examples/"
MAX_LISTED = 500
SKIPPED_FOLDERS = {"node_modules", "__pycache__", "site-packages"}


class AccessError(RealpolitikError):
    """A path outside the served folder, hidden, or of a kind the app does not serve."""


class MissingFile(AccessError):
    """A path inside the folder where there is no file."""


class ReadOnlyError(RealpolitikError):
    """A write to a read-only file (the bundled examples)."""


class VersionConflict(RealpolitikError):
    """The file changed on disk since the browser read it."""


def version_of(raw: bytes) -> str:
    """A file's version: the SHA-256 of its bytes (hex, first 16 digits)."""
    return hashlib.sha256(raw).hexdigest()[:16]


@dataclass(frozen=True)
class Entry:
    """A scenario file the app serves: its path as the browser names it, where it is, whether it is writable."""

    name: str
    path: Path
    readonly: bool


class Folder:
    """A served folder (read-write) plus an optional read-only examples folder."""

    def __init__(self, root: str | os.PathLike, examples: str | os.PathLike | None = None):
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise RealpolitikError(f"{root}: not a folder")
        self._lock = threading.Lock()
        self.examples = None if examples is None or not Path(examples).is_dir() else Path(examples).resolve()

    def entry(self, name: str, *, must_exist: bool = True) -> Entry:
        """Resolve a browser path, refusing anything outside the folder."""
        if not isinstance(name, str) or not name or "\x00" in name or "\\" in name:
            raise AccessError(f"'{name}': not a file name")
        rel = PurePosixPath(name)
        if rel.is_absolute() or any(p in ("..", "") or p.startswith(".") for p in rel.parts):
            raise AccessError(f"'{name}': outside the served folder")
        if rel.suffix.lower() not in SCENARIO_SUFFIXES:
            raise AccessError(f"'{name}': not a scenario file ({', '.join(SCENARIO_SUFFIXES)})")
        readonly = self.examples is not None and name.startswith(EXAMPLES_PREFIX)
        base = self.examples if readonly else self.root
        parts = rel.parts[1:] if readonly else rel.parts
        path = base.joinpath(*parts)
        resolved = path.resolve()
        if not resolved.is_relative_to(base):
            raise AccessError(f"'{name}': outside the served folder")
        if must_exist and not resolved.is_file():
            raise MissingFile(f"'{name}': no such file")
        return Entry(name, path, readonly)

    def listing(self) -> list[Entry]:
        """Scenario files in the folder (sub-folders included, hidden ones skipped), then the examples."""
        out: list[Entry] = []
        for base, readonly in ((self.root, False), (self.examples, True)):
            if base is None:
                continue
            for path in _files(base):
                rel = path.relative_to(base)
                if not readonly and self.examples is not None and rel.parts[0] == EXAMPLES_PREFIX[:-1]:
                    continue  # the name space examples/ belongs to the read-only examples
                if not path.resolve().is_relative_to(base):
                    continue
                out.append(Entry((EXAMPLES_PREFIX if readonly else "") + rel.as_posix(), path, readonly))
                if len(out) >= MAX_LISTED:
                    return out
        return out

    def read(self, name: str) -> tuple[Entry, bytes]:
        entry = self.entry(name)
        try:
            return entry, entry.path.read_bytes()
        except OSError as exc:
            raise AccessError(f"'{name}': cannot read ({exc.strerror or exc})") from None

    def write(self, name: str, text: str, *, version: str | None, create: bool = False) -> str:
        """Write ``text`` atomically; ``version`` must match the file on disk (None: must not exist)."""
        entry = self.entry(name, must_exist=False)
        with self._lock:
            return self._write(entry, text, version, create)

    def _write(self, entry: Entry, text: str, version: str | None, create: bool) -> str:
        name = entry.name
        if entry.readonly:
            raise ReadOnlyError(f"'{name}': the examples are read-only; save a copy under another name")
        exists = entry.path.exists()
        if create and exists:
            raise VersionConflict(f"'{name}' already exists; choose another name")
        if not create:
            if not exists:
                raise MissingFile(f"'{name}': no such file")
            current = version_of(entry.path.read_bytes())
            if current != version:
                raise VersionConflict(f"'{name}' was changed by someone else since you opened it; "
                                      "reload it (your edits are kept in this tab until you do)")
        entry.path.parent.mkdir(parents=True, exist_ok=True)
        if not entry.path.parent.resolve().is_relative_to(self.root):
            raise AccessError(f"'{name}': outside the served folder")
        yaml_io.write_atomic(entry.path, text)
        return version_of(text.encode("utf-8"))


def _files(base: Path) -> list[Path]:
    """Scenario files under ``base`` in name order, not descending into hidden or link folders."""
    found = []
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_FOLDERS)
        found += [Path(folder, f) for f in files if not f.startswith(".")
                  and Path(f).suffix.lower() in SCENARIO_SUFFIXES and Path(folder, f).is_file()]
    return sorted(found)
