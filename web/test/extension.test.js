// The extension, loaded unpacked into headless Chromium, on a page of 127.0.0.1 that
// imitates a mail client's compose boxes (a contenteditable and a textarea) under a
// strict CSP.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const S = require('./support.js');

let server, context, page, requests, extensionDir, worker;

before(async () => {
  extensionDir = S.built('extension');
  server = await S.serve();
  context = await chromium.launchPersistentContext(S.profile(), {
    executablePath: S.CHROMIUM,
    headless: true,
    viewport: { width: 1000, height: 900 },
    args: [...S.FLAGS, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
  });
  requests = S.recordRequests(context);
  worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20000 }));
  page = await context.newPage();
  await page.goto(`${server.origin}/compose.html`);
});

after(async () => {
  await context?.close();
  await server?.close();
});

// Each compose box has its own badge and marks, named after the editor's id.
const badge = (editor) => page.locator(`goodfaith-marks .badge[data-editor=${editor}]`);
const words = (editor) => page.locator(`goodfaith-marks div[data-editor=${editor}] .words`);

/** Waits for the badge of `editor` to show a verdict for the draft as typed. */
async function verdict(editor) {
  await page.waitForFunction((editor) => {
    const b = document.querySelector('goodfaith-marks')?.shadowRoot?.querySelector(`.badge[data-editor=${editor}]`);
    return b && !b.hidden && b.dataset.verdict && !b.dataset.state;
  }, editor);
  return badge(editor).getAttribute('data-verdict');
}

/** The screen rectangle of `needle` in the rich editor. */
function wordsRect(needle) {
  return page.evaluate((needle) => {
    const body = document.getElementById('body');
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.data.replace(/\u00a0/g, ' ').indexOf(needle);
      if (at >= 0) {
        const r = document.createRange();
        r.setStart(n, at);
        r.setEnd(n, at + needle.length);
        const q = r.getBoundingClientRect();
        return { left: q.left, right: q.right, top: q.top, bottom: q.bottom };
      }
    }
    return null;
  }, needle);
}

test('the manifest asks for no permission, loads no remote code and allows no network', () => {
  const m = JSON.parse(fs.readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8'));
  assert.equal(m.manifest_version, 3);
  assert.deepEqual(m.permissions, []);
  assert.deepEqual(m.host_permissions, []);
  assert.equal(m.optional_permissions, undefined);
  const csp = m.content_security_policy.extension_pages;
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/, 'scripts only from the package');
  assert.match(csp, /connect-src 'self';/, 'fetches only from the package');
  assert.ok(m.content_scripts[0].matches.includes('http://127.0.0.1/*'));
  // sites.js is data: the match patterns of the sites it supports, never fetched.
  for (const file of fs.readdirSync(extensionDir).filter((f) => f.endsWith('.js') && f !== 'sites.js')) {
    const src = fs.readFileSync(path.join(extensionDir, file), 'utf8');
    assert.doesNotMatch(src, /https?:\/\/(?!127\.0\.0\.1)/, `${file} names no web address`);
    assert.doesNotMatch(src, /\b(XMLHttpRequest|WebSocket|EventSource|sendBeacon|eval\()/, `${file} opens no channel`);
  }
});

test('the extension is loaded with its service worker', () => {
  assert.match(worker.url(), /^chrome-extension:\/\/[a-p]{32}\/background\.js$/);
});

test('a coercive draft in a contenteditable: marks over the words, a badge, the message on hover', async () => {
  await page.click('#body');
  await page.keyboard.type(S.COERCIVE);
  assert.equal(await verdict('body'), 'coercive');
  assert.match(await badge('body').textContent(), /coercive/);
  assert.ok((await words('body').count()) >= 2, 'both threats are marked');
  // The first mark lies over "or you're fired" in the editor.
  const target = await wordsRect("or you're fired");
  assert.ok(target, 'the draft is in the editor, unchanged');
  const boxes = await words('body').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
  const over = boxes.find((b) => b.left < target.right && b.right > target.left && b.top < target.bottom && b.bottom >= target.top);
  assert.ok(over, `a mark covers the threat: ${JSON.stringify({ target, boxes })}`);
  // The editor's own DOM was not touched: no element of ours inside it.
  assert.equal(await page.locator('#body mark, #body goodfaith-marks, #body [class*=goodfaith]').count(), 0);
  // Hover: what it is and a better way to say it.
  await page.mouse.move((target.left + target.right) / 2, (target.top + target.bottom) / 2);
  const tip = page.locator('goodfaith-marks .tip');
  await tip.waitFor({ state: 'visible' });
  assert.match(await tip.textContent(), /threat/i);
  assert.match(await tip.textContent(), /Better: /);
});

test('Send on a coercive draft asks "send anyway?" once; cancel keeps it, OK sends it', async () => {
  const dialogs = [];
  const answer = (accept) => (d) => {
    dialogs.push(d.message());
    return accept ? d.accept() : d.dismiss();
  };
  page.once('dialog', answer(false));
  await page.click('#send-rich');
  await page.waitForTimeout(300);
  assert.equal(dialogs.length, 1);
  assert.match(dialogs[0], /Send anyway\?/);
  assert.equal(await page.locator('#sent li').count(), 0, 'cancel keeps the draft');
  page.once('dialog', answer(true));
  await page.click('#send-rich');
  await page.locator('#sent li[data-from=rich]').waitFor();
  assert.equal(dialogs.length, 2, 'one question per Send, not two');
  assert.equal(await page.locator('#sent li').count(), 1, 'sent exactly once');
});

test('Send right after typing checks the draft first', async () => {
  await page.click('#plain-body');
  await page.keyboard.type('Take it or leave it.');
  const dialogs = [];
  page.once('dialog', (d) => {
    dialogs.push(d.message());
    return d.dismiss();
  });
  await page.click('#send-plain'); // well within the debounce
  await page.waitForTimeout(500);
  assert.equal(dialogs.length, 1, 'the stale draft was checked and found coercive');
  assert.equal(await page.locator('#sent li[data-from=plain]').count(), 0);
  await page.fill('#plain-body', '');
});

test('a fair draft in a textarea: nothing marked, and Send just sends', async () => {
  await page.click('#plain-body');
  await page.keyboard.type(S.FAIR);
  const v = await verdict('plain-body');
  assert.notEqual(v, 'coercive');
  assert.equal(await words('plain-body').count(), 0);
  assert.equal(await page.locator('goodfaith-marks div[data-editor=plain-body] .sentence').count(), 0);
  let asked = false;
  page.once('dialog', (d) => {
    asked = true;
    return d.dismiss();
  });
  await page.click('#send-plain');
  await page.locator('#sent li[data-from=plain]').waitFor();
  assert.equal(asked, false);
});

test('a coercive draft in a textarea is marked over its words', async () => {
  await page.fill('#plain-body', '');
  await page.click('#plain-body');
  await page.keyboard.type(S.COERCIVE);
  assert.equal(await verdict('plain-body'), 'coercive');
  const boxes = await words('plain-body').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
  const area = await page.locator('#plain-body').boundingBox();
  assert.ok(boxes.length >= 2);
  for (const b of boxes) {
    assert.ok(b.left >= area.x && b.right <= area.x + area.width && b.top >= area.y && b.bottom <= area.y + area.height, 'inside the textarea');
  }
});

test('rewriting the draft fairly clears the marks', async () => {
  await page.click('#body');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(S.FAIR);
  assert.notEqual(await verdict('body'), 'coercive');
  assert.equal(await words('body').count(), 0);
  assert.equal(await page.locator('goodfaith-marks div[data-editor=body] .sentence').count(), 0);
  assert.ok((await words('plain-body').count()) >= 2, "the other box's marks stay");
});

test('no request left the page', async () => {
  assert.deepEqual(S.strays(requests, server.origin), []);
  assert.deepEqual(
    server.log.filter((u) => !['/compose.html', '/compose.css', '/compose.js', '/favicon.ico'].includes(u)),
    [],
    'the test server saw only the page itself',
  );
});
