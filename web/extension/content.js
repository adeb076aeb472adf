// The content script: finds the compose box you type in (a site's selectors from
// sites.json, else any textarea or contenteditable), has the background analyse the draft
// with goodfaith.wasm as you type (debounced) and when you press Send, marks the flagged
// sentences over the text (the editor's own DOM is never changed, so nothing of ours is
// ever sent), shows the verdict in a small badge, and asks once before a coercive draft
// goes out. It makes no request of any kind.
(() => {
  'use strict';
  if (globalThis.__goodfaithContent) return;
  globalThis.__goodfaithContent = true;

  const ext = globalThis.browser ?? globalThis.chrome;
  const DATA = globalThis.GOODFAITH_SITES;
  const DEBOUNCE_MS = 400;
  const ASK =
    'goodfaith: this draft reads as coercive (the marked sentences say why, with a better way to put them).\n\nSend anyway?';

  // ---- Which site, which selectors ------------------------------------------------

  function patternToRegExp(pattern) {
    const [, scheme, rest] = pattern.match(/^(\*|https?|file):\/\/(.*)$/) ?? [null, null, null];
    if (!scheme) return null;
    const escaped = rest.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
    return new RegExp(`^${scheme === '*' ? 'https?' : scheme}://${escaped}$`);
  }

  function siteFor(url) {
    return DATA.sites.find((s) => s.matches.some((m) => patternToRegExp(m)?.test(url))) ?? null;
  }

  const site = siteFor(location.href) ?? siteFor(document.referrer || '') ?? { compose: [], send: [], quote: [] };
  const quoteSelector = [...site.quote, ...DATA.generic.quote].join(',');
  const sendLabel = new RegExp(DATA.generic.send_label, 'i');

  function editorFor(target) {
    if (!(target instanceof Element)) return null;
    for (const sel of site.compose) {
      const el = target.closest(sel);
      if (el) return el;
    }
    if (target instanceof HTMLTextAreaElement) return target.readOnly || target.disabled ? null : target;
    if (!target.isContentEditable) return null;
    // The editing host: the outermost editable element around the caret.
    let el = target;
    while (el.parentElement && el.parentElement.isContentEditable) el = el.parentElement;
    return el;
  }

  function sendButtonFor(target) {
    if (!(target instanceof Element)) return null;
    for (const sel of site.send) {
      const el = target.closest(sel);
      if (el) return el;
    }
    const el = target.closest(DATA.generic.send.join(','));
    if (!el) return null;
    const label = (el.getAttribute('aria-label') || el.getAttribute('title') || el.value || el.textContent || '').trim();
    return label.length < 40 && sendLabel.test(label) ? el : null;
  }

  // ---- The draft's text, and where each character of it is on screen ----------------

  const BLOCK = /^(ADDRESS|ARTICLE|ASIDE|BLOCKQUOTE|DD|DIV|DL|DT|FIGURE|FOOTER|H[1-6]|HEADER|HR|LI|OL|P|PRE|SECTION|TABLE|TR|UL)$/;

  /** The text of a contenteditable, with the text node each piece came from. */
  function editableText(root) {
    const parts = [];
    let text = '';
    const newline = () => {
      if (text && !text.endsWith('\n')) text += '\n';
    };
    const walk = (node) => {
      for (let n = node.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === Node.TEXT_NODE) {
          parts.push({ node: n, start: text.length });
          text += n.data;
        } else if (n.nodeType === Node.ELEMENT_NODE) {
          if (quoteSelector && n.matches(quoteSelector)) continue;
          if (n.tagName === 'BR') {
            text += '\n';
            continue;
          }
          const block = BLOCK.test(n.tagName);
          if (block) newline();
          walk(n);
          if (block) newline();
        }
      }
    };
    walk(root);
    // Editors keep spaces as no-break spaces; one for one, so indices still line up.
    return { text: text.replace(/\u00a0/g, ' '), parts };
  }

  /** The text node and offset of string index `i` (at a gap: the nearest text). */
  function position(parts, i, isEnd) {
    let lo = 0, hi = parts.length - 1, at = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (parts[mid].start <= i) { at = mid; lo = mid + 1; } else hi = mid - 1;
    }
    let p = parts[at];
    if (isEnd && i === p.start && at > 0) p = parts[at - 1];
    const offset = Math.max(0, Math.min(i - p.start, p.node.data.length));
    return [p.node, offset];
  }

  /** A textarea's twin, laid out alike, so a Range over its text gives the rectangles. */
  const STYLE_COPIED = [
    'boxSizing', 'width', 'height', 'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft',
    'borderTopWidth', 'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth', 'borderStyle',
    'fontFamily', 'fontSize', 'fontStyle', 'fontWeight', 'fontVariant', 'fontStretch', 'lineHeight',
    'letterSpacing', 'wordSpacing', 'textTransform', 'textIndent', 'tabSize', 'direction', 'textAlign',
  ];

  function textareaRects(ta, ranges) {
    const mirror = ui.mirror;
    const style = getComputedStyle(ta);
    for (const prop of STYLE_COPIED) mirror.style[prop] = style[prop];
    const box = ta.getBoundingClientRect();
    Object.assign(mirror.style, { left: `${box.left}px`, top: `${box.top}px`, width: `${box.width}px` });
    // The textarea's scrollbar takes room from its text.
    mirror.style.paddingRight = `${parseFloat(style.paddingRight) + (ta.offsetWidth - ta.clientWidth - parseFloat(style.borderLeftWidth) - parseFloat(style.borderRightWidth))}px`;
    mirror.textContent = `${ta.value} `;
    const node = mirror.firstChild;
    return ranges.map(([from, to]) => {
      const r = document.createRange();
      r.setStart(node, from);
      r.setEnd(node, to);
      return [...r.getClientRects()].map((q) => shift(q, -ta.scrollLeft, -ta.scrollTop));
    });
  }

  function editableRects(parts, ranges) {
    if (!parts.length) return ranges.map(() => []);
    return ranges.map(([from, to]) => {
      const r = document.createRange();
      r.setStart(...position(parts, from, false));
      r.setEnd(...position(parts, to, true));
      return [...r.getClientRects()];
    });
  }

  const shift = (q, dx, dy) => ({ left: q.left + dx, top: q.top + dy, right: q.right + dx, bottom: q.bottom + dy });

  // ---- What we draw: marks, a tooltip and a badge, in a shadow root of our own --------

  const CSS = `
    :host { all: initial; }
    .layer { position: fixed; inset: 0; pointer-events: none; z-index: 2147483646; }
    .sentence { position: fixed; background: rgba(179, 38, 30, .10); border-radius: 2px; }
    .words { position: fixed; border-bottom: 2px solid #b3261e; }
    .words.warning { border-bottom-color: #b26a00; }
    .badge { position: fixed; font: 600 12px/1.6 system-ui, sans-serif; padding: 0 .6em; border-radius: 1em;
             color: #fff; background: #5f6368; box-shadow: 0 1px 3px rgba(0,0,0,.3); white-space: nowrap; }
    .badge[data-verdict="coercive"] { background: #b3261e; }
    .badge[data-verdict="one-sided"] { background: #b26a00; }
    .badge[data-verdict="good-faith"] { background: #1b6e3a; }
    .tip { position: fixed; z-index: 2147483647; max-width: 26rem; font: 13px/1.45 system-ui, sans-serif; color: #1f1f1f;
           background: #fffdf7; border: 1px solid #d8cfc0; border-left: 4px solid #b3261e; border-radius: 4px;
           padding: .5rem .7rem; box-shadow: 0 2px 10px rgba(0,0,0,.18); }
    .tip p { margin: 0 0 .35rem; }
    .tip p:last-child { margin: 0; }
    .tip .what { font-weight: 600; }
    .tip .better { color: #1b6e3a; }
    .mirror { position: fixed; visibility: hidden; overflow: hidden; white-space: pre-wrap;
              overflow-wrap: break-word; word-wrap: break-word; margin: 0; border-color: transparent; }
  `;

  const ui = (() => {
    const host = document.createElement('goodfaith-marks');
    const root = host.attachShadow({ mode: 'open' });
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } catch {
      // Firefox will not adopt a sheet made in a content script's compartment.
      const style = document.createElement('style');
      style.textContent = CSS;
      root.append(style);
    }
    const layer = document.createElement('div');
    layer.className = 'layer';
    const mirror = document.createElement('div');
    mirror.className = 'mirror';
    const tip = document.createElement('div');
    tip.className = 'tip';
    tip.hidden = true;
    tip.setAttribute('role', 'tooltip');
    root.append(mirror, layer, tip);
    return { host, root, layer, mirror, tip, attached: false };
  })();

  function attachUi() {
    if (!ui.attached) {
      document.documentElement.append(ui.host);
      ui.attached = true;
    }
  }

  // ---- One watched compose box ------------------------------------------------------

  const watchers = new WeakMap();
  let active = null;
  let watched = 0;

  class Watcher {
    constructor(editor) {
      this.editor = editor;
      this.isTextarea = editor instanceof HTMLTextAreaElement;
      this.timer = 0;
      this.seq = 0;
      this.result = null; // { text, report, marks }
      this.boxes = []; // [{ rects, mark }] for hover
      this.pending = false; // typed since the last result
      this.confirmed = false;
      this.bypass = false;
      // Named after the editor, so each box's marks and badge can be told apart.
      const name = editor.id || `editor-${++watched}`;
      this.badge = document.createElement('div');
      this.badge.className = 'badge';
      this.badge.dataset.editor = name;
      this.badge.hidden = true;
      this.marks = document.createElement('div');
      this.marks.dataset.editor = name;
      ui.layer.append(this.marks, this.badge);
      editor.addEventListener('input', () => this.changed());
      new ResizeObserver(() => this.draw()).observe(editor);
    }

    text() {
      if (this.isTextarea) return { text: this.editor.value, parts: null };
      return editableText(this.editor);
    }

    changed() {
      // Marks would sit over the wrong words until the next result: none till then.
      this.pending = true;
      this.marks.replaceChildren();
      this.boxes = [];
      this.badge.dataset.state = 'checking';
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.check(), DEBOUNCE_MS);
    }

    /** Analyses the draft as it is now; resolves when its marks are drawn. */
    async check() {
      clearTimeout(this.timer);
      const { text } = this.text();
      const seq = ++this.seq;
      if (!text.trim()) {
        this.result = { text, report: null, marks: [] };
        this.pending = false;
        this.draw();
        return;
      }
      let answer;
      try {
        answer = await ext.runtime.sendMessage({ type: 'goodfaith:analyse', text, kind: 'plain' });
      } catch (err) {
        answer = { ok: false, error: String(err?.message ?? err) };
      }
      if (seq !== this.seq) return; // a newer check is under way
      this.pending = false;
      if (!answer?.ok) {
        this.result = null;
        this.badge.hidden = false;
        this.badge.dataset.verdict = 'error';
        this.badge.textContent = 'goodfaith: could not check';
        this.badge.title = answer?.error ?? '';
        return;
      }
      this.result = { text, report: answer.report, marks: Goodfaith.marks(answer.report, text), ms: answer.ms };
      this.draw();
    }

    /** True when the result is for the text as it is now. */
    fresh() {
      return this.result !== null && this.result.text === this.text().text;
    }

    verdict() {
      return this.result?.report?.files[0].verdict ?? null;
    }

    draw() {
      attachUi();
      this.marks.replaceChildren();
      this.boxes = [];
      const result = this.result;
      if (this.pending) return; // the draft changed: wait for its result
      if (!result || !this.editor.isConnected) {
        this.badge.hidden = true;
        return;
      }
      const view = this.editor.getBoundingClientRect();
      const { parts } = this.isTextarea ? { parts: null } : this.text();
      const ranges = result.marks.flatMap((m) => [[m.from, m.to], ...m.words]);
      const rects = this.isTextarea ? textareaRects(this.editor, ranges) : editableRects(parts, ranges);
      let i = 0;
      for (const mark of result.marks) {
        const sentence = clip(rects[i++], view);
        this.boxes.push({ rects: sentence, mark });
        for (const q of sentence) this.marks.append(box('sentence', q));
        for (const _ of mark.words) {
          const severity = mark.findings.some((f) => f.severity === 'error') ? 'error' : 'warning';
          for (const q of clip(rects[i++], view)) this.marks.append(box(`words ${severity}`, q));
        }
      }
      this.drawBadge(view);
    }

    drawBadge(view) {
      const verdict = this.verdict();
      this.badge.hidden = verdict === null;
      if (verdict === null) return;
      const n = this.result.marks.length;
      this.badge.dataset.verdict = verdict;
      delete this.badge.dataset.state;
      this.badge.textContent = `goodfaith: ${verdict}${n ? ` · ${n} to look at` : ''}`;
      this.badge.title = `Checked on this computer in ${this.result.ms?.toFixed(1) ?? '?'} ms`;
      const width = this.badge.offsetWidth || 120;
      Object.assign(this.badge.style, {
        left: `${Math.max(0, view.right - width - 6)}px`,
        top: `${Math.max(0, view.bottom - 24)}px`,
      });
    }

    /** The mark under the pointer, if any. */
    markAt(x, y) {
      for (const b of this.boxes) {
        if (b.rects.some((q) => x >= q.left && x <= q.right && y >= q.top - 2 && y <= q.bottom + 2)) return b.mark;
      }
      return null;
    }
  }

  function box(className, q) {
    const el = document.createElement('div');
    el.className = className;
    Object.assign(el.style, {
      left: `${q.left}px`,
      top: `${q.top}px`,
      width: `${q.right - q.left}px`,
      height: `${q.bottom - q.top}px`,
    });
    return el;
  }

  /** The rectangles inside the editor's visible box. */
  function clip(rects, view) {
    return rects
      .filter((q) => q.bottom > view.top && q.top < view.bottom && q.right > view.left && q.left < view.right)
      .map((q) => ({
        left: Math.max(q.left, view.left),
        top: Math.max(q.top, view.top),
        right: Math.min(q.right, view.right),
        bottom: Math.min(q.bottom, view.bottom),
      }))
      .filter((q) => q.right > q.left);
  }

  function watcherFor(target) {
    const editor = editorFor(target);
    if (!editor) return null;
    let w = watchers.get(editor);
    if (!w) {
      attachUi();
      w = new Watcher(editor);
      watchers.set(editor, w);
    }
    return w;
  }

  // ---- Events -----------------------------------------------------------------------

  document.addEventListener(
    'focusin',
    (ev) => {
      const w = watcherFor(ev.target);
      if (!w) return;
      active = w;
      if (!w.result && w.text().text.trim()) w.check();
    },
    true,
  );

  document.addEventListener(
    'input',
    (ev) => {
      const w = watcherFor(ev.target);
      if (w && w !== active) {
        active = w;
        w.changed();
      }
    },
    true,
  );

  let frame = 0;
  const redraw = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => active?.draw());
  };
  window.addEventListener('scroll', redraw, true);
  window.addEventListener('resize', redraw);

  document.addEventListener(
    'mousemove',
    (ev) => {
      const mark = active?.markAt(ev.clientX, ev.clientY) ?? null;
      showTip(mark, ev.clientX, ev.clientY);
    },
    { capture: true, passive: true },
  );

  function showTip(mark, x, y) {
    const tip = ui.tip;
    if (!mark) {
      tip.hidden = true;
      tip.dataset.for = '';
      return;
    }
    const key = `${mark.from}:${mark.to}`;
    if (tip.dataset.for !== key) {
      tip.dataset.for = key;
      tip.replaceChildren();
      for (const f of mark.findings) {
        tip.append(para('what', `${f.category.replace(/-/g, ' ')}: “${f.matched}”`));
        tip.append(para('message', f.message));
        if (f.suggestion) tip.append(para('better', `Better: ${f.suggestion}`));
      }
    }
    tip.hidden = false;
    const left = Math.max(4, Math.min(x + 12, window.innerWidth - tip.offsetWidth - 8));
    const above = Math.max(4, y - 12 - tip.offsetHeight);
    let top = y + 18;
    // Below the pointer, unless it would run off the window or hide the verdict.
    if (top + tip.offsetHeight > window.innerHeight || covers(left, top, tip, active?.badge)) top = above;
    Object.assign(tip.style, { left: `${left}px`, top: `${top}px` });
  }

  function covers(left, top, tip, badge) {
    if (!badge || badge.hidden) return false;
    const b = badge.getBoundingClientRect();
    return left < b.right && left + tip.offsetWidth > b.left && top < b.bottom && top + tip.offsetHeight > b.top;
  }

  function para(className, text) {
    const p = document.createElement('p');
    p.className = className;
    p.textContent = text; // text, never HTML: the messages quote the draft
    return p;
  }

  // ---- Send -------------------------------------------------------------------------

  /** Lets a send through, or holds it: checks a stale draft first, then asks once
   * before a coercive one goes. `resend` repeats the send when it was held. */
  async function guard(ev, w, resend) {
    if (w.bypass) {
      w.bypass = false;
      return;
    }
    const fresh = w.fresh();
    if (fresh && (w.confirmed || w.verdict() !== 'coercive')) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    if (!fresh) await w.check();
    if (w.verdict() === 'coercive' && !w.confirmed) {
      if (!window.confirm(ASK)) return;
      w.confirmed = true;
    }
    w.bypass = true;
    resend();
  }

  window.addEventListener(
    'click',
    (ev) => {
      const button = sendButtonFor(ev.target);
      if (!button || !active || !active.editor.isConnected) return;
      guard(ev, active, () => button.click());
    },
    true,
  );

  window.addEventListener(
    'keydown',
    (ev) => {
      if (ev.key !== 'Enter' || !(ev.ctrlKey || ev.metaKey)) return;
      const w = watchers.get(editorFor(ev.target));
      if (!w) return;
      const button = findSendButton(w.editor);
      guard(ev, w, () => (button ? button.click() : w.editor.closest('form')?.requestSubmit()));
    },
    true,
  );

  /** The Send button of the compose box `editor` is in: the nearest one up the tree. */
  function findSendButton(editor) {
    for (let scope = editor.parentElement; scope; scope = scope.parentElement) {
      for (const el of scope.querySelectorAll([...site.send, ...DATA.generic.send].join(','))) {
        if (sendButtonFor(el) === el) return el;
      }
    }
    return null;
  }
})();
