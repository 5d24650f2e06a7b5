// The status line under the header, and errors shown in place of a view.

import {h, clear} from './dom.js';

export function say(text, kind = 'info') {
  const line = document.getElementById('status');
  line.textContent = text;
  line.className = kind;
}

export function failed(e, replace = true) {
  say(e.message, 'error');
  if (replace) clear(document.getElementById('view')).append(h('p', {class: 'error-text', role: 'alert'}, e.message));
}
