// The JSON API under /api/v1, with the access token from the page's own URL.

const TOKEN = new URLSearchParams(location.search).get('token') || '';
const HEADER = 'X-Realpolitik-Token';

export class ApiError extends Error {
  constructor(status, info) {
    super(info.message || `request failed (${status})`);
    this.status = status;
    this.info = info;
  }
}

export async function call(method, url, body, {raw = false, type = 'json'} = {}) {
  const opts = {method, headers: {[HEADER]: TOKEN}};
  if (body !== undefined) {
    if (raw) opts.body = body;
    else { opts.headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(body); }
  }
  const res = await fetch(url, opts);
  if (!res.ok) {
    let info;
    try { info = (await res.json()).error || {}; } catch { info = {message: res.statusText}; }
    throw new ApiError(res.status, info);
  }
  if (type === 'blob') return res.blob();
  if (type === 'text') return res.text();
  return res.json();
}

export const get = (url) => call('GET', url);
export const post = (url, body) => call('POST', url, body);
export const put = (url, body) => call('PUT', url, body);

export function link(url) {
  return url + (url.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(TOKEN);
}

export function q(params) {
  return '?' + new URLSearchParams(params).toString();
}

// A run in the background: progress reports while it runs, cancel() to stop it.
export function background(url, body, onProgress) {
  let jobId = null;
  let cancelled = false;
  const done = (async () => {
    let job = await post(url + '?background=true', body);
    jobId = job.id;
    let wait = 30;  // ms: short runs come back at once, long ones are asked about less often
    while (job.state === 'running') {
      onProgress && onProgress(job);
      await new Promise(r => setTimeout(r, wait));
      wait = Math.min(300, wait * 1.5);
      job = await get(`/api/v1/jobs/${encodeURIComponent(jobId)}`);
    }
    if (job.state === 'done') return job.result;
    if (job.state === 'cancelled' || cancelled) throw new ApiError(499, {kind: 'cancelled', message: 'cancelled'});
    throw new ApiError(400, job.error || {message: 'the run failed'});
  })();
  return {
    done,
    cancel() {
      cancelled = true;
      if (jobId !== null) call('DELETE', `/api/v1/jobs/${encodeURIComponent(jobId)}`).catch(() => {});
    },
  };
}

export function download(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}
