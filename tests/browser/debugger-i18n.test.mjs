// The debugger in Chinese and English (headless Chromium): the language follows
// navigator.language until the user switches, the choice is remembered, switching keeps the keys,
// every string table has the same keys in both languages, and each error code is shown with its
// explanation (js/error-texts.js) in the page's language. Screenshots go to test-artifacts/; with
// UPDATE_SCREENSHOTS=1 the README's docs/debugger.zh-CN.png is rewritten too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { serveRepo, launchChromium, eventually as eventuallyOn } from './harness.mjs';
import { v2Vectors } from '../js/helpers.mjs';
import { ERROR_TEXTS } from '../../js/error-texts.js';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
const DOCS_PNG = new URL('../../docs/debugger.zh-CN.png', import.meta.url);
const [md5Vector, hmacVector] = v2Vectors.sign;
const CJK = /[\u4e00-\u9fff]/;

let server, browser;
const pageErrors = [];
before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serveRepo();
  browser = await launchChromium();
});
after(async () => { await browser?.close(); await server?.close(); });

/** A fresh browser profile (its own localStorage) whose navigator.language is `locale`. */
async function newPage(locale) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e));
  return page;
}

async function open(page, hash = '') {
  await page.goto('about:blank');
  await page.goto(`${server.url}/debugger/${hash}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
}

const text = (page, sel) => page.locator(sel).first().innerText({ timeout: 1000 });
const tabs = (page) => page.locator('.tab').allInnerTexts();

const ZH_TABS = ['v2 签名', 'v2 通知', 'v2 paySign', 'v3 请求', 'v3 通知', 'v3 paySign', '商户证书', '支付宝签名 / 验签', '支付宝公钥证书模式'];
const EN_TABS = ['v2 sign', 'v2 notification', 'v2 paySign', 'v3 request', 'v3 notification', 'v3 paySign', 'Certificate', 'Alipay sign / verify', 'Alipay certificate mode'];

test('a zh-CN browser gets the page in Chinese; an en-US one in English', async () => {
  const zh = await newPage('zh-CN');
  await open(zh);
  assert.equal(await zh.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await text(zh, '#heading'), '微信支付签名调试工具');
  assert.match(await text(zh, '#offline'), /您输入的内容不会离开本页面/);
  assert.deepEqual(await tabs(zh), ZH_TABS);
  assert.match(await zh.title(), /微信支付签名调试工具$/);
  assert.equal(await text(zh, '#lang'), 'English');
  await zh.context().close();

  const en = await newPage('en-US');
  await open(en);
  assert.equal(await en.getAttribute('html', 'lang'), 'en');
  assert.equal(await text(en, '#heading'), 'WeChat Pay signature debugger');
  assert.deepEqual(await tabs(en), EN_TABS);
  assert.equal(await text(en, '#lang'), '中文');
  await en.context().close();
  assert.deepEqual(pageErrors, []);
});

test('every string table has the same keys, of the same kind, in English and Chinese', async () => {
  const page = await newPage('en-US');
  await open(page);
  const problems = await page.evaluate(async () => {
    const modules = ['./app.js', './ui.js', './tabs/v2-common.js', './tabs/v3-common.js'];
    const tables = [];
    for (const m of modules) tables.push([m, (await import(m)).TEXT]);
    for (const tab of (await import('./tabs/index.js')).TABS) tables.push([tab.id, tab.TEXT]);
    const out = [];
    const compare = (where, en, zh) => {
      for (const key of new Set([...Object.keys(en), ...Object.keys(zh)])) {
        if (!(key in zh)) out.push(`${where}.${key}: no Chinese`);
        else if (!(key in en)) out.push(`${where}.${key}: no English`);
        else if (typeof en[key] !== typeof zh[key]) out.push(`${where}.${key}: ${typeof en[key]} in English, ${typeof zh[key]} in Chinese`);
        else if (typeof en[key] === 'object') compare(`${where}.${key}`, en[key], zh[key]);
        else if (typeof en[key] === 'function' && en[key].length !== zh[key].length) out.push(`${where}.${key}: takes ${en[key].length} arguments in English, ${zh[key].length} in Chinese`);
      }
    };
    for (const [where, table] of tables) {
      if (!table?.en || !table?.zh) out.push(`${where}: no TEXT = { en, zh }`);
      else compare(where, table.en, table.zh);
    }
    return { out, count: tables.length };
  });
  assert.equal(problems.count, 13, 'app, ui, two common tables and 9 tabs');
  assert.deepEqual(problems.out, []);

  // Every code v2.diagnose can report (read from the Rust source) has its line in both languages.
  const rust = readFileSync(new URL('../../src/v2/diagnose.rs', import.meta.url), 'utf8');
  const v2Codes = new Set([...rust.matchAll(/(?:code: |_variant\()"([A-Z][A-Z0-9_]+)"/g)].map((m) => m[1]));
  assert.ok(v2Codes.size >= 19 && v2Codes.has('SIGN_TYPE') && v2Codes.has('FIELDS_NOT_TRIED'), [...v2Codes].join());
  const explained = await page.evaluate(async () => Object.keys((await import('./tabs/v2-common.js')).TEXT.en.codes));
  assert.deepEqual([...v2Codes].filter((c) => !explained.includes(c)), [], 'v2.diagnose codes without a line in tabs/v2-common.js');
  await page.context().close();
});

test('the switch re-renders in the other language, keeps the key and is remembered over the browser language', async () => {
  const page = await newPage('zh-CN');
  await open(page, '#v2-sign');
  assert.equal(await text(page, '#tab-v2-sign'), 'v2 签名');
  await page.fill('#v2-sign-key', md5Vector.key);
  await page.fill('#v2-sign-params', JSON.stringify(md5Vector.params));
  await eventuallyOn(page, async () => assert.match(await text(page, '#v2-sign-verdict'), /^已计算 MD5 签名/));
  assert.equal(await text(page, '.keylen'), '32 个字符');

  await page.click('#lang');
  await eventuallyOn(page, async () => assert.equal(await text(page, '#tab-v2-sign'), 'v2 sign'));
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.getAttribute('body', 'data-lang'), 'en');
  assert.deepEqual(await tabs(page), EN_TABS);
  assert.equal(await page.locator('#panel-v2-sign').count(), 1, 'one panel per tab after re-rendering');
  assert.equal(await page.inputValue('#v2-sign-key'), md5Vector.key, 'the key (memory only) survives the switch');
  assert.equal(await text(page, '.keylen'), '32 characters');
  assert.match(await text(page, '#v2-sign-verdict'), /Paste parameters to start/);

  // Remembered: a reload in this zh-CN browser stays English.
  await open(page, '#v2-sign');
  assert.deepEqual(await tabs(page), EN_TABS);
  assert.equal(await page.evaluate(() => localStorage.getItem('wechatpay-wasm-debugger-lang')), 'en');
  await page.click('#lang');
  await eventuallyOn(page, async () => assert.deepEqual(await tabs(page), ZH_TABS));
  await open(page, '#v2-sign');
  assert.deepEqual(await tabs(page), ZH_TABS);
  await page.context().close();
  assert.deepEqual(pageErrors, []);
});

test('an error code is shown with its explanation in the page language (Chinese, then English)', async () => {
  const page = await newPage('zh-CN');
  await open(page, '#v2-notify');
  await page.fill('#v2-notify-key', md5Vector.key);
  await page.fill('#v2-notify-xml', v2Vectors.signed_xml.xml.replace('<body>test', '<body>tesT'));
  await eventuallyOn(page, async () => assert.match(await text(page, '#v2-notify-verdict'), /检查未通过：SIGN_MISMATCH/));
  const zhVerdict = await text(page, '#v2-notify-verdict');
  assert.ok(zhVerdict.includes(`→ ${ERROR_TEXTS.SIGN_MISMATCH[1]}`), zhVerdict);
  assert.equal(await page.getAttribute('#v2-notify-checks .fail .code', 'title'), ERROR_TEXTS.SIGN_MISMATCH[1]);
  assert.match(await text(page, '#v2-notify-checks .fail'), /按 sign_type（默认 MD5）验签通过/);

  // A bad PEM on a v3 tab: the code, the core's message, then the explanation.
  await open(page, '#v3-request');
  await page.fill('#v3-req-pem', '-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----\n');
  await eventuallyOn(page, async () => assert.equal(await text(page, '#v3-req-keyinfo .code'), 'KEY_INVALID'));
  assert.equal(await text(page, '#v3-req-keyinfo .meaning'), `→ ${ERROR_TEXTS.KEY_INVALID[1]}`);

  // The certificate tab follows the page language too (not only the browser's).
  await open(page, '#certificate');
  assert.equal(await text(page, '#tab-certificate'), '商户证书');
  await page.fill('#certificate-input', readFileSync(new URL('../vectors/v3/private_pkcs8.pem', import.meta.url), 'utf8'));
  await eventuallyOn(page, async () => assert.match(await text(page, '#certificate-verdict'), /^不是可用的证书/));
  assert.ok((await text(page, '#certificate-verdict')).includes(`→ ${ERROR_TEXTS.KEY_INVALID[1]}`));
  await page.fill('#certificate-input', readFileSync(new URL('../vectors/v3/cert.pem', import.meta.url), 'utf8'));
  await eventuallyOn(page, async () => assert.match(await text(page, '#certificate-verdict'), /^(已读取证书|证书已过期|证书尚未生效)/));

  await page.click('#lang');
  await open(page, '#v2-notify');
  await page.fill('#v2-notify-key', md5Vector.key);
  await page.fill('#v2-notify-xml', '<xml><a>1</a>');
  await eventuallyOn(page, async () => assert.match(await text(page, '#v2-notify-verdict'), /Check failed: XML_INVALID/));
  const enVerdict = await text(page, '#v2-notify-verdict');
  assert.ok(enVerdict.includes(`→ ${ERROR_TEXTS.XML_INVALID[0]}`), enVerdict);
  assert.ok(!CJK.test(enVerdict), enVerdict);
  await page.context().close();
});

test('screenshot: the v2 sign mismatch in Chinese (CJK glyphs, not boxes)', async () => {
  const page = await newPage('zh-CN');
  await open(page, '#v2-sign');
  await page.fill('#v2-sign-params', JSON.stringify({ ...md5Vector.params, sign: hmacVector.sign }, null, 2));
  await page.selectOption('#v2-sign-type', 'MD5');
  await page.fill('#v2-sign-key', md5Vector.key);
  await eventuallyOn(page, async () => assert.equal(await page.getAttribute('#v2-sign-diagnosis .cause', 'data-code'), 'SIGN_TYPE'));
  assert.match(await text(page, '#v2-sign-verdict'), new RegExp(`^签名不一致\\n收到 ${hmacVector.sign}\\n应为 ${md5Vector.sign}（MD5）`));
  assert.match(await text(page, '#v2-sign-diagnosis h3'), /^可能的原因/);
  assert.equal(await text(page, '#v2-sign-diagnosis .cause .meaning'), '签名使用的是另一种签名类型。');
  // The heading's ideographs are drawn with a CJK font (Makefile: fonts-noto-cjk), as Chromium
  // itself reports: without one they would be boxes.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '#heading' });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  assert.ok(fonts.some((f) => /CJK/i.test(f.familyName) && f.glyphCount >= 8), JSON.stringify(fonts));
  await page.evaluate(() => document.activeElement?.blur());
  await page.screenshot({ path: new URL('debugger-zh-v2-sign-mismatch.png', ARTIFACTS).pathname, fullPage: true });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    await page.screenshot({ path: DOCS_PNG.pathname, fullPage: true });
  }
  await page.context().close();
  assert.deepEqual(pageErrors, []);
});
