// The long tail of API v2, as data: each row is one endpoint and the rules it differs by.
//
// - `ids`: the names under which the request carries the app id and the merchant number. Most
//   of v2 says appid / mch_id; 企业付款 says mch_appid / mchid, 现金红包 wxappid / mch_id, 合单
//   combine_appid / combine_mch_id, and the bank and risk endpoints carry no app id at all.
// - `signType`: 'client' (the client's MD5 or HMAC-SHA256, with sign_type), or the one type the
//   endpoint accepts. MD5 is sent without a sign_type field (the marketing endpoints know none)
//   unless `defaults` names one.
// - `signed`: false where WeChat Pay's response carries no sign BY DESIGN (企业付款, 现金红包, 代金
//   券, 付款到银行卡, the RSA key download: the mmpaymkttransfers / mmpaysptrans / risk family, as
//   tenpay also treats them). Their return_code / result_code and merchant numbers are still
//   checked, and a sign that is present is still verified. Everywhere else a missing sign is
//   SIGN_MISSING.
// - `secure`: needs the merchant API certificate (mutual TLS).
// - `dedupe`: the merchant number WeChat Pay deduplicates the call by (makes retries safe);
//   `query`: a read, always safe to repeat. `ref`: the field a string argument stands for.
// - `defaults`: fields added when the caller leaves them out.
const STANDARD = Object.freeze({ app: 'appid', mch: 'mch_id' });
const PAYOUT = Object.freeze({ app: 'mch_appid', mch: 'mchid' });
const REDPACK = Object.freeze({ app: 'wxappid', mch: 'mch_id' });
const COMBINED = Object.freeze({ app: 'combine_appid', mch: 'combine_mch_id' });
const MCH_ONLY = Object.freeze({ mch: 'mch_id' });

export const V2_ENDPOINTS = Object.freeze([
  // 付款码支付 (the raw call; client.micropay runs the documented poll-then-reverse flow on it)
  { name: 'micropayOnce', path: '/pay/micropay', ids: STANDARD, signType: 'client', signed: true, dedupe: 'out_trade_no' },
  { name: 'reverse', path: '/secapi/pay/reverse', ids: STANDARD, signType: 'client', signed: true, secure: true, query: true, ref: 'out_trade_no' },
  // 合单支付
  { name: 'combinedOrder', path: '/pay/combinedorder', ids: COMBINED, signType: 'HMAC-SHA256', signed: true, dedupe: 'combine_out_trade_no' },
  // 企业付款到零钱
  { name: 'transfer', path: '/mmpaymkttransfers/promotion/transfers', ids: PAYOUT, signType: 'MD5', signed: false, secure: true, dedupe: 'partner_trade_no', defaults: { check_name: 'NO_CHECK' } },
  { name: 'transferQuery', path: '/mmpaymkttransfers/gettransferinfo', ids: STANDARD, signType: 'MD5', signed: false, secure: true, query: true, ref: 'partner_trade_no' },
  // 企业付款到银行卡 (payBank encrypts the card number and name first: see more.js)
  { name: 'payBankRaw', path: '/mmpaysptrans/pay_bank', ids: MCH_ONLY, signType: 'MD5', signed: false, secure: true, dedupe: 'partner_trade_no' },
  { name: 'payBankQuery', path: '/mmpaysptrans/query_bank', ids: MCH_ONLY, signType: 'MD5', signed: false, secure: true, query: true, ref: 'partner_trade_no' },
  { name: 'getPublicKey', path: 'https://fraud.mch.weixin.qq.com/risk/getpublickey', ids: MCH_ONLY, signType: 'MD5', signed: false, secure: true, query: true },
  // 现金红包
  { name: 'sendRedpack', path: '/mmpaymkttransfers/sendredpack', ids: REDPACK, signType: 'MD5', signed: false, secure: true, dedupe: 'mch_billno', defaults: { total_num: '1' } },
  { name: 'sendGroupRedpack', path: '/mmpaymkttransfers/sendgroupredpack', ids: REDPACK, signType: 'MD5', signed: false, secure: true, dedupe: 'mch_billno', defaults: { amt_type: 'ALL_RAND' } },
  { name: 'redpackQuery', path: '/mmpaymkttransfers/gethbinfo', ids: STANDARD, signType: 'MD5', signed: false, secure: true, query: true, ref: 'mch_billno', defaults: { bill_type: 'MCHT' } },
  // 代金券
  { name: 'sendCoupon', path: '/mmpaymkttransfers/send_coupon', ids: STANDARD, signType: 'MD5', signed: false, secure: true, dedupe: 'partner_trade_no', defaults: { openid_count: '1' } },
  { name: 'queryCouponStock', path: '/mmpaymkttransfers/query_coupon_stock', ids: STANDARD, signType: 'MD5', signed: false, query: true, ref: 'coupon_stock_id' },
  { name: 'queryCouponInfo', path: '/mmpaymkttransfers/querycouponsinfo', ids: STANDARD, signType: 'MD5', signed: false, query: true },
].map((e) => Object.freeze(e)));
