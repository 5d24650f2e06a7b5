// The actor map of one issue as SVG: actors at their position (x) and salience (y), sized
// by capability; each model's forecast as a line with its 90% interval; the status quo
// dashed. Bubbles can be dragged (what-if) and step through rounds (round-based models).

import {h, s, num} from './dom.js';

const W = 680, H = 230, L = 46, R = 16, T = 26, B = 44;
const PALETTE = ['#1b6ca8', '#c2452d', '#2e8b57', '#8e44ad', '#d4881c', '#16a0a0', '#7f6a3b', '#c2185b',
                 '#4a5a6a', '#5d8c00'];

export function colorOf(model, models) {
  const n = Math.max(0, models.indexOf(model));
  return PALETTE[n % PALETTE.length];
}

// map: {issue, name, lower, upper, lower_means, upper_means, status_quo, actors: [{actor, name, position,
// salience (0–1), capability}]}; marks: [{model, point, low, high, ghost}]; opts: {models, shown,
// onHover(actor, event), onDrag(actor, position, salience01), positions: {actor: position} for a round}
export function actorMap(map, marks, opts = {}) {
  const x = (v) => L + (W - L - R) * (v - map.lower) / (map.upper - map.lower || 1);
  const y = (v) => H - B - (H - B - T) * Math.max(0, Math.min(1, v));
  const xInv = (px) => map.lower + (px - L) / (W - L - R) * (map.upper - map.lower);
  const yInv = (py) => Math.max(0, Math.min(1, (H - B - py) / (H - B - T)));
  const maxCap = Math.max(1e-9, ...map.actors.map(a => a.capability));
  const svg = s('svg', {viewBox: `0 0 ${W} ${H}`, class: 'map', role: 'img',
                        'aria-label': `actor map of ${map.name}`, dataset: {issue: map.issue}});
  // axes
  svg.append(s('line', {x1: L, x2: W - R, y1: H - B, y2: H - B, class: 'axis'}),
             s('line', {x1: L, x2: L, y1: T, y2: H - B, class: 'axis'}));
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    const v = map.lower + t * (map.upper - map.lower);
    svg.append(s('text', {x: x(v), y: H - B + 14, class: 'tick', 'text-anchor': 'middle'}, num(v)));
  }
  for (const t of [0, 0.5, 1]) {
    svg.append(s('text', {x: L - 6, y: y(t) + 4, class: 'tick', 'text-anchor': 'end'}, num(t)));
  }
  svg.append(s('text', {x: 12, y: (T + H - B) / 2, class: 'label', transform: `rotate(-90 12 ${(T + H - B) / 2})`,
                        'text-anchor': 'middle'}, 'salience'));
  if (map.lower_means) svg.append(s('text', {x: L, y: H - 6, class: 'label'}, `← ${map.lower_means}`));
  if (map.upper_means) svg.append(s('text', {x: W - R, y: H - 6, class: 'label', 'text-anchor': 'end'},
                                        `${map.upper_means} →`));
  if (map.status_quo !== null && map.status_quo !== undefined) {
    svg.append(s('line', {x1: x(map.status_quo), x2: x(map.status_quo), y1: T - 8, y2: H - B, class: 'sq'},
                 s('title', {}, `status quo ${num(map.status_quo)}`)));
  }
  // forecasts
  const models = opts.models || [];
  let row = 0;
  for (const m of marks) {
    if (opts.shown && !opts.shown.has(m.model)) continue;
    const c = colorOf(m.model, models);
    const g = s('g', {class: 'mark' + (m.ghost ? ' ghost' : ''), dataset: {model: m.model}});
    if (m.low !== null && m.low !== undefined) {
      g.append(s('rect', {x: x(m.low), y: T - 4, width: Math.max(1, x(m.high) - x(m.low)), height: H - B - T + 4,
                          fill: c, class: 'interval'}));
    }
    g.append(s('line', {x1: x(m.point), x2: x(m.point), y1: T - 4, y2: H - B, stroke: c}),
             s('text', {x: x(m.point) + 3, y: T - 8 + 10 * (row % 2), class: 'mark-label', fill: c},
               `${m.ghost ? '' : m.model} ${num(m.point, 1)}`),
             s('title', {}, `${m.model}${m.ghost ? ' (baseline)' : ''}: ${num(m.point)}` +
               (m.low !== null && m.low !== undefined ? ` (90%: ${num(m.low)} to ${num(m.high)})` : '')));
    svg.append(g);
    if (!m.ghost) row++;
  }
  // actors, largest first so that small ones stay on top
  const actors = [...map.actors].sort((a, b) => b.capability - a.capability);
  for (const a of actors) {
    const pos = opts.positions && opts.positions[a.actor] !== undefined ? opts.positions[a.actor] : a.position;
    if (pos === null || Number.isNaN(pos)) continue;
    const r = 4 + 16 * Math.sqrt(a.capability / maxCap);
    const g = s('g', {class: 'actor' + (opts.onDrag ? ' draggable' : ''), tabindex: 0,
                      transform: `translate(${x(pos)} ${y(a.salience)})`, dataset: {actor: a.actor},
                      'aria-label': `${a.name}: position ${num(pos)}, salience ${num(a.salience)}`},
      s('circle', {r, class: 'bubble'}),
      s('text', {y: 4, 'text-anchor': 'middle', class: 'actor-label'}, a.actor),
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
