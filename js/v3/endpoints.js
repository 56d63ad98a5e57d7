// The long tail of API v3 endpoints as data: one row per endpoint, turned into a client function
// by endpointFunctions(). Every function takes one object of fields (path parameters, query
// parameters and the JSON body alike) and the call options: `{path}` placeholders take their
// field, a GET sends the other fields as its query, any other method as its JSON body.
//
// Row options: `defaults` (field → the client option filling it when absent), `required` (checked
// before sending), `sensitive` (fields encrypted with WeChat Pay's key, + Wechatpay-Serial),
// `noBody` (a POST without a body), `idempotent` (safe to repeat: see clients/transport.js).
import { WechatPayError } from '../errors.js';
import { pathSegment } from '../client-v3.js';

const TRANSFER_BILLS = '/v3/fund-app/mch-transfer/transfer-bills';

/** 商家转账 (transfer bills) and 分账 (profit sharing) of a direct merchant. */
export const MERCHANT_ENDPOINTS = Object.freeze({
  createTransferBill: ['POST', TRANSFER_BILLS, {
    defaults: { appid: 'appId' }, required: ['appid', 'out_bill_no', 'transfer_scene_id', 'openid', 'transfer_amount', 'transfer_remark'], sensitive: ['user_name'],
  }],
  queryTransferBill: ['GET', `${TRANSFER_BILLS}/out-bill-no/{out_bill_no}`],
  queryTransferBillByNo: ['GET', `${TRANSFER_BILLS}/transfer-bill-no/{transfer_bill_no}`],
  cancelTransferBill: ['POST', `${TRANSFER_BILLS}/out-bill-no/{out_bill_no}/cancel`, { noBody: true, idempotent: true }],
  createProfitSharingOrder: ['POST', '/v3/profitsharing/orders', {
    defaults: { appid: 'appId' }, required: ['appid', 'transaction_id', 'out_order_no', 'receivers', 'unfreeze_unsplit'], sensitive: ['receivers[].name'],
  }],
  queryProfitSharingOrder: ['GET', '/v3/profitsharing/orders/{out_order_no}', { required: ['transaction_id'] }],
  unfreezeProfitSharing: ['POST', '/v3/profitsharing/orders/unfreeze', { required: ['transaction_id', 'out_order_no', 'description'] }],
  createProfitSharingReturn: ['POST', '/v3/profitsharing/return-orders', { required: ['out_return_no', 'return_mchid', 'amount', 'description'], idempotent: true }],
  queryProfitSharingReturn: ['GET', '/v3/profitsharing/return-orders/{out_return_no}', { required: ['out_order_no'] }],
  queryProfitSharingAmounts: ['GET', '/v3/profitsharing/transactions/{transaction_id}/amounts'],
  addProfitSharingReceiver: ['POST', '/v3/profitsharing/receivers/add', {
    defaults: { appid: 'appId' }, required: ['appid', 'type', 'account', 'relation_type'], sensitive: ['name'], idempotent: true,
  }],
  deleteProfitSharingReceiver: ['POST', '/v3/profitsharing/receivers/delete', { defaults: { appid: 'appId' }, required: ['appid', 'type', 'account'], idempotent: true }],
});

const PROFIT_SHARING = ['createProfitSharingOrder', 'queryProfitSharingOrder', 'unfreezeProfitSharing', 'createProfitSharingReturn',
  'queryProfitSharingReturn', 'queryProfitSharingAmounts', 'addProfitSharingReceiver', 'deleteProfitSharingReceiver'];

const partnerOrder = (kind) => ['POST', `/v3/pay/partner/transactions/${kind}`, {
  defaults: { sp_appid: 'spAppId', sp_mchid: 'mchId', notify_url: 'notifyUrl' }, required: ['sp_appid', 'sub_mchid', 'out_trade_no'],
}];
const PARTNER_QUERY = { defaults: { sp_mchid: 'mchId' }, required: ['sub_mchid'] };

/**
 * A service provider's (服务商) endpoints: orders for a sub-merchant (`sub_mchid` per call, `sp_mchid`
 * and `sp_appid` from the client), and profit sharing with `sub_mchid` (appid = sp_appid).
 */
export const PARTNER_ENDPOINTS = Object.freeze({
  jsapiOrder: partnerOrder('jsapi'),
  appOrder: partnerOrder('app'),
  nativeOrder: partnerOrder('native'),
  h5Order: partnerOrder('h5'),
  queryOrder: ['GET', '/v3/pay/partner/transactions/out-trade-no/{out_trade_no}', PARTNER_QUERY],
  queryOrderByTransactionId: ['GET', '/v3/pay/partner/transactions/id/{transaction_id}', PARTNER_QUERY],
  closeOrder: ['POST', '/v3/pay/partner/transactions/out-trade-no/{out_trade_no}/close', { ...PARTNER_QUERY, idempotent: true }],
  refund: ['POST', '/v3/refund/domestic/refunds', { defaults: { notify_url: 'refundNotifyUrl' }, required: ['sub_mchid', 'out_refund_no'] }],
  queryRefund: ['GET', '/v3/refund/domestic/refunds/{out_refund_no}', { required: ['sub_mchid'] }],
  ...Object.fromEntries(PROFIT_SHARING.map((name) => {
    const [method, path, o = {}] = MERCHANT_ENDPOINTS[name];
    const defaults = o.defaults ? { appid: 'spAppId' } : undefined;
    return [name, [method, path, { ...o, defaults, required: ['sub_mchid', ...(o.required ?? [])] }]];
  })),
});

const invalid = (message) => new WechatPayError('INVALID_ARGUMENT', message);
const absent = (v) => v === undefined || v === null || v === '';

/** One endpoint call: fills defaults, checks required fields, builds the path, query or body. */
function endpointCall(ctx, name, [method, template, o = {}]) {
  return async (fields = {}, opts) => {
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) throw invalid(`${name} takes an object of fields`);
    const all = {};
    for (const [field, option] of Object.entries(o.defaults ?? {})) if (absent(fields[field]) && !absent(ctx[option])) all[field] = ctx[option];
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) all[k] = v;
    for (const field of o.required ?? []) if (absent(all[field])) throw invalid(`${name}: ${field} is required`);
    let path = template.replace(/\{(\w+)\}/g, (_, field) => {
      if (absent(all[field])) throw invalid(`${name}: ${field} is required`);
      const segment = pathSegment(all[field], field);
      delete all[field];
      return segment;
    });
    let body;
    if (method === 'GET') {
      const query = Object.entries(all).map(([k, v]) => {
        if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw invalid(`${name}: query parameter ${k} must be a string or a number`);
        return `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`;
      });
      if (query.length) path += `?${query.join('&')}`;
    } else if (o.noBody) {
      if (Object.keys(all).length) throw invalid(`${name} takes no body fields (got ${Object.keys(all).join(', ')})`);
    } else {
      body = all;
    }
    const callOpts = { ...(o.idempotent ? { idempotent: true } : {}), ...opts };
    if (o.sensitive) callOpts.sensitive = o.sensitive;
    return ctx.request(method, path, body, callOpts);
  };
}

/** The client functions of an endpoint table, bound to a client's internals. */
export function endpointFunctions(ctx, table) {
  return Object.fromEntries(Object.entries(table).map(([name, row]) => [name, endpointCall(ctx, name, row)]));
}

/**
 * `{ mchId, appId, package }` for wx.requestMerchantTransfer, from a transfer bill in state
 * WAIT_USER_CONFIRM (its `package_info`) or the package_info text itself. Not signed: WeChat Pay
 * issued package_info for this bill.
 */
export function merchantTransferParams(mchId, appId, bill) {
  const pkg = typeof bill === 'string' ? bill : bill?.package_info;
  if (typeof pkg !== 'string' || pkg === '') {
    throw invalid(`this transfer bill has no package_info (state ${bill?.state ?? 'unknown'}): only a bill waiting for the user's confirmation (WAIT_USER_CONFIRM) has one`);
  }
  if (typeof appId !== 'string' || appId === '') throw invalid('appId is required: pass appId to the client or { appId }');
  return { mchId, appId, package: pkg };
}
