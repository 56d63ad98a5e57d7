// Bill routes of the WeChat Pay simulator (node:crypto only, like the rest of it):
// - v3 apply: GET /v3/bill/tradebill, /v3/bill/fundflowbill, /v3/bill/sub-merchant-fundflowbill
//   (Authorization verified and JSON response signed by wechatpay.mjs, as for every v3 route);
// - v3 download: GET /v3/billdownload/file?token=… — the Authorization is verified like any v3
//   request, the response is NOT signed (as WeChat Pay's), and hash_value is the SHA-1 of the
//   bill itself: after gzip decompression, never of the gzip bytes. A client that hashes the
//   gzip bytes gets a mismatch, which is how this simulator refuses the other reading;
// - v2: POST /pay/downloadbill and /pay/downloadfundflow (HMAC-SHA256 and mutual TLS): the bill
//   as plain text or gzip, unsigned; failures as error XML.
// Bills are made from the simulator's own orders and refunds of that day (Beijing time).
import crypto from 'node:crypto';
import zlib from 'node:zlib';

export const TRADE_COLUMNS = ['交易时间', '公众账号ID', '商户号', '特约商户号', '设备号', '微信订单号', '商户订单号', '用户标识', '交易类型', '交易状态',
  '付款银行', '货币种类', '应结订单金额', '代金券金额', '微信退款单号', '商户退款单号', '退款金额', '充值券退款金额', '退款类型', '退款状态',
  '商品名称', '商户数据包', '手续费', '费率', '订单金额', '申请退款金额', '费率备注'];
export const TRADE_SUMMARY = ['总交易单数', '应结订单总金额', '退款总金额', '充值券退款总金额', '手续费总金额', '订单总金额', '申请退款总金额'];
const FUND_COLUMNS = ['记账时间', '微信支付业务单号', '资金流水单号', '业务名称', '业务类型', '收支类型', '收支金额（元）', '账户结余（元）', '资金变更提交申请人', '备注', '业务凭证号'];
const FUND_SUMMARY = ['资金流水总笔数', '收入笔数', '收入金额', '支出笔数', '支出金额'];

/** Fen → yuan text with integer arithmetic ("12.34"). */
export const yuan = (fen) => `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
/** A fee of 0.6 % in yuan with 5 decimals, as the bill writes it (fen × 6 = units of 0.00001 yuan). */
const fee = (fen) => { const f = fen * 6; return `${Math.floor(f / 100000)}.${String(f % 100000).padStart(5, '0')}`; };
const row = (cells) => cells.map((c) => `\`${c ?? ''}`).join(',');

/** A bill's text from its parts: CRLF lines, as WeChat Pay writes them. */
export function billText(columns, rows, summaryColumns, summary) {
  return [columns.join(','), ...rows.map(row), summaryColumns.join(','), row(summary), ''].join('\r\n');
}

export const sha1 = (data) => crypto.createHash('sha1').update(data).digest('hex');

/**
 * `ctx`: { cfg, state, merchantKey (KeyObject), now(), origin() (this server's URL),
 * verifyAuthorization(req, body), ApiError, paramError, sameText, fromXml, toXml, v2Sign }.
 * Returns { routeV3(method, url) → [status, body] | null, handle(req, res, raw) → handled? , control }.
 */
export function billRoutes(ctx) {
  const files = new Map(); // token → { body: Buffer, contentType, expires }
  const texts = []; // bill texts to serve instead of the made ones (bench: a 100 MB bill)
  const faults = []; // next downloads: 'truncate' | 'plainForGzip' | 'corrupt' | 'garbage' | 'cutGzip' | 'hashOfGzip'

  const beijingDate = (ms) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
  const beijingTime = (ms) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
  const paidAt = (o) => Date.parse(o.success_time) || 0;
  const refundAt = (r) => Date.parse(r.create_time) || 0;
  const paidOn = (date) => [...ctx.state.orders.values()].filter((o) => o.transaction_id && beijingDate(paidAt(o)) === date);
  const refundsOn = (date) => [...ctx.state.refunds.values()].filter((r) => beijingDate(refundAt(r)) === date);
  const total = (o) => (o.api === 'v3' ? o.amount.total : Number(o.total_fee));

  function tradeBill(date, type = 'ALL') {
    const orders = type === 'REFUND' ? [] : paidOn(date);
    const rows = orders.map((o) => [beijingTime(paidAt(o)), o.appid ?? ctx.cfg.appId, ctx.cfg.mchId, '0', '', o.transaction_id, o.out_trade_no,
      o.payer?.openid ?? o.openid ?? '', o.trade_type, 'SUCCESS', 'OTHERS', 'CNY', yuan(total(o)), '0.00', '0', '0', '0.00', '0.00', '', '',
      o.description ?? o.body ?? '', o.attach ?? '', fee(total(o)), '0.60%', yuan(total(o)), '0.00', '']);
    const sum = orders.reduce((s, o) => s + total(o), 0);
    const fees = orders.reduce((s, o) => s + total(o) * 6, 0);
    return billText(TRADE_COLUMNS, rows, TRADE_SUMMARY, [String(rows.length), yuan(sum), '0.00', '0.00', `${Math.floor(fees / 100000)}.${String(fees % 100000).padStart(5, '0')}`, yuan(sum), '0.00']);
  }

  function fundFlowBill(date) {
    let balance = 0;
    let income = 0;
    let spent = 0;
    const rows = [];
    for (const o of paidOn(date)) {
      balance += total(o);
      income += total(o);
      rows.push([beijingTime(paidAt(o)), o.transaction_id, `${ctx.cfg.mchId}${date.replaceAll('-', '')}${String(rows.length).padStart(10, '0')}`, '交易', '交易', '收入', yuan(total(o)), yuan(balance), 'system', '', o.transaction_id]);
    }
    for (const r of refundsOn(date)) {
      const fen = r.api === 'v3' ? r.amount.refund : Number(r.refund_fee);
      balance -= fen;
      spent += fen;
      rows.push([beijingTime(refundAt(r)), r.refund_id, `${ctx.cfg.mchId}${date.replaceAll('-', '')}${String(rows.length).padStart(10, '0')}`, '退款', '退款', '支出', yuan(fen), yuan(balance), 'system', '', `REF${r.transaction_id}`]);
    }
    const ins = rows.filter((r) => r[5] === '收入').length;
    return billText(FUND_COLUMNS, rows, FUND_SUMMARY, [String(rows.length), String(ins), yuan(income), String(rows.length - ins), yuan(spent)]);
  }

  /** Stores a download; returns its URL. `content` is what is served, `hashOf` what hash_value covers. */
  function publish(bill, gzip, encrypt) {
    const fault = faults.shift();
    let body = Buffer.from(bill, 'utf8');
    let hashed = body;
    if (fault === 'garbage') hashed = body = Buffer.from('交易时间,商户订单号\r\n`1,`2,`3\r\n', 'utf8');
    if (gzip && fault !== 'plainForGzip') body = zlib.gzipSync(body);
    if (fault === 'hashOfGzip') hashed = body;
    const out = { hash_type: 'SHA1', hash_value: sha1(hashed) };
    if (encrypt) {
      // The file's own AES-256 key (text, as WeChat Pay's), RSA-OAEP(SHA-1) to the merchant key.
      const key = crypto.randomBytes(16).toString('hex');
      const nonce = crypto.randomBytes(6).toString('hex');
      const c = crypto.createCipheriv('aes-256-gcm', Buffer.from(key, 'utf8'), Buffer.from(nonce, 'utf8'));
      body = Buffer.concat([c.update(body), c.final(), c.getAuthTag()]);
      out.encrypt_key = crypto.publicEncrypt({ key: ctx.merchantKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(key)).toString('base64');
      out.nonce = nonce;
    }
    // The served bytes change after hashing (and encryption): the last three bytes are replaced.
    if (fault === 'corrupt') body = Buffer.concat([body.subarray(0, body.length - 3), Buffer.from('9\r\n')]);
    const token = crypto.randomBytes(16).toString('hex');
    files.set(token, { body, fault, expires: ctx.now() + 300_000, contentType: gzip ? 'application/x-gzip' : encrypt ? 'application/octet-stream' : 'text/plain;charset=utf-8' });
    out.download_url = `${ctx.origin()}/v3/billdownload/file?token=${token}`;
    return out;
  }

  function date(url) {
    const d = url.searchParams.get('bill_date');
    if (!d) throw ctx.paramError('输入源"/query/bill_date"映射到字段"bill_date"必填性规则校验失败，此字段为必填项');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw ctx.paramError('bill_date 格式错误');
    if (d >= beijingDate(ctx.now())) throw new ctx.ApiError(400, 'NO_STATEMENT_EXIST', '账单文件不存在');
    return d;
  }
  function tar(url) {
    const t = url.searchParams.get('tar_type');
    if (t !== null && t !== 'GZIP') throw ctx.paramError('tar_type 只支持 GZIP');
    return t === 'GZIP';
  }

  function routeV3(method, url) {
    if (method !== 'GET') return null;
    switch (url.pathname) {
      case '/v3/bill/tradebill': {
        const type = url.searchParams.get('bill_type') ?? 'ALL';
        if (!['ALL', 'SUCCESS', 'REFUND'].includes(type)) throw ctx.paramError('bill_type 取值错误');
        const d = date(url);
        return [200, publish(texts.shift() ?? tradeBill(d, type), tar(url))];
      }
      case '/v3/bill/fundflowbill': {
        const d = date(url);
        return [200, publish(fundFlowBill(d), tar(url))];
      }
      case '/v3/bill/sub-merchant-fundflowbill': {
        const sub = url.searchParams.get('sub_mchid');
        if (!sub) throw ctx.paramError('输入源"/query/sub_mchid"映射到字段"sub_mchid"必填性规则校验失败，此字段为必填项');
        if (url.searchParams.get('algorithm') !== 'AEAD_AES_256_GCM') throw ctx.paramError('algorithm 取值错误');
        if (!['BASIC', 'OPERATION', 'FEES'].includes(url.searchParams.get('account_type'))) throw ctx.paramError('account_type 取值错误');
        const d = date(url);
        const gzip = tar(url);
        // The bill is split into two files at a line boundary; together they are one bill.
        const text = fundFlowBill(d);
        const lines = text.split('\r\n');
        const cut = Math.ceil(lines.length / 2);
        const parts = [`${lines.slice(0, cut).join('\r\n')}\r\n`, lines.slice(cut).join('\r\n')];
        const list = parts.map((p, i) => ({ bill_sequence: i + 1, ...publish(p, gzip, true) }));
        return [200, { download_bill_count: list.length, download_bill_list: list.reverse() }];
      }
      default:
        return null;
    }
  }

  function serve(res, file) {
    if (file.fault === 'truncate' || file.fault === 'cutGzip') {
      // The connection breaks mid-file (truncate: Content-Length promised more; cutGzip: the
      // gzip stream just stops).
      const half = file.body.subarray(0, Math.floor(file.body.length / 2));
      if (file.fault === 'truncate') {
        res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.body.length });
        res.write(half, () => res.socket?.destroy());
      } else {
        res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': half.length });
        res.end(half);
      }
      return;
    }
    // No Wechatpay-* headers: WeChat Pay does not sign bill downloads.
    res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.body.length, 'Request-ID': `08${crypto.randomBytes(8).toString('hex').toUpperCase()}` });
    res.end(file.body);
  }

  function handleV3Download(req, res, raw) {
    const url = new URL(req.url, 'http://127.0.0.1');
    let status = 200;
    let code;
    try {
      ctx.verifyAuthorization(req, raw.toString('utf8'));
      if (req.method !== 'GET') throw new ctx.ApiError(405, 'PARAM_ERROR', '只支持 GET');
      const file = files.get(url.searchParams.get('token') ?? '');
      if (!file || file.expires < ctx.now()) throw new ctx.ApiError(400, 'INVALID_REQUEST', '下载链接无效或已过期');
      files.delete(url.searchParams.get('token'));
      serve(res, file);
    } catch (e) {
      if (!(e instanceof ctx.ApiError)) throw e;
      status = e.status;
      code = e.code;
      const body = JSON.stringify({ code: e.code, message: e.message });
      res.writeHead(e.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    }
    ctx.state.requests.push({ api: 'v3', method: req.method, url: req.url, status, code });
  }

  function v2Fail(msg, errorCode) {
    return ctx.toXml({ return_code: 'FAIL', return_msg: msg, error_code: errorCode });
  }

  function handleV2Download(req, res, raw, path) {
    const f = ctx.fromXml(raw.toString('utf8'));
    const signType = f?.sign_type ?? 'MD5';
    const fund = path === '/pay/downloadfundflow';
    let fail = null;
    let bill = null;
    if (!f) fail = 'XML格式错误';
    else if (!f.appid || !f.mch_id || !f.nonce_str || !f.sign) fail = '缺少参数';
    else if (f.mch_id !== ctx.cfg.mchId || f.appid !== ctx.cfg.appId) fail = 'appid和mch_id不匹配';
    else if (fund && signType !== 'HMAC-SHA256') fail = 'sign_type参数错误，只支持HMAC-SHA256';
    else if (signType !== 'MD5' && signType !== 'HMAC-SHA256') fail = 'sign_type参数格式错误';
    else if (!ctx.sameText(ctx.v2Sign(f, ctx.cfg.v2Key, signType), f.sign)) fail = '签名错误';
    else if (fund && !(req.socket.encrypted && req.socket.authorized && req.socket.getPeerCertificate()?.subject?.CN === ctx.cfg.mchId)) fail = '证书错误';
    else if (!/^\d{8}$/.test(f.bill_date ?? '')) fail = 'invalid bill_date';
    else if (f.tar_type !== undefined && f.tar_type !== 'GZIP') fail = 'invalid tar_type';
    else {
      const d = `${f.bill_date.slice(0, 4)}-${f.bill_date.slice(4, 6)}-${f.bill_date.slice(6)}`;
      if (d >= beijingDate(ctx.now())) fail = 'invalid bill_date';
      else if (fund) bill = fundFlowBill(d);
      else if (!['ALL', 'SUCCESS', 'REFUND'].includes(f.bill_type ?? 'ALL')) fail = 'invalid bill_type';
      else if (paidOn(d).length === 0) fail = 'No Bill Exist';
      else bill = tradeBill(d, f.bill_type);
    }
    if (fail) {
      const body = v2Fail(fail, fail === 'No Bill Exist' ? '20002' : undefined);
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      ctx.state.requests.push({ api: 'v2', method: req.method, url: req.url, status: 200, code: 'FAIL', returnMsg: fail });
      return;
    }
    const gzip = f.tar_type === 'GZIP';
    const fault = faults.shift();
    let body = Buffer.from(fault === 'garbage' ? '交易时间,商户订单号\r\n`1,`2,`3\r\n' : bill, 'utf8');
    if (gzip && fault !== 'plainForGzip') body = zlib.gzipSync(body);
    // Unsigned, no hash: a v2 bill is the bill itself.
    serve(res, { body, fault, contentType: gzip ? 'application/x-gzip' : 'text/plain;charset=utf-8' });
    ctx.state.requests.push({ api: 'v2', method: req.method, url: req.url, status: 200 });
  }

  return {
    routeV3,
    /** Serves downloads and v2 bills; false for any other path. */
    handle(req, res, raw) {
      const path = new URL(req.url, 'http://127.0.0.1').pathname;
      if (path === '/v3/billdownload/file') { handleV3Download(req, res, raw); return true; }
      if (req.method === 'POST' && (path === '/pay/downloadbill' || path === '/pay/downloadfundflow')) { handleV2Download(req, res, raw, path); return true; }
      return false;
    },
    control: {
      /**
       * The next bill download misbehaves: 'truncate' (connection drops mid-body), 'cutGzip'
       * (gzip stream cut short), 'plainForGzip' (plain bill though GZIP was asked), 'corrupt'
       * (a byte changed after hashing), 'garbage' (a hash-matching text that is no bill),
       * 'hashOfGzip' (hash_value over the gzip bytes: the wrong reading of the docs).
       */
      billFault(kind) { faults.push(kind); },
      /** The next trade bill applied for is `text` (any size), whatever the orders. */
      nextTradeBill(text) { texts.push(text); },
      /** The trade bill text the simulator would serve for `date` (yyyy-MM-dd). */
      tradeBillText: (d, type) => tradeBill(d, type),
      fundFlowBillText: (d) => fundFlowBill(d),
    },
  };
}
