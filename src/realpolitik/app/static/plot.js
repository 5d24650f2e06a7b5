// The actor map of one issue as SVG: actors at their position (x) and salience (y), sized
// by capability; each model's forecast as a line with its 90% interval; the status quo
// dashed. Bubbles can be dragged (what-if) and step through rounds (round-based models).

import {h, s, num} from './dom.js';

const W = 680, L = 84, R = 16, T = 12, AREA = 150, ROW = 15;
const PALETTE = ['#1b6ca8', '#c2452d', '#2e8b57', '#8e44ad', '#d4881c', '#16a0a0', '#7f6a3b', '#c2185b',
                 '#4a5a6a', '#5d8c00'];

export function colorOf(model, models) {
  const n = Math.max(0, models.indexOf(model));
  return PALETTE[n % PALETTE.length];
}

// map: {issue, name, lower, upper, lower_means, upper_means, status_quo, actors: [{actor, name, position,
// salience (0–1), capability}]}; marks: [{model, point, low, high, ghost}], drawn one row per model under
// the actors (a ghost, e.g. the baseline of a what-if, as a hollow circle); opts: {models, shown,
// onHover(actor, event), onDrag(actor, position, salience01), positions: {actor: position} for a round}
export function actorMap(map, marks, opts = {}) {
  const models = opts.models || [];
  const rows = [...new Set(marks.map(m => m.model))].filter(m => !opts.shown || opts.shown.has(m));
  const axis = T + AREA;
  const rowsTop = axis + 28;
  const H = rowsTop + ROW * rows.length + 34;
  const x = (v) => L + (W - L - R) * (v - map.lower) / (map.upper - map.lower || 1);
  const y = (v) => axis - AREA * Math.max(0, Math.min(1, v));
  const xInv = (px) => map.lower + (px - L) / (W - L - R) * (map.upper - map.lower);
  const yInv = (py) => Math.max(0, Math.min(1, (axis - py) / AREA));
  const maxCap = Math.max(1e-9, ...map.actors.map(a => a.capability));
  const svg = s('svg', {viewBox: `0 0 ${W} ${H}`, class: 'map', role: 'img',
                        'aria-label': `actor map of ${map.name}`, dataset: {issue: map.issue}});
  svg.append(s('line', {x1: L, x2: W - R, y1: axis, y2: axis, class: 'axis'}),
             s('line', {x1: L, x2: L, y1: T, y2: axis, class: 'axis'}));
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    const v = map.lower + t * (map.upper - map.lower);
    svg.append(s('text', {x: x(v), y: axis + 13, class: 'tick', 'text-anchor': 'middle'}, num(v)));
  }
  for (const t of [0, 0.5, 1]) svg.append(s('text', {x: L - 5, y: y(t) + 3, class: 'tick', 'text-anchor': 'end'}, num(t)));
  svg.append(s('text', {x: L - 30, y: T + AREA / 2, class: 'label', 'text-anchor': 'middle',
                        transform: `rotate(-90 ${L - 30} ${T + AREA / 2})`}, 'salience'));
  if (map.lower_means) svg.append(s('text', {x: L, y: H - 18, class: 'label'}, `← ${map.lower_means}`));
  if (map.upper_means) svg.append(s('text', {x: W - R, y: H - 5, class: 'label', 'text-anchor': 'end'},
                                        `${map.upper_means} →`));
  if (map.status_quo !== null && map.status_quo !== undefined) {
    svg.append(s('line', {x1: x(map.status_quo), x2: x(map.status_quo), y1: T, y2: rowsTop + ROW * rows.length - 4,
                          class: 'sq'}, s('title', {}, `status quo ${num(map.status_quo)}`)),
               s('text', {x: x(map.status_quo) + 3, y: T + 8, class: 'tick'}, 'status quo'));
  }
  rows.forEach((model, n) => {
    const c = colorOf(model, models);
    const cy = rowsTop + ROW * n;
    const g = s('g', {class: 'mark', dataset: {model}},
      s('text', {x: L - 6, y: cy + 3, class: 'mark-label', 'text-anchor': 'end', fill: c}, model));
    for (const m of marks.filter(k => k.model === model)) {
      const tip = `${m.model}${m.ghost ? ' (baseline)' : ''}: ${num(m.point)}` +
        (m.low !== null && m.low !== undefined ? ` (90%: ${num(m.low)} to ${num(m.high)})` : '');
      if (m.low !== null && m.low !== undefined) {
        g.append(s('line', {x1: x(m.low), x2: x(m.high), y1: cy, y2: cy, stroke: c, class: 'interval'}));
      }
      g.append(m.ghost
        ? s('circle', {cx: x(m.point), cy, r: 4, fill: 'none', stroke: c, class: 'ghost'}, s('title', {}, tip))
        : s('path', {d: `M${x(m.point)} ${cy - 5}l5 5l-5 5l-5 -5z`, fill: c}, s('title', {}, tip)));
      if (!m.ghost) g.append(s('text', {x: x(m.point) + 8, y: cy + 3, class: 'value', fill: c}, num(m.point, 1)));
    }
    svg.append(g);
  });
  // actors, largest first so that small ones stay on top
  const actors = [...map.actors].sort((a, b) => b.capability - a.capability);
  for (const a of actors) {
    const pos = opts.positions && opts.positions[a.actor] !== undefined ? opts.positions[a.actor] : a.position;
    if (pos === null || Number.isNaN(pos)) continue;
    const r = 4 + 14 * Math.sqrt(a.capability / maxCap);
    const g = s('g', {class: 'actor' + (opts.onDrag ? ' draggable' : ''), tabindex: 0,
                      transform: `translate(${x(pos)} ${y(a.salience)})`, dataset: {actor: a.actor},
                      'aria-label': `${a.name}: position ${num(pos)}, salience ${num(a.salience)}`},
      s('circle', {r, class: 'bubble'}),
      s('text', {y: 3, 'text-anchor': 'middle', class: 'actor-label'}, a.actor),
      s('title', {}, `${a.name}\nposition ${num(pos)}, salience ${num(a.salience)}, capability ${num(a.capability)}`));
    if (opts.onHover) {
      g.addEventListener('mouseenter', (e) => opts.onHover(a, e));
      g.addEventListener('focus', (e) => opts.onHover(a, e));
    }
    if (opts.onDrag) draggable(svg, g, a, {x, y, xInv, yInv, lower: map.lower, upper: map.upper}, opts.onDrag);
    svg.append(g);
  }
  return svg;
}

function draggable(svg, g, actor, sc, onDrag) {
  let moving = false;
  let at = null;
  const point = (e) => {
    const p = svg.createSVGPoint();
    p.x = e.clientX; p.y = e.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  };
  g.addEventListener('pointerdown', (e) => { moving = true; g.setPointerCapture(e.pointerId); e.preventDefault(); });
  g.addEventListener('pointermove', (e) => {
    if (!moving) return;
    const p = point(e);
    const pos = Math.max(sc.lower, Math.min(sc.upper, sc.xInv(p.x)));
    const sal = sc.yInv(p.y);
    at = {pos, sal};
    g.setAttribute('transform', `translate(${sc.x(pos)} ${sc.y(sal)})`);
  });
  g.addEventListener('pointerup', () => {
    if (!moving) return;
    moving = false;
    if (at) onDrag(actor, Math.round(at.pos * 10) / 10, Math.round(at.sal * 100) / 100);
    at = null;
  });
  g.addEventListener('keydown', (e) => {
    const step = (sc.upper - sc.lower) / 50;
    const moves = {ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, 0.05], ArrowDown: [0, -0.05]};
    if (!moves[e.key]) return;
    e.preventDefault();
    const [dx, dy] = moves[e.key];
    const pos = Math.max(sc.lower, Math.min(sc.upper, actor.position + dx));
    const sal = Math.max(0, Math.min(1, actor.salience + dy));
    onDrag(actor, Math.round(pos * 10) / 10, Math.round(sal * 100) / 100);
  });
}

export function legend(models, shown, onToggle) {
  return h('div', {class: 'legend', role: 'group', 'aria-label': 'Models shown'}, models.map(m => {
    const box = h('input', {type: 'checkbox', checked: shown.has(m), 'aria-label': `show ${m}`});
    box.addEventListener('change', () => onToggle(m, box.checked));
    return h('label', {class: 'legend-item'}, box, h('span', {class: 'swatch', style: null, dataset: {model: m}}), m);
  }));
}
