"""A commented scenario template that loads and runs as it is (``realpolitik new``)."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import ParameterError

DEFAULT_ACTORS = ("A", "B", "C")
DEFAULT_ISSUES = ("x", "y")


def _ids(values: Sequence[str], what: str) -> list[str]:
    ids = [v.strip() for v in values]
    bad = [v for v in ids if not v or any(c in v for c in " .:#{}[],&*!|>'\"%@`")]
    if bad:
        raise ParameterError(f"{what} id '{bad[0]}' must be a non-empty word without spaces, dots or punctuation")
    twice = sorted({v for v in ids if ids.count(v) > 1})
    if twice:
        raise ParameterError(f"{what} id '{twice[0]}' is given twice")
    return ids


def template(actors: Sequence[str] = DEFAULT_ACTORS, issues: Sequence[str] = DEFAULT_ISSUES,
             title: str = "A new scenario") -> str:
    """The YAML text of a scenario with these actor and issue ids, every key explained.

    Positions are spread evenly over each scale (the first actor low on the first issue,
    the order turning on each further issue) so that every model has something to do;
    replace them, and the capabilities and saliences, with what your sources say.
    """
    actors = _ids(actors or DEFAULT_ACTORS, "actor")
    issues = _ids(issues or DEFAULT_ISSUES, "issue")
    n = len(actors)
    lines = [
        "# A realpolitik scenario (format version 1). Replace the example values with your own,",
        "# then: realpolitik check FILE; realpolitik forecast FILE -m all",
        "# Full reference: docs/scenario-format.md",
        "format_version: 1",
        f"title: {title}",
        "date: 2026-01-01          # when the situation was assessed",
        "salience_scale: 100       # the salience that means 'most important'; saliences may not exceed it",
        "",
        "actors:",
        "  # capability: the actor's power to move the outcome (any positive number; only ratios matter).",
        "  # Any number may carry uncertainty: {value: 40, sd: 5} or {value: 40, range: [30, 50]}.",
    ]
    for i, a in enumerate(actors):
        lines.append(f"  - {{id: {a}, name: {a}, capability: {10 * (n - i) + 20}}}")
    lines += [
        "",
        "issues:",
        "  # scale: the ends of the issue's scale; low/high: what they mean; status_quo: the outcome if",
        "  # nothing is agreed (the Nash and procedural models need it).",
        "  # rule: who must agree to a change. Without a rule, every actor taking part must agree",
        "  # (unanimity). Presets: unanimity, unsc; or {quota: 0.5, weighted: true, veto: [ID], agenda_setter: ID}.",
    ]
    for j, x in enumerate(issues):
        rule = "\n    rule: {quota: 0.5}        # a simple majority of the actors taking part" if j == 0 else ""
        lines.append(f"  - id: {x}\n    name: {x}\n    scale: [0, 100]\n    low: none\n    high: all\n"
                     f"    status_quo: 30{rule}")
    lines += [
        "",
        "positions:",
        "  # For each actor and issue: position (on the issue's scale) and salience (0 to salience_scale).",
        "  # Leave an issue out for an actor that takes no part in it. An outside option is what the actor",
        "  # gets if talks fail: outside: {value: 60, credibility: 0.5} (add public: true if everyone lives",
        "  # with it, as when a third power steps in).",
    ]
    for i, a in enumerate(actors):
        lines.append(f"  {a}:")
        for j, x in enumerate(issues):
            rank = i if j % 2 == 0 else n - 1 - i
            position = 10 + (80 * rank) // max(1, n - 1)
            salience = 90 - (40 * ((i + j) % n)) // max(1, n)
            lines.append(f"    {x}: {{position: {position}, salience: {salience}}}")
    lines += [
        "",
        "# Sources and evidence: cite the document and paragraph each input rests on, in your own words.",
        "# sources:",
        "#   - {id: s1, file: sources/article.txt, title: An article}",
        "# evidence:",
        f"#   - {{value: {actors[0]}.{issues[0]}.position, source: s1, paragraph: [3], note: why we put it there}}",
        "",
        "# Stages: talks in rounds; each stage's outcome is the next stage's status quo.",
        "# stages:",
        f"#   - {{id: first, issues: [{issues[0]}], actors: [{', '.join(actors[:2])}]}}",
        "#   - {id: second}",
        "",
    ]
    return "\n".join(lines)
