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

export declare const v2: {
  sign(params: Params, key: string, signType?: V2SignType): string;
  stringToSign(params: Params, key: string): StringToSign;
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
