// The tab registry: one module per tab, shown in this order, grouped by `group`.
//
// A tab module default-exports { id, title, group, description, render(panel, ctx) }:
//   id           URL hash (#v2-sign) and DOM id prefix; unique
//   render       called once, the first time the tab is shown; `panel` is its empty <section>,
//                `ctx.lib` the wechatpay-wasm API (v2, nonce, WechatPayError, parseParamsText, …;
//                whatever js/core.js exports, with the wasm inlined), `ctx.ui` the helpers of ui.js.
// Keys: use keyField() from ui.js with a slot name ('v2' here); a new kind of key gets a new slot.
import v2Sign from './v2-sign.js';
import v2Notify from './v2-notify.js';
import v2PaySign from './v2-paysign.js';
import alipaySign from './alipay-sign.js';

export const TABS = [
  v2Sign,
  v2Notify,
  v2PaySign,
  // ── API v3 (slot reserved): add here, group 'API v3' ─────────────────────────────────────
  //   v3-request   Authorization header (WECHATPAY2-SHA256-RSA2048) for a method, URL and body
  //   v3-notify    verify Wechatpay-* headers and decrypt the AES-256-GCM resource
  //   v3-paysign   RSA paySign for JSAPI / mini-program / App
  // ── Alipay ───────────────────────────────────────────────────────────────────────────────
  alipaySign,
];
