// The ocap kernel panel. Plain DOM code, no dependencies: every value from
// the daemon is shown with textContent, never parsed as HTML.
'use strict';

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : String(c ?? ''));
  return e;
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// ---- API ----

class APIError extends Error {}

async function api(path, body) {
  const init = { credentials: 'same-origin', headers: {} };
  if (body !== undefined) {
    init.method = 'POST';
    init.headers['Content-Type'] = 'application/json';
    init.headers['X-Ocap-UI'] = '1';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new APIError('The panel server is not reachable: ' + e.message);
  }
  const text = await res.text();
  let data;
  try { data = JSON.parse(text); } catch { data = null; }
  if (!res.ok) {
    const msg = data?.error?.message ?? text.trim() ?? res.statusText;
    throw new APIError(data?.error?.code ? `${msg} (code ${data.error.code})` : msg);
  }
  return data;
}

const call = (method, params) => api('/api/call/' + method, params === undefined ? '' : params);

function showError(msg) {
  const box = el('div', {}, msg);
  $('errors').append(box);
  while ($('errors').children.length > 4) $('errors').firstChild.remove();
  setTimeout(() => box.remove(), 8000);
}

function output(id, text, isError) {
  const o = $(id);
  o.textContent = text;
  o.classList.toggle('error', !!isError);
}

// run an action: its result (or error) goes to the output element.
async function act(outId, fn) {
  try {
    const text = await fn();
    if (outId) output(outId, text ?? 'done', false);
  } catch (e) {
    if (outId) output(outId, 'Error: ' + e.message, true);
    else showError(e.message);
  }
}

const pretty = (v) => JSON.stringify(v, null, 2);

// ---- views ----

let view = 'vats';
function showView(name) {
  if (!document.getElementById('view-' + name)) name = 'vats';
  view = name;
  for (const s of document.querySelectorAll('.view')) s.hidden = s.id !== 'view-' + name;
  for (const b of document.querySelectorAll('#nav button')) b.classList.toggle('active', b.dataset.view === name);
  if (location.hash !== '#' + name) history.replaceState(null, '', '#' + name);
  if (loaders.status) refresh('status');
  if (name === 'objects') refresh('objects');
  if (name === 'graph') refresh('graph');
  if (name === 'db' && !$('db-tables').childElementCount) loadTables();
  if (name === 'log') renderLog();
}

// refresh runs one loader at a time per area; requests made meanwhile
// are merged into one more run.
const loaders = {};
const running = {};
function refresh(area) {
  if (running[area]) { running[area] = 'again'; return; }
  running[area] = true;
  Promise.resolve(loaders[area]()).catch((e) => showError(e.message)).finally(() => {
    const again = running[area] === 'again';
    running[area] = false;
    if (again) refresh(area);
  });
}

// ---- status: vats, subclusters, remote ----

let status = { vats: [], subclusters: [], remoteComms: { state: 'disconnected' } };
const vatResults = new Map();
let statusText = '';

loaders.status = async () => {
  const { result } = await api('/api/status');
  // Redraw only on a change: a redraw under the pointer can eat a click.
  const text = JSON.stringify(result);
  if (text === statusText) return;
  statusText = text;
  status = result;
  renderStatus();
};

function vatNames() {
  const names = {};
  for (const sc of status.subclusters || []) for (const [n, id] of Object.entries(sc.vats || {})) names[id] = n;
  return names;
}

function renderStatus() {
  const names = vatNames();
  const tbody = $('vats-table').tBodies[0];
  tbody.replaceChildren();
  const byId = (a, b) => a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  for (const v of [...(status.vats || [])].sort(byId)) {
    // Results live outside the rows: a live refresh redraws the table.
    const shown = vatResults.get(v.id);
    const result = el('td', { class: 'result ' + (shown?.cls ?? '') }, shown?.text ?? '');
    const setResult = (text, cls) => {
      vatResults.set(v.id, { text, cls });
      const cell = document.querySelector(`#vats-table tr[data-vat="${v.id}"] .result`);
      if (cell) { cell.textContent = text; cell.className = 'result ' + cls; }
    };
    const button = (label, cls, fn) => el('button', { class: cls, onclick: fn }, label);
    const vatAct = (method, label) => async () => {
      setResult(label + '…', '');
      try {
        const r = await call(method, { id: v.id });
        setResult(method === 'pingVat' ? String(r.result) : label + ': done', 'ok');
        if (method === 'terminateVat') afterAction();
      } catch (e) {
        setResult('Error: ' + e.message, 'error');
      }
    };
    tbody.append(el('tr', { 'data-vat': v.id },
      el('td', {}, v.id), el('td', {}, names[v.id] ?? ''), el('td', {}, v.subclusterId ?? ''),
      el('td', {}, v.config?.bundleSpec ?? v.config?.bundleName ?? ''),
      el('td', {},
        button('Ping', 'ping', vatAct('pingVat', 'ping')),
        button('Restart', 'restart', vatAct('restartVat', 'restart')),
        button('Terminate', 'terminate danger', () => confirmThen(`Terminate vat ${v.id}?`, vatAct('terminateVat', 'terminate')))),
      result));
  }
  const current = new Set((status.vats || []).map((v) => v.id));
  for (const id of vatResults.keys()) if (!current.has(id)) vatResults.delete(id);
  $('vat-count').textContent = `(${(status.vats || []).length})`;
  const sbody = $('subclusters-table').tBodies[0];
  sbody.replaceChildren();
  for (const sc of status.subclusters || []) {
    sbody.append(el('tr', { 'data-subcluster': sc.id },
      el('td', {}, sc.id), el('td', {}, sc.config?.bootstrap ?? ''),
      el('td', {}, Object.entries(sc.vats || {}).map(([n, id]) => `${n}=${id}`).join(' ')),
      el('td', {}, el('button', { class: 'terminate danger', onclick: () => confirmThen(`Terminate subcluster ${sc.id} and its vats?`,
        () => act(null, async () => { await call('terminateSubcluster', { id: sc.id }); afterAction(); })) }, 'Terminate'))));
  }
  output('remote-status', pretty(status.remoteComms));
  fillEndpoints();
}

function fillEndpoints() {
  const names = vatNames();
  const ids = (status.vats || []).map((v) => v.id);
  for (const [sel, blank] of [[$('obj-endpoint'), false], [$('log-vat'), true]]) {
    const cur = sel.value;
    const opts = blank ? [el('option', { value: '' }, 'all')] : [];
    const known = new Set(ids);
    if (cur && !known.has(cur)) ids.push(cur);
    for (const id of ids) opts.push(el('option', { value: id }, names[id] ? `${id} (${names[id]})` : id));
    sel.replaceChildren(...opts);
    if (cur) sel.value = cur;
  }
  if (!$('obj-endpoint').value && ids.length) {
    $('obj-endpoint').value = ids[0];
    if (view === 'objects') refresh('objects');
  }
}

// After one of the panel's own actions: refetch, whether or not live
// events arrive (an older daemon sends none).
function afterAction() {
  refresh('status');
  if (view === 'objects') refresh('objects');
  if (view === 'graph') refresh('graph');
}

// ---- confirmation ----

let confirmAction = null;
function confirmThen(text, fn) {
  confirmAction = fn;
  $('confirm-text').textContent = text;
  $('confirm').hidden = false;
}
$('confirm-yes').addEventListener('click', () => {
  const fn = confirmAction;
  confirmAction = null;
  $('confirm').hidden = true;
  if (fn) fn();
});
$('confirm-no').addEventListener('click', () => { confirmAction = null; $('confirm').hidden = true; });

for (const [id, method, text] of [
  ['ctl-collect', 'collectGarbage', null],
  ['ctl-terminate-all', 'terminateAllVats', 'Terminate every vat?'],
  ['ctl-clear', 'clearState', 'Clear the whole kernel state (every vat, subcluster and object)?'],
]) {
  const run = () => act('ctl-out', async () => { await call(method); afterAction(); return method + ': done'; });
  $(id).addEventListener('click', () => (text ? confirmThen(text, run) : run()));
}

// ---- launch ----

$('launch-go').addEventListener('click', () => act('launch-out', async () => {
  let cfg;
  try { cfg = JSON.parse($('launch-config').value); } catch (e) { throw new Error('the config is not valid JSON: ' + e.message); }
  const params = cfg && typeof cfg === 'object' && 'config' in cfg ? cfg : { config: cfg };
  const r = await call('launchSubcluster', params);
  afterAction();
  if (r.result?.rootKref) $('send-target').value = r.result.rootKref;
  return pretty(r.result);
}));

$('launch-bundle-go').addEventListener('click', () => act('launch-out', async () => {
  const name = $('launch-name').value.trim() || 'main';
  const spec = $('launch-bundle').value.trim();
  if (!spec) throw new Error('give the path or URL of a bundle');
  const r = await call('launchSubcluster', { config: { bootstrap: name, vats: { [name]: { bundleSpec: spec } } } });
  afterAction();
  if (r.result?.rootKref) $('send-target').value = r.result.rootKref;
  return pretty(r.result);
}));

// ---- send ----

$('send-go').addEventListener('click', async () => {
  output('send-raw', '');
  await act('send-out', async () => {
    const target = $('send-target').value.trim();
    const method = $('send-method').value.trim();
    if (!target || !method) throw new Error('give a target kref and a method');
    let args;
    try { args = JSON.parse($('send-args').value || '[]'); } catch (e) { throw new Error('the arguments are not valid JSON: ' + e.message); }
    if (!Array.isArray(args)) throw new Error('the arguments must be a JSON array');
    output('send-out', 'waiting for the answer…');
    const r = await call('queueMessage', [target, method, args]);
    output('send-raw', pretty(r.result));
    if (r.prettyError) throw new Error(r.prettyError);
    return pretty(r.pretty !== undefined ? r.pretty : r.result);
  });
});

// ---- objects (paged by kref cursor) ----

let objCursors = [''];
let objPage = 0;
let objNext = null;
$('obj-endpoint').addEventListener('change', () => { objCursors = ['']; objPage = 0; refresh('objects'); });
$('obj-next').addEventListener('click', () => { if (objNext) { objCursors[objPage + 1] = objNext; objPage++; refresh('objects'); } });
$('obj-prev').addEventListener('click', () => { if (objPage > 0) { objPage--; refresh('objects'); } });

loaders.objects = async () => {
  const ep = $('obj-endpoint').value;
  const tbody = $('obj-table').tBodies[0];
  if (!ep) { tbody.replaceChildren(); $('obj-total').textContent = 'no vats'; return; }
  const q = new URLSearchParams({ endpoint: ep, limit: '100' });
  if (objCursors[objPage]) q.set('after', objCursors[objPage]);
  const r = await api('/api/objects?' + q);
  objNext = r.next ?? null;
  tbody.replaceChildren(...r.entries.map((e) => el('tr', { 'data-kref': e.kref },
    el('td', {}, e.kref), el('td', {}, e.eref), el('td', {}, e.kind), el('td', {}, e.direction),
    el('td', {}, e.reachable ? 'yes' : 'no'),
    el('td', {}, e.kind === 'promise' ? `${e.state || '?'}${e.decider ? ' (decider ' + e.decider + ')' : ''}` : (e.owner ? 'owner ' + e.owner : '')))));
  const first = objPage * 100;
  $('obj-total').textContent = r.total ? `${first + 1}–${first + r.entries.length} of ${r.total}` : 'empty c-list';
  $('obj-prev').disabled = objPage === 0;
  $('obj-next').disabled = !objNext;
};

// ---- graph ----

loaders.graph = async () => {
  const g = await api('/api/graph');
  const root = $('graph');
  root.replaceChildren();
  const W = 800, H = 560, cx = W / 2, cy = H / 2 - 10;
  const n = g.nodes.length;
  const R = n <= 1 ? 0 : Math.min(230, 60 + n * 18);
  const pos = {};
  g.nodes.forEach((node, i) => {
    const a = (2 * Math.PI * i) / Math.max(n, 1) - Math.PI / 2;
    pos[node.id] = [cx + R * Math.cos(a), cy + R * Math.sin(a)];
  });
  const defs = svg('defs');
  const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '10', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' });
  marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#8a93a6' }));
  defs.append(marker);
  root.append(defs);
  const r0 = 30;
  for (const e of g.edges) {
    const [x1, y1] = pos[e.from], [x2, y2] = pos[e.to];
    const dx = x2 - x1, dy = y2 - y1, d = Math.hypot(dx, dy) || 1;
    // bend each edge a little so that a->b and b->a do not overlap
    const mx = (x1 + x2) / 2 - (dy / d) * 18, my = (y1 + y2) / 2 + (dx / d) * 18;
    const sx = x1 + (dx / d) * r0, sy = y1 + (dy / d) * r0, ex = x2 - (dx / d) * (r0 + 2), ey = y2 - (dy / d) * (r0 + 2);
    const grp = svg('g', { class: 'edge-g', 'data-from': e.from, 'data-to': e.to });
    grp.append(svg('path', { class: 'edge', d: `M${sx},${sy} Q${mx},${my} ${ex},${ey}`, 'marker-end': 'url(#arrow)' }));
    grp.append(svg('text', { class: 'count', x: mx, y: my, 'text-anchor': 'middle' }, String(e.count)));
    root.append(grp);
  }
  for (const node of g.nodes) {
    const [x, y] = pos[node.id];
    const grp = svg('g', { class: 'node ' + node.kind, 'data-node': node.id });
    grp.append(svg('circle', { cx: x, cy: y, r: r0 }));
    grp.append(svg('text', { x, y: y - 2, 'text-anchor': 'middle' }, node.id));
    if (node.name) grp.append(svg('text', { x, y: y + 11, 'text-anchor': 'middle', class: 'count' }, node.name));
    const ps = Object.entries(node.promises || {});
    let px = x - 8 * ps.length;
    for (const [state, count] of ps) {
      grp.append(svg('text', { x: px + 8, y: y + r0 + 13, 'text-anchor': 'middle', class: 'p-' + state }, `${count}${state[0]}`));
      px += 16;
    }
    grp.append(svg('title', {}, `${node.id}${node.name ? ' ' + node.name : ''}: ${node.exports} exported, ${node.imports} imported; promises decided: ${ps.map(([s, c]) => c + ' ' + s).join(', ') || 'none'}`));
    root.append(grp);
  }
  const notes = [];
  if (g.hiddenNodes) notes.push(`${g.hiddenNodes} quieter endpoints not drawn`);
  if (g.truncated) notes.push('the kernel has more c-list entries than were read');
  $('graph-info').textContent = `${n} nodes, ${g.edges.length} edges. Promise states: u unresolved, f fulfilled, r rejected. ${notes.join('; ')}`;
};

// ---- remote ----

$('url-issue').addEventListener('click', () => act('url-out', async () => {
  const r = await call('issueOcapURL', { kref: $('url-kref').value.trim() });
  $('url-redeem-in').value = r.result;
  return r.result;
}));
$('url-redeem').addEventListener('click', () => act('redeem-out', async () => {
  const r = await call('redeemOcapURL', { url: $('url-redeem-in').value.trim() });
  return 'kref: ' + r.result;
}));
$('remote-init').addEventListener('click', () => act('remote-out', async () => {
  const relays = $('remote-relays').value.split('\n').map((s) => s.trim()).filter(Boolean);
  await call('initRemoteComms', { relays });
  afterAction();
  return 'remote comms started';
}));

// ---- database ----

let dbRows = [];
let dbPage = 0;
let dbTable = null; // {name, offset, total} when browsing a table
const DB_PAGE = 50;

async function loadTables() {
  try {
    const r = await api('/api/tables');
    $('db-tables').replaceChildren(el('span', { class: 'muted' }, 'Tables:'),
      ...r.tables.map((t) => el('button', { 'data-table': t, onclick: () => browseTable(t, 0) }, t)));
  } catch (e) { showError(e.message); }
}

async function browseTable(name, offset) {
  try {
    const r = await api('/api/table?' + new URLSearchParams({ name, offset: String(offset), limit: String(DB_PAGE) }));
    dbTable = { name, offset, total: r.total };
    renderRows(r.rows, `${name}: rows ${r.total ? offset + 1 : 0}–${offset + r.rows.length} of ${r.total}`);
  } catch (e) { $('db-info').textContent = 'Error: ' + e.message; $('db-info').className = 'error'; }
}

$('db-run').addEventListener('click', async () => {
  dbTable = null;
  try {
    const r = await call('executeDBQuery', { sql: $('db-sql').value });
    dbRows = r.result || [];
    dbPage = 0;
    renderQueryPage();
  } catch (e) {
    $('db-out').tHead.replaceChildren();
    $('db-out').tBodies[0].replaceChildren();
    $('db-info').textContent = 'Error: ' + e.message;
    $('db-info').className = 'error';
  }
});
$('db-next').addEventListener('click', () => {
  if (dbTable) { if (dbTable.offset + DB_PAGE < dbTable.total) browseTable(dbTable.name, dbTable.offset + DB_PAGE); return; }
  if ((dbPage + 1) * DB_PAGE < dbRows.length) { dbPage++; renderQueryPage(); }
});
$('db-prev').addEventListener('click', () => {
  if (dbTable) { if (dbTable.offset > 0) browseTable(dbTable.name, Math.max(0, dbTable.offset - DB_PAGE)); return; }
  if (dbPage > 0) { dbPage--; renderQueryPage(); }
});

function renderQueryPage() {
  const from = dbPage * DB_PAGE;
  const rows = dbRows.slice(from, from + DB_PAGE);
  renderRows(rows, `${dbRows.length} rows${dbRows.length > DB_PAGE ? `, showing ${from + 1}–${from + rows.length}` : ''}`);
}

function renderRows(rows, info) {
  const cols = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  $('db-out').tHead.replaceChildren(el('tr', {}, ...cols.map((c) => el('th', {}, c))));
  $('db-out').tBodies[0].replaceChildren(...rows.map((r) => el('tr', {}, ...cols.map((c) => {
    const v = r[c];
    return el('td', {}, v === null || v === undefined ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  }))));
  $('db-info').textContent = info;
  $('db-info').className = 'muted';
}

// ---- log ----

const LOG_KEEP = 2000, LOG_SHOW = 400;
const logs = [];
let logDropped = 0;

function addLog(rec) {
  if (rec.dropped !== undefined && rec.msg === undefined) { logDropped += rec.dropped; return; }
  logs.push(rec);
  if (logs.length > LOG_KEEP) logs.splice(0, logs.length - LOG_KEEP);
}

let logTimer = null;
function scheduleLog() {
  if (view !== 'log' || logTimer) return;
  logTimer = setTimeout(() => { logTimer = null; renderLog(); }, 150);
}

function renderLog() {
  const vat = $('log-vat').value, text = $('log-text').value.toLowerCase();
  const list = $('log-list');
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
  const shown = logs.filter((r) => (!vat || r.vatId === vat) && (!text || JSON.stringify(r).toLowerCase().includes(text))).slice(-LOG_SHOW);
  list.replaceChildren(...shown.map((r) => {
    const attrs = r.attrs && Object.keys(r.attrs).length ? ' ' + Object.entries(r.attrs).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ') : '';
    return el('div', { class: r.level || '' }, `${(r.time || '').replace('T', ' ').replace('Z', '')} ${r.level || ''} ${r.vatId ? '[' + r.vatId + '] ' : ''}${r.msg ?? ''}${attrs}`);
  }));
  if (atBottom) list.scrollTop = list.scrollHeight;
  $('log-info').textContent = `${shown.length} shown of ${logs.length}${logDropped ? `; ${logDropped} records missed` : ''}`;
}
$('log-vat').addEventListener('change', renderLog);
$('log-text').addEventListener('input', renderLog);

// ---- sparklines ----

const SPARK = 120;
const sparkCranks = [], sparkQueue = [];
let lastCranks = null;

function addStats(st) {
  if (!st) return;
  if (lastCranks !== null && st.cranks >= lastCranks) sparkCranks.push(st.cranks - lastCranks);
  else if (lastCranks !== null) sparkCranks.push(0); // the daemon restarted
  lastCranks = st.cranks;
  sparkQueue.push(st.queueLength ?? 0);
  for (const a of [sparkCranks, sparkQueue]) if (a.length > SPARK) a.splice(0, a.length - SPARK);
}

function drawSpark(id, data) {
  const s = $(id);
  const max = Math.max(1, ...data);
  const pts = data.map((v, i) => `${(i * 240) / Math.max(data.length - 1, 1)},${38 - (v / max) * 36}`).join(' ');
  s.replaceChildren(svg('polyline', { points: pts }));
  $(id + '-last').textContent = data.length ? `last ${data[data.length - 1]}, max ${max}` : 'no data yet';
}

function renderSparks() { drawSpark('spark-cranks', sparkCranks); drawSpark('spark-queue', sparkQueue); }

// ---- live events ----

const connText = {
  live: 'Live',
  connecting: 'Reconnecting to the daemon…',
  unsupported: 'Connected (no live events)',
};

function setConn(st) {
  const c = $('conn');
  c.className = st.state;
  c.textContent = connText[st.state] ?? st.state;
  c.title = st.error || '';
  c.dataset.state = st.state;
}

function connect() {
  const es = new EventSource('/api/events');
  es.addEventListener('hello', (m) => {
    const h = JSON.parse(m.data);
    setConn(h.state);
    logs.length = 0;
    for (const r of h.logs || []) addLog(r);
    sparkCranks.length = sparkQueue.length = 0;
    lastCranks = null;
    for (const st of h.stats || []) addStats(st);
    renderSparks();
    refreshAll();
  });
  es.addEventListener('state', (m) => {
    const st = JSON.parse(m.data);
    setConn(st);
    if (st.state !== 'connecting') refreshAll();
  });
  es.addEventListener('kernel', (m) => {
    const ev = JSON.parse(m.data);
    const ch = new Set(ev.changed);
    if (ch.has('vats') || ch.has('subclusters') || ch.has('remote')) refresh('status');
    if (ch.has('objects') || ch.has('vats')) {
      if (view === 'objects') refresh('objects');
      if (view === 'graph') refresh('graph');
    }
    if (ev.stats) { addStats(ev.stats); renderSparks(); }
  });
  es.addEventListener('log', (m) => { addLog(JSON.parse(m.data)); scheduleLog(); });
  es.addEventListener('dropped', (m) => { logDropped += JSON.parse(m.data).dropped; scheduleLog(); });
  es.onerror = () => {
    const c = $('conn');
    c.className = 'offline';
    c.dataset.state = 'offline';
    // The browser retries a dropped stream by itself, but not a refused
    // one: a restarted panel has a new token.
    c.textContent = es.readyState === EventSource.CLOSED
      ? 'Panel stopped: open the URL that ocap daemon ui prints'
      : 'Panel server unreachable, retrying…';
  };
}

function refreshAll() {
  refresh('status');
  if (view === 'objects') refresh('objects');
  if (view === 'graph') refresh('graph');
}

for (const b of document.querySelectorAll('#nav button')) b.addEventListener('click', () => showView(b.dataset.view));
window.addEventListener('hashchange', () => showView(location.hash.slice(1)));
showView(location.hash.slice(1) || 'vats');
renderSparks();
connect();
