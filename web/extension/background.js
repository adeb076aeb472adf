// The extension's background (a service worker in Chromium, a background script in
// Firefox): holds the one goodfaith.wasm instance and analyses the drafts the content
// script sends it. It only ever fetches its own packaged goodfaith.wasm; the extension's
// CSP (connect-src 'self') forbids anything else.
'use strict';
if (typeof Goodfaith === 'undefined' && typeof importScripts === 'function') importScripts('goodfaith.js');

const ext = globalThis.browser ?? globalThis.chrome;
let engine = null;

function getEngine() {
  engine ??= Goodfaith.load(ext.runtime.getURL('goodfaith.wasm'));
  return engine;
}

function analyse(text, kind) {
  return getEngine().then((e) => {
    const t0 = performance.now();
    const report = e.analyse(text, kind || 'plain');
    return { ok: true, report, ms: performance.now() - t0 };
  });
}

ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Only this extension's own content scripts talk to it.
  if (sender.id !== ext.runtime.id || message?.type !== 'goodfaith:analyse') return false;
  analyse(String(message.text ?? ''), String(message.kind ?? 'plain')).then(sendResponse, (err) =>
    sendResponse({ ok: false, error: String(err?.message ?? err) }),
  );
  return true; // the answer comes asynchronously
});
