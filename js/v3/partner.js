// The service-provider (服务商) client: the provider's own merchant id, certificate and key sign
// every request; each call names the sub-merchant (`sub_mchid`, optionally `sub_appid`).
import { v3 } from '../v3.js';
import { WechatPayError } from '../errors.js';
import { requireString } from '../http.js';
import { clientContext } from '../client-v3.js';
import { endpointFunctions, PARTNER_ENDPOINTS } from './endpoints.js';
import { sensitiveFunctions } from './sensitive.js';
import { uploadFunctions } from './upload.js';

/**
 * The appid a sub-merchant's order was made with: `sub_appid` when the order named one (the
 * mini-program or app that pays), else the provider's `sp_appid`. The pay parameters must be
 * signed with that same appid, or WeChat refuses to open the payment.
 */
function payAppId(spAppId, opts) {
  const sub = opts.sub_appid ?? opts.subAppId;
  if (sub !== undefined) return requireString(sub, 'sub_appid');
  return requireString(spAppId, 'spAppId');
}

/**
 * `createV3PartnerClient({ spMchId, spAppId, serialNo, privateKey, apiV3Key | keys, notifyUrl?,
 * refundNotifyUrl?, baseUrl?, fetch?, … })`: the same options as createV3Client, with the
 * provider's `spMchId` / `spAppId` in place of `mchId` / `appId`.
 */
export function createV3PartnerClient(options = {}) {
  if (options === null || typeof options !== 'object') throw new WechatPayError('INVALID_ARGUMENT', 'createV3PartnerClient takes an options object');
  const spMchId = requireString(options.spMchId, 'spMchId');
  const spAppId = requireString(options.spAppId, 'spAppId');
  const ctx = clientContext({ ...options, mchId: spMchId, appId: undefined, spAppId });
  return Object.freeze({
    spMchId,
    spAppId,
    serialNo: ctx.serialNo,
    baseUrl: ctx.baseUrl,
    keys: ctx.keys,
    request: ctx.request,
    raw: ctx.raw,
    ...endpointFunctions(ctx, PARTNER_ENDPOINTS),
    ...sensitiveFunctions(ctx),
    ...uploadFunctions(ctx),
    /** wx.requestPayment parameters, signed with `sub_appid` when the order had one, else `sp_appid`. */
    jsapiPayParams: async (prepayId, opts = {}) => v3.jsapiPayParams(payAppId(spAppId, opts), prepayId, await ctx.privateKey(), opts.timeStamp, opts.nonceStr),
    /** App SDK PayReq parameters: appid as jsapiPayParams, partnerid = the sub-merchant (`sub_mchid`). */
    appPayParams: async (prepayId, opts = {}) => v3.appPayParams(payAppId(spAppId, opts), requireString(opts.sub_mchid ?? opts.subMchId, 'sub_mchid'), prepayId,
      await ctx.privateKey(), opts.timestamp, opts.nonceStr),
  });
}
