"""Excel workbooks (``.xlsx``, via openpyxl, the ``xlsx`` extra): read and written in two layouts.

- **long**: one sheet laid out as the long CSV (``actor, issue, capability, position,
  salience`` and the optional ``status_quo, rule, scale_low, scale_high``).
- **tables**: one sheet per table: ``actors`` (id, name, capability), ``issues`` (id, name,
  scale_low, scale_high, low, high, status_quo, rule) and ``positions`` (actor, issue,
  position, salience, capability, outside, credibility, public); empty cells are left out.

A workbook with sheets named ``actors``, ``issues`` and ``positions`` is read as tables,
any other from its first sheet as long. Central values only: uncertainty and evidence
are kept in YAML.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import MissingExtraError, RealpolitikError, ScenarioError
from . import csv_io
from .model import Scenario

TABLES = {
    "actors": ("id", "name", "capability"),
    "issues": ("id", "name", "scale_low", "scale_high", "low", "high", "status_quo", "rule"),
    "positions": ("actor", "issue", "position", "salience", "capability", "outside", "credibility", "public"),
}


def _openpyxl():
    try:
        import openpyxl
    except ImportError:
        raise MissingExtraError("openpyxl", "xlsx") from None
    return openpyxl


def load(path: str | os.PathLike) -> Scenario:
    """Read a workbook in either layout; ScenarioError naming the file, sheet and row."""
    openpyxl = _openpyxl()
    name = str(path)
    if not Path(path).is_file():
        raise ScenarioError("file not found", file=name)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ScenarioError(f"not a readable .xlsx workbook ({type(exc).__name__})", file=name) from None
    try:
        sheets = {ws.title.strip().lower(): [list(r) for r in ws.iter_rows(values_only=True)] for ws in book}
    finally:
        book.close()
    try:
        if set(TABLES) <= set(sheets):
            sc = _from_tables(sheets)
        else:
            title, rows = next(((t, r) for t, r in sheets.items()), ("", []))
            if not rows:
                raise ScenarioError("the first sheet is empty", place=f"sheet '{title}'")
            header = [_text(c).lower() for c in rows[0]]
            while header and not header[-1]:
                header.pop()
            body = ((n + 2, [_text(c) for c in row[:len(header)]]) for n, row in enumerate(rows[1:]))
            sc = csv_io.from_rows(header, body, Path(name).stem or "issue",
                                  place=lambda line: f"sheet '{title}', row {line}")
    except ScenarioError as exc:
        raise ScenarioError(exc.problem, file=name, place=exc.place) from None
    return sc.replace(origin=name)


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _records(sheets: dict[str, list[list[Any]]], table: str) -> list[tuple[int, dict[str, Any]]]:
    rows = sheets[table]
    if not rows:
        raise ScenarioError("the sheet is empty", place=f"sheet '{table}'")
    header = [_text(c).lower() for c in rows[0]]
    unknown = [h for h in header if h and h not in TABLES[table]]
    if unknown:
        raise ScenarioError(f"unknown column '{unknown[0]}' (columns: {', '.join(TABLES[table])})",
                            place=f"sheet '{table}', row 1")
    out = []
    for n, row in enumerate(rows[1:]):
        rec = {h: v for h, v in zip(header, row, strict=False) if h and v is not None and _text(v) != ""}
        if rec:
            out.append((n + 2, rec))
    return out


def _from_tables(sheets: dict[str, list[list[Any]]]) -> Scenario:
    from .schema import from_mapping

    actors = [{k: v for k, v in rec.items()} for _, rec in _records(sheets, "actors")]
    issues = []
    for line, rec in _records(sheets, "issues"):
        issue = {k: rec[k] for k in ("id", "name", "low", "high", "status_quo") if k in rec}
        issue["scale"] = [rec.get("scale_low", 0), rec.get("scale_high", 100)]
        if "rule" in rec:
            from .rules_schema import rule_to

            issue["rule"] = rule_to(csv_io.parse_rule(_text(rec["rule"]), f"sheet 'issues', row {line}"))
        issues.append(issue)
    positions: dict[str, dict[str, Any]] = {}
    for line, rec in _records(sheets, "positions"):
        for key in ("actor", "issue", "position", "salience"):
            if key not in rec:
                raise ScenarioError(f"missing {key}", place=f"sheet 'positions', row {line}")
        entry = {k: rec[k] for k in ("position", "salience", "capability") if k in rec}
        if "outside" in rec:
            entry["outside"] = {"value": rec["outside"], "credibility": rec.get("credibility", 1.0)}
            if rec.get("public") in (True, 1, "true", "TRUE", "yes"):
                entry["outside"]["public"] = True
        positions.setdefault(_text(rec["actor"]), {})[_text(rec["issue"])] = entry
    return from_mapping({"format_version": 1, "actors": actors, "issues": issues, "positions": positions})


def dump(sc: Scenario, path: str | os.PathLike, layout: str = "tables") -> None:
    """Write ``sc`` as a workbook (``layout`` "tables" or "long"), atomically."""
    openpyxl = _openpyxl()
    book = openpyxl.Workbook()
    book.remove(book.active)
    if layout == "long":
        header, rows = csv_io.table(sc)
        _sheet(book, "scenario", header, [[_number(c) for c in row] for row in rows])
    elif layout == "tables":
        _sheet(book, "actors", TABLES["actors"], [[a.id, a.name, a.capability.value] for a in sc.actors])
        _sheet(book, "issues", TABLES["issues"], [_issue_row(i) for i in sc.issues])
        _sheet(book, "positions", TABLES["positions"], [_stance_row(s) for s in sc.stances])
    else:
        raise RealpolitikError(f"unknown workbook layout '{layout}' (layouts: tables, long)")
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        book.save(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise RealpolitikError(f"{path}: cannot write the file ({exc.strerror or exc})") from None


def _sheet(book, title: str, header, rows) -> None:
    ws = book.create_sheet(title)
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))


def _number(cell: str) -> float | str | None:
    if not cell:
        return None
    try:
        return float(cell)
    except ValueError:
        return cell


def _issue_row(i) -> list[Any]:
    rule = csv_io.rule_cell(i.rule) if i.rule is not None else None
    return [i.id, i.name, i.lower, i.upper, i.lower_means, i.upper_means,
            None if i.status_quo is None else i.status_quo.value, rule]


def _stance_row(s) -> list[Any]:
    out = None if s.outside is None else s.outside
    return [s.actor, s.issue, s.position.value, s.salience.value, None if s.capability is None else s.capability.value,
            None if out is None else out.value.value, None if out is None else out.credibility.value,
            True if out is not None and out.public else None]
