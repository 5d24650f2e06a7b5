// Edits of a scenario document (the YAML format's mapping): values with or without
// uncertainty, renaming ids everywhere they are used, adding and removing rows.
// Nothing here validates: the server's Scenario contract does.

export const valueOf = (x) => (x !== null && typeof x === 'object' ? x.value : x);

// A number typed in a field: a number when it reads as one, else the text as typed
// (so that the server names the problem at that field); undefined when empty.
export function parseNumber(text) {
  const t = String(text).trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

// Set the central value of obj[key], keeping any sd or range.
export function setValue(obj, key, v) {
  if (v === undefined) { delete obj[key]; return; }
  const cur = obj[key];
  if (cur !== null && typeof cur === 'object' && !Array.isArray(cur)) cur.value = v;
  else obj[key] = v;
}

// Set 'sd', 'low' or 'high' of obj[key]; a value without sd and range is a plain number.
export function setUncertainty(obj, key, part, v) {
  let cur = obj[key];
  if (cur === undefined) return;
  if (cur === null || typeof cur !== 'object') cur = {value: cur};
  if (part === 'sd') {
    if (v === undefined) delete cur.sd; else cur.sd = v;
  } else {
    const range = Array.isArray(cur.range) ? cur.range.slice() : [cur.value, cur.value];
    range[part === 'low' ? 0 : 1] = v === undefined ? null : v;
    if (range[0] === null && range[1] === null) delete cur.range; else cur.range = range;
    if (cur.range && (cur.range[0] === null || cur.range[1] === null)) {
      cur.range = cur.range.map(x => (x === null ? cur.value : x));
    }
  }
  obj[key] = Object.keys(cur).length === 1 ? cur.value : cur;
}

export function uncertainty(x) {
  if (x === null || typeof x !== 'object') return {sd: undefined, low: undefined, high: undefined};
  return {sd: x.sd, low: x.range ? x.range[0] : undefined, high: x.range ? x.range[1] : undefined};
}

export function setText(obj, key, text) {
  if (text === '' || text === undefined) delete obj[key]; else obj[key] = text;
}

function renameInList(list, from, to) {
  return Array.isArray(list) ? list.map(x => (x === from ? to : x)) : list;
}

function renameRule(rule, from, to) {
  if (!rule || typeof rule !== 'object') return;
  for (const k of ['voters', 'veto', 'permanent', 'elected']) if (rule[k]) rule[k] = renameInList(rule[k], from, to);
  if (rule.agenda_setter === from) rule.agenda_setter = to;
}

function renameKey(obj, from, to) {
  if (!obj || !(from in obj)) return obj;
  const out = {};
  for (const [k, v] of Object.entries(obj)) out[k === from ? to : k] = v;
  return out;
}

function renamePath(path, index, from, to) {
  const parts = String(path).split('.');
  if (parts[index] === from) parts[index] = to;
  return parts.join('.');
}

export function renameActor(doc, from, to) {
  doc.positions = renameKey(doc.positions || {}, from, to);
  for (const e of doc.evidence || []) e.value = renamePath(e.value, 0, from, to);
  for (const i of doc.issues || []) renameRule(i.rule, from, to);
  for (const st of doc.stages || []) {
    st.actors = renameInList(st.actors, from, to);
    st.shift = renameKey(st.shift, from, to);
    for (const r of Object.values(st.rules || {})) renameRule(r, from, to);
  }
}

export function renameIssue(doc, from, to) {
  for (const a of Object.keys(doc.positions || {})) doc.positions[a] = renameKey(doc.positions[a], from, to);
  for (const e of doc.evidence || []) {
    const parts = String(e.value).split('.');
    e.value = renamePath(e.value, parts.length === 2 ? 0 : 1, from, to);
  }
  for (const st of doc.stages || []) {
    st.issues = renameInList(st.issues, from, to);
    st.rules = renameKey(st.rules, from, to);
    for (const a of Object.keys(st.shift || {})) st.shift[a] = renameKey(st.shift[a], from, to);
  }
}

export function removeActor(doc, index) {
  const [gone] = doc.actors.splice(index, 1);
  if (!gone) return;
  if (doc.positions) delete doc.positions[gone.id];
  if (doc.evidence) doc.evidence = doc.evidence.filter(e => String(e.value).split('.')[0] !== gone.id);
}

export function removeIssue(doc, index) {
  const [gone] = doc.issues.splice(index, 1);
  if (!gone) return;
  for (const row of Object.values(doc.positions || {})) delete row[gone.id];
  if (doc.evidence) {
    doc.evidence = doc.evidence.filter(e => {
      const parts = String(e.value).split('.');
      return parts.length === 2 ? parts[0] !== gone.id : parts[1] !== gone.id;
    });
  }
}

export function freshId(prefix, taken) {
  let n = taken.length + 1;
  while (taken.includes(prefix + n)) n++;
  return prefix + n;
}

export function emptyDocument() {
  return {format_version: 1, title: 'New scenario', actors: [], issues: [], positions: {}};
}

// Evidence of one value path: the rows the server matched to it (empty when none).
export function evidenceOf(validation, path) {
  return (validation && validation.evidence && validation.evidence[path]) || [];
}
