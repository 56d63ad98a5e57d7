// The package ships two wasm modules (js/extra.js, README "Speed"): the core, instantiated at
// startup, and the extra (Alipay, diagnostics, .p12, bills), instantiated on first use. Each case
// runs in a fresh Node process (ESM and CommonJS) that counts compilations and instantiations
// per module (tests/js/split-scenarios.mjs), and its results are checked against node:crypto
// and the vectors.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createVerify, createSign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { v3Vectors as E, pems } from './v3-helpers.mjs';

const P12 = JSON.parse(readFileSync(new URL('../vectors/p12/expected.json', import.meta.url), 'utf8')).merchant_aes;
const data = {
  pems, E,
  p12: { base64: readFileSync(new URL('../vectors/p12/merchant_aes.p12', import.meta.url)).toString('base64'), password: P12.password },
};
const scenarios = new URL('./split-scenarios.mjs', import.meta.url).href;
const dir = mkdtempSync(join(new URL('../../node_modules/', import.meta.url).pathname, '.split-'));
const dataFile = join(dir, 'data.json');
writeFileSync(dataFile, JSON.stringify(data));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `steps` (names: 'core' or an optional area) in a fresh process; their results and the counts after each. */
function run(steps, { format = 'esm' } = {}) {
  const load = format === 'esm' ? "await import('wechatpay-wasm')" : "createRequire(import.meta.url)('wechatpay-wasm')";
  const script = `
    import { readFileSync } from 'node:fs';
    import { createRequire } from 'node:module';
    const { countWasm, coreFlow, optional } = await import(${JSON.stringify(scenarios)});
    const counts = countWasm();
    const api = ${load};
    const data = JSON.parse(readFileSync(${JSON.stringify(dataFile)}, 'utf8'));
    const out = [];
    for (const step of ${JSON.stringify(steps)}) {
      const result = step === 'core' ? await coreFlow(api, data) : await optional[step](api, data);
      out.push({ step, result, counts: JSON.parse(JSON.stringify(counts)) });
    }
    console.log(JSON.stringify(out));
  `;
  const file = join(dir, `run-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, script);
  const r = spawnSync(process.execPath, [file], { encoding: 'utf8', cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const once = { compiled: { core: 1, extra: 1 }, instantiated: { core: 1, extra: 1 } };
const coreOnly = { compiled: { core: 1, extra: 0 }, instantiated: { core: 1, extra: 0 } };

function checkCore(result) {
  assert.equal(result.v2Sign, '9A0A8659F005D6984697E2CA0A9CF3B7');
  assert.equal(result.v2Parsed, 'T1');
  assert.deepEqual(result.v2FromXml, { a: '1', b: '<2>' });
  assert.deepEqual(result.v2Handled, [true, 'T1']);
  assert.equal(result.authorization, E.authorization.header);
  assert.equal(result.authorizationSync, E.authorization.header);
  assert.deepEqual(result.verifyResponse, [true, true]);
  assert.deepEqual(result.notification, E.notification.resource);
  assert.deepEqual(result.v3Handled, [true, E.notification.resource]);
  assert.equal(result.jsapi, E.jsapi.paySign);
  assert.equal(result.sensitive, E.sensitive.plaintext);
  assert.equal(result.certificateInfo, E.certificate.serialNo);
  assert.equal(result.nonce, 8);
}

for (const format of ['esm', 'cjs']) {
  test(`${format}: a v2 / v3 / notification flow never compiles nor instantiates the extra module`, () => {
    const [core] = run(['core'], { format });
    checkCore(core.result);
    assert.deepEqual(core.counts, coreOnly);
  });
}

test('Alipay works on first use; key handles cross both ways (v3 → Alipay, Alipay → v3)', () => {
  const [{ result, counts }, again] = run(['alipay', 'alipay']);
  assert.deepEqual(counts, once);
  assert.deepEqual(again.counts, once, 'instantiated once');
  const reference = createSign('RSA-SHA256').update(result.stringToSign).sign(pems['private_pkcs8.pem'], 'base64');
  assert.deepEqual(result.signs, [reference, reference, reference]);
  assert.equal(result.v3WithAlipayKey, E.authorization.header);
  assert.deepEqual(result.verified, [true, true, true]);
  assert.deepEqual(result.publicKey, [2048, null]);
});

test('.p12 works on first use; its key and certificate are core handles that sign and verify v3', () => {
  for (const format of ['esm', 'cjs']) {
    const [{ result, counts }] = run(['p12'], { format });
    assert.deepEqual(counts, once);
    assert.equal(result.serialNo, P12.serialNo);
    assert.equal(result.certificateSerial, P12.serialNo);
    // The .p12 holds the vectors' key: the same header, which the certificate verifies.
    assert.equal(result.authorization, E.authorization.header);
    assert.equal(result.authorizationSync, E.authorization.header);
    const signature = /signature="([^"]+)"/.exec(result.authorization)[1];
    assert.ok(createVerify('RSA-SHA256').update(E.authorization.message).verify(pems['cert.pem'], signature, 'base64'));
    assert.deepEqual(result.verifierIds, [P12.serialNo]);
  }
});

test('diagnostics work on first use: v2.diagnose, and v3 diagnoses given core key handles and a Verifier', () => {
  const [v2] = run(['v2diagnose']);
  assert.deepEqual(v2.counts, once);
  assert.deepEqual(v2.result, { good: true, bad: false });
  const [v3] = run(['v3diagnose']);
  assert.deepEqual(v3.counts, once);
  assert.deepEqual(v3.result, {
    request: [true, ['CERTIFICATE_NOT_YET_VALID']], tampered: [false, true],
    verification: ['CERTIFICATE_NOT_YET_VALID'], unknownSerial: false, codes: true,
  });
});

test('bills work on first use', () => {
  const [{ result, counts }] = run(['bills']);
  assert.deepEqual(counts, once);
  assert.deepEqual(result.records, [{ 交易时间: '2026-12-01 10:00:00', 商户订单号: 'T1', 总金额: '0.01' }]);
  assert.equal(result.fen, 1);
});

test('core, then every optional area: one extra instance serves them all, and the core keeps working', () => {
  const out = run(['core', 'alipay', 'p12', 'v2diagnose', 'v3diagnose', 'bills', 'core']);
  assert.deepEqual(out[0].counts, coreOnly);
  for (const step of out.slice(1)) assert.deepEqual(step.counts, once, step.step);
  checkCore(out.at(-1).result);
});
