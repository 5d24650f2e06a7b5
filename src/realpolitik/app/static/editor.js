// The editor: scenario facts, actors, issues, the actor × issue grid (spreadsheet keys,
// paste of a block of cells), sources and evidence. Every field carries data-place, the
// path the Scenario contract names in its messages, so an error lands at its field.

import {h, clear} from './dom.js';
import * as M from './model.js';
import {citationCheck} from './results.js';

const RULE_FIELDS = [
  ['preset', 'select', ['', 'unanimity', 'unsc']], ['quota', 'number'], ['weighted', 'bool'],
  ['voters', 'list'], ['veto', 'list'], ['permanent', 'list'], ['elected', 'list'],
  ['agenda_setter', 'text'], ['others', 'number'], ['others_position', 'number'],
];

export function renderEditor(ws, root) {
  clear(root);
  const ro = !ws.canEdit();
  root.append(
    section('Scenario', facts(ws, ro)),
    section('Actors', actorsTable(ws, ro)),
    section('Issues', issuesTable(ws, ro)),
    section('Positions and saliences', grid(ws, ro), h('div', {id: 'cell-details', class: 'details'})),
    section('Sources and evidence', sourcesTable(ws, ro), evidenceTable(ws, ro)),
  );
  showDetails(ws, ws.selected);
}

function section(title, ...body) {
  return h('section', {class: 'panel'}, h('h2', {}, title), ...body);
}

// An input bound to a document field: `read` gives its text, `write(text)` stores it.
function field(ws, {place, read, write, type = 'text', label, ro, cls, list, onchange, attrs = {}}) {
  const places = Array.isArray(place) ? place : [place];
  const el = h('input', {type, value: read() ?? '', 'aria-label': label, class: cls, list, readonly: ro || null,
                         dataset: {place: places.join(' ')}, ...attrs});
  if (type === 'checkbox') {
    el.checked = !!read();
    el.addEventListener('change', () => ws.edit(() => write(el.checked)));
  } else if (onchange) {
    el.addEventListener('change', () => onchange(el));
  } else {
    el.addEventListener('input', () => ws.edit(() => write(el.value), {coalesce: el}));
  }
  return el;
}

function facts(ws, ro) {
  const d = ws.doc;
  const row = (label, input) => h('label', {class: 'fact'}, h('span', {}, label), input);
  return h('div', {class: 'facts'},
    row('Title', field(ws, {place: 'title', label: 'Title', ro, read: () => d.title,
                            write: v => M.setText(d, 'title', v)})),
    row('Date', field(ws, {place: 'date', label: 'Date', ro, read: () => d.date, attrs: {placeholder: 'YYYY-MM-DD'},
                           write: v => M.setText(d, 'date', v)})),
    row('Salience scale', field(ws, {place: 'salience_scale', label: 'Salience scale', ro, cls: 'n',
                                     read: () => d.salience_scale, attrs: {placeholder: '1'},
                                     write: v => M.setValue(d, 'salience_scale', M.parseNumber(v))})),
    row('Description', (() => {
      const t = h('textarea', {rows: 2, 'aria-label': 'Description', readonly: ro || null,
                               dataset: {place: 'description'}}, d.description || '');
      t.addEventListener('input', () => ws.edit(() => M.setText(d, 'description', t.value), {coalesce: t}));
      return t;
    })()),
  );
}

function uncertainCells(ws, obj, key, place, ro, label) {
  const u = M.uncertainty(obj[key]);
  const mk = (part, text) => field(ws, {place, label: `${label} ${text}`, ro, cls: 'n small', read: () => u[part],
    write: v => M.setUncertainty(obj, key, part, M.parseNumber(v))});
  return [h('td', {}, mk('sd', 'sd')), h('td', {}, mk('low', 'range low')), h('td', {}, mk('high', 'range high'))];
}

function removeButton(ws, label, fn, ro) {
  return ro ? null : h('button', {type: 'button', class: 'icon', 'aria-label': label, title: label,
                                  onclick: () => ws.edit(fn, {structural: true})}, '×');
}

function actorsTable(ws, ro) {
  const d = ws.doc;
  const rows = d.actors.map((a, n) => {
    const p = [`actors[${n}]`, `actors.${a.id}`];
    const idField = field(ws, {place: [`actors[${n}].id`, `actors.${a.id}`], label: `actor ${n + 1} id`, ro,
      read: () => a.id, onchange: el => ws.renameActor(n, el)});
    return h('tr', {},
      h('td', {}, idField),
      h('td', {}, field(ws, {place: `actors[${n}].name`, label: `${a.id} name`, ro, read: () => a.name,
                             write: v => M.setText(a, 'name', v)})),
      h('td', {}, field(ws, {place: `actors[${n}].group`, label: `${a.id} group`, ro, cls: 'short',
                             read: () => a.group, write: v => M.setText(a, 'group', v)})),
      h('td', {class: ws.citedClass(`${a.id}.capability`)},
        field(ws, {place: [`actors[${n}].capability`, `actors.${a.id}.capability`, `${a.id}.capability`],
                   label: `${a.id} capability`, ro, cls: 'n', read: () => M.valueOf(a.capability),
                   write: v => M.setValue(a, 'capability', M.parseNumber(v))})),
      ...uncertainCells(ws, a, 'capability', `actors[${n}].capability ${p[1]}.capability`, ro, `${a.id} capability`),
      h('td', {}, removeButton(ws, `remove actor ${a.id}`, () => M.removeActor(d, n), ro)));
  });
  const add = ro ? null : h('button', {type: 'button', id: 'add-actor', onclick: () => ws.addActor()}, 'Add actor');
  return [h('table', {class: 'edit', dataset: {place: 'actors'}},
    h('thead', {}, h('tr', {}, ['id', 'name', 'group', 'capability', 'sd', 'range low', 'range high', '']
      .map(c => h('th', {scope: 'col'}, c)))),
    h('tbody', {}, rows)), add];
}

function issuesTable(ws, ro) {
  const d = ws.doc;
  const rows = [];
  d.issues.forEach((i, n) => {
    const at = (k) => [`issues[${n}].${k}`, `issues.${i.id}.${k}`];
    if (!Array.isArray(i.scale)) i.scale = [0, 100];
    rows.push(h('tr', {},
      h('td', {}, field(ws, {place: [`issues[${n}].id`, `issues.${i.id}`], label: `issue ${n + 1} id`, ro,
                             read: () => i.id, onchange: el => ws.renameIssue(n, el)})),
      h('td', {}, field(ws, {place: at('name'), label: `${i.id} name`, ro, read: () => i.name,
                             write: v => M.setText(i, 'name', v)})),
      h('td', {}, field(ws, {place: at('scale'), label: `${i.id} scale low`, ro, cls: 'n small',
                             read: () => i.scale[0], write: v => { i.scale[0] = M.parseNumber(v) ?? ''; }})),
      h('td', {}, field(ws, {place: at('scale'), label: `${i.id} scale high`, ro, cls: 'n small',
                             read: () => i.scale[1], write: v => { i.scale[1] = M.parseNumber(v) ?? ''; }})),
      h('td', {}, field(ws, {place: at('low'), label: `${i.id} low end means`, ro, read: () => i.low,
                             write: v => M.setText(i, 'low', v)})),
      h('td', {}, field(ws, {place: at('high'), label: `${i.id} high end means`, ro, read: () => i.high,
                             write: v => M.setText(i, 'high', v)})),
      h('td', {class: ws.citedClass(`${i.id}.status_quo`)},
        field(ws, {place: [...at('status_quo'), `${i.id}.status_quo`], label: `${i.id} status quo`, ro, cls: 'n',
                   read: () => M.valueOf(i.status_quo),
                   write: v => M.setValue(i, 'status_quo', M.parseNumber(v))})),
      h('td', {}, ruleEditor(ws, i, at('rule'), ro)),
      h('td', {}, removeButton(ws, `remove issue ${i.id}`, () => M.removeIssue(d, n), ro))));
  });
  const add = ro ? null : h('button', {type: 'button', id: 'add-issue', onclick: () => ws.addIssue()}, 'Add issue');
  return [h('table', {class: 'edit', dataset: {place: 'issues'}},
    h('thead', {}, h('tr', {}, ['id', 'name', 'scale from', 'to', 'low end means', 'high end means', 'status quo',
      'decision rule', ''].map(c => h('th', {scope: 'col'}, c)))),
    h('tbody', {}, rows)), add];
}

function ruleEditor(ws, issue, place, ro) {
  const rule = issue.rule || {};
  const summary = Object.keys(rule).length ? Object.entries(rule).map(([k, v]) =>
    `${k}: ${Array.isArray(v) ? v.join(', ') : v}`).join('; ') : 'none';
  const body = RULE_FIELDS.map(([key, kind, options]) => {
    const write = (v) => {
      const r = issue.rule || {};
      if (v === undefined || v === '' || (Array.isArray(v) && !v.length)) delete r[key]; else r[key] = v;
      if (Object.keys(r).length) issue.rule = r; else delete issue.rule;
    };
    let input;
    if (kind === 'select') {
      input = h('select', {'aria-label': `${issue.id} rule ${key}`, disabled: ro || null,
                           dataset: {place: place.map(p => `${p}.${key}`).join(' ')}},
        options.map(o => h('option', {value: o, selected: rule[key] === o || null}, o || '(general rule)')));
      input.addEventListener('change', () => ws.edit(() => write(input.value || undefined)));
    } else if (kind === 'bool') {
      input = field(ws, {place: place.map(p => `${p}.${key}`), type: 'checkbox', label: `${issue.id} rule ${key}`,
                         ro, read: () => rule[key], write: v => write(v || undefined)});
    } else if (kind === 'list') {
      input = field(ws, {place: place.map(p => `${p}.${key}`), label: `${issue.id} rule ${key}`, ro,
                         read: () => (rule[key] || []).join(', '), attrs: {placeholder: 'actor ids, comma-separated'},
                         write: v => write(v.split(',').map(x => x.trim()).filter(Boolean))});
    } else {
      input = field(ws, {place: place.map(p => `${p}.${key}`), label: `${issue.id} rule ${key}`, ro,
                         cls: kind === 'number' ? 'n' : null, read: () => rule[key],
                         write: v => write(kind === 'number' ? M.parseNumber(v) : v)});
    }
    return h('label', {class: 'rule-field'}, h('span', {}, key.replace('_', ' ')), input);
  });
  return h('details', {class: 'rule', dataset: {place: place.join(' ')}}, h('summary', {}, summary), ...body);
}

// The grid: one row per actor, two columns (position, salience) per issue.
function grid(ws, ro) {
  const d = ws.doc;
  d.positions = d.positions || {};
  const head1 = h('tr', {}, h('th', {rowspan: 2, scope: 'col'}, 'actor'),
    d.issues.map(i => h('th', {colspan: 2, scope: 'colgroup', title: i.name || i.id}, i.id)));
  const head2 = h('tr', {}, d.issues.map(() => [h('th', {scope: 'col'}, 'position'), h('th', {scope: 'col'}, 'salience')]));
  const body = d.actors.map((a, r) => h('tr', {},
    h('th', {scope: 'row', title: a.name || a.id}, a.id),
    d.issues.map((i, k) => ['position', 'salience'].map((what, w) => {
      const stance = (d.positions[a.id] || {})[i.id];
      const path = `${a.id}.${i.id}.${what}`;
      const input = h('input', {type: 'text', class: 'n cell', value: stance ? (M.valueOf(stance[what]) ?? '') : '',
        readonly: ro || null, 'aria-label': `${a.id} ${i.id} ${what}`,
        dataset: {r, c: 2 * k + w, actor: a.id, issue: i.id, what,
                  place: `positions.${a.id}.${i.id}.${what} positions.${a.id}.${i.id} ${path}`}});
      input.addEventListener('input', () => ws.edit(() => setCell(d, a.id, i.id, what, input.value), {coalesce: input}));
      input.addEventListener('focus', () => { ws.selected = {actor: a.id, issue: i.id}; showDetails(ws, ws.selected); });
      const uncertain = stance && typeof stance[what] === 'object' && stance[what] !== null;
      return h('td', {class: [ws.citedClass(path), uncertain ? 'uncertain' : ''].join(' ').trim() || null}, input);
    }))));
  const table = h('table', {class: 'grid', id: 'grid'}, h('thead', {}, head1, head2), h('tbody', {}, body));
  table.addEventListener('keydown', (e) => gridKeys(e, table));
  if (!ro) table.addEventListener('paste', (e) => gridPaste(ws, e, table));
  return h('div', {class: 'grid-wrap'}, table);
}

function setCell(d, actor, issue, what, text) {
  const row = d.positions[actor] || (d.positions[actor] = {});
  const stance = row[issue] || (row[issue] = {});
  M.setValue(stance, what, M.parseNumber(text));
  const keys = Object.keys(stance);
  if (!keys.length || keys.every(k => k === 'capability')) delete row[issue];
  if (!Object.keys(row).length) delete d.positions[actor];
}

function cellAt(table, r, c) {
  return table.querySelector(`input.cell[data-r="${r}"][data-c="${c}"]`);
}

function gridKeys(e, table) {
  const el = e.target;
  if (!el.classList || !el.classList.contains('cell')) return;
  const r = Number(el.dataset.r), c = Number(el.dataset.c);
  const all = el.selectionStart === 0 && el.selectionEnd === el.value.length;  // a selected cell: arrows move
  const atStart = all || (el.selectionStart === 0 && el.selectionEnd === 0);
  const atEnd = all || el.selectionStart === el.value.length;
  let next = null;
  if (e.key === 'ArrowUp') next = cellAt(table, r - 1, c);
  else if (e.key === 'ArrowDown' || (e.key === 'Enter' && !e.shiftKey)) next = cellAt(table, r + 1, c);
  else if (e.key === 'Enter' && e.shiftKey) next = cellAt(table, r - 1, c);
  else if (e.key === 'ArrowLeft' && atStart) next = cellAt(table, r, c - 1);
  else if (e.key === 'ArrowRight' && atEnd) next = cellAt(table, r, c + 1);
  else return;
  e.preventDefault();
  if (next) { next.focus(); next.select(); }
}

function gridPaste(ws, e, table) {
  const el = e.target;
  if (!el.classList || !el.classList.contains('cell')) return;
  const text = e.clipboardData.getData('text/plain');
  if (!/[\t\n]/.test(text.trim())) return;
  e.preventDefault();
  const rows = text.replace(/\r/g, '').replace(/\n+$/, '').split('\n').map(line => line.split('\t'));
  const r0 = Number(el.dataset.r), c0 = Number(el.dataset.c);
  ws.edit(() => {
    rows.forEach((cells, i) => cells.forEach((v, j) => {
      const target = cellAt(table, r0 + i, c0 + j);
      if (!target) return;
      target.value = v.trim();
      setCell(ws.doc, target.dataset.actor, target.dataset.issue, target.dataset.what, v);
    }));
  });
}

// Below the grid: everything about the selected actor on the selected issue, with evidence.
export function showDetails(ws, sel) {
  const box = document.getElementById('cell-details');
  if (!box) return;
  clear(box);
  ws.index = null;  // its fields change
  if (!sel) { box.append(h('p', {class: 'hint'}, 'Select a cell to see uncertainty, outside option and evidence.')); return; }
  const d = ws.doc;
  const stance = (d.positions[sel.actor] || {})[sel.issue];
  const ro = !ws.canEdit();
  box.append(h('h3', {}, `${sel.actor} on ${sel.issue}`));
  if (!stance) { box.append(h('p', {class: 'hint'}, 'This actor takes no part in this issue. Type a position and a salience in the grid to add it.')); return; }
  const base = `positions.${sel.actor}.${sel.issue}`;
  const rows = ['position', 'salience', 'capability'].map(what => {
    const path = `${sel.actor}.${sel.issue}.${what}`;
    return h('tr', {class: ws.citedClass(path) || null},
      h('th', {scope: 'row'}, what === 'capability' ? 'capability (this issue only)' : what),
      h('td', {}, field(ws, {place: [`${base}.${what}`, path], label: `${what}`, ro, cls: 'n',
                             read: () => M.valueOf(stance[what]),
                             write: v => { M.setValue(stance, what, M.parseNumber(v)); ws.syncGrid(); }})),
      ...uncertainCells(ws, stance, what, `${base}.${what} ${path}`, ro, what),
      h('td', {}, evidenceList(ws, path)));
  });
  const o = stance.outside;
  const outside = [
    ['outside', 'value', 'outside option'], ['credibility', 'credibility', 'credibility (0–1)'],
  ].map(([pathKey, key, label]) => {
    const path = `${sel.actor}.${sel.issue}.${pathKey}`;
    return h('tr', {class: ws.citedClass(path) || null}, h('th', {scope: 'row'}, label),
      h('td', {}, field(ws, {place: [`${base}.outside.${key}`, `${base}.outside`, path], label, ro, cls: 'n',
        read: () => (o ? M.valueOf(o[key]) : ''),
        write: v => {
          const n = M.parseNumber(v);
          if (!stance.outside) stance.outside = {value: n};
          M.setValue(stance.outside, key, n);
          if (stance.outside.value === undefined && stance.outside.credibility === undefined) delete stance.outside;
        }})),
      h('td', {colspan: 3}, key === 'value' ? h('label', {}, field(ws, {place: `${base}.outside.public`,
        type: 'checkbox', label: 'public', ro, read: () => o && o.public,
        write: v => { if (stance.outside) { if (v) stance.outside.public = true; else delete stance.outside.public; } }}),
        ' public (everyone’s fallback)') : null),
      h('td', {}, evidenceList(ws, path)));
  });
  box.append(h('table', {class: 'edit details-table'},
    h('thead', {}, h('tr', {}, ['', 'value', 'sd', 'range low', 'range high', 'evidence'].map(c => h('th', {}, c)))),
    h('tbody', {}, rows, outside)));
}

export function evidenceList(ws, path) {
  const found = M.evidenceOf(ws.validation, path);
  const cite = ws.canEdit() ? h('button', {type: 'button', class: 'link', 'aria-label': `add evidence for ${path}`,
    onclick: () => {
      ws.edit(d => {
        d.evidence = d.evidence || [];
        d.evidence.push({value: path, source: ((d.sources || [])[0] || {}).id || ''});
      }, {structural: true});
      const rows = document.querySelectorAll('input[aria-label$=" source"][data-place^="evidence["]');
      if (rows.length) { rows[rows.length - 1].focus(); rows[rows.length - 1].select(); }
    }}, '+ evidence') : null;
  if (!found.length) return h('span', {}, h('span', {class: 'no-evidence'}, 'no evidence'), ' ', cite);
  return h('ul', {class: 'evidence'}, found.map(e => h('li', {},
    h('details', {}, h('summary', {}, `${e.source}${e.paragraphs.length ? ' ¶ ' + e.paragraphs.join(', ') : ''}`),
      e.title ? h('p', {class: 'source-title'}, e.title) : null,
      e.note ? h('p', {class: 'note'}, e.note) : null,
      Object.entries(e.quotes || {}).map(([p, text]) => h('blockquote', {}, h('span', {class: 'para'}, `¶ ${p} `), text))))),
    h('li', {class: 'add'}, cite));
}

function sourcesTable(ws, ro) {
  const d = ws.doc;
  const keys = ['id', 'title', 'file', 'outlet', 'date', 'url'];
  const rows = (d.sources || []).map((src, n) => h('tr', {}, keys.map(k => h('td', {},
    field(ws, {place: [`sources[${n}].${k}`, 'sources'], label: `source ${n + 1} ${k}`, ro, read: () => src[k],
               write: v => M.setText(src, k, v)}))),
    h('td', {}, removeButton(ws, `remove source ${src.id}`, () => d.sources.splice(n, 1), ro))));
  const add = ro ? null : h('button', {type: 'button', onclick: () => ws.edit(() => {
    d.sources = d.sources || [];
    d.sources.push({id: M.freshId('source', d.sources.map(x => x.id))});
  }, {structural: true})}, 'Add source');
  return [h('h3', {}, 'Sources'), h('table', {class: 'edit', dataset: {place: 'sources'}},
    h('thead', {}, h('tr', {}, [...keys, ''].map(c => h('th', {scope: 'col'}, c)))), h('tbody', {}, rows)), add];
}

function evidenceTable(ws, ro) {
  const d = ws.doc;
  const paths = ws.validation && ws.validation.summary
    ? [...Object.keys(ws.validation.evidence || {}), ...ws.validation.summary.uncited] : [];
  const list = h('datalist', {id: 'value-paths'}, paths.map(p => h('option', {value: p})));
  const rows = (d.evidence || []).map((e, n) => {
    const place = [`evidence[${n}]`];
    return h('tr', {},
      h('td', {}, field(ws, {place: [...place, `evidence[${n}].value`], label: `evidence ${n + 1} value`, ro,
                             list: 'value-paths', read: () => e.value, write: v => { e.value = v; }})),
      h('td', {}, field(ws, {place: [...place, `evidence[${n}].source`], label: `evidence ${n + 1} source`, ro,
                             cls: 'short', read: () => e.source, write: v => { e.source = v; }})),
      h('td', {}, field(ws, {place: [...place, `evidence[${n}].paragraph`], label: `evidence ${n + 1} paragraphs`,
        ro, cls: 'short', read: () => (Array.isArray(e.paragraph) ? e.paragraph.join(', ') : e.paragraph),
        write: v => {
          const ps = v.split(',').map(x => M.parseNumber(x)).filter(x => x !== undefined);
          if (!ps.length) delete e.paragraph; else e.paragraph = ps.length === 1 && !Array.isArray(e.paragraph) ? ps[0] : ps;
        }})),
      h('td', {class: 'wide'}, field(ws, {place: [...place, `evidence[${n}].note`], label: `evidence ${n + 1} note`,
                                          ro, read: () => e.note, write: v => M.setText(e, 'note', v)})),
      h('td', {}, removeButton(ws, `remove evidence ${n + 1}`, () => d.evidence.splice(n, 1), ro)));
  });
  const add = ro ? null : h('button', {type: 'button', onclick: () => ws.edit(() => {
    d.evidence = d.evidence || [];
    d.evidence.push({value: paths[0] || '', source: (d.sources || [{}])[0].id || ''});
  }, {structural: true})}, 'Add evidence');
  const covered = ws.validation && ws.validation.summary
    ? h('p', {class: 'hint'}, `${ws.validation.summary.cited} of ${ws.validation.summary.cited +
      ws.validation.summary.uncited.length} inputs cite a source.`) : null;
  return [h('h3', {}, 'Evidence'), covered, list, h('table', {class: 'edit', dataset: {place: 'evidence'}},
    h('thead', {}, h('tr', {}, ['value', 'source', 'paragraphs', 'note', ''].map(c => h('th', {scope: 'col'}, c)))),
    h('tbody', {}, rows)), add, ' ', h('button', {type: 'button', id: 'check-citations',
    onclick: () => citationCheck(ws, document.getElementById('citations'))}, 'Check citations'), h('div', {id: 'citations'})];
}

