// The WeChat Pay simulator's routes beyond the payment: media upload, service-provider (partner)
// orders, merchant transfer bills (商家转账) and profit sharing (分账). Called by wechatpay.mjs;
// written with node:crypto only, independently of wechatpay-wasm, as strict as the rest:
// - an upload's Authorization must sign the meta JSON only (a signature over the multipart body
//   is SIGN_ERROR), and the file must match meta.sha256 and the endpoint's type and size limits;
// - a body with RSA-OAEP-encrypted fields needs `Wechatpay-Serial` naming the key they were
//   encrypted with (a platform certificate serial or PUB_KEY_ID_…): missing, unknown or not the
//   key of the ciphertext is PARAM_ERROR; the decrypted values are kept for tests to compare;
// - partner calls must name a known sub-merchant and use sp_mchid = the signing merchant.
import crypto from 'node:crypto';

/** TEST ONLY sub-merchant of the simulated service provider (sp_mchid/sp_appid: TEST_MATERIAL's). */
export const PARTNER_MATERIAL = Object.freeze({ subMchId: '1900000109', subAppId: 'wx8888888888888888', otherSubAppId: 'wx7777777777777777' });

const MiB = 1024 * 1024;
const UPLOADS = {
  '/v3/merchant/media/upload': { maxBytes: 2 * MiB, extensions: ['jpg', 'jpeg', 'bmp', 'png'] },
  '/v3/merchant/media/video_upload': { maxBytes: 5 * MiB, extensions: ['avi', 'wmv', 'mpeg', 'mp4', 'mov', 'mkv', 'flv', 'f4v', 'm4v', 'rmvb'] },
  '/v3/marketing/favor/media/image-upload': { maxBytes: 2 * MiB, extensions: ['jpg', 'jpeg', 'bmp', 'png'] },
};
const TRANSFER_BILLS = '/v3/fund-app/mch-transfer/transfer-bills';
const USER_NAME_REQUIRED_FROM = 200_000; // fen: 2,000 yuan and more need the user's real name

/**
 * `h` = the simulator's internals: { cfg, state, now, rfc3339, randomHex, ApiError, paramError,
 * field, isObj, isStr, isAmount, decryptionKey(serial), merchantKey, v3Notification, notify }.
 */
export function beyondPaymentRoutes(h) {
  const { cfg, ApiError, paramError, field, isObj, isStr, isAmount } = h;
  const s = { media: new Map(), partnerOrders: new Map(), partnerRefunds: new Map(), transfers: new Map(), receivers: new Map(), sharing: new Map(), returns: new Map() };
  Object.assign(h.state, { beyond: s });
  const stamp = () => h.rfc3339(h.now());
  const digits = (n) => Array.from(crypto.randomBytes(n), (b) => b % 10).join('');

  // ── Wechatpay-Serial and encrypted fields ──

  function decryptField(req, value, name) {
    const serial = req.headers['wechatpay-serial'];
    if (!serial) throw new ApiError(400, 'PARAM_ERROR', `请求中含有加密的敏感信息（${name}）时，必须在 HTTP 头中设置 Wechatpay-Serial`);
    const key = h.decryptionKey(serial);
    if (!key) throw new ApiError(400, 'PARAM_ERROR', `Wechatpay-Serial ${serial} 不是有效的微信支付公钥ID或平台证书序列号`);
    if (typeof value !== 'string') throw paramError(`${name} 格式校验失败`);
    try {
      return crypto.privateDecrypt({ key, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(value, 'base64')).toString('utf8');
    } catch {
      throw new ApiError(400, 'PARAM_ERROR', `${name} 解密失败：密文与 Wechatpay-Serial ${serial} 对应的密钥不匹配`);
    }
  }
  /** A response field encrypted to the merchant, as WeChat Pay does (RSA-OAEP SHA-1, merchant certificate key). */
  const encryptForMerchant = (text) => crypto.publicEncrypt({ key: h.merchantKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(text, 'utf8')).toString('base64');

  // ── upload ──

  /** The multipart body of an upload path → `{ meta (the JSON text), file, filename }`; null for other paths. */
  function parseUpload(req, url, raw) {
    const limits = UPLOADS[url.pathname];
    if (!limits || req.method !== 'POST') return null;
    const m = /^multipart\/form-data;\s*boundary=("?)([^";]{1,70})\1\s*$/i.exec(req.headers['content-type'] ?? '');
    if (!m) throw new ApiError(400, 'PARAM_ERROR', 'Content-Type 必须为 multipart/form-data 且带 boundary');
    const delimiter = Buffer.from(`--${m[2]}`);
    const parts = {};
    let at = raw.indexOf(delimiter);
    if (at !== 0) throw paramError('multipart 格式错误');
    for (;;) {
      at += delimiter.length;
      if (raw.subarray(at, at + 2).toString() === '--') break;
      if (raw.subarray(at, at + 2).toString() !== '\r\n') throw paramError('multipart 格式错误');
      const headEnd = raw.indexOf('\r\n\r\n', at);
      const next = raw.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headEnd);
      if (headEnd < 0 || next < 0) throw paramError('multipart 格式错误');
      const head = raw.subarray(at + 2, headEnd).toString('utf8');
      const name = /content-disposition:\s*form-data;\s*name="([^"]*)"(?:;\s*filename="([^"]*)")?/i.exec(head);
      if (!name || parts[name[1]]) throw paramError('multipart 格式错误');
      parts[name[1]] = { filename: name[2], data: raw.subarray(headEnd + 4, next) };
      at = next + 2;
    }
    if (!parts.meta || !parts.file) throw paramError('缺少 meta 或 file');
    const meta = parts.meta.data.toString('utf8');
    let info;
    try { info = JSON.parse(meta); } catch { throw paramError('meta 不是合法的 JSON'); }
    const filename = field(info, 'filename', (v) => isStr(v, 256));
    const sha256 = field(info, 'sha256', (v) => typeof v === 'string' && /^[0-9a-f]{64}$/i.test(v));
    const ext = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1].toLowerCase();
    if (!limits.extensions.includes(ext)) throw paramError(`文件名后缀必须为 ${limits.extensions.join('、')}`);
    if (parts.file.data.length > limits.maxBytes) throw paramError(`文件大小不能超过${limits.maxBytes / MiB}M`);
    if (crypto.createHash('sha256').update(parts.file.data).digest('hex') !== sha256.toLowerCase()) throw paramError('文件摘要 sha256 与文件内容不一致');
    return { upload: true, meta, file: Buffer.from(parts.file.data), filename };
  }

  function upload(path, u) {
    const mediaId = `V1_${crypto.randomBytes(24).toString('base64url')}`;
    s.media.set(mediaId, { path, filename: u.filename, sha256: crypto.createHash('sha256').update(u.file).digest('hex'), size: u.file.length });
    return { media_id: mediaId };
  }

  // ── service provider (partner) orders ──

  function checkSubMchid(v) {
    if (v !== PARTNER_MATERIAL.subMchId) throw new ApiError(400, 'PARAM_ERROR', `sub_mchid ${v} 不是该服务商的特约商户`);
  }
  const partnerView = (o) => {
    const t = { sp_appid: o.sp_appid, sp_mchid: o.sp_mchid, sub_mchid: o.sub_mchid, out_trade_no: o.out_trade_no, trade_type: o.trade_type, trade_state: o.trade_state, trade_state_desc: o.trade_state_desc, amount: { total: o.amount.total, currency: 'CNY' } };
    if (o.sub_appid) t.sub_appid = o.sub_appid;
    if (o.transaction_id) Object.assign(t, { transaction_id: o.transaction_id, success_time: o.success_time, payer: o.payer });
    return t;
  };
  function partnerOrder(kind, body) {
    if (!isObj(body)) throw paramError('请求体必须是 JSON 对象');
    const spAppid = field(body, 'sp_appid');
    const spMchid = field(body, 'sp_mchid');
    checkSubMchid(field(body, 'sub_mchid'));
    if (spMchid !== cfg.mchId) throw paramError('sp_mchid 与请求头中的商户号不一致');
    if (spAppid !== cfg.appId) throw new ApiError(400, 'APPID_MCHID_NOT_MATCH', 'sp_appid 和 sp_mchid 不匹配');
    if (body.sub_appid !== undefined && ![PARTNER_MATERIAL.subAppId, PARTNER_MATERIAL.otherSubAppId].includes(body.sub_appid)) throw new ApiError(400, 'APPID_MCHID_NOT_MATCH', 'sub_appid 和 sub_mchid 不匹配');
    field(body, 'description', (v) => isStr(v, 127));
    const outTradeNo = field(body, 'out_trade_no', (v) => typeof v === 'string' && /^[A-Za-z0-9_|*-]{6,32}$/.test(v));
    const notifyUrl = field(body, 'notify_url', (v) => isStr(v, 256) && /^https?:\/\/[^?#]+$/.test(v));
    const total = field(body, 'amount.total', isAmount);
    if (kind === 'jsapi') {
      // The payer's openid belongs to the appid that pays: sub_openid with sub_appid, sp_openid otherwise.
      if (body.sub_appid !== undefined) field(body, 'payer.sub_openid');
      else field(body, 'payer.sp_openid');
    }
    if (s.partnerOrders.has(outTradeNo)) throw new ApiError(403, 'OUT_TRADE_NO_USED', '商户订单号重复');
    const prepayId = `wx${digits(14)}${h.randomHex(8).toLowerCase()}`;
    const o = {
      kind, sp_appid: spAppid, sp_mchid: spMchid, sub_mchid: body.sub_mchid, sub_appid: body.sub_appid, out_trade_no: outTradeNo, notify_url: notifyUrl,
      amount: { total }, payer: body.payer, trade_type: { jsapi: 'JSAPI', app: 'APP', native: 'NATIVE', h5: 'MWEB' }[kind], trade_state: 'NOTPAY', trade_state_desc: '订单未支付', prepay_id: prepayId,
    };
    s.partnerOrders.set(outTradeNo, o);
    return kind === 'native' ? { code_url: `weixin://wxpay/bizpayurl?pr=${h.randomHex(4)}` } : kind === 'h5' ? { h5_url: `https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=${prepayId}` } : { prepay_id: prepayId };
  }
  function partnerFind(url, by, id) {
    const spMchid = url.searchParams.get('sp_mchid');
    const subMchid = url.searchParams.get('sub_mchid');
    if (!spMchid || !subMchid) throw paramError('查询参数 sp_mchid 和 sub_mchid 必填');
    if (spMchid !== cfg.mchId) throw paramError('sp_mchid 与请求头中的商户号不一致');
    checkSubMchid(subMchid);
    const o = by === 'id' ? [...s.partnerOrders.values()].find((x) => x.transaction_id === id) : s.partnerOrders.get(id);
    if (!o || o.sub_mchid !== subMchid) throw new ApiError(404, 'ORDER_NOT_EXIST', '订单不存在');
    return o;
  }
  function partnerRefund(body) {
    checkSubMchid(body.sub_mchid);
    const outRefundNo = field(body, 'out_refund_no', (v) => typeof v === 'string' && /^[A-Za-z0-9_|*@-]{1,64}$/.test(v));
    const refund = field(body, 'amount.refund', isAmount);
    field(body, 'amount.total', isAmount);
    field(body, 'amount.currency', (v) => v === 'CNY');
    const o = body.out_trade_no !== undefined ? s.partnerOrders.get(body.out_trade_no) : [...s.partnerOrders.values()].find((x) => x.transaction_id === body.transaction_id);
    if (!o || o.sub_mchid !== body.sub_mchid) throw new ApiError(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    if (o.trade_state !== 'SUCCESS') throw new ApiError(400, 'INVALID_REQUEST', '订单未支付，不能退款');
    if (refund > o.amount.total) throw new ApiError(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
    const r = { refund_id: `50${digits(27)}`, out_refund_no: outRefundNo, transaction_id: o.transaction_id, out_trade_no: o.out_trade_no, sub_mchid: o.sub_mchid, status: 'PROCESSING', create_time: stamp(), amount: { total: o.amount.total, refund, currency: 'CNY' } };
    s.partnerRefunds.set(outRefundNo, r);
    return r;
  }

  // ── transfer bills ──

  const transferView = (b) => {
    const v = { mch_id: cfg.mchId, out_bill_no: b.out_bill_no, transfer_bill_no: b.transfer_bill_no, appid: b.appid, state: b.state, transfer_amount: b.transfer_amount, transfer_remark: b.transfer_remark, openid: b.openid, create_time: b.create_time, update_time: b.update_time };
    if (b.fail_reason) v.fail_reason = b.fail_reason;
    return v;
  };
  function createTransfer(req, body) {
    if (!isObj(body)) throw paramError('请求体必须是 JSON 对象');
    if (field(body, 'appid') !== cfg.appId) throw new ApiError(400, 'APPID_MCHID_NOT_MATCH', 'appid 和商户号不匹配');
    const outBillNo = field(body, 'out_bill_no', (v) => typeof v === 'string' && /^[A-Za-z0-9]{5,32}$/.test(v));
    field(body, 'transfer_scene_id', (v) => isStr(v, 36));
    field(body, 'openid', (v) => isStr(v, 64));
    const amount = field(body, 'transfer_amount', isAmount);
    field(body, 'transfer_remark', (v) => isStr(v, 32));
    if (body.notify_url !== undefined) field(body, 'notify_url', (v) => isStr(v, 256) && /^https?:\/\/[^?#]+$/.test(v));
    let userName;
    if (body.user_name !== undefined) userName = decryptField(req, body.user_name, 'user_name');
    else if (amount >= USER_NAME_REQUIRED_FROM) throw paramError('转账金额 >= 2000 元时，user_name 必填');
    const existing = s.transfers.get(outBillNo);
    if (existing) {
      if (existing.transfer_amount !== amount || existing.openid !== body.openid) throw new ApiError(400, 'PARAM_ERROR', '商户单号重复');
      return existing.response;
    }
    const b = {
      appid: body.appid, out_bill_no: outBillNo, transfer_bill_no: `1330000${digits(23)}`, openid: body.openid, transfer_amount: amount,
      transfer_remark: body.transfer_remark, notify_url: body.notify_url, user_name: userName, state: 'WAIT_USER_CONFIRM', create_time: stamp(),
    };
    b.update_time = b.create_time;
    b.package_info = `ABBQO+oYAAABAAAAAAAk+yPZGHAAAAAOQ${crypto.randomBytes(24).toString('base64')}`;
    b.response = { out_bill_no: outBillNo, transfer_bill_no: b.transfer_bill_no, create_time: b.create_time, state: b.state, package_info: b.package_info };
    s.transfers.set(outBillNo, b);
    return b.response;
  }
  function findTransfer(by, id) {
    const b = by === 'out-bill-no' ? s.transfers.get(id) : [...s.transfers.values()].find((x) => x.transfer_bill_no === id);
    if (!b) throw new ApiError(404, 'NOT_FOUND', '记录不存在');
    return b;
  }

  // ── profit sharing ──

  const receiverKey = (type, account) => `${type}:${account}`;
  function addReceiver(req, body) {
    if (!isObj(body)) throw paramError('请求体必须是 JSON 对象');
    if (body.sub_mchid !== undefined) checkSubMchid(body.sub_mchid);
    if (field(body, 'appid') !== cfg.appId) throw new ApiError(400, 'APPID_MCHID_NOT_MATCH', 'appid 和商户号不匹配');
    const type = field(body, 'type', (v) => v === 'MERCHANT_ID' || v === 'PERSONAL_OPENID');
    const account = field(body, 'account', (v) => isStr(v, 64));
    const relation = field(body, 'relation_type', (v) => isStr(v, 32));
    let name;
    if (body.name !== undefined) name = decryptField(req, body.name, 'name');
    else if (type === 'MERCHANT_ID') throw paramError('type 为 MERCHANT_ID 时 name 必填');
    s.receivers.set(receiverKey(type, account), { type, account, name, relation_type: relation, custom_relation: body.custom_relation });
    const out = { type, account, relation_type: relation };
    if (body.sub_mchid !== undefined) out.sub_mchid = body.sub_mchid;
    if (name !== undefined) out.name = encryptForMerchant(name);
    if (body.custom_relation !== undefined) out.custom_relation = body.custom_relation;
    return out;
  }
  function deleteReceiver(body) {
    if (!isObj(body)) throw paramError('请求体必须是 JSON 对象');
    if (field(body, 'appid') !== cfg.appId) throw new ApiError(400, 'APPID_MCHID_NOT_MATCH', 'appid 和商户号不匹配');
    const type = field(body, 'type');
    const account = field(body, 'account');
    s.receivers.delete(receiverKey(type, account));
    return { type, account };
  }
  const sharingView = (o) => ({
    transaction_id: o.transaction_id, out_order_no: o.out_order_no, order_id: o.order_id, state: o.state,
    receivers: o.receivers.map((r) => ({ amount: r.amount, description: r.description, type: r.type, account: r.account, result: r.result, fail_reason: r.fail_reason, detail_id: r.detail_id, create_time: r.create_time, finish_time: r.finish_time })),
  });
  function paidOrder(transactionId) {
    const o = h.state.byTransactionId.get(transactionId);
    if (!o || (o.trade_state !== 'SUCCESS' && o.trade_state !== 'REFUND')) throw new ApiError(400, 'INVALID_REQUEST', '订单不存在或未支付');
    return o;
  }
  const unsplit = (o) => (o.amount?.total ?? Number(o.total_fee)) - (o.shared ?? 0);
  function createSharing(req, body) {
    if (!isObj(body)) throw paramError('请求体必须是 JSON 对象');
    if (body.sub_mchid !== undefined) checkSubMchid(body.sub_mchid);
    if (field(body, 'appid') !== cfg.appId) throw new ApiError(400, 'APPID_MCHID_NOT_MATCH', 'appid 和商户号不匹配');
    const order = paidOrder(field(body, 'transaction_id'));
    const outOrderNo = field(body, 'out_order_no', (v) => typeof v === 'string' && /^[A-Za-z0-9_|*@-]{1,64}$/.test(v));
    field(body, 'unfreeze_unsplit', (v) => typeof v === 'boolean');
    const receivers = field(body, 'receivers', (v) => Array.isArray(v) && v.length > 0 && v.length <= 50);
    if (s.sharing.has(outOrderNo)) return sharingView(s.sharing.get(outOrderNo));
    let sum = 0;
    const list = receivers.map((r, i) => {
      const type = field(r, 'type');
      const account = field(r, 'account');
      const amount = field(r, 'amount', isAmount);
      field(r, 'description', (v) => isStr(v, 80));
      const known = s.receivers.get(receiverKey(type, account));
      if (!known) throw new ApiError(400, 'RECEIVER_INVALID', `分账接收方 ${account} 未添加`);
      if (r.name !== undefined && decryptField(req, r.name, `receivers[${i}].name`) !== known.name) throw new ApiError(400, 'RECEIVER_INVALID', '分账接收方姓名不匹配');
      sum += amount;
      return { type, account, amount, description: r.description, result: 'PENDING', detail_id: `3600${digits(24)}`, create_time: stamp() };
    });
    if (sum > unsplit(order)) throw new ApiError(400, 'NOT_ENOUGH', '分账金额超过可分账金额');
    order.shared = (order.shared ?? 0) + sum;
    const o = { transaction_id: body.transaction_id, out_order_no: outOrderNo, order_id: `3008${digits(24)}`, state: 'PROCESSING', receivers: list, unfreeze: body.unfreeze_unsplit };
    s.sharing.set(outOrderNo, o);
    return sharingView(o);
  }
  function findSharing(outOrderNo, transactionId) {
    const o = s.sharing.get(outOrderNo);
    if (!o || (transactionId !== undefined && o.transaction_id !== transactionId)) throw new ApiError(404, 'RESOURCE_NOT_EXISTS', '分账单不存在');
    return o;
  }
  function createReturn(body) {
    if (!isObj(body)) throw paramError('请求体必须是 JSON 对象');
    const o = body.out_order_no !== undefined ? s.sharing.get(body.out_order_no) : [...s.sharing.values()].find((x) => x.order_id === body.order_id);
    if (!o) throw new ApiError(404, 'RESOURCE_NOT_EXISTS', '分账单不存在');
    const outReturnNo = field(body, 'out_return_no', (v) => typeof v === 'string' && /^[A-Za-z0-9_|*@-]{1,64}$/.test(v));
    const mchid = field(body, 'return_mchid');
    const amount = field(body, 'amount', isAmount);
    field(body, 'description', (v) => isStr(v, 80));
    if (s.returns.has(outReturnNo)) return s.returns.get(outReturnNo);
    const shared = o.receivers.filter((r) => r.type === 'MERCHANT_ID' && r.account === mchid).reduce((a, r) => a + r.amount, 0);
    if (amount > shared) throw new ApiError(400, 'NOT_ENOUGH', '回退金额超过分给该接收方的金额');
    const r = { order_id: o.order_id, out_order_no: o.out_order_no, out_return_no: outReturnNo, return_id: `3008${digits(24)}`, return_mchid: mchid, amount, description: body.description, result: 'SUCCESS', create_time: stamp(), finish_time: stamp() };
    s.returns.set(outReturnNo, r);
    return r;
  }

  // ── routing ──

  /** `[status, payload]` for the routes of this file, or null for the others. */
  function route(req, url, body) {
    const method = req.method;
    const path = url.pathname;
    const seg = (i) => decodeURIComponent(path.split('/')[i] ?? '');
    let m;
    if (body?.upload) return [200, upload(path, body)];
    if (method === 'POST' && (m = /^\/v3\/pay\/partner\/transactions\/(jsapi|app|native|h5)$/.exec(path))) return [200, partnerOrder(m[1], body)];
    if (method === 'GET' && (m = /^\/v3\/pay\/partner\/transactions\/(out-trade-no|id)\/[^/]+$/.exec(path))) return [200, partnerView(partnerFind(url, m[1], seg(6)))];
    if (method === 'POST' && /^\/v3\/pay\/partner\/transactions\/out-trade-no\/[^/]+\/close$/.test(path)) {
      if (!isObj(body) || body.sp_mchid !== cfg.mchId) throw paramError('sp_mchid 与请求头中的商户号不一致');
      checkSubMchid(body.sub_mchid);
      const o = s.partnerOrders.get(seg(6));
      if (!o || o.sub_mchid !== body.sub_mchid) throw new ApiError(404, 'ORDER_NOT_EXIST', '订单不存在');
      if (o.trade_state === 'SUCCESS') throw new ApiError(400, 'ORDERPAID', '订单已支付');
      Object.assign(o, { trade_state: 'CLOSED', trade_state_desc: '订单已关闭' });
      return [204, null];
    }
    if (method === 'POST' && path === '/v3/refund/domestic/refunds' && isObj(body) && body.sub_mchid !== undefined) return [200, partnerRefund(body)];
    if (method === 'GET' && path.startsWith('/v3/refund/domestic/refunds/') && url.searchParams.has('sub_mchid')) {
      const r = s.partnerRefunds.get(seg(5));
      if (!r || r.sub_mchid !== url.searchParams.get('sub_mchid')) throw new ApiError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
      return [200, r];
    }
    if (method === 'POST' && path === TRANSFER_BILLS) return [200, createTransfer(req, body)];
    if (method === 'GET' && (m = /^\/v3\/fund-app\/mch-transfer\/transfer-bills\/(out-bill-no|transfer-bill-no)\/[^/]+$/.exec(path))) return [200, transferView(findTransfer(m[1], seg(6)))];
    if (method === 'POST' && /^\/v3\/fund-app\/mch-transfer\/transfer-bills\/out-bill-no\/[^/]+\/cancel$/.test(path)) {
      if (body !== null) throw paramError('撤销转账没有请求体');
      const b = findTransfer('out-bill-no', seg(6));
      if (b.state !== 'WAIT_USER_CONFIRM' && b.state !== 'ACCEPTED' && b.state !== 'CANCELLED') throw new ApiError(400, 'INVALID_REQUEST', `转账单状态 ${b.state} 不可撤销`);
      Object.assign(b, { state: 'CANCELLED', update_time: stamp() });
      return [200, { out_bill_no: b.out_bill_no, transfer_bill_no: b.transfer_bill_no, state: 'CANCELING', update_time: b.update_time }];
    }
    if (method === 'POST' && path === '/v3/profitsharing/receivers/add') return [200, addReceiver(req, body)];
    if (method === 'POST' && path === '/v3/profitsharing/receivers/delete') return [200, deleteReceiver(body)];
    if (method === 'POST' && path === '/v3/profitsharing/orders') return [200, createSharing(req, body)];
    if (method === 'POST' && path === '/v3/profitsharing/orders/unfreeze') {
      const o = findSharing(field(body ?? {}, 'out_order_no'), field(body ?? {}, 'transaction_id'));
      field(body, 'description');
      return [200, { transaction_id: o.transaction_id, out_order_no: o.out_order_no, order_id: o.order_id, state: 'PROCESSING', receivers: [] }];
    }
    if (method === 'GET' && /^\/v3\/profitsharing\/orders\/[^/]+$/.test(path)) {
      const tx = url.searchParams.get('transaction_id');
      if (!tx) throw paramError('查询参数 transaction_id 必填');
      return [200, sharingView(findSharing(seg(4), tx))];
    }
    if (method === 'POST' && path === '/v3/profitsharing/return-orders') return [200, createReturn(body)];
    if (method === 'GET' && /^\/v3\/profitsharing\/return-orders\/[^/]+$/.test(path)) {
      const r = s.returns.get(seg(4));
      if (!r || r.out_order_no !== url.searchParams.get('out_order_no')) throw new ApiError(404, 'RESOURCE_NOT_EXISTS', '回退单不存在');
      return [200, r];
    }
    if (method === 'GET' && (m = /^\/v3\/profitsharing\/transactions\/([^/]+)\/amounts$/.exec(path))) {
      const o = paidOrder(decodeURIComponent(m[1]));
      return [200, { transaction_id: o.transaction_id, unsplit_amount: unsplit(o) }];
    }
    return null;
  }

  // ── test controls, added to the simulator object ──

  const controls = {
    /** The user pays a partner order; the TRANSACTION.SUCCESS notification (sp_/sub_ fields) goes to its notify_url. */
    async payPartner(outTradeNo, { openid = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' } = {}) {
      const o = s.partnerOrders.get(outTradeNo);
      if (!o || o.trade_state !== 'NOTPAY') throw new Error(`simulator: no unpaid partner order ${outTradeNo}`);
      Object.assign(o, { trade_state: 'SUCCESS', trade_state_desc: '支付成功', transaction_id: `42000${digits(23)}`, success_time: stamp() });
      o.payer = o.sub_appid ? { sub_openid: openid } : { sp_openid: openid };
      const n = h.v3Notification('TRANSACTION.SUCCESS', '支付成功', 'transaction', partnerView(o), o.notify_url);
      return { order: partnerView(o), delivery: await h.notify(n) };
    },
    /** The user confirms (SUCCESS) or the bill fails: MCHTRANSFER.BILL.FINISHED to its notify_url (or `notifyUrl`). */
    async finishTransfer(outBillNo, { state = 'SUCCESS', notifyUrl } = {}) {
      const b = s.transfers.get(outBillNo);
      if (!b) throw new Error(`simulator: no transfer bill ${outBillNo}`);
      Object.assign(b, { state, update_time: stamp() });
      if (state === 'FAIL') b.fail_reason = 'PAYEE_ACCOUNT_ABNORMAL';
      const resource = { out_bill_no: b.out_bill_no, transfer_bill_no: b.transfer_bill_no, state, mch_id: cfg.mchId, transfer_amount: b.transfer_amount, openid: b.openid, create_time: b.create_time, update_time: b.update_time };
      if (b.fail_reason) resource.fail_reason = b.fail_reason;
      const url = notifyUrl ?? b.notify_url;
      return { bill: transferView(b), delivery: url ? await h.notify(h.v3Notification('MCHTRANSFER.BILL.FINISHED', '商家转账单据终态通知', 'mch_payment', resource, url)) : null };
    },
    /** Completes a profit-sharing order (FINISHED) and POSTs PROFITSHARING.SUCCESS per receiver to `notifyUrl`. */
    async finishProfitSharing(outOrderNo, { notifyUrl } = {}) {
      const o = s.sharing.get(outOrderNo);
      if (!o) throw new Error(`simulator: no profit-sharing order ${outOrderNo}`);
      o.state = 'FINISHED';
      const deliveries = [];
      for (const r of o.receivers) {
        Object.assign(r, { result: 'SUCCESS', finish_time: stamp() });
        if (!notifyUrl) continue;
        const resource = { mchid: cfg.mchId, transaction_id: o.transaction_id, order_id: o.order_id, out_order_no: o.out_order_no, receiver: { type: r.type, account: r.account, amount: r.amount, description: r.description, result: 'SUCCESS', detail_id: r.detail_id }, success_time: r.finish_time };
        deliveries.push(await h.notify(h.v3Notification('PROFITSHARING.SUCCESS', '分账成功', 'profitsharing', resource, notifyUrl)));
      }
      return { order: sharingView(o), deliveries };
    },
  };

  return { parseUpload, route, controls, state: s };
}
