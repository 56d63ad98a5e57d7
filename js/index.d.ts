// Types of the wechatpay-wasm package (all entries: node, workerd, browser).

/** Every failure: `code` is stable (e.g. SIGN_MISMATCH, XML_INVALID, KEY_INVALID, TIMESTAMP_SKEW). */
export declare class WechatPayError extends Error {
  readonly name: 'WechatPayError';
  readonly code: string;
  constructor(code: string, message?: string, extra?: Record<string, unknown>);
}

/** Field values: strings are used verbatim; numbers/booleans as their text; null/undefined omitted. */
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
