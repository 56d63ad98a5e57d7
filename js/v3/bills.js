// API v3 reconciliation bills: trade bills, fund-flow bills and a service provider's encrypted
// sub-merchant fund-flow bills. Each is two calls:
// 1. apply: a signed GET whose JSON response is verified like every v3 response, giving
//    `hash_type`, `hash_value` and `download_url`;
// 2. download: a GET of download_url with an Authorization header, whose response WeChat Pay
//    does NOT sign (so no signature is checked): the bill's SHA-1 must equal hash_value, which
//    covers the bill itself — after gzip decompression, not the gzip bytes.
import { v3 } from '../v3.js';
import { WechatPayError } from '../errors.js';
import { headerPairs, headerValue, requireString, send } from '../http.js';
import { callOptions, runCall } from '../clients/transport.js';
import { BillStream, bodyChunks, checkBillDate, downloadSignal } from '../clients/bills.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_ERROR_BODY = 64 * 1024;
const encoder = new TextEncoder();

function fields(params, name) {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new WechatPayError('INVALID_ARGUMENT', `${name} takes an object such as { bill_date: '2026-12-01' }`);
  return params;
}

function tarType(value) {
  if (value !== undefined && value !== 'GZIP') throw new WechatPayError('INVALID_ARGUMENT', 'tar_type must be "GZIP" or left out (a plain bill)');
  return value;
}

/** `?k=v&…` of the defined values, in the given order. */
function query(pairs) {
  const q = new URLSearchParams();
  for (const [k, v] of pairs) if (v !== undefined && v !== null) q.append(k, requireString(v, k));
  return `?${q}`;
}

function applied(body, what) {
  for (const k of ['hash_type', 'hash_value', 'download_url']) {
    if (typeof body?.[k] !== 'string' || body[k] === '') throw new WechatPayError('JSON_INVALID', `the ${what} response has no ${k}`);
  }
  return body;
}

/**
 * The bill methods of a createV3Client. `ctx`: the client's internals `{ mchId, serialNo,
 * privateKey() (→ handle), baseUrl, fetch, userAgent, now() (→ s), policy, request }`.
 */
export function v3BillMethods(ctx) {
  /**
   * The signed, unverified GET of a download_url; resolves with the 200 response (its body not
   * read yet). Only download_url's path and query are used, on the client's baseUrl, so the
   * Authorization header never goes to a host the merchant did not configure.
   */
  function download(downloadUrl, opts) {
    let url;
    try {
      const given = new URL(requireString(downloadUrl, 'download_url'));
      url = new URL(given.pathname + given.search, ctx.baseUrl);
    } catch (e) {
      if (e instanceof WechatPayError) throw e;
      throw new WechatPayError('JSON_INVALID', 'download_url is not a URL');
    }
    const signed = url.pathname + url.search;
    const call = callOptions(opts);
    return runCall(ctx.policy, { api: 'v3', method: 'GET', path: url.pathname, safe: call.idempotent ?? true }, call, async ({ signal, responded }) => {
      const authorization = await ctx.sign('GET', signed, '');
      const headers = { Authorization: authorization, Accept: 'application/json, text/plain, application/x-gzip, application/octet-stream', 'User-Agent': ctx.userAgent };
      const linked = downloadSignal(signal, call.signal);
      let res;
      try {
        res = await send(ctx.fetch, url.href, { method: 'GET', headers, signal: linked.signal });
      } finally {
        linked.release();
      }
      const requestId = headerValue(headerPairs(res.headers), 'Request-ID');
      responded(res.status, requestId);
      if (res.status === 200) return res;
      let text = '';
      for await (const c of bodyChunks(res, 'the bill download error', call.signal)) {
        if (text.length < MAX_ERROR_BODY) text += new TextDecoder().decode(c);
      }
      let err = null;
      try { err = JSON.parse(text); } catch { /* not JSON */ }
      if (err && typeof err.code === 'string') throw new WechatPayError(err.code, typeof err.message === 'string' ? err.message : err.code, { status: res.status, requestId, detail: err.detail });
      throw new WechatPayError('HTTP_ERROR', `HTTP ${res.status} from GET ${url.pathname}`, { status: res.status, requestId, body: text.slice(0, 1000) });
    });
  }

  /** One downloaded file as a BillStream part (fetched when the stream reaches it). */
  async function part(file, gzip, opts, decrypt) {
    const res = await download(file.download_url, opts);
    const what = 'the bill download';
    return { chunks: bodyChunks(res, what, opts?.signal), what, gzip, decrypt: await decrypt?.(), hash: { type: file.hash_type, value: file.hash_value } };
  }

  async function plainBill(path, params, opts) {
    const gzip = params.tar_type === 'GZIP';
    const apply = applied(await ctx.request('GET', path, undefined, opts), 'bill apply');
    const first = await part(apply, gzip, opts);
    return Object.assign(new BillStream([first]), { hashType: apply.hash_type, hashValue: apply.hash_value });
  }

  function tradeBillStream(params, opts) {
    const p = fields(params, 'tradeBill');
    return plainBill(`/v3/bill/tradebill${query([
      ['bill_date', checkBillDate(p.bill_date, DATE, 'yyyy-MM-dd')], ['sub_mchid', p.sub_mchid], ['bill_type', p.bill_type], ['tar_type', tarType(p.tar_type)],
    ])}`, p, opts);
  }

  function fundFlowBillStream(params, opts) {
    const p = fields(params, 'fundFlowBill');
    return plainBill(`/v3/bill/fundflowbill${query([
      ['bill_date', checkBillDate(p.bill_date, DATE, 'yyyy-MM-dd')], ['account_type', p.account_type], ['tar_type', tarType(p.tar_type)],
    ])}`, p, opts);
  }

  async function subMerchantFundFlowBillStream(params, opts) {
    const p = fields(params, 'subMerchantFundFlowBill');
    const algorithm = p.algorithm ?? 'AEAD_AES_256_GCM';
    if (algorithm !== 'AEAD_AES_256_GCM') throw new WechatPayError('INVALID_ARGUMENT', 'algorithm must be AEAD_AES_256_GCM (SM4_GCM is not supported)');
    const path = `/v3/bill/sub-merchant-fundflowbill${query([
      ['sub_mchid', requireString(p.sub_mchid, 'sub_mchid')], ['bill_date', checkBillDate(p.bill_date, DATE, 'yyyy-MM-dd')],
      ['account_type', requireString(p.account_type ?? 'BASIC', 'account_type')], ['algorithm', algorithm], ['tar_type', tarType(p.tar_type)],
    ])}`;
    const body = await ctx.request('GET', path, undefined, opts);
    const list = body?.download_bill_list;
    if (!Array.isArray(list) || list.length === 0) throw new WechatPayError('JSON_INVALID', 'the sub-merchant bill response has no download_bill_list');
    const files = list.map((f) => {
      applied(f, 'sub-merchant bill');
      if (typeof f.encrypt_key !== 'string' || typeof f.nonce !== 'string' || !Number.isInteger(f.bill_sequence)) throw new WechatPayError('JSON_INVALID', 'a download_bill_list entry lacks encrypt_key, nonce or bill_sequence');
      return f;
    }).sort((a, b) => a.bill_sequence - b.bill_sequence);
    const gzip = p.tar_type === 'GZIP';
    // The files are parts of one bill, in bill_sequence order: each is downloaded when the
    // stream reaches it (download_url is valid for minutes, and one file is held at a time).
    async function* parts() {
      for (const f of files) {
        yield await part(f, gzip, opts, async () => {
          // encrypt_key: the file's AES-256 key, RSA-OAEP-encrypted to the merchant's key.
          const key = encoder.encode(await v3.decryptSensitive(f.encrypt_key, await ctx.privateKey()));
          return { key, nonce: encoder.encode(f.nonce) };
        });
      }
    }
    return Object.assign(new BillStream(parts()), { files: files.map(({ bill_sequence, hash_type, hash_value }) => ({ bill_sequence, hash_type, hash_value })) });
  }

  const whole = (streamOf) => async (params, opts) => {
    const stream = await streamOf(params, opts);
    return { ...(await stream.collect()), ...(stream.hashValue ? { hashType: stream.hashType, hashValue: stream.hashValue } : {}) };
  };

  return {
    /** 申请交易账单 + download, verified and parsed: `{ columns, records, summaryColumns, summary, hashType, hashValue }`. */
    tradeBill: whole(tradeBillStream),
    /** The trade bill as a BillStream (`for await (const record of stream)`), for big bills. */
    tradeBillStream,
    /** 申请资金账单 + download: `{ bill_date, account_type?, tar_type? }`. */
    fundFlowBill: whole(fundFlowBillStream),
    fundFlowBillStream,
    /** 申请单个子商户资金账单 (service provider): downloads, decrypts and joins the encrypted files. */
    subMerchantFundFlowBill: whole(subMerchantFundFlowBillStream),
    subMerchantFundFlowBillStream,
  };
}
