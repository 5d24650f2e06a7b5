"""``realpolitik check``: validate a scenario and summarise what it rests on."""

from __future__ import annotations

import functools

import click

from .. import api
from .app import main
from .loading import load_scenario
from .output import console, fmt_num, print_table


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--all", "show_all", is_flag=True, help="List every input without evidence (default: the first 20).")
@click.option("--corpus", type=click.Path(file_okay=False), default=None,
              help="Directory of the cited source files: verify every cited file and paragraph.")
def check(file, show_all, corpus):
    """Validate a scenario FILE and summarise it: actors, issues and their decision rules,
    stages, evidence, uncertainty.

    Exit code 0 when the file is valid, 2 with a one-line message when it is not.

    \b
    Examples:
      realpolitik check examples/korea-2019.yaml
      realpolitik check examples/korea-2019.yaml --corpus ../shared/seeds
    """
    sc = load_scenario(file)
    result = api.check(sc, corpus=corpus)
    out = console()
    echo = functools.partial(out.print, markup=False, highlight=False)
    sc, cov, cited = result.scenario, result.coverage, result.citations
    echo(f"{file}: valid scenario" + (f" — {sc.title}" if sc.title else ""))
    n_pairs = len(sc.actors) * len(sc.issues)
    echo(f"  {len(sc.actors)} actors, {len(sc.issues)} issues, {len(sc.stances)} of {n_pairs} "
               f"actor–issue positions given; salience scale {sc.salience_scale:g}")
    rows = []
    for issue in sc.issues:
        present = [s for s in sc.stances if s.issue == issue.id]
        sq = None if issue.status_quo is None else issue.status_quo.value
        rule = issue.rule.describe() if issue.rule is not None else "unanimity (no rule given)"
        rows.append([issue.id, f"{issue.lower:g}–{issue.upper:g}", fmt_num(sq), str(len(present)), rule,
                     f"{issue.lower_means or ''} → {issue.upper_means or ''}".strip(" →")])
    print_table("issues", ["issue", "scale", "status quo", "actors", "decision rule", "low → high"], rows)
    for n, st in enumerate(sc.stages, start=1):
        rules = "; ".join(f"{i}: {r.describe()}" for i, r in st.rules)
        echo(f"  stage {n}, {st.id}" + (f" ({st.name})" if st.name else "") + ": "
                   + f"issues {', '.join(st.issues) or 'all'}; actors {', '.join(st.actors) or 'all'}"
                   + (f"; rules {rules}" if rules else ""))
    outside = [s for s in sc.stances if s.outside is not None]
    if outside:
        echo("  outside options: " + ", ".join(
            f"{s.actor} on {s.issue} ({s.outside.value.value:g}, credibility {s.outside.credibility.value:g})"
            for s in outside))
    total = len(cov.cited) + len(cov.uncited)
    echo(f"  evidence: {len(cov.cited)} of {total} inputs cite a source ({cov.share_cited:.0%}); "
               f"{len(sc.sources)} sources, {len(sc.evidence)} evidence entries")
    if cited is not None:
        echo(f"  corpus {corpus}: {cited.citations} citations of {cited.paragraphs} paragraphs in "
                   f"{len(cited.sources)} sources verified")
    echo(f"  uncertain inputs (sd or range): {len(cov.uncertain)}")
    if cov.uncited:
        shown = cov.uncited if show_all else cov.uncited[:20]
        more = "" if len(shown) == len(cov.uncited) else f" (and {len(cov.uncited) - len(shown)} more; --all)"
        echo("  no evidence: " + ", ".join(shown) + more)
