// The tab registry: one module per tab, shown in this order, grouped by `group`.
//
// A tab module default-exports { id, group, TEXT, render(panel, ctx) }:
//   id           URL hash (#v2-sign) and DOM id prefix; unique
//   TEXT         every user-visible string of the tab, `{ en: { title, description, … }, zh: { … } }`
//                (the same keys in both; tests/browser/debugger-i18n.test.mjs checks it); render
//                reads the page's language with `tr(TEXT)` of ../i18n.js
//   render       called once, the first time the tab is shown; `panel` is its empty <section>,
//                `ctx.lib` the wechatpay-wasm API (v2, nonce, WechatPayError, parseParamsText, …;
//                whatever js/core.js exports, with the wasm inlined), `ctx.ui` the helpers of ui.js.
// Keys: use keyField() from ui.js with a slot name ('v2' here); a new kind of key gets a new slot
// (the v3 tabs: pemField() of v3-common.js, slots 'v3-private', 'v3-platform', 'v3-apiv3').
import v2Sign from './v2-sign.js';
import v2Notify from './v2-notify.js';
import v2PaySign from './v2-paysign.js';
import v3Request from './v3-request.js';
import v3Notify from './v3-notify.js';
import v3PaySign from './v3-paysign.js';
import certificate from './certificate.js';
import alipaySign from './alipay-sign.js';
import alipayCert from './alipay-cert.js';

export const TABS = [
  v2Sign,
  v2Notify,
  v2PaySign,
  // ── API v3 ───────────────────────────────────────────────────────────────────────────────
  v3Request,
  v3Notify,
  v3PaySign,
  certificate,
  // ── Alipay ───────────────────────────────────────────────────────────────────────────────
  alipaySign,
  alipayCert,
];
