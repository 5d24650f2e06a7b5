"""The HTML report: one self-contained file (inline CSS and SVG; no scripts, fonts or links to fetch).

It opens with the summary in plain words and the forecast table. Then: forecasts per
issue on a map of the actors, the scenario (actors, issues with what their ends mean,
status quo, decision rules), round-by-round trajectories, leverage and pivot values,
the advice for one actor, what-ifs, shocks and sensitivity when asked for, the decision
rules that bound, each model's diagnostics (collapsed), the evidence behind every input,
the models with their citations, and what is needed to reproduce the run.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ..analysis.columns import COLUMNS, heading
from ..analysis.narrative import summary_sentences
from ..evidence.coverage import coverage
from ..models import get
from ..scenario.values import Uncertain
from .collect import ReportData
from .plotdata import actor_maps, marks, pivot_bars, rule_bindings, trajectories
from .plots import draw_issue_map, draw_pivots, draw_trajectory, model_color, new_figure, to_svg

QUOTE_CHARS = 240

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0 auto;max-width:1100px;
padding:1.5rem;color:#1d1d1f;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{border-bottom:2px solid #1d3557;padding-bottom:.2rem;margin-top:2.2rem}
h3{margin-bottom:.3rem}table{border-collapse:collapse;margin:.6rem 0;font-size:.88rem;width:100%}
th,td{border:1px solid #d0d7de;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#f3f5f8}td.num{text-align:right;font-variant-numeric:tabular-nums}
.figure svg{max-width:100%;height:auto}.muted{color:#6e7781;font-size:.85rem}
.none{color:#b42318;font-weight:600}
.note{background:#fff7e6;border-left:4px solid #f0a000;padding:.4rem .7rem;margin:.5rem 0}
.summary{font-size:1rem;background:#f3f7fb;border-left:4px solid #1d3557;padding:.3rem .9rem}
.summary ul{margin:.3rem 0;padding-left:1.1rem}.summary li{margin:.15rem 0}.summary p{margin:.3rem 0}
td.num{white-space:nowrap}.wide{overflow-x:auto}
details{border:1px solid #d0d7de;border-radius:4px;padding:.3rem .6rem;margin:.4rem 0}
summary{cursor:pointer;font-weight:600}details ul{margin:.3rem 0 .2rem 1rem;padding:0}
.legend span{display:inline-block;margin-right:1rem}.swatch{display:inline-block;width:.8rem;height:.8rem;
margin-right:.3rem;vertical-align:middle;border-radius:2px}blockquote{margin:.2rem 0;color:#444;font-style:italic}
nav a{margin-right:.8rem}code{font-size:.85em}
"""


def render(data: ReportData) -> str:
    """The complete report as an HTML document."""
    sc = data.scenario
    title = sc.title or data.scenario_file
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)} — realpolitik report</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="muted">{escape(data.scenario_file)}' + (f" · {escape(sc.date)}" if sc.date else "")
        + f" · seed {data.seed} · " + (f"{data.draws} draws" if data.draws > 1 else "single run (no draws)")
        + "</p>",
        _nav(data),
    ]
    parts += _summary(data)
    if sc.description:
        parts.append(f"<p>{escape(sc.description)}</p>")
    parts += _forecasts(data)
    parts += _scenario(data)
    parts += _rounds(data)
    parts += _leverage(data)
    parts += _advice(data)
    for section in data.sections:
        parts += _section(section)
    parts += _rules(data)
    parts += _diagnostics(data)
    parts += _evidence(data)
    parts += _models(data)
    parts += _reproduce(data)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _nav(data: ReportData) -> str:
    links = [("summary", "Summary"), ("forecasts", "Forecasts"), ("scenario", "Scenario"), ("rounds", "Rounds"),
             ("leverage", "Leverage"), *([("advice", "Advice")] if data.advice else []),
             *[(x.id, x.title.split(":")[0]) for x in data.sections], ("rules", "Rules"),
             ("diagnostics", "Diagnostics"), ("evidence", "Evidence"), ("models", "Models"),
             ("reproduce", "Reproduce")]
    return "<nav>" + "".join(f'<a href="#{i}">{escape(t)}</a>' for i, t in links) + "</nav>"


def _summary(data: ReportData) -> list[str]:
    """The plain-words paragraph and the forecast table (intervals over draws in brackets)."""
    out = ['<h2 id="summary">Summary</h2>']
    if not data.results:
        return out + ['<p class="none">No model produced a forecast.</p>'] + \
            [f'<p class="muted">Not shown: {escape(s)}</p>' for s in data.skipped]
    *per_issue, overall = summary_sentences(data.results)
    items = "".join(f"<li>{escape(x)}</li>" for x in per_issue)
    out.append(f'<div class="summary"><ul>{items}</ul><p>{escape(overall)}</p></div>')
    models = [r.model for r in data.results]
    per_model = {r.model: marks(r) for r in data.results}
    rows = []
    for k, issue in enumerate(data.scenario.issues):
        cells = [escape(issue.id), _value(issue.status_quo)]
        for m in models:
            mk = per_model[m][k]
            cells.append(f"{mk.point:.1f}" + (f"<br><span class=\"muted\">[{mk.low:.1f}–{mk.high:.1f}]</span>"
                                              if mk.low is not None else ""))
        rows.append(cells)
    out.append('<div class="wide">' + table(["issue", "status quo", *models], rows, set(range(1, len(models) + 2)))
               + "</div>")
    interval = (" In brackets: the input 90% interval, over draws of the uncertain inputs only." if data.draws > 1
                else "")
    out.append(f'<p class="muted">Forecast of each model (median over {data.draws} draws).{interval}</p>'
               if data.draws > 1 else '<p class="muted">Forecast of each model on the central values.</p>')
    out += [f'<p class="muted">Not shown: {escape(s)}</p>' for s in data.skipped]
    return out


def _diagnostics(data: ReportData) -> list[str]:
    """Each model's notes (cycles, no-deal issues, binding vetoes), collapsed, one block per model."""
    out = ['<h2 id="diagnostics">Diagnostics</h2>']
    shown = False
    for r in data.results:
        notes = [n.removeprefix(f"{r.model}: ") for n in r.notes]
        if not notes:
            continue
        shown = True
        items = "".join(f"<li>{escape(n)}</li>" for n in notes)
        out.append(f"<details><summary>{escape(r.model)}: {len(notes)} note{'s' if len(notes) > 1 else ''}"
                   f"</summary><ul>{items}</ul></details>")
    if not shown:
        out.append('<p class="muted">No model left a note.</p>')
    return out


def _section(section) -> list[str]:
    fields = list(section.fields)
    numeric = {n for n, f in enumerate(fields) if f not in ("issue", "input", "actor", "beyond_noise")}
    rows = [[_cell(row.get(f)) for f in fields] for row in section.rows]
    legend = "; ".join(f"<b>{escape(heading(f))}</b>: {escape(COLUMNS[f][1])}" for f in fields
                       if f in COLUMNS and f not in ("issue", "input", "rank"))
    return [f'<h2 id="{escape(section.id)}">{escape(section.title)}</h2>', f"<p>{escape(section.intro)}</p>",
            table([heading(f) for f in fields], rows, numeric), f'<p class="muted">{legend}</p>']


def _cell(x: Any) -> str:
    if x is None:
        return "–"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        return f"{x:.2f}"
    return escape(str(x))


def _value(v: Uncertain | None) -> str:
    if v is None:
        return "–"
    if v.sd:
        return f"{v.value:g} ± {v.sd:g}"
    if v.low is not None and v.high > v.low:
        return f"{v.value:g} [{v.low:g}–{v.high:g}]"
    return f"{v.value:g}"


def table(columns: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f'<td class="num">{c}</td>' if n in numeric else f"<td>{c}</td>"
                                    for n, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _scenario(data: ReportData) -> list[str]:
    sc = data.scenario
    actors = [[escape(a.id), escape(a.name), escape(a.group or ""), _value(a.capability)] for a in sc.actors]
    issues = []
    for i in sc.issues:
        issues.append([f"<b>{escape(i.id)}</b><br>{escape(i.name)}", f"{i.lower:g}: {escape(i.lower_means or '–')}",
                       f"{i.upper:g}: {escape(i.upper_means or '–')}", _value(i.status_quo),
                       escape(i.rule.describe()) if i.rule is not None else '<span class="muted">none given</span>'])
    return ["<h2 id=\"scenario\">Scenario</h2>",
            f"<h3>Actors ({len(sc.actors)})</h3>", table(["id", "name", "group", "capability"], actors, {3}),
            f"<h3>Issues ({len(sc.issues)})</h3>",
            table(["issue", "low end means", "high end means", "status quo", "decision rule"], issues, {3})]


def _predictive(data: ReportData) -> list[str]:
    """Predictive 50% and 90% intervals per model and issue: the model's own error added to the inputs'."""
    from ..analysis.predictive import intervals, scenario_spread
    from ..errors import ParameterError

    spread = scenario_spread(data.scenario)
    columns, cells, missing = [], [], []
    for r in data.results:
        try:
            rows = intervals(r, spread)
        except ParameterError as exc:
            missing.append(str(exc))
            continue
        columns.append(r.model)
        cells.append([f"{row['predictive_50_low']:.1f}–{row['predictive_50_high']:.1f} "
                      f"<span class=\"muted\">({row['predictive_90_low']:.1f}–{row['predictive_90_high']:.1f})"
                      "</span>" for row in rows])
    out = ['<h3>Predictive intervals</h3>',
           '<p>50% predictive interval, and in brackets the 90% one: the model\'s own error, learned from its '
           'residuals on the DEU backtest of EU legislation, added to the draws of the uncertain inputs. '
           'Calibrated to cover 50% and 90% of outcomes there (see docs/backtest.md); applying it to another '
           'kind of negotiation assumes the models miss there by a similar share of the actors\' spread.</p>']
    if columns:
        rows = [[escape(issue.id), *[c[k] for c in cells]] for k, issue in enumerate(data.scenario.issues)]
        out.append(table(["issue", *columns], rows, set(range(1, len(columns) + 1))))
    out += [f'<p class="note">No predictive interval: {escape(m)}</p>' for m in missing]
    return out


def _legend(models: list[str]) -> str:
    spans = "".join(f'<span><i class="swatch" style="background:{model_color(m, models)}"></i>{escape(m)}</span>'
                    for m in models)
    return f'<p class="legend">{spans}<span>◆ forecast, bar: input 90% interval (draws of the uncertain inputs), '\
           'dashed line: status quo, bubbles: actors (area ∝ capability × salience)</span></p>'


def _forecasts(data: ReportData) -> list[str]:
    models = [r.model for r in data.results]
    out = ['<h2 id="forecasts">Forecasts by issue</h2>']
    if not data.results:
        return out + ['<p class="none">No model produced a forecast.</p>']
    out += _predictive(data)
    out.append(_legend(models))
    for m in actor_maps(data.scenario, data.results):
        fig = new_figure(10, 2.2 + 0.3 * len(m.forecasts))
        draw_issue_map(m, fig.add_subplot(), models)
        out.append(f'<h3>{escape(m.name)} <span class="muted">({escape(m.issue)})</span></h3>')
        out.append(f'<div class="figure" data-plot="map-{escape(m.issue)}">{to_svg(fig)}</div>')
    return out


def _rounds(data: ReportData) -> list[str]:
    out = ['<h2 id="rounds">Rounds</h2>']
    models = [r.model for r in data.results]
    shown = False
    for r in data.results:
        series = trajectories(r)
        if not series:
            continue
        shown = True
        cols = min(3, len(series))
        nrows = -(-len(series) // cols)
        fig = new_figure(10, 2.4 * nrows)
        for n, t in enumerate(series):
            draw_trajectory(t, fig.add_subplot(nrows, cols, n + 1), model_color(r.model, models))
        what = "forecast (thick) and positions (thin)" if series[0].has_forecast else "positions"
        out.append(f"<h3>{escape(r.model)}: {what} by round</h3>")
        out.append(f'<div class="figure" data-plot="rounds-{escape(r.model)}">{to_svg(fig)}</div>')
    if not shown:
        out.append('<p class="muted">None of the models shown runs in rounds.</p>')
    return out


def _num(x: Any, digits: int = 2) -> str:
    return "–" if x is None else f"{round(x, digits) + 0.0:+.{digits}f}"  # + 0.0 turns -0.0 into 0.0


def _leverage(data: ReportData) -> list[str]:
    out = ['<h2 id="leverage">Leverage and pivot values</h2>']
    if not data.leverage:
        return out + ['<p class="muted">No leverage analysis in this report.</p>']
    out.append(f"<p>Under <b>{escape(data.leverage_model or '')}</b>: how far each issue's forecast moves toward "
               "an actor when its capability rises by 10%, its salience by 0.1 of the scale, or its outside "
               "option's credibility by 0.1; the <b>pivot value</b> is the move its outside options buy "
               "(forecast with them minus without), with a 90% interval over draws. Positive: toward the actor.</p>")
    rows = [[escape(str(r["actor"])), escape(str(r["issue"])), _num(r.get("capability")), _num(r.get("salience")),
             _num(r.get("outside")),
             _num(r.get("pivot")) + ("" if r.get("pivot_q05") is None else
                                     f' <span class="muted">[{_num(r["pivot_q05"])}, {_num(r["pivot_q95"])}]</span>')]
            for r in data.leverage]
    out.append(table(["actor", "issue", "capability +10%", "salience +0.1", "credibility +0.1", "pivot value"],
                      rows, {2, 3, 4, 5}))
    bars = pivot_bars(data.leverage)
    if bars:
        fig = new_figure(10, 0.9 + 0.28 * len(bars))
        draw_pivots(bars, fig.add_subplot())
        out.append(f'<div class="figure" data-plot="pivot">{to_svg(fig)}</div>')
    return out


def _advice(data: ReportData) -> list[str]:
    a = data.advice
    if not a:
        return []
    out = [f'<h2 id="advice">Advice for {escape(a["actor"])}</h2>',
           f"<p>The moves that raise {escape(a['actor'])}'s salience-weighted utility most (the change, in points on "
           "0–100 scales, of the salience-weighted distance of the forecast from its true positions; median over "
           f"{a['draws']} draw(s), on the same draws for every model). <b>robust</b>: a gain in at least 90% of the "
           "draws under every model that can express the move; <b>harmful</b>: a median loss under most models; "
           "<b>model-dependent</b>: the models differ in the sign of the median gain; <b>uncertain</b>: anything "
           f"else. Persuasion costs: {escape(a['cost_model'])}.</p>"]
    if not a["moves"]:
        return out + ['<p class="muted">No move changes any forecast.</p>']
    models = a["models"]

    def cell(m: dict[str, Any]) -> str:
        if not m["expressed"]:
            return '<span class="muted">cannot express</span>'
        return (_num(m["median_gain"]) + f' <span class="muted">[{_num(m["gain_q05"])}, '
                f'{_num(m["gain_q95"])}]</span>')

    rows = [[str(m["rank"]), escape(m["move"]), escape(m["label"]), _num(m["score"]),
             *(cell(m["models"][name]) for name in models)] for m in a["moves"]]
    out.append(table(["rank", "move", "label", "average gain", *models], rows,
                     set(range(3, 4 + len(models)))))
    out.append("<ol>" + "".join(f"<li>{escape(m['advice'])}</li>" for m in a["moves"]) + "</ol>")
    return out


def _share(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}"


def _rules(data: ReportData) -> list[str]:
    out = ['<h2 id="rules">Decision rules</h2>']
    rules = [[escape(i.id), escape(i.rule.describe())] for i in data.scenario.issues if i.rule is not None]
    out.append(table(["issue", "rule"], rules) if rules else
               '<p class="muted">The scenario gives no decision rules; models that need one state their default.</p>')
    rows = []
    for b in rule_bindings(data.results):
        vetoes = ", ".join(f"{escape(a)} ({s:.0%})" for a, s in b.vetoes.items()) or "none"
        winset = "–" if b.winset is None else f"{b.winset[0]:.1f}–{b.winset[1]:.1f}"
        rows.append([escape(b.model), escape(b.issue), winset, _share(b.bound), _share(b.quota), vetoes])
    if rows:
        out.append("<p>Which rule bound each outcome (share of draws): the outcome was held to the win-set of the "
                   "status quo; a veto player is listed when its veto alone would have stopped the wanted outcome.</p>")
        out.append(table(["model", "issue", "win-set", "rule bound", "quota short", "binding vetoes"], rows,
                          {2, 3, 4}))
    return out


def _evidence(data: ReportData) -> list[str]:
    sc = data.scenario
    cov = coverage(sc)
    sources = {s.id: s for s in sc.sources}
    values = dict((str(p), v) for p, v in sc.values())
    rows = []
    for path, value in values.items():
        cited = cov.cited.get(path, ())
        if not cited:
            rows.append([f"<code>{escape(path)}</code>", _value(value), '<span class="none">✗ no evidence</span>',
                         "", ""])
            continue
        for e in cited:
            src = sources[e.source]
            label = escape(src.title or src.id) + "".join(f", {escape(x)}" for x in (src.outlet, src.date) if x)
            quotes = "".join(f"<blockquote>¶{p}: {escape(_shorten(data.quotes[(e.source, p)]))}</blockquote>"
                             for p in e.paragraphs if (e.source, p) in data.quotes)
            rows.append([f"<code>{escape(path)}</code>", _value(value), label,
                         ", ".join(f"¶{p}" for p in e.paragraphs) or "–", escape(e.note or "") + quotes])
    n_cited = len(cov.cited)
    source_rows = [[escape(s.id), escape(s.title or ""), escape(s.outlet or ""), escape(s.date or ""),
                    escape(s.file or ""), escape(s.url or "")] for s in sc.sources]
    return ['<h2 id="evidence">Evidence</h2>',
            f"<p>{n_cited} of {len(values)} inputs cite a source; paragraph ¶N is the N-th non-blank line of the "
            "source file.</p>",
            table(["input", "value", "source", "paragraphs", "note"], rows, {1}),
            "<h3>Sources</h3>",
            table(["id", "title", "outlet", "date", "file", "address"], source_rows) if sc.sources
            else '<p class="none">The scenario names no sources.</p>']


def _shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _models(data: ReportData) -> list[str]:
    rows = []
    for r in data.results:
        spec = get(r.model)
        params = ", ".join(f"{k}={v}" for k, v in r.params.items()) or "–"
        rows.append([escape(r.model), escape(spec.summary), escape(spec.citation), escape(params)])
    return ['<h2 id="models">Models and citations</h2>', table(["model", "what it does", "follows", "parameters"],
                                                                 rows)]


def _reproduce(data: ReportData) -> list[str]:
    models = ",".join(r.model for r in data.results)
    draws = f" --draws {data.draws}" if data.draws > 1 else ""
    params = "".join(f" -p {r.model}:{k}={v}" for r in data.results for k, v in r.params.items() if v is not None)
    leverage = f" --leverage {data.leverage_model or 'none'}"
    advise = f" --advise {data.advice['actor']}" if data.advice else ""
    command = (f"realpolitik report {data.scenario_file} --model {models}{params}{draws}{leverage}{advise} "
               f"--seed {data.seed}")
    if data.sections:
        command += " (and the options of: " + "; ".join(x.title for x in data.sections) + ")"
    versions = ", ".join(f"{k} {v}" for k, v in data.versions.items())
    return ['<h2 id="reproduce">Reproduce</h2>',
            f"<p>Seed <b>{data.seed}</b>; {data.draws} draw(s). Versions: {escape(versions)}.</p>",
            f"<p><code>{escape(command)}</code></p>"]
