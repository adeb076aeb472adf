// A small client for Firefox's Marionette protocol (what geckodriver speaks to Firefox),
// so the extension can be tested in Debian's firefox-esr without another download:
// length-prefixed JSON over a TCP socket on 127.0.0.1.
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

// No update, telemetry or other traffic of Firefox's own; anything that still tries to
// leave goes to a proxy that is not there (127.0.0.1:9), so it fails on this machine.
const PREFS = {
  'app.update.disabledForTesting': true,
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.page': 0,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': 9,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': 9,
  'network.proxy.no_proxies_on': '127.0.0.1',
  'dom.disable_open_during_load': false,
};

class Firefox {
  static async start(executable, profile, port) {
    const prefs = { ...PREFS, 'marionette.port': port };
    const lines = Object.entries(prefs).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`);
    fs.writeFileSync(path.join(profile, 'user.js'), `${lines.join('\n')}\n`);
    const child = spawn(executable, ['--headless', '--marionette', '--no-remote', '--profile', profile], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const socket = await connect(port, 30000);
    const ff = new Firefox(child, socket);
    await ff.hello;
    await ff.command('WebDriver:NewSession', { capabilities: { alwaysMatch: { unhandledPromptBehavior: 'ignore' } } });
    ff.stderr = () => stderr;
    return ff;
  }

  constructor(child, socket) {
    this.child = child;
    this.socket = socket;
    this.id = 0;
    this.pending = new Map();
    this.buffer = Buffer.alloc(0);
    this.hello = new Promise((resolve) => (this.onHello = resolve));
    socket.on('data', (chunk) => this.receive(chunk));
  }

  receive(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString());
      if (this.buffer.length < colon + 1 + length) return;
      const message = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString());
      this.buffer = this.buffer.subarray(colon + 1 + length);
      if (!Array.isArray(message)) {
        this.onHello(message);
        continue;
      }
      const [, id, error, result] = message;
      const waiter = this.pending.get(id);
      this.pending.delete(id);
      if (error) waiter?.reject(new Error(`${error.error}: ${error.message}`));
      else waiter?.resolve(result);
    }
  }

  command(name, params = {}) {
    const id = ++this.id;
    const body = Buffer.from(JSON.stringify([0, id, name, params]));
    this.socket.write(`${body.length}:`);
    this.socket.write(body);
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  async find(css) {
    const r = await this.command('WebDriver:FindElement', { using: 'css selector', value: css });
    return r.value[ELEMENT];
  }

  async run(fn, ...args) {
    const r = await this.command('WebDriver:ExecuteScript', { script: `return (${fn}).apply(null, arguments)`, args });
    return r.value;
  }

  /** Polls `fn` in the page until it returns something truthy. */
  async until(fn, arg, ms = 20000) {
    const end = Date.now() + ms;
    for (;;) {
      const v = await this.run(fn, arg);
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${fn}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async quit() {
    try {
      await Promise.race([this.command('Marionette:Quit'), new Promise((r) => setTimeout(r, 5000))]);
    } catch {}
    this.socket.destroy();
    if (this.child.exitCode === null) this.child.kill();
  }
}

function connect(port, ms) {
  const end = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => resolve(s));
      s.once('error', () => {
        s.destroy();
        if (Date.now() > end) reject(new Error(`Marionette did not answer on port ${port}`));
        else setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}

module.exports = { Firefox };
