// The check page: the draft is analysed in this page by goodfaith.wasm as you type, and
// the HTML report (the same page `goodfaith --format html` writes) is shown in a frame
// where no script may run.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const draft = $('draft'), kind = $('kind'), status = $('status'), verdict = $('verdict'), frame = $('report');
  const DEBOUNCE_MS = 300;
  let engine = null;
  let timer = 0;

  function kindName() {
    // A transcript is plain text too; the reader tells it by its `Name: text` lines.
    return kind.value === 'plain-transcript' ? 'plain' : kind.value;
  }

  function check() {
    clearTimeout(timer);
    if (!engine) return;
    const text = draft.value;
    if (!text.trim()) {
      verdict.hidden = true;
      frame.hidden = true;
      status.textContent = 'Ready: nothing leaves this page.';
      return;
    }
    try {
      const t0 = performance.now();
      const report = engine.analyse(text, kindName());
      const ms = performance.now() - t0;
      const html = engine.html(text, kindName());
      const file = report.files[0];
      verdict.hidden = false;
      verdict.dataset.verdict = file.verdict;
      verdict.textContent = `${file.verdict} · ${file.score.total}/100`;
      status.textContent = `Checked in ${ms.toFixed(1)} ms, in this page.`;
      status.dataset.ms = ms.toFixed(2);
      frame.hidden = false;
      frame.srcdoc = html;
    } catch (e) {
      status.textContent = String(e.message || e);
    }
  }

  frame.addEventListener('load', () => {
    // Same origin without scripts: the page can size the frame to its report.
    const doc = frame.contentDocument;
    if (doc && doc.documentElement) frame.style.height = `${doc.documentElement.scrollHeight + 4}px`;
    frame.dataset.ready = '1';
  });

  const started = performance.now();

  function ready(e) {
    engine = e;
    document.documentElement.dataset.engine = 'ready';
    document.documentElement.dataset.loadMs = (performance.now() - started).toFixed(1);
    status.textContent = 'Ready: nothing leaves this page.';
    check();
  }

  function failed(err) {
    status.textContent = `Could not load goodfaith.wasm: ${err.message || err}`;
    $('load').hidden = false;
  }

  draft.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(check, DEBOUNCE_MS); });
  kind.addEventListener('change', check);
  $('check').addEventListener('click', check);
  $('wasm-file').addEventListener('change', async (ev) => {
    const file = ev.target.files[0];
    if (!file) return;
    try {
      ready(await Goodfaith.load(await file.arrayBuffer()));
      $('load').hidden = true;
    } catch (err) { failed(err); }
  });

  Goodfaith.load(new URL('goodfaith.wasm', document.baseURI)).then(ready, failed);
})();
