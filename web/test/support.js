// What the browser tests share: the built files, a static server on 127.0.0.1 that logs
// every request it serves, and Debian's Chromium started the way this machine allows.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const BUILT = path.join(ROOT, 'target', 'web');
const PAGES = path.join(__dirname, 'pages');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// No background traffic of Chromium's own, and any host but 127.0.0.1 fails to resolve:
// a request that tried to leave would show up as failed.
const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--disable-default-apps',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

/** Serves /check/* from the built check page and everything else from test/pages. */
function serve() {
  const log = [];
  const server = http.createServer((req, res) => {
    log.push(req.url);
    const url = new URL(req.url, 'http://127.0.0.1');
    const [base, rel] = url.pathname.startsWith('/check/')
      ? [path.join(BUILT, 'check'), url.pathname.slice('/check/'.length) || 'index.html']
      : [PAGES, url.pathname.slice(1)];
    const file = path.join(base, rel);
    if (!file.startsWith(base) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const origin = `http://127.0.0.1:${server.address().port}`;
      resolve({ origin, log, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

function built(what) {
  const dir = path.join(BUILT, what);
  if (!fs.existsSync(path.join(dir, 'goodfaith.wasm'))) {
    throw new Error(`${dir} is not built: run scripts/build-web.py first`);
  }
  return dir;
}

/** A fresh browser profile folder, removed when the test process exits: each run's profile
 * is about 40 MB, and left behind they filled the CI machine's disk. */
function profile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goodfaith-browser-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every request the browser made, page or extension, as URLs. */
function recordRequests(context) {
  const urls = [];
  context.on('request', (r) => urls.push(r.url()));
  context.on('requestfailed', (r) => urls.push(`FAILED ${r.url()}`));
  return urls;
}

/** Requests that went anywhere but the test server, the extension or the page itself. */
function strays(urls, origin) {
  return urls.filter((u) => !(u.startsWith(`${origin}/`) || u.startsWith('chrome-extension://') || u.startsWith('about:') || u.startsWith('data:')));
}

const COERCIVE = "Hi Sam,\n\nSign the contract by 5pm today or you're fired. Don't make me ask twice.\n\nDan\n";
const FAIR = 'Hi Sam,\n\nCould we find a time this week that works for both of us? What matters most to you in the contract?\n\nThanks,\nAna\n';

module.exports = { ROOT, BUILT, CHROMIUM, FLAGS, serve, built, profile, recordRequests, strays, COERCIVE, FAIR };
