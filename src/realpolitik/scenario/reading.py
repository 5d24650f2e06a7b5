"""Reading scenario files safely: bounded size, no devices, every byte kept.

A file is read once, with the size limit applied while reading (``/dev/zero`` stops at
the limit, not at the end of memory). Regular files and pipes (``/dev/stdin``, ``<(…)``)
are read; devices, sockets and folders are refused. A named pipe that no program writes
to reads as empty rather than blocking. What was read is kept by the loader
(:attr:`Scenario.loaded_files`), so the run store records exactly the bytes that ran.

``extends:`` bases are read through :func:`read_base`, which confines them to the folder
of the file that started loading unless :func:`reading` allows any path.
"""

from __future__ import annotations

import contextvars
import errno
import os
import select
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ScenarioError

MAX_BYTES = 50_000_000
CHUNK = 1 << 20


@dataclass
class _Reading:
    root: Path | None  # extends: must stay inside this folder (None: anywhere)
    files: list[tuple[str, bytes]] = field(default_factory=list)


_CURRENT: contextvars.ContextVar[_Reading | None] = contextvars.ContextVar("realpolitik_reading", default=None)


@contextmanager
def reading(main: str, *, allow_outside: bool = False) -> Iterator[list[tuple[str, bytes]]]:
    """Collect the ``extends:`` bases read while parsing ``main`` (a path or a name)."""
    root = None if allow_outside else Path(os.path.abspath(main)).parent.resolve()
    state = _Reading(root)
    token = _CURRENT.set(state)
    try:
        yield state.files
    finally:
        _CURRENT.reset(token)


def read_base(path: Path, named_by: str) -> bytes:
    """The bytes of an ``extends:`` base, confined to the scenario's folder unless allowed."""
    state = _CURRENT.get()
    if state is None:
        state = _Reading(Path(os.path.abspath(named_by)).parent.resolve())
    if state.root is not None and not path.resolve().is_relative_to(state.root):
        raise ScenarioError("'extends' names a file outside the scenario's folder (run 'realpolitik "
                            "--allow-outside ...' to allow it)", file=named_by, place="extends")
    raw = read_bytes(path)
    state.files.append((str(path), raw))
    return raw


def read_base_files() -> tuple[tuple[str, bytes], ...]:
    """The bases read so far while loading the current scenario, in the order they were read."""
    state = _CURRENT.get()
    return () if state is None else tuple(state.files)


def read_bytes(path: str | os.PathLike, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file or a pipe, at most ``limit`` of them; ScenarioError otherwise."""
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ScenarioError("file not found", file=name) from None
    except IsADirectoryError:
        raise ScenarioError("is a directory, not a scenario file", file=name) from None
    except OSError as exc:
        raise ScenarioError(f"cannot read the file ({exc.strerror or exc})", file=name) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise ScenarioError("is a directory, not a scenario file", file=name)
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
            raise ScenarioError(f"is {_kind(mode)}, not a regular file", file=name)
        return _read_limited(fd, name, limit, pipe=stat.S_ISFIFO(mode))
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _read_limited(fd: int, name: str, limit: int, pipe: bool) -> bytes:
    chunks, size = [], 0
    while True:
        try:
            chunk = os.read(fd, min(CHUNK, limit + 1 - size))
        except BlockingIOError:  # a pipe with a writer that has not written yet: wait for it
            select.select([fd], [], [])
            continue
        except OSError as exc:
            if exc.errno == errno.EISDIR:
                raise ScenarioError("is a directory, not a scenario file", file=name) from None
            raise ScenarioError(f"cannot read the file ({exc.strerror or exc})", file=name) from None
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise ScenarioError(f"file is larger than {limit // 1_000_000} MB (the limit for a scenario)", file=name)
    raw = b"".join(chunks)
    if pipe and not raw:
        raise ScenarioError("nothing was written to this pipe", file=name)
    return raw


def decode(raw: bytes, name: str) -> str:
    """Decode bytes as UTF-8 (BOM allowed), rejecting empty and binary content."""
    if not raw.strip():
        raise ScenarioError("file is empty", file=name)
    if b"\x00" in raw:
        raise ScenarioError("binary content, not a text scenario file", file=name)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"not UTF-8 text (bad byte at offset {exc.start})", file=name) from None
