// The check page in headless Chromium, served from 127.0.0.1: paste a draft, get the
// verdict and the HTML report in a frame; nothing leaves the page; its CSP holds.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { chromium } = require('playwright-core');
const S = require('./support.js');

let server, browser, page, requests;
const problems = [];

before(async () => {
  S.built('check');
  server = await S.serve();
  browser = await chromium.launch({ executablePath: S.CHROMIUM, headless: true, args: S.FLAGS });
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  requests = S.recordRequests(context);
  page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${server.origin}/check/`);
  await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready', null, { timeout: 30000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Pastes `text` and waits for its verdict. */
async function check(text) {
  await page.fill('#draft', text);
  await page.click('#check');
  await page.waitForFunction(() => document.getElementById('report').dataset.ready === '1');
  return page.locator('#verdict').getAttribute('data-verdict');
}

const report = () => page.frameLocator('#report');

test('a coercive draft: the verdict, and the HTML report with the threats marked in place', async () => {
  await page.evaluate(() => delete document.getElementById('report').dataset.ready);
  assert.equal(await check(S.COERCIVE), 'coercive');
  assert.match(await page.locator('#verdict').textContent(), /coercive · \d+\/100/);
  const marks = report().locator('.turns mark.hl.co');
  assert.ok((await marks.count()) >= 2);
  assert.match(await marks.first().textContent(), /fired|sign/i);
  // The tip of the report: what it is and a better way to say it.
  assert.match(await report().locator('.turns mark.hl.co .tip').first().textContent(), /Try:/);
  const ms = Number(await page.locator('#status').getAttribute('data-ms'));
  assert.ok(ms > 0);
  console.log(`# check page: engine ready in ${await page.evaluate(() => document.documentElement.dataset.loadMs)} ms, a short draft analysed in ${ms} ms`);
});

test('a fair draft: nothing coercive marked', async () => {
  await page.evaluate(() => delete document.getElementById('report').dataset.ready);
  assert.notEqual(await check(S.FAIR), 'coercive');
  assert.equal(await report().locator('.turns mark.hl.co').count(), 0);
});

test('hostile text is shown as text: no script runs in the page or the report', async () => {
  await page.evaluate(() => delete document.getElementById('report').dataset.ready);
  await check('<script>document.title="pwned"</script><img src=x onerror="document.title=\'pwned\'"> Take it or leave it.');
  assert.notEqual(await page.title(), 'pwned');
  assert.match(await report().locator('.turns').textContent(), /<script>document.title/);
});

test('the page keeps to itself: no request but its own files, no error, no CSP violation', () => {
  assert.deepEqual(S.strays(requests, server.origin), []);
  assert.deepEqual(server.log.filter((u) => !['/check/', '/check/goodfaith.wasm', '/favicon.ico'].includes(u)), []);
  assert.deepEqual(problems, []);
});
