// The page: the library of scenario files, and a workspace per scenario with its editor,
// forecast, what-if, analyses and recorded runs. Views are chosen by the URL's #fragment.

import {h, clear, table, debounce} from './dom.js';
import * as api from './api.js';
import * as M from './model.js';
import {renderEditor, showDetails} from './editor.js';
import {say, failed} from './status.js';
import {renderForecast, renderWhatif, renderAnalyses, renderRuns} from './results.js';

const view = document.getElementById('view');
const crumbs = document.getElementById('crumbs');
let current = null;
const edited = new Map();  // path -> workspace, so that leaving a file keeps its unsaved edits

function route() {
  const hash = decodeURIComponent(location.hash.slice(1) || '/');
  if (hash.startsWith('/s/')) {
    const [path, tab] = splitTab(hash.slice(3));
    if (current && current.path === path) { current.show(tab); return; }
    const kept = edited.get(path);
    if (kept && kept.dirty) { current = kept; current.show(tab); return; }  // unsaved edits are kept while the page is open
    current = new Workspace(path);
    edited.set(path, current);
    current.open(tab);
  } else if (hash.startsWith('/new')) {
    if (!(current && current.path === null)) current = new Workspace(null);
    current.start(M.emptyDocument(), splitTab(hash.slice(4))[1]);
  } else {
    current = null;
    library();
  }
}

function splitTab(rest) {
  const at = rest.lastIndexOf('@');
  return at < 0 ? [rest, 'edit'] : [rest.slice(0, at), rest.slice(at + 1)];
}

function crumbsFor(...parts) {
  clear(crumbs).append(...parts.flatMap((p, n) => (n ? [' › ', p] : [p])));
}

// ---- library ------------------------------------------------------------------------

async function library() {
  crumbsFor(h('span', {}, 'Library'));
  clear(view).append(h('p', {class: 'hint'}, 'Loading…'));
  let data;
  try { data = await api.get('/api/v1/library'); } catch (e) { return failed(e); }
  const rows = data.files.map(f => {
    const open = h('a', {href: '#/s/' + encodeURIComponent(f.path), class: 'file'}, f.path);
    const actions = h('span', {class: 'actions'},
      h('a', {href: api.link('/api/v1/download' + api.q({path: f.path, format: 'yaml'})), download: ''}, 'YAML'), ' ',
      h('a', {href: api.link('/api/v1/download' + api.q({path: f.path, format: 'csv'})), download: ''}, 'CSV'), ' ',
      h('button', {type: 'button', class: 'link', onclick: () => duplicate(f.path)}, 'Duplicate'));
    const last = f.last_run ? `#${f.last_run.id} ${f.last_run.command}, ${f.last_run.created}` : '–';
    const unsaved = edited.get(f.path) && edited.get(f.path).dirty ? h('span', {class: 'error-text'}, ' (unsaved edits)') : null;
    return [h('span', {}, open, unsaved), f.error ? h('span', {class: 'error-text'}, f.error.message) : (f.title || '–'), f.date || '–',
            f.error ? '–' : `${f.actors} × ${f.issues}`, last, f.readonly ? 'read-only' : '', actions];
  });
  const upload = h('input', {type: 'file', id: 'upload', accept: '.yaml,.yml,.csv,.xml,.txt',
                             'aria-label': 'Import a scenario file'});
  upload.addEventListener('change', () => importFile(upload.files[0]));
  const template = h('select', {id: 'template', 'aria-label': 'Template'},
    h('option', {value: ''}, 'empty'),
    data.files.filter(f => !f.error).map(f => h('option', {value: f.path}, f.path)));
  clear(view).append(
    h('section', {class: 'panel'}, h('h2', {}, `Scenarios in ${data.folder}`),
      rows.length ? table(['file', 'title', 'date', 'actors × issues', 'last run', '', ''], rows)
                  : h('p', {class: 'hint'}, 'No scenario files here yet.')),
    h('section', {class: 'panel row'},
      h('div', {}, h('h2', {}, 'New scenario'), h('label', {}, 'Start from ', template), ' ',
        h('button', {type: 'button', id: 'new', onclick: () => newFrom(template.value)}, 'Create')),
      h('div', {}, h('h2', {}, 'Import'),
        h('p', {class: 'hint'}, 'YAML, long CSV, KTAB CSV or XML, Decide: saved here as YAML (up to 5 MB).'),
        h('label', {class: 'upload'}, 'Choose file ', upload))));
}

async function newFrom(path) {
  if (!path) { location.hash = '#/new'; return; }
  try {
    const opened = await api.get('/api/v1/scenario' + api.q({path}));
    current = new Workspace(null);
    location.hash = '#/new';
    current.start(opened.document, 'edit');
  } catch (e) { failed(e); }
}

async function duplicate(path) {
  const stem = path.split('/').pop().replace(/\.[^.]+$/, '');
  try {
    const out = await api.post('/api/v1/duplicate', {path, to: `${stem}-copy.yaml`});
    say(`copied to ${out.path}`);
    library();
  } catch (e) { failed(e, false); }
}

async function importFile(file) {
  if (!file) return;
  try {
    const out = await api.call('POST', '/api/v1/import' + api.q({name: file.name}), file, {raw: true});
    say(`imported ${file.name} (${out.format}, ${out.actors} actors × ${out.issues} issues) as ${out.path}`);
    location.hash = '#/s/' + encodeURIComponent(out.path);
  } catch (e) { failed(e, false); }
}

// ---- a scenario's workspace -----------------------------------------------------------

const TABS = [['edit', 'Edit'], ['forecast', 'Forecast'], ['whatif', 'What-if'], ['analyses', 'Leverage & more'],
              ['runs', 'Runs']];

class Workspace {
  constructor(path) {
    this.path = path;
    this.undoStack = [];
    this.redoStack = [];
    this.validation = null;
    this.selected = null;
    this.lastField = null;
    this.tab = 'edit';
    this.validateSoon = debounce(() => this.validate(), 150);
  }

  get hash() { return this.path === null ? '/new' : '/s/' + this.path; }

  async open(tab) {
    clear(view).append(h('p', {class: 'hint'}, 'Loading…'));
    let opened;
    try { opened = await api.get('/api/v1/scenario' + api.q({path: this.path})); } catch (e) { return failed(e); }
    this.meta = opened;
    this.version = opened.version;
    if (!opened.document) {
      crumbsFor(h('a', {href: '#/'}, 'Library'), h('span', {}, this.path));
      return failed({message: opened.error.message});
    }
    this.start(opened.document, tab);
    if (opened.error) this.validation = {valid: false, error: opened.error};
  }

  start(document, tab) {
    this.doc = JSON.parse(JSON.stringify(document));
    this.saved = JSON.stringify(this.doc);
    this.show(tab || 'edit');
    this.validate();
  }

  get dirty() { return this.doc && JSON.stringify(this.doc) !== this.saved; }

  canEdit() { return this.path === null || !!(this.meta && this.meta.editable); }

  // Saved in place, or (a new scenario, an example, another format) as a new YAML file.
  savesInPlace() { return this.path !== null && this.canEdit(); }

  show(tab) {
    this.tab = TABS.some(t => t[0] === tab) ? tab : 'edit';
    crumbsFor(h('a', {href: '#/'}, 'Library'), h('span', {class: 'path'}, this.path || 'new scenario'));
    const bar = this.toolbar();
    const nav = h('nav', {class: 'tabs', 'aria-label': 'Views'}, TABS.map(([id, label]) =>
      h('a', {href: '#' + this.hash + (id === 'edit' ? '' : '@' + id), class: id === this.tab ? 'active' : null,
              'aria-current': id === this.tab ? 'page' : null}, label)));
    this.errorBar = h('div', {id: 'error-bar', role: 'alert'});
    this.body = h('div', {id: 'tab-body'});
    clear(view).append(bar, nav, this.errorBar, this.body);
    this.render();
  }

  // Draw the current tab; with keepFocus the field that had the focus gets it back.
  render(keepFocus = false) {
    const body = this.body;
    const focusables = () => [...body.querySelectorAll('input, select, textarea, button, summary')];
    const active = document.activeElement;
    const at = keepFocus ? focusables().indexOf(active) : -1;
    const caret = at >= 0 && typeof active.selectionStart === 'number' ? [active.selectionStart, active.selectionEnd] : null;
    this.index = null;
    if (this.tab === 'edit') renderEditor(this, body);
    else if (this.tab === 'forecast') renderForecast(this, body);
    else if (this.tab === 'whatif') renderWhatif(this, body);
    else if (this.tab === 'analyses') renderAnalyses(this, body);
    else renderRuns(this, body);
    this.markValidation();
    const again = at >= 0 ? focusables()[at] : null;
    if (again) {
      again.focus();
      if (caret && typeof again.selectionStart === 'number') again.setSelectionRange(...caret);
    }
  }

  toolbar() {
    const ro = !this.savesInPlace();
    if (ro && this.newName === undefined && this.path !== null) {
      this.newName = `${this.path.split('/').pop().replace(/\.[^.]+$/, '')}-copy.yaml`;
    }
    const name = ro ? h('input', {id: 'save-name', 'aria-label': 'File name', placeholder: 'file name.yaml',
                                  value: this.newName || ''}) : null;
    if (name) name.addEventListener('input', () => { this.newName = name.value; });
    const why = this.path !== null && this.meta && !this.meta.editable
      ? (this.meta.readonly ? 'read-only example' : (this.meta.format !== 'yaml' ? `${this.meta.format} file`
                                                                                  : 'extends another file'))
      : null;
    return h('div', {class: 'toolbar'},
      h('button', {type: 'button', id: 'undo', onclick: () => this.undo(), title: 'Undo (Ctrl+Z)'}, 'Undo'),
      h('button', {type: 'button', id: 'redo', onclick: () => this.redo(), title: 'Redo (Ctrl+Y)'}, 'Redo'),
      name,
      why ? h('span', {class: 'hint'}, `${why}: save a copy to edit`) : null,
      h('button', {type: 'button', id: 'save', onclick: () => this.save(), title: 'Save (Ctrl+S)'},
        why ? 'Save as copy' : 'Save'),
      this.path ? h('a', {href: api.link('/api/v1/download' + api.q({path: this.path, format: 'yaml'})),
                          download: ''}, 'Download YAML') : null,
      h('span', {id: 'dirty', class: 'hint'}));
  }

  // Apply a change to the document: one undo step per field being typed in.
  edit(fn, {coalesce = null, structural = false} = {}) {
    if (!this.canEdit()) return;
    if (!coalesce || coalesce !== this.lastField) this.undoStack.push(JSON.stringify(this.doc));
    this.lastField = coalesce;
    this.redoStack = [];
    fn(this.doc);
    if (structural) this.render(true);
    this.changed();
  }

  changed() {
    this.whatifBase = null;  // the what-if view's maps show the scenario as it is now
    const dirty = document.getElementById('dirty');
    if (dirty) dirty.textContent = this.dirty ? 'unsaved changes' : '';
    this.validateSoon();
  }

  undo() { this.step(this.undoStack, this.redoStack); }
  redo() { this.step(this.redoStack, this.undoStack); }

  step(from, to) {
    if (!from.length) return;
    to.push(JSON.stringify(this.doc));
    this.doc = JSON.parse(from.pop());
    this.lastField = null;
    this.render(true);
    this.changed();
  }

  addActor() {
    this.edit(d => d.actors.push({id: M.freshId('actor', d.actors.map(a => a.id)), capability: 1}),
              {structural: true});
    const ids = view.querySelectorAll('input[aria-label$=" id"][data-place^="actors["]');
    if (ids.length) { ids[ids.length - 1].focus(); ids[ids.length - 1].select(); }
  }

  addIssue() {
    this.edit(d => d.issues.push({id: M.freshId('issue', d.issues.map(i => i.id)), scale: [0, 100]}),
              {structural: true});
    const ids = view.querySelectorAll('input[data-place^="issues["][aria-label$=" id"]');
    if (ids.length) { ids[ids.length - 1].focus(); ids[ids.length - 1].select(); }
  }

  renameActor(n, el) { this.rename(this.doc.actors, n, el, M.renameActor, 'actor'); }
  renameIssue(n, el) { this.rename(this.doc.issues, n, el, M.renameIssue, 'issue'); }

  rename(list, n, el, how, what) {
    const from = list[n].id;
    const to = el.value.trim();
    if (to === from) return;
    if (!to || list.some((x, m) => m !== n && x.id === to)) {
      el.value = from;
      say(to ? `there is already an ${what} '${to}'` : `an ${what} needs an id`, 'error');
      return;
    }
    this.edit(d => { how(d, from, to); list[n].id = to; });
    setTimeout(() => this.render(true), 0); // once the focus has moved on, so that it stays where it went
  }

  // Keep the grid's cells in step with edits made in the details panel.
  syncGrid() {
    for (const el of view.querySelectorAll('input.cell')) {
      if (el === document.activeElement) continue;
      const st = ((this.doc.positions || {})[el.dataset.actor] || {})[el.dataset.issue];
      el.value = st ? (M.valueOf(st[el.dataset.what]) ?? '') : '';
    }
  }

  async validate() {
    const sent = JSON.stringify(this.doc);
    try {
      const res = await api.post('/api/v1/validate' + (this.path ? api.q({path: this.path}) : ''), {document: this.doc});
      if (JSON.stringify(this.doc) !== sent) return; // a newer check is on its way
      this.validation = res.valid ? res : {...(this.validation || {}), valid: false, error: res.error};
    } catch (e) {
      this.validation = {valid: false, error: e.info || {message: e.message}};
    }
    this.markValidation();
    if (this.tab === 'edit' && this.selected && !view.querySelector('#cell-details :focus')) {
      showDetails(this, this.selected);
    }
  }

  citedClass(path) {
    const ev = this.validation && this.validation.evidence;
    return ev ? (ev[path] ? 'cited' : 'uncited') : null;
  }

  // Where each field is: every alias of its data-place, and the grid cells by value path (built once per drawing).
  fields() {
    if (this.index) return this.index;
    const byPlace = new Map();
    const byValue = [];
    for (const el of view.querySelectorAll('[data-place]')) {
      for (const alias of el.dataset.place.split(' ')) {
        if (!byPlace.has(alias)) byPlace.set(alias, el);
        if (el.tagName === 'INPUT' && /^[^.[\]]+\.[^.[\]]+(\.[^.[\]]+)?$/.test(alias) && !alias.startsWith('positions.')) {
          const td = el.closest('td');
          if (td) byValue.push([td, alias]);
        }
      }
    }
    this.index = {byPlace, byValue, cited: null};
    return this.index;
  }

  // Show the first error at its field, and which values cite evidence.
  markValidation() {
    if (!this.errorBar) return;
    const index = this.fields();
    for (const el of view.querySelectorAll('.invalid')) {
      el.classList.remove('invalid');
      for (const a of ['aria-invalid', 'aria-describedby', 'title']) el.removeAttribute(a);
    }
    clear(this.errorBar);
    const v = this.validation;
    if (v && v.evidence) {
      const cited = Object.keys(v.evidence).join(' ');
      if (cited !== index.cited) {
        index.cited = cited;
        const all = new Set([...Object.keys(v.evidence), ...((v.summary && v.summary.uncited) || [])]);
        for (const [td, vp] of index.byValue) {
          if (!all.has(vp)) continue;
          td.classList.toggle('cited', !!v.evidence[vp]);
          td.classList.toggle('uncited', !v.evidence[vp]);
        }
      }
    }
    if (!v || v.valid || !v.error) { this.errorBar.className = ''; return; }
    const target = findField(index.byPlace, v.error.place);
    this.errorBar.className = 'error';
    this.errorBar.append(h('strong', {}, v.error.place ? `${v.error.place}: ` : ''), v.error.problem || v.error.message);
    if (target) {
      target.classList.add('invalid');
      target.setAttribute('aria-invalid', 'true');
      target.setAttribute('aria-describedby', 'error-bar');
      target.setAttribute('title', v.error.message);
      if (this.tab === 'edit') {
        this.errorBar.append(' ', h('button', {type: 'button', class: 'link', onclick: () => {
          const details = target.closest('details'); if (details) details.open = true; target.focus();
        }}, 'go to field'));
      }
    }
  }

  async save() {
    const ro = !this.savesInPlace();
    try {
      if (ro) {
        const to = (this.newName || '').trim();
        if (!to) { say('give the new file a name ending in .yaml', 'error'); document.getElementById('save-name')?.focus(); return; }
        const name = /\.ya?ml$/i.test(to) ? to : to + '.yaml';
        const out = await api.post('/api/v1/scenario', {path: name, document: this.doc});
        this.saved = JSON.stringify(this.doc);
        say(`saved ${out.path}`);
        current = null;
        location.hash = '#/s/' + encodeURIComponent(out.path);
        return;
      }
      const out = await api.put('/api/v1/scenario' + api.q({path: this.path}), {document: this.doc, version: this.version});
      this.version = out.version;
      this.saved = JSON.stringify(this.doc);
      this.changed();
      say(`saved ${this.path}`);
    } catch (e) {
      say(e.message, 'error');
      if (e.info && e.info.place) { this.validation = {valid: false, error: e.info}; this.markValidation(); }
    }
  }
}

// The field an error's place names: the longest alias the place starts with, else one that starts with it.
function findField(byPlace, place) {
  if (!place) return null;
  for (let p = place, next; p; p = next) {
    if (byPlace.has(p)) return byPlace.get(p);
    next = p.replace(/(\.[^.[]*|\[\d+\]|\s.*)$/, '');
    if (next === p) break;
  }
  for (const [alias, el] of byPlace) if (alias.startsWith(place)) return el;
  return null;
}

document.addEventListener('keydown', (e) => {
  if (!current || !(e.ctrlKey || e.metaKey)) return;
  const k = e.key.toLowerCase();
  if (k === 'z' && !e.shiftKey) { e.preventDefault(); current.undo(); }
  else if (k === 'y' || (k === 'z' && e.shiftKey)) { e.preventDefault(); current.redo(); }
  else if (k === 's') { e.preventDefault(); current.save(); }
});

window.addEventListener('beforeunload', (e) => { if (current && current.dirty) e.preventDefault(); });
window.addEventListener('hashchange', route);
route();

