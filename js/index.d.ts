// Types of the wechatpay-wasm package (all entries: node, workerd, browser).

/**
 * Every failure: `code` is stable (e.g. SIGN_MISMATCH, XML_INVALID, KEY_INVALID, TIMESTAMP_SKEW,
 * INPUT_TOO_LARGE with `.limit`, XML_TOO_MANY_FIELDS, WASM_TRAP). See README "Error codes".
 */
export declare class WechatPayError extends Error {
  readonly name: 'WechatPayError';
  readonly code: string;
  /** INPUT_TOO_LARGE: the largest accepted length, in UTF-16 code units. */
  readonly limit?: number;
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
  sign(params: Params, key: string, signType?: V2SignType): string;
  stringToSign(params: Params, key: string): StringToSign;
  diagnose(params: Params, key: string, receivedSign?: string | null, signType?: V2SignType | null): V2Diagnosis;
  verify(params: Params, key: string): true;
  toXml(params: Params): string;
  fromXml(xml: string): Fields;
  /** `signType` defaults to the `sign_type` field, else MD5; a `sign_type` field that disagrees with it is INVALID_ARGUMENT. */
  signedXml(params: Params, key: string, signType?: V2SignType): string;
  jsapiPayParams(appId: string, prepayId: string, key: string, signType?: V2SignType, timeStamp?: string | number, nonceStr?: string): V2JsapiPayParams;
  appPayParams(appId: string, partnerId: string, prepayId: string, key: string, signType?: V2SignType, timestamp?: string | number, nonceStr?: string): V2AppPayParams;
  parseNotification(xml: string, key: string): Fields;
  notificationAck(ok?: boolean, message?: string): string;
  decryptRefundNotification(reqInfo: string, key: string): Fields;
  parseRefundNotification(xml: string, key: string): Fields;
  encryptRefundInfo(plaintextXml: string, key: string): string;
};

/** Random [A-Za-z0-9] string (default 32 characters) from crypto.getRandomValues. */
export declare function nonce(length?: number): string;

// ---- Clients, key stores, PlatformKeys, notification handlers -------------------------------

/** A fetch function (the global fetch, a wrapper, or a binding's fetch). */
export type FetchLike = (input: string, init: RequestInit & { dispatcher?: unknown }) => Promise<Response>;

/** Key storage: one small interface; `put` where the store can write. */
export interface KeyStore {
  get(name: string): Promise<string | Uint8Array | undefined>;
  put?(name: string, value: string | Uint8Array): Promise<void>;
  delete?(name: string): Promise<void>;
}
/** In-memory store (one process / isolate). */
export declare function memoryStore(initial?: Record<string, string | Uint8Array> | Map<string, string | Uint8Array>): Required<KeyStore>;
/** Read-only store over `process.env` or a Worker `env` (`env[prefix + name]`); a one-line PEM with literal `\n` is restored. */
export declare function envStore(env: Record<string, unknown>, options?: { prefix?: string }): KeyStore;
/** Workers KV (text values). */
export declare function kvStore(kv: { get(name: string, type: 'text'): Promise<string | null>; put(name: string, value: string): Promise<void>; delete?(name: string): Promise<void> }, options?: { prefix?: string }): Required<KeyStore>;
/** Reads from each store in turn; writes to the first that can. */
export declare function chainStores(...stores: KeyStore[]): KeyStore;
/** The merchant private key `name`, parsed once per store and name (KEY_NOT_FOUND, KEY_INVALID). */
export declare function loadPrivateKey(store: KeyStore, name: string): Promise<V3PrivateKey>;
/** A public key / certificate `name`, parsed once per store and name. */
export declare function loadPublicKey(store: KeyStore, name: string): Promise<V3PublicKey>;
/** Forgets the parsed handles of `store` (after rotating a key). */
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
/** WeChat Pay's verification keys: public key and/or platform certificates, cached and refreshed. */
export declare class PlatformKeys {
  constructor(options: PlatformKeysOptions);
  /** The current verifier, loading or refreshing first when due. */
  verifier(): Promise<V3Verifier>;
  /** Runs fn; on SERIAL_UNKNOWN downloads the certificates once (coalesced, rate-limited) and runs it again. */
  withVerifier<T>(fn: (verifier: V3Verifier) => T | Promise<T>): Promise<T>;
  /** Downloads /v3/certificates now (concurrent calls share one request). Resolves with the ids. */
  refresh(): Promise<string[]>;
  ids(): string[];
  readonly certificates: { serialNo: string; effectiveTime: string; expireTime: string; notAfter: number }[];
  /** How many downloads were made. */
  readonly downloads: number;
  readonly lastError: WechatPayError | null;
  readonly storeName: string;
  /** Unix seconds by the injected clock. */
  now(): number;
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
  /** The merchant API certificate serial. */
  serialNo: string;
  privateKey: string | V3PrivateKey | Promise<V3PrivateKey>;
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
export interface V3Client {
  readonly mchId: string;
  readonly serialNo: string;
  readonly baseUrl: string;
  readonly keys: PlatformKeys | V3Verifier;
  /** Signed request; the verified, parsed body (204 → null). */
  request<R = V3Body>(method: string, path: string, body?: unknown, options?: CallOptions): Promise<R | null>;
  /** Signed request, unverified: `{ status, headers, body, requestId }`. */
  raw(method: string, path: string, body?: unknown, options?: CallOptions): Promise<{ status: number; headers: [string, string][]; body: string; requestId?: string }>;
  jsapiOrder(order: V3Body, options?: CallOptions): Promise<{ prepay_id: string }>;
  nativeOrder(order: V3Body, options?: CallOptions): Promise<{ code_url: string }>;
  appOrder(order: V3Body, options?: CallOptions): Promise<{ prepay_id: string }>;
  h5Order(order: V3Body, options?: CallOptions): Promise<{ h5_url: string }>;
  queryOrder(outTradeNo: string, options?: CallOptions): Promise<V3Body>;
  queryOrderByTransactionId(transactionId: string, options?: CallOptions): Promise<V3Body>;
  closeOrder(outTradeNo: string, options?: CallOptions): Promise<null>;
  refund(refund: V3Body, options?: CallOptions): Promise<V3Body>;
  queryRefund(outRefundNo: string, options?: CallOptions): Promise<V3Body>;
  jsapiPayParams(prepayId: string, options?: { appId?: string; timeStamp?: string | number; nonceStr?: string }): Promise<V3JsapiPayParams>;
  appPayParams(prepayId: string, options?: { appId?: string; timestamp?: string | number; nonceStr?: string }): Promise<V3AppPayParams>;
}
/** Errors: WeChat Pay's code (`SIGN_ERROR`, `PARAM_ERROR`, `ORDER_NOT_EXIST`, …) with `status`, `requestId`, `detail`; or SIGN_MISMATCH, TIMESTAMP_SKEW, SERIAL_UNKNOWN, HEADER_INVALID, NETWORK_ERROR, TIMEOUT, ABORTED, HTTP_ERROR; `attempts` on every error of a call. */
export declare function createV3Client(options: V3ClientOptions): V3Client;

export interface V2ClientOptions extends TransportOptions {
  appId: string;
  mchId: string;
  /** The API v2 key. */
  key: string;
  signType?: V2SignType;
  notifyUrl?: string;
  baseUrl?: string;
  fetch?: FetchLike;
  /** Mutual TLS for /secapi/: a Workers mTLS certificate binding (`env.MY_CERT`) or `{ dispatcher }` (Node: an undici Agent with the merchant certificate). */
  tls?: { fetch: FetchLike; dispatcher?: unknown } | { dispatcher: unknown };
  userAgent?: string;
}
export interface V2Client {
  readonly appId: string;
  readonly mchId: string;
  readonly signType: V2SignType;
  readonly baseUrl: string;
  request(path: string, fields?: Params, options?: CallOptions & { secure?: boolean }): Promise<Fields>;
  unifiedOrder(fields: Params, options?: CallOptions): Promise<Fields>;
  orderQuery(ref: string | { out_trade_no?: string; transaction_id?: string }, options?: CallOptions): Promise<Fields>;
  closeOrder(outTradeNo: string, options?: CallOptions): Promise<Fields>;
  refund(fields: Params, options?: CallOptions): Promise<Fields>;
  refundQuery(ref: string | { out_refund_no?: string; out_trade_no?: string; transaction_id?: string; refund_id?: string }, options?: CallOptions): Promise<Fields>;
  jsapiPayParams(prepayId: string, timeStamp?: string | number, nonceStr?: string): V2JsapiPayParams;
  appPayParams(prepayId: string, timestamp?: string | number, nonceStr?: string): V2AppPayParams;
}
/** Errors: RETURN_FAIL (`returnMsg`), WeChat Pay's err_code (`errCodeDes`), SIGN_MISSING, SIGN_MISMATCH, XML_*, HTTP_ERROR, NETWORK_ERROR, TIMEOUT, ABORTED, TLS_REQUIRED; `attempts` on every error of a call. */
export declare function createV2Client(options: V2ClientOptions): V2Client;

/** Idempotency store: `seen(id)` marks the id and says whether it was already marked. */
export interface ReplayStore {
  seen(id: string): Promise<boolean>;
  delete?(id: string): Promise<void>;
}
export declare function memoryReplayStore(options?: { max?: number; ttl?: number; clock?: () => number }): Required<ReplayStore> & { readonly size: number };
/** The client of a WechatPayReplayStore Durable Object binding. */
export declare function durableReplayStore(namespace: unknown, options?: { name?: string; ttl?: number }): Required<ReplayStore>;
/** A connected node-redis (`createClient()` from "redis", v4+) or ioredis client. */
export type RedisClient = object;
/** Replay store in Redis (SET NX EX; released on onEvent failure); REPLAY_STORE_ERROR when Redis fails or answers garbage. */
export declare function redisReplayStore(client: RedisClient, options?: { prefix?: string; ttl?: number; timeout?: number }): Required<ReplayStore> & { readonly kind: string };
/** Key store in Redis (e.g. for PlatformKeys: certificates shared by every process); STORE_ERROR on failure. */
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
/** Queries the merchant's unpaid orders older than `olderThanMinutes` (default 10), `concurrency` (default 4) at a time. */
export declare function reconcileOrders(client: V3Client | V2Client, orders: Iterable<{ outTradeNo: string; createdAt: Date | number | string }>, options?: {
  olderThanMinutes?: number; concurrency?: number; now?: number; callOptions?: CallOptions;
}): Promise<ReconcileReport>;

/** The Durable Object class: export it from your Worker. */
export declare class WechatPayReplayStore {
  constructor(state: unknown, env: unknown);
  fetch(request: Request): Promise<Response>;
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

export declare function handleV2Notification(input: string | Uint8Array | NotificationInput, options: {
  key: string;
  /** Used when the notification has no sign_type (default MD5). */
  signType?: V2SignType;
  mchId?: string;
  appId?: string;
  replayStore?: ReplayStore | null;
  onEvent?: (event: Fields, info: { type: 'payment' | 'refund'; id: string }) => unknown;
}): Promise<NotificationResult<Fields> & { type?: 'payment' | 'refund' }>;

/** A fetch Response for an ack. */
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
  /** Adds or replaces a key (handle or PEM); a certificate goes under its serial unless `id` is given. Returns the id. */
  add(key: V3PublicKey | string, id?: string): string;
  remove(id: string): boolean;
  has(id: string): boolean;
  ids(): string[];
  readonly size: number;
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
  importPrivateKey(pem: string, options?: V3ImportOptions): Promise<V3PrivateKey>;
  importPrivateKeySync(pem: string, options?: V3ImportOptions): V3PrivateKey;
  importPublicKey(pem: string, options?: V3ImportOptions): Promise<V3PublicKey>;
  importPublicKeySync(pem: string, options?: V3ImportOptions): V3PublicKey;
  /** `new v3.Verifier()`: an empty set of verification keys. */
  Verifier: new () => V3Verifier;
  createVerifier(...keys: (V3PublicKey | string)[]): V3Verifier;

  message(method: string, url: string, timestamp: string | number, nonce: string, body?: string): string;
  responseMessage(timestamp: string | number, nonce: string, body?: string): string;
  /** `appId\ntimeStamp\nnonceStr\npackage\n`: what a JSAPI / mini-program paySign covers. */
  jsapiMessage(appId: string, timeStamp: string | number, nonceStr: string, pkg: string): string;
  /** `appid\ntimestamp\nnoncestr\nprepayid\n`: what an App sign covers. */
  appMessage(appId: string, timestamp: string | number, nonceStr: string, prepayId: string): string;
  decryptResource(resource: V3EncryptedResource, apiV3Key: string): string;
  encryptResource(plaintext: string, apiV3Key: string, options?: { nonce?: string; associated_data?: string; original_type?: string }):
    Required<Pick<V3EncryptedResource, 'algorithm' | 'ciphertext' | 'nonce' | 'associated_data'>> & { original_type?: string };
  decryptCertificates(body: string, apiV3Key: string): V3PlatformCertificate[];

  /** Default path: RSA in WebCrypto where `crypto.subtle` exists, else in wasm. */
  authorization(options: V3AuthorizationOptions): Promise<string>;
  verify(options: V3VerifyOptions): Promise<true>;
  verifyResponse(options: V3VerifyResponseOptions): Promise<true>;
  parseNotification<R = Record<string, unknown>>(options: V3ParseNotificationOptions): Promise<V3Notification<R>>;
  jsapiPayParams(appId: string, prepayId: string, privateKey: V3PrivateKey | string, timeStamp?: string | number, nonceStr?: string): Promise<V3JsapiPayParams>;
  appPayParams(appId: string, partnerId: string, prepayId: string, privateKey: V3PrivateKey | string, timestamp?: string | number, nonceStr?: string): Promise<V3AppPayParams>;
  encryptSensitive(plaintext: string, publicKey: V3PublicKey | string): Promise<string>;
  decryptSensitive(ciphertext: string, privateKey: V3PrivateKey | string): Promise<string>;

  /** Pure-wasm twins: synchronous, no WebCrypto. */
  authorizationSync(options: V3AuthorizationOptions): string;
  verifySync(options: V3VerifyOptions): true;
  verifyResponseSync(options: V3VerifyResponseOptions): true;
  parseNotificationSync<R = Record<string, unknown>>(options: V3ParseNotificationOptions): V3Notification<R>;
  jsapiPayParamsSync(appId: string, prepayId: string, privateKey: V3PrivateKey | string, timeStamp?: string | number, nonceStr?: string): V3JsapiPayParams;
  appPayParamsSync(appId: string, partnerId: string, prepayId: string, privateKey: V3PrivateKey | string, timestamp?: string | number, nonceStr?: string): V3AppPayParams;
  encryptSensitiveSync(plaintext: string, publicKey: V3PublicKey | string): string;
  decryptSensitiveSync(ciphertext: string, privateKey: V3PrivateKey | string): string;
  /** Why a request's Authorization fails (see V3Diagnosis). Never throws for malformed input. */
  diagnoseRequest(options: V3DiagnoseRequestOptions): V3Diagnosis;
  /** Why a response or notification does not verify (see V3Diagnosis). Never throws for malformed input. */
  diagnoseVerification(options: V3DiagnoseVerificationOptions): V3Diagnosis;
  /** Every finding code of the two diagnoses. */
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
  /** Sorted non-empty fields without `sign`, `k=v` joined by `&`, values verbatim. */
  stringToSign(params: AlipayParams): string;
  /** As stringToSign, also without `sign_type` (what a notification's sign covers). */
  notificationStringToSign(params: AlipayParams): string;
  /** Base64 sign with the app private key; RSA2 = SHA256withRSA, RSA = legacy SHA1withRSA. */
  sign(params: AlipayParams, appPrivateKey: AlipayKey, signType?: AlipaySignType): string;
  /** Sorted fields then `sign`, each name and value encodeURIComponent-encoded. */
  signedQuery(params: AlipayParams, appPrivateKey: AlipayKey, signType?: AlipaySignType): string;
  /** true, or throws WechatPayError SIGN_MISSING / SIGN_MISMATCH / SIGN_TYPE_UNSUPPORTED. */
  verifyNotification(params: AlipayParams, alipayPublicKey: AlipayKey): true;
  /** Verifies the raw body's `<method>_response` (or `error_response`) node and returns it parsed. */
  verifyResponse<R = Record<string, unknown>>(body: string, method: string, alipayPublicKey: AlipayKey, signType?: AlipaySignType): R;
  importPrivateKey(pemOrBase64: string): AlipayKeyHandle;
  importPublicKey(pemOrBase64: string): AlipayKeyHandle;
  /** `yyyy-MM-dd HH:mm:ss` in Beijing time (UTC+8). */
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
  /** The common parameters, biz_content (JSON) and extraParams, with `sign`. */
  signedParams(method: string, bizContent?: object | string | null, extraParams?: AlipayParams, options?: AlipayCallOptions): Record<string, string>;
  /** Signs, POSTs, verifies; returns the response node or throws WechatPayError (ALIPAY_ERROR, SIGN_MISMATCH, ALIPAY_CERT_SN_MISMATCH, HTTP_ERROR, NETWORK_ERROR…). */
  execute<R = Record<string, unknown>>(method: string, bizContent?: object | string | null, extraParams?: AlipayParams, options?: AlipayCallOptions): Promise<R>;
  /** The signed query string (App order string for alipay.trade.app.pay). No network. */
  sdkExecute(method: string, bizContent?: object | string | null, extraParams?: AlipayParams, options?: AlipayCallOptions): string;
  /** The gateway URL with the signed query, for a redirect (alipay.trade.page.pay / wap.pay). No network. */
  pageExecute(method: string, bizContent?: object | string | null, extraParams?: AlipayParams, options?: AlipayCallOptions): string;
  verifyNotification(params: AlipayParams): true;
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
export declare function explainFinding(code: string): { en: string; zh: string } | undefined;
