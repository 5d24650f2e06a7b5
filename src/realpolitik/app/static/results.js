// Forecast, what-if, analyses and runs: each view asks the API and draws what comes back.

import {h, clear, num, table, debounce} from './dom.js';
import * as api from './api.js';
import * as M from './model.js';
import {actorMap, legend, colorOf} from './plot.js';
import {say} from './status.js';

const WHATIF_MODELS = ['mean', 'median', 'nash', 'eum', 'smp'];
const LABELS = {diff_q05: 'difference 5%', diff_q95: 'difference 95%', beyond_noise: 'beyond noise',
                q05: '5%', q25: '25%', q50: 'median', q75: '75%', q95: '95%', status_quo: 'status quo',
                pivot_q05: 'pivot 5%', pivot_q95: 'pivot 95%', pivot_mean: 'pivot mean'};
let modelList = null;

async function models() {
  if (!modelList) modelList = (await api.get('/api/v1/models')).models;
  return modelList;
}

// What a run is asked about: the saved file, or the document being edited when it has changes.
function target(ws) {
  return ws.path && !ws.dirty ? {path: ws.path} : {document: ws.doc};
}

function label(key) { return LABELS[key] || key.replace(/_/g, ' '); }

export function rowsTable(rows, skip = []) {
  if (!rows || !rows.length) return h('p', {class: 'hint'}, 'Nothing to show.');
  const keys = Object.keys(rows[0]).filter(k => !skip.includes(k));
  return table(keys.map(label), rows.map(r => keys.map(k => (typeof r[k] === 'boolean' ? (r[k] ? 'yes' : 'no') : r[k]))));
}

function progressBar() {
  const bar = h('progress', {max: 1, value: 0, 'aria-label': 'progress'});
  const text = h('span', {class: 'hint'});
  const cancel = h('button', {type: 'button', class: 'cancel', disabled: true}, 'Cancel');
  const box = h('span', {class: 'progress', hidden: true}, bar, ' ', text, ' ', cancel);
  let job = null;
  cancel.addEventListener('click', () => job && job.cancel());
  return {
    box,
    run(url, body) {
      if (job) job.cancel();
      box.hidden = false;
      cancel.disabled = false;
      bar.removeAttribute('value');
      text.textContent = 'running…';
      job = api.background(url, body, (j) => {
        if (j.total) { bar.max = j.total; bar.value = j.done; }
        text.textContent = j.label ? `${j.label} ${j.done}${j.total ? ' of ' + j.total : ''}` : 'running…';
      });
      const mine = job;
      return mine.done.finally(() => { if (job === mine) { box.hidden = true; cancel.disabled = true; job = null; } });
    },
  };
}

async function modelPicker(ws, key, chosenByDefault) {
  const all = await models();
  ws[key] = ws[key] || new Set(all.map(m => m.name).filter(chosenByDefault));
  return h('fieldset', {class: 'models'}, h('legend', {}, 'Models'), all.map(m => {
    const box = h('input', {type: 'checkbox', checked: ws[key].has(m.name), 'aria-label': m.name});
    box.addEventListener('change', () => { if (box.checked) ws[key].add(m.name); else ws[key].delete(m.name); });
    return h('label', {title: m.summary}, box, ' ', m.name);
  }));
}

function numberInput(labelText, value, attrs = {}) {
  return h('label', {}, labelText + ' ', h('input', {type: 'number', class: 'n short', value, ...attrs}));
}

function errorNote(e) {
  if (e.info && e.info.kind === 'cancelled') return h('p', {class: 'hint'}, 'Cancelled.');
  return h('p', {class: 'error-text', role: 'alert'}, e.message);
}

// ---- forecast ----------------------------------------------------------------------

export async function renderForecast(ws, root) {
  clear(root);
  const picker = await modelPicker(ws, 'forecastModels', () => true);
  const draws = numberInput('Draws', ws.forecastDraws || 100, {min: 1, id: 'draws'});
  const seed = numberInput('Seed', ws.seed ?? '', {min: 0, id: 'seed', placeholder: 'random'});
  const rules = h('label', {}, h('input', {type: 'checkbox', id: 'rules', checked: !!ws.forecastRules}), ' hold to decision rules');
  const progress = progressBar();
  const out = h('div', {id: 'forecast-out'});
  const run = async () => {
    ws.forecastDraws = Number(draws.querySelector('input').value) || 1;
    ws.forecastRules = rules.querySelector('input').checked;
    const seedText = seed.querySelector('input').value;
    const body = {...target(ws), models: [...ws.forecastModels], draws: ws.forecastDraws, rules: ws.forecastRules,
                  seed: seedText === '' ? null : Number(seedText), record: !!(ws.path && !ws.dirty)};
    try {
      ws.forecast = await progress.run('/api/v1/forecast', body);
      ws.forecastShown = new Set(ws.forecast.models);
      drawForecast(ws, out);
      say(`forecast: ${ws.forecast.models.length} models, ${ws.forecast.draws} draws, seed ${ws.forecast.seed}`);
    } catch (e) { clear(out).append(errorNote(e)); }
  };
  root.append(h('section', {class: 'panel controls'}, picker, draws, ' ', seed, ' ', rules, ' ',
    h('button', {type: 'button', id: 'run-forecast', onclick: run}, 'Run forecast'), ' ', progress.box), out);
  if (ws.forecast) drawForecast(ws, out);
}

function drawForecast(ws, out) {
  const fc = ws.forecast;
  clear(out);
  out.append(h('section', {class: 'panel summary'}, h('h2', {}, 'In short'), h('p', {id: 'summary'}, fc.summary),
    fc.skipped.length ? h('p', {class: 'hint'}, 'Not run: ' + fc.skipped.join('; ')) : null,
    fc.notes.length ? h('details', {}, h('summary', {}, `${fc.notes.length} notes from the models`),
      h('ul', {}, fc.notes.map(n => h('li', {}, `${n.model}: ${n.note}`)))) : null));
  const maps = h('div', {class: 'maps'});
  const redraw = () => {
    clear(maps);
    for (const m of fc.maps) maps.append(issuePanel(ws, m, fc));
  };
  out.append(legend(fc.models, ws.forecastShown, (m, on) => {
    if (on) ws.forecastShown.add(m); else ws.forecastShown.delete(m);
    redraw();
  }), maps);
  colorSwatches(out, fc.models);
  redraw();
  if (fc.stages && fc.stages.length) {
    out.append(h('section', {class: 'panel'}, h('h2', {}, 'Stage by stage'), rowsTable(fc.stages)));
  }
  if (fc.rules && fc.rules.length) {
    out.append(h('section', {class: 'panel'}, h('h2', {}, 'Decision rules'), rowsTable(fc.rules.map(r => ({
      model: r.model, issue: r.issue, 'share of draws bound': r.bound,
      vetoes: Object.entries(r.vetoes).map(([a, v]) => `${a} ${num(v)}`).join(', ') || '–'})))));
  }
}

function colorSwatches(root, models) {
  for (const sw of root.querySelectorAll('.swatch[data-model]')) sw.style.backgroundColor = colorOf(sw.dataset.model, models);
}

function issuePanel(ws, map, fc) {
  const panel = h('section', {class: 'panel issue', dataset: {issue: map.issue}});
  const info = h('div', {class: 'hover-info', 'aria-live': 'polite'});
  const rounds = fc.rounds.filter(t => t.issue === map.issue && ws.forecastShown.has(t.model));
  const figure = h('div', {class: 'figure'});
  const draw = (step) => {
    clear(figure);
    let marks = map.forecasts;
    let positions = null;
    if (step) {
      const t = step.traj;
      positions = Object.fromEntries(Object.entries(t.positions).map(([a, xs]) => [a, xs[Math.min(step.r, xs.length - 1)]]));
      const f = t.forecast[Math.min(step.r, t.forecast.length - 1)];
      marks = f === null ? [] : [{model: t.model, point: f, low: null, high: null}];
    }
    figure.append(actorMap(map, marks, {models: fc.models, shown: ws.forecastShown, positions,
                                        onHover: (a) => hoverInfo(ws, info, map, a)}));
  };
  panel.append(h('h3', {}, map.name === map.issue ? map.issue : `${map.name} (${map.issue})`), figure);
  if (rounds.length) {
    const pick = h('select', {'aria-label': `round-based model for ${map.issue}`},
      rounds.map((t, n) => h('option', {value: n}, t.model)));
    const longest = (t) => Math.max(t.forecast.length, ...Object.values(t.positions).map(xs => xs.length));
    const slider = h('input', {type: 'range', min: 0, max: longest(rounds[0]) - 1, value: longest(rounds[0]) - 1,
                               'aria-label': `round for ${map.issue}`});
    const shown = h('span', {class: 'hint'});
    const update = () => {
      const t = rounds[Number(pick.value)];
      slider.max = longest(t) - 1;
      shown.textContent = `round ${Number(slider.value) + 1} of ${longest(t)}`;
      draw({traj: t, r: Number(slider.value)});
    };
    pick.addEventListener('change', () => { slider.value = slider.max; update(); });
    slider.addEventListener('input', update);
    const off = h('button', {type: 'button', class: 'link', onclick: () => { shown.textContent = ''; draw(null); }},
                  'final forecasts');
    panel.append(h('div', {class: 'rounds'}, 'Rounds: ', pick, ' ', slider, ' ', shown, ' ', off));
  }
  draw(null);
  panel.append(info, forecastTable(map, fc));
  return panel;
}

function forecastTable(map, fc) {
  const rows = map.forecasts.filter(f => fc.models.includes(f.model)).map(f =>
    [f.model, f.point, f.low ?? '–', f.high ?? '–']);
  return h('details', {class: 'numbers'}, h('summary', {}, 'numbers'),
    table(['model', 'forecast (median)', '90% from', '90% to'], rows));
}

function hoverInfo(ws, box, map, a) {
  clear(box);
  const ev = (what) => M.evidenceOf(ws.validation, `${a.actor}.${map.issue}.${what}`);
  const line = (what, value) => {
    const found = ev(what);
    return h('li', {}, `${what} ${num(value)}`, found.length
      ? h('span', {class: 'ev'}, ` — ${found.map(e => `${e.source}${e.paragraphs.length ? ' ¶ ' + e.paragraphs.join(', ') : ''}${e.note ? ': ' + e.note : ''}`).join(' · ')}`)
      : h('span', {class: 'no-evidence'}, ' — no evidence'));
  };
  box.append(h('strong', {}, a.name), h('ul', {}, line('position', a.position), line('salience', a.salience),
    h('li', {}, `capability ${num(a.capability)}`)));
}

// ---- what-if ------------------------------------------------------------------------

export async function renderWhatif(ws, root) {
  clear(root);
  ws.changes = ws.changes || {set: {}, drop: [], outside: {}};
  ws.whatifSeed = ws.whatifSeed ?? Math.floor(Math.random() * 1e9);
  const picker = await modelPicker(ws, 'whatifModels', (m) => WHATIF_MODELS.includes(m));
  const draws = numberInput('Draws', ws.whatifDraws || 200, {min: 1, id: 'whatif-draws'});
  const progress = progressBar();
  const chips = h('div', {class: 'chips', id: 'changes'});
  const out = h('div', {id: 'whatif-out'});
  const actorBox = h('div', {class: 'actor-controls'});
  const sc = ws.doc;
  const run = debounce(async () => {
    drawChips();
    const c = ws.changes;
    const outside = Object.entries(c.outside).map(([k, v]) => `${k}=${v}`);
    if (!Object.keys(c.set).length && !c.drop.length && !outside.length) {
      try {
        ws.whatifBase = ws.whatifBase || await api.post('/api/v1/forecast', {...target(ws), models: 'mean'});
        ws.whatif = null;
        drawWhatif(ws, out, {maps: ws.whatifBase.maps, rows: []});
      } catch (e) { clear(out).append(errorNote(e)); }
      return;
    }
    ws.whatifDraws = Number(draws.querySelector('input').value) || 1;
    const body = {...target(ws), models: [...ws.whatifModels], draws: ws.whatifDraws, seed: ws.whatifSeed,
                  set: c.set, drop: c.drop, outside};
    try {
      ws.whatif = await progress.run('/api/v1/whatif', body);
      drawWhatif(ws, out, ws.whatif);
    } catch (e) { clear(out).append(errorNote(e)); }
  }, 100);
  const change = (fn) => { fn(ws.changes); run(); };
  const drawChips = () => {
    clear(chips);
    const c = ws.changes;
    const chip = (text, undo) => h('span', {class: 'chip'}, text, ' ',
      h('button', {type: 'button', class: 'icon', 'aria-label': `undo ${text}`, onclick: () => change(undo)}, '×'));
    for (const [k, v] of Object.entries(c.set)) chips.append(chip(`${k} = ${num(v)}`, (x) => delete x.set[k]));
    for (const a of c.drop) chips.append(chip(`without ${a}`, (x) => x.drop.splice(x.drop.indexOf(a), 1)));
    for (const [k, v] of Object.entries(c.outside)) chips.append(chip(`${k} outside option ${v}`, (x) => delete x.outside[k]));
    if (chips.childNodes.length) chips.append(h('button', {type: 'button', class: 'link', onclick: () => change((x) => {
      x.set = {}; x.drop = []; x.outside = {}; })}, 'reset'));
  };
  const pick = h('select', {id: 'whatif-actor', 'aria-label': 'actor'}, sc.actors.map(a => h('option', {value: a.id}, a.name || a.id)));
  const drawActor = () => {
    const a = sc.actors.find(x => x.id === pick.value);
    if (!a) return;
    clear(actorBox);
    const cap = h('input', {type: 'number', class: 'n short', 'aria-label': `${a.id} capability`,
                            value: ws.changes.set[`${a.id}.capability`] ?? M.valueOf(a.capability)});
    cap.addEventListener('change', () => change((x) => { x.set[`${a.id}.capability`] = Number(cap.value); }));
    const drop = h('input', {type: 'checkbox', 'aria-label': `remove ${a.id}`, checked: ws.changes.drop.includes(a.id)});
    drop.addEventListener('change', () => change((x) => {
      x.drop = x.drop.filter(d => d !== a.id); if (drop.checked) x.drop.push(a.id); }));
    const issues = Object.keys((sc.positions || {})[a.id] || {});
    const outs = issues.map(i => {
      const st = sc.positions[a.id][i];
      const key = `${a.id}.${i}`;
      const value = h('input', {type: 'text', class: 'short', 'aria-label': `${key} outside option`,
        placeholder: st.outside ? `${num(M.valueOf(st.outside.value))}@${num(M.valueOf(st.outside.credibility ?? 1))}` : 'none',
        value: ws.changes.outside[key] ?? ''});
      value.addEventListener('change', () => change((x) => {
        if (value.value.trim()) x.outside[key] = value.value.trim(); else delete x.outside[key]; }));
      return h('label', {}, `${i}: `, value);
    });
    actorBox.append(h('label', {}, 'capability ', cap), ' ', h('label', {}, drop, ' remove from the negotiation'),
      h('div', {class: 'outside'}, h('span', {class: 'hint'}, 'Outside options (VALUE@CREDIBILITY, or none): '), outs));
  };
  pick.addEventListener('change', drawActor);
  ws.whatifDrag = (actor, issue, position, salience01) => change((x) => {
    const scale = sc.salience_scale ?? 1;
    x.set[`${actor}.${issue}.position`] = position;
    x.set[`${actor}.${issue}.salience`] = Math.round(salience01 * scale * 100) / 100;
  });
  root.append(h('section', {class: 'panel controls'}, picker, draws, ' ',
    h('span', {class: 'hint'}, `seed ${ws.whatifSeed} (common random numbers for baseline and variant)`), ' ', progress.box),
    h('section', {class: 'panel'}, h('h2', {}, 'Change'), h('label', {}, 'Actor ', pick), actorBox, chips), out);
  drawActor();
  if (ws.whatif) {
    drawChips();
    drawWhatif(ws, out, ws.whatif);
  } else run();
}

// The maps of the variant (draggable) with each model's baseline (faint) and variant forecast, and the table.
function drawWhatif(ws, out, {maps: issueMaps, rows, skipped = []}) {
  clear(out);
  const models = ws.whatifModels ? [...ws.whatifModels] : [...new Set(rows.map(r => r.model))];
  const moved = rows.filter(r => r.difference !== 0);
  const maps = h('div', {class: 'maps'});
  for (const m of issueMaps) {
    const marks = rows.length ? [] : m.forecasts.map(f => ({...f, low: null, high: null, ghost: true}));
    for (const r of rows.filter(r => r.issue === m.issue)) {
      marks.push({model: r.model, point: r.baseline, low: null, high: null, ghost: true});
      marks.push({model: r.model, point: r.variant, low: r.diff_q05 === undefined ? null : r.variant - r.difference + r.diff_q05,
                  high: r.diff_q95 === undefined ? null : r.variant - r.difference + r.diff_q95});
    }
    maps.append(h('section', {class: 'panel issue', dataset: {issue: m.issue}}, h('h3', {}, m.name),
      actorMap(m, marks, {models: models.length ? models : ['mean'],
                          onDrag: (a, pos, sal) => ws.whatifDrag(a.actor, m.issue, pos, sal)})));
  }
  out.append(h('section', {class: 'panel'}, h('h2', {}, 'Baseline and variant'),
    skipped.length ? h('p', {class: 'hint'}, 'Not run: ' + skipped.join('; ')) : null,
    !rows.length ? h('p', {class: 'hint'}, 'Drag an actor on a map (or focus it and use the arrow keys), or change ' +
      'a capability, an outside option or who takes part, to see what changes. Circles: the mean model now.')
      : (moved.length ? rowsTable(moved) : h('p', {}, 'No forecast moved.')),
    rows.length ? h('details', {}, h('summary', {}, `all ${rows.length} rows`), rowsTable(rows)) : null,
    rows.length ? h('p', {class: 'hint'}, 'On the maps: circle, the baseline; diamond, the variant, with the 90% ' +
      'interval of the paired difference around it.') : null), maps);
}

// ---- leverage, pivot values, sensitivity, citations, report ----------------------------

export async function renderAnalyses(ws, root) {
  clear(root);
  const all = await models();
  const model = h('select', {id: 'analysis-model', 'aria-label': 'model'}, all.map(m => h('option', {value: m.name}, m.name)));
  const draws = numberInput('Draws', 1, {min: 1, id: 'analysis-draws'});
  const out = h('div', {id: 'analysis-out'});
  const progress = progressBar();
  const show = (title, node) => clear(out).append(h('section', {class: 'panel'}, h('h2', {}, title), node));
  const runTable = async (title, url, extra) => {
    const body = {...target(ws), models: model.value, draws: Number(draws.querySelector('input').value) || 1, ...extra};
    try {
      const res = await progress.run(url, body);
      show(title, h('div', {}, res.skipped && res.skipped.length ? h('p', {class: 'hint'}, res.skipped.join('; ')) : null,
                    rowsTable(res.rows)));
    } catch (e) { show(title, errorNote(e)); }
  };
  const check = () => citationCheck(ws, out);
  const report = async () => {
    try {
      say('writing the report…');
      const blob = await api.call('POST', '/api/v1/report', {...target(ws), models: model.value,
        draws: Number(draws.querySelector('input').value) || 1}, {type: 'blob'});
      api.download(blob, (ws.path || 'scenario').split('/').pop().replace(/\.[^.]+$/, '') + '.html');
      say('report downloaded');
    } catch (e) { say(e.message, 'error'); }
  };
  root.append(h('section', {class: 'panel controls'}, h('label', {}, 'Model ', model), ' ', draws, ' ',
    h('button', {type: 'button', id: 'run-leverage', onclick: () => runTable('Leverage', '/api/v1/leverage', {})}, 'Leverage'), ' ',
    h('button', {type: 'button', id: 'run-pivot', onclick: () => runTable('Pivot values of outside options', '/api/v1/leverage', {pivot: ['all']})}, 'Pivot values'), ' ',
    h('button', {type: 'button', id: 'run-shocks', onclick: () => runTable('Stability under shocks', '/api/v1/shocks', {repetitions: 200})}, 'Shocks'), ' ',
    h('button', {type: 'button', id: 'run-sensitivity', onclick: () => runTable('Sensitivity (Sobol indices)', '/api/v1/sensitivity', {samples: 128})}, 'Sensitivity'), ' ',
    h('button', {type: 'button', id: 'run-check', onclick: check}, 'Check citations'), ' ',
    h('button', {type: 'button', id: 'run-report', onclick: report}, 'HTML report'), ' ', progress.box), out);
}

// Every citation checked against the cited files, when they are found (the folder of --corpus or the scenario's).
export async function citationCheck(ws, box) {
  const show = (node) => clear(box).append(h('section', {class: 'panel'}, h('h2', {}, 'Citations'), node));
  try {
    const res = await api.post('/api/v1/check', {...target(ws)});
    show(h('div', {},
      h('p', {}, `${res.cited} of ${res.inputs} inputs cite a source; ${res.sources} sources, ${res.evidence} evidence entries.`),
      res.corpus && !res.broken.length ? h('p', {class: 'ok'}, `Every citation was found in ${res.corpus}.`) : null,
      res.broken.length ? h('ul', {class: 'broken'}, res.broken.map(b =>
        h('li', {}, `evidence ${b.entry + 1} (${b.value}, ${b.source}): ${b.problem}`))) : null,
      res.corpus ? null : h('p', {class: 'hint'}, 'No folder with the cited files was found (start the app with --corpus DIR).')));
  } catch (e) { show(errorNote(e)); }
}

// ---- runs ---------------------------------------------------------------------------

export async function renderRuns(ws, root) {
  clear(root);
  let data;
  try { data = await api.get('/api/v1/runs?limit=100'); } catch (e) { root.append(errorNote(e)); return; }
  const detail = h('div', {id: 'run-detail'});
  const chosen = new Set();
  const rows = data.runs.map(r => {
    const box = h('input', {type: 'checkbox', 'aria-label': `compare run ${r.id}`});
    box.addEventListener('change', () => { if (box.checked) chosen.add(r.id); else chosen.delete(r.id); });
    return [box, r.id, r.created, r.command, r.scenario_file || '–', (r.models || []).join(', ') || '–', r.seed ?? '–',
      h('span', {}, h('button', {type: 'button', class: 'link', onclick: () => showRun(r.id, detail)}, 'show'), ' ',
        h('button', {type: 'button', class: 'link', onclick: () => rerun(r.id, detail)}, 'rerun'))];
  });
  const compare = async () => {
    if (chosen.size !== 2) { say('tick two runs to compare', 'error'); return; }
    const [a, b] = [...chosen].sort((x, y) => x - y);
    try {
      const d = await api.get(`/api/v1/runs/${a}/diff/${b}`);
      clear(detail).append(h('section', {class: 'panel'}, h('h2', {}, `Run ${a} against run ${b}`),
        d.same ? h('p', {}, 'Same inputs, parameters, seed, versions and results.') : null,
        d.settings.length ? table(['', `run ${a}`, `run ${b}`], d.settings.map(x =>
          [x.what, JSON.stringify(x.first), JSON.stringify(x.second)])) : null,
        d.scenario.length ? h('pre', {class: 'diff'}, d.scenario.join('\n')) : null,
        d.forecasts.length ? table(['model', 'issue', `run ${a}`, `run ${b}`, 'change'], d.forecasts.map(x =>
          [x.model, x.issue, x.first, x.second, x.change])) : null,
        d.analysis_differs ? h('p', {}, 'The analysis tables differ.') : null));
    } catch (e) { clear(detail).append(errorNote(e)); }
  };
  root.append(h('section', {class: 'panel'}, h('h2', {}, `Runs in ${data.store}`),
    rows.length ? table(['', 'run', 'time (UTC)', 'command', 'scenario', 'models', 'seed', ''], rows)
                : h('p', {class: 'hint'}, 'No runs recorded yet. Forecasts of a saved file are recorded.'),
    h('button', {type: 'button', onclick: compare}, 'Compare the two ticked runs')), detail);
}

async function showRun(id, box) {
  try {
    const r = await api.get(`/api/v1/runs/${id}`);
    const kw = (r.invocation && r.invocation.kwargs) || {};
    clear(box).append(h('section', {class: 'panel'}, h('h2', {}, `Run ${r.id}: ${r.command}`),
      table(['', ''], [['scenario', r.scenario_file || '–'], ['sha256', r.scenario_hash], ['seed', r.seed ?? '–'],
        ['models', r.models.join(', ')], ...Object.entries(kw).map(([k, v]) => [k.replace(/_/g, ' '), JSON.stringify(v)]),
        ['versions', Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(', ')]])));
  } catch (e) { clear(box).append(errorNote(e)); }
}

async function rerun(id, box) {
  try {
    say(`replaying run ${id}…`);
    const r = await api.post(`/api/v1/runs/${id}/rerun`);
    clear(box).append(h('p', {class: r.reproduced ? 'ok' : 'error-text', role: 'status'},
      r.reproduced ? `Run ${id} reproduced: every number is the same.` : `Run ${id} did not reproduce: some numbers differ.`));
    say('');
  } catch (e) { clear(box).append(errorNote(e)); }
}
