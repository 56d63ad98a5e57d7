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
  /** The key request fields are encrypted with: the public key (public-key mode), else the newest valid certificate. */
  encryptionKey(): Promise<{ id: string; key: V3PublicKey }>;
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
  /** Signed request; the verified, parsed body (204 → null). */
  request<R = V3Body>(method: string, path: string, body?: unknown, options?: V3RequestOptions): Promise<R | null>;
  /** Signed request, unverified: `{ status, headers, body, requestId }`. */
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
  tls?: { fetch: FetchLike; dispatcher?: unknown } | { dispatcher: unknown } | { p12: Uint8Array | ArrayBuffer | string; password?: string; ca?: string } | { cert: string; key: string; ca?: string };
  userAgent?: string;
}
export interface V2Client extends V2BillMethods {
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
};

export interface AlipayClientOptions {
  appId: string;
  /** The app private key (应用私钥). */
  privateKey: AlipayKey;
  /** The Alipay public key (支付宝公钥), to verify responses and notifications. */
  alipayPublicKey?: AlipayKey;
  /** Default https://openapi.alipay.com/gateway.do */
  gateway?: string;
  /** Default: the global fetch. */
  fetch?: (input: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{ status: number; text(): Promise<string> }>;
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

export interface AlipayClient {
  readonly appId: string;
  readonly gateway: string;
  readonly signType: AlipaySignType;
  /** The common parameters, biz_content (JSON) and extraParams, with `sign`. */
  signedParams(method: string, bizContent?: object | string | null, extraParams?: AlipayParams): Record<string, string>;
  /** Signs, POSTs, verifies; returns the response node or throws WechatPayError (ALIPAY_ERROR, SIGN_MISMATCH, HTTP_ERROR, NETWORK_ERROR…). */
  execute<R = Record<string, unknown>>(method: string, bizContent?: object | string | null, extraParams?: AlipayParams): Promise<R>;
  /** The signed query string (App order string for alipay.trade.app.pay). No network. */
  sdkExecute(method: string, bizContent?: object | string | null, extraParams?: AlipayParams): string;
  /** The gateway URL with the signed query, for a redirect (alipay.trade.page.pay / wap.pay). No network. */
  pageExecute(method: string, bizContent?: object | string | null, extraParams?: AlipayParams): string;
  verifyNotification(params: AlipayParams): true;
  verifyResponse<R = Record<string, unknown>>(body: string, method: string): R;
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
