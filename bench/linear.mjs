// Parser linearity (`make bench`): time per KB of input at 10 KB and at 1 MB for each parser that
// takes outside text. A linear parser shows the same µs/KB at both sizes; a quadratic one shows
// ~100× more at 1 MB. Not a test (timings are noisy); the tests cap field counts and sizes.
import { v2, alipay } from 'wechatpay-wasm';
import { readFileSync } from 'node:fs';

const KEY = '192006250b4c09247ec02edce69f6a2d';
const alipayDir = new URL('../tests/vectors/alipay/', import.meta.url);
const alipayPublic = readFileSync(new URL('alipay_public_spki.pem', alipayDir), 'utf8');

// The fields of a document of about `bytes` bytes: as many as the field cap allows, values sized up.
function fieldsOf(bytes) {
  const n = Math.min(1000, Math.max(10, Math.floor(bytes / 64)));
  const size = Math.max(1, Math.floor(bytes / n) - 24);
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`field_${i}`, 'v'.repeat(size)]));
}

function timePerKb(fn, input, bytes) {
  const runs = Math.max(3, Math.ceil(2e6 / bytes));
  fn(input);
  const start = performance.now();
  for (let i = 0; i < runs; i++) fn(input);
  return ((performance.now() - start) * 1000) / runs / (bytes / 1024);
}

const cases = {
  'v2.fromXml': (bytes) => [v2.toXml(fieldsOf(bytes)), (x) => v2.fromXml(x)],
  'v2.parseNotification': (bytes) => [v2.signedXml({ return_code: 'SUCCESS', ...fieldsOf(bytes) }, KEY), (x) => v2.parseNotification(x, KEY)],
  'v2.diagnose (mismatch)': (bytes) => [{ ...fieldsOf(bytes), sign: 'WRONG' }, (p) => v2.diagnose(p, KEY)],
  'alipay response scanner': (bytes) => {
    const node = JSON.stringify({ code: '10000', msg: 'Success', pad: 'x'.repeat(Math.max(0, bytes - 200)) });
    const body = `{"alipay_trade_query_response":${node},"sign":"AAAA"}`;
    return [body, (b) => { try { alipay.verifyResponse(b, 'alipay.trade.query', alipayPublic); } catch (e) { if (e.code !== 'SIGN_MISMATCH') throw e; } }];
  },
};

const rows = [];
for (const [name, make] of Object.entries(cases)) {
  const row = { parser: name };
  for (const [label, bytes] of [['10 KB', 10 * 1024], ['1 MB', 1000 * 1024]]) {
    const [input, fn] = make(bytes);
    const actual = typeof input === 'string' ? input.length : JSON.stringify(input).length;
    row[`µs/KB at ${label}`] = timePerKb(fn, input, actual).toFixed(2);
  }
  row['1 MB ÷ 10 KB'] = (row['µs/KB at 1 MB'] / row['µs/KB at 10 KB']).toFixed(2);
  rows.push(row);
}
console.log('Parser linearity: the ratio stays near 1 for a linear parser');
console.table(rows);
