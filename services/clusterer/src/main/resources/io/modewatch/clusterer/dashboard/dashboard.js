'use strict';
// The clusterer's dashboard: reads the query API of the instance that serves it (which forwards to
// the instance owning a scope) and draws every scope's shares, maps, alerts and components. No
// library and no request anywhere else, so it works where the services run without internet.
// Page parameters: ?scope=NAME (default: the first scope), ?refresh=SECONDS (default 5, at least 1).

const SVG = 'http://www.w3.org/2000/svg';
const PAGE_LIMIT = 1000;
const MAX_PAGES = 200;
const params = new URLSearchParams(location.search);
const refreshSeconds = Math.max(1, Number(params.get('refresh')) || 5);
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22',
  '#17becf', '#aec7e8', '#ffbb78', '#98df8a', '#c5b0d5', '#c49c94', '#f7b6d2', '#dbdb8d', '#9edae5',
  '#393b79', '#637939', '#8c6d31'];

// A token given as #token=... stays in this tab only and never travels in a URL.
let token = sessionStorage.getItem('modewatch-token') || '';
if (location.hash.startsWith('#token=')) {
  token = decodeURIComponent(location.hash.slice('#token='.length));
  sessionStorage.setItem('modewatch-token', token);
  history.replaceState(null, '', location.pathname + location.search);
}

class NeedsToken extends Error {}

function colour(id) {
  return PALETTE[((id % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c !== undefined && c !== null) e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function percent(share) {
  return (100 * share).toFixed(share < 0.01 ? 2 : 1) + '%';
}

async function api(path) {
  const r = await fetch(path, { headers: token ? { Authorization: 'Bearer ' + token } : {} });
  if (r.status === 401) throw new NeedsToken();
  let body;
  try {
    body = await r.json();
  } catch (e) {
    throw new Error(path + ' answered ' + r.status + ' with a body that is not JSON');
  }
  if (!r.ok) throw new Error(path + ' answered ' + r.status + ': ' + (body && body.error ? body.error : r.statusText));
  const link = r.headers.get('Link');
  const next = link && /<([^>]+)>;\s*rel="next"/.exec(link);
  return { body, next: next ? next[1] : null };
}

/** Every element of a paged list, following its Link headers. */
async function whole(path) {
  let out = [];
  let next = path + (path.includes('?') ? '&' : '?') + 'limit=' + PAGE_LIMIT;
  for (let pages = 0; next && pages < MAX_PAGES; pages++) {
    const page = await api(next);
    out = out.concat(page.body);
    next = page.next;
  }
  return out;
}

async function clusters(scope) {
  let next = '/scopes/' + encodeURIComponent(scope) + '/clusters?limit=' + PAGE_LIMIT;
  let result = null;
  for (let pages = 0; next && pages < MAX_PAGES; pages++) {
    const page = await api(next);
    if (result) result.clusters = result.clusters.concat(page.body.clusters);
    else result = page.body;
    next = page.next;
  }
  return result;
}

function show(state, message, isError) {
  document.body.dataset.state = state;
  const m = document.getElementById('message');
  m.hidden = !message;
  m.textContent = message || '';
  m.className = isError ? 'error' : '';
  document.getElementById('token-form').hidden = state !== 'token';
  document.getElementById('scope').hidden = state !== 'ready';
}

function drawNav(scopes, current) {
  const nav = document.getElementById('scopes');
  nav.replaceChildren(...scopes.map(s => {
    const q = new URLSearchParams(location.search);
    q.set('scope', s);
    return el('a', { href: '?' + q.toString(), class: s === current ? 'current' : null }, s);
  }));
}

function drawShares(drift, alerts) {
  const plot = document.getElementById('shares');
  plot.replaceChildren();
  const W = 1000, H = 260, left = 48, right = 12, top = 18, bottom = 28;
  // Windows of the bootstrap carry no shares yet: they are plotted as empty, so the time axis is true.
  const events = drift.map(d => ({ t: Date.parse(d.window_end), shares: d.shares || [] }))
    .sort((a, b) => a.t - b.t);
  const ids = [];
  const seen = new Set();
  for (const e of events) {
    for (const s of e.shares) {
      if (!seen.has(s.component_id)) {
        seen.add(s.component_id);
        ids.push(s.component_id);
      }
    }
  }
  plot.dataset.points = String(events.length);
  plot.dataset.series = String(ids.length);
  const note = document.getElementById('shares-note');
  if (events.length < 2) {
    plot.append(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'empty' },
      'not enough drift events yet (' + events.length + ')'));
    note.textContent = '';
    return;
  }
  const t0 = events[0].t, t1 = events[events.length - 1].t;
  const byTime = t1 > t0;
  const x = (e, i) => left + (W - left - right) * (byTime ? (e.t - t0) / (t1 - t0) : i / (events.length - 1));
  const y = v => top + (H - top - bottom) * (1 - v);
  const axis = svg('g', { class: 'axis' });
  axis.append(svg('line', { x1: left, y1: y(0), x2: W - right, y2: y(0) }));
  axis.append(svg('line', { x1: left, y1: y(0), x2: left, y2: y(1) }));
  for (const v of [0, 0.5, 1]) {
    axis.append(svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, (100 * v) + '%'));
  }
  const label = t => new Date(t).toISOString().slice(11, 19);
  axis.append(svg('text', { x: left, y: H - 8 }, byTime ? label(t0) : 'event 1'));
  axis.append(svg('text', { x: W - right, y: H - 8, 'text-anchor': 'end' }, byTime ? label(t1) + ' UTC' : 'event ' + events.length));
  // Stack in order of first appearance, so older components stay at the bottom.
  const base = events.map(() => 0);
  const areas = svg('g', { class: 'areas' });
  for (const id of ids) {
    const lower = base.slice();
    events.forEach((e, i) => {
      const s = e.shares.find(c => c.component_id === id);
      base[i] += s ? s.share : 0;
    });
    let d = '';
    events.forEach((e, i) => { d += (i ? 'L' : 'M') + x(e, i).toFixed(1) + ',' + y(Math.min(base[i], 1)).toFixed(1); });
    for (let i = events.length - 1; i >= 0; i--) d += 'L' + x(events[i], i).toFixed(1) + ',' + y(Math.min(lower[i], 1)).toFixed(1);
    const path = svg('path', { d: d + 'Z', fill: colour(id), 'fill-opacity': 0.85, class: 'share-area', 'data-component': id });
    path.append(svg('title', {}, 'component ' + id));
    areas.append(path);
  }
  plot.append(areas, axis);
  let outside = 0;
  const markers = svg('g', { class: 'alerts' });
  for (const a of alerts) {
    const t = Date.parse(a.detected_at);
    if (!byTime || t < t0 || t > t1) {
      outside++;
      continue;
    }
    const mx = x({ t }, 0);
    const g = svg('g', { class: 'alert-marker', 'data-alert-id': a.alert_id });
    g.append(svg('line', { x1: mx, y1: top - 4, x2: mx, y2: y(0) }));
    g.append(svg('text', { x: mx + 3, y: top + 6 }, a.novelty_kind));
    g.append(svg('title', {}, a.novelty_kind + ' alert ' + a.alert_id + ' at ' + a.detected_at));
    markers.append(g);
  }
  plot.append(markers);
  const bootstrap = events.filter(e => e.shares.length === 0).length;
  note.textContent = events.length + ' drift events, ' + ids.length + ' components'
    + (bootstrap ? '; ' + bootstrap + ' window(s) before the scope bootstrapped (no shares yet)' : '')
    + (outside ? '; ' + outside + ' alert(s) outside the plotted time range (listed below)' : '');
}

function drawMap(id, comps, key, alerted) {
  const map = document.getElementById(id);
  map.replaceChildren();
  const W = 480, H = 320, pad = 28;
  comps = comps.filter(c => Array.isArray(c[key]));
  if (!comps.length) {
    map.append(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'no map: too many components to place'));
    return;
  }
  const xs = comps.map(c => c[key][0]), ys = comps.map(c => c[key][1]);
  const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 1e-12);
  const cx = (Math.max(...xs) + Math.min(...xs)) / 2, cy = (Math.max(...ys) + Math.min(...ys)) / 2;
  const scale = Math.min(W, H) / 2 - pad;
  // Larger components first, so small ones stay visible on top.
  const order = comps.slice().sort((a, b) => b.share - a.share);
  order.forEach((c, rank) => {
    const px = W / 2 + scale * 2 * (c[key][0] - cx) / span;
    const py = H / 2 - scale * 2 * (c[key][1] - cy) / span;
    const r = 4 + 26 * Math.sqrt(c.share);
    const kind = alerted.get(c.id);
    const dot = svg('circle', { cx: px.toFixed(1), cy: py.toFixed(1), r: r.toFixed(1), fill: colour(c.id), 'fill-opacity': 0.75,
      class: 'component' + (kind ? ' alerted' : ''), 'data-component': c.id });
    dot.append(svg('title', {}, 'component ' + c.id + ': ' + percent(c.share) + (kind ? ', ' + kind + ' alert' : '')));
    map.append(dot);
    if (rank < 12 || kind) map.append(svg('text', { x: (px + r + 2).toFixed(1), y: (py + 4).toFixed(1) }, String(c.id)));
  });
}

function drawAlerts(alerts) {
  const body = document.querySelector('#alerts tbody');
  body.replaceChildren();
  for (const a of alerts.slice().reverse()) {
    const ex = a.exemplars && a.exemplars.length ? (a.exemplars[0].text || a.exemplars[0].continuation_id) : '';
    body.append(el('tr', { class: 'alert', 'data-alert-id': a.alert_id },
      el('td', {}, a.detected_at), el('td', { class: 'kind' }, a.novelty_kind), el('td', {}, percent(a.share)),
      el('td', {}, a.count), el('td', {}, (a.component_ids || [a.component_id]).join(', ')),
      el('td', {}, ex), el('td', {}, a.alert_id.slice(0, 8))));
  }
  if (!alerts.length) body.append(el('tr', { class: 'none' }, el('td', { colspan: 7 }, 'no alert for this scope')));
}

function drawCards(comps, alerted) {
  const cards = document.getElementById('cards');
  cards.replaceChildren(...comps.map(c => {
    const kind = alerted.get(c.id);
    const units = (c.top_units || []).map(u => el('li', {}, (u.unit_label || '#' + u.unit_index) + ': ' + u.attribution.toFixed(3)));
    const exemplars = (c.exemplars || []).map(e => el('li', {}, e.text || e.continuation_id));
    const near = n => n ? 'component ' + n.id + ' at ' + n.distance.toFixed(3) : '-';
    const card = el('div', { class: 'card' + (kind ? ' alerted' : ''), 'data-component': c.id, style: '--colour:' + colour(c.id) },
      el('h3', {}, 'Component ' + c.id + ' · ' + percent(c.share), kind ? el('span', { class: 'badge' }, kind) : null),
      el('dl', {},
        el('dt', {}, 'continuations'), el('dd', {}, c.count),
        el('dt', {}, 'origin'), el('dd', {}, c.origin + ' at event ' + c.born_at_event),
        el('dt', {}, 'lineage'), el('dd', {}, c.lineage.concat([c.id]).join(' → ')),
        el('dt', {}, 'spread'), el('dd', {}, 'semantic ' + c.var_semantic.toFixed(3) + ', signature ' + c.var_signature.toFixed(3)),
        el('dt', {}, 'nearest'), el('dd', {}, 'semantic: ' + near(c.nearest_semantic) + '; mechanistic: ' + near(c.nearest_mechanistic)),
        el('dt', {}, 'validation'), el('dd', { class: 'validation' }, 'not validated yet')),
      el('div', {}, 'Exemplars'), el('ul', { class: 'exemplars' }, ...exemplars),
      el('div', {}, 'Top units'), el('ul', { class: 'units' }, ...units));
    return card;
  }));
}

async function refresh() {
  try {
    const scopes = await whole('/scopes');
    if (!scopes.length) {
      drawNav([], null);
      show('empty', 'No scope yet: the clusterer has not clustered any continuation. This page refreshes every '
        + refreshSeconds + ' s.');
      return;
    }
    const scope = params.get('scope') && scopes.includes(params.get('scope')) ? params.get('scope') : scopes[0];
    drawNav(scopes, scope);
    if (params.get('scope') && scope !== params.get('scope')) {
      show('error', 'Unknown scope \u2018' + params.get('scope') + '\u2019; the known ones are listed above.', true);
      return;
    }
    const path = '/scopes/' + encodeURIComponent(scope);
    const [state, alerts, drift] = await Promise.all([clusters(scope), whole(path + '/alerts'), whole(path + '/drift')]);
    const alerted = new Map();
    for (const a of alerts) {
      for (const id of a.component_ids && a.component_ids.length ? a.component_ids : [a.component_id]) alerted.set(id, a.novelty_kind);
    }
    drawShares(drift, alerts);
    drawMap('map-semantic', state.clusters, 'map_semantic', alerted);
    drawMap('map-signature', state.clusters, 'map_signature', alerted);
    drawAlerts(alerts);
    drawCards(state.clusters, alerted);
    document.getElementById('status').textContent = scope + ': ' + state.events + ' continuations, K = ' + state.k
      + (state.bootstrapped ? '' : ' (bootstrapping)') + ', ' + alerts.length + ' alert(s) · updated '
      + new Date().toISOString().slice(11, 19) + ' UTC';
    show('ready');
  } catch (e) {
    if (e instanceof NeedsToken) {
      show('token', token ? 'The token was refused.' : null, !!token);
      return;
    }
    show('error', 'The query API could not be read: ' + e.message + '. Retrying every ' + refreshSeconds + ' s.', true);
  } finally {
    if (document.body.dataset.state !== 'token') setTimeout(refresh, refreshSeconds * 1000);
  }
}

document.getElementById('token-form').addEventListener('submit', ev => {
  ev.preventDefault();
  token = document.getElementById('token').value.trim();
  sessionStorage.setItem('modewatch-token', token);
  refresh();
});

refresh();
