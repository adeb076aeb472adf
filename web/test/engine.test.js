// goodfaith.wasm in Node: the same report, byte for byte, as `goodfaith --format json`
// for every sample, and the string indices of the marks for text beyond ASCII.
'use strict';
const { test, before } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const Goodfaith = require('../goodfaith.js');
const S = require('./support.js');

const BIN = process.env.GOODFAITH_BIN || path.join(S.ROOT, 'target', 'debug', 'goodfaith');
const KINDS = { '.txt': 'plain', '.md': 'markdown', '.html': 'html', '.eml': 'eml', '.mbox': 'mbox', '.vtt': 'vtt', '.srt': 'srt' };
let engine;

before(async () => {
  engine = await Goodfaith.load(fs.readFileSync(path.join(S.built('check'), 'goodfaith.wasm')));
});

function cli(text, kind) {
  const args = ['--no-config', '--format', 'json', '--fail-on', 'never', '--input-format', kind, '--stdin-filename', 'draft', '-'];
  return execFileSync(BIN, args, { input: text, encoding: 'utf8' });
}

test('the module imports nothing: no network, clock, randomness or page reaches it', () => {
  const bytes = fs.readFileSync(path.join(S.built('check'), 'goodfaith.wasm'));
  assert.deepEqual(WebAssembly.Module.imports(new WebAssembly.Module(bytes)), []);
});

test('the module writes the report the command line writes, for every sample', () => {
  const samples = fs.readdirSync(path.join(S.ROOT, 'samples')).filter((f) => KINDS[path.extname(f)]);
  assert.ok(samples.length >= 10);
  for (const name of samples) {
    const text = fs.readFileSync(path.join(S.ROOT, 'samples', name), 'utf8');
    const kind = KINDS[path.extname(name)];
    const [ours, theirs] = [engine.run(text, kind, false), cli(text, kind)];
    let at = 0;
    while (at < ours.length && ours[at] === theirs[at]) at++;
    assert.ok(ours === theirs, `${name}: differs at ${at}: ${ours.slice(at - 40, at + 80)} | ${theirs.slice(at - 40, at + 80)}`);
  }
});

test('marks map byte offsets to string indices past accents, emoji and CJK', () => {
  const text = "Café 😀 会议: sign it by five or you're fired. What works for you?";
  const marks = Goodfaith.marks(engine.analyse(text, 'plain'), text);
  assert.equal(marks.length, 1, 'one flagged sentence');
  const sentence = text.slice(marks[0].from, marks[0].to);
  assert.equal(sentence, "Café 😀 会议: sign it by five or you're fired.");
  marks[0].words.forEach(([from, to], i) => assert.equal(text.slice(from, to), marks[0].findings[i].matched));
  assert.ok(marks[0].findings.some((f) => /fired/.test(f.matched) && f.message && f.suggestion));
});

test('a fair draft gives no marks; an unknown kind is an error', () => {
  assert.deepEqual(Goodfaith.marks(engine.analyse(S.FAIR, 'plain'), S.FAIR), []);
  assert.throws(() => engine.analyse('x', 'spreadsheet'), /unknown kind/);
  assert.throws(() => engine.analyse('x', 'docx'), /no Word or PDF/);
});

test('each kind is read as the command line reads it; a stream of records is refused', () => {
  const policy = '# Policy\n\n```\nor else\n```\n\nWe may change these terms at any time without notice.\n';
  assert.equal(engine.analyse(policy, 'markdown').files[0].profile, 'policy');
  const eml = 'From: a@example.org\nTo: b@example.org\nSubject: Offer\n\nTake it or leave it.\n';
  assert.equal(engine.analyse(eml, 'eml').files[0].kind, 'message');
  assert.equal(engine.analyse(eml, '').files[0].kind, 'message', 'an empty kind is detected');
  assert.throws(() => engine.analyse('{}', 'ndjson'), /stream/);
});

test('the JSON report carries no text of the draft; the HTML report escapes it', () => {
  const file = engine.analyse('Take it or leave it.', 'plain').files[0];
  assert.equal(file.verdict, 'coercive');
  assert.equal(file.turns, undefined, 'no turn text in the JSON');
  const page = engine.html('<script>alert(1)</script> Take it or leave it.', 'plain');
  assert.match(page, /^<!DOCTYPE html>/);
  assert.match(page, /Content-Security-Policy/);
  assert.doesNotMatch(page, /<script>alert/, 'the draft is escaped');
  assert.match(page, /leave it/);
});
