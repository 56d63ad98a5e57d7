// Types of the wechatpay-wasm package (all entries: node, workerd, browser).

/**
 * WeChat Pay API v2 / v3 and Alipay merchant cryptography, clients, key stores and notification
 * handlers: the same API in Node, Deno, Bun, Cloudflare Workers and browsers.
 * @module wechatpay-wasm
 */

/**
 * Every failure: `code` is stable (e.g. SIGN_MISMATCH, XML_INVALID, KEY_INVALID, TIMESTAMP_SKEW,
 * INPUT_TOO_LARGE with `.limit`, XML_TOO_MANY_FIELDS, WASM_TRAP). See README "Error codes".
 * @example
 * ```ts
 * import { v2, WechatPayError } from 'wechatpay-wasm';
 * try {
 *   v2.fromXml('<xml><a>1</a>');
 * } catch (e) {
 *   if (e instanceof WechatPayError) console.log(e.code); // 'XML_INVALID': branch on the code, never the message
 * }
 * ```
 */
export declare class WechatPayError extends Error {
  readonly name: 'WechatPayError';
  readonly code: string;
  /** INPUT_TOO_LARGE: the largest accepted length, in UTF-16 code units. */
  readonly limit?: number;
  /** Client calls: the HTTP status WeChat Pay / Alipay answered with. */
  readonly status?: number;
  /** Client calls (API v3): WeChat Pay's `Request-ID`, to quote to its support. */
  readonly requestId?: string;
  /** Client calls (API v3): the `detail` of WeChat Pay's error body. */
  readonly detail?: unknown;
  /** Client calls: whether WeChat Pay's error answer was signed and verified. */
  readonly verified?: boolean;
  /** Client calls: how many attempts were made (retries included). */
  readonly attempts?: number;
  /** API v2 client: `err_code_des` of a `result_code` FAIL. */
  readonly errCodeDes?: string;
  /** API v2 client: `return_msg` of a `return_code` FAIL. */
  readonly returnMsg?: string;
  constructor(code: string, message?: string, extra?: Record<string, unknown>);
}

/**
 * Field values: strings are used verbatim; finite numbers, bigints and booleans as their text;
 * null/undefined omitted. Params are a plain object or a Map with string keys: anything else
 * (URLSearchParams, Date, arrays, class instances) is INVALID_ARGUMENT.
 */
export type FieldValue = string | number | bigint | boolean | null | undefined;
export type Params = Record<string, FieldValue> | Map<string, FieldValue>;
export type Fields = Record<string, string>;
export type V2SignType = 'MD5' | 'HMAC-SHA256';

export interface StringToSign {
  stringA: string;
  /** Contains the API key: never log it. */
  stringSignTemp: string;
  stringSignTempMasked: string;
}

export interface V2JsapiPayParams {
  appId: string; timeStamp: string; nonceStr: string; package: string; signType: string; paySign: string;
}
export interface V2AppPayParams {
  appid: string; partnerid: string; prepayid: string; package: 'Sign=WXPay'; noncestr: string; timestamp: string; sign: string;
}

/** Result of `v2.diagnose`. Never contains the key. */
export interface V2Diagnosis {
  /** Input fields in input order; `role` says whether each is signed, dropped as empty, or the excluded `sign`. */
  fields: { name: string; value: string; role: 'signed' | 'empty' | 'sign' }[];
  stringA: string;
  /** `stringA&key=` plus one `*` per key character. */
  stringSignTempMasked: string;
  keyLength: number;
  /** The sign type checked. */
  signType: V2SignType;
  md5: string;
  hmacSha256: string;
  /** The signature for `signType`. */
  expected: string;
  received: string | null;
  /** null when there is no received sign. */
  matches: boolean | null;
  /** Variants of the computation that reproduce the received sign: the likely causes of a mismatch. */
  causes: {
    code: 'SIGN_TYPE' | 'KEY_WHITESPACE' | 'KEY_QUOTED' | 'KEY_TRUNCATED' | 'VALUES_TRIMMED' | 'VALUES_URL_DECODED' | 'VALUES_URL_ENCODED'
      | 'FIELD_UNSIGNED' | 'EMPTY_SIGNED' | 'NAMES_LOWERCASED' | 'UNSORTED' | 'KEY_NOT_APPENDED' | 'SIGN_WHITESPACE';
    signType: V2SignType; fields: string[]; message: string; stringA: string;
  }[];
  notes: { code: 'KEY_LENGTH' | 'KEY_EMPTY' | 'SIGN_LENGTH' | 'SIGN_TYPE_FIELD' | 'SIGN_TYPE_UNSUPPORTED' | 'SIGN_LOWERCASE'; message: string }[];
  summary: string;
}

export declare const v2: {
  /**
   * The API v2 `sign` of a field map: MD5 (default) or HMAC-SHA256 over the sorted non-empty fields and `key=`, upper-case hex.
   * @example
   * ```ts
   * import { v2 } from 'wechatpay-wasm';
   * const sign = v2.sign({ appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', body: 'test', nonce_str: 'ibuaiVcKdpRxkhJA' }, '192006250b4c09247ec02edce69f6a2d');
   * const hmac = v2.sign({ appid: 'wxd930ea5d5a258f4f', total_fee: 1 }, 'key', 'HMAC-SHA256');
   * ```
   */
  sign(params: Params, key: string, signType?: V2SignType): string;
  /**
   * What `sign` hashes: `stringA` (sorted `k=v&…`) and `stringSignTemp` (`stringA&key=…`; never log it), with a masked copy for logs.
   * @example
   * ```ts
   * import { v2 } from 'wechatpay-wasm';
   * const { stringA, stringSignTemp } = v2.stringToSign({ appid: 'wx1', total_fee: 1, sign: 'ignored' }, 'key');
   * console.log(stringA); // appid=wx1&total_fee=1
   * ```
   */
  stringToSign(params: Params, key: string): StringToSign;
  /**
   * Why a received `sign` does or does not match: the likely causes (wrong sign type, key, field, encoding). Never contains the key.
   * @example
   * ```ts
   * import { v2 } from 'wechatpay-wasm';
   * const d = v2.diagnose({ appid: 'wx1', total_fee: 1 }, 'key', 'C380BEC2BFD727A4B6845133519F3AD6', 'MD5');
   * if (!d.matches) console.log(d.causes.map((c) => c.code));
   * ```
   */
  diagnose(params: Params, key: string, receivedSign?: string | null, signType?: V2SignType | null): V2Diagnosis;
  /**
   * Checks a message's `sign` (its `sign_type`, default MD5) in constant time: `true`, or throws SIGN_MISSING / SIGN_MISMATCH / SIGN_TYPE_UNSUPPORTED.
   * @example
   * ```ts
   * import { v2, WechatPayError } from 'wechatpay-wasm';
   * declare const xml: string; // the body WeChat Pay sent
   * try {
   *   v2.verify(v2.fromXml(xml), 'key'); // true, or throws SIGN_MISSING / SIGN_MISMATCH
   * } catch (e) {
   *   if (e instanceof WechatPayError && e.code === 'SIGN_MISMATCH') console.log('forged or wrong key');
   * }
   * ```
   */
  verify(params: Params, key: string): true;
  /**
   * A field map as WeChat Pay XML (`<xml><k><![CDATA[v]]></k>…</xml>`); every value round-trips through `fromXml`.
   * @example
   * ```ts
   * import { v2 } from 'wechatpay-wasm';
   * const xml: string = v2.toXml({ return_code: 'SUCCESS', return_msg: 'OK' });
   * ```
   */
  toXml(params: Params): string;
  /**
   * Parses flat WeChat Pay XML into fields; refuses DOCTYPE, entities, nesting, duplicates and documents over 1 MiB (XML_FORBIDDEN, XML_INVALID, XML_TOO_LARGE).
   * @example
   * ```ts
   * import { v2 } from 'wechatpay-wasm';
   * const fields = v2.fromXml('<xml><return_code><![CDATA[SUCCESS]]></return_code></xml>');
   * console.log(fields.return_code); // SUCCESS
   * ```
   */
  fromXml(xml: string): Fields;
  /**
   * `signType` defaults to the `sign_type` field, else MD5; a `sign_type` field that disagrees with it is INVALID_ARGUMENT.
   * @example
   * ```ts
   * import { v2 } from 'wechatpay-wasm';
   * const body = v2.signedXml({ appid: 'wx1', mch_id: '10000100', out_trade_no: 'T1', nonce_str: 'n1' }, 'key', 'HMAC-SHA256');
   * ```
   */
  signedXml(params: Params, key: string, signType?: V2SignType): string;
  /**
   * The `wx.requestPayment` / `WeixinJSBridge` parameters of a prepay id, with `paySign`; timeStamp and nonceStr are generated unless given.
   * @example
   * ```ts
   * import { v2 } from 'wechatpay-wasm';
   * const params = v2.jsapiPayParams('wx1', 'wx201410272009395522657a690389285100', 'key');
   * // wx.requestPayment({ ...params }) / WeixinJSBridge.invoke('getBrandWCPayRequest', params)
   * console.log(params.paySign);
   * ```
   */
  jsapiPayParams(appId: string, prepayId: string, key: string, signType?: V2SignType, timeStamp?: string | number, nonceStr?: string): V2JsapiPayParams;
  /**
   * The App SDK (PayReq) parameters of a prepay id, with `sign`; timestamp and noncestr are generated unless given.
   * @example
   * ```ts
   * import { v2 } from 'wechatpay-wasm';
   * const params = v2.appPayParams('wx1', '1900000109', 'wx201410272009395522657a690389285100', 'key');
   * console.log(params.sign, params.package); // Sign=WXPay
   * ```
   */
  appPayParams(appId: string, partnerId: string, prepayId: string, key: string, signType?: V2SignType, timestamp?: string | number, nonceStr?: string): V2AppPayParams;
  /**
   * A payment notification's verified fields (XML_*, NOTIFY_RETURN_FAIL, SIGN_MISSING, SIGN_MISMATCH otherwise).
   * @example
   * ```ts
   * import { v2 } from 'wechatpay-wasm';
   * declare const body: string; // the POSTed XML
   * const payment = v2.parseNotification(body, 'key'); // verified, return_code SUCCESS
   * console.log(payment.out_trade_no, payment.total_fee);
   * const answer = v2.notificationAck(true);
   * ```
   */
  parseNotification(xml: string, key: string): Fields;
  /**
   * The XML to answer a notification with: SUCCESS, or FAIL with a message (WeChat Pay delivers again later).
   * @example
   * ```ts
   * import { v2 } from 'wechatpay-wasm';
   * const ok = v2.notificationAck(); // <xml><return_code><![CDATA[SUCCESS]]></return_code>…
   * const retry = v2.notificationAck(false, 'busy');
   * ```
   */
  notificationAck(ok?: boolean, message?: string): string;
  /**
   * Decrypts a refund notification's `req_info` (AES-256-ECB, key = md5 of the API key) into its fields.
   * @example
   * ```ts
   * import { v2 } from 'wechatpay-wasm';
   * declare const reqInfo: string; // the refund notification's req_info
   * const refund = v2.decryptRefundNotification(reqInfo, 'key');
   * console.log(refund.out_refund_no, refund.refund_status);
   * ```
   */
  decryptRefundNotification(reqInfo: string, key: string): Fields;
  /**
   * A refund notification: the outer fields and the decrypted `req_info` fields.
   * @example
   * ```ts
   * import { v2 } from 'wechatpay-wasm';
   * declare const body: string; // the POSTed XML of a refund notification
   * const refund = v2.parseRefundNotification(body, 'key'); // req_info decrypted and parsed
   * console.log(refund.refund_status);
   * ```
   */
  parseRefundNotification(xml: string, key: string): Fields;
  /**
   * Encrypts `req_info` the way WeChat Pay does (for tests and simulators).
   * @example
   * ```ts
   * import { v2 } from 'wechatpay-wasm';
   * // What WeChat Pay does to req_info (for tests and simulators).
   * const reqInfo = v2.encryptRefundInfo('<root><out_refund_no>R1</out_refund_no></root>', 'key');
   * console.log(v2.decryptRefundNotification(reqInfo, 'key').out_refund_no); // R1
   * ```
   */
  encryptRefundInfo(plaintextXml: string, key: string): string;
};

/**
 * Random [A-Za-z0-9] string (default 32 characters) from crypto.getRandomValues.
 * @example
 * ```ts
 * import { nonce } from 'wechatpay-wasm';
 * const n32 = nonce();
 * const n16 = nonce(16);
 * ```
 */
export declare function nonce(length?: number): string;

// ---- Clients, key stores, PlatformKeys, notification handlers -------------------------------

/** A fetch function (the global fetch, a wrapper, or a binding's fetch). */
export type FetchLike = (input: string, init: RequestInit & { dispatcher?: unknown }) => Promise<Response>;

/** A Workers service or mTLS certificate binding (`Fetcher` of @cloudflare/workers-types is assignable). */
export interface FetcherLike {
  fetch(input: string, init?: RequestInit): Promise<Response>;
}

/** Key storage: one small interface; `put` where the store can write. */
export interface KeyStore {
  get(name: string): Promise<string | Uint8Array | undefined>;
  put?(name: string, value: string | Uint8Array): Promise<void>;
  delete?(name: string): Promise<void>;
}
/**
 * In-memory store (one process / isolate).
 * @example
 * ```ts
 * import { memoryStore, loadPrivateKey } from 'wechatpay-wasm';
 * declare const pem: string;
 * const store = memoryStore({ apiclient_key: pem });
 * const key = await loadPrivateKey(store, 'apiclient_key');
 * ```
 */
export declare function memoryStore(initial?: Record<string, string | Uint8Array> | Map<string, string | Uint8Array>): Required<KeyStore>;
/**
 * Read-only store over `process.env` or a Worker `env` (`env[prefix + name]`); a one-line PEM with literal `\n` is restored.
 * @example
 * ```ts
 * import { envStore, loadPrivateKey } from 'wechatpay-wasm';
 * declare const env: Record<string, unknown>; // process.env, or a Worker's env
 * const key = await loadPrivateKey(envStore(env, { prefix: 'WECHATPAY_' }), 'PRIVATE_KEY'); // env.WECHATPAY_PRIVATE_KEY
 * ```
 */
export declare function envStore(env: object, options?: { prefix?: string }): KeyStore;
/**
 * What kvStore uses of a Workers KV binding. `KVNamespace` of @cloudflare/workers-types is
 * assignable to it (checked by the package's tests); declared structurally so that the types need
 * no Cloudflare package.
 */
export interface KVNamespaceLike {
  get(name: string, type: 'text'): Promise<string | null>;
  put(name: string, value: string): Promise<void>;
  delete?(name: string): Promise<void>;
}
/**
 * Workers KV (text values).
 * @example
 * ```ts
 * import { kvStore, PlatformKeys, type KVNamespaceLike } from 'wechatpay-wasm';
 * // In a Worker, env.WECHATPAY_KV is a KVNamespace (@cloudflare/workers-types), which fits KVNamespaceLike.
 * declare const env: { WECHATPAY_KV: KVNamespaceLike; WECHATPAY_API_V3_KEY: string };
 * const keys = new PlatformKeys({ apiV3Key: env.WECHATPAY_API_V3_KEY, store: kvStore(env.WECHATPAY_KV, { prefix: 'wechatpay/' }) });
 * ```
 */
export declare function kvStore(kv: KVNamespaceLike, options?: { prefix?: string }): Required<KeyStore>;
/**
 * Reads from each store in turn; writes to the first that can.
 * @example
 * ```ts
 * import { chainStores, envStore, memoryStore, loadPrivateKey } from 'wechatpay-wasm';
 * declare const env: Record<string, unknown>;
 * const store = chainStores(memoryStore(), envStore(env)); // read memory, then env; write to memory
 * const key = await loadPrivateKey(store, 'WECHATPAY_PRIVATE_KEY');
 * ```
 */
export declare function chainStores(...stores: KeyStore[]): KeyStore;
/**
 * The merchant private key `name`, parsed once per store and name (KEY_NOT_FOUND, KEY_INVALID).
 * @example
 * ```ts
 * import { envStore, loadPrivateKey, createV3Client } from 'wechatpay-wasm';
 * declare const env: Record<string, string>;
 * const privateKey = await loadPrivateKey(envStore(env), 'WECHATPAY_PRIVATE_KEY'); // KEY_NOT_FOUND, KEY_INVALID
 * const client = createV3Client({ mchId: '1900000001', serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', privateKey, apiV3Key: env.WECHATPAY_API_V3_KEY });
 * ```
 */
export declare function loadPrivateKey(store: KeyStore, name: string): Promise<V3PrivateKey>;
/**
 * A public key / certificate `name`, parsed once per store and name.
 * @example
 * ```ts
 * import { envStore, loadPublicKey, PlatformKeys } from 'wechatpay-wasm';
 * declare const env: Record<string, string>;
 * const publicKey = await loadPublicKey(envStore(env), 'WECHATPAY_PUBLIC_KEY'); // 微信支付公钥
 * const keys = new PlatformKeys({ publicKey, publicKeyId: env.WECHATPAY_PUBLIC_KEY_ID });
 * ```
 */
export declare function loadPublicKey(store: KeyStore, name: string): Promise<V3PublicKey>;
/**
 * Forgets the parsed handles of `store` (after rotating a key).
 * @example
 * ```ts
 * import { memoryStore, loadPrivateKey, forgetKeys } from 'wechatpay-wasm';
 * declare const oldPem: string, newPem: string;
 * const store = memoryStore({ key: oldPem });
 * await loadPrivateKey(store, 'key');
 * await store.put('key', newPem); // rotated
 * forgetKeys(store);
 * const fresh = await loadPrivateKey(store, 'key'); // parses the new key
 * ```
 */
export declare function forgetKeys(store: KeyStore): void;

export interface PlatformKeysOptions {
  /** Decrypts /v3/certificates; required unless only a public key is used. */
  apiV3Key?: string;
  /** Public-key mode (微信支付公钥): the key (PEM or handle) and its id `PUB_KEY_ID_…`. */
  publicKey?: string | V3PublicKey;
  publicKeyId?: string;
  /** Download platform certificates (default: true unless publicKey is given). */
  certificates?: boolean;
  /** Where downloaded certificates are cached (JSON under `storeName`). */
  store?: KeyStore;
  /** Default `wechatpay-platform-certificates-<mchId>`. */
  storeName?: string;
  /** Seconds between downloads (default 43200 = 12 h). */
  refreshInterval?: number;
  /** Seconds between refreshes caused by unknown serials (default 60). */
  minRefreshInterval?: number;
  /** Milliseconds since the epoch (default Date.now). */
  clock?: () => number;
  /** The signed GET /v3/certificates; createV3Client provides it. */
  download?: () => Promise<{ status: number; headers: Headers | [string, string][] | Record<string, string>; body: string }>;
  /** A refresh failed while older keys were still usable. */
  onError?: (error: WechatPayError) => void;
}
/**
 * WeChat Pay's verification keys: public key and/or platform certificates, cached and refreshed.
 * @example
 * ```ts
 * import { PlatformKeys, memoryStore, createV3Client } from 'wechatpay-wasm';
 * declare const privateKeyPem: string;
 * // Platform certificates, downloaded through the client and cached in the store:
 * const keys = new PlatformKeys({ apiV3Key: '0123456789abcdef0123456789abcdef', store: memoryStore() });
 * const client = createV3Client({ mchId: '1900000001', serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', privateKey: privateKeyPem, keys });
 * // Or public-key mode (微信支付公钥), nothing to download:
 * declare const publicKeyPem: string;
 * const byPublicKey = new PlatformKeys({ publicKey: publicKeyPem, publicKeyId: 'PUB_KEY_ID_0114232134912410000000000000' });
 * ```
 */
export declare class PlatformKeys {
  constructor(options: PlatformKeysOptions);
  /**
   * The current verifier, loading or refreshing first when due.
   * @example
   * ```ts
   * import { PlatformKeys, v3 } from 'wechatpay-wasm';
   * declare const keys: PlatformKeys;
   * declare const headers: Record<string, string>, body: string;
   * await v3.verifyResponse({ verifier: await keys.verifier(), headers, body });
   * ```
   */
  verifier(): Promise<V3Verifier>;
  /**
   * Runs fn; on SERIAL_UNKNOWN downloads the certificates once (coalesced, rate-limited) and runs it again.
   * @example
   * ```ts
   * import { PlatformKeys, v3 } from 'wechatpay-wasm';
   * declare const keys: PlatformKeys;
   * declare const headers: Record<string, string>, body: string;
   * // A new platform certificate (SERIAL_UNKNOWN) triggers one download, then one retry:
   * await keys.withVerifier((verifier) => v3.verifyResponse({ verifier, headers, body }));
   * ```
   */
  withVerifier<T>(fn: (verifier: V3Verifier) => T | Promise<T>): Promise<T>;
  /**
   * Downloads /v3/certificates now (concurrent calls share one request). Resolves with the ids.
   * @example
   * ```ts
   * import { PlatformKeys } from 'wechatpay-wasm';
   * declare const keys: PlatformKeys; // attached to a client (createV3Client)
   * const serials: string[] = await keys.refresh();
   * ```
   */
  refresh(): Promise<string[]>;
  /**
   * The ids of the keys held: certificate serials and/or the public key id.
   * @example
   * ```ts
   * import { PlatformKeys } from 'wechatpay-wasm';
   * declare const keys: PlatformKeys;
   * console.log(keys.ids()); // ['5157F09E…', 'PUB_KEY_ID_…']
   * ```
   */
  ids(): string[];
  readonly certificates: { serialNo: string; effectiveTime: string; expireTime: string; notAfter: number }[];
  /** How many downloads were made. */
  readonly downloads: number;
  readonly lastError: WechatPayError | null;
  readonly storeName: string;
  /**
   * Unix seconds by the injected clock.
   * @example
   * ```ts
   * import { PlatformKeys } from 'wechatpay-wasm';
   * const keys = new PlatformKeys({ publicKey: 'PEM…', publicKeyId: 'PUB_KEY_ID_1', clock: () => 1554208460000 });
   * console.log(keys.now()); // 1554208460
   * ```
   */
  now(): number;
  /**
   * The key request fields are encrypted with: the public key (public-key mode), else the newest valid certificate.
   * @example
   * ```ts
   * import { PlatformKeys } from 'wechatpay-wasm';
   * declare const keys: PlatformKeys;
   * const { id, key } = await keys.encryptionKey(); // id: PUB_KEY_ID_… or a certificate serial
   * console.log(id, key.bits);
   * ```
   */
  encryptionKey(): Promise<{ id: string; key: V3PublicKey }>;
  /**
   * Gives the keys their download (the signed GET /v3/certificates) and merchant id; `createV3Client` calls it.
   * @example
   * ```ts
   * import { PlatformKeys } from 'wechatpay-wasm';
   * declare const signedGet: () => Promise<{ status: number; headers: [string, string][]; body: string }>;
   * const keys = new PlatformKeys({ apiV3Key: '0123456789abcdef0123456789abcdef' });
   * keys.attach({ download: signedGet, mchId: '1900000001' }); // createV3Client does this for you
   * ```
   */
  attach(options: { download?: PlatformKeysOptions['download']; mchId?: string }): void;
}

/** What a hook receives: metadata only — never a header, a body, a key or a signature. */
export interface CallInfo {
  api: 'v3' | 'v2';
  method: string;
  /** The path (and query) sent. */
  path: string;
  /** 1 for the first attempt. */
  attempt: number;
  status?: number;
  /** The Request-ID header (v3). */
  requestId?: string;
  durationMs?: number;
  /** onError: the failure of this attempt (or, with `hook`, of the hook named there: HOOK_ERROR). */
  error?: { code: string; message: string };
  /** onError: whether another attempt follows. */
  retrying?: boolean;
  hook?: 'onRequest' | 'onResponse' | 'onError';
}
export interface CallHooks {
  onRequest?(info: CallInfo): void | Promise<void>;
  onResponse?(info: CallInfo): void | Promise<void>;
  onError?(info: CallInfo): void | Promise<void>;
}
/** Timeout, retries and hooks of a client (README "In production"). */
export interface TransportOptions {
  /** Milliseconds per attempt (default 10 000). */
  timeout?: number;
  /** Extra attempts for calls that are safe to repeat (default 2). */
  retries?: number;
  /** Base of the exponential backoff, in ms (default 200; jittered, capped at 5 s). */
  retryDelay?: number;
  hooks?: CallHooks;
}
/** Per-call options: the last argument of every client method that calls WeChat Pay. */
export interface CallOptions {
  timeout?: number;
  retries?: number;
  signal?: AbortSignal;
  /** false: never repeat this call; true: repeat it even if the rule would not. */
  idempotent?: boolean;
}

export interface V3ClientOptions extends TransportOptions {
  mchId: string;
  /** The merchant API certificate serial. Optional when `merchantCertificate` is given (then, if given, it must agree). */
  serialNo?: string;
  /**
   * The merchant API certificate, read for its serial: apiclient_cert.pem text, or the bytes (or
   * base64) of apiclient_cert.p12, whose private key is then used when `privateKey` is omitted.
   */
  merchantCertificate?: string | Uint8Array | ArrayBuffer;
  /** The .p12 password (default: mchId, as WeChat Pay issues it). */
  p12Password?: string;
  /** Required unless a .p12 `merchantCertificate` brings the key. */
  privateKey?: string | V3PrivateKey | Promise<V3PrivateKey>;
  /** Required unless `keys` is given. */
  apiV3Key?: string;
  /** Default: a PlatformKeys downloading /v3/certificates through this client. */
  keys?: PlatformKeys | V3Verifier;
  appId?: string;
  /** Default notify_url of orders. */
  notifyUrl?: string;
  /** Default notify_url of refunds. */
  refundNotifyUrl?: string;
  /** Default https://api.mch.weixin.qq.com */
  baseUrl?: string;
  fetch?: FetchLike;
  /** Milliseconds (default Date.now): the Authorization timestamp and the verification time. */
  clock?: () => number;
  /** Seconds of tolerated Wechatpay-Timestamp skew (default 300). */
  maxSkew?: number;
  userAgent?: string;
}
export type V3Body = Record<string, unknown>;

/**
 * Options of `request`/`raw`: the call options plus extra headers and the body fields to encrypt
 * with WeChat Pay's current key (`user_name`, `payer.name`, `receivers[].name`; one key for all,
 * its id sent as `Wechatpay-Serial`). A field too long for RSA-OAEP is INVALID_ARGUMENT naming it.
 * @example
 * ```ts
 * import { createV3Client, type V3RequestOptions } from 'wechatpay-wasm';
 * declare const client: ReturnType<typeof createV3Client>;
 * const options: V3RequestOptions = { sensitive: ['user_name'], headers: { 'Accept-Language': 'zh-CN' } };
 * await client.request('POST', '/v3/fund-app/mch-transfer/transfer-bills', { user_name: '张三' }, options);
 * ```
 */
export interface V3RequestOptions extends CallOptions {
  /** Extra headers (not Authorization, Content-Length or Host). */
  headers?: Record<string, string>;
  /** Paths of body fields to RSA-OAEP-encrypt (needs the client's keys to be a PlatformKeys). */
  sensitive?: string[];
}

/**
 * Upload options: call options plus, for the generic `upload`, the endpoint's size limit
 * (`maxBytes`, default 5 MiB), allowed extensions (lowercase) and the file part's Content-Type.
 * A file over the limit is INPUT_TOO_LARGE (`.limit`, `.size`) before anything is sent.
 * @example
 * ```ts
 * import { createV3Client, type V3UploadOptions } from 'wechatpay-wasm';
 * declare const client: ReturnType<typeof createV3Client>;
 * declare const png: Uint8Array;
 * const options: V3UploadOptions = { maxBytes: 2 * 1024 * 1024, extensions: ['jpg', 'png'] };
 * const { media_id } = await client.upload('/v3/marketing/favor/media/image-upload', png, 'logo.png', options);
 * ```
 */
export interface V3UploadOptions extends CallOptions {
  maxBytes?: number;
  extensions?: string[];
  contentType?: string;
  headers?: Record<string, string>;
}
/** A file to upload: bytes or a Blob. */
export type V3UploadFile = Uint8Array | ArrayBuffer | ArrayBufferView | Blob;

/**
 * Encrypts request fields with one WeChat Pay key (public key first, else the newest valid
 * platform certificate); send `serial` as `Wechatpay-Serial` with them.
 * @example
 * ```ts
 * import { createV3Client } from 'wechatpay-wasm';
 * declare const client: ReturnType<typeof createV3Client>;
 * const { serial, encrypt } = await client.sensitiveEncryptor();
 * const body = { account: '1900000109', name: await encrypt('示例商户有限公司', 'name') };
 * await client.request('POST', '/v3/profitsharing/receivers/add', body, { headers: { 'Wechatpay-Serial': serial } });
 * ```
 */
export interface V3SensitiveEncryptor {
  readonly serial: string;
  /** RSA-OAEP (SHA-1) base64; `name` is used in the error when the text is too long. */
  encrypt(text: string, name?: string): Promise<string>;
}

/**
 * A created transfer bill (商家转账); `package_info` while the user must confirm (WAIT_USER_CONFIRM).
 * @example
 * ```ts
 * import { createV3Client, type V3TransferBill } from 'wechatpay-wasm';
 * declare const client: ReturnType<typeof createV3Client>;
 * const bill: V3TransferBill = await client.createTransferBill({ out_bill_no: 'T20261202001', transfer_scene_id: '1000', openid: 'o-MYE42l80oelYMDE34nYD456Xoy', transfer_amount: 100, transfer_remark: '奖励' });
 * if (bill.state === 'WAIT_USER_CONFIRM') console.log(client.requestMerchantTransferParams(bill));
 * ```
 */
export interface V3TransferBill {
  out_bill_no: string;
  transfer_bill_no: string;
  create_time: string;
  state: string;
  package_info?: string;
  [field: string]: unknown;
}

/**
 * What the merchant and the service-provider clients share beyond the payment: media upload,
 * sensitive fields, profit sharing (分账). Endpoint functions take one object of fields (path
 * placeholders, query and body alike).
 * @example
 * ```ts
 * import { createV3Client } from 'wechatpay-wasm';
 * declare const client: ReturnType<typeof createV3Client>;
 * declare const jpeg: Uint8Array;
 * const { media_id } = await client.uploadImage(jpeg, 'license.jpg');
 * await client.addProfitSharingReceiver({ type: 'PERSONAL_OPENID', account: 'o-MYE42l80oelYMDE34nYD456Xoy', relation_type: 'USER' });
 * const plain = await client.decryptSensitive('base64 ciphertext from a response');
 * ```
 */
export interface V3BeyondPayment {
  /** POST /v3/merchant/media/upload: JPG/BMP/PNG ≤ 2 MiB; signs the meta JSON only. */
  uploadImage(file: V3UploadFile, filename: string, options?: V3UploadOptions): Promise<{ media_id: string }>;
  /** POST /v3/merchant/media/video_upload: AVI/WMV/MPEG/MP4/MOV/MKV/FLV/F4V/M4V/RMVB ≤ 5 MiB. */
  uploadVideo(file: V3UploadFile, filename: string, options?: V3UploadOptions): Promise<{ media_id: string }>;
  /** Any other multipart upload endpoint (meta {filename, sha256} + file). */
  upload<R = V3Body>(path: string, file: V3UploadFile, filename: string, options?: V3UploadOptions): Promise<R>;
  sensitiveEncryptor(): Promise<V3SensitiveEncryptor>;
  /** Decrypts a response field WeChat Pay encrypted to the merchant key. */
  decryptSensitive(ciphertext: string): Promise<string>;
  /** POST /v3/profitsharing/orders (`receivers[].name` encrypted). */
  createProfitSharingOrder(fields: V3Body, options?: CallOptions): Promise<V3Body>;
  /** GET /v3/profitsharing/orders/{out_order_no}?transaction_id= */
  queryProfitSharingOrder(fields: { out_order_no: string; transaction_id: string; sub_mchid?: string }, options?: CallOptions): Promise<V3Body>;
  /** POST /v3/profitsharing/orders/unfreeze. */
  unfreezeProfitSharing(fields: V3Body, options?: CallOptions): Promise<V3Body>;
  /** POST /v3/profitsharing/return-orders. */
  createProfitSharingReturn(fields: V3Body, options?: CallOptions): Promise<V3Body>;
  /** GET /v3/profitsharing/return-orders/{out_return_no}?out_order_no= */
  queryProfitSharingReturn(fields: { out_return_no: string; out_order_no: string; sub_mchid?: string }, options?: CallOptions): Promise<V3Body>;
  /** GET /v3/profitsharing/transactions/{transaction_id}/amounts. */
  queryProfitSharingAmounts(fields: { transaction_id: string }, options?: CallOptions): Promise<{ transaction_id: string; unsplit_amount: number }>;
  /** POST /v3/profitsharing/receivers/add (`name` encrypted). */
  addProfitSharingReceiver(fields: V3Body, options?: CallOptions): Promise<V3Body>;
  /** POST /v3/profitsharing/receivers/delete. */
  deleteProfitSharingReceiver(fields: V3Body, options?: CallOptions): Promise<V3Body>;
}

export interface V3Client extends V3BeyondPayment, V3BillMethods {
  readonly mchId: string;
  readonly serialNo: string;
  readonly baseUrl: string;
  readonly keys: PlatformKeys | V3Verifier;
  /**
   * Signed request; the verified, parsed body (204 → null).
   * @example
   * ```ts
   * import { createV3Client } from 'wechatpay-wasm';
   * declare const privateKeyPem: string;
   * const client = createV3Client({ mchId: '1900000001', appId: 'wxd678efh567hg6787', serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', privateKey: privateKeyPem, apiV3Key: '0123456789abcdef0123456789abcdef' });
   * const bill = await client.request<{ download_url: string }>('GET', '/v3/bill/tradebill?bill_date=2026-12-01');
   * console.log(bill?.download_url);
   * ```
   */
  request<R = V3Body>(method: string, path: string, body?: unknown, options?: V3RequestOptions): Promise<R | null>;
  /**
   * Signed request, unverified: `{ status, headers, body, requestId }`.
   * @example
   * ```ts
   * import { createV3Client } from 'wechatpay-wasm';
   * declare const privateKeyPem: string;
   * const client = createV3Client({ mchId: '1900000001', appId: 'wxd678efh567hg6787', serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', privateKey: privateKeyPem, apiV3Key: '0123456789abcdef0123456789abcdef' });
   * const { status, body, requestId } = await client.raw('GET', '/v3/pay/transactions/out-trade-no/T1?mchid=1900000001');
   * ```
   */
  raw(method: string, path: string, body?: unknown, options?: V3RequestOptions): Promise<{ status: number; headers: [string, string][]; body: string; requestId?: string }>;
  /** 商家转账: POST /v3/fund-app/mch-transfer/transfer-bills (`appid` defaults to the client's; `user_name` encrypted, Wechatpay-Serial set). */
  createTransferBill(fields: V3Body, options?: CallOptions): Promise<V3TransferBill>;
  /** GET …/transfer-bills/out-bill-no/{out_bill_no}. */
  queryTransferBill(fields: { out_bill_no: string }, options?: CallOptions): Promise<V3Body>;
  /** GET …/transfer-bills/transfer-bill-no/{transfer_bill_no}. */
  queryTransferBillByNo(fields: { transfer_bill_no: string }, options?: CallOptions): Promise<V3Body>;
  /** POST …/transfer-bills/out-bill-no/{out_bill_no}/cancel (no body). */
  cancelTransferBill(fields: { out_bill_no: string }, options?: CallOptions): Promise<V3Body>;
  /** `{ mchId, appId, package }` for wx.requestMerchantTransfer from a bill in WAIT_USER_CONFIRM (or its package_info). */
  requestMerchantTransferParams(bill: V3TransferBill | string, options?: { appId?: string }): { mchId: string; appId: string; package: string };
  /**
   * JSAPI / mini-program order (`POST /v3/pay/transactions/jsapi`; `appid`, `mchid`, `notify_url` filled in).
   * @example
   * ```ts
   * import { createV3Client } from 'wechatpay-wasm';
   * declare const privateKeyPem: string;
   * const client = createV3Client({ mchId: '1900000001', appId: 'wxd678efh567hg6787', serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', privateKey: privateKeyPem, apiV3Key: '0123456789abcdef0123456789abcdef' });
   * const { prepay_id } = await client.jsapiOrder({
   *   description: 'QQ公仔', out_trade_no: 'T20261202001', notify_url: 'https://shop.example/notify',
   *   amount: { total: 100 }, payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
   * });
   * ```
   */
  jsapiOrder(order: V3Body, options?: CallOptions): Promise<{ prepay_id: string }>;
  /**
   * Native (QR code) order (`POST /v3/pay/transactions/native`).
   * @example
   * ```ts
   * import { createV3Client } from 'wechatpay-wasm';
   * declare const privateKeyPem: string;
   * const client = createV3Client({ mchId: '1900000001', appId: 'wxd678efh567hg6787', serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', privateKey: privateKeyPem, apiV3Key: '0123456789abcdef0123456789abcdef' });
   * const { code_url } = await client.nativeOrder({ description: 'QQ公仔', out_trade_no: 'T2', notify_url: 'https://shop.example/notify', amount: { total: 100 } });
   * // show code_url as a QR code
   * ```
   */
  nativeOrder(order: V3Body, options?: CallOptions): Promise<{ code_url: string }>;
  /**
   * App order (`POST /v3/pay/transactions/app`).
   * @example
   * ```ts
   * import { createV3Client } from 'wechatpay-wasm';
   * declare const privateKeyPem: string;
   * const client = createV3Client({ mchId: '1900000001', appId: 'wxd678efh567hg6787', serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', privateKey: privateKeyPem, apiV3Key: '0123456789abcdef0123456789abcdef' });
   * const { prepay_id } = await client.appOrder({ description: 'QQ公仔', out_trade_no: 'T3', notify_url: 'https://shop.example/notify', amount: { total: 100 } });
   * const forTheApp = await client.appPayParams(prepay_id);
   * ```
   */
  appOrder(order: V3Body, options?: CallOptions): Promise<{ prepay_id: string }>;
  /**
   * H5 (mobile browser) order (`POST /v3/pay/transactions/h5`).
   * @example
   * ```ts
   * import { createV3Client } from 'wechatpay-wasm';
   * declare const privateKeyPem: string;
   * const client = createV3Client({ mchId: '1900000001', appId: 'wxd678efh567hg6787', serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', privateKey: privateKeyPem, apiV3Key: '0123456789abcdef0123456789abcdef' });
   * const { h5_url } = await client.h5Order({
   *   description: 'QQ公仔', out_trade_no: 'T4', notify_url: 'https://shop.example/notify', amount: { total: 100 },
   *   scene_info: { payer_client_ip: '203.0.113.7', h5_info: { type: 'Wap' } },
   * });
   * ```
   */
  h5Order(order: V3Body, options?: CallOptions): Promise<{ h5_url: string }>;
  /**
   * The order by the merchant's number (`GET /v3/pay/transactions/out-trade-no/{no}?mchid=`).
   * @example
   * ```ts
   * import { createV3Client } from 'wechatpay-wasm';
   * declare const privateKeyPem: string;
   * const client = createV3Client({ mchId: '1900000001', appId: 'wxd678efh567hg6787', serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', privateKey: privateKeyPem, apiV3Key: '0123456789abcdef0123456789abcdef' });
   * const order = await client.queryOrder('T20261202001');
   * if (order.trade_state === 'SUCCESS') console.log('paid');
   * ```
   */
  queryOrder(outTradeNo: string, options?: CallOptions): Promise<V3Body>;
  /**
   * The order by WeChat Pay's transaction id (`GET /v3/pay/transactions/id/{id}?mchid=`).
   * @example
   * ```ts
   * import { createV3Client } from 'wechatpay-wasm';
   * declare const privateKeyPem: string;
   * const client = createV3Client({ mchId: '1900000001', appId: 'wxd678efh567hg6787', serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', privateKey: privateKeyPem, apiV3Key: '0123456789abcdef0123456789abcdef' });
   * const order = await client.queryOrderByTransactionId('4200000000000000000000000000');
   * ```
   */
  queryOrderByTransactionId(transactionId: string, options?: CallOptions): Promise<V3Body>;
  /**
   * Closes an unpaid order (`POST …/out-trade-no/{no}/close`, 204).
   * @example
   * ```ts
   * import { createV3Client } from 'wechatpay-wasm';
   * declare const privateKeyPem: string;
   * const client = createV3Client({ mchId: '1900000001', appId: 'wxd678efh567hg6787', serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', privateKey: privateKeyPem, apiV3Key: '0123456789abcdef0123456789abcdef' });
   * await client.closeOrder('T20261202001'); // 204: resolves with null
   * ```
   */
  closeOrder(outTradeNo: string, options?: CallOptions): Promise<null>;
  /**
   * Requests a refund (`POST /v3/refund/domestic/refunds`; `notify_url` defaults to `refundNotifyUrl`).
   * @example
   * ```ts
   * import { createV3Client } from 'wechatpay-wasm';
   * declare const privateKeyPem: string;
   * const client = createV3Client({ mchId: '1900000001', appId: 'wxd678efh567hg6787', serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', privateKey: privateKeyPem, apiV3Key: '0123456789abcdef0123456789abcdef' });
   * const refund = await client.refund({ out_trade_no: 'T20261202001', out_refund_no: 'R1', amount: { refund: 100, total: 100, currency: 'CNY' } });
   * console.log(refund.status);
   * ```
   */
  refund(refund: V3Body, options?: CallOptions): Promise<V3Body>;
  /**
   * A refund by the merchant's refund number (`GET /v3/refund/domestic/refunds/{no}`).
   * @example
   * ```ts
   * import { createV3Client } from 'wechatpay-wasm';
   * declare const privateKeyPem: string;
   * const client = createV3Client({ mchId: '1900000001', appId: 'wxd678efh567hg6787', serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', privateKey: privateKeyPem, apiV3Key: '0123456789abcdef0123456789abcdef' });
   * const refund = await client.queryRefund('R1');
   * ```
   */
  queryRefund(outRefundNo: string, options?: CallOptions): Promise<V3Body>;
  /**
   * The `wx.requestPayment` parameters of a prepay id, signed with the merchant key (`signType: 'RSA'`).
   * @example
   * ```ts
   * import { createV3Client } from 'wechatpay-wasm';
   * declare const privateKeyPem: string;
   * const client = createV3Client({ mchId: '1900000001', appId: 'wxd678efh567hg6787', serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', privateKey: privateKeyPem, apiV3Key: '0123456789abcdef0123456789abcdef' });
   * declare const prepayId: string;
   * const { appId, timeStamp, nonceStr, package: pkg, signType, paySign } = await client.jsapiPayParams(prepayId);
   * ```
   */
  jsapiPayParams(prepayId: string, options?: { appId?: string; timeStamp?: string | number; nonceStr?: string }): Promise<V3JsapiPayParams>;
  /**
   * The App SDK parameters of a prepay id, signed with the merchant key.
   * @example
   * ```ts
   * import { createV3Client } from 'wechatpay-wasm';
   * declare const privateKeyPem: string;
   * const client = createV3Client({ mchId: '1900000001', appId: 'wxd678efh567hg6787', serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', privateKey: privateKeyPem, apiV3Key: '0123456789abcdef0123456789abcdef' });
   * declare const prepayId: string;
   * const { partnerid, prepayid, sign } = await client.appPayParams(prepayId);
   * ```
   */
  appPayParams(prepayId: string, options?: { appId?: string; timestamp?: string | number; nonceStr?: string }): Promise<V3AppPayParams>;
}
/**
 * Errors: WeChat Pay's code (`SIGN_ERROR`, `PARAM_ERROR`, `ORDER_NOT_EXIST`, …) with `status`, `requestId`, `detail`; or SIGN_MISMATCH, TIMESTAMP_SKEW, SERIAL_UNKNOWN, HEADER_INVALID, NETWORK_ERROR, TIMEOUT, ABORTED, HTTP_ERROR; `attempts` on every error of a call.
 * @example
 * ```ts
 * import { createV3Client } from 'wechatpay-wasm';
 * declare const privateKeyPem: string;
 * const client = createV3Client({ mchId: '1900000001', appId: 'wxd678efh567hg6787', serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', privateKey: privateKeyPem, apiV3Key: '0123456789abcdef0123456789abcdef' });
 * const { prepay_id } = await client.jsapiOrder({
 *   description: 'QQ公仔', out_trade_no: 'T20261202001', notify_url: 'https://shop.example/notify',
 *   amount: { total: 100 }, payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
 * });
 * const requestPayment = await client.jsapiPayParams(prepay_id);
 * ```
 */
export declare function createV3Client(options: V3ClientOptions): V3Client;

/**
 * Options of the service-provider (服务商) client: those of createV3Client with the provider's
 * `spMchId` / `spAppId` in place of `mchId` / `appId`.
 * @example
 * ```ts
 * import type { V3PartnerClientOptions } from 'wechatpay-wasm';
 * declare const pem: string;
 * const options: V3PartnerClientOptions = { spMchId: '1230000109', spAppId: 'wxd678efh567hg6787', serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', privateKey: pem, apiV3Key: 'your-32-byte-api-v3-key-xxxxxxxx' };
 * ```
 */
export interface V3PartnerClientOptions extends Omit<V3ClientOptions, 'mchId' | 'appId'> {
  spMchId: string;
  spAppId: string;
}
/**
 * The service-provider client: orders, queries, close and refunds of a sub-merchant (`sub_mchid`
 * per call; `sp_mchid`, `sp_appid` and notify_url filled in), profit sharing with `sub_mchid`.
 * Pay parameters are signed with `sub_appid` when the order had one, else `sp_appid`.
 * @example
 * ```ts
 * import { createV3PartnerClient, type V3PartnerClient } from 'wechatpay-wasm';
 * declare const options: Parameters<typeof createV3PartnerClient>[0];
 * const partner: V3PartnerClient = createV3PartnerClient(options);
 * const { prepay_id } = await partner.jsapiOrder({ sub_mchid: '1900000109', sub_appid: 'wx8888888888888888', description: '商品', out_trade_no: 'S20261202001', amount: { total: 100 }, payer: { sub_openid: 'o-MYE42l80oelYMDE34nYD456Xoy' } });
 * const params = await partner.jsapiPayParams(prepay_id, { sub_appid: 'wx8888888888888888' });
 * ```
 */
export interface V3PartnerClient extends V3BeyondPayment {
  readonly spMchId: string;
  readonly spAppId: string;
  readonly serialNo: string;
  readonly baseUrl: string;
  readonly keys: PlatformKeys | V3Verifier;
  request<R = V3Body>(method: string, path: string, body?: unknown, options?: V3RequestOptions): Promise<R | null>;
  raw(method: string, path: string, body?: unknown, options?: V3RequestOptions): Promise<{ status: number; headers: [string, string][]; body: string; requestId?: string }>;
  /** POST /v3/pay/partner/transactions/{jsapi,app,native,h5}: `sub_mchid` required. */
  jsapiOrder(order: V3Body, options?: CallOptions): Promise<{ prepay_id: string }>;
  appOrder(order: V3Body, options?: CallOptions): Promise<{ prepay_id: string }>;
  nativeOrder(order: V3Body, options?: CallOptions): Promise<{ code_url: string }>;
  h5Order(order: V3Body, options?: CallOptions): Promise<{ h5_url: string }>;
  /** GET …/partner/transactions/out-trade-no/{out_trade_no}?sp_mchid=&sub_mchid= */
  queryOrder(fields: { out_trade_no: string; sub_mchid: string }, options?: CallOptions): Promise<V3Body>;
  queryOrderByTransactionId(fields: { transaction_id: string; sub_mchid: string }, options?: CallOptions): Promise<V3Body>;
  closeOrder(fields: { out_trade_no: string; sub_mchid: string }, options?: CallOptions): Promise<null>;
  /** POST /v3/refund/domestic/refunds with `sub_mchid`. */
  refund(refund: V3Body, options?: CallOptions): Promise<V3Body>;
  queryRefund(fields: { out_refund_no: string; sub_mchid: string }, options?: CallOptions): Promise<V3Body>;
  jsapiPayParams(prepayId: string, options?: { sub_appid?: string; timeStamp?: string | number; nonceStr?: string }): Promise<V3JsapiPayParams>;
  /** partnerid = `sub_mchid`. */
  appPayParams(prepayId: string, options: { sub_mchid: string; sub_appid?: string; timestamp?: string | number; nonceStr?: string }): Promise<V3AppPayParams>;
}
/**
 * A service-provider (服务商) client. Errors as createV3Client's.
 * @example
 * ```ts
 * import { createV3PartnerClient } from 'wechatpay-wasm';
 * declare const pem: string;
 * const partner = createV3PartnerClient({ spMchId: '1230000109', spAppId: 'wxd678efh567hg6787', serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', privateKey: pem, apiV3Key: 'your-32-byte-api-v3-key-xxxxxxxx' });
 * const order = await partner.queryOrder({ out_trade_no: 'S20261202001', sub_mchid: '1900000109' });
 * ```
 */
export declare function createV3PartnerClient(options: V3PartnerClientOptions): V3PartnerClient;

export interface V2ClientOptions extends TransportOptions {
  appId: string;
  mchId: string;
  /** The API v2 key. */
  key: string;
  signType?: V2SignType;
  notifyUrl?: string;
  baseUrl?: string;
  fetch?: FetchLike;
  /**
   * Mutual TLS for /secapi/ and the marketing endpoints: a Workers mTLS certificate binding
   * (`env.MY_CERT`), `{ dispatcher }` (Node: an undici Agent with the merchant certificate), or,
   * in Node, the certificate itself: `{ p12, password? }` (apiclient_cert.p12; password default
   * mchId) or `{ cert, key }` (PEM), with `ca` to trust a private CA (tests).
   */
  tls?: FetcherLike | { fetch: FetchLike; dispatcher?: unknown } | { dispatcher: unknown } | { p12: Uint8Array | ArrayBuffer | string; password?: string; ca?: string } | { cert: string; key: string; ca?: string };
  userAgent?: string;
}
export interface V2Client extends V2BillMethods {
  readonly appId: string;
  readonly mchId: string;
  readonly signType: V2SignType;
  readonly baseUrl: string;
  /**
   * Any API v2 call: signed XML POSTed, the answer parsed and its sign verified (`secure: true` for /secapi/ paths, which need `tls`).
   * @example
   * ```ts
   * import { createV2Client } from 'wechatpay-wasm';
   * const client = createV2Client({ appId: 'wxd930ea5d5a258f4f', mchId: '10000100', key: '192006250b4c09247ec02edce69f6a2d', signType: 'HMAC-SHA256' });
   * const paid = await client.request('/pay/micropay', { body: 'QQ公仔', out_trade_no: 'T9', total_fee: 100, spbill_create_ip: '203.0.113.7', auth_code: '134567890123456789' });
   * ```
   */
  request(path: string, fields?: Params, options?: CallOptions & { secure?: boolean }): Promise<Fields>;
  /**
   * 统一下单 `/pay/unifiedorder`: `prepay_id` (JSAPI, App) or `code_url` (NATIVE).
   * @example
   * ```ts
   * import { createV2Client } from 'wechatpay-wasm';
   * const client = createV2Client({ appId: 'wxd930ea5d5a258f4f', mchId: '10000100', key: '192006250b4c09247ec02edce69f6a2d', signType: 'HMAC-SHA256' });
   * const { prepay_id, code_url } = await client.unifiedOrder({ body: 'QQ公仔', out_trade_no: 'T1', total_fee: 100, spbill_create_ip: '203.0.113.7', trade_type: 'NATIVE' });
   * ```
   */
  unifiedOrder(fields: Params, options?: CallOptions): Promise<Fields>;
  /**
   * 查询订单 `/pay/orderquery` by out_trade_no (a string) or transaction_id.
   * @example
   * ```ts
   * import { createV2Client } from 'wechatpay-wasm';
   * const client = createV2Client({ appId: 'wxd930ea5d5a258f4f', mchId: '10000100', key: '192006250b4c09247ec02edce69f6a2d', signType: 'HMAC-SHA256' });
   * const order = await client.orderQuery('T1'); // or { transaction_id: '4200…' }
   * console.log(order.trade_state);
   * ```
   */
  orderQuery(ref: string | { out_trade_no?: string; transaction_id?: string }, options?: CallOptions): Promise<Fields>;
  /**
   * 关闭订单 `/pay/closeorder`.
   * @example
   * ```ts
   * import { createV2Client } from 'wechatpay-wasm';
   * const client = createV2Client({ appId: 'wxd930ea5d5a258f4f', mchId: '10000100', key: '192006250b4c09247ec02edce69f6a2d', signType: 'HMAC-SHA256' });
   * await client.closeOrder('T1');
   * ```
   */
  closeOrder(outTradeNo: string, options?: CallOptions): Promise<Fields>;
  /**
   * 申请退款 `/secapi/pay/refund` (mutual TLS: needs `tls`).
   * @example
   * ```ts
   * import { createV2Client, type FetcherLike } from 'wechatpay-wasm';
   * declare const certBinding: FetcherLike; // Workers mTLS binding; in Node: tls: { dispatcher: new Agent({ connect: { cert, key } }) }
   * const client = createV2Client({ appId: 'wx1', mchId: '10000100', key: 'key', tls: certBinding });
   * const refund = await client.refund({ out_trade_no: 'T1', out_refund_no: 'R1', total_fee: 100, refund_fee: 100 });
   * ```
   */
  refund(fields: Params, options?: CallOptions): Promise<Fields>;
  /**
   * 查询退款 `/pay/refundquery` by out_refund_no (a string), out_trade_no, transaction_id or refund_id.
   * @example
   * ```ts
   * import { createV2Client } from 'wechatpay-wasm';
   * const client = createV2Client({ appId: 'wxd930ea5d5a258f4f', mchId: '10000100', key: '192006250b4c09247ec02edce69f6a2d', signType: 'HMAC-SHA256' });
   * const refunds = await client.refundQuery({ out_refund_no: 'R1' });
   * console.log(refunds.refund_status_0);
   * ```
   */
  refundQuery(ref: string | { out_refund_no?: string; out_trade_no?: string; transaction_id?: string; refund_id?: string }, options?: CallOptions): Promise<Fields>;
  /**
   * The `wx.requestPayment` parameters of a prepay id with this client's app id, key and sign type.
   * @example
   * ```ts
   * import { createV2Client } from 'wechatpay-wasm';
   * const client = createV2Client({ appId: 'wxd930ea5d5a258f4f', mchId: '10000100', key: '192006250b4c09247ec02edce69f6a2d', signType: 'HMAC-SHA256' });
   * const { paySign } = client.jsapiPayParams('wx201410272009395522657a690389285100');
   * ```
   */
  jsapiPayParams(prepayId: string, timeStamp?: string | number, nonceStr?: string): V2JsapiPayParams;
  /**
   * The App SDK parameters of a prepay id with this client's app id, merchant id, key and sign type.
   * @example
   * ```ts
   * import { createV2Client } from 'wechatpay-wasm';
   * const client = createV2Client({ appId: 'wxd930ea5d5a258f4f', mchId: '10000100', key: '192006250b4c09247ec02edce69f6a2d', signType: 'HMAC-SHA256' });
   * const { sign } = client.appPayParams('wx201410272009395522657a690389285100');
   * ```
   */
  appPayParams(prepayId: string, timestamp?: string | number, nonceStr?: string): V2AppPayParams;
  /**
   * 付款码支付 with WeChat Pay's documented flow: on USERPAYING or an unknown outcome
   * (SYSTEMERROR, BANKERROR, NETWORK_ERROR, TIMEOUT) it polls orderquery every `pollInterval` ms
   * (default 5000) up to `polls` times (default 6), then reverses the order. Resolves with the
   * paid order; rejects with MICROPAY_REVERSED (not paid, reversed), MICROPAY_UNRESOLVED (could
   * not be reversed: check the order), PAYERROR / CLOSED / REVOKED, or the micropay error.
   *
   * @example
   * ```ts
   * import { createV2Client } from 'wechatpay-wasm';
   * import { readFileSync } from 'node:fs';
   * const client = createV2Client({ appId: 'wx8888888888888888', mchId: '1900000109', key: process.env.WECHATPAY_KEY!, tls: { p12: readFileSync('apiclient_cert.p12') } });
   * const paid = await client.micropay({ body: '门店消费', out_trade_no: 'POS20261202001', total_fee: 100, spbill_create_ip: '10.0.0.8', auth_code: '134567890123456789' });
   * console.log(paid.transaction_id);
   * ```
   */
  micropay(fields: Params, options?: CallOptions & { pollInterval?: number; polls?: number; reverseAttempts?: number; sleep?: (ms: number) => Promise<void> }): Promise<Fields>;
  /** One /pay/micropay call, without the flow. */
  micropayOnce(fields: Params, options?: CallOptions): Promise<Fields>;
  /** 撤销订单 /secapi/pay/reverse (mutual TLS): `recall` Y means call again. */
  reverse(ref: string | Params, options?: CallOptions): Promise<Fields>;
  /** 合单支付 /pay/combinedorder (combine_appid / combine_mch_id, HMAC-SHA256). */
  combinedOrder(fields: Params, options?: CallOptions): Promise<Fields>;
  /**
   * 企业付款到零钱 /mmpaymkttransfers/promotion/transfers (mutual TLS; mch_appid / mchid; MD5).
   * The response is unsigned by design: return_code, result_code and mchid are checked.
   *
   * @example
   * ```ts
   * import { createV2Client } from 'wechatpay-wasm';
   * import { readFileSync } from 'node:fs';
   * const client = createV2Client({ appId: 'wx8888888888888888', mchId: '1900000109', key: process.env.WECHATPAY_KEY!, tls: { p12: readFileSync('apiclient_cert.p12') } });
   * const r = await client.transfer({ partner_trade_no: 'PAYOUT0001', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', amount: 100, desc: '佣金' });
   * console.log(r.payment_no, await client.transferQuery('PAYOUT0001'));
   * ```
   */
  transfer(fields: Params, options?: CallOptions): Promise<Fields>;
  /** 查询企业付款 /mmpaymkttransfers/gettransferinfo by partner_trade_no (unsigned response). */
  transferQuery(ref: string | Params, options?: CallOptions): Promise<Fields>;
  /** 企业付款到银行卡: encrypts enc_bank_no / enc_true_name with WeChat Pay's RSA key (downloaded, or `publicKey`). */
  payBank(fields: Params, options?: CallOptions & { publicKey?: string }): Promise<Fields>;
  payBankRaw(fields: Params, options?: CallOptions): Promise<Fields>;
  payBankQuery(ref: string | Params, options?: CallOptions): Promise<Fields>;
  /** WeChat Pay's RSA public key for payBank (fraud.mch.weixin.qq.com/risk/getpublickey): `pub_key`. */
  getPublicKey(fields?: Params, options?: CallOptions): Promise<Fields>;
  /**
   * 现金红包 /mmpaymkttransfers/sendredpack (mutual TLS; wxappid / mch_id; MD5; unsigned response).
   *
   * @example
   * ```ts
   * import { createV2Client } from 'wechatpay-wasm';
   * import { readFileSync } from 'node:fs';
   * const client = createV2Client({ appId: 'wx8888888888888888', mchId: '1900000109', key: process.env.WECHATPAY_KEY!, tls: { p12: readFileSync('apiclient_cert.p12') } });
   * await client.sendRedpack({ mch_billno: '1900000109202612020001', send_name: '商户', re_openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', total_amount: 100, wishing: '恭喜发财', client_ip: '10.0.0.8', act_name: '活动', remark: '备注' });
   * console.log((await client.redpackQuery('1900000109202612020001')).status);
   * ```
   */
  sendRedpack(fields: Params, options?: CallOptions): Promise<Fields>;
  /** 裂变红包 /mmpaymkttransfers/sendgroupredpack (amt_type ALL_RAND by default). */
  sendGroupRedpack(fields: Params, options?: CallOptions): Promise<Fields>;
  /** 查询红包记录 /mmpaymkttransfers/gethbinfo by mch_billno (bill_type MCHT by default). */
  redpackQuery(ref: string | Params, options?: CallOptions): Promise<Fields>;
  /** 发放代金券 /mmpaymkttransfers/send_coupon (mutual TLS). */
  sendCoupon(fields: Params, options?: CallOptions): Promise<Fields>;
  queryCouponStock(ref: string | Params, options?: CallOptions): Promise<Fields>;
  queryCouponInfo(fields: Params, options?: CallOptions): Promise<Fields>;
  /** 扫码支付模式一 link `weixin://wxpay/bizpayurl?sign=…` for a product id (MD5). */
  nativeUrl(productId: string, timeStamp?: string, nonceStr?: string): string;
}
/**
 * Errors: RETURN_FAIL (`returnMsg`), WeChat Pay's err_code (`errCodeDes`), SIGN_MISSING, SIGN_MISMATCH, XML_*, HTTP_ERROR, NETWORK_ERROR, TIMEOUT, ABORTED, TLS_REQUIRED; `attempts` on every error of a call.
 * @example
 * ```ts
 * import { createV2Client, type FetcherLike } from 'wechatpay-wasm';
 * declare const env: { WECHATPAY_CERT: FetcherLike }; // a Workers mTLS certificate binding (Fetcher)
 * const client = createV2Client({
 *   appId: 'wxd930ea5d5a258f4f', mchId: '10000100', key: '192006250b4c09247ec02edce69f6a2d',
 *   notifyUrl: 'https://shop.example/notify', tls: env.WECHATPAY_CERT, // refunds need the merchant certificate
 * });
 * const { prepay_id } = await client.unifiedOrder({ body: 'QQ公仔', out_trade_no: 'T1', total_fee: 100, spbill_create_ip: '203.0.113.7', trade_type: 'JSAPI', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' });
 * const requestPayment = client.jsapiPayParams(prepay_id);
 * ```
 */
export declare function createV2Client(options: V2ClientOptions): V2Client;

/** Idempotency store: `seen(id)` marks the id and says whether it was already marked. */
export interface ReplayStore {
  seen(id: string): Promise<boolean>;
  delete?(id: string): Promise<void>;
}
/**
 * An in-memory replay store (one process / isolate): at most `max` ids, each kept `ttl` seconds.
 * @example
 * ```ts
 * import { memoryReplayStore } from 'wechatpay-wasm';
 * const replayStore = memoryReplayStore({ max: 10000, ttl: 86400 });
 * console.log(await replayStore.seen('id-1'), await replayStore.seen('id-1')); // false true
 * ```
 */
export declare function memoryReplayStore(options?: { max?: number; ttl?: number; clock?: () => number }): Required<ReplayStore> & { readonly size: number };
/**
 * The client of a WechatPayReplayStore Durable Object binding.
 * @example
 * ```ts
 * import { durableReplayStore, handleV3Notification, PlatformKeys, type DurableObjectNamespaceLike } from 'wechatpay-wasm';
 * export { WechatPayReplayStore } from 'wechatpay-wasm'; // the Durable Object class behind the binding
 * // env.WECHATPAY_REPLAY is a DurableObjectNamespace (@cloudflare/workers-types), which fits DurableObjectNamespaceLike.
 * declare const env: { WECHATPAY_REPLAY: DurableObjectNamespaceLike; WECHATPAY_API_V3_KEY: string };
 * declare const keys: PlatformKeys, request: Request;
 * const result = await handleV3Notification(request, { apiV3Key: env.WECHATPAY_API_V3_KEY, keys, replayStore: durableReplayStore(env.WECHATPAY_REPLAY) });
 * ```
 */
export declare function durableReplayStore(namespace: DurableObjectNamespaceLike, options?: { name?: string; ttl?: number }): Required<ReplayStore>;
/** What durableReplayStore uses of a Durable Object namespace binding (`DurableObjectNamespace` of @cloudflare/workers-types is assignable). */
export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: unknown): { fetch(input: string, init?: RequestInit): Promise<Response> };
}
/** A connected node-redis (`createClient()` from "redis", v4+) or ioredis client. */
export type RedisClient = object;
/**
 * Replay store in Redis (SET NX EX; released on onEvent failure); REPLAY_STORE_ERROR when Redis fails or answers garbage.
 * @example
 * ```ts
 * import { redisReplayStore } from 'wechatpay-wasm';
 * declare const redis: object; // await createClient().connect() from 'redis', or new Redis() from 'ioredis'
 * const replayStore = redisReplayStore(redis, { prefix: 'wechatpay:seen:', ttl: 86400 });
 * ```
 */
export declare function redisReplayStore(client: RedisClient, options?: { prefix?: string; ttl?: number; timeout?: number }): Required<ReplayStore> & { readonly kind: string };
/**
 * Key store in Redis (e.g. for PlatformKeys: certificates shared by every process); STORE_ERROR on failure.
 * @example
 * ```ts
 * import { redisKeyStore, PlatformKeys } from 'wechatpay-wasm';
 * declare const redis: object;
 * // Platform certificates downloaded once, shared by every process:
 * const keys = new PlatformKeys({ apiV3Key: '0123456789abcdef0123456789abcdef', store: redisKeyStore(redis) });
 * ```
 */
export declare function redisKeyStore(client: RedisClient, options?: { prefix?: string; timeout?: number }): Required<KeyStore> & { readonly kind: string };

export interface ReconcileEntry<T> { outTradeNo: string; tradeState: string | null; transaction: T | null }
export interface ReconcileReport<T = Record<string, unknown>> {
  /** SUCCESS or REFUND: record them as paid. */
  paid: ReconcileEntry<T>[];
  /** CLOSED, REVOKED, PAYERROR. */
  closed: ReconcileEntry<T>[];
  /** NOTPAY, USERPAYING, … */
  pending: ReconcileEntry<T>[];
  /** WeChat Pay has no such order. */
  notFound: ReconcileEntry<T>[];
  failed: { outTradeNo: string; error: unknown }[];
  /** Younger than olderThanMinutes: not asked about. */
  skipped: string[];
}
/**
 * Queries the merchant's unpaid orders older than `olderThanMinutes` (default 10), `concurrency` (default 4) at a time.
 * @example
 * ```ts
 * import { reconcileOrders, type V3Client } from 'wechatpay-wasm';
 * declare const client: V3Client;
 * const report = await reconcileOrders(client, [{ outTradeNo: 'T1', createdAt: '2026-12-02T03:00:00Z' }], { olderThanMinutes: 10 });
 * for (const { outTradeNo } of report.paid) console.log('paid', outTradeNo);
 * ```
 */
export declare function reconcileOrders(client: V3Client | V2Client, orders: Iterable<{ outTradeNo: string; createdAt: Date | number | string }>, options?: {
  olderThanMinutes?: number; concurrency?: number; now?: number; callOptions?: CallOptions;
}): Promise<ReconcileReport>;

/** A bill's row or summary: the bill's own column names → cell text (amounts stay text such as "0.01"). */
export type BillRecord = Record<string, string>;
/** A whole bill, parsed. */
export interface Bill {
  /** The header's column names, in order (交易时间, 公众账号ID, …). */
  columns: string[];
  records: BillRecord[];
  summaryColumns: string[];
  summary: BillRecord;
}
/**
 * A bill being downloaded, read once with `for await`. Hash, decryption and completeness are
 * checked as it flows; a failure is thrown by the loop (records already seen are then not to be
 * trusted). After a normal end, `complete` is true and `summary` is set.
 * @example
 * ```ts
 * import { createV3Client } from 'wechatpay-wasm';
 * declare const client: ReturnType<typeof createV3Client>;
 * const stream = await client.tradeBillStream({ bill_date: '2026-12-01', tar_type: 'GZIP' });
 * let count = 0;
 * for await (const record of stream) if (record['交易状态'] === 'SUCCESS') count++;
 * console.log(count, stream.summary?.['总交易单数']);
 * ```
 */
export declare class BillStream implements AsyncIterable<BillRecord> {
  private constructor();
  [Symbol.asyncIterator](): AsyncIterator<BillRecord>;
  /** Reads the whole bill into memory. */
  collect(): Promise<Bill>;
  readonly columns: string[] | null;
  readonly summaryColumns: string[] | null;
  readonly summary: BillRecord | null;
  /** Detail rows read so far. */
  readonly rows: number;
  readonly complete: boolean;
  /** v3: the apply response's hash (SHA1 of the bill after gzip decompression). */
  readonly hashType?: string;
  readonly hashValue?: string;
}
export interface V3TradeBillParams { bill_date: string; bill_type?: 'ALL' | 'SUCCESS' | 'REFUND' | string; tar_type?: 'GZIP'; sub_mchid?: string }
export interface V3FundFlowBillParams { bill_date: string; account_type?: 'BASIC' | 'OPERATION' | 'FEES' | string; tar_type?: 'GZIP' }
export interface V3SubMerchantFundFlowBillParams { sub_mchid: string; bill_date: string; account_type?: 'BASIC' | 'OPERATION' | 'FEES' | string; algorithm?: 'AEAD_AES_256_GCM'; tar_type?: 'GZIP' }
/**
 * API v3 reconciliation bills on a createV3Client: apply (signed, verified JSON), then download
 * (Authorization-signed GET; the response is unsigned and checked by SHA-1 against hash_value).
 * Errors: BILL_HASH_MISMATCH, BILL_TRUNCATED, BILL_NOT_GZIP, BILL_INVALID, DECRYPT_FAILED
 * (sub-merchant bills), WeChat Pay's codes (NO_STATEMENT_EXIST, …) and the client's usual ones.
 * @example
 * ```ts
 * import { createV3Client, billAmountToFen } from 'wechatpay-wasm';
 * declare const client: ReturnType<typeof createV3Client>;
 * const bill = await client.tradeBill({ bill_date: '2026-12-01', bill_type: 'ALL', tar_type: 'GZIP' });
 * for (const r of bill.records) console.log(r['商户订单号'], billAmountToFen(r['应结订单金额']));
 * console.log(bill.summary['总交易单数']);
 * ```
 */
export interface V3BillMethods {
  tradeBill(params: V3TradeBillParams, options?: CallOptions): Promise<Bill & { hashType: string; hashValue: string }>;
  tradeBillStream(params: V3TradeBillParams, options?: CallOptions): Promise<BillStream>;
  fundFlowBill(params: V3FundFlowBillParams, options?: CallOptions): Promise<Bill & { hashType: string; hashValue: string }>;
  fundFlowBillStream(params: V3FundFlowBillParams, options?: CallOptions): Promise<BillStream>;
  /** Service providers: the files are downloaded in bill_sequence order, decrypted (AES-256-GCM, key RSA-OAEP to the merchant key) and joined. */
  subMerchantFundFlowBill(params: V3SubMerchantFundFlowBillParams, options?: CallOptions): Promise<Bill>;
  subMerchantFundFlowBillStream(params: V3SubMerchantFundFlowBillParams, options?: CallOptions): Promise<BillStream>;
}
/**
 * API v2 bills on a createV2Client: 下载对账单 and 下载资金账单 (HMAC-SHA256, mutual TLS). The bill
 * is unsigned and carries no hash; an error XML is RETURN_FAIL with WeChat Pay's return_msg.
 * @example
 * ```ts
 * import { createV2Client } from 'wechatpay-wasm';
 * declare const client: ReturnType<typeof createV2Client>;
 * const bill = await client.downloadBill({ bill_date: '20261201', bill_type: 'ALL' });
 * console.log(bill.records.length, bill.summary['应结订单总金额']);
 * ```
 */
export interface V2BillMethods {
  downloadBill(params: { bill_date: string; bill_type?: 'ALL' | 'SUCCESS' | 'REFUND' | string; tar_type?: 'GZIP' }, options?: CallOptions): Promise<Bill>;
  downloadBillStream(params: { bill_date: string; bill_type?: string; tar_type?: 'GZIP' }, options?: CallOptions): Promise<BillStream>;
  downloadFundFlow(params: { bill_date: string; account_type?: 'Basic' | 'Operation' | 'Fees' | string; tar_type?: 'GZIP' }, options?: CallOptions): Promise<Bill>;
  downloadFundFlowStream(params: { bill_date: string; account_type?: string; tar_type?: 'GZIP' }, options?: CallOptions): Promise<BillStream>;
}
/**
 * Parses a whole bill already in memory. BILL_INVALID when it is not a bill, BILL_TRUNCATED when
 * it stops before its summary row.
 * @example
 * ```ts
 * import { parseBill } from 'wechatpay-wasm';
 * const bill = parseBill('交易时间,商户订单号\r\n`2026-12-01 10:00:00,`A1\r\n总交易单数\r\n`1\r\n');
 * console.log(bill.records[0]['商户订单号']); // A1
 * ```
 */
export declare function parseBill(bill: string | Uint8Array | ArrayBuffer): Bill;
/**
 * A bill amount in yuan ("12.34", "0.00000") as integer fen; INVALID_ARGUMENT for fractions of a fen.
 * @example
 * ```ts
 * import { billAmountToFen } from 'wechatpay-wasm';
 * billAmountToFen('12.34'); // 1234
 * ```
 */
export declare function billAmountToFen(amount: string): number;

/**
 * The Durable Object class: export it from your Worker.
 * @example
 * ```ts
 * // worker.ts, with wrangler.toml:
 * //   [[durable_objects.bindings]] name = "WECHATPAY_REPLAY", class_name = "WechatPayReplayStore"
 * export { WechatPayReplayStore } from 'wechatpay-wasm';
 * ```
 */
export declare class WechatPayReplayStore {
  constructor(state: unknown, env: unknown);
  /**
   * The Durable Object's request handler (`durableReplayStore` is its client).
   * @example
   * ```ts
   * import { WechatPayReplayStore } from 'wechatpay-wasm';
   * // Called by the Workers runtime; durableReplayStore() is its client. Directly, e.g. in a test:
   * declare const state: unknown;
   * const store = new WechatPayReplayStore(state, {});
   * const response = await store.fetch(new Request('https://replay/seen', { method: 'POST', body: JSON.stringify({ id: 'n1', ttl: 60 }) }));
   * ```
   */
  fetch(request: Request): Promise<Response>;
  /**
   * Drops expired ids (the runtime calls it at the alarm time the object set).
   * @example
   * ```ts
   * import { WechatPayReplayStore } from 'wechatpay-wasm';
   * declare const state: unknown;
   * // The runtime calls alarm() to drop expired ids; a test may call it directly.
   * await new WechatPayReplayStore(state, {}).alarm();
   * ```
   */
  alarm(): Promise<void>;
}

export interface NotificationAck {
  status: number;
  headers: Record<string, string>;
  body: string;
}
export interface NotificationResult<E> {
  ok: boolean;
  /** The verified event (null when refused). */
  event: E | null;
  /** v3: the notification id; v2: transaction_id (payments) or out_refund_no (refunds). */
  id?: string;
  duplicate: boolean;
  /** Send exactly this back to WeChat Pay. */
  ack: NotificationAck;
  error?: WechatPayError;
}
export type NotificationInput = Request | { headers: Headers | Record<string, string | string[] | undefined> | [string, string][]; body: string | Uint8Array };

/**
 * An API v3 notification endpoint in one call: verifies, decrypts, deduplicates (`replayStore`), runs `onEvent` once per id and says what to answer (`ack`). Never throws for bad input: `ok: false` with `error` and a 4xx/5xx FAIL ack.
 * @example
 * ```ts
 * import { handleV3Notification, ackResponse, PlatformKeys } from 'wechatpay-wasm';
 * declare const keys: PlatformKeys;
 * export async function notify(request: Request): Promise<Response> {
 *   const result = await handleV3Notification<{ out_trade_no: string; trade_state: string }>(request, {
 *     apiV3Key: '0123456789abcdef0123456789abcdef', keys,
 *     onEvent: async (event) => { if (event.resource.trade_state === 'SUCCESS') console.log('paid', event.resource.out_trade_no); },
 *   });
 *   if (!result.ok) console.log(result.error?.code); // e.g. SIGN_MISMATCH: the ack is a 401 FAIL
 *   return ackResponse(result.ack);
 * }
 * ```
 */
export declare function handleV3Notification<R = Record<string, unknown>>(input: NotificationInput, options: {
  apiV3Key: string;
  keys: PlatformKeys | V3Verifier;
  /** Default: an in-memory store; null disables deduplication. */
  replayStore?: ReplayStore | null;
  /** Called once per new event; if it throws, the id is forgotten and a 500 ack returned. */
  onEvent?: (event: V3Notification<R>, info: { id: string }) => unknown;
  /** Unix seconds (default: the keys' clock). */
  now?: number;
  maxSkew?: number;
}): Promise<NotificationResult<V3Notification<R>>>;

/**
 * An API v2 payment or refund notification endpoint in one call: parses and verifies (refunds: decrypts `req_info`), deduplicates, runs `onEvent` once, and returns the XML `ack`.
 * @example
 * ```ts
 * import { handleV2Notification, ackResponse } from 'wechatpay-wasm';
 * export async function notify(request: Request): Promise<Response> {
 *   const result = await handleV2Notification(request, {
 *     key: '192006250b4c09247ec02edce69f6a2d', mchId: '10000100',
 *     onEvent: (event, { type }) => { if (type === 'payment') console.log('paid', event.out_trade_no); },
 *   });
 *   return ackResponse(result.ack); // the XML WeChat Pay expects, SUCCESS or FAIL
 * }
 * ```
 */
export declare function handleV2Notification(input: string | Uint8Array | NotificationInput, options: {
  key: string;
  /** Used when the notification has no sign_type (default MD5). */
  signType?: V2SignType;
  mchId?: string;
  appId?: string;
  replayStore?: ReplayStore | null;
  onEvent?: (event: Fields, info: { type: 'payment' | 'refund'; id: string }) => unknown;
}): Promise<NotificationResult<Fields> & { type?: 'payment' | 'refund' }>;

/**
 * A fetch Response for an ack.
 * @example
 * ```ts
 * import { ackResponse, type NotificationAck } from 'wechatpay-wasm';
 * declare const ack: NotificationAck; // from handleV3Notification / handleV2Notification
 * const response: Response = ackResponse(ack);
 * ```
 */
export declare function ackResponse(ack: NotificationAck): Response;

// ---- API v3 ---------------------------------------------------------------------------------

/** A merchant private key handle (from `v3.importPrivateKey`). Never exposes key material. */
export interface V3PrivateKey {
  readonly bits: number;
  /** Whether async functions use WebCrypto with this key (false: `{ webcrypto: false }`, or no `crypto.subtle`). */
  readonly webcrypto: boolean;
  /** Releases the key; later use throws `INVALID_ARGUMENT`. */
  free(): void;
}

/** A public key or platform certificate handle (from `v3.importPublicKey`). */
export interface V3PublicKey {
  readonly bits: number;
  /** Certificate serial, uppercase hex as in `Wechatpay-Serial`; undefined for a bare public key. */
  readonly serialNo: string | undefined;
  /** Certificate validity, Unix seconds; undefined for a bare public key. */
  readonly notBefore: number | undefined;
  readonly notAfter: number | undefined;
  readonly webcrypto: boolean;
  free(): void;
}

/** WeChat Pay's verification keys by certificate serial (case and leading zeros ignored) or `PUB_KEY_ID_…`. */
export interface V3Verifier {
  /**
   * Adds or replaces a key (handle or PEM); a certificate goes under its serial unless `id` is given. Returns the id.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const platformCertPem: string, publicKeyPem: string;
   * const verifier = v3.createVerifier(platformCertPem);
   * const id = verifier.add(publicKeyPem, 'PUB_KEY_ID_0114232134912410000000000000'); // public-key mode
   * console.log(id, verifier.size);
   * ```
   */
  add(key: V3PublicKey | string, id?: string): string;
  /**
   * Removes the key with this id (serial or `PUB_KEY_ID_…`); false if there was none.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const platformCertPem: string, publicKeyPem: string;
   * const verifier = v3.createVerifier(platformCertPem);
   * verifier.remove('5157F09EFDC096DE15EBE81A47057A7232F1B8E1'); // e.g. an expired certificate; true if it was there
   * ```
   */
  remove(id: string): boolean;
  /**
   * Whether a key with this id is held (case and leading zeros of a serial ignored).
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const platformCertPem: string, publicKeyPem: string;
   * const verifier = v3.createVerifier(platformCertPem);
   * declare const headers: Record<string, string>;
   * if (!verifier.has(headers['wechatpay-serial'] ?? '')) console.log('unknown serial: refresh the platform certificates');
   * ```
   */
  has(id: string): boolean;
  /**
   * The ids held.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const platformCertPem: string, publicKeyPem: string;
   * const verifier = v3.createVerifier(platformCertPem);
   * console.log(verifier.ids()); // ['5157F09EFDC096DE15EBE81A47057A7232F1B8E1']
   * ```
   */
  ids(): string[];
  readonly size: number;
  /**
   * Releases the wasm memory of the keys; do not use the verifier afterwards.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const platformCertPem: string, publicKeyPem: string;
   * const verifier = v3.createVerifier(platformCertPem);
   * verifier.free(); // e.g. when replacing it with a new verifier
   * ```
   */
  free(): void;
}

export interface V3ImportOptions {
  /** false: never use WebCrypto with this key (every operation in wasm). Default true. */
  webcrypto?: boolean;
}

/** Unix seconds, or a Date. */
export type V3Time = number | Date;

export interface V3AuthorizationOptions {
  mchId: string;
  /** The merchant certificate's serial number. */
  serialNo: string;
  privateKey: V3PrivateKey | string;
  method: string;
  /** Path and query (an absolute URL is reduced to them). */
  url: string;
  /** The exact request body; '' (default) for GET. */
  body?: string;
  /** Default: now. */
  timestamp?: string | number;
  /** Default: 32 random characters. */
  nonce?: string;
}

export interface V3VerifyOptions {
  verifier: V3Verifier;
  timestamp: string | number;
  nonce: string;
  /** The exact raw body. */
  body: string;
  signature: string;
  serial: string;
  /** Default: the host clock. */
  now?: V3Time;
  /** Allowed |timestamp − now| in seconds; default 300. */
  maxSkew?: number;
}

/** A fetch `Headers`, a Map, a plain object (Node's `req.headers`) or `[name, value]` pairs; names case-insensitive. */
export type V3Headers = { get(name: string): string | null; forEach(callback: (value: string, name: string) => void): void } | Map<string, string> | Record<string, string | string[] | undefined> | [string, string][];

export interface V3VerifyResponseOptions {
  verifier: V3Verifier;
  headers: V3Headers;
  body: string;
  now?: V3Time;
  maxSkew?: number;
}

export interface V3ParseNotificationOptions extends V3VerifyResponseOptions {
  /** The 32-byte API v3 key. */
  apiV3Key: string;
}

export interface V3Notification<R = Record<string, unknown>> {
  id: string;
  create_time: string;
  event_type: string;
  resource_type: string;
  summary: string;
  /** The resource's `original_type` (e.g. `transaction`, `refund`). */
  original_type: string;
  /** The decrypted resource, parsed. */
  resource: R;
}

export interface V3EncryptedResource {
  algorithm?: string;
  ciphertext: string;
  nonce: string;
  associated_data?: string;
  original_type?: string;
}

export interface V3PlatformCertificate {
  serial_no: string;
  effective_time: string;
  expire_time: string;
  certificate_pem: string;
}

export interface V3JsapiPayParams {
  appId: string; timeStamp: string; nonceStr: string; package: string; signType: 'RSA'; paySign: string;
}
export interface V3AppPayParams {
  appid: string; partnerid: string; prepayid: string; package: 'Sign=WXPay'; noncestr: string; timestamp: string; sign: string;
}

export declare const v3: {
  /**
   * Parses the merchant private key (PKCS#8 or PKCS#1 PEM) once into a handle (KEY_INVALID, KEY_TOO_SMALL); also imported into WebCrypto where available.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const pem: string; // apiclient_key.pem
   * const privateKey = await v3.importPrivateKey(pem); // parsed once, reused for every signature
   * console.log(privateKey.bits, privateKey.webcrypto);
   * ```
   */
  importPrivateKey(pem: string, options?: V3ImportOptions): Promise<V3PrivateKey>;
  /**
   * As `importPrivateKey`, synchronously (the key for the pure-wasm path).
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const pem: string;
   * const privateKey = v3.importPrivateKeySync(pem, { webcrypto: false });
   * ```
   */
  importPrivateKeySync(pem: string, options?: V3ImportOptions): V3PrivateKey;
  /**
   * Parses a platform certificate or the WeChat Pay public key (PEM) once into a handle.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const pem: string; // a platform certificate or the WeChat Pay public key
   * const publicKey = await v3.importPublicKey(pem);
   * const verifier = v3.createVerifier();
   * verifier.add(publicKey);
   * ```
   */
  importPublicKey(pem: string, options?: V3ImportOptions): Promise<V3PublicKey>;
  /**
   * As `importPublicKey`, synchronously.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const pem: string;
   * const publicKey = v3.importPublicKeySync(pem);
   * console.log(publicKey.serialNo);
   * ```
   */
  importPublicKeySync(pem: string, options?: V3ImportOptions): V3PublicKey;
  /**
   * `new v3.Verifier()`: an empty set of verification keys.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const pubKeyPem: string;
   * const verifier = new v3.Verifier();
   * verifier.add(pubKeyPem, 'PUB_KEY_ID_0114232134912410000000000000');
   * ```
   */
  Verifier: new () => V3Verifier;
  /**
   * A Verifier holding these keys (certificates under their serials).
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const platformCertPem: string;
   * const verifier = v3.createVerifier(platformCertPem); // keyed by the certificate's serial
   * console.log(verifier.ids());
   * ```
   */
  createVerifier(...keys: (V3PublicKey | string)[]): V3Verifier;

  /**
   * The request message an `Authorization` signature covers: `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n`.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * const signed = v3.message('GET', '/v3/certificates', 1554208460, '593BEC0C930BF1AFEB40B4A08C8FB242');
   * // 'GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n'
   * ```
   */
  message(method: string, url: string, timestamp: string | number, nonce: string, body?: string): string;
  /**
   * The message a response or notification signature covers: `TIMESTAMP\nNONCE\nBODY\n`.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * const signed = v3.responseMessage(1554209980, 'c5ac7061fccab6bf3e254dcf98995b8c', '{"data":[]}');
   * ```
   */
  responseMessage(timestamp: string | number, nonce: string, body?: string): string;
  /**
   * `appId\ntimeStamp\nnonceStr\npackage\n`: what a JSAPI / mini-program paySign covers.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * const signed = v3.jsapiMessage('wx8888888888888888', 1414561699, '5K8264ILTKCH16CQ2502SI8ZNMTM67VS', 'prepay_id=wx201410272009395522657a690389285100');
   * ```
   */
  jsapiMessage(appId: string, timeStamp: string | number, nonceStr: string, pkg: string): string;
  /**
   * `appid\ntimestamp\nnoncestr\nprepayid\n`: what an App sign covers.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * const signed = v3.appMessage('wx8888888888888888', 1414561699, '5K8264ILTKCH16CQ2502SI8ZNMTM67VS', 'WX1217752501201407033233368018');
   * ```
   */
  appMessage(appId: string, timestamp: string | number, nonceStr: string, prepayId: string): string;
  /**
   * Decrypts an AES-256-GCM `resource` (notification, certificate) with the API v3 key; DECRYPT_FAILED for a wrong key or altered data.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const notification: { resource: { ciphertext: string; nonce: string; associated_data: string } };
   * const plaintext = v3.decryptResource(notification.resource, '0123456789abcdef0123456789abcdef'); // DECRYPT_FAILED on a wrong key
   * const transaction = JSON.parse(plaintext);
   * ```
   */
  decryptResource(resource: V3EncryptedResource, apiV3Key: string): string;
  /**
   * Encrypts a resource the way WeChat Pay does (for tests and simulators).
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * // What WeChat Pay does to a notification's resource (for tests and simulators).
   * const resource = v3.encryptResource('{"out_trade_no":"T1"}', '0123456789abcdef0123456789abcdef', { associated_data: 'transaction' });
   * console.log(v3.decryptResource(resource, '0123456789abcdef0123456789abcdef'));
   * ```
   */
  encryptResource(plaintext: string, apiV3Key: string, options?: { nonce?: string; associated_data?: string; original_type?: string }):
    Required<Pick<V3EncryptedResource, 'algorithm' | 'ciphertext' | 'nonce' | 'associated_data'>> & { original_type?: string };
  /**
   * The platform certificates of a (verified) `GET /v3/certificates` body, decrypted.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const body: string; // the verified body of GET /v3/certificates
   * for (const cert of v3.decryptCertificates(body, '0123456789abcdef0123456789abcdef')) console.log(cert.serial_no, cert.expire_time);
   * ```
   */
  decryptCertificates(body: string, apiV3Key: string): V3PlatformCertificate[];

  /**
   * Default path: RSA in WebCrypto where `crypto.subtle` exists, else in wasm.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const pem: string;
   * const privateKey = await v3.importPrivateKey(pem);
   * const body = JSON.stringify({ mchid: '1900000001', out_trade_no: 'T1' });
   * const authorization = await v3.authorization({ mchId: '1900000001', serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', privateKey, method: 'POST', url: '/v3/pay/transactions/jsapi', body });
   * await fetch('https://api.mch.weixin.qq.com/v3/pay/transactions/jsapi', { method: 'POST', body, headers: { Authorization: authorization, 'Content-Type': 'application/json', Accept: 'application/json' } });
   * ```
   */
  authorization(options: V3AuthorizationOptions): Promise<string>;
  /**
   * Verifies a signature over `TIMESTAMP\nNONCE\nBODY\n` with the key of `serial`, within `maxSkew`: `true`, or throws SIGN_MISMATCH / SERIAL_UNKNOWN / TIMESTAMP_SKEW.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const verifier: ReturnType<typeof v3.createVerifier>;
   * declare const body: string;
   * await v3.verify({ verifier, timestamp: '1554209980', nonce: 'c5ac7061fccab6bf3e254dcf98995b8c', body, signature: 'CtcbzwtQjN8…', serial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1' });
   * ```
   */
  verify(options: V3VerifyOptions): Promise<true>;
  /**
   * Verifies a response from its `Wechatpay-*` headers and exact body (HEADER_INVALID, SIGNTEST_PROBE, SERIAL_UNKNOWN, TIMESTAMP_SKEW, SIGN_MISMATCH).
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const verifier: ReturnType<typeof v3.createVerifier>;
   * const response = await fetch('https://api.mch.weixin.qq.com/v3/certificates');
   * const body = await response.text(); // the exact raw text, never re-serialized JSON
   * await v3.verifyResponse({ verifier, headers: response.headers, body }); // SIGN_MISMATCH, SERIAL_UNKNOWN, TIMESTAMP_SKEW, HEADER_INVALID
   * ```
   */
  verifyResponse(options: V3VerifyResponseOptions): Promise<true>;
  /**
   * Verifies a notification (headers, exact body) and decrypts its resource: the event with `resource` parsed.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const verifier: ReturnType<typeof v3.createVerifier>;
   * declare const request: Request;
   * const event = await v3.parseNotification<{ out_trade_no: string }>({ verifier, headers: request.headers, body: await request.text(), apiV3Key: '0123456789abcdef0123456789abcdef' });
   * console.log(event.event_type, event.resource.out_trade_no);
   * ```
   */
  parseNotification<R = Record<string, unknown>>(options: V3ParseNotificationOptions): Promise<V3Notification<R>>;
  /**
   * The `wx.requestPayment` parameters of a prepay id with `paySign` (SHA256withRSA); timeStamp and nonceStr generated unless given.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const privateKey: Awaited<ReturnType<typeof v3.importPrivateKey>>;
   * const requestPayment = await v3.jsapiPayParams('wxd678efh567hg6787', 'wx201410272009395522657a690389285100', privateKey);
   * // wx.requestPayment({ ...requestPayment }) in the mini program
   * ```
   */
  jsapiPayParams(appId: string, prepayId: string, privateKey: V3PrivateKey | string, timeStamp?: string | number, nonceStr?: string): Promise<V3JsapiPayParams>;
  /**
   * The App SDK parameters of a prepay id with `sign` (SHA256withRSA).
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const privateKey: Awaited<ReturnType<typeof v3.importPrivateKey>>;
   * const forTheApp = await v3.appPayParams('wxd678efh567hg6787', '1900000109', 'WX1217752501201407033233368018', privateKey);
   * ```
   */
  appPayParams(appId: string, partnerId: string, prepayId: string, privateKey: V3PrivateKey | string, timestamp?: string | number, nonceStr?: string): Promise<V3AppPayParams>;
  /**
   * Encrypts a sensitive field (name, phone, ID number) for WeChat Pay with RSA-OAEP (SHA-1), base64.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const platformCertPem: string;
   * const name = await v3.encryptSensitive('张三', platformCertPem); // RSA-OAEP; send Wechatpay-Serial: the certificate's serial
   * ```
   */
  encryptSensitive(plaintext: string, publicKey: V3PublicKey | string): Promise<string>;
  /**
   * Decrypts a sensitive field WeChat Pay encrypted with the merchant public key (RSA-OAEP).
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const privateKeyPem: string, ciphertext: string;
   * const name = await v3.decryptSensitive(ciphertext, privateKeyPem);
   * ```
   */
  decryptSensitive(ciphertext: string, privateKey: V3PrivateKey | string): Promise<string>;

  /**
   * Pure-wasm twins: synchronous, no WebCrypto.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const pem: string;
   * const authorization = v3.authorizationSync({ mchId: '1900000001', serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', privateKey: pem, method: 'GET', url: '/v3/certificates' });
   * ```
   */
  authorizationSync(options: V3AuthorizationOptions): string;
  /**
   * As `verify`, synchronously in wasm.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const verifier: ReturnType<typeof v3.createVerifier>;
   * declare const body: string, signature: string;
   * v3.verifySync({ verifier, timestamp: 1554209980, nonce: 'c5ac7061fccab6bf3e254dcf98995b8c', body, signature, serial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1' });
   * ```
   */
  verifySync(options: V3VerifyOptions): true;
  /**
   * As `verifyResponse`, synchronously in wasm.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const verifier: ReturnType<typeof v3.createVerifier>;
   * declare const headers: Record<string, string>, body: string;
   * v3.verifyResponseSync({ verifier, headers, body, maxSkew: 300 });
   * ```
   */
  verifyResponseSync(options: V3VerifyResponseOptions): true;
  /**
   * As `parseNotification`, synchronously in wasm.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const verifier: ReturnType<typeof v3.createVerifier>;
   * declare const headers: Record<string, string>, body: string;
   * const event = v3.parseNotificationSync({ verifier, headers, body, apiV3Key: '0123456789abcdef0123456789abcdef' });
   * ```
   */
  parseNotificationSync<R = Record<string, unknown>>(options: V3ParseNotificationOptions): V3Notification<R>;
  /**
   * As `jsapiPayParams`, synchronously in wasm.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const pem: string;
   * const { paySign } = v3.jsapiPayParamsSync('wxd678efh567hg6787', 'wx201410272009395522657a690389285100', pem);
   * ```
   */
  jsapiPayParamsSync(appId: string, prepayId: string, privateKey: V3PrivateKey | string, timeStamp?: string | number, nonceStr?: string): V3JsapiPayParams;
  /**
   * As `appPayParams`, synchronously in wasm.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const pem: string;
   * const { sign } = v3.appPayParamsSync('wxd678efh567hg6787', '1900000109', 'WX1217752501201407033233368018', pem);
   * ```
   */
  appPayParamsSync(appId: string, partnerId: string, prepayId: string, privateKey: V3PrivateKey | string, timestamp?: string | number, nonceStr?: string): V3AppPayParams;
  /**
   * As `encryptSensitive`, synchronously in wasm.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const platformCertPem: string;
   * const encrypted = v3.encryptSensitiveSync('13900000000', platformCertPem);
   * ```
   */
  encryptSensitiveSync(plaintext: string, publicKey: V3PublicKey | string): string;
  /**
   * As `decryptSensitive`, synchronously in wasm.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const privateKeyPem: string, ciphertext: string;
   * const plaintext = v3.decryptSensitiveSync(ciphertext, privateKeyPem);
   * ```
   */
  decryptSensitiveSync(ciphertext: string, privateKey: V3PrivateKey | string): string;
  /**
   * Why a request's Authorization fails (see V3Diagnosis). Never throws for malformed input.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const privateKeyPem: string, authorization: string, body: string;
   * const d = v3.diagnoseRequest({ method: 'POST', url: '/v3/pay/transactions/jsapi', body, authorization, privateKey: privateKeyPem, serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1' });
   * for (const f of d.findings) console.log(f.severity, f.code, f.message);
   * ```
   */
  diagnoseRequest(options: V3DiagnoseRequestOptions): V3Diagnosis;
  /**
   * Why a response or notification does not verify (see V3Diagnosis). Never throws for malformed input.
   * @example
   * ```ts
   * import { v3 } from 'wechatpay-wasm';
   * declare const verifier: ReturnType<typeof v3.createVerifier>;
   * declare const headers: Record<string, string>, body: string;
   * const d = v3.diagnoseVerification({ headers, body, verifier, apiV3Key: '0123456789abcdef0123456789abcdef' });
   * console.log(d.ok, d.summary);
   * ```
   */
  diagnoseVerification(options: V3DiagnoseVerificationOptions): V3Diagnosis;
  /**
   * Every finding code of the two diagnoses.
   * @example
   * ```ts
   * import { v3, explainFinding } from 'wechatpay-wasm';
   * for (const code of v3.diagnosisCodes()) console.log(code, explainFinding(code)?.en);
   * ```
   */
  diagnosisCodes(): V3FindingCode[];
};

// ---- Alipay ---------------------------------------------------------------------------------

/** An RSA key handle parsed once (`alipay.importPrivateKey` / `alipay.importPublicKey`, or a `v3.import…` handle). */
export interface AlipayKeyHandle {
  readonly bits: number;
  free(): void;
}
/** PEM, the bare base64 Alipay's key tool shows, or a parsed handle. */
export type AlipayKey = string | AlipayKeyHandle;
export type AlipaySignType = 'RSA2' | 'RSA';
/** Field maps: also URLSearchParams / FormData entries, or a form-urlencoded string; object values are JSON-encoded. */
export type AlipayParams = Record<string, FieldValue | object> | Map<string, FieldValue | object> | Iterable<[string, FieldValue | object]> | string;

export declare const alipay: {
  /**
   * Sorted non-empty fields without `sign`, `k=v` joined by `&`, values verbatim.
   * @example
   * ```ts
   * import { alipay } from 'wechatpay-wasm';
   * const text = alipay.stringToSign({ app_id: '2014072300007148', method: 'alipay.trade.query', sign: 'ignored' });
   * // 'app_id=2014072300007148&method=alipay.trade.query'
   * ```
   */
  stringToSign(params: AlipayParams): string;
  /**
   * As stringToSign, also without `sign_type` (what a notification's sign covers).
   * @example
   * ```ts
   * import { alipay } from 'wechatpay-wasm';
   * declare const form: string; // the POSTed application/x-www-form-urlencoded body
   * const signed = alipay.notificationStringToSign(form); // without sign and sign_type
   * ```
   */
  notificationStringToSign(params: AlipayParams): string;
  /**
   * Base64 sign with the app private key; RSA2 = SHA256withRSA, RSA = legacy SHA1withRSA.
   * @example
   * ```ts
   * import { alipay } from 'wechatpay-wasm';
   * declare const appPrivateKey: string; // PEM, or the bare base64 of Alipay's key tool
   * const sign = alipay.sign({ app_id: '2014072300007148', method: 'alipay.trade.query', charset: 'utf-8', timestamp: alipay.timestamp(), version: '1.0' }, appPrivateKey);
   * ```
   */
  sign(params: AlipayParams, appPrivateKey: AlipayKey, signType?: AlipaySignType): string;
  /**
   * Sorted fields then `sign`, each name and value encodeURIComponent-encoded.
   * @example
   * ```ts
   * import { alipay } from 'wechatpay-wasm';
   * declare const appPrivateKey: string;
   * const orderString = alipay.signedQuery({ app_id: '2014072300007148', method: 'alipay.trade.app.pay', biz_content: { out_trade_no: 'T1', total_amount: '0.01', subject: 'QQ公仔' } }, appPrivateKey);
   * ```
   */
  signedQuery(params: AlipayParams, appPrivateKey: AlipayKey, signType?: AlipaySignType): string;
  /**
   * true, or throws WechatPayError SIGN_MISSING / SIGN_MISMATCH / SIGN_TYPE_UNSUPPORTED.
   * @example
   * ```ts
   * import { alipay, WechatPayError } from 'wechatpay-wasm';
   * declare const request: Request, alipayPublicKey: string;
   * const form = new URLSearchParams(await request.text());
   * try {
   *   alipay.verifyNotification(form, alipayPublicKey);
   * } catch (e) {
   *   if (e instanceof WechatPayError) console.log(e.code); // SIGN_MISSING, SIGN_MISMATCH, SIGN_TYPE_UNSUPPORTED
   * }
   * ```
   */
  verifyNotification(params: AlipayParams, alipayPublicKey: AlipayKey): true;
  /**
   * Verifies the raw body's `<method>_response` (or `error_response`) node and returns it parsed.
   * @example
   * ```ts
   * import { alipay } from 'wechatpay-wasm';
   * declare const body: string, alipayPublicKey: string;
   * const result = alipay.verifyResponse<{ code: string; trade_status?: string }>(body, 'alipay.trade.query', alipayPublicKey);
   * console.log(result.code, result.trade_status);
   * ```
   */
  verifyResponse<R = Record<string, unknown>>(body: string, method: string, alipayPublicKey: AlipayKey, signType?: AlipaySignType): R;
  /**
   * Parses the app private key (PEM or the bare base64 of Alipay's key tool) once into a handle.
   * @example
   * ```ts
   * import { alipay } from 'wechatpay-wasm';
   * declare const base64Key: string;
   * const key = alipay.importPrivateKey(base64Key); // parse once, sign many times
   * const sign = alipay.sign({ app_id: '2014072300007148' }, key);
   * ```
   */
  importPrivateKey(pemOrBase64: string): AlipayKeyHandle;
  /**
   * Parses the Alipay public key (PEM or bare base64) once into a handle.
   * @example
   * ```ts
   * import { alipay } from 'wechatpay-wasm';
   * declare const alipayPublicKeyBase64: string;
   * const alipayPublicKey = alipay.importPublicKey(alipayPublicKeyBase64);
   * console.log(alipayPublicKey.bits); // 2048
   * ```
   */
  importPublicKey(pemOrBase64: string): AlipayKeyHandle;
  /**
   * `yyyy-MM-dd HH:mm:ss` in Beijing time (UTC+8).
   * @example
   * ```ts
   * import { alipay } from 'wechatpay-wasm';
   * console.log(alipay.timestamp(new Date('2026-12-02T04:00:00Z'))); // '2026-12-02 12:00:00' (Beijing time)
   * ```
   */
  timestamp(date?: Date | number): string;
  /**
   * Certificate mode: `app_cert_sn` / `alipay_cert_sn` of a certificate file's first certificate,
   * `md5(issuer DN + decimal serial)` as alipay-sdk computes it. Throws KEY_INVALID.
   * @example
   * ```ts
   * import { alipay } from 'wechatpay-wasm';
   * declare const appCertPem: string; // appCertPublicKey_<appid>.crt
   * const appCertSn: string = alipay.certSn(appCertPem);
   * ```
   */
  certSn(pem: string | Uint8Array): string;
  /**
   * `alipay_root_cert_sn`: the SNs of the root bundle's RSA-signed certificates joined with `_`.
   * Throws ALIPAY_CERT_NO_RSA when it has none, KEY_INVALID.
   * @example
   * ```ts
   * import { alipay } from 'wechatpay-wasm';
   * declare const rootPem: string; // alipayRootCert.crt
   * const rootSn: string = alipay.rootCertSn(rootPem);
   * ```
   */
  rootCertSn(pem: string | Uint8Array): string;
  /**
   * Content encryption (encrypt_type=AES): AES-CBC, zero IV, PKCS#7, base64, under the base64 key
   * the open platform shows. An object is JSON-encoded first.
   * @example
   * ```ts
   * import { alipay } from 'wechatpay-wasm';
   * const ciphertext: string = alipay.aesEncrypt({ out_trade_no: 'T1' }, 'aa4BtZ4tspm2wnXLb1ThQA==');
   * ```
   */
  aesEncrypt(plaintext: string | object, key: string): string;
  /**
   * Decrypts content-encryption ciphertext to text. DECRYPT_FAILED, BASE64_INVALID, KEY_INVALID.
   * @example
   * ```ts
   * import { alipay } from 'wechatpay-wasm';
   * declare const ciphertext: string;
   * const json = JSON.parse(alipay.aesDecrypt(ciphertext, 'aa4BtZ4tspm2wnXLb1ThQA=='));
   * ```
   */
  aesDecrypt(ciphertext: string, key: string): string;
  /** OpenAPI v3: the authorization header and response verification. */
  v3: AlipayV3;
};

/**
 * What an Alipay OpenAPI v3 request signature is made of. `timestamp` is Unix milliseconds;
 * `url` the path and query; `body` the exact text sent.
 * @example
 * ```ts
 * import type { AlipayV3AuthOptions } from 'wechatpay-wasm';
 * const o: AlipayV3AuthOptions = { appId: '2021000000000001', nonce: 'n1', timestamp: Date.now(), method: 'POST', url: '/v3/alipay/trade/query', body: '{"out_trade_no":"T1"}' };
 * ```
 */
export interface AlipayV3AuthOptions {
  appId: string;
  /** Certificate mode only. */
  appCertSn?: string;
  nonce: string;
  timestamp: string | number;
  method: string;
  url: string;
  body?: string;
  appAuthToken?: string;
}

/**
 * The inputs of an Alipay v3 response verification: its headers (`alipay-timestamp`,
 * `alipay-nonce`, `alipay-signature`, `alipay-sn`) and exact body text.
 * @example
 * ```ts
 * import type { AlipayV3VerifyOptions } from 'wechatpay-wasm';
 * declare const res: Response;
 * const o: AlipayV3VerifyOptions = { headers: res.headers, body: await res.text(), maxSkew: 300 };
 * ```
 */
export interface AlipayV3VerifyOptions {
  headers: Headers | Record<string, string | string[] | undefined> | Array<[string, string]>;
  body: string;
  /** Certificate mode: the Alipay certificate's SN; another `alipay-sn` is ALIPAY_CERT_SN_MISMATCH. */
  alipayCertSn?: string;
  /** Unix milliseconds or a Date (default: now). */
  now?: number | Date;
  /** Seconds (default 300). */
  maxSkew?: number;
}

/**
 * Alipay OpenAPI v3 signatures (`alipay.v3`).
 * @example
 * ```ts
 * import { alipay } from 'wechatpay-wasm';
 * declare const appPrivateKey: string, alipayPublicKey: string, res: Response;
 * const authorization = alipay.v3.authorization({ appId: '2021000000000001', nonce: 'n1', timestamp: Date.now(), method: 'GET', url: '/v3/alipay/trade/query?out_trade_no=T1' }, appPrivateKey);
 * alipay.v3.verifyResponse({ headers: res.headers, body: await res.text() }, alipayPublicKey);
 * ```
 */
export interface AlipayV3 {
  /** `{auth string}\n{METHOD}\n{url}\n{body}\n[{appAuthToken}\n]`. */
  signContent(options: AlipayV3AuthOptions): string;
  /** `ALIPAY-SHA256withRSA app_id=…[,app_cert_sn=…],nonce=…,timestamp=…,sign=…`. */
  authorization(options: AlipayV3AuthOptions, appPrivateKey: AlipayKey): string;
  /** true, or throws SIGN_MISSING, SIGN_MISMATCH, TIMESTAMP_SKEW, HEADER_INVALID, ALIPAY_CERT_SN_MISMATCH. */
  verifyResponse(options: AlipayV3VerifyOptions, alipayPublicKeyOrCert: AlipayKey): true;
}

export interface AlipayClientOptions {
  appId: string;
  /** The app private key (应用私钥). */
  privateKey: AlipayKey;
  /** The Alipay public key (支付宝公钥), to verify responses and notifications (public-key mode). */
  alipayPublicKey?: AlipayKey;
  /** Certificate mode (with alipayCert and alipayRootCert): appCertPublicKey_<appid>.crt's text. */
  appCert?: string | Uint8Array;
  /** Certificate mode: alipayCertPublicKey_RSA2.crt's text; its key verifies (instead of alipayPublicKey). */
  alipayCert?: string | Uint8Array;
  /** Certificate mode: alipayRootCert.crt's text. */
  alipayRootCert?: string | Uint8Array;
  /** The content-encryption (接口内容加密) AES key, base64, for calls made with `{ encrypt: true }`. */
  encryptKey?: string;
  /** OpenAPI v3's origin. Default https://openapi.alipay.com */
  v3Endpoint?: string;
  /** OpenAPI v3: the allowed distance of alipay-timestamp from now, in seconds (default 300). */
  maxSkew?: number;
  /** Default https://openapi.alipay.com/gateway.do */
  gateway?: string;
  /** Default: the global fetch. */
  fetch?: (input: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<{ status: number; text(): Promise<string>; headers?: Headers }>;
  signType?: AlipaySignType;
  /** Only 'utf-8'. */
  charset?: string;
  /** The clock for `timestamp` (default: new Date()). */
  now?: () => Date | number;
}

/** Thrown by `execute` for a verified (or unsigned) business failure: `code` is 'ALIPAY_ERROR'. */
export interface AlipayError extends WechatPayError {
  readonly code: 'ALIPAY_ERROR';
  readonly alipayCode: string;
  readonly alipayMsg: string;
  readonly subCode: string;
  readonly subMsg: string;
  readonly method: string;
  /** false when Alipay sent the error without a sign (it could not sign it). */
  readonly verified: boolean;
  readonly response: Record<string, unknown>;
}

/**
 * Per-call options of an Alipay client call.
 * @example
 * ```ts
 * import { createAlipayClient, type AlipayCallOptions } from 'wechatpay-wasm';
 * declare const appPrivateKey: string, alipayPublicKey: string;
 * const client = createAlipayClient({ appId: '2021000000000001', privateKey: appPrivateKey, alipayPublicKey, encryptKey: 'aa4BtZ4tspm2wnXLb1ThQA==' });
 * const options: AlipayCallOptions = { encrypt: true };
 * await client.execute('alipay.trade.query', { out_trade_no: 'T1' }, undefined, options);
 * ```
 */
export interface AlipayCallOptions {
  /** Content encryption (needs the client's encryptKey): biz_content / the v3 body encrypted, the response decrypted. */
  encrypt?: boolean;
  /** OpenAPI v3: app_auth_token when acting for a merchant (signed, and sent as alipay-app-auth-token). */
  appAuthToken?: string;
}

/**
 * What `request` returns: the HTTP status, the verified (and decrypted) JSON body, Alipay's trace id.
 * @example
 * ```ts
 * import { createAlipayClient, type AlipayV3Response } from 'wechatpay-wasm';
 * declare const appPrivateKey: string, alipayPublicKey: string;
 * const client = createAlipayClient({ appId: '2021000000000001', privateKey: appPrivateKey, alipayPublicKey });
 * const res: AlipayV3Response<{ trade_status: string }> = await client.request('POST', '/v3/alipay/trade/query', { out_trade_no: 'T1' });
 * res.data.trade_status;
 * ```
 */
export interface AlipayV3Response<R = Record<string, unknown>> {
  readonly status: number;
  readonly data: R;
  readonly traceId?: string;
}

export interface AlipayClient {
  readonly appId: string;
  /** Certificate mode's SNs; undefined in public-key mode. */
  readonly appCertSn?: string;
  readonly alipayCertSn?: string;
  readonly alipayRootCertSn?: string;
  readonly gateway: string;
  readonly signType: AlipaySignType;
  /**
   * The common parameters, biz_content (JSON) and extraParams, with `sign`.
   * @example
   * ```ts
   * import { createAlipayClient } from 'wechatpay-wasm';
   * declare const appPrivateKey: string, alipayPublicKey: string;
   * const client = createAlipayClient({ appId: '2014072300007148', privateKey: appPrivateKey, alipayPublicKey });
   * const params = client.signedParams('alipay.trade.query', { out_trade_no: 'T1' });
   * console.log(params.sign);
   * ```
   */
  signedParams(method: string, bizContent?: object | string | null, extraParams?: AlipayParams, options?: AlipayCallOptions): Record<string, string>;
  /**
   * Signs, POSTs, verifies; returns the response node or throws WechatPayError (ALIPAY_ERROR, SIGN_MISMATCH, ALIPAY_CERT_SN_MISMATCH, HTTP_ERROR, NETWORK_ERROR…).
   * @example
   * ```ts
   * import { createAlipayClient, WechatPayError, type AlipayError } from 'wechatpay-wasm';
   * declare const appPrivateKey: string, alipayPublicKey: string;
   * const client = createAlipayClient({ appId: '2014072300007148', privateKey: appPrivateKey, alipayPublicKey });
   * try {
   *   await client.execute('alipay.trade.refund', { out_trade_no: 'T1', refund_amount: '0.01' });
   * } catch (e) {
   *   if (e instanceof WechatPayError && e.code === 'ALIPAY_ERROR') console.log((e as AlipayError).subCode);
   * }
   * ```
   */
  execute<R = Record<string, unknown>>(method: string, bizContent?: object | string | null, extraParams?: AlipayParams, options?: AlipayCallOptions): Promise<R>;
  /**
   * The signed query string (App order string for alipay.trade.app.pay). No network.
   * @example
   * ```ts
   * import { createAlipayClient } from 'wechatpay-wasm';
   * declare const appPrivateKey: string, alipayPublicKey: string;
   * const client = createAlipayClient({ appId: '2014072300007148', privateKey: appPrivateKey, alipayPublicKey });
   * const orderString = client.sdkExecute('alipay.trade.app.pay', { out_trade_no: 'T1', total_amount: '0.01', subject: 'QQ公仔' });
   * // hand orderString to the Alipay SDK in the app
   * ```
   */
  sdkExecute(method: string, bizContent?: object | string | null, extraParams?: AlipayParams, options?: AlipayCallOptions): string;
  /**
   * The gateway URL with the signed query, for a redirect (alipay.trade.page.pay / wap.pay). No network.
   * @example
   * ```ts
   * import { createAlipayClient } from 'wechatpay-wasm';
   * declare const appPrivateKey: string, alipayPublicKey: string;
   * const client = createAlipayClient({ appId: '2014072300007148', privateKey: appPrivateKey, alipayPublicKey });
   * const url = client.pageExecute('alipay.trade.page.pay', { out_trade_no: 'T1', total_amount: '0.01', subject: 'QQ公仔', product_code: 'FAST_INSTANT_TRADE_PAY' });
   * // Response.redirect(url)
   * ```
   */
  pageExecute(method: string, bizContent?: object | string | null, extraParams?: AlipayParams, options?: AlipayCallOptions): string;
  /**
   * Verifies an asynchronous notification (form fields or the urlencoded body) with the Alipay public key.
   * @example
   * ```ts
   * import { createAlipayClient } from 'wechatpay-wasm';
   * declare const appPrivateKey: string, alipayPublicKey: string;
   * const client = createAlipayClient({ appId: '2014072300007148', privateKey: appPrivateKey, alipayPublicKey });
   * declare const request: Request;
   * client.verifyNotification(await request.text()); // true, or throws SIGN_MISMATCH
   * ```
   */
  verifyNotification(params: AlipayParams): true;
  /**
   * Verifies a raw gateway response body for `method` and returns its response node.
   * @example
   * ```ts
   * import { createAlipayClient } from 'wechatpay-wasm';
   * declare const appPrivateKey: string, alipayPublicKey: string;
   * const client = createAlipayClient({ appId: '2014072300007148', privateKey: appPrivateKey, alipayPublicKey });
   * declare const body: string;
   * const result = client.verifyResponse<{ code: string }>(body, 'alipay.trade.query');
   * ```
   */
  verifyResponse<R = Record<string, unknown>>(body: string, method: string): R;
  /**
   * Decrypts content encrypted with the client's encryptKey (a notification's biz_content, …).
   * @example
   * ```ts
   * import { createAlipayClient } from 'wechatpay-wasm';
   * declare const appPrivateKey: string, alipayPublicKey: string, fields: Record<string, string>;
   * const client = createAlipayClient({ appId: '2021000000000001', privateKey: appPrivateKey, alipayPublicKey, encryptKey: 'aa4BtZ4tspm2wnXLb1ThQA==' });
   * client.verifyNotification(fields);
   * const content = JSON.parse(client.decrypt(fields.biz_content));
   * ```
   */
  decrypt(ciphertext: string): string;
  /**
   * OpenAPI v3: signs (authorization header), sends `body` as JSON to v3Endpoint + path, verifies
   * the response (alipay-signature, timestamp window, alipay-sn). Throws ALIPAY_ERROR for HTTP
   * 4xx/5xx (alipayCode, alipayMsg, status, verified), SIGN_MISSING, SIGN_MISMATCH, TIMESTAMP_SKEW,
   * HEADER_INVALID, ALIPAY_CERT_SN_MISMATCH, NETWORK_ERROR, JSON_INVALID.
   * @example
   * ```ts
   * import { createAlipayClient } from 'wechatpay-wasm';
   * declare const appPrivateKey: string, appCert: string, alipayCert: string, alipayRootCert: string;
   * const client = createAlipayClient({ appId: '2021000000000001', privateKey: appPrivateKey, appCert, alipayCert, alipayRootCert });
   * const { data } = await client.request('POST', '/v3/alipay/trade/query', { out_trade_no: 'T1' });
   * ```
   */
  request<R = Record<string, unknown>>(method: string, path: string, body?: object | string | null, options?: AlipayCallOptions): Promise<AlipayV3Response<R>>;
}

/**
 * An Alipay OpenAPI client: signs requests (RSA2 by default), calls the gateway, verifies responses.
 * @example
 * ```ts
 * import { createAlipayClient } from 'wechatpay-wasm';
 * declare const appPrivateKey: string, alipayPublicKey: string;
 * const client = createAlipayClient({ appId: '2014072300007148', privateKey: appPrivateKey, alipayPublicKey });
 * const trade = await client.execute<{ trade_status: string }>('alipay.trade.query', { out_trade_no: 'T1' });
 * console.log(trade.trade_status);
 * ```
 */
export declare function createAlipayClient(options: AlipayClientOptions): AlipayClient;

// ---- API v3 signature diagnosis ------------------------------------------------------------

export type V3FindingCode =
  | 'AUTH_MISSING' | 'AUTH_SCHEME' | 'AUTH_WHITESPACE' | 'AUTH_SEPARATOR' | 'AUTH_UNQUOTED' | 'AUTH_FIELD_MISSING'
  | 'AUTH_FIELD_UNKNOWN' | 'AUTH_FIELD_DUPLICATE' | 'AUTH_TIMESTAMP_FORMAT' | 'AUTH_SIGNATURE_BASE64' | 'TIMESTAMP_MILLISECONDS'
  | 'SERIAL_CASE' | 'SERIAL_LEADING_ZERO' | 'SERIAL_PLATFORM' | 'SERIAL_MISMATCH' | 'SERIAL_FORMAT'
  | 'PRIVATE_KEY_INVALID' | 'CERTIFICATE_INVALID' | 'CERTIFICATE_NO_SERIAL' | 'KEY_PAIR_MISMATCH'
  | 'CERTIFICATE_EXPIRED' | 'CERTIFICATE_NOT_YET_VALID' | 'TIMESTAMP_SKEW' | 'SIGNATURE_UNCHECKED' | 'SIGNATURE_MISMATCH' | 'VARIANTS_SKIPPED'
  | 'URL_QUERY_DROPPED' | 'URL_WITH_HOST' | 'QUERY_DECODED' | 'QUERY_ENCODED' | 'BODY_RESERIALIZED' | 'BODY_PRETTY' | 'BODY_ESCAPES'
  | 'BODY_TRAILING_NEWLINE' | 'BODY_LINE_ENDINGS' | 'BODY_OMITTED' | 'BODY_FOR_GET' | 'FINAL_NEWLINE_MISSING' | 'METHOD_LOWERCASE'
  | 'CRLF_LINE_ENDINGS' | 'TIMESTAMP_OTHER_ATTEMPT' | 'NONCE_OTHER_ATTEMPT' | 'MCHID_MISMATCH' | 'BODY_JSON_INVALID'
  | 'BODY_NOT_SENT' | 'SENT_MESSAGE_DIFFERS' | 'WECHATPAY_ERROR_UNREADABLE'
  | 'HEADER_MISSING' | 'HEADER_TIMESTAMP_FORMAT' | 'HEADER_SIGNATURE_BASE64' | 'SIGNTEST_PROBE' | 'SERIAL_UNKNOWN'
  | 'SERIAL_IS_PUBLIC_KEY_ID' | 'SERIAL_IS_CERTIFICATE' | 'BODY_REFORMATTED' | 'BODY_CHARSET' | 'BODY_OBJECT' | 'BODY_EMPTY'
  | 'NOTIFICATION_JSON_INVALID' | 'RESOURCE_ALGORITHM' | 'RESOURCE_NONCE' | 'RESOURCE_CIPHERTEXT' | 'APIV3_KEY_LENGTH'
  | 'APIV3_KEY_WHITESPACE' | 'APIV3_KEY_WRONG' | 'DECRYPT_FAILED';

export interface V3Finding {
  code: V3FindingCode;
  /** The check it belongs to (V3Check.name). */
  check: string;
  severity: 'error' | 'warning' | 'info';
  /** What is wrong and what to do, with the values concerned (never a key). */
  message: string;
  /** For a variant that reproduces the signature: the exact message that was signed. */
  signedMessage?: string;
}

export interface V3Check {
  /** Request: header, serial, key_pair, certificate, signature, timestamp, mchid, received. Verification: headers, probe, serial, certificate, timestamp, signature, body, decrypt. */
  name: string;
  verdict: 'pass' | 'warn' | 'fail' | 'skip';
}

export interface V3Diagnosis {
  /** No finding of severity "error". */
  ok: boolean;
  /** Whether the signature verifies over the message rebuilt from the inputs; null when not checked. */
  verified: boolean | null;
  checks: V3Check[];
  findings: V3Finding[];
  /** The message that should have been signed, rebuilt from the inputs. */
  message: string;
  /** How many variants were verified (bounded). */
  variantsTried: number;
  summary: string;
}

export interface V3DiagnoseRequestOptions {
  method: string;
  /** Path and query, or the absolute URL requested. */
  url: string;
  /** The exact body sent ('' for GET): text or bytes (an object is read as JSON.stringify makes it). */
  body?: string | Uint8Array | ArrayBuffer | Record<string, unknown>;
  /** The Authorization header's value. */
  authorization: string;
  /** The merchant private key: a handle or PEM (a bad PEM is a finding). */
  privateKey?: V3PrivateKey | string | null;
  /** The merchant API certificate (apiclient_cert.pem): a handle or PEM. */
  certificate?: V3PublicKey | string | null;
  /** The merchant certificate's serial, compared with serial_no when no certificate is given. */
  serialNo?: string;
  /** Check the timestamp (and the certificate's validity) as of this time. */
  now?: V3Time;
  /** WeChat Pay platform serials / public key ids you hold: catches one used as serial_no. */
  platformSerials?: string[];
  /** Authorization headers of other attempts (retries) of the same request. */
  otherAttempts?: string[];
  /** WeChat Pay's SIGN_ERROR answer (its body, text or parsed): its sign_information says what WeChat Pay received. */
  wechatpayError?: string | Record<string, unknown>;
}

export interface V3DiagnoseVerificationOptions {
  headers: V3Headers;
  /** The body as your code has it: text, the raw bytes, or (the classic mistake) the parsed object. */
  body: string | Uint8Array | ArrayBuffer | Record<string, unknown>;
  /** WeChat Pay's keys; omitted = none loaded. */
  verifier?: V3Verifier | null;
  /** For a notification: check its resource decrypts. */
  apiV3Key?: string;
  /** Default: the host clock. */
  now?: V3Time;
  /** Seconds; default 300. */
  maxSkew?: number;
}

/** One line of English and Chinese per finding code. */
export declare const V3_FINDINGS: Readonly<Record<V3FindingCode, readonly [en: string, zh: string]>>;
/**
 * The English and Chinese one-liners of a diagnosis finding code (undefined for an unknown code).
 * @example
 * ```ts
 * import { explainFinding } from 'wechatpay-wasm';
 * const text = explainFinding('BODY_RESERIALIZED');
 * console.log(text?.en, text?.zh);
 * ```
 */
export declare function explainFinding(code: string): { en: string; zh: string } | undefined;

/**
 * One line of English and Chinese per `WechatPayError.code` of this package: what it means and
 * the likely fix. WeChat Pay's and Alipay's own codes passed through (`ORDERPAID`, …) are not in it.
 * @example
 * ```ts
 * import { ERROR_TEXTS } from 'wechatpay-wasm';
 * const [en, zh] = ERROR_TEXTS.SIGN_MISMATCH;
 * console.log(`${en}\n${zh}`);
 * ```
 */
export declare const ERROR_TEXTS: Readonly<Record<string, readonly [en: string, zh: string]>>;
/**
 * The English and Chinese explanation of an error code, or undefined for a code that is not the
 * package's own (e.g. WeChat Pay's `ORDERPAID`).
 * @example
 * ```ts
 * import { v2, explainError, WechatPayError } from 'wechatpay-wasm';
 * try {
 *   v2.fromXml('<xml><a>1</a>');
 * } catch (e) {
 *   if (e instanceof WechatPayError) console.error(e.code, explainError(e.code)?.zh ?? e.message);
 * }
 * ```
 */
export declare function explainError(code: string): { en: string; zh: string } | undefined;
/** An opened .p12: the certificate facts, its PEMs and key handles (free them when done). */
export interface P12Contents {
  /** Uppercase hex without leading zero bytes: the API v3 serial_no. */
  readonly serialNo: string;
  /** Unix seconds. */
  readonly notBefore: number;
  readonly notAfter: number;
  readonly certificatePem: string;
  /** PKCS#8 PEM of the private key: never log it. */
  readonly privateKeyPem: string;
  readonly privateKey: V3PrivateKey;
  readonly certificate: V3PublicKey;
}

/**
 * Opens apiclient_cert.p12 (WeChat's tool: RC2-40 / 3DES with a SHA-1 MAC; OpenSSL 3: AES-CBC
 * with PBKDF2 and a SHA-256 MAC). Throws P12_PASSWORD, P12_UNSUPPORTED or P12_INVALID, none of
 * which quotes the bytes or the password.
 *
 * @example
 * ```ts
 * import { openP12 } from 'wechatpay-wasm';
 * import { readFileSync } from 'node:fs';
 * const p12 = openP12(readFileSync('apiclient_cert.p12'), '1900000109');
 * console.log(p12.serialNo, new Date(p12.notAfter * 1000));
 * p12.privateKey.free();
 * ```
 */
export declare function openP12(p12: Uint8Array | ArrayBuffer | string, password: string): P12Contents;

/**
 * Serial number and validity of a PEM certificate (apiclient_cert.pem). KEY_INVALID otherwise.
 *
 * @example
 * ```ts
 * import { certificateInfo } from 'wechatpay-wasm';
 * const { serialNo, notAfter } = certificateInfo('-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----');
 * console.log(serialNo, notAfter);
 * ```
 */
export declare function certificateInfo(pem: string): { serialNo: string; notBefore: number; notAfter: number; bits: number };

/** One row of the API v2 endpoint table that the client's long-tail methods come from. */
export interface V2Endpoint {
  readonly name: string;
  readonly path: string;
  readonly ids: { readonly app?: string; readonly mch: string };
  readonly signType: 'client' | V2SignType;
  /** false: WeChat Pay's response carries no sign by design (a sign that is present is still checked). */
  readonly signed: boolean;
  readonly secure?: boolean;
  readonly dedupe?: string;
  readonly query?: boolean;
  readonly ref?: string;
  readonly defaults?: Readonly<Record<string, string>>;
}

/**
 * The API v2 endpoint table (企业付款, 现金红包, 代金券, 付款码, 合单, …).
 *
 * @example
 * ```ts
 * import { V2_ENDPOINTS } from 'wechatpay-wasm';
 * console.log(V2_ENDPOINTS.filter((e) => !e.signed).map((e) => e.path));
 * ```
 */
export declare const V2_ENDPOINTS: readonly V2Endpoint[];
