// The Worker's bindings and variables (wrangler.toml), typed with @cloudflare/workers-types; the
// JSDoc of src/index.js refers to `Env`, and the package's tests type-check src/index.js against
// these types (`wrangler types` would generate the same interface from wrangler.toml).
interface Env {
  /** Platform certificate cache and the order records. */
  WECHATPAY_KV: KVNamespace;
  /** The WechatPayReplayStore Durable Object (exported by src/index.js). */
  WECHATPAY_REPLAY: DurableObjectNamespace;
  WECHATPAY_MCH_ID: string;
  WECHATPAY_APP_ID: string;
  WECHATPAY_SERIAL_NO: string;
  WECHATPAY_PRIVATE_KEY: string;
  WECHATPAY_API_V3_KEY: string;
  WECHATPAY_PUBLIC_KEY?: string;
  WECHATPAY_PUBLIC_KEY_ID?: string;
  WECHATPAY_BASE_URL?: string;
  PUBLIC_URL?: string;
  RECONCILE_AFTER_MINUTES?: string;
}
