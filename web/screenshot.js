// The README's screenshot of the extension marking a draft: the test page's compose
// box with a coercive draft typed in, the marks, the badge and the hover card.
// Usage: node web/screenshot.js docs/screenshots/extension.png   (after scripts/build-web.py)
'use strict';
const path = require('node:path');
const { chromium } = require('playwright-core');
const S = require('./test/support.js');

(async () => {
  const out = path.resolve(process.argv[2] || 'extension.png');
  const ext = S.built('extension');
  const server = await S.serve();
  const context = await chromium.launchPersistentContext(S.profile(), {
    executablePath: S.CHROMIUM,
    headless: true,
    viewport: { width: 760, height: 620 },
    deviceScaleFactor: 1,
    args: [...S.FLAGS, `--disable-extensions-except=${ext}`, `--load-extension=${ext}`],
  });
  try {
    const page = await context.newPage();
    await page.goto(`${server.origin}/compose.html`);
    await page.click('#body');
    await page.keyboard.type(
      "Hi Sam,\n\nThanks for the draft. Sign the contract by 5pm today or you're fired.\n\n" +
        'The figures for the third quarter look good, and the client liked the new layout. ' +
        'Could you send me the final numbers when they are ready?\n\nSee you at the review on Thursday,\nDan',
    );
    const mark = page.locator('goodfaith-marks div[data-editor=body] .words').first();
    await mark.waitFor();
    await page.waitForFunction(() => {
      const b = document.querySelector('goodfaith-marks')?.shadowRoot?.querySelector('.badge[data-editor=body]');
      return b && !b.dataset.state && b.dataset.verdict;
    });
    const box = await mark.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator('goodfaith-marks .tip').waitFor({ state: 'visible' });
    await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 760, height: 440 } });
    console.log(`screenshot: ${out}`);
  } finally {
    await context.close();
    await server.close();
  }
})();
