// API v2 reconciliation bills: 下载对账单 /pay/downloadbill and 下载资金账单 /pay/downloadfundflow
// (HMAC-SHA256 and mutual TLS). Success is the bill itself — plain text, or gzip with
// tar_type=GZIP — and is unsigned by design: WeChat Pay signs no bill and v2 sends no hash, so
// the only checks are TLS and the parser's (the bill must be complete, up to its summary row).
// Failure is an XML message, never parsed as a bill: its return_msg becomes the WechatPayError.
import { v2 } from '../v2.js';
import { WechatPayError } from '../errors.js';
import { randomNonce, send } from '../http.js';
import { callOptions, runCall } from '../clients/transport.js';
import { BillStream, bodyChunks, checkBillDate, downloadSignal, peek } from '../clients/bills.js';

const DATE = /^\d{8}$/;
const MAX_ERROR_XML = 64 * 1024;
const decoder = new TextDecoder();

function fields(params, name) {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new WechatPayError('INVALID_ARGUMENT', `${name} takes an object such as { bill_date: '20261201' }`);
  return params;
}

const isSpace = (b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/**
 * The bill methods of a createV2Client. `ctx`: `{ appId, mchId, key, signType, baseUrl,
 * userAgent, post(url, init) (plain or mutual-TLS fetch), tlsReady(path) (throws TLS_REQUIRED),
 * policy, verifySign(fields, key, signType) }`.
 */
export function v2BillMethods(ctx) {
  async function stream(path, params, { secure, signType }, opts) {
    const gzip = params.tar_type === 'GZIP';
    if (params.tar_type !== undefined && !gzip) throw new WechatPayError('INVALID_ARGUMENT', 'tar_type must be "GZIP" or left out (a plain bill)');
    if (secure) ctx.tlsReady(path);
    const call = callOptions(opts);
    const url = new URL(path, ctx.baseUrl);
    const res = await runCall(ctx.policy, { api: 'v2', method: 'POST', path, safe: call.idempotent ?? true }, call, async ({ signal, responded }) => {
      const message = new Map([['appid', ctx.appId], ['mch_id', ctx.mchId], ['nonce_str', randomNonce(32)]]);
      for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) message.set(k, String(v));
      const body = v2.signedXml(message, ctx.key, signType);
      const linked = downloadSignal(signal, call.signal);
      try {
        const r = await ctx.post(url.href, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=utf-8', 'User-Agent': ctx.userAgent }, body, signal: linked.signal }, secure);
        responded(r.status, undefined);
        if (r.status !== 200) {
          r.body?.cancel().catch(() => {});
          throw new WechatPayError('HTTP_ERROR', `HTTP ${r.status} from ${path}`, { status: r.status });
        }
        return r;
      } finally {
        linked.release();
      }
    });
    const what = `the ${path} download`;
    const { head, chunks } = await peek(bodyChunks(res, what, call.signal), 64);
    let i = 0;
    while (i < head.length && isSpace(head[i])) i++;
    if (head[i] === 0x3c /* < */) throw await errorXml(chunks, path, signType);
    return new BillStream([{ chunks, what, gzip }]);
  }

  /** The failure message as a WechatPayError (RETURN_FAIL with return_msg, or err_code). */
  async function errorXml(chunks, path, signType) {
    let text = '';
    for await (const c of chunks) {
      text += decoder.decode(c, { stream: true });
      if (text.length > MAX_ERROR_XML) return new WechatPayError('BILL_INVALID', `${path} answered XML over ${MAX_ERROR_XML} bytes instead of a bill`);
    }
    const out = v2.fromXml(text);
    if (out.return_code !== 'SUCCESS') {
      return new WechatPayError('RETURN_FAIL', out.return_msg || `return_code ${out.return_code ?? '(missing)'}`, { returnMsg: out.return_msg, errorCode: out.error_code, fields: out });
    }
    // A result_code FAIL is signed like any v2 response: verify it before trusting err_code.
    ctx.verifySign(out, ctx.key, signType);
    const code = out.err_code || 'RESULT_FAIL';
    if (out.result_code !== 'SUCCESS') return new WechatPayError(code, out.err_code_des || code, { errCode: out.err_code, errCodeDes: out.err_code_des, fields: out });
    return new WechatPayError('BILL_INVALID', `${path} answered a SUCCESS XML message instead of a bill`, { fields: out });
  }

  function downloadBillStream(params, opts) {
    const p = fields(params, 'downloadBill');
    checkBillDate(p.bill_date, DATE, 'yyyyMMdd');
    return stream('/pay/downloadbill', { bill_type: 'ALL', ...p }, { secure: false, signType: ctx.signType }, opts);
  }

  function downloadFundFlowStream(params, opts) {
    const p = fields(params, 'downloadFundFlow');
    checkBillDate(p.bill_date, DATE, 'yyyyMMdd');
    // WeChat Pay accepts only HMAC-SHA256 here, whatever the client's sign type.
    return stream('/pay/downloadfundflow', { account_type: 'Basic', ...p }, { secure: true, signType: 'HMAC-SHA256' }, opts);
  }

  const whole = (streamOf) => async (params, opts) => (await streamOf(params, opts)).collect();

  return {
    /** 下载对账单 /pay/downloadbill `{ bill_date: 'yyyyMMdd', bill_type?: 'ALL', tar_type? }` → `{ columns, records, summaryColumns, summary }`. */
    downloadBill: whole(downloadBillStream),
    /** The same as a BillStream (`for await (const record of stream)`). */
    downloadBillStream,
    /** 下载资金账单 /pay/downloadfundflow `{ bill_date, account_type?: 'Basic', tar_type? }` (HMAC-SHA256, mutual TLS). */
    downloadFundFlow: whole(downloadFundFlowStream),
    downloadFundFlowStream,
  };
}
