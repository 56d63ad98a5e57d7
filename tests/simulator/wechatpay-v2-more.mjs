// The WeChat Pay simulator's rest of API v2: 付款码 micropay / reverse, 企业付款 transfers and
// their query, 现金红包 sendredpack / sendgroupredpack / gethbinfo. Independent of the library
// (node:crypto only, through the simulator's own helpers). Hooked into wechatpay.mjs's handleV2.
//
// Each follows the rules the real endpoint has: 企业付款 and 现金红包 carry their own id field
// names (mch_appid/mchid, wxappid/mch_id), take MD5 signs only, need the merchant certificate
// (mutual TLS), and answer WITHOUT a sign.
//
// micropay outcomes are chosen by the auth_code's last digit (real codes are 18 digits, 10–15…):
//   0 paid at once · 1 USERPAYING, paid on the 2nd orderquery · 2 USERPAYING forever (reverse) ·
//   3 SYSTEMERROR, the query finds it paid · 4 SYSTEMERROR, never paid; reverse first answers
//   SYSTEMERROR, then recall=Y, then succeeds · 5 USERPAYING, then PAYERROR (the user cancelled) ·
//   6 AUTHCODEEXPIRE · 7 USERPAYING forever, and reverse answers REVERSE_EXPIRE.
import crypto from 'node:crypto';

export function v2MoreRoutes({ cfg, state, v2Result, v2Fail, v2Sign, sameText, v2Time, now }) {
  const transfers = new Map();
  const redpacks = new Map();
  const micropays = new Map(); // out_trade_no → { scenario, queries, reverses }
  const faults = { wrongMchIdNext: 0, signUnsignedNext: 0 };
  const digits = (n) => String(crypto.randomInt(10 ** (n - 1), 10 ** n));

  const MARKETING = new Set(['/mmpaymkttransfers/promotion/transfers', '/mmpaymkttransfers/gettransferinfo', '/mmpaymkttransfers/sendredpack', '/mmpaymkttransfers/sendgroupredpack', '/mmpaymkttransfers/gethbinfo']);
  const paths = new Set([...MARKETING, '/pay/micropay', '/secapi/pay/reverse']);

  // Unsigned answers (企业付款 / 现金红包): return_code, result_code and the merchant's ids.
  function unsigned(ids, error, extra = {}) {
    const out = { return_code: 'SUCCESS', return_msg: error ? error[1] : 'OK', ...ids, nonce_str: crypto.randomBytes(8).toString('hex') };
    if (error) Object.assign(out, { result_code: 'FAIL', err_code: error[0], err_code_des: error[1] });
    else Object.assign(out, { result_code: 'SUCCESS' }, extra);
    if (faults.wrongMchIdNext > 0) {
      faults.wrongMchIdNext -= 1;
      for (const k of ['mchid', 'mch_id']) if (out[k]) out[k] = '1900009999';
    }
    if (faults.signUnsignedNext > 0) {
      // A sign that is there must verify even on an unsigned endpoint: this one does not.
      faults.signUnsignedNext -= 1;
      out.sign = 'BAD0SIGN0BAD0SIGN0BAD0SIGN0BAD00';
    }
    return out;
  }

  function checkMarketing(path, f, tlsClient) {
    const [app, mch] = path === '/mmpaymkttransfers/promotion/transfers' ? ['mch_appid', 'mchid']
      : path.endsWith('redpack') ? ['wxappid', 'mch_id'] : ['appid', 'mch_id'];
    if (!tlsClient) return v2Fail('证书验证失败：请使用商户API证书（双向 TLS）调用此接口');
    for (const k of [app, mch, 'nonce_str', 'sign']) if (!f[k]) return v2Fail(`缺少参数${k}`);
    if (f[mch] !== cfg.mchId) return v2Fail(`${mch}参数错误`);
    if (f[app] !== cfg.appId) return v2Fail(`${app}与${mch}不匹配`);
    if (f.sign_type !== undefined && f.sign_type !== 'MD5') return v2Fail('签名类型错误：此接口仅支持MD5');
    if (!sameText(v2Sign(f, cfg.v2Key, 'MD5'), f.sign)) return v2Fail('签名错误');
    return null;
  }

  function route(path, f, tlsClient) {
    if (!f) return v2Fail('XML格式错误');
    if (MARKETING.has(path)) {
      const refused = checkMarketing(path, f, tlsClient);
      if (refused) return refused;
    } else {
      for (const k of ['appid', 'mch_id', 'nonce_str', 'sign']) if (!f[k]) return v2Fail(`缺少参数${k}`);
      const signType = f.sign_type ?? 'MD5';
      if (f.mch_id !== cfg.mchId || f.appid !== cfg.appId) return v2Fail('appid和mch_id不匹配');
      if (!sameText(v2Sign(f, cfg.v2Key, signType), f.sign)) return v2Fail('签名错误');
    }
    const signType = f.sign_type ?? 'MD5';
    const need = (...names) => names.find((n) => !f[n]);
    let missing;
    switch (path) {
      case '/pay/micropay': {
        if ((missing = need('body', 'out_trade_no', 'total_fee', 'spbill_create_ip', 'auth_code'))) return v2Fail(`缺少参数${missing}`);
        if (!/^1[0-5]\d{16}$/.test(f.auth_code)) return v2Result(f, signType, null, ['AUTH_CODE_INVALID', '付款码无效，请重新扫码']);
        const scenario = Number(f.auth_code.slice(-1));
        if (scenario === 6) return v2Result(f, signType, null, ['AUTHCODEEXPIRE', '二维码已过期，请用户在微信上刷新后再试']);
        const order = {
          api: 'v2', out_trade_no: f.out_trade_no, total_fee: f.total_fee, trade_type: 'MICROPAY', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
          body: f.body, signType, trade_state: 'USERPAYING', refunded: 0, amount: { total: Number(f.total_fee) }, created: now(),
        };
        const pay = () => Object.assign(order, { trade_state: 'SUCCESS', transaction_id: `42000${digits(9)}${digits(9)}`, time_end: v2Time(now()) });
        micropays.set(f.out_trade_no, { scenario, queries: 0, reverses: 0, order, pay });
        if (scenario !== 4) state.orders.set(f.out_trade_no, order);
        if (scenario === 0) {
          pay();
          return v2Result(f, signType, { openid: order.openid, is_subscribe: 'N', trade_type: 'MICROPAY', bank_type: 'OTHERS', total_fee: order.total_fee, cash_fee: order.total_fee, transaction_id: order.transaction_id, out_trade_no: order.out_trade_no, time_end: order.time_end });
        }
        if (scenario === 3 || scenario === 4) return v2Result(f, signType, null, ['SYSTEMERROR', '系统超时']);
        return v2Result(f, signType, null, ['USERPAYING', '需要用户输入支付密码']);
      }
      case '/secapi/pay/reverse': {
        if (!tlsClient) return v2Fail('证书验证失败：请使用商户API证书（双向 TLS）调用此接口');
        if (!f.out_trade_no && !f.transaction_id) return v2Fail('缺少参数out_trade_no');
        const m = micropays.get(f.out_trade_no);
        if (!m) return v2Result(f, signType, null, ['ORDERNOTEXIST', '订单不存在']);
        m.reverses += 1;
        if (m.scenario === 7) return v2Result(f, signType, null, ['REVERSE_EXPIRE', '订单已超过撤销期限']);
        if (m.scenario === 4 && m.reverses === 1) return v2Result(f, signType, null, ['SYSTEMERROR', '系统超时']);
        if (m.scenario === 4 && m.reverses === 2) return v2Result(f, signType, { recall: 'Y' });
        m.order.trade_state = 'REVOKED';
        return v2Result(f, signType, { recall: 'N' });
      }
      case '/mmpaymkttransfers/promotion/transfers': {
        if ((missing = need('partner_trade_no', 'openid', 'check_name', 'amount', 'desc'))) return v2Fail(`缺少参数${missing}`);
        const ids = { mch_appid: f.mch_appid, mchid: f.mchid };
        if (!/^[1-9]\d*$/.test(f.amount)) return v2Fail('amount参数格式错误');
        if (Number(f.amount) < 30) return unsigned(ids, ['AMOUNT_LIMIT', '付款金额不能小于最低限额']);
        if (f.check_name === 'FORCE_CHECK' && !f.re_user_name) return unsigned(ids, ['PARAM_ERROR', '收款用户姓名不能为空']);
        let t = transfers.get(f.partner_trade_no);
        if (t && (t.amount !== f.amount || t.openid !== f.openid)) return unsigned(ids, ['PARAM_ERROR', '商户订单号重复，且参数与原单不一致']);
        if (!t) {
          t = { partner_trade_no: f.partner_trade_no, payment_no: `10100${digits(9)}${digits(9)}`, payment_time: new Date(now() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' '), amount: f.amount, openid: f.openid, desc: f.desc, re_user_name: f.re_user_name };
          transfers.set(f.partner_trade_no, t);
        }
        return unsigned(ids, null, { partner_trade_no: t.partner_trade_no, payment_no: t.payment_no, payment_time: t.payment_time });
      }
      case '/mmpaymkttransfers/gettransferinfo': {
        if ((missing = need('partner_trade_no'))) return v2Fail(`缺少参数${missing}`);
        const ids = { appid: f.appid, mch_id: f.mch_id };
        const t = transfers.get(f.partner_trade_no);
        if (!t) return unsigned(ids, ['NOT_FOUND', '指定单号数据不存在']);
        return unsigned(ids, null, { partner_trade_no: t.partner_trade_no, detail_id: t.payment_no, status: 'SUCCESS', openid: t.openid, payment_amount: t.amount, transfer_time: t.payment_time, payment_time: t.payment_time, desc: t.desc, ...(t.re_user_name ? { transfer_name: t.re_user_name } : {}) });
      }
      case '/mmpaymkttransfers/sendredpack':
      case '/mmpaymkttransfers/sendgroupredpack': {
        const group = path.endsWith('groupredpack');
        const required = ['mch_billno', 'send_name', 're_openid', 'total_amount', 'total_num', 'wishing', 'act_name', 'remark', ...(group ? ['amt_type'] : ['client_ip'])];
        if ((missing = need(...required))) return v2Fail(`缺少参数${missing}`);
        const ids = { wxappid: f.wxappid, mch_id: f.mch_id };
        const num = Number(f.total_num);
        if (group ? num < 3 : num !== 1) return unsigned(ids, ['PARAM_ERROR', group ? '裂变红包发放人数不能少于3人' : '普通红包 total_num 必须为1']);
        if (Number(f.total_amount) < 100) return unsigned(ids, ['MONEY_LIMIT', '红包金额不能小于1元']);
        let r = redpacks.get(f.mch_billno);
        if (!r) {
          r = { mch_billno: f.mch_billno, send_listid: `1000041701${digits(9)}${digits(9)}`, re_openid: f.re_openid, total_amount: f.total_amount, total_num: f.total_num, hb_type: group ? 'GROUP' : 'NORMAL', send_time: new Date(now() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ') };
          redpacks.set(f.mch_billno, r);
        }
        return unsigned(ids, null, { mch_billno: r.mch_billno, re_openid: r.re_openid, total_amount: r.total_amount, send_listid: r.send_listid });
      }
      case '/mmpaymkttransfers/gethbinfo': {
        if ((missing = need('mch_billno', 'bill_type'))) return v2Fail(`缺少参数${missing}`);
        const ids = { mch_id: f.mch_id };
        if (f.bill_type !== 'MCHT') return unsigned(ids, ['PARAM_ERROR', 'bill_type参数错误']);
        const r = redpacks.get(f.mch_billno);
        if (!r) return unsigned(ids, ['NOT_FOUND', '指定单号数据不存在']);
        return unsigned(ids, null, { mch_billno: r.mch_billno, detail_id: r.send_listid, status: 'SENT', send_type: 'API', hb_type: r.hb_type, total_num: r.total_num, total_amount: r.total_amount, send_time: r.send_time });
      }
      default:
        return null;
    }
  }

  /** Called before /pay/orderquery answers: micropay orders move on as their scenario says. */
  function beforeOrderQuery(f) {
    const m = micropays.get(f.out_trade_no);
    if (!m) return;
    m.queries += 1;
    if ((m.scenario === 1 && m.queries >= 2) || m.scenario === 3) { if (m.order.trade_state === 'USERPAYING') m.pay(); }
    if (m.scenario === 5) m.order.trade_state = 'PAYERROR';
  }

  return { paths, route, beforeOrderQuery, faults, micropays, transfers, redpacks };
}
