"""The YAML scenario format: parsing with duplicate-key detection, and writing."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import yaml

from ..errors import RealpolitikError, ScenarioError
from .model import Scenario
from .numbers import too_large
from .reading import decode, read_base, read_base_files

_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when present: linear and fast


class _UniqueKeyLoader(_BASE_LOADER):
    """A safe loader that rejects a key given twice in one mapping and reports bad values with their line.

    Merge keys (``<<: *base``) are expanded first, as YAML 1.1 defines them; a key given
    twice by the document itself is still an error.
    """

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            own = [(k, v) for k, v in node.value if k.tag != "tag:yaml.org,2002:merge"]
            self._check_unique(own)
            try:
                self.flatten_mapping(node)
            except yaml.constructor.ConstructorError as exc:
                raise ScenarioError(f"a merge key (<<) must name a mapping ({exc.problem})",
                                    place=_line(node)) from None
        return super().construct_mapping(node, deep=deep)

    def _check_unique(self, pairs) -> None:
        seen = set()
        for key_node, _ in pairs:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:
                raise ScenarioError("a mapping key is not a plain value", place=_line(key_node)) from None
            if duplicate:
                raise ScenarioError(f"duplicate key '{_shown(key)}'", place=_line(key_node))
            seen.add(key)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            raise ScenarioError(f"'{node.value}' is not a valid date ({exc})", place=_line(node)) from None

    def construct_yaml_int(self, node):
        value = super().construct_yaml_int(node)
        try:
            float(value)
        except OverflowError:
            raise ScenarioError(too_large("number", node.value).problem, place=_line(node)) from None
        return value


_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:timestamp", _UniqueKeyLoader.construct_yaml_timestamp)
_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:int", _UniqueKeyLoader.construct_yaml_int)


def _line(node) -> str:
    return f"line {node.start_mark.line + 1}"


def _shown(key) -> str:
    return str(key).encode("unicode_escape").decode("ascii")


# YAML 1.1 reads an exponent without a dot (1e300) as a string; read it as the number it is, as YAML 1.2 does
_EXPONENT = re.compile(r"^[-+]?[0-9][0-9_]*(\.[0-9_]*)?[eE][-+]?[0-9]+$")
_UniqueKeyLoader.add_implicit_resolver("tag:yaml.org,2002:float", _EXPONENT, list("-+0123456789"))


def sniff(name: str, text: str) -> bool:
    """A YAML scenario: the .yaml/.yml suffix, or a document declaring format_version."""
    if name.lower().endswith((".yaml", ".yml")):
        return True
    return any(line.startswith("format_version:") for line in text.splitlines()[:50])


def parse(text: str, name: str) -> Scenario:
    """Parse a YAML scenario document.

    A document with ``extends: OTHER.yaml`` (a path relative to its own file) starts
    from that document; its own top-level keys replace the other's.
    """
    from .schema import from_mapping  # pydantic: imported when a file is read

    data = _load(text)
    merged = _extend(data, name, ())
    try:
        return from_mapping(merged)
    except ScenarioError as exc:
        if exc.file is None and merged is not data:
            raise ScenarioError(exc.problem, file=_blamed(exc.place, data, name), place=exc.place) from None
        raise


def _blamed(place: str | None, own: dict, name: str) -> str:
    """The file that gave the top-level key a problem lies under: this one, or (when not its own) a base."""
    key = (place or "").split(".", 1)[0].split("[", 1)[0]
    if key in own or key in ("", "top level"):
        return name
    state = read_base_files()
    for path, raw in state:  # the nearest base first: its keys win over those of its own base
        try:
            base = _load(decode(raw, path))
        except ScenarioError:
            continue
        if isinstance(base, dict) and key in base:
            return path
    return name


def _extend(data, name: str, chain: tuple[Path, ...]):
    if not isinstance(data, dict) or "extends" not in data:
        return data
    base = data["extends"]
    if not isinstance(base, str) or not base:
        raise ScenarioError("'extends' must name another scenario file", file=name, place="extends")
    path = (Path(name).parent / base).resolve()
    if path in chain:
        raise ScenarioError(f"'{base}' extends itself in a cycle", file=name, place="extends")
    raw = read_base(path, name)
    try:
        inherited = _extend(_load(decode(raw, str(path))), str(path), (*chain, path))
    except ScenarioError as exc:
        raise ScenarioError(exc.problem, file=exc.file or str(path), place=exc.place) from None
    if not isinstance(inherited, dict):
        raise ScenarioError("the top level must be a mapping of keys", file=str(path))
    return {**inherited, **{k: v for k, v in data.items() if k != "extends"}}


def _load(text: str):
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a safe loader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        raise ScenarioError(f"not valid YAML: {exc.problem or exc.context}", place=where) from None
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError) as exc:
        raise ScenarioError(f"not valid YAML: {type(exc).__name__}") from None
    return data


def dumps(sc: Scenario) -> str:
    """The scenario as YAML text."""
    from .schema import to_mapping

    return yaml.safe_dump(to_mapping(sc), sort_keys=False, allow_unicode=True, width=100)


def write_atomic(path: str | os.PathLike, text: str) -> None:
    """Write text to ``path`` via a temporary file, so a failure leaves nothing half-written.

    A path that cannot be written (missing folder, no permission, a directory) raises a
    RealpolitikError naming it; nothing is left behind.
    """
    target = Path(path)
    try:
        _write_atomic(target, text)
    except OSError as exc:
        raise RealpolitikError(f"{path}: cannot write the file ({exc.strerror or exc})") from None


def _write_atomic(target: Path, text: str) -> None:
    if target.exists() and not target.is_file() and not target.is_dir():  # a device or a pipe, e.g. /dev/stdout
        target.write_text(text, encoding="utf-8")
        return
    fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; a written file is for others to read too
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
