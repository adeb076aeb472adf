// goodfaith in the browser: loads goodfaith.wasm (built from wasm/ by
// scripts/build-web.py) and analyses text with it, locally. A classic script, so the same
// file serves a page, the extension's service worker (importScripts), Firefox's
// background page and Node's tests (require). The module imports nothing: it cannot
// reach the network, the clock or the page.
(function (root) {
  'use strict';

  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  /** Compiles the module from a URL, a Response, bytes or a compiled WebAssembly.Module. */
  async function compile(source) {
    if (source instanceof WebAssembly.Module) return source;
    if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source);
    const response = typeof source === 'string' || source instanceof URL ? await fetch(source) : source;
    if (!response.ok) throw new Error(`goodfaith.wasm: ${response.status} ${response.statusText}`);
    // Not instantiateStreaming: any static server will do, whatever MIME type it sends.
    return WebAssembly.compile(await response.arrayBuffer());
  }

  class Engine {
    constructor(instance) {
      this.exports = instance.exports;
    }

    /** Copies a string into the module's memory; returns [pointer, length]. */
    put(text) {
      const bytes = encoder.encode(text);
      const ptr = this.exports.gf_alloc(bytes.length);
      new Uint8Array(this.exports.memory.buffer, ptr, bytes.length).set(bytes);
      return [ptr, bytes.length];
    }

    /** The last result, copied out of the module's memory. */
    result() {
      const ptr = this.exports.gf_result_ptr();
      const len = this.exports.gf_result_len();
      return decoder.decode(new Uint8Array(this.exports.memory.buffer, ptr, len).slice());
    }

    run(text, kind, html) {
      const [t, tl] = this.put(String(text));
      const [k, kl] = this.put(String(kind ?? ''));
      let code;
      try {
        code = this.exports.gf_analyse(t, tl, k, kl, html ? 1 : 0);
      } finally {
        this.exports.gf_free(t, tl);
        this.exports.gf_free(k, kl);
      }
      const out = this.result();
      if (code !== 0) throw new Error(`goodfaith: ${out}`);
      return out;
    }

    /** The report as `goodfaith --format json` writes it: {version, files: [report], errors}. */
    analyse(text, kind = 'plain') {
      return JSON.parse(this.run(text, kind, false));
    }

    /** The page `goodfaith --format html` writes for the text. */
    html(text, kind = 'plain') {
      return this.run(text, kind, true);
    }
  }

  /** Loads the module and compiles the lexicons, so the first draft is checked at once. */
  async function load(source) {
    const instance = await WebAssembly.instantiate(await compile(source), {});
    const engine = new Engine(instance);
    if (engine.exports.gf_warm_up() !== 0) throw new Error(`goodfaith: ${engine.result()}`);
    return engine;
  }

  /** Maps byte offsets of the text's UTF-8 to string (UTF-16) indices. */
  function byteIndex(text) {
    const starts = []; // starts[i]: the byte offset of code unit i
    let bytes = 0;
    for (let i = 0; i < text.length; i++) {
      starts.push(bytes);
      const c = text.charCodeAt(i);
      if (c < 0x80) bytes += 1;
      else if (c < 0x800) bytes += 2;
      else if (c >= 0xd800 && c <= 0xdbff) { bytes += 4; starts.push(bytes); i++; }
      else bytes += 3;
    }
    starts.push(bytes);
    return (offset) => {
      let lo = 0, hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid] < offset) lo = mid + 1; else hi = mid;
      }
      return lo;
    };
  }

  /** True for a finding worth marking in a draft: counted coercion, or a counted
   * finding whose severity is warning or error (the report's "problems"). */
  function isProblem(f) {
    return !f.negated && !f.quoted && (f.family === 'coercive' || f.severity === 'warning' || f.severity === 'error');
  }

  /**
   * What to mark in `text` for a report of it: one entry per flagged sentence, with the
   * string indices of the sentence and of the matched words, and the findings in it.
   */
  function marks(report, text) {
    const file = report.files[0];
    const index = byteIndex(text);
    const bySentence = new Map();
    for (const f of file.findings.filter(isProblem)) {
      if (!f.span) continue;
      const start = index(f.span[0]);
      const end = index(f.span[1]);
      const [from, to] = sentenceAround(text, start, end, f.sentence);
      const key = `${from}:${to}`;
      if (!bySentence.has(key)) bySentence.set(key, { from, to, words: [], findings: [] });
      const mark = bySentence.get(key);
      mark.words.push([start, end]);
      mark.findings.push({
        rule: f.rule,
        category: f.category,
        severity: f.severity,
        matched: f.matched,
        message: f.message,
        suggestion: f.suggestion ?? null,
      });
    }
    return [...bySentence.values()].sort((a, b) => a.from - b.from);
  }

  /** The sentence the report quotes, found around the match; the match alone if not. */
  function sentenceAround(text, start, end, sentence) {
    if (sentence) {
      let at = text.lastIndexOf(sentence, start);
      while (at >= 0) {
        if (at + sentence.length >= end) return [at, at + sentence.length];
        at = at > 0 ? text.lastIndexOf(sentence, at - 1) : -1;
      }
    }
    return [start, end];
  }

  const api = { load, marks, isProblem, byteIndex };
  root.Goodfaith = api;
  if (typeof module === 'object' && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
