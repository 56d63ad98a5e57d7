// Runtime-neutral API. Entry files (node.mjs, workerd.js, browser.js) initialise the wasm module
// and re-export this. Nothing here touches node:*, the DOM or the network.
import { invalidArgument } from './errors.js';
import { randomNonce } from './http.js';

export { WechatPayError } from './errors.js';
export { v2 } from './v2.js';
export { alipay, createAlipayClient } from './alipay.js';
export { v3 } from './v3.js';
export { V3_FINDINGS, explainFinding } from './diagnose-messages.js';
export { ERROR_TEXTS, explainError } from './error-texts.js';
export { createV2Client } from './client-v2.js';
export { createV3Client } from './client-v3.js';
export { createV3PartnerClient } from './v3/partner.js';
export { PlatformKeys } from './platform-keys.js';
export { memoryStore, envStore, kvStore, chainStores, loadPrivateKey, loadPublicKey, forgetKeys } from './stores.js';
export { memoryReplayStore, durableReplayStore, WechatPayReplayStore } from './replay.js';
export { handleV2Notification, handleV3Notification, ackResponse } from './notifications.js';
export { redisReplayStore, redisKeyStore } from './stores/redis.js';
export { reconcileOrders } from './clients/reconcile.js';
export { parseBill, billAmountToFen, BillStream } from './clients/bills.js';
export { openP12, certificateInfo } from './keys/p12.js';
export { V2_ENDPOINTS } from './v2/endpoints.js';

/** A random string of `length` characters from [A-Za-z0-9] (crypto.getRandomValues). */
export function nonce(length = 32) {
  if (!Number.isInteger(length) || length < 0 || length > 1024) throw invalidArgument('nonce length must be an integer from 0 to 1024');
  return randomNonce(length);
}
