"""Saving an edited scenario into a hand-written YAML file without losing its comments or key order.

The browser edits the scenario document (the plain mapping of the YAML format). Saving
merges that document into the file's round-trip tree (ruamel.yaml): values that did not
change keep their original spelling, comments and layout; changed values are replaced in
place; new keys and list items are appended; removed ones are dropped. Lists of items with
an ``id`` (actors, issues, sources, stages) are matched by id, other lists by position.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString

from ..errors import ScenarioError


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 1_000_000  # never fold a line the author did not fold
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def load_tree(text: str) -> Any:
    """The round-trip tree of a YAML document."""
    try:
        return _yaml().load(text)
    except YAMLError as exc:
        raise ScenarioError(f"not valid YAML: {exc}") from None


def plain(tree: Any) -> Any:
    """A round-trip tree as plain JSON-able values (dicts, lists, numbers, strings)."""
    if isinstance(tree, dict):
        return {str(k): plain(v) for k, v in tree.items()}
    if isinstance(tree, list):
        return [plain(v) for v in tree]
    if isinstance(tree, bool) or tree is None:
        return tree
    if isinstance(tree, int):
        return int(tree)
    if isinstance(tree, float):
        return float(tree)
    if isinstance(tree, str):
        return str(tree)
    return str(tree)  # dates and other YAML scalars travel as text


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    if isinstance(old, int | float) and isinstance(new, int | float):
        return float(old) == float(new)
    return plain(old) == new


PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9 _.,()/+-]*")
SPECIAL = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _text(value: str) -> str:
    """A string as written: plain when every YAML reader takes it as that string, else double-quoted."""
    if PLAIN.fullmatch(value) and value.lower() not in SPECIAL and not value.endswith(" "):
        return value
    return DoubleQuotedScalarString(value)


def _scalar(old: Any, new: Any) -> Any:
    """A changed value; a changed string keeps the old one's block style (folded or literal)."""
    if isinstance(new, str) and isinstance(old, FoldedScalarString | LiteralScalarString):
        return type(old)(new)
    return _text(new) if isinstance(new, str) else new


def _fresh(new: Any) -> Any:
    """A new value as round-trip nodes; small mappings and lists of numbers are written inline."""
    if isinstance(new, dict):
        m = CommentedMap((k, _fresh(v)) for k, v in new.items())
        if all(not isinstance(v, dict | list) or _is_numbers(v) for v in new.values()) and len(new) <= 4:
            m.fa.set_flow_style()  # strings in it are plain only where every reader agrees (see _text)
        return m
    if isinstance(new, list):
        s = CommentedSeq(_fresh(v) for v in new)
        if _is_numbers(new):
            s.fa.set_flow_style()
        return s
    return _text(new) if isinstance(new, str) else new


def _is_numbers(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, int | float) and not isinstance(x, bool) for x in v)


def merge(old: Any, new: Any) -> Any:
    """``new`` (plain values) written over ``old`` (a round-trip node), keeping what did not change."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [k for k in old if str(k) not in new]:
            del old[key]
        for key, value in new.items():
            old[key] = merge(old[key], value) if key in old else _fresh(value)
        return old
    if isinstance(old, list) and isinstance(new, list):
        return _merge_list(old, new)
    if _same(old, new):
        return old
    return _scalar(old, new) if not isinstance(new, dict | list) else _fresh(new)


def _ids(items: list) -> list | None:
    ids = [x.get("id") if isinstance(x, dict) else None for x in items]
    return ids if all(isinstance(i, str) for i in ids) and len(set(ids)) == len(ids) else None


def _merge_list(old: list, new: list) -> list:
    old_ids, new_ids = _ids(old), _ids(new)
    if old_ids is not None and new_ids is not None and old_ids != new_ids:
        by_id = {i: item for i, item in zip(old_ids, old, strict=True)}
        merged = [merge(by_id[i], item) if i in by_id else _fresh(item)
                  for i, item in zip(new_ids, new, strict=True)]
        if [i for i in old_ids if i in set(new_ids)] == [i for i in new_ids if i in set(old_ids)]:
            _replace_items(old, merged)
        else:
            old[:] = merged
        return old
    for n, item in enumerate(new):
        if n < len(old):
            old[n] = merge(old[n], item)
        else:
            old.append(_fresh(item))
    del old[len(new):]
    return old


def _replace_items(seq: list, items: list) -> None:
    """Replace a sequence's items in place, keeping the comments attached to surviving ones."""
    keep = {id(x) for x in items}
    for n in reversed(range(len(seq))):
        if id(seq[n]) not in keep:
            del seq[n]
    for n, item in enumerate(items):
        if n >= len(seq) or seq[n] is not item:
            seq.insert(n, item)


def dump(tree: Any) -> str:
    out = io.StringIO()
    _yaml().dump(tree, out)
    return out.getvalue()


def save_text(original: str | None, document: dict[str, Any]) -> str:
    """The YAML text to save for ``document``: merged into ``original`` when there is one.

    An unchanged document gives back the original text byte for byte.
    """
    if original is not None:
        tree = load_tree(original)
        if isinstance(tree, dict) and plain(tree) == document:
            return original
        if isinstance(tree, dict):
            return dump(merge(tree, document))
    return dump(_fresh_document(document))


def _fresh_document(document: dict[str, Any]) -> Any:
    tree = _fresh(document)
    if isinstance(tree, CommentedMap):
        tree.fa.set_block_style()
    return tree
