// How long goodfaith takes in the browser (headless Chromium): loading goodfaith.wasm
// (compile, instantiate, lexicons), the first draft, and the mean of the next 200.
// Usage: node timing.js   (after scripts/build-web.py)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const S = require('./test/support.js');

/** Runs in the page: a fresh engine, then one draft timed alone and 200 together. */
async function measure(draft) {
  const t0 = performance.now();
  const engine = await Goodfaith.load(new URL('goodfaith.wasm', document.baseURI));
  const load = performance.now() - t0;
  const t1 = performance.now();
  engine.analyse(draft, 'plain');
  const first = performance.now() - t1;
  // The page's clock is coarse (0.1 ms): time 200 drafts together.
  const t2 = performance.now();
  for (let i = 0; i < 200; i++) engine.analyse(`${draft}\nP.S. ${i}`, 'plain');
  const mean = (performance.now() - t2) / 200;
  return { load, first, mean, bytes: new TextEncoder().encode(draft).length };
}

(async () => {
  S.built('check');
  const server = await S.serve();
  const browser = await chromium.launch({ executablePath: S.CHROMIUM, headless: true, args: S.FLAGS });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/check/`);
    await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready', null, { timeout: 60000 });
    const sample = fs.readFileSync(path.join(S.ROOT, 'samples', 'coercive-email-draft.txt'), 'utf8');
    for (const draft of [S.COERCIVE, sample]) {
      const t = await page.evaluate(measure, draft);
      console.log(
        `goodfaith.wasm in Chromium: loaded in ${t.load.toFixed(0)} ms; a ${t.bytes}-byte draft: ` +
          `first ${t.first.toFixed(1)} ms, then ${t.mean.toFixed(2)} ms each (mean of 200)`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
})();
