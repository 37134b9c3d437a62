// The FinOps dashboard: reads /v1/usage/teams and /v1/usage with a finops or admin key and draws
// them. The key lives in sessionStorage (this tab only) and travels as the x-api-key header, never
// in an address. No inline script, no third-party origin: the page runs under a strict CSP.
'use strict';

(() => {
  const KEY_STORE = 'llmgw.dashboard.key';
  // Okabe-Ito: distinguishable with the common colour-vision deficiencies.
  const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];
  // The API's base: the page is served at <base>/dashboard (a stage prefix, if any, is kept).
  const BASE = location.pathname.replace(/\/dashboard\/?$/, '');

  const $ = (id) => document.getElementById(id);
  // A browser that blocks storage still works: the key then lives in memory until the tab reloads.
  const store = {
    get: () => { try { return sessionStorage.getItem(KEY_STORE); } catch (e) { return null; } },
    set: (v) => { try { sessionStorage.setItem(KEY_STORE, v); } catch (e) { /* memory only */ } },
    clear: () => { try { sessionStorage.removeItem(KEY_STORE); } catch (e) { /* memory only */ } },
  };
  let key = store.get();
  let charts = [];
  let lastQuery = '';
  let last = null; // the last report and per-team answers, to redraw without fetching

  // ---- exact decimals (money arrives as strings; never through a float for the figures) ----
  /** Rounds a decimal string half-up to `places` decimals, as a string with exactly that many. */
  function roundDecimal(text, places) {
    let s = String(text).trim();
    const negative = s.startsWith('-');
    if (negative) s = s.slice(1);
    const [whole, frac = ''] = s.split('.');
    const digits = BigInt((whole || '0') + frac.padEnd(places + 1, '0').slice(0, places + 1));
    const rounded = (digits + 5n) / 10n;
    let out = rounded.toString().padStart(places + 1, '0');
    out = places === 0 ? out : out.slice(0, -places) + '.' + out.slice(-places);
    return (negative && rounded !== 0n ? '-' : '') + out;
  }

  function withGrouping(decimalText) {
    const [whole, frac] = decimalText.split('.');
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return frac === undefined ? grouped : grouped + '.' + frac;
  }

  /** Money for the eye: cents from a dollar up; below that, enough digits to see a small spend. */
  function money(text) {
    const abs = String(text).replace('-', '');
    const places = Number(abs.split('.')[0]) >= 1 ? 2 : 6;
    let shown = roundDecimal(text, places);
    if (places === 6) shown = shown.replace(/(\.\d{2}\d*?)0+$/, '$1');
    return '$' + withGrouping(shown);
  }

  function count(n) {
    return Number(n).toLocaleString('en-US');
  }

  /** Sets a cell's text and keeps the exact figure in data-value (and a tooltip for money). */
  function figure(el, value, isMoney) {
    el.textContent = isMoney ? money(value) : count(value);
    el.dataset.value = String(value);
    if (isMoney) el.title = '$' + value + ' exactly';
  }

  function el(tag, attrs = {}, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k.startsWith('data-')) e.setAttribute(k, v);
      else if (k === 'class') e.className = v;
      else e[k] = v;
    }
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // ---- the API ----
  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function api(path, asText) {
    let res;
    try {
      res = await fetch(BASE + path, {headers: {'x-api-key': key, accept: asText ? 'text/csv' : 'application/json'},
        cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer'});
    } catch (e) {
      throw new ApiError(0, 'The gateway could not be reached. Check the network and try again.');
    }
    if (!res.ok) {
      let message = '';
      try {
        message = (await res.json()).error.message || '';
      } catch (e) { /* not the gateway's JSON error */ }
      throw new ApiError(res.status, message);
    }
    return asText ? {text: await res.text(), disposition: res.headers.get('content-disposition') || ''} : res.json();
  }

  function signInMessage(e) {
    if (e.status === 401) return 'That key was not accepted (401). Check that it is the whole key, not revoked or expired.';
    if (e.status === 403) return 'That key works but has no finops or admin scope (403); the dashboard needs one of them.';
    if (e.status === 429) return 'Too many requests right now (429). Wait a moment and sign in again.';
    return 'Sign-in failed' + (e.status ? ' (' + e.status + ')' : '') + ': ' + (e.message || 'unexpected answer') + '.';
  }

  // ---- the period ----
  function utcToday() {
    return new Date().toISOString().slice(0, 10);
  }

  function periodQuery() {
    const choice = $('period').value;
    if (choice === 'month') return 'month=' + utcToday().slice(0, 7);
    if (choice === 'prev-month') {
      const d = new Date();
      const prev = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1));
      return 'month=' + prev.toISOString().slice(0, 7);
    }
    if (choice === 'custom') {
      const from = $('from').value;
      const to = $('to').value || utcToday();
      return from ? 'from=' + from + '&to=' + to : null;
    }
    return 'days=' + choice;
  }

  // ---- loading and drawing ----
  async function load() {
    const q = periodQuery();
    if (q === null) {
      $('status').textContent = 'Choose a start date.';
      return;
    }
    lastQuery = q;
    $('status').textContent = 'Loading…';
    const report = await api('/v1/usage/teams?' + q);
    const p = report.period;
    // One call per team for its budget and days, over the same dates as the report.
    const perTeam = await Promise.all(report.teams.map((t) =>
      api('/v1/usage?team_id=' + encodeURIComponent(t.team_id) + '&from=' + p.start + '&to=' + p.end)));
    last = {report, perTeam};
    render(report, perTeam);
    $('status').textContent = 'Updated ' + new Date().toLocaleTimeString() + ' for ' + p.start + ' to ' + p.end + '.';
    document.body.dataset.loaded = q;
  }

  function render(report, perTeam) {
    const p = report.period;
    $('period-label').textContent = p.month ? p.month : p.start + ' to ' + p.end;
    const t = report.totals;
    figure($('total-cost'), t.cost_usd, true);
    figure($('total-requests'), t.requests);
    figure($('total-tokens'), t.total_tokens);
    figure($('total-cache-hits'), t.cache_hits);
    figure($('total-saved'), t.cost_saved_usd, true);
    figure($('total-errors'), t.errors);
    figure($('total-throttles'), t.throttles ?? 0);

    const budgets = $('budgets').tBodies[0];
    budgets.replaceChildren();
    perTeam.forEach((u) => {
      const tr = el('tr', {'data-team': u.team_id});
      tr.append(el('th', {scope: 'row'}, u.team_name ? u.team_name + ' (' + u.team_id + ')' : u.team_id));
      tr.append(el('td', {}, u.cost_center || '—'));
      const b = u.budget;
      if (!b) {
        tr.append(el('td', {class: 'num', 'data-field': 'spent_usd'}, '—'), el('td', {class: 'num', 'data-field': 'monthly_budget_usd'}, 'no budget'),
          el('td', {class: 'num'}, '—'), el('td', {}, ''));
      } else {
        for (const f of ['spent_usd', 'monthly_budget_usd', 'remaining_usd']) {
          const td = el('td', {class: 'num', 'data-field': f});
          figure(td, b[f], true);
          tr.append(td);
        }
        const used = Number(b.monthly_budget_usd) > 0 ? Number(b.spent_usd) / Number(b.monthly_budget_usd) : 0;
        const pct = (used * 100).toFixed(used < 0.1 ? 2 : 1) + '%';
        const meter = el('meter', {min: 0, max: 1, low: 0.75, high: 0.9, optimum: 0, value: Math.min(used, 1)});
        meter.setAttribute('aria-label', 'Budget used by ' + u.team_id + ': ' + pct);
        const td = el('td', {'data-field': 'used'});
        td.append(meter, el('span', {class: 'pct' + (used >= 0.9 ? ' over' : '')}, pct));
        tr.append(td);
      }
      budgets.append(tr);
    });

    const teams = $('teams').tBodies[0];
    teams.replaceChildren();
    const models = $('models').tBodies[0];
    models.replaceChildren();
    report.teams.forEach((r) => {
      const tr = el('tr', {'data-team': r.team_id});
      tr.append(el('th', {scope: 'row'}, r.team_name ? r.team_name + ' (' + r.team_id + ')' : r.team_id));
      for (const [f, isMoney] of [['cost_usd', true], ['requests'], ['total_tokens'], ['cache_hits'],
        ['cost_saved_usd', true], ['errors'], ['throttles']]) {
        const td = el('td', {class: 'num', 'data-field': f});
        figure(td, r[f] ?? 0, isMoney);
        tr.append(td);
      }
      teams.append(tr);
      r.by_model.forEach((m) => {
        const mr = el('tr', {'data-team': r.team_id, 'data-model': m.model});
        mr.append(el('td', {}, r.team_id), el('td', {}, m.model));
        for (const [f, isMoney] of [['cost_usd', true], ['requests'], ['input_tokens'], ['output_tokens'], ['cache_hits']]) {
          const td = el('td', {class: 'num', 'data-field': f});
          figure(td, m[f], isMoney);
          mr.append(td);
        }
        models.append(mr);
      });
    });
    drawCharts(report, perTeam);
  }

  function drawCharts(report, perTeam) {
    charts.forEach((c) => c.destroy());
    charts = [];
    if (typeof Chart === 'undefined') return; // the figures above stand without the charts
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.color = '#1b1f24';
    Chart.defaults.animation = false;
    const colour = (i) => PALETTE[i % PALETTE.length];
    const dash = (i) => (i < PALETTE.length ? [] : [6, 3]); // a second round of colours is dashed
    const usd = (v) => '$' + Number(v).toPrecision(3);

    const days = perTeam.length ? perTeam[0].by_day.map((d) => d.date) : [];
    charts.push(new Chart($('daily-chart'), {
      type: 'line',
      data: {
        labels: days,
        datasets: perTeam.map((u, i) => ({
          label: u.team_id, data: u.by_day.map((d) => Number(d.cost_usd)),
          borderColor: colour(i), backgroundColor: colour(i), borderDash: dash(i), pointRadius: 2, tension: 0.2,
        })),
      },
      options: {maintainAspectRatio: false, interaction: {mode: 'index', intersect: false},
        scales: {y: {beginAtZero: true, ticks: {callback: usd}}},
        plugins: {tooltip: {callbacks: {label: (c) => c.dataset.label + ': $' + perTeam[c.datasetIndex].by_day[c.dataIndex].cost_usd}}}},
    }));
    $('daily-chart').setAttribute('aria-label', 'Cost per day for ' + perTeam.length + ' teams; the figures are in the tables below.');

    const modelNames = [...new Set(report.teams.flatMap((r) => r.by_model.map((m) => m.model)))].sort();
    const stacked = $('stack').checked;
    const datasets = stacked
      ? report.teams.map((r, i) => ({label: r.team_id, backgroundColor: colour(i),
        data: modelNames.map((n) => Number((r.by_model.find((m) => m.model === n) || {cost_usd: '0'}).cost_usd))}))
      : [{label: 'All teams', backgroundColor: colour(0),
        data: modelNames.map((n) => report.teams.reduce((s, r) =>
          s + Number((r.by_model.find((m) => m.model === n) || {cost_usd: '0'}).cost_usd), 0))}];
    charts.push(new Chart($('models-chart'), {
      type: 'bar',
      data: {labels: modelNames, datasets},
      options: {maintainAspectRatio: false, indexAxis: 'y',
        scales: {x: {stacked, beginAtZero: true, ticks: {callback: usd}}, y: {stacked}},
        plugins: {legend: {display: stacked}}},
    }));
    $('models-chart').setAttribute('aria-label', 'Cost by model' + (stacked ? ', stacked per team' : '')
      + '; the figures are in the table "By team and model".');
  }

  // ---- downloads ----
  async function download(format) {
    try {
      const {text, disposition} = await api('/v1/usage/teams?' + lastQuery + '&format=' + format, true);
      const name = (/filename="([^"]+)"/.exec(disposition) || [])[1] || 'usage-' + format + '.csv';
      const url = URL.createObjectURL(new Blob([text], {type: 'text/csv'}));
      const a = el('a', {href: url, download: name});
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      $('status').textContent = 'Downloaded ' + name + '.';
    } catch (e) {
      failed(e);
    }
  }

  // ---- session ----
  function failed(e) {
    if (e.status === 401 || e.status === 403) {
      signOut(signInMessage(e));
    } else {
      $('status').textContent = 'Could not load the figures: ' + (e.message || 'error ' + e.status) + '.';
    }
  }

  function showSignedIn() {
    $('login').hidden = true;
    $('main').hidden = false;
    $('session').hidden = false;
    $('signed-in').textContent = 'Signed in with key …' + key.slice(-4);
  }

  function signOut(message) {
    key = null;
    store.clear();
    charts.forEach((c) => c.destroy());
    charts = [];
    $('main').hidden = true;
    $('session').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = message || '';
    $('key').value = '';
    $('key').focus();
    delete document.body.dataset.loaded;
  }

  async function signIn(event) {
    event.preventDefault();
    const candidate = $('key').value.trim();
    if (!candidate) return;
    key = candidate;
    $('login-error').textContent = '';
    $('sign-in').disabled = true;
    try {
      showSignedIn();
      await load();
      store.set(key);
      $('key').value = '';
      $('main').focus();
    } catch (e) {
      signOut(signInMessage(e));
    } finally {
      $('sign-in').disabled = false;
    }
  }

  function reload() {
    load().catch(failed);
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('login-form').addEventListener('submit', signIn);
    $('sign-out').addEventListener('click', () => signOut(''));
    $('period').addEventListener('change', () => {
      const custom = $('period').value === 'custom';
      $('custom-range').hidden = !custom;
      if (custom) {
        if (!$('to').value) $('to').value = utcToday();
        $('from').focus();
      } else {
        reload();
      }
    });
    $('apply-range').addEventListener('click', reload);
    $('stack').addEventListener('change', () => last && drawCharts(last.report, last.perTeam));
    $('download-csv').addEventListener('click', () => download('csv'));
    $('download-focus').addEventListener('click', () => download('focus'));
    if (key) {
      showSignedIn();
      load().catch(failed);
    } else {
      $('key').focus();
    }
  });
})();
