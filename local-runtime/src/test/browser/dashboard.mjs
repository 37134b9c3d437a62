// Drives the FinOps dashboard in headless Chromium (Debian's chromium, through puppeteer-core) the way
// a person would: a wrong key first, then the finops key typed after tabbing to the field, the figures
// read off the page, the controls tabbed through, a period change, both downloads by keyboard, and a
// screenshot. Prints one JSON line for DashboardE2ETest to compare with the API.
//   DASHBOARD_URL  http://127.0.0.1:PORT/dashboard
//   FINOPS_KEY     a finops key;  WRONG_KEY  a key the gateway does not know
//   DOWNLOAD_DIR   where the browser saves the downloads;  SCREENSHOT  the PNG to write
//   CHROMIUM       the browser (default /usr/bin/chromium)
import puppeteer from 'puppeteer-core';
import fs from 'node:fs';
import path from 'node:path';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(name + ' is not set');
  return v;
};
const url = env('DASHBOARD_URL');
const downloadDir = env('DOWNLOAD_DIR');
const out = {consoleErrors: [], pageErrors: [], cspViolations: [], requests: []};

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run', '--no-default-browser-check'],
});
try {
  const page = await browser.newPage();
  await page.setViewport({width: 1440, height: 900, deviceScaleFactor: 1});
  page.on('console', (m) => {
    if (m.type() === 'error') out.consoleErrors.push(m.text());
    if (/Content Security Policy/i.test(m.text())) out.cspViolations.push(m.text());
  });
  page.on('pageerror', (e) => out.pageErrors.push(String(e)));
  page.on('request', (r) => out.requests.push(r.url()));
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', {behavior: 'allow', downloadPath: downloadDir, eventsEnabled: true});
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI);
    });
  });

  const res = await page.goto(url, {waitUntil: 'networkidle0'});
  out.status = res.status();
  out.csp = res.headers()['content-security-policy'] || null;
  out.chartLoaded = await page.evaluate(() => typeof Chart === 'function' && Chart.version);

  // Keyboard only: Tab from the top of the page until the key field has the focus.
  const focused = () => page.evaluate(() => document.activeElement && (document.activeElement.id || document.activeElement.tagName));
  const tabTo = async (id, max = 15) => {
    const seen = [];
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      seen.push(f);
      if (f === id) return seen;
    }
    throw new Error('Tab never reached #' + id + '; focus went ' + seen.join(' > '));
  };
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  out.loginTabOrder = await tabTo('key');
  await page.keyboard.type(env('WRONG_KEY'));
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('login-error').textContent.length > 0, {timeout: 20000});
  out.wrongKey = {
    message: await page.$eval('#login-error', (e) => e.textContent),
    role: await page.$eval('#login-error', (e) => e.getAttribute('role')),
    mainHidden: await page.$eval('#main', (e) => e.hidden),
    focus: await focused(),
  };

  // The right key, typed into the field that has the focus again, and Enter.
  await page.keyboard.type(env('FINOPS_KEY'));
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.body.dataset.loaded, {timeout: 30000});
  out.loaded = await page.evaluate(() => document.body.dataset.loaded);
  out.urlAfterLogin = page.url();
  out.storage = await page.evaluate(() => ({session: Object.keys(sessionStorage), local: Object.keys(localStorage)}));

  const readFigures = () => page.evaluate(() => {
    const cells = (tr) => Object.fromEntries([...tr.querySelectorAll('[data-field]')].map((td) =>
      [td.dataset.field, {value: td.dataset.value ?? null, text: td.textContent.trim()}]));
    return {
      period: document.getElementById('period-label').textContent,
      totals: Object.fromEntries([...document.querySelectorAll('#totals dd')].map((dd) =>
        [dd.dataset.field, {value: dd.dataset.value, text: dd.textContent.trim()}])),
      teams: Object.fromEntries([...document.querySelectorAll('#teams tbody tr')].map((tr) => [tr.dataset.team, cells(tr)])),
      budgets: Object.fromEntries([...document.querySelectorAll('#budgets tbody tr')].map((tr) => [tr.dataset.team, cells(tr)])),
      models: [...document.querySelectorAll('#models tbody tr')].map((tr) => ({team: tr.dataset.team, model: tr.dataset.model, ...cells(tr)})),
      charts: [...document.querySelectorAll('canvas')].map((c) => ({id: c.id, width: c.width, height: c.height, label: c.getAttribute('aria-label')})),
    };
  });
  out.month = await readFigures();

  // Tab through the controls from the top of the page.
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  out.controlsTabOrder = await tabTo('download-focus', 25);

  // Both downloads by keyboard (Enter on the focused button).
  const waitForFile = async (suffix, before) => {
    for (let i = 0; i < 200; i++) {
      const files = fs.readdirSync(downloadDir).filter((f) => f.endsWith(suffix) && !before.includes(f));
      if (files.length) return files[0];
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('no download ending ' + suffix);
  };
  let before = fs.readdirSync(downloadDir);
  await page.focus('#download-csv');
  await page.keyboard.press('Enter');
  out.csvFile = path.join(downloadDir, await waitForFile('.csv', before));
  before = fs.readdirSync(downloadDir);
  await page.focus('#download-focus');
  await page.keyboard.press('Enter');
  out.focusFile = path.join(downloadDir, await waitForFile('-focus.csv', before));

  // Stacked per team, drawn from the figures already loaded.
  await page.focus('#stack');
  await page.keyboard.press('Space');
  out.stacked = await page.$eval('#stack', (e) => e.checked);

  await page.screenshot({path: env('SCREENSHOT'), fullPage: true});

  // Another period: the last 7 days.
  await page.select('#period', '7');
  await page.waitForFunction(() => document.body.dataset.loaded === 'days=7', {timeout: 30000});
  out.last7 = await readFigures();

  out.cspEvents = await page.evaluate(() => window.__csp || []);
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
