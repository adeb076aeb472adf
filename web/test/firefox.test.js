// The extension in Firefox (Debian's firefox-esr, headless, driven over Marionette),
// installed as a temporary add-on, on the same compose page as in Chromium.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const { Firefox } = require('./marionette.js');
const S = require('./support.js');

const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
let server, ff;

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

before(async () => {
  const extension = S.built('extension');
  server = await S.serve();
  ff = await Firefox.start(FIREFOX, S.profile(), await freePort());
  await ff.command('Addon:Install', { path: extension, temporary: true });
  await ff.command('WebDriver:Navigate', { url: `${server.origin}/compose.html` });
});

after(async () => {
  await ff?.quit();
  await server?.close();
});

const badgeOf = (editor) => {
  const b = document.querySelector('goodfaith-marks')?.shadowRoot?.querySelector(`.badge[data-editor=${editor}]`);
  return b && !b.hidden && !b.dataset.state && b.dataset.verdict;
};
const marksOf = (editor) => {
  const root = document.querySelector('goodfaith-marks')?.shadowRoot;
  return [...(root?.querySelectorAll(`div[data-editor=${editor}] .words`) ?? [])].map((e) => e.getBoundingClientRect().toJSON());
};

/** The text of the prompt once it is up. */
async function alertText() {
  for (let i = 0; i < 100; i++) {
    try {
      return (await ff.command('WebDriver:GetAlertText')).value;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('no prompt');
}

test('Firefox: a coercive draft is marked, the badge says so, and Send asks first', async () => {
  const body = await ff.find('#body');
  await ff.command('WebDriver:ElementClick', { id: body });
  await ff.command('WebDriver:ElementSendKeys', { id: body, text: "Sign the contract by 5pm today or you're fired. Don't make me ask twice." });
  assert.equal(await ff.until(badgeOf, 'body'), 'coercive');
  const marks = await ff.run(marksOf, 'body');
  assert.ok(marks.length >= 2, JSON.stringify(marks));
  const area = await ff.run(() => document.getElementById('body').getBoundingClientRect().toJSON());
  for (const m of marks) assert.ok(m.top >= area.top && m.bottom <= area.bottom + 1, 'over the editor');

  await ff.command('WebDriver:ElementClick', { id: await ff.find('#send-rich') });
  assert.match(await alertText(), /Send anyway\?/);
  await ff.command('WebDriver:DismissAlert');
  assert.equal(await ff.run(() => document.querySelectorAll('#sent li').length), 0, 'cancel keeps the draft');
});

test('Firefox: a fair draft in the textarea is not marked and goes out', async () => {
  const area = await ff.find('#plain-body');
  await ff.command('WebDriver:ElementClick', { id: area });
  await ff.command('WebDriver:ElementSendKeys', { id: area, text: S.FAIR });
  assert.notEqual(await ff.until(badgeOf, 'plain-body'), 'coercive');
  assert.deepEqual(await ff.run(marksOf, 'plain-body'), []);
  await ff.command('WebDriver:ElementClick', { id: await ff.find('#send-plain') });
  await ff.until(() => document.querySelector('#sent li[data-from=plain]'));
});

test('Firefox: the test server saw only the page', () => {
  assert.deepEqual(server.log.filter((u) => !['/compose.html', '/compose.css', '/compose.js', '/favicon.ico'].includes(u)), []);
});
