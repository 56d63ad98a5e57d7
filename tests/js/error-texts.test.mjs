// Every error code the package can throw has a one-line English and Chinese explanation
// (js/error-texts.js), and the table names no code that nothing throws. The codes are read from
// the sources, not from a list kept by hand: the Rust `Error::code()` arms of src/error.rs, and
// the wrapper's literal codes in js/ (thrown, defaulted or handed to an onError hook).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { ERROR_TEXTS, explainError } from '../../js/error-texts.js';
import * as pkg from 'wechatpay-wasm';

const root = new URL('../../', import.meta.url);
const read = (p) => readFileSync(new URL(p, root), 'utf8');

/** code → where it was found (file:line), for the failure messages. */
function rustCodes() {
  const found = new Map();
  const src = read('src/error.rs');
  const body = /pub fn code\(&self\)[\s\S]*?\n {4}\}\n/.exec(src);
  assert.ok(body, 'src/error.rs has `pub fn code(&self)`');
  const offset = src.slice(0, body.index).split('\n').length;
  body[0].split('\n').forEach((line, i) => {
    const m = /=>\s*"([A-Z][A-Z0-9_]*)"/.exec(line);
    if (m && !found.has(m[1])) found.set(m[1], `src/error.rs:${offset + i}`);
  });
  return found;
}

// The wrapper's codes: `WechatPayError('CODE'`, and a literal given to a variable or property
// named *code* (`let code = 'HTTP_ERROR'`, `code: 'HOOK_ERROR'`, `err_code || 'RESULT_FAIL'`,
// `invalidCode = 'INVALID_ARGUMENT'`). Not codes: the ack body's `code: 'FAIL'` / 'SUCCESS'
// (WeChat Pay's protocol words).
const JS_PATTERNS = [
  /WechatPayError\(\s*['"`]([A-Z][A-Z0-9_]*)['"`]/g,
  /\b\w*[cC]ode\s*(?::|=(?!=)|\?\?|\|\|)\s*['"`]([A-Z][A-Z0-9_]*)['"`]/g,
];
const PROTOCOL_WORDS = new Set(['FAIL', 'SUCCESS']);
// Tables of explanations and outside codes, not places that throw.
const NOT_THROWING = new Set(['error-texts.js', 'diagnose-messages.js', 'index.d.ts', 'node-stores.d.ts']);

function jsFiles(dir = 'js/') {
  const out = [];
  for (const e of readdirSync(new URL(dir, root), { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...jsFiles(`${dir}${e.name}/`));
    else if (/\.(c|m)?js$/.test(e.name) && !NOT_THROWING.has(e.name)) out.push(`${dir}${e.name}`);
  }
  return out;
}

function wrapperCodes() {
  const found = new Map();
  for (const file of jsFiles()) {
    read(file).split('\n').forEach((line, i) => {
      for (const re of JS_PATTERNS) {
        for (const m of line.matchAll(re)) {
          if (!PROTOCOL_WORDS.has(m[1]) && !found.has(m[1])) found.set(m[1], `${file}:${i + 1}`);
        }
      }
    });
  }
  return found;
}

const thrown = new Map([...wrapperCodes(), ...rustCodes()]);

test('the sources are read: the Rust enum and the wrapper each give their codes', () => {
  const rust = rustCodes();
  const js = wrapperCodes();
  // Guards the extraction itself: a pattern that stopped matching would make the next test vacuous.
  for (const code of ['INVALID_ARGUMENT', 'SIGN_MISMATCH', 'XML_TOO_LARGE', 'ALIPAY_ERROR']) assert.ok(rust.has(code), `src/error.rs gives ${code}`);
  for (const code of ['INPUT_TOO_LARGE', 'WASM_TRAP', 'HTTP_ERROR', 'HOOK_ERROR', 'RESULT_FAIL', 'TIMEOUT']) assert.ok(js.has(code), `js/ gives ${code}`);
  assert.ok(!js.has('FAIL') && !js.has('SUCCESS'));
});

test('every code the package can throw has an English and a Chinese line', () => {
  const missing = [];
  for (const [code, where] of thrown) {
    const t = explainError(code);
    if (!t) missing.push(`${code} (thrown at ${where}): add ${code}: ['<English>', '<中文>'] to js/error-texts.js`);
    else {
      if (!t.en || /[\u4e00-\u9fff]/.test(t.en) || t.en.includes('\n')) missing.push(`${code}: the English line is empty, not English or not one line`);
      if (!/[\u4e00-\u9fff]/.test(t.zh ?? '') || t.zh.includes('\n')) missing.push(`${code}: the Chinese line is missing, not Chinese or not one line`);
    }
  }
  assert.deepEqual(missing, [], `codes without both texts:\n  ${missing.join('\n  ')}`);
});

test('the table explains no code that nothing throws (a renamed code leaves no stale text)', () => {
  const stale = Object.keys(ERROR_TEXTS).filter((code) => !thrown.has(code));
  assert.deepEqual(stale, [], `in js/error-texts.js but thrown nowhere in src/error.rs or js/: ${stale.join(', ')}`);
});

test('the README "Error codes" table lists every code of the table', () => {
  const readme = read('README.md');
  const section = /\n## Error codes\n([\s\S]*?)\n## /.exec(readme)[1];
  const undocumented = Object.keys(ERROR_TEXTS).filter((code) => !section.includes(`\`${code}\``));
  assert.deepEqual(undocumented, [], `README "Error codes" lacks: ${undocumented.join(', ')}`);
});

test('the package exports the table: explainError gives both lines, undefined for outside codes', () => {
  assert.deepEqual(Object.keys(pkg.ERROR_TEXTS).sort(), Object.keys(ERROR_TEXTS).sort());
  assert.deepEqual(pkg.explainError('SIGN_MISMATCH'), { en: ERROR_TEXTS.SIGN_MISMATCH[0], zh: ERROR_TEXTS.SIGN_MISMATCH[1] });
  for (const outside of ['ORDERPAID', 'toString', '__proto__', 'constructor', '', undefined, 42]) assert.equal(pkg.explainError(outside), undefined, String(outside));
  // A real error from the core maps to its text.
  let code;
  try { pkg.v2.fromXml('<xml><a>1</a>'); } catch (e) { code = e.code; }
  assert.equal(code, 'XML_INVALID');
  assert.equal(pkg.explainError(code).zh, ERROR_TEXTS.XML_INVALID[1]);
});
