"""Suggestions for mistyped names: "did you mean RUS (Russia)?"."""

from __future__ import annotations

import difflib
from collections.abc import Sequence


def closest(text: str, ids: Sequence[str], names: Sequence[str | None] = ()) -> str | None:
    """The id whose id or name is closest to ``text`` (case ignored), or None when nothing is close.

    An exact match of a name (``Russia`` for the actor ``RUS`` named Russia) wins; otherwise
    the closest id or name by :func:`difflib.get_close_matches` (ratio of at least 0.6).
    """
    names = list(names) + [None] * (len(ids) - len(names))
    by_label: dict[str, str] = {}
    for i, n in zip(ids, names, strict=True):
        by_label.setdefault(i.lower(), i)
        if n:
            by_label.setdefault(n.lower(), i)
    key = text.strip().lower()
    if key in by_label:
        return by_label[key]
    prefix = [i for label, i in by_label.items() if label.startswith(key) or key.startswith(label)] if len(key) > 2 \
        else []
    if len(set(prefix)) == 1:
        return prefix[0]
    hit = difflib.get_close_matches(key, list(by_label), n=1, cutoff=0.6)
    return by_label[hit[0]] if hit else None


def unknown(what: str, text: str, ids: Sequence[str], names: Sequence[str | None] = ()) -> str:
    """``unknown actor 'Russia' (did you mean RUS (Russia)?)``, or the known ids when nothing is close."""
    best = closest(text, ids, names)
    if best is None:
        return f"unknown {what} '{text}' (known: {', '.join(ids)})"
    name = dict(zip(ids, list(names) + [None] * (len(ids) - len(names)), strict=True)).get(best)
    label = f"{best} ({name})" if name and name != best else best
    return f"unknown {what} '{text}' (did you mean {label}?)"
